//! Calendar dates as the crate's JSON writes them and its schemas say: `YYYY-MM-DD`,
//! nothing more. jiff alone would also take `2026-11-27T10:00` or `20261127`; an input
//! with a time of day, or another form, is refused rather than silently cut to a day.

use jiff::civil::Date;
use serde::Deserialize;

/// Reads `YYYY-MM-DD` exactly.
pub(crate) fn parse(text: &str) -> Result<Date, String> {
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
            crate::problem::quote(text)
        ));
    }
    text.parse::<Date>().map_err(|e| format!("{text:?}: {e}"))
}

/// A required date.
pub(crate) fn required<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    parse(&text).map_err(serde::de::Error::custom)
}

/// An optional date (`null` or absent is `None`).
pub(crate) fn optional<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(d)?;
    text.map(|t| parse(&t).map_err(serde::de::Error::custom))
        .transpose()
}

/// A list of dates.
pub(crate) fn list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
    let texts = <Vec<std::borrow::Cow<'de, str>>>::deserialize(d)?;
    texts
        .iter()
        .map(|t| parse(t).map_err(serde::de::Error::custom))
        .collect()
}
