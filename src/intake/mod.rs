//! The intake: everything screening, selection and scheduling need to know of a client.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use crate::vocabulary::MAX_AGE;

mod history;
pub(crate) mod iso_date;
pub(crate) mod json;
use crate::vocabulary::{
    Acuity, Answer, BodyPart, BodyRegion, Condition, ConditionSet, Contraindication,
    ContraindicationSet, GoalSet, History, Pressure, Question, QuestionSet, RegionSet, Side,
    TechniqueSet,
};
pub use history::MedicalHistory;

/// A client's intake, as a clinic system or app records it before a session.
///
/// Answers that may be unknown are tri-state ([`Answer`]) or `Option`al, and a missing
/// answer is unknown, never "no": an unknown age or pregnancy is screened as if the
/// contraindication were present. `findings` and `practitioner` must always be stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Intake {
    /// The day of the assessment; approvals are checked against it.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::IsoDate")
    )]
    #[serde(deserialize_with = "iso_date::required")]
    pub assessed_on: Date,
    /// Age in whole years; `None` when unknown.
    #[serde(default)]
    pub age: Option<u32>,
    /// Whether the client is pregnant; unknown unless stated. `true`, `false` and `null`
    /// are read as yes, no and unknown.
    #[serde(default, deserialize_with = "lenient_answer")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::LenientAnswer")
    )]
    pub pregnant: Answer,
    /// Physician approvals on file.
    #[serde(default)]
    pub approvals: Vec<PhysicianApproval>,
    /// Contraindications found on body regions (L135-139); `[]` when none were found.
    pub findings: Vec<Finding>,
    /// Conditions the client presents, with where and how.
    #[serde(default)]
    pub conditions: Vec<ConditionEntry>,
    /// Goals the client seeks.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::vocabulary::Goal>"))]
    pub goals: GoalSet,
    /// The most pressure the client tolerates (L161); unknown is treated as light.
    #[serde(default)]
    pub pain_tolerance: Option<Pressure>,
    /// The medical history (L176): medications, osteoporosis, reduced sensation, varicose
    /// veins, a fever. Everything unknown when absent; `"none"` when the client has none
    /// of the items.
    #[serde(default)]
    pub history: MedicalHistory,
    /// Who will give the massage.
    pub practitioner: Practitioner,
}

/// A place on the body as recorded on an intake: a part, and a side for paired limbs.
///
/// In JSON it is `{"part": "forearm", "side": "left"}`; a region's or a part's name
/// (`"left_forearm"`, `"neck"`) is read as well. A part may be a group the seed names
/// (`back`, `spine`, `arm`, `leg`), which covers several regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// The body part.
    pub part: BodyPart,
    /// The side; required for paired limbs, absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
}

impl Location {
    /// A region's or a part's name as a location.
    pub(crate) fn from_name(name: &str) -> Option<Location> {
        if let Ok(region) = name.parse::<BodyRegion>() {
            Some(Location::from(region))
        } else {
            name.parse::<BodyPart>().ok().map(Location::new)
        }
    }
}

impl<'de> Deserialize<'de> for Location {
    /// A name (`"left_forearm"`, `"neck"`) or `{"part": ..., "side": ...}`, read in one
    /// pass.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Location;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a body region or part name, or {\"part\", \"side\"}")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Location, E> {
                Location::from_name(name)
                    .ok_or_else(|| E::custom(format!("unknown body region or part {name:?}")))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Location, A::Error> {
                let mut part = None;
                let mut side = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "part" if part.is_none() => part = Some(map.next_value::<BodyPart>()?),
                        "side" if side.is_none() => side = Some(map.next_value::<Option<Side>>()?),
                        "part" | "side" => {
                            return Err(serde::de::Error::custom(format!(
                                "duplicate field `{key}`"
                            )));
                        }
                        other => {
                            return Err(serde::de::Error::unknown_field(other, &["part", "side"]));
                        }
                    }
                }
                let part = part.ok_or_else(|| serde::de::Error::missing_field("part"))?;
                Ok(Location {
                    part,
                    side: side.flatten(),
                })
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

