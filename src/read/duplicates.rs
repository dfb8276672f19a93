//! Reading a JSON text into a tree while noting every key given twice in one object.

use serde_json::{Map, Value};

use super::intake::Reader;
use crate::problem::ProblemKind;

/// Parses a JSON text into a tree, and a reader that already holds a
/// [`DuplicateField`](ProblemKind::DuplicateField) problem for every key given twice
/// in one object. serde_json keeps the last of a repeated key; an intake must not, since
/// `{"pregnant": "yes", ..., "pregnant": "no"}` would then read as "not pregnant".
pub(crate) fn parse(json: &str) -> Result<(Value, Reader), crate::Error> {
    let mut reader = Reader::default();
    let mut path = String::new();
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde::de::DeserializeSeed::deserialize(
        Scan {
            path: &mut path,
            reader: &mut reader,
        },
        &mut de,
    )
    .map_err(crate::Error::json)?;
    de.end().map_err(crate::Error::json)?;
    Ok((value, reader))
}

/// Builds a JSON tree while noting repeated keys, with their paths. The path is one
/// buffer: each level adds its key or index and takes it off again, and a path is copied
/// out only for a problem.
struct Scan<'r> {
    path: &'r mut String,
    reader: &'r mut Reader,
}

impl<'de> serde::de::DeserializeSeed<'de> for Scan<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Scan<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        let at = self.path.len();
        loop {
            self.path.push('[');
            self.path.push_str(itoa::Buffer::new().format(items.len()));
            self.path.push(']');
            let seed = Scan {
                path: &mut *self.path,
                reader: &mut *self.reader,
            };
            let item = seq.next_element_seed(seed);
            self.path.truncate(at);
            match item? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        let at = self.path.len();
        while let Some(key) = map.next_key::<String>()? {
            // As `path_of` joins a path and a key.
            if at > 0 && !self.path.ends_with('.') {
                self.path.push('.');
            }
            self.path.push_str(&key);
            let seed = Scan {
                path: &mut *self.path,
                reader: &mut *self.reader,
            };
            let value = map.next_value_seed(seed);
            if object.contains_key(&key) {
                self.reader.push(
                    self.path.clone(),
                    ProblemKind::DuplicateField,
                    Some(format!("{key:?} is given more than once in one object")),
                );
            }
            self.path.truncate(at);
            object.insert(key, value?);
        }
        Ok(Value::Object(object))
    }
}
