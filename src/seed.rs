//! References into the seed document, the source every rule cites, with the words of
//! each cited line.

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
        self.write_to(f)
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
        // `L<first>-<last>`, as `Display` writes it: at most 12 characters, written on
        // the stack from the digits and handed over as one string (collect_str would
        // format through an escaping adapter).
        let mut text = arrayvec::ArrayString::<16>::new();
        let mut digits = itoa::Buffer::new();
        text.push('L');
        text.push_str(digits.format(self.first()));
        if self.last() != self.first() {
            text.push('-');
            text.push_str(digits.format(self.last()));
        }
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for SeedLines {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The words of the seed document behind each line the crate cites: `(first, last,
/// words)`, a short quotation (`...` joins the parts of a longer passage). Rows for a
/// range are the passages rule families cite; the others are single lines. In order of
/// `(first, last)`, which [`quote`] searches by halves (a test keeps the order).
const QUOTES: &[(u16, u16, &str)] = &[
    (
        7,
        7,
        "a range of massage techniques, such as Swedish massage, deep tissue massage, acupressure, and trigger point therapy",
    ),
    (19, 19, "may use various tools, such as hot and cold stones"),
    (
        20,
        20,
        "help to reduce inflammation, improve circulation, and promote healing",
    ),
    (
        21,
        21,
        "chronic conditions, such as back pain, neck pain, and headaches",
    ),
    (22, 22, "help to improve mobility and reduce stiffness"),
    (23, 23, "help to reduce stress and improve relaxation"),
    (
        31,
        31,
        "work with a variety of medical conditions such as chronic pain, cancer, autoimmune disorders",
    ),
    (33, 33, "certified in a variety of massage techniques"),
    (43, 43, "Deep Tissue Massage"),
    (
        43,
        153,
        "combine techniques to work on more than one issue at a time",
    ),
    (
        45,
        45,
        "alleviate chronic pain and tension in the body’s deeper layers of muscle and connective tissue",
    ),
    (47, 47, "Trigger Point Therapy"),
    (
        49,
        49,
        "release the knots and tension in these areas by applying direct pressure to the trigger points",
    ),
    (51, 51, "Myofascial Release"),
    (
        53,
        53,
        "release any restrictions that are causing pain, discomfort, or limited range of motion",
    ),
    (55, 55, "Sports Massage"),
    (
        57,
        57,
        "help athletes prepare for, recover from, and improve their performance",
    ),
    (59, 59, "Craniosacral Therapy"),
    (
        61,
        61,
        "used to treat the head, neck, and spine ... help reduce tension and stress",
    ),
    (
        61,
        111,
        "used to treat the head, neck, and spine ... specific points on the feet",
    ),
    (63, 63, "Lymphatic Drainage"),
    (
        65,
        65,
        "help reduce swelling, improve circulation, and boost the body’s immune system",
    ),
    (67, 67, "Prenatal Massage"),
    (
        69,
        69,
        "used during pregnancy to help reduce stress and pain, improve circulation, and promote relaxation",
    ),
    (71, 71, "Cupping Therapy"),
    (75, 75, "uses special cups to create a vacuum on the skin"),
    (77, 77, "Reduced pain and inflammation"),
    (78, 78, "Relaxation of tight muscles"),
    (79, 79, "Increased range of motion"),
    (80, 80, "Improved circulation"),
    (
        85,
        85,
        "typically done on the back ... the neck, shoulders, and arms",
    ),
    (
        92,
        92,
        "reducing pain from chronic conditions, injuries and post-surgery scarring",
    ),
    (93, 93, "blood flow is increased"),
    (
        94,
        94,
        "loosen tight muscles, improve range of motion and reduce inflammation",
    ),
    (95, 95, "reduce cortisol levels, the stress hormone"),
    (96, 96, "helps to correct poor posture"),
    (97, 97, "reduce the chance of injury"),
    (99, 99, "incorporating stretches"),
    (
        106,
        106,
        "improve circulation, reduce tension and stress, and increase range of motion",
    ),
    (107, 107, "break down adhesions and scar tissue"),
    (
        108,
        108,
        "release knots in the muscles that cause pain and discomfort",
    ),
    (
        109,
        109,
        "help athletes improve performance and prevent injuries",
    ),
    (
        110,
        110,
        "target deep layers of muscle tissue and release tension",
    ),
    (111, 111, "specific points on the feet"),
    (113, 113, "longer strokes or more pressure"),
    (121, 121, "Patients with chronic pain"),
    (122, 122, "muscle spasms, cramps, and tightness"),
    (
        123,
        123,
        "neurological issues, such as stroke, nerve damage, and Parkinson’s disease ... reduce spasticity",
    ),
    (
        124,
        124,
        "recently had an injury or illness ... reduce swelling",
    ),
    (125, 125, "Patients with fibromyalgia"),
    (
        126,
        126,
        "recover from sports injuries, such as strains and sprains",
    ),
    (
        127,
        127,
        "after surgery by reducing pain, reducing swelling",
    ),
    (128, 128, "reduce anxiety and stress"),
    (
        134,
        134,
        "should not be performed on children or elderly patients unless approved by a physician",
    ),
    (134, 140, "unless approved by a physician"),
    (
        135,
        135,
        "should not be performed on any area of the body that is infected or inflamed",
    ),
    (
        135,
        139,
        "should not be performed on any area of the body that",
    ),
    (
        136,
        136,
        "any area of the body that has a skin condition, such as eczema or psoriasis",
    ),
    (
        137,
        137,
        "any area of the body that has an open wound or abrasion",
    ),
    (
        138,
        138,
        "any area of the body that has a known or suspected cancer",
    ),
    (
        139,
        139,
        "any area of the body where a blood clot is present",
    ),
    (
        140,
        140,
        "should not be performed on pregnant women unless approved by a physician",
    ),
    (
        142,
        142,
        "communicate any health issues with a medical massage therapist before undergoing a session",
    ),
    (
        148,
        148,
        "targeting areas of the body that are in pain and increasing circulation",
    ),
    (151, 151, "increase the production of white blood cells"),
    (
        152,
        152,
        "targeting trigger points and knots in the muscles",
    ),
    (
        153,
        153,
        "promote relaxation by reducing stress and anxiety",
    ),
    (
        157,
        157,
        "deep tissue massage, myofascial release, trigger point therapy, neuromuscular therapy, lymphatic drainage, and active release techniques",
    ),
    (
        161,
        161,
        "in accordance with their pain tolerance level ... strokes that are gentle and relaxing",
    ),
    (163, 163, "How Often Should I Get a Medical Massage?"),
    (
        163,
        171,
        "A single session can provide relief ... once or twice per week ... one session per month",
    ),
    (
        167,
        167,
        "A single session can provide relief from pain and tension.",
    ),
    (
        168,
        168,
        "a series of sessions is recommended, generally once or twice per week",
    ),
    (
        169,
        169,
        "sessions can be more frequent and then taper off as the condition improves",
    ),
    (169, 170, "then taper off as the condition improves"),
    (
        170,
        170,
        "may start as frequently as twice a week, then taper off as the injury heals",
    ),
    (
        171,
        171,
        "an ongoing maintenance program of one session per month",
    ),
    (175, 175, "tailored to the individual patient’s needs"),
    (
        176,
        176,
        "assess a patient’s medical history, condition, and objectives",
    ),
    (
        178,
        178,
        "the recommended frequency and duration of massage sessions",
    ),
    (
        182,
        182,
        "only be performed by a licensed massage therapist who has received specialized training in medical massage",
    ),
    // Passages a rule family cites as a whole.
];

/// The seed's words behind `lines`: the quotation of that passage, or else of its first
/// line, or else of its last. `None` for a line the crate does not cite.
///
/// ```
/// use massage_rules::seed::{quote, SeedLines};
/// assert_eq!(quote(SeedLines::line(137)), Some("any area of the body that has an open wound or abrasion"));
/// ```
pub fn quote(lines: SeedLines) -> Option<&'static str> {
    let find = |first: u16, last: u16| {
        QUOTES
            .binary_search_by(|(f, l, _)| (*f, *l).cmp(&(first, last)))
            .ok()
            .map(|i| QUOTES[i].2)
    };
    find(lines.first, lines.last)
        .or_else(|| find(lines.first, lines.first))
        .or_else(|| find(lines.last, lines.last))
}

