//! The one problem type of every reader: where (the field's path), what (a stable kind),
//! and more about it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::limits::{ECHO_CHARS, Limits, clip_to};

/// One thing wrong with an input (an intake, a request, a protocol, a variant file, a
/// FHIR response), with the path of the field: the one problem type of every reader.
///
/// It is written the same way wherever it appears (an error document, a batch's column,
/// a door's exception): `{"path": ..., "problem": <kind>, "message": <in words>,
/// "detail": ...}`. Reading one back takes `kind` for `problem` too, and passes over
/// `message`, which is made from the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Written", from = "Written")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(with = "Written"))]
pub struct Problem {
    /// Where, e.g. `conditions[1].locations[0].side`.
    pub path: String,
    /// What.
    pub kind: ProblemKind,
    /// More about it, when there is more: the word that was not recognised and the valid
    /// ones, what the JSON reader said.
    pub detail: Option<String>,
}

/// A [`Problem`] as JSON.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Problem"))]
struct Written {
    /// Where, e.g. `conditions[1].locations[0].side`.
    path: String,
    /// What, as a stable snake_case name.
    #[serde(alias = "kind")]
    problem: ProblemKind,
    /// What, in words: the path, the kind and the detail.
    #[serde(default)]
    message: String,
    /// More about it, when there is more: the word that was not recognised and the valid
    /// ones, what the JSON reader said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

impl From<Problem> for Written {
    fn from(p: Problem) -> Written {
        Written {
            message: p.to_string(),
            path: p.path,
            problem: p.kind,
            detail: p.detail,
        }
    }
}

impl From<Written> for Problem {
    fn from(w: Written) -> Problem {
        Problem {
            path: w.path,
            kind: w.problem,
            detail: w.detail,
        }
    }
}

impl Problem {
    /// A problem at a path.
    pub fn new(path: impl Into<String>, kind: ProblemKind) -> Self {
        Problem {
            path: clip_to(path.into(), ECHO_CHARS),
            kind,
            detail: None,
        }
    }

    /// A list or text longer than its limit: how long, and the limit.
    pub fn too_long(path: impl Into<String>, len: usize, max: usize) -> Self {
        Problem::with_detail(
            path,
            ProblemKind::TooLong,
            format!("{len} long; at most {max}"),
        )
    }

    /// The problem that closes a full report: `more` problems were found past
    /// [`Limits::PROBLEMS`] and are not listed.
    pub fn too_many(more: usize) -> Self {
        Problem::with_detail(
            "$",
            ProblemKind::TooManyProblems,
            format!(
                "{more} more problems are not listed; at most {} are",
                Limits::PROBLEMS
            ),
        )
    }

    /// A problem at a path, with more about it.
    pub fn with_detail(
        path: impl Into<String>,
        kind: ProblemKind,
        detail: impl Into<String>,
    ) -> Self {
        Problem {
            path: clip_to(path.into(), ECHO_CHARS),
            kind,
            detail: Some(clip_to(detail.into(), ECHO_CHARS)),
        }
    }
}

/// What is wrong with a field of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The age is above [`Limits::AGE`].
    AgeOutOfRange,
    /// A paired limb was named without its side.
    MissingSide,
    /// A side was given for a part that has none.
    UnexpectedSide,
    /// A finding does not say where it is.
    MissingLocation,
    /// A finding names a contraindication that concerns the whole client (age, pregnancy),
    /// which comes from the intake's answers instead.
    NotARegionalFinding,
    /// An approval covers nothing.
    EmptyApproval,
    /// A field the intake does not have (a misspelling, most often).
    UnknownField,
    /// A required field is missing.
    MissingField,
    /// A value of the wrong type or shape (a number where a word belongs, ...).
    WrongType,
    /// A word that names nothing in its vocabulary; the detail lists the valid words.
    UnknownName,
    /// A date that is not a valid `YYYY-MM-DD` calendar date.
    InvalidDate,
    /// A number off its scale (a score, an age that is not a whole number of years).
    OutOfRange,
    /// A care request starts before the assessment.
    StartBeforeAssessment,
    /// A list or a text is longer than the crate accepts (see [`Limits`]).
    TooLong,
    /// A condition's onset (the day of the injury or surgery) is after the assessment.
    OnsetAfterAssessment,
    /// More problems than an error lists ([`Limits::PROBLEMS`]); the detail says how many.
    TooManyProblems,
    /// A field given twice in one JSON object (or under two of its names, such as
    /// `given_on` and `approved_on`). Neither value is taken: the answer is in doubt.
    DuplicateField,
    /// A document nested deeper than [`Limits::JSON_DEPTH`] levels; refused before it is
    /// read.
    TooDeep,
    /// A protocol (or a variant of one) whose rules do not hold together; the detail says
    /// which rule.
    Inconsistent,
    /// A time zone the time-zone database does not know.
    UnknownTimeZone,
    /// A window of time that ends before it starts or overlaps another; a span of days
    /// that ends before it starts.
    InvalidWindow,
    /// A time of day that is not a whole minute (`HH:MM`).
    InvalidTime,
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProblemKind::AgeOutOfRange => "age is above 130 years",
            ProblemKind::MissingSide => "a paired limb needs a side (left or right)",
            ProblemKind::UnexpectedSide => "this body part has no sides",
            ProblemKind::MissingLocation => "a finding needs a location",
            ProblemKind::NotARegionalFinding => {
                "minor, older_adult and pregnancy come from age and pregnancy, not from findings"
            }
            ProblemKind::EmptyApproval => "an approval must cover at least one contraindication",
            ProblemKind::UnknownField => "no such field",
            ProblemKind::MissingField => "a required field is missing",
            ProblemKind::WrongType => "a value of the wrong type",
            ProblemKind::UnknownName => "an unknown name",
            ProblemKind::InvalidDate => "not a valid date (YYYY-MM-DD)",
            ProblemKind::OutOfRange => "a number off its scale",
            ProblemKind::StartBeforeAssessment => "a course cannot start before the assessment",
            ProblemKind::TooLong => "longer than the crate accepts",
            ProblemKind::OnsetAfterAssessment => "the onset is after the assessment",
            ProblemKind::UnknownTimeZone => "a time zone the time-zone database does not know",
            ProblemKind::InvalidWindow => {
                "a window that ends before it starts, or overlaps another"
            }
            ProblemKind::InvalidTime => "not a time of day in whole minutes (HH:MM)",
            ProblemKind::TooManyProblems => "more problems than are listed",
            ProblemKind::DuplicateField => {
                "a field given more than once; which answer holds is in doubt"
            }
            ProblemKind::TooDeep => "nested deeper than the crate reads",
            ProblemKind::Inconsistent => "the protocol's rules do not hold together",
        })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A broken rule of a protocol says itself in its detail.
        if let (ProblemKind::Inconsistent, Some(detail)) = (self.kind, &self.detail) {
            return write!(f, "{}: {detail}", self.path);
        }
        write!(f, "{}: {}", self.path, self.kind)?;
        if let Some(detail) = &self.detail {
            write!(f, " ({detail})")?;
        }
        Ok(())
    }
}
