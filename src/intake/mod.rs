//! The intake: everything screening, selection and scheduling need to know of a client.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

mod approval;
mod history;
mod location;
mod problem;
use crate::limits::Limits;
use crate::problem::{Problem, ProblemKind};
use crate::vocabulary::{
    Acuity, Answer, BodyPart, BodyRegion, Condition, ConditionSet, Contraindication,
    ContraindicationSet, GoalSet, History, Pressure, Question, QuestionSet, RegionSet, Side,
    TechniqueSet,
};
pub use approval::PhysicianApproval;
pub(crate) use history::Fields as HistoryFields;
pub use history::MedicalHistory;
pub use location::Location;
pub use problem::IntakeError;

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
    #[serde(with = "crate::vocabulary::forms::IsoDate")]
    pub assessed_on: Date,
    /// Age in whole years; `None` when unknown.
    #[serde(default)]
    pub age: Option<u32>,
    /// Whether the client is pregnant; unknown unless stated. `true`, `false` and `null`
    /// are read as yes, no and unknown.
    #[serde(default, with = "crate::vocabulary::forms::LenientAnswer")]
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
        alias = "injured_on",
        alias = "operated_on",
        with = "crate::vocabulary::forms::MaybeIsoDate"
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

/// The practitioner who will give the massage (L31, L33, L182).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Practitioner {
    /// Holds a massage therapy licence.
    #[serde(default, with = "crate::vocabulary::forms::LenientAnswer")]
    pub licensed: Answer,
    /// Has specialised training in medical massage.
    #[serde(default, with = "crate::vocabulary::forms::LenientAnswer")]
    pub medical_massage_trained: Answer,
    /// The techniques the practitioner is certified in; `None` when not supplied, in which
    /// case certification is not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certified_techniques: Option<TechniqueSet>,
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

/// Checks a location's side; `path` writes the location's path with what follows it, in
/// one go, only when there is a problem.
fn check_location(location: Location, path: impl Fn(&str) -> String, problems: &mut Vec<Problem>) {
    let kind = match (location.part.is_paired(), location.side) {
        (true, None) => ProblemKind::MissingSide,
        (false, Some(_)) => ProblemKind::UnexpectedSide,
        _ => return,
    };
    problems.push(Problem::new(path(".side"), kind));
}

impl Intake {
    /// Checks the intake and reports every problem at once. Allocates only when it finds
    /// a problem.
    ///
    /// ```
    /// use massage_rules::Intake;
    /// use massage_rules::problem::ProblemKind;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 250,
    ///     "findings": [{"contraindication": "open_wound", "location": {"part": "forearm"}}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let problems = intake.validate().unwrap_err().problems;
    /// assert_eq!(problems.len(), 2);
    /// assert_eq!(problems[0].path, "age");
    /// assert_eq!(problems[1].path, "findings[0].location.side");
    /// assert_eq!(problems[1].kind, ProblemKind::MissingSide);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Result<(), IntakeError> {
        let mut problems = Vec::new();
        self.check(&mut problems);
        if problems.len() > Limits::PROBLEMS {
            let more = problems.len() - Limits::PROBLEMS;
            problems.truncate(Limits::PROBLEMS);
            problems.push(Problem::too_many(more));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(IntakeError { problems })
        }
    }

    /// The checks of [`validate`](Intake::validate), each problem found pushed onto
    /// `problems` (unbounded in number: the caller bounds the list).
    pub(crate) fn check(&self, problems: &mut Vec<Problem>) {
        // The path is made only when there is a problem: a valid intake allocates nothing.
        let mut limit = |path: &dyn Fn() -> String, len: usize, max: usize| {
            if len > max {
                problems.push(Problem::too_long(path(), len, max));
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
            problems.push(Problem::with_detail(
                "assessed_on",
                ProblemKind::OutOfRange,
                format!(
                    "the year {} is outside {}-{}",
                    self.assessed_on.year(),
                    crate::vocabulary::YEARS.start(),
                    crate::vocabulary::YEARS.end()
                ),
            ));
        }
        if self.age.is_some_and(|age| age > crate::Limits::AGE) {
            problems.push(Problem::new("age", ProblemKind::AgeOutOfRange));
        }
        for (i, approval) in self.approvals.iter().enumerate().take(Limits::APPROVALS) {
            if approval.covers.is_empty() {
                problems.push(Problem::new(
                    format!("approvals[{i}].covers"),
                    ProblemKind::EmptyApproval,
                ));
            }
        }
        for (i, finding) in self.findings.iter().enumerate().take(Limits::FINDINGS) {
            if !finding.contraindication.is_regional() {
                problems.push(Problem::new(
                    format!("findings[{i}].contraindication"),
                    ProblemKind::NotARegionalFinding,
                ));
            }
            match finding.location {
                None => problems.push(Problem::new(
                    format!("findings[{i}].location"),
                    ProblemKind::MissingLocation,
                )),
                Some(location) => check_location(
                    location,
                    |more| format!("findings[{i}].location{more}"),
                    problems,
                ),
            }
        }
        for (i, entry) in self.conditions.iter().enumerate().take(Limits::CONDITIONS) {
            for (j, location) in entry.locations.iter().enumerate().take(Limits::LOCATIONS) {
                check_location(
                    *location,
                    |more| format!("conditions[{i}].locations[{j}]{more}"),
                    problems,
                );
            }
            if let Some(onset) = entry.onset {
                if !crate::vocabulary::YEARS.contains(&onset.year()) {
                    problems.push(Problem::with_detail(
                        format!("conditions[{i}].onset"),
                        ProblemKind::OutOfRange,
                        format!("the year {} is outside the years accepted", onset.year()),
                    ));
                } else if onset > self.assessed_on {
                    problems.push(Problem::new(
                        format!("conditions[{i}].onset"),
                        ProblemKind::OnsetAfterAssessment,
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
                problems.push(Problem::too_long(
                    format!("history.{field}"),
                    locations.len(),
                    Limits::LOCATIONS,
                ));
            }
            for (j, location) in locations.iter().enumerate().take(Limits::LOCATIONS) {
                check_location(
                    *location,
                    |more| format!("history.{field}[{j}]{more}"),
                    problems,
                );
            }
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
    #[inline]
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