impl Location {
    /// An unpaired part, or a paired one without its side (which validation rejects).
    pub const fn new(part: BodyPart) -> Self {
        Location { part, side: None }
    }

    /// One side of a paired part.
    pub const fn sided(part: BodyPart, side: Side) -> Self {
        Location {
            part,
            side: Some(side),
        }
    }

    /// The region this location names, if it names exactly one.
    pub fn region(self) -> Option<BodyRegion> {
        BodyRegion::from_part(self.part, self.side)
    }

    /// The regions this location covers: one for a single part, several for a group such
    /// as `back` or a left `arm`; empty when the side does not fit the part.
    pub fn regions(self) -> RegionSet {
        self.part.regions(self.side)
    }
}

impl From<BodyRegion> for Location {
    fn from(region: BodyRegion) -> Self {
        Location {
            part: region.part(),
            side: region.side(),
        }
    }
}

/// A contraindication found on a region of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// What was found; one of the regional contraindications.
    pub contraindication: Contraindication,
    /// Where it was found. Required: a finding without a place is rejected.
    pub location: Option<Location>,
}

/// A condition the client presents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConditionEntry {
    /// The condition.
    pub condition: Condition,
    /// Whether it is acute, chronic, an injury or ongoing; decides the course (L167-171).
    pub acuity: Acuity,
    /// Where it is; empty for a condition of the whole person (stress, anxiety).
    #[serde(default)]
    pub locations: Vec<Location>,
    /// The day of the injury or of the surgery, when known (also read as `injured_on` or
    /// `operated_on`). The protocol's healing rows (R-healing) count from it; an unknown
    /// day is read as recent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "iso_date::optional",
        alias = "injured_on",
        alias = "operated_on"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::vocabulary::schema_forms::IsoDate>")
    )]
    pub onset: Option<Date>,
}

impl ConditionEntry {
    /// The regions named by the entry's locations (unresolvable locations are skipped;
    /// validation reports them).
    pub fn regions(&self) -> RegionSet {
        self.locations
            .iter()
            .fold(RegionSet::empty(), |acc, l| acc | l.regions())
    }
}

/// A physician's approval of massage despite some contraindications (L134, L140).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PhysicianApproval {
    /// The contraindications the physician approved massage for.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::Contraindication>")
    )]
    pub covers: ContraindicationSet,
    /// The day the approval was given, when known; it holds from then on. A re-approval
    /// given after the assessment lets a course go on past an earlier approval's end. Also
    /// read as `approved_on` or `issued_on`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "iso_date::optional",
        alias = "approved_on",
        alias = "issued_on"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::vocabulary::schema_forms::IsoDate>")
    )]
    pub given_on: Option<Date>,
    /// The last day the approval holds; `None` when it does not expire.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "iso_date::optional"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::vocabulary::schema_forms::IsoDate>")
    )]
    pub valid_until: Option<Date>,
    /// Who approved, for the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physician: Option<String>,
}

impl PhysicianApproval {
    /// Whether the approval is in force on `day`: given by then, and not expired. An
    /// approval dated to expire before it was given contradicts itself and is in force on
    /// no day.
    pub fn is_valid_on(&self, day: Date) -> bool {
        !self.is_contradictory()
            && self.given_on.is_none_or(|given| given <= day)
            && self.valid_until.is_none_or(|until| day <= until)
    }

    /// Whether the approval had run out by `day` (and did not contradict itself).
    pub fn is_expired_on(&self, day: Date) -> bool {
        !self.is_contradictory() && self.valid_until.is_some_and(|until| until < day)
    }

    /// Whether the approval expires before it was given.
    pub fn is_contradictory(&self) -> bool {
        matches!((self.given_on, self.valid_until), (Some(given), Some(until)) if until < given)
    }
}

/// The practitioner who will give the massage (L31, L33, L182).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Practitioner {
    /// Holds a massage therapy licence.
    #[serde(default, deserialize_with = "lenient_answer")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::LenientAnswer")
    )]
    pub licensed: Answer,
    /// Has specialised training in medical massage.
    #[serde(default, deserialize_with = "lenient_answer")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::LenientAnswer")
    )]
    pub medical_massage_trained: Answer,
    /// The techniques the practitioner is certified in; `None` when not supplied, in which
    /// case certification is not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<Vec<crate::vocabulary::Technique>>")
    )]
    pub certified_techniques: Option<TechniqueSet>,
}

