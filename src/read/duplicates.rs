//! Reading a JSON text into a tree while noting every key given twice in one object.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde_json::{Map, Number, Value};

use super::intake::Reader;
use super::tree::{Node, Object};
use crate::problem::ProblemKind;

/// Parses a JSON text into a tree (a [`Node`] that borrows the text's strings, or a
/// `serde_json::Value`), and a reader that already holds a
/// [`DuplicateField`](ProblemKind::DuplicateField) problem for every key given twice
/// in one object. serde_json keeps the last of a repeated key; an intake must not, since
/// `{"pregnant": "yes", ..., "pregnant": "no"}` would then read as "not pregnant".
pub(crate) fn parse<'de, T: Tree<'de>>(json: &'de str) -> Result<(T, Reader), crate::Error> {
    let mut reader = Reader::default();
    let mut path = String::new();
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde::de::DeserializeSeed::deserialize(
        Scan {
            path: &mut path,
            reader: &mut reader,
            tree: PhantomData,
        },
        &mut de,
    )
    .map_err(crate::Error::json)?;
    de.end().map_err(crate::Error::json)?;
    Ok((value, reader))
}

/// A JSON tree the scan can build.
pub(crate) trait Tree<'de>: Sized {
    /// An object being filled.
    type Object: Default;
    fn null() -> Self;
    fn bool(b: bool) -> Self;
    fn number(n: Number) -> Self;
    fn string(s: Cow<'de, str>) -> Self;
    fn array(items: Vec<Self>) -> Self;
    /// Sets a key, the last value given winning; says whether it was given before.
    fn insert(object: &mut Self::Object, key: Cow<'de, str>, value: Self) -> bool;
    fn object(object: Self::Object) -> Self;
}

impl<'de> Tree<'de> for Node<'de> {
    type Object = Object<'de>;
    fn null() -> Self {
        Node::Null
    }
    fn bool(b: bool) -> Self {
        Node::Bool(b)
    }
    fn number(n: Number) -> Self {
        Node::Number(n)
    }
    fn string(s: Cow<'de, str>) -> Self {
        Node::Str(s)
    }
    fn array(items: Vec<Self>) -> Self {
        Node::Array(items)
    }
    fn insert(object: &mut Object<'de>, key: Cow<'de, str>, value: Self) -> bool {
        object.insert(key, value)
    }
    fn object(object: Object<'de>) -> Self {
        Node::Object(object)
    }
}

impl<'de> Tree<'de> for Value {
    type Object = Map<String, Value>;
    fn null() -> Self {
        Value::Null
    }
    fn bool(b: bool) -> Self {
        Value::Bool(b)
    }
    fn number(n: Number) -> Self {
        Value::Number(n)
    }
    fn string(s: Cow<'de, str>) -> Self {
        Value::String(s.into_owned())
    }
    fn array(items: Vec<Self>) -> Self {
        Value::Array(items)
    }
    fn insert(object: &mut Map<String, Value>, key: Cow<'de, str>, value: Self) -> bool {
        object.insert(key.into_owned(), value).is_some()
    }
    fn object(object: Map<String, Value>) -> Self {
        Value::Object(object)
    }
}

/// Builds a JSON tree while noting repeated keys, with their paths. The path is one
/// buffer: each level adds its key or index and takes it off again, and a path is copied
/// out only for a problem.
struct Scan<'r, T> {
    path: &'r mut String,
    reader: &'r mut Reader,
    tree: PhantomData<T>,
}

impl<'de, T: Tree<'de>> serde::de::DeserializeSeed<'de> for Scan<'_, T> {
    type Value = T;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Tree<'de>> serde::de::Visitor<'de> for Scan<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<T, E> {
        Ok(T::bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<T, E> {
        Ok(T::number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<T, E> {
        Ok(T::number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<T, E> {
        // As `serde_json::Value` reads it: a number that is not finite is null.
        Ok(Number::from_f64(v).map_or_else(T::null, T::number))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<T, E> {
        Ok(T::string(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<T, E> {
        Ok(T::string(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<T, E> {
        Ok(T::string(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<T, E> {
        Ok(T::null())
    }

    fn visit_none<E>(self) -> Result<T, E> {
        Ok(T::null())
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut items = Vec::new();
        let at = self.path.len();
        loop {
            self.path.push('[');
            self.path.push_str(itoa::Buffer::new().format(items.len()));
            self.path.push(']');
            let seed = Scan {
                path: &mut *self.path,
                reader: &mut *self.reader,
                tree: PhantomData,
            };
            let item = seq.next_element_seed(seed);
            self.path.truncate(at);
            match item? {
                Some(item) => items.push(item),
                None => return Ok(T::array(items)),
            }
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut object = T::Object::default();
        let at = self.path.len();
        while let Some(crate::vocabulary::forms::Text(key)) = map.next_key()? {
            // As `path_of` joins a path and a key.
            if at > 0 && !self.path.ends_with('.') {
                self.path.push('.');
            }
            self.path.push_str(&key);
            let seed = Scan {
                path: &mut *self.path,
                reader: &mut *self.reader,
                tree: PhantomData,
            };
            let value = map.next_value_seed(seed);
            let (repeated, value) = match value {
                Ok(value) => (T::insert(&mut object, key.clone(), value), Ok(())),
                Err(e) => (false, Err(e)),
            };
            if repeated {
                self.reader.push(
                    self.path.clone(),
                    ProblemKind::DuplicateField,
                    Some(format!("{key:?} is given more than once in one object")),
                );
            }
            self.path.truncate(at);
            value?;
        }
        Ok(T::object(object))
    }
}
