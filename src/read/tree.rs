//! The tree the field-by-field readers walk: a JSON text as nodes that borrow its
//! strings, objects as their pairs in text order. Made only when a text is wrong
//! somewhere, to report every problem at once; far cheaper to build and drop than a
//! `serde_json::Value` (no map and no copy of a key or a word per node).

use std::borrow::Cow;

use serde_json::{Number, Value};

/// A JSON value whose strings borrow from the text they were read from when they can.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Object<'a>),
}

/// An object's pairs in the order given. A key given twice (which the parser reports)
/// holds the last value given, at the place of the first, as `serde_json::Value` does.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Object<'a>(pub(crate) Vec<(Cow<'a, str>, Node<'a>)>);

impl<'a> Object<'a> {
    /// The value of a key.
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether the key is given.
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The pairs in key order, as a `serde_json::Value` lists them: problems found while
    /// walking an object are reported in the same order whichever tree was read.
    pub(crate) fn sorted(&self) -> Vec<(&str, &Node<'a>)> {
        let mut pairs: Vec<(&str, &Node<'a>)> =
            self.0.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        pairs.sort_unstable_by_key(|&(k, _)| k);
        pairs
    }
}

impl<'a> Node<'a> {
    /// Whether the node is `null`.
    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// The node borrowed from a `serde_json::Value` (a door's value, a FHIR response
    /// turned into an intake).
    pub(crate) fn from_value(value: &'a Value) -> Node<'a> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::Str(Cow::Borrowed(s)),
            Value::Array(items) => Node::Array(items.iter().map(Node::from_value).collect()),
            Value::Object(map) => Node::Object(Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Node::from_value(v)))
                    .collect(),
            )),
        }
    }

    /// The node as a `serde_json::Value`, for the few fields read with serde.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::Str(s) => Value::String(s.as_ref().to_owned()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(map) => Value::Object(
                map.0
                    .iter()
                    .map(|(k, v)| (k.as_ref().to_owned(), v.to_value()))
                    .collect(),
            ),
        }
    }

    /// What kind of value this is, in words for a problem's detail (the words
    /// [`type_name`](super::intake::type_name) gives a `serde_json::Value`).
    pub(crate) fn type_name(&self) -> &'static str {
        super::intake::type_name(&match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(_) => Value::from(0),
            Node::Str(_) => Value::String(String::new()),
            Node::Array(_) => Value::Array(Vec::new()),
            Node::Object(_) => Value::Object(serde_json::Map::new()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_and_its_node_are_the_same_json() {
        let value = serde_json::json!({"b": [1, -2, 2.5, null, true], "a": {"x": "y"}});
        assert_eq!(Node::from_value(&value).to_value(), value);
    }

    #[test]
    fn pairs_are_sorted_by_key_for_reporting() {
        let object = Object(vec![
            ("k".into(), Node::Null),
            ("j".into(), Node::Bool(true)),
        ]);
        let keys: Vec<&str> = object.sorted().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["j", "k"]);
        assert_eq!(object.get("j"), Some(&Node::Bool(true)));
        assert!(object.contains_key("k") && !object.contains_key("x"));
    }
}