/// Every quotation: `(lines, words)`, in line order.
pub fn quotes() -> impl Iterator<Item = (SeedLines, &'static str)> {
    QUOTES
        .iter()
        .map(|&(first, last, words)| (SeedLines::range(first, last), words))
}

impl SeedLines {
    /// Writes `L<first>` or `L<first>-<last>`, as `Display` does, into any writer
    /// without a formatter between.
    pub(crate) fn write_to<W: fmt::Write>(self, f: &mut W) -> fmt::Result {
        let mut digits = itoa::Buffer::new();
        f.write_str("L")?;
        f.write_str(digits.format(self.first))?;
        if self.first != self.last {
            f.write_str("-")?;
            f.write_str(digits.format(self.last))?;
        }
        Ok(())
    }

    /// The seed's words behind these lines ([`quote`]).
    pub fn quote(self) -> Option<&'static str> {
        quote(self)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for SeedLines {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SeedLines".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Lines of the seed document: L137, or a range L43-45.",
            "type": "string",
            "pattern": "^L[1-9][0-9]*(-[1-9][0-9]*)?$",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quotations are in `(first, last)` order, each once: `quote` searches them by
    /// halves, and finds every one.
    #[test]
    fn quotes_are_in_order_and_each_is_found() {
        assert!(
            QUOTES
                .windows(2)
                .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1))
        );
        for &(first, last, words) in QUOTES {
            assert_eq!(quote(SeedLines::range(first, last)), Some(words));
        }
    }

    /// JSON writes a reference as `Display` does, for every bound up to `u16::MAX`.
    #[test]
    fn json_is_the_displayed_text() {
        for first in (0..=u16::MAX)
            .step_by(97)
            .chain([0, 9, 10, 99, 100, u16::MAX])
        {
            for last in [first, first.saturating_add(1), u16::MAX] {
                let lines = SeedLines::range(first, last);
                let json = serde_json::to_string(&lines).unwrap();
                assert_eq!(json, format!("\"{lines}\""));
                assert_eq!(serde_json::from_str::<SeedLines>(&json).unwrap(), lines);
            }
        }
    }
}