/// Reads an [`Answer`] from `"yes"`/`"no"`/`"unknown"`, a boolean, or `null` (unknown); an
/// unknown word is refused by name.
fn lenient_answer<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Answer, D::Error> {
    struct Lenient;

    impl serde::de::Visitor<'_> for Lenient {
        type Value = Answer;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("\"yes\", \"no\", \"unknown\", a boolean or null")
        }

        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Answer, E> {
            Ok(Answer::from_bool(value))
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Answer, E> {
            value.parse().map_err(E::custom)
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Answer, E> {
            Ok(Answer::Unknown)
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Answer, E> {
            Ok(Answer::Unknown)
        }
    }

    deserializer.deserialize_any(Lenient)
}

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

/// How much an intake or a care request may hold. Every limit is checked by validation,
/// for JSON and for values built in Rust alike, and reported as
/// [`IntakeProblemKind::TooLong`] with its path. They are far above any real intake and
/// keep the cost of a decision bounded.
#[derive(Debug, Clone, Copy)]
pub struct Limits;

impl Limits {
    /// Findings on one intake.
    pub const FINDINGS: usize = 64;
    /// Conditions on one intake.
    pub const CONDITIONS: usize = 64;
    /// Locations of one condition.
    pub const LOCATIONS: usize = 32;
    /// Physician approvals on one intake.
    pub const APPROVALS: usize = 32;
    /// Characters of a free text (a physician's name).
    pub const TEXT_CHARS: usize = 200;
    /// Unavailable dates in a care request's availability (about ten years of days).
    pub const UNAVAILABLE_DATES: usize = 3_700;
    /// Bytes of an intake's or a care request's JSON text (1 MiB, as through the C ABI).
    pub const JSON_BYTES: usize = 1 << 20;
    /// Problems listed in one error; past it, one `too_many_problems` problem says how
    /// many more were found.
    pub const PROBLEMS: usize = 100;
    /// Levels of nesting of a FHIR document read into an intake (a QuestionnaireResponse
    /// of the crate's questionnaire nests about a dozen). JSON text read by serde_json is
    /// already held to 128.
    pub const JSON_DEPTH: usize = 64;
}

/// An intake that passed its checks ([`Intake::validated`]): proof that screening may
/// skip them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidIntake<'a>(&'a Intake);

impl<'a> ValidIntake<'a> {
    /// The intake.
    pub fn intake(self) -> &'a Intake {
        self.0
    }
}

/// Two answers of an intake that cannot both be true. Screening reads the intake the
/// stricter way while one stands (see [`Intake::contradictions`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Contradiction {
    /// The intake question whose answer is in doubt.
    pub question: Question,
    /// The field that says one thing, e.g. `pregnant`.
    pub path: String,
    /// The field that says the other, e.g. `conditions[0].condition`.
    pub against: String,
    /// What is contradictory, in words.
    pub message: String,
}

impl fmt::Display for Contradiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} contradicts {}: {}",
            self.path, self.against, self.message
        )
    }
}

