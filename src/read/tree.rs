//! The tree the field-by-field readers walk: a JSON text kept flat, as one list of the
//! items of every list and one of the pairs of every object, each container a range of
//! its list, the strings borrowed from the text. Made only when a text is wrong
//! somewhere, to report every problem at once: the whole tree is two allocations, where
//! a tree of nested containers makes and frees one per container (a
//! `serde_json::Value` a map and a copied key or word per node besides).

use std::borrow::Cow;

use serde_json::{Number, Value};

/// A value as the tape keeps it: a container is the range of its entries in the tape's
/// list of items or of pairs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Slot<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'a, str>),
    /// Items `start..end` of [`Tape::items`].
    Array(usize, usize),
    /// Pairs `start..end` of [`Tape::pairs`].
    Object(usize, usize),
}

/// A JSON tree in two flat lists. Each container's entries stand together, in the order
/// given; an object's key given twice (which the parser reports) holds the last value
/// given, at the place of the first, as `serde_json::Value` does.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Tape<'a> {
    pub(crate) items: Vec<Slot<'a>>,
    pub(crate) pairs: Vec<(Cow<'a, str>, Slot<'a>)>,
    pub(crate) root: Option<Slot<'a>>,
}

impl<'a> Tape<'a> {
    /// The tape of a `serde_json::Value` (a door's value, a FHIR response turned into an
    /// intake), its strings borrowed from it: the text's scan, over a value whose keys
    /// are each given once.
    pub(crate) fn from_value(value: &'a Value) -> Tape<'a> {
        // Reading a value already in memory cannot fail (every JSON value is a tree); were
        // it to, the empty tape reads as null, a problem at the top, never as a value.
        super::duplicates::scan::<Slot, _>(value, 0)
            .map_or_else(|_| Tape::default(), |(tape, _)| tape)
    }

    /// A list whose items are all read: they go onto the tape together.
    pub(crate) fn close_array(&mut self, items: impl Iterator<Item = Slot<'a>>) -> Slot<'a> {
        let start = self.items.len();
        self.items.extend(items);
        Slot::Array(start, self.items.len())
    }

    /// An object whose pairs are all read: they go onto the tape together.
    pub(crate) fn close_object(
        &mut self,
        pairs: impl Iterator<Item = (Cow<'a, str>, Slot<'a>)>,
    ) -> Slot<'a> {
        let start = self.pairs.len();
        self.pairs.extend(pairs);
        Slot::Object(start, self.pairs.len())
    }

    /// The whole tree (null for a tape with nothing on it).
    pub(crate) fn root(&self) -> Node<'_> {
        self.root
            .as_ref()
            .map_or(Node::Null, |slot| node(self, slot))
    }
}

/// A value of a [`Tape`], seen where it stands: what the readers match on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node<'t> {
    Null,
    Bool(bool),
    Number(&'t Number),
    Str(&'t str),
    Array(Items<'t>),
    Object(Object<'t>),
}

/// A list's items.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Items<'t> {
    tape: &'t Tape<'t>,
    slots: &'t [Slot<'t>],
}

/// An object's pairs in the order given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Object<'t> {
    tape: &'t Tape<'t>,
    pairs: &'t [(Cow<'t, str>, Slot<'t>)],
}

/// The node a slot of `tape` stands for.
fn node<'t>(tape: &'t Tape<'t>, slot: &'t Slot<'t>) -> Node<'t> {
    match slot {
        Slot::Null => Node::Null,
        Slot::Bool(b) => Node::Bool(*b),
        Slot::Number(n) => Node::Number(n),
        Slot::Str(s) => Node::Str(s),
        // A range the tape did not make (none does) reads as empty rather than panics.
        Slot::Array(start, end) => Node::Array(Items {
            tape,
            slots: tape.items.get(*start..*end).unwrap_or_default(),
        }),
        Slot::Object(start, end) => Node::Object(Object {
            tape,
            pairs: tape.pairs.get(*start..*end).unwrap_or_default(),
        }),
    }
}

impl<'t> Items<'t> {
    /// How many items the list has.
    pub(crate) fn len(self) -> usize {
        self.slots.len()
    }

    /// The items in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = Node<'t>> {
        self.slots.iter().map(move |slot| node(self.tape, slot))
    }
}

impl<'t> Object<'t> {
    /// The value of a key.
    pub(crate) fn get(self, key: &str) -> Option<Node<'t>> {
        (self.pairs.iter())
            .find(|(k, _)| k == key)
            .map(|(_, v)| node(self.tape, v))
    }

    /// Whether the key is given.
    pub(crate) fn contains_key(self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == key)
    }

    /// The keys in the order given.
    pub(crate) fn keys(self) -> impl Iterator<Item = &'t str> {
        self.pairs.iter().map(|(k, _)| k.as_ref())
    }

    /// The pairs in key order, as a `serde_json::Value` lists them: problems found while
    /// walking an object are reported in the same order whichever tree was read.
    pub(crate) fn sorted(self) -> Vec<(&'t str, Node<'t>)> {
        let mut pairs: Vec<(&str, Node<'t>)> = (self.pairs.iter())
            .map(|(k, v)| (k.as_ref(), node(self.tape, v)))
            .collect();
        pairs.sort_unstable_by_key(|&(k, _)| k);
        pairs
    }
}

impl Node<'_> {
    /// Whether the node is `null`.
    pub(crate) fn is_null(self) -> bool {
        matches!(self, Node::Null)
    }

    /// The node as a `serde_json::Value`, for the few fields read with serde.
    pub(crate) fn to_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::Str(s) => Value::String(s.to_owned()),
            Node::Array(items) => Value::Array(items.iter().map(|n| n.to_value()).collect()),
            Node::Object(map) => Value::Object(
                (map.pairs.iter())
                    .map(|(k, v)| (k.as_ref().to_owned(), node(map.tape, v).to_value()))
                    .collect(),
            ),
        }
    }

    /// What kind of value this is, in words for a problem's detail (the words
    /// [`type_name`](super::intake::type_name) gives a `serde_json::Value`).
    pub(crate) fn type_name(self) -> &'static str {
        super::intake::type_name(&match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
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
    fn a_value_and_its_tape_are_the_same_json() {
        let value = serde_json::json!({"b": [1, -2, 2.5, null, true, [[], {}]],
                                       "a": {"x": "y", "z": [{"w": false}]}});
        let tape = Tape::from_value(&value);
        assert_eq!(tape.root().to_value(), value);
        // Each container's entries stand together on the tape.
        assert_eq!(tape.items.len(), 6 + 2 + 1);
        assert_eq!(tape.pairs.len(), 2 + 2 + 1);
    }

    #[test]
    fn pairs_are_sorted_by_key_for_reporting() {
        let value = serde_json::json!({"k": null, "j": true});
        let tape = Tape::from_value(&value);
        let Node::Object(object) = tape.root() else {
            panic!("{tape:?}")
        };
        let keys: Vec<&str> = object.sorted().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["j", "k"]);
        assert!(matches!(object.get("j"), Some(Node::Bool(true))));
        assert!(object.contains_key("k") && !object.contains_key("x"));
    }

    #[test]
    fn an_empty_tape_is_null() {
        assert!(Tape::default().root().is_null());
    }
}
