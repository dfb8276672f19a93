//! The forms the crate reads and writes values in, each one type that carries its rule
//! (serde's `with`) and its schema (schemars reads the same `with`), so a field says
//! `#[serde(with = "forms::IsoDate")]` once and gets both.
//!
//! Calendar dates are `YYYY-MM-DD`, nothing more. jiff alone would also take
//! `2026-11-27T10:00` or `20261127`; an input with a time of day, or another form, is
//! refused rather than silently cut to a day.

use std::borrow::Cow;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Answer;

/// A string as the input holds it: borrowed when it can be (serde's own `Cow<str>` always
/// copies), copied only when the input escaped a character or cannot lend its text.
pub(crate) struct Text<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text<'de>;

            // The words serde's `String` uses, so a wrong type reads the same as before.
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }

        d.deserialize_str(Visitor)
    }
}

/// Reads `YYYY-MM-DD` exactly.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(format!(
            "{} is not a calendar date written YYYY-MM-DD",
            crate::limits::quote(text)
        ));
    }
    // The shape is checked: the digits are the date's, and jiff checks the day exists.
    let number = |range: std::ops::Range<usize>| {
        b[range]
            .iter()
            .fold(0i16, |n, d| n * 10 + i16::from(d - b'0'))
    };
    let (year, month, day) = (number(0..4), number(5..7) as i8, number(8..10) as i8);
    Date::new(year, month, day).map_err(|e| format!("{text:?}: {e}"))
}

/// A date read from the string as the input lends it, borrowed or passing, never copied.
struct DateText(Date);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = DateText;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateText, E> {
                parse_date(v).map(DateText).map_err(E::custom)
            }
        }

        d.deserialize_str(Visitor)
    }
}

/// A calendar date, `YYYY-MM-DD`.
pub(crate) struct IsoDate;

/// A date of years 0 to 9999 as the ten bytes `YYYY-MM-DD`, from its digits; jiff's
/// printer writes the same text for these years and is left the others.
pub(crate) fn date_digits(value: &Date) -> Option<[u8; 10]> {
    let year = u16::try_from(value.year()).ok().filter(|y| *y <= 9999)?;
    let mut text = *b"0000-00-00";
    let mut put = |at: usize, width: usize, mut n: u16| {
        for i in (at..at + width).rev() {
            text[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, 4, year);
    put(5, 2, value.month() as u16);
    put(8, 2, value.day() as u16);
    Some(text)
}

/// Writes a date as `YYYY-MM-DD`: from its digits, or by jiff for a year they do not
/// cover (serde would reach jiff's printer through `Display`).
pub(crate) fn write_date<S: Serializer>(value: &Date, s: S) -> Result<S::Ok, S::Error> {
    match date_digits(value) {
        // Every byte is an ASCII digit or '-'.
        Some(text) => s.serialize_str(std::str::from_utf8(&text).unwrap_or_default()),
        None => value.serialize(s),
    }
}

/// A date written as [`write_date`] writes it.
pub(crate) struct Written<'a>(pub(crate) &'a Date);

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_date(self.0, s)
    }
}

impl IsoDate {
    pub(crate) fn serialize<S: Serializer>(value: &Date, s: S) -> Result<S::Ok, S::Error> {
        write_date(value, s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        Ok(DateText::deserialize(d)?.0)
    }
}

/// A calendar date or `null`.
pub(crate) struct MaybeIsoDate;

impl MaybeIsoDate {
    pub(crate) fn serialize<S: Serializer>(value: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(date) => s.serialize_some(&Written(date)),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Ok(<Option<DateText>>::deserialize(d)?.map(|t| t.0))
    }
}

/// A list of calendar dates.
pub(crate) struct IsoDates;

impl IsoDates {
    pub(crate) fn serialize<S: Serializer>(value: &[Date], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(value.iter().map(Written))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
        Ok(<Vec<DateText>>::deserialize(d)?
            .into_iter()
            .map(|t| t.0)
            .collect())
    }
}

/// An answer as intakes accept it: `yes`, `no`, `unknown`, a boolean, or `null`
/// (unknown). It is written as `yes`, `no` or `unknown`.
pub(crate) struct LenientAnswer;

impl LenientAnswer {
    pub(crate) fn serialize<S: Serializer>(value: &Answer, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
        struct Lenient;

        impl serde::de::Visitor<'_> for Lenient {
            type Value = Answer;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("\"yes\", \"no\", \"unknown\", a boolean or null")
            }

            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Answer, E> {
                Ok(Answer::from_bool(value))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Answer, E> {
                super::from_word(value)
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Answer, E> {
                Ok(Answer::Unknown)
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<Answer, E> {
                Ok(Answer::Unknown)
            }
        }

        d.deserialize_any(Lenient)
    }
}

#[cfg(feature = "schema")]
pub(crate) use schemas::{LocalDateTime, TimeOfDay, ZonedTime};

#[cfg(feature = "schema")]
mod schemas {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    use super::{IsoDate, IsoDates, LenientAnswer, MaybeIsoDate};

