//! Reading a JSON text into a tree while noting every key given twice in one object.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};

use super::intake::Reader;
use super::tree::{Slot, Tape};
use crate::problem::ProblemKind;
use std::vec::Drain;

/// Parses a JSON text into a tree (a [`Tape`] whose strings borrow the text, or a
/// `serde_json::Value`), and a reader that already holds a
/// [`DuplicateField`](ProblemKind::DuplicateField) problem for every key given twice
/// in one object. serde_json keeps the last of a repeated key; an intake must not, since
/// `{"pregnant": "yes", ..., "pregnant": "no"}` would then read as "not pregnant".
pub(crate) fn parse<'de, T: Tree<'de>>(json: &'de str) -> Result<(T::Whole, Reader), crate::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let read = scan::<T, _>(&mut de, json.len()).map_err(crate::Error::json)?;
    de.end().map_err(crate::Error::json)?;
    Ok(read)
}

/// Builds a tree of what `de` holds (`len`, the text's length, sizes the store) and
/// notes each repeated key.
pub(crate) fn scan<'de, T: Tree<'de>, D: serde::Deserializer<'de>>(
    de: D,
    len: usize,
) -> Result<(T::Whole, Reader), D::Error> {
    // Only a text serde could not read comes here, so its problems are to be reported:
    // room for the usual few of them, and for the containers an intake or a request
    // nests, is made at once rather than grown.
    let mut reader = Reader {
        problems: Vec::with_capacity(8),
        dropped: 0,
    };
    let mut path = String::with_capacity(64);
    let (mut pairs, mut items) = (Vec::with_capacity(16), Vec::with_capacity(16));
    let mut store = T::store(len);
    let value = serde::de::DeserializeSeed::deserialize(
        Scan {
            path: &mut path,
            reader: &mut reader,
            pairs: &mut pairs,
            items: &mut items,
            store: &mut store,
        },
        de,
    )?;
    Ok((T::whole(value, store), reader))
}

/// Objects of up to this many keys find a repeated key by looking through them.
const FEW_KEYS: usize = 16;

/// A JSON tree the scan can build.
pub(crate) trait Tree<'de>: Sized {
    /// Where the entries of closed containers are kept while the rest is read.
    type Store;
    /// The tree read, made of its root and the store.
    type Whole;
    /// A store for a text of `len` bytes.
    fn store(len: usize) -> Self::Store;
    fn whole(root: Self, store: Self::Store) -> Self::Whole;
    fn null() -> Self;
    fn bool(b: bool) -> Self;
    fn number(n: Number) -> Self;
    fn string(s: Cow<'de, str>) -> Self;
    fn array(store: &mut Self::Store, items: Drain<'_, Self>) -> Self;
    /// An object of its pairs, each key once, in the order first given.
    fn object(store: &mut Self::Store, pairs: Drain<'_, (Cow<'de, str>, Self)>) -> Self;
}

impl<'de> Tree<'de> for Slot<'de> {
    type Store = Tape<'de>;
    type Whole = Tape<'de>;
    fn store(len: usize) -> Tape<'de> {
        // Room for the pairs of an intake or a request of this length (about twenty
        // bytes of text a pair, and a list item for every two pairs), up to a size past
        // which the lists grow as they must.
        let room = (len / 20).min(256);
        Tape {
            items: Vec::with_capacity(room / 2),
            pairs: Vec::with_capacity(room),
            root: None,
        }
    }
    fn whole(root: Self, mut store: Tape<'de>) -> Tape<'de> {
        store.root = Some(root);
        store
    }
    fn null() -> Self {
        Slot::Null
    }
    fn bool(b: bool) -> Self {
        Slot::Bool(b)
    }
    fn number(n: Number) -> Self {
        Slot::Number(n)
    }
    fn string(s: Cow<'de, str>) -> Self {
        Slot::Str(s)
    }
    fn array(tape: &mut Tape<'de>, items: Drain<'_, Self>) -> Self {
        tape.close_array(items)
    }
    fn object(tape: &mut Tape<'de>, pairs: Drain<'_, (Cow<'de, str>, Self)>) -> Self {
        tape.close_object(pairs)
    }
}

impl<'de> Tree<'de> for Value {
    type Store = ();
    type Whole = Value;
    fn store(_: usize) {}
    fn whole(root: Self, (): ()) -> Value {
        root
    }
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
    fn array((): &mut (), items: Drain<'_, Self>) -> Self {
        Value::Array(items.collect())
    }
    fn object((): &mut (), pairs: Drain<'_, (Cow<'de, str>, Self)>) -> Self {
        Value::Object(
            pairs
                .map(|(k, v)| (k.into_owned(), v))
                .collect::<Map<String, Value>>(),
        )
    }
}

/// Builds a JSON tree while noting repeated keys, with their paths. The path is one
/// buffer: each level adds its key or index and takes it off again, and a path is copied
/// out only for a problem. The pairs and items of the objects and lists being read wait
/// on two stacks shared by every level, and each container is made once, at its size,
/// when it closes: no list grows one push at a time.
struct Scan<'r, 'de, T: Tree<'de>> {
    path: &'r mut String,
    reader: &'r mut Reader,
    pairs: &'r mut Vec<(Cow<'de, str>, T)>,
    items: &'r mut Vec<T>,
    store: &'r mut T::Store,
}

