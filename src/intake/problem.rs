//! What can be wrong with an intake or a request, and how much one may hold.

use super::*;

/// One thing wrong with an intake, with the path of the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IntakeProblem {
    /// Where, e.g. `conditions[1].locations[0].side`.
    pub path: String,
    /// What.
    pub kind: IntakeProblemKind,
    /// More about it, when there is more: the word that was not recognised and the valid
    /// ones, what the JSON reader said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl IntakeProblem {
    /// A problem at a path.
    pub fn new(path: impl Into<String>, kind: IntakeProblemKind) -> Self {
        IntakeProblem {
            path: path.into(),
            kind,
            detail: None,
        }
    }

    /// A list or text longer than its limit: how long, and the limit.
    pub fn too_long(path: impl Into<String>, len: usize, max: usize) -> Self {
        IntakeProblem::with_detail(
            path,
            IntakeProblemKind::TooLong,
            format!("{len} long; at most {max}"),
        )
    }

    /// The problem that closes a full report: `more` problems were found past
    /// [`Limits::PROBLEMS`] and are not listed.
    pub fn too_many(more: usize) -> Self {
        IntakeProblem::with_detail(
            "$",
            IntakeProblemKind::TooManyProblems,
            format!(
                "{more} more problems are not listed; at most {} are",
                Limits::PROBLEMS
            ),
        )
    }

    /// A problem at a path, with more about it.
    pub fn with_detail(
        path: impl Into<String>,
        kind: IntakeProblemKind,
        detail: impl Into<String>,
    ) -> Self {
        IntakeProblem {
            path: path.into(),
            kind,
            detail: Some(detail.into()),
        }
    }
}

/// What is wrong with a field of an intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IntakeProblemKind {
    /// The age is above [`MAX_AGE`].
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
}

impl fmt::Display for IntakeProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IntakeProblemKind::AgeOutOfRange => "age is above 130 years",
            IntakeProblemKind::MissingSide => "a paired limb needs a side (left or right)",
            IntakeProblemKind::UnexpectedSide => "this body part has no sides",
            IntakeProblemKind::MissingLocation => "a finding needs a location",
            IntakeProblemKind::NotARegionalFinding => {
                "minor, older_adult and pregnancy come from age and pregnancy, not from findings"
            }
            IntakeProblemKind::EmptyApproval => {
                "an approval must cover at least one contraindication"
            }
            IntakeProblemKind::UnknownField => "no such field",
            IntakeProblemKind::MissingField => "a required field is missing",
            IntakeProblemKind::WrongType => "a value of the wrong type",
            IntakeProblemKind::UnknownName => "an unknown name",
            IntakeProblemKind::InvalidDate => "not a valid date (YYYY-MM-DD)",
            IntakeProblemKind::OutOfRange => "a number off its scale",
            IntakeProblemKind::StartBeforeAssessment => {
                "a course cannot start before the assessment"
            }
            IntakeProblemKind::TooLong => "longer than the crate accepts",
            IntakeProblemKind::OnsetAfterAssessment => "the onset is after the assessment",
            IntakeProblemKind::TooManyProblems => "more problems than are listed",
            IntakeProblemKind::DuplicateField => {
                "a field given more than once; which answer holds is in doubt"
            }
            IntakeProblemKind::TooDeep => "nested deeper than the crate reads",
        })
    }
}

impl fmt::Display for IntakeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)?;
        if let Some(detail) = &self.detail {
            write!(f, " ({detail})")?;
        }
        Ok(())
    }
}

/// An intake that cannot be screened, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid intake: {}", join(.problems))]
pub struct IntakeError {
    /// Every problem, in field order.
    pub problems: Vec<IntakeProblem>,
}

impl IntakeError {
    /// The problems, as an error.
    pub fn new(problems: Vec<IntakeProblem>) -> Self {
        IntakeError { problems }
    }

    /// Whether a problem of `kind` was found at `path`.
    pub fn has(&self, path: &str, kind: IntakeProblemKind) -> bool {
        self.problems
            .iter()
            .any(|p| p.path == path && p.kind == kind)
    }
}

fn join(problems: &[IntakeProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
