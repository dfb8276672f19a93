//! References into the seed document, the source every rule cites.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Number of lines in `medical-massage.txt`, the seed document this crate is read from.
pub const SEED_LINE_COUNT: u16 = 192;

/// A line, or an inclusive range of lines, of the seed document.
///
/// Written as `L134` or `L43-85`, in text and in JSON.
///
/// ```
/// use massage_rules::seed::SeedLines;
/// let lines: SeedLines = "L43-85".parse()?;
/// assert_eq!((lines.first(), lines.last()), (43, 85));
/// assert_eq!(lines.to_string(), "L43-85");
/// assert_eq!(SeedLines::line(134).to_string(), "L134");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeedLines {
    first: u16,
    last: u16,
}

impl SeedLines {
    /// One line of the seed.
    pub const fn line(line: u16) -> Self {
        SeedLines {
            first: line,
            last: line,
        }
    }

    /// An inclusive range of lines; the bounds are put in order.
    pub const fn range(first: u16, last: u16) -> Self {
        if first <= last {
            SeedLines { first, last }
        } else {
            SeedLines {
                first: last,
                last: first,
            }
        }
    }

    /// The first line cited.
    pub const fn first(self) -> u16 {
        self.first
    }

    /// The last line cited (equal to [`first`](Self::first) for a single line).
    pub const fn last(self) -> u16 {
        self.last
    }

    /// Whether every cited line exists in the seed document (1 to [`SEED_LINE_COUNT`]).
    pub const fn is_in_seed(self) -> bool {
        self.first >= 1 && self.last <= SEED_LINE_COUNT && self.first <= self.last
    }
}

impl fmt::Display for SeedLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "L{}", self.first)
        } else {
            write!(f, "L{}-{}", self.first, self.last)
        }
    }
}

/// The text could not be read as seed lines (`L134` or `L43-85`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a seed line reference; expected `L<line>` or `L<first>-<last>`")]
pub struct SeedLinesError {
    text: String,
}

impl FromStr for SeedLines {
    type Err = SeedLinesError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || SeedLinesError { text: s.to_owned() };
        let rest = s.strip_prefix('L').ok_or_else(err)?;
        let (a, b) = match rest.split_once('-') {
            Some((a, b)) => (a, b.strip_prefix('L').unwrap_or(b)),
            None => (rest, rest),
        };
        let first: u16 = a.parse().map_err(|_| err())?;
        let last: u16 = b.parse().map_err(|_| err())?;
        if first > last {
            return Err(err());
        }
        Ok(SeedLines { first, last })
    }
}

impl Serialize for SeedLines {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SeedLines {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