fn join(problems: &[IntakeProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn check_location(
    location: Location,
    path: impl Fn() -> String,
    problems: &mut Vec<IntakeProblem>,
) {
    let kind = match (location.part.is_paired(), location.side) {
        (true, None) => IntakeProblemKind::MissingSide,
        (false, Some(_)) => IntakeProblemKind::UnexpectedSide,
        _ => return,
    };
    problems.push(IntakeProblem::new(format!("{}.side", path()), kind));
}

impl Intake {
    /// Checks the intake and reports every problem at once. Allocates only when it finds
    /// a problem.
    ///
    /// ```
    /// use massage_rules::Intake;
    /// use massage_rules::intake::IntakeProblemKind;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 250,
    ///     "findings": [{"contraindication": "open_wound", "location": {"part": "forearm"}}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let problems = intake.validate().unwrap_err().problems;
    /// assert_eq!(problems.len(), 2);
    /// assert_eq!(problems[0].path, "age");
    /// assert_eq!(problems[1].path, "findings[0].location.side");
    /// assert_eq!(problems[1].kind, IntakeProblemKind::MissingSide);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Result<(), IntakeError> {
        let mut problems = Vec::new();
        // The path is made only when there is a problem: a valid intake allocates nothing.
        let mut limit = |path: &dyn Fn() -> String, len: usize, max: usize| {
            if len > max {
                problems.push(IntakeProblem::too_long(path(), len, max));
            }
        };
        limit(&|| "findings".into(), self.findings.len(), Limits::FINDINGS);
        limit(
            &|| "conditions".into(),
            self.conditions.len(),
            Limits::CONDITIONS,
        );
        limit(
            &|| "approvals".into(),
            self.approvals.len(),
            Limits::APPROVALS,
        );
        for (i, entry) in self.conditions.iter().enumerate().take(Limits::CONDITIONS) {
            limit(
                &|| format!("conditions[{i}].locations"),
                entry.locations.len(),
                Limits::LOCATIONS,
            );
        }
        for (i, approval) in self.approvals.iter().enumerate().take(Limits::APPROVALS) {
            if let Some(name) = &approval.physician {
                limit(
                    &|| format!("approvals[{i}].physician"),
                    name.chars().count(),
                    Limits::TEXT_CHARS,
                );
            }
        }
        if !crate::vocabulary::YEARS.contains(&self.assessed_on.year()) {
            problems.push(IntakeProblem::with_detail(
                "assessed_on",
                IntakeProblemKind::OutOfRange,
                format!(
                    "the year {} is outside {}-{}",
                    self.assessed_on.year(),
                    crate::vocabulary::YEARS.start(),
                    crate::vocabulary::YEARS.end()
                ),
            ));
        }
        if self.age.is_some_and(|age| age > MAX_AGE) {
            problems.push(IntakeProblem::new("age", IntakeProblemKind::AgeOutOfRange));
        }
        for (i, approval) in self.approvals.iter().enumerate().take(Limits::APPROVALS) {
            if approval.covers.is_empty() {
                problems.push(IntakeProblem::new(
                    format!("approvals[{i}].covers"),
                    IntakeProblemKind::EmptyApproval,
                ));
            }
        }
        for (i, finding) in self.findings.iter().enumerate().take(Limits::FINDINGS) {
            if !finding.contraindication.is_regional() {
                problems.push(IntakeProblem::new(
                    format!("findings[{i}].contraindication"),
                    IntakeProblemKind::NotARegionalFinding,
                ));
            }
            match finding.location {
                None => problems.push(IntakeProblem::new(
                    format!("findings[{i}].location"),
                    IntakeProblemKind::MissingLocation,
                )),
                Some(location) => check_location(
                    location,
                    || format!("findings[{i}].location"),
                    &mut problems,
                ),
            }
        }
        for (i, entry) in self.conditions.iter().enumerate().take(Limits::CONDITIONS) {
            for (j, location) in entry.locations.iter().enumerate().take(Limits::LOCATIONS) {
                check_location(
                    *location,
                    || format!("conditions[{i}].locations[{j}]"),
                    &mut problems,
                );
            }
            if let Some(onset) = entry.onset {
                if !crate::vocabulary::YEARS.contains(&onset.year()) {
                    problems.push(IntakeProblem::with_detail(
                        format!("conditions[{i}].onset"),
                        IntakeProblemKind::OutOfRange,
                        format!("the year {} is outside the years accepted", onset.year()),
                    ));
                } else if onset > self.assessed_on {
                    problems.push(IntakeProblem::new(
                        format!("conditions[{i}].onset"),
                        IntakeProblemKind::OnsetAfterAssessment,
                    ));
                }
            }
        }
        for (field, item) in [
            ("reduced_sensation_at", History::ReducedSensation),
            ("varicose_veins_at", History::VaricoseVeins),
        ] {
            let locations = self.history.locations(item);
            if locations.len() > Limits::LOCATIONS {
                problems.push(IntakeProblem::too_long(
                    format!("history.{field}"),
                    locations.len(),
                    Limits::LOCATIONS,
                ));
            }
            for (j, location) in locations.iter().enumerate().take(Limits::LOCATIONS) {
                check_location(*location, || format!("history.{field}[{j}]"), &mut problems);
            }
        }
        if problems.len() > Limits::PROBLEMS {
            let more = problems.len() - Limits::PROBLEMS;
            problems.truncate(Limits::PROBLEMS);
            problems.push(IntakeProblem::too_many(more));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(IntakeError { problems })
        }
    }

    /// Checks the intake as [`validate`](Intake::validate) does, and hands out the proof
    /// that it passed, so that screening it (under one protocol or several) does not check
    /// it again.
    pub fn validated(&self) -> Result<ValidIntake<'_>, IntakeError> {
        self.validate()?;
        Ok(ValidIntake(self))
    }

    /// The proof, for a caller in this crate that has just run the checks itself.
    pub(crate) fn assume_valid(&self) -> ValidIntake<'_> {
        ValidIntake(self)
    }

    /// The set of conditions on the intake.
    pub fn condition_set(&self) -> ConditionSet {
        self.conditions.iter().map(|c| c.condition).collect()
    }

    /// The regions of every finding (valid intakes only; unresolvable ones are skipped).
    pub fn finding_regions(&self) -> RegionSet {
        self.findings
            .iter()
            .filter_map(|f| f.location.map(Location::regions))
            .fold(RegionSet::empty(), |acc, r| acc | r)
    }

    /// Answers that contradict each other: a client answered "not pregnant" who presents
    /// the discomfort of pregnancy, an approval dated to expire before it was given.
    /// Screening reads each strictly: the pregnancy answer as unknown, the approval as not
    /// on file. Allocates only when it finds one.
    ///
    /// ```
    /// use massage_rules::Intake;
    /// use massage_rules::vocabulary::Question;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 30, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "pregnancy_discomfort", "acuity": "ongoing",
    ///                     "locations": ["abdomen"]}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let found = intake.contradictions();
    /// assert_eq!(found[0].question, Question::Pregnancy);
    /// assert_eq!(found[0].against, "conditions[0].condition");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contradictions(&self) -> Vec<Contradiction> {
        let mut found = Vec::new();
        if self.pregnant.is_no() {
            for (i, entry) in self.conditions.iter().enumerate() {
                if entry.condition == Condition::PregnancyDiscomfort {
                    found.push(Contradiction {
                        question: Question::Pregnancy,
                        path: "pregnant".into(),
                        against: format!("conditions[{i}].condition"),
                        message: "answered not pregnant, but presents the discomfort of \
                                  pregnancy"
                            .into(),
                    });
                }
            }
        }
        for (i, approval) in self.approvals.iter().enumerate() {
            if approval.is_contradictory() {
                found.push(Contradiction {
                    question: Question::PhysicianApproval,
                    path: format!("approvals[{i}].valid_until"),
                    against: format!("approvals[{i}].given_on"),
                    message: "the approval expires before it was given".into(),
                });
            }
        }
        found
    }

    /// The questions whose answers a contradiction puts in doubt, without allocating.
    pub fn contradicted(&self) -> QuestionSet {
        let mut questions = QuestionSet::empty();
        if self.pregnant.is_no()
            && self
                .conditions
                .iter()
                .any(|c| c.condition == Condition::PregnancyDiscomfort)
        {
            questions |= Question::Pregnancy;
        }
        if self
            .approvals
            .iter()
            .any(PhysicianApproval::is_contradictory)
        {
            questions |= Question::PhysicianApproval;
        }
        questions
    }

    /// The pregnancy answer as screening reads it: a "no" that a contradiction puts in
    /// doubt is unknown.
    pub fn pregnancy_answer(&self) -> Answer {
        if self.pregnant.is_no() && self.contradicted().contains(Question::Pregnancy) {
            Answer::Unknown
        } else {
            self.pregnant
        }
    }

    /// The last day, from `from` on, that approvals on file cover `contraindication`
    /// without a gap, one approval taking over from another (a re-approval); `None` when an
    /// approval without an end date takes over. The day before `from` when none covers it
    /// on `from`.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::Intake;
    /// use massage_rules::vocabulary::Contraindication;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 30, "pregnant": "yes", "findings": [],
    ///     "approvals": [{"covers": ["pregnancy"], "valid_until": "2027-01-15"},
    ///                   {"covers": ["pregnancy"], "given_on": "2027-01-10",
    ///                    "valid_until": "2027-03-31"}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let through = intake.approval_covers_through(Contraindication::Pregnancy, intake.assessed_on);
    /// assert_eq!(through, Some(date(2027, 3, 31)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn approval_covers_through(
        &self,
        contraindication: Contraindication,
        from: Date,
    ) -> Option<Date> {
        let mut day = from;
        loop {
            let valid = self
                .approvals
                .iter()
                .filter(|a| a.covers.contains(contraindication) && a.is_valid_on(day));
            let mut last: Option<Date> = None;
            let mut any = false;
            for approval in valid {
                any = true;
                match approval.valid_until {
                    None => return None,
                    Some(until) => last = Some(last.map_or(until, |l| l.max(until))),
                }
            }
            match last {
                // Each round moves past an approval's end, so this ends.
                Some(until) if any => match until.tomorrow() {
                    Ok(next) => day = next,
                    Err(_) => return None,
                },
                _ => return Some(day.yesterday().unwrap_or(day)),
            }
        }
    }

    /// The contraindications approvals on file cover on the assessment day, and those
    /// whose approvals expired before it, in one pass.
    pub(crate) fn approvals_on_assessment_day(&self) -> (ContraindicationSet, ContraindicationSet) {
        let mut valid = ContraindicationSet::empty();
        let mut expired = ContraindicationSet::empty();
        for approval in &self.approvals {
            if approval.is_valid_on(self.assessed_on) {
                valid |= approval.covers;
            } else if approval.is_expired_on(self.assessed_on) {
                expired |= approval.covers;
            }
        }
        (valid, expired)
    }

    /// The contraindications that valid approvals on file cover on the assessment day.
    pub fn approved(&self) -> ContraindicationSet {
        self.approvals_on_assessment_day().0
    }

    /// The contraindications that approvals on file covered but that expired before the
    /// assessment day.
    pub fn expired_approvals(&self) -> ContraindicationSet {
        self.approvals_on_assessment_day().1
    }

    /// The pain tolerance to plan with: the stated one, or light when unknown.
    pub fn effective_tolerance(&self) -> Pressure {
        self.pain_tolerance.unwrap_or(Pressure::Light)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Location {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Location".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let region = generator.subschema_for::<BodyRegion>();
        let part = generator.subschema_for::<BodyPart>();
        let side = generator.subschema_for::<Side>();
        schemars::json_schema!({
            "description": "A place on the body: a region's or a part's name, or a part and a side.",
            "anyOf": [
                region,
                part,
                {"type": "object", "required": ["part"], "additionalProperties": false,
                 "properties": {"part": part, "side": {"anyOf": [side, {"type": "null"}]}}},
            ],
        })
    }
}

/// Makes an intake one the seed protocol clears or restricts, for the generators of
/// intakes (strategies and cohorts): an adult of `age`, without a fever, seen by a
/// licensed, trained practitioner; pregnant with an approval on file, or not pregnant
/// (and so without the discomfort of pregnancy).
#[cfg(any(feature = "proptest", feature = "research"))]
pub(crate) fn make_plannable(intake: &mut Intake, age: u32, pregnant: bool) {
    intake.age = Some(age);
    intake.history.fever = Answer::No;
    intake.practitioner.licensed = Answer::Yes;
    intake.practitioner.medical_massage_trained = Answer::Yes;
    intake.approvals.clear();
    if pregnant {
        intake.pregnant = Answer::Yes;
        intake.approvals.push(PhysicianApproval {
            covers: Contraindication::Pregnancy.into(),
            given_on: None,
            valid_until: None,
            physician: None,
        });
    } else {
        intake.pregnant = Answer::No;
        intake
            .conditions
            .retain(|c| c.condition != Condition::PregnancyDiscomfort);
    }
}
