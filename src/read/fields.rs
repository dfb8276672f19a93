//! The keys a serde type accepts, read from the type itself: the every-problem reader
//! takes its field lists from here, so a field added to an input type is known to it
//! without a second list to keep.

use serde::de::{self, DeserializeOwned, Visitor};

/// A deserializer that answers nothing but remembers the field list a derived
/// `Deserialize` of a struct hands it (every name and alias).
struct FieldList<'a>(&'a mut &'static [&'static str]);

/// How [`FieldList`] stops a type's `Deserialize` once the list is known: an error that
/// keeps no message, since nobody reads it (the list is asked for on every object read,
/// and a message would be written and thrown away each time).
#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only a struct's field list is read here")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> de::Deserializer<'de> for FieldList<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

/// Every key `T`'s derived `Deserialize` accepts, aliases included; empty for a type
/// that is not read as a struct.
pub(crate) fn of<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // The error is the point: the list is recorded before it is returned.
    let _ = T::deserialize(FieldList(&mut fields));
    fields
}

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn the_lists_are_the_types_own() {
        assert!(of::<crate::Intake>().contains(&"assessed_on"));
        assert!(of::<crate::intake::ConditionEntry>().contains(&"injured_on"));
        assert!(of::<crate::intake::HistoryFields>().contains(&"varicose_veins_at"));
        assert!(of::<u32>().is_empty());
    }
}