    impl JsonSchema for IsoDate {
        fn schema_name() -> Cow<'static, str> {
            "Date".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"type": "string", "format": "date",
                          "description": "A civil date, YYYY-MM-DD."})
        }
    }

    /// The schema of a form that reads as another type: `MaybeIsoDate` as
    /// `Option<IsoDate>`, `IsoDates` as `Vec<IsoDate>`, so a schema reads as it did with
    /// that type.
    macro_rules! schema_as {
        ($form:ty, $as:ty) => {
            impl JsonSchema for $form {
                fn inline_schema() -> bool {
                    <$as>::inline_schema()
                }

                fn schema_name() -> Cow<'static, str> {
                    <$as>::schema_name()
                }

                fn schema_id() -> Cow<'static, str> {
                    <$as>::schema_id()
                }

                fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                    <$as>::json_schema(generator)
                }
            }
        };
    }

    schema_as!(MaybeIsoDate, Option<IsoDate>);
    schema_as!(IsoDates, Vec<IsoDate>);

    impl JsonSchema for LenientAnswer {
        fn schema_name() -> Cow<'static, str> {
            "LenientAnswer".into()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let answer = generator.subschema_for::<super::Answer>();
            json_schema!({"anyOf": [answer, {"type": ["boolean", "null"]}],
                          "description": "yes, no or unknown; true, false, or null for unknown."})
        }
    }

    /// A time of day, `HH:MM` or `HH:MM:SS` (the schema only: jiff reads it).
    pub(crate) struct TimeOfDay;

    impl JsonSchema for TimeOfDay {
        fn schema_name() -> Cow<'static, str> {
            "TimeOfDay".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
                          "description": "A time of day, HH:MM (24-hour clock)."})
        }
    }

    /// A local date and time, `YYYY-MM-DDTHH:MM[:SS]`.
    pub(crate) struct LocalDateTime;

    impl JsonSchema for LocalDateTime {
        fn schema_name() -> Cow<'static, str> {
            "LocalDateTime".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"type": "string",
                          "description": "A local date and time in the clinic's zone, YYYY-MM-DDTHH:MM[:SS]."})
        }
    }

    /// A zoned date and time (RFC 9557).
    pub(crate) struct ZonedTime;

    impl JsonSchema for ZonedTime {
        fn schema_name() -> Cow<'static, str> {
            "ZonedTime".into()
        }

        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({"type": "string",
                          "description": "A date and time with its offset and IANA time zone (RFC 9557), e.g. 2027-03-15T09:00:00-04:00[America/New_York]."})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word is read borrowed from the text, copied when the text escaped a character,
    /// and from a value tree; any other type is refused in serde's own words.
    #[test]
    fn words_are_read_borrowed_escaped_or_owned() {
        use crate::vocabulary::BodyRegion;
        let plain: Text = serde_json::from_str("\"neck\"").unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("neck")));
        let escaped: Text = serde_json::from_str("\"ne\\u0063k\"").unwrap();
        assert!(matches!(escaped.0, Cow::Owned(ref s) if s == "neck"));
        let region: BodyRegion = serde_json::from_str("\"ne\\u0063k\"").unwrap();
        assert_eq!(region, BodyRegion::Neck);
        let from_value: BodyRegion = serde_json::from_value(serde_json::json!("neck")).unwrap();
        assert_eq!(from_value, BodyRegion::Neck);
        let wrong = serde_json::from_str::<BodyRegion>("5")
            .unwrap_err()
            .to_string();
        assert!(wrong.contains("expected a string"), "{wrong}");
    }

    /// The digits writer and jiff's printer agree on every year, the ones the digits
    /// write and the ones left to jiff, and each text reads back as its date.
    #[test]
    fn dates_are_written_as_jiff_prints_them() {
        let years = (-9999..=9999)
            .step_by(7)
            .chain([0, 1, 999, 1000, 9998, 9999]);
        for year in years {
            for (month, day) in [(1, 1), (2, 28), (9, 30), (12, 31)] {
                let d = Date::new(year, month, day).unwrap();
                let written = serde_json::to_string(&Written(&d)).unwrap();
                assert_eq!(written, format!("\"{d}\""));
                if (0..=9999).contains(&year) {
                    assert_eq!(parse_date(&d.to_string()), Ok(d));
                }
            }
        }
    }
}