impl<'de, T: Tree<'de>> Scan<'_, 'de, T> {
    /// The same scan one level down.
    fn below(&mut self) -> Scan<'_, 'de, T> {
        Scan {
            path: &mut *self.path,
            reader: &mut *self.reader,
            pairs: &mut *self.pairs,
            items: &mut *self.items,
            store: &mut *self.store,
        }
    }
}

impl<'de, T: Tree<'de>> serde::de::DeserializeSeed<'de> for Scan<'_, 'de, T> {
    type Value = T;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Tree<'de>> serde::de::Visitor<'de> for Scan<'_, 'de, T> {
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

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<T, A::Error> {
        let at = self.path.len();
        let first = self.items.len();
        loop {
            self.path.push('[');
            self.path
                .push_str(itoa::Buffer::new().format(self.items.len() - first));
            self.path.push(']');
            let item = seq.next_element_seed(self.below());
            self.path.truncate(at);
            match item {
                Ok(Some(item)) => self.items.push(item),
                Ok(None) => return Ok(T::array(self.store, self.items.drain(first..))),
                Err(e) => {
                    self.items.truncate(first);
                    return Err(e);
                }
            }
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<T, A::Error> {
        let at = self.path.len();
        let first = self.pairs.len();
        // Past a few keys, where each key first stands is looked up in a map, so that an
        // object of many keys costs no more than its size times a logarithm.
        let mut places: Option<BTreeMap<Cow<'de, str>, usize>> = None;
        let read = (|| {
            while let Some(crate::vocabulary::forms::Text(key)) = map.next_key()? {
                // As `path_of` joins a path and a key.
                if at > 0 && !self.path.ends_with('.') {
                    self.path.push('.');
                }
                self.path.push_str(&key);
                let value = map.next_value_seed(self.below());
                let value = match value {
                    Ok(value) => value,
                    Err(e) => {
                        self.path.truncate(at);
                        return Err(e);
                    }
                };
                // A key given again keeps its first place and takes the last value, as
                // `serde_json::Value` does.
                let open = &self.pairs[first..];
                if places.is_none() && open.len() >= FEW_KEYS {
                    let index = open.iter().enumerate().map(|(i, (k, _))| (k.clone(), i));
                    places = Some(index.collect());
                }
                let place = match &places {
                    Some(places) => places.get(&key).copied(),
                    None => open.iter().position(|(k, _)| *k == key),
                };
                match place {
                    Some(i) => {
                        self.pairs[first + i].1 = value;
                        self.reader.push(
                            self.path.clone(),
                            ProblemKind::DuplicateField,
                            Some(format!("{key:?} is given more than once in one object")),
                        );
                    }
                    None => {
                        if let Some(places) = &mut places {
                            places.insert(key.clone(), open.len());
                        }
                        self.pairs.push((key, value));
                    }
                }
                self.path.truncate(at);
            }
            Ok(())
        })();
        match read {
            Ok(()) => Ok(T::object(self.store, self.pairs.drain(first..))),
            Err(e) => {
                self.pairs.truncate(first);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::tree::Node;

    #[test]
    fn a_repeated_key_is_reported_and_keeps_the_last_value_at_the_first_place() {
        let text = r#"{"k": 1, "j": [{"a": 1, "a": 2}, []], "k": {"x": "y"}}"#;
        let (tape, reader) = parse::<Slot>(text).unwrap();
        let node = tape.root();
        let Node::Object(object) = node else {
            panic!("{node:?}")
        };
        let keys: Vec<&str> = object.keys().collect();
        assert_eq!(keys, ["k", "j"]);
        let paths: Vec<&str> = reader.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["j[0].a", "k"]);
        // The same tree serde_json makes (which keeps the last of a repeated key).
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(node.to_value(), value);
        let (as_value, again) = parse::<Value>(text).unwrap();
        assert_eq!(as_value, value);
        assert_eq!(again.problems, reader.problems);
    }

    #[test]
    fn an_object_of_many_keys_finds_its_repeated_keys_in_a_map() {
        // Past `FEW_KEYS` the first place of a key is looked up, not searched for.
        let mut text = String::from("{");
        for i in 0..40 {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str("\"k3\": \"again\", \"k39\": null, \"end\": true}");
        let (tape, reader) = parse::<Slot>(&text).unwrap();
        let paths: Vec<&str> = reader.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["k3", "k39"]);
        let node = tape.root();
        let Node::Object(object) = node else {
            panic!("{node:?}")
        };
        assert_eq!(object.keys().count(), 41);
        assert!(matches!(object.get("k3"), Some(Node::Str("again"))));
        assert!(matches!(object.get("k39"), Some(Node::Null)));
        assert_eq!(
            node.to_value(),
            serde_json::from_str::<Value>(&text).unwrap()
        );
    }

    #[test]
    fn a_broken_text_is_an_error_whatever_the_tree() {
        for text in [r#"{"a": [1, {"b": }]}"#, "[1, 2", r#"{"a": 1} x"#] {
            assert!(parse::<Slot>(text).is_err(), "{text}");
            assert!(parse::<Value>(text).is_err(), "{text}");
        }
    }
}
