//! Frequency scheduling: phased courses that taper with progress, concrete dates, and
//! exports to iCalendar (RFC 5545) and FHIR `Timing.repeat`.

use std::fmt;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::intake::ConditionEntry;
use crate::protocol::{MAX_PHASES, PhaseRule, Protocol, ProtocolStamp};
use crate::screening::Clearance;
use crate::seed::SeedLines;
use crate::selection::SessionPlan;
use crate::vocabulary::{
    Acuity, Condition, Contraindication, CourseKind, Day, DaySet, Period, Pressure, RuleId, YEARS,
};

/// How far ahead a schedule looks for dates before giving up (about ten years).
const HORIZON_DAYS: i32 = 3700;

/// Why a course is of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CourseBasis {
    /// The condition whose acuity chose the course; `None` for the fallback course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// Its acuity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acuity: Option<Acuity>,
    /// The row of the protocol's `scheduling.courses` that decided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u16>,
    /// Whether that row doses this condition in particular, rather than its acuity.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_condition: bool,
    /// The seed line behind the course kind.
    pub seed: SeedLines,
}

/// What a reassessment measures.
///
/// In JSON: `{"measure": "pain", "value": 6}`; a value off its scale is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "measure", content = "value", rename_all = "snake_case")]
pub enum Score {
    /// Pain on a 0-10 numeric rating scale; lower is better.
    Pain(u8),
    /// A functional score from 0 to 100; higher is better.
    Function(u8),
}

impl<'de> Deserialize<'de> for Score {
    /// `{"measure": "pain" | "function", "value": n}` in either order, read in one pass
    /// (both measures take a small whole number, so nothing is buffered); a value off its
    /// scale is refused.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Score;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"{"measure": "pain" or "function", "value": a whole number}"#)
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Score, A::Error> {
                use serde::de::Error;
                let mut measure: Option<std::borrow::Cow<'de, str>> = None;
                let mut value: Option<u8> = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "measure" if measure.is_none() => measure = Some(map.next_value()?),
                        "value" if value.is_none() => value = Some(map.next_value()?),
                        "measure" | "value" => {
                            return Err(A::Error::custom(format!("duplicate field `{key}`")));
                        }
                        other => return Err(A::Error::unknown_field(other, &["measure", "value"])),
                    }
                }
                let measure = measure.ok_or_else(|| A::Error::missing_field("measure"))?;
                let value = value.ok_or_else(|| A::Error::missing_field("value"))?;
                let score = match measure.as_ref() {
                    "pain" => Score::Pain(value),
                    "function" => Score::Function(value),
                    other => {
                        return Err(A::Error::unknown_variant(other, &["pain", "function"]));
                    }
                };
                if score.is_in_range() {
                    Ok(score)
                } else {
                    Err(A::Error::custom(
                        "score out of range: pain is 0-10, function 0-100",
                    ))
                }
            }
        }

        deserializer.deserialize_map(Visitor)
    }
}

impl Score {
    fn is_in_range(self) -> bool {
        match self {
            Score::Pain(v) => v <= 10,
            Score::Function(v) => v <= 100,
        }
    }
}

/// A reassessment of the client's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reassessment {
    /// When.
    #[serde(deserialize_with = "crate::intake::iso_date::required")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::IsoDate")
    )]
    pub on: Date,
    /// What was measured.
    pub score: Score,
}

/// Where a course stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CourseStatus {
    /// Sessions go on in the current phase.
    Active,
    /// The last phase ended with enough improvement.
    Completed,
    /// The client is worse, or not improving: re-screen, or refer to a physician.
    Referred,
}

/// What a reassessment decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// The first score was recorded as the baseline.
    BaselineRecorded,
    /// Enough improvement: on to the next, less frequent phase.
    Advance,
    /// Not enough improvement yet: the phase is repeated.
    Hold,
    /// Enough improvement in the last phase: the course is complete.
    Complete,
    /// Worse than the baseline, or worse than the best score so far (a relapse), by the
    /// protocol's threshold: re-screen, or refer to a physician.
    ReferWorse,
    /// No progress after the protocol's number of holds: re-screen.
    ReferNoProgress,
}

/// A reassessment and what it decided, kept in the course's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProgressRecord {
    /// The reassessment.
    pub reassessment: Reassessment,
    /// Improvement in percent of the room to improve (negative when worse); `None` for
    /// the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improvement_percent: Option<i16>,
    /// The phase the course was in.
    pub phase: u8,
    /// The decision.
    pub progress: Progress,
    /// The pressure of the sessions after it (R-gentle), when the course keeps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pressure: Option<Pressure>,
    /// The rule behind it (R-taper).
    pub rule: RuleId,
    /// The seed lines behind it.
    pub seed: SeedLines,
}

/// A course of sessions: its phases, where it stands, and its history. Serializable, so it
/// can be stored and resumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// The protocol that made it.
    pub protocol: ProtocolStamp,
    /// The kind.
    pub kind: CourseKind,
    /// Why this kind.
    pub basis: CourseBasis,
    /// The phases, most frequent first.
    pub phases: Vec<PhaseRule>,
    /// The current phase (0-based).
    pub phase: u8,
    /// Status.
    pub status: CourseStatus,
    /// Minutes a session lasts, from the session plan the course was started with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_minutes: Option<u16>,
    /// The day of the assessment the course rests on: no session before it, and a start
    /// more than `rescreen_after_days` after it asks for a new screening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::vocabulary::schema_forms::IsoDate>")
    )]
    pub assessed_on: Option<Date>,
    /// The protocol's limit between the assessment and the first session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescreen_after_days: Option<u16>,
    /// The physician's approvals the screening relied on that run out, with the last day
    /// the approvals on file cover each (L134, L140): no session is scheduled after it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approval_limits: Vec<ApprovalLimit>,
    /// The firmest pressure of the coming sessions (R-gentle, L161): the plan's first
    /// session pressure at the start, raised a level by each reassessment that reaches
    /// the protocol's improvement, never above `pressure_ceiling`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pressure: Option<Pressure>,
    /// The session plan's pressure limit, which `pressure` never passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pressure_ceiling: Option<Pressure>,
    /// The score progress is measured against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Score>,
    /// Reassessments in a row without enough improvement.
    #[serde(default)]
    pub holds: u8,
    /// Every reassessment and its decision.
    #[serde(default)]
    pub history: Vec<ProgressRecord>,
}

/// An approval a course relies on, and the last day the approvals on file cover it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApprovalLimit {
    /// What the approval covers.
    pub contraindication: Contraindication,
    /// The last day it is covered, one approval taking over from another.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::IsoDate")
    )]
    pub valid_until: Date,
}

/// A course could not take a reassessment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProgressError {
    /// The course is completed or referred.
    #[error("the course is {0:?}, not active")]
    NotActive(CourseStatus),
    /// The score is out of its scale.
    #[error("score out of range: pain is 0-10, function 0-100")]
    OutOfRange,
    /// The score measures something else than the baseline.
    #[error("the reassessment measures something else than the baseline")]
    OtherMeasure,
    /// Another protocol made the course.
    #[error("the course was made by {course}, not by {protocol}")]
    ProtocolMismatch {
        /// The course's protocol.
        course: ProtocolStamp,
        /// The protocol given.
        protocol: ProtocolStamp,
    },
    /// The reassessment is dated before the assessment, or on or before the reassessment
    /// before it: a course's dates move forward.
    #[error("the reassessment of {on} is not after {after}: dates move forward")]
    OutOfOrder {
        /// The reassessment's date.
        on: Date,
        /// The date it must follow (the assessment, or the previous reassessment).
        after: Date,
    },
    /// A new screening dated before what the course already rests on.
    #[error("a new screening of {on} is before the course's last assessment of {after}")]
    RescreenOutOfOrder {
        /// The new assessment's date.
        on: Date,
        /// The latest assessment or reassessment of the course.
        after: Date,
    },
    /// A new screening that does not allow a session, or whose plan has no technique.
    #[error("the new screening allows no course: {0}")]
    NotCleared(#[from] CourseError),
}

/// A course could not be started.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "error", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CourseError {
    /// The session plan has no technique: nothing to give a course of.
    #[error("the session plan has no technique")]
    NoTechnique,
    /// The session plan was made by another protocol.
    #[error("the session plan was made by {session}, not by {protocol}")]
    ProtocolMismatch {
        /// The session plan's protocol.
        session: ProtocolStamp,
        /// The clearance's protocol.
        protocol: ProtocolStamp,
    },
}

/// A schedule could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "error", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ScheduleError {
    /// No weekday is available.
    #[error("no weekday is available")]
    NoWeekdays,
    /// A phase asks for more sessions a week than there are available weekdays.
    #[error("phase {phase} needs {needed} weekdays a week, only {available} are available")]
    NotEnoughWeekdays {
        /// The phase (0-based).
        phase: u8,
        /// Sessions a week it needs.
        needed: u8,
        /// Weekdays available.
        available: u8,
    },
    /// No dates were found within about ten years.
    #[error("no dates found for phase {phase} within the horizon")]
    NoDates {
        /// The phase (0-based).
        phase: u8,
    },
    /// The start is outside the years a course may fall in ([`YEARS`]).
    #[error("the start {start} is outside the years a course may fall in")]
    StartOutOfRange {
        /// The start asked for.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::schema_forms::IsoDate")
        )]
        start: Date,
    },
    /// The course has more phases than a valid protocol gives one.
    #[error("the course has {phases} phases; a course has at most {MAX_PHASES}")]
    TooManyPhases {
        /// How many it has.
        phases: usize,
    },
    /// The course would start before the assessment it rests on.
    #[error("the course cannot start on {start}, before the assessment of {assessed_on}")]
    StartBeforeAssessment {
        /// The assessment.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::schema_forms::IsoDate")
        )]
        assessed_on: Date,
        /// The start asked for.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::schema_forms::IsoDate")
        )]
        start: Date,
    },
    /// The course would start too long after the assessment: screen the client again.
    #[error(
        "the course would start on {start}, more than {max_days} days after the assessment \
         of {assessed_on}: screen the client again"
    )]
    StaleIntake {
        /// The assessment.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::schema_forms::IsoDate")
        )]
        assessed_on: Date,
        /// The start asked for.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::schema_forms::IsoDate")
        )]
        start: Date,
        /// The protocol's limit.
        max_days: u16,
    },
}

/// When the client can come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// Weekdays the client can come on.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::vocabulary::Day>"))]
    pub weekdays: DaySet,
    /// Dates the client cannot come, even on an available weekday.
    #[serde(default, deserialize_with = "crate::intake::iso_date::list")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::schema_forms::IsoDate>")
    )]
    pub unavailable: Vec<Date>,
}

/// The dates of one phase, and the recurrence that gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduledPhase {
    /// The phase (0-based).
    pub index: u8,
    /// The phase's rule.
    pub rule: PhaseRule,
    /// The weekdays sessions fall on (one for a monthly phase).
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::vocabulary::Day>"))]
    pub weekdays: DaySet,
    /// For a monthly phase: which of its weekday in the month sessions fall on, 1 to 4,
    /// or -1 for the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_of_month: Option<i8>,
    /// The recurrence's first date (`DTSTART`): the phase's first session.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::IsoDate")
    )]
    pub dtstart: Date,
    /// The session dates.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::schema_forms::IsoDate>")
    )]
    pub dates: Vec<Date>,
    /// Dates the recurrence gives but the client cannot come (`EXDATE`).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::vocabulary::schema_forms::IsoDate>")
    )]
    pub excluded: Vec<Date>,
}

/// The dated phases of a course, from its current phase on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Schedule {
    /// The protocol behind the course.
    pub protocol: ProtocolStamp,
    /// The course kind.
    pub kind: CourseKind,
    /// Minutes a session lasts, if known (from the session plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_minutes: Option<u16>,
    /// The phases with their dates.
    pub phases: Vec<ScheduledPhase>,
    /// Where the schedule stops short of the course, when a last day was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop: Option<ScheduleStop>,
}

/// A schedule stopped short of its course: no session may fall after `last_day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleStop {
    /// The last day a session could be booked on.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::IsoDate")
    )]
    pub last_day: Date,
    /// The first session date the course would have had after it.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::IsoDate")
    )]
    pub next_date: Date,
    /// Sessions of the course that were not booked.
    pub sessions_not_booked: u32,
}

impl Course {
    /// Starts the course for a cleared intake and its session plan: the first course of
    /// the protocol whose acuity one of the conditions the plan treats has (the protocol
    /// lists the most frequent first), or the fallback course (a single session) when none
    /// has. A condition the plan cannot treat (every region of it to be avoided) calls for
    /// no course of its own, and a plan without a technique for none at all. The session
    /// length goes with the course into its schedule. `baseline` is the score progress is
    /// measured against; without one (or with one off its scale), the first reassessment
    /// becomes the baseline.
    ///
    /// ```
    /// use massage_rules::{plan, Course, Intake, Protocol, Screened};
    /// use massage_rules::scheduling::Score;
    /// use massage_rules::vocabulary::CourseKind;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let protocol = Protocol::seed();
    /// let screened = Screened::new(&protocol, &intake)?;
    /// let clearance = screened.clearance()?;
    /// let session = plan(&clearance);
    /// let course = Course::start(&clearance, &session, Some(Score::Pain(6)))?;
    /// assert_eq!(course.kind, CourseKind::Chronic);
    /// assert_eq!(course.phases[0].sessions, 2); // twice a week first (L168)
    /// assert_eq!(course.session_minutes, Some(60));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start(
        clearance: &Clearance<'_>,
        session: &SessionPlan,
        baseline: Option<Score>,
    ) -> Result<Course, CourseError> {
        let protocol = clearance.protocol();
        if session.protocol != protocol.stamp() {
            return Err(CourseError::ProtocolMismatch {
                session: session.protocol,
                protocol: protocol.stamp(),
            });
        }
        if session.techniques.is_empty() {
            return Err(CourseError::NoTechnique);
        }
        let treated: Vec<ConditionEntry> = clearance
            .intake()
            .conditions
            .iter()
            .filter(|c| !session.unaddressed.contains(c.condition))
            .cloned()
            .collect();
        let mut course = Course::choose(protocol, &treated, baseline);
        // The course row's length when it sets one (a dosing trial's), else the plan's.
        course.session_minutes = course.session_minutes.or(Some(session.minutes));
        // A gentle first session, within the plan's limit (R-gentle, L161).
        course.pressure_ceiling = Some(session.pressure_limit);
        course.pressure = Some(session.first_session_pressure.min(session.pressure_limit));
        let intake = clearance.intake();
        course.assessed_on = Some(intake.assessed_on);
        course.rescreen_after_days = Some(protocol.scheduling.rescreen_after_days);
        course.approval_limits = clearance
            .screening()
            .approval_on_file
            .iter()
            .filter_map(|c| {
                intake
                    .approval_covers_through(c, intake.assessed_on)
                    .map(|valid_until| ApprovalLimit {
                        contraindication: c,
                        valid_until,
                    })
            })
            .collect();
        Ok(course)
    }

    fn choose(
        protocol: &Protocol,
        conditions: &[ConditionEntry],
        baseline: Option<Score>,
    ) -> Course {
        let rules = &protocol.scheduling;
        // The rows by acuity, most frequent first, decide which acuity the course serves;
        // at that acuity, a row for one of the conditions the plan treats there doses it
        // instead (neck pain otherwise than low back pain). A condition row never
        // outranks a more frequent acuity of another condition.
        let for_condition = |acuity: Acuity, entries: &[&ConditionEntry]| {
            rules.courses.iter().enumerate().find_map(|(row, course)| {
                let condition = course.for_condition?;
                if course.for_acuity.is_some_and(|a| a != acuity) {
                    return None;
                }
                entries
                    .iter()
                    .find(|e| e.condition == condition)
                    .map(|e| (row, course, Some(e.condition), Some(acuity)))
            })
        };
        let by_acuity = || {
            rules.courses.iter().enumerate().find_map(|(row, course)| {
                let acuity = course.for_acuity?;
                if course.for_condition.is_some() {
                    return None;
                }
                let entries: Vec<&ConditionEntry> =
                    conditions.iter().filter(|c| c.acuity == acuity).collect();
                let first = entries.first()?;
                Some(for_condition(acuity, &entries).unwrap_or((
                    row,
                    course,
                    Some(first.condition),
                    Some(acuity),
                )))
            })
        };
        let fallback = || {
            rules
                .courses
                .iter()
                .enumerate()
                .find(|(_, c)| c.for_acuity.is_none() && c.for_condition.is_none())
                .map(|(row, c)| (row, c, None, None))
        };
        let (kind, phases, condition, acuity, row, minutes) = match by_acuity().or_else(fallback) {
            Some((row, course, condition, acuity)) => (
                course.kind,
                course.phases.clone(),
                condition,
                acuity,
                Some(row),
                course.session_minutes,
            ),
            // A protocol without a fallback (which validation rejects): one session.
            None => (
                CourseKind::Single,
                vec![PhaseRule {
                    sessions: 1,
                    per: Period::Week,
                    periods: 1,
                    seed: CourseKind::Single.seed(),
                }],
                None,
                None,
                None,
                None,
            ),
        };
        Course {
            protocol: protocol.stamp(),
            kind,
            basis: CourseBasis {
                condition,
                acuity,
                row: row.and_then(|r| u16::try_from(r).ok()),
                by_condition: row
                    .and_then(|r| rules.courses.get(r))
                    .is_some_and(|c| c.for_condition.is_some()),
                seed: kind.seed(),
            },
            phases,
            phase: 0,
            status: CourseStatus::Active,
            session_minutes: minutes,
            assessed_on: None,
            rescreen_after_days: None,
            approval_limits: Vec::new(),
            pressure: None,
            pressure_ceiling: None,
            baseline: baseline.filter(|b| b.is_in_range()),
            holds: 0,
            history: Vec::new(),
        }
    }

    /// The current phase, if the course is active.
    pub fn current_phase(&self) -> Option<&PhaseRule> {
        match self.status {
            CourseStatus::Active => self.phases.get(usize::from(self.phase)),
            _ => None,
        }
    }

    /// Sessions the remaining phases promise, from the current one on.
    pub fn remaining_sessions(&self) -> u32 {
        if self.status != CourseStatus::Active {
            return 0;
        }
        self.phases
            .iter()
            .skip(usize::from(self.phase))
            .map(PhaseRule::total_sessions)
            .sum()
    }

    /// Records a reassessment and moves the course on: to the next, less frequent phase
    /// when improvement reaches the protocol's threshold; holding the phase when it does
    /// not; referring when the client is worse than the baseline or than the best score
    /// so far (a relapse: pain 7, then 2, then 6), by the protocol's threshold, or has not
    /// improved after the protocol's number of holds (L169-170).
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::scheduling::{CourseStatus, Progress, Reassessment, Score};
    /// use massage_rules::{plan, Course, Intake, Protocol, Screened};
    /// let intake = Intake::from_json(r#"{
    ///     "assessed_on": "2026-11-27", "age": 45, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "neck_pain", "acuity": "chronic", "locations": ["neck"]}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let protocol = Protocol::seed();
    /// let screened = Screened::new(&protocol, &intake)?;
    /// let clearance = screened.clearance()?;
    /// let mut course = Course::start(&clearance, &plan(&clearance), Some(Score::Pain(8)))?;
    /// let on = |d| Reassessment { on: date(2027, 1, d), score: Score::Pain(0) };
    /// // Pain 8 to 7 is 12% of the room to improve: not enough, the phase is held.
    /// let seven = Reassessment { score: Score::Pain(7), ..on(4) };
    /// assert_eq!(course.reassess(&protocol, seven)?, Progress::Hold);
    /// // 8 to 4 is 50%: on to once a week.
    /// let four = Reassessment { score: Score::Pain(4), ..on(11) };
    /// assert_eq!(course.reassess(&protocol, four)?, Progress::Advance);
    /// assert_eq!(course.current_phase().unwrap().sessions, 1);
    /// // Back up to 6 is a relapse from the best score so far: refer.
    /// let six = Reassessment { score: Score::Pain(6), ..on(18) };
    /// assert_eq!(course.reassess(&protocol, six)?, Progress::ReferWorse);
    /// assert_eq!(course.status, CourseStatus::Referred);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reassess(
        &mut self,
        protocol: &Protocol,
        reassessment: Reassessment,
    ) -> Result<Progress, ProgressError> {
        if self.protocol != protocol.stamp() {
            return Err(ProgressError::ProtocolMismatch {
                course: self.protocol,
                protocol: protocol.stamp(),
            });
        }
        if self.status != CourseStatus::Active {
            return Err(ProgressError::NotActive(self.status));
        }
        let score = reassessment.score;
        if !score.is_in_range() {
            return Err(ProgressError::OutOfRange);
        }
        // Dates move forward: never before the assessment, never on or before the
        // reassessment before.
        if let Some(last) = self.history.last().map(|r| r.reassessment.on)
            && reassessment.on <= last
        {
            return Err(ProgressError::OutOfOrder {
                on: reassessment.on,
                after: last,
            });
        }
        if let Some(assessed_on) = self.assessed_on
            && reassessment.on < assessed_on
        {
            return Err(ProgressError::OutOfOrder {
                on: reassessment.on,
                after: assessed_on,
            });
        }
        let rules = &protocol.scheduling;
        let best = self.best_score();
        let (progress, improvement) = match self.baseline {
            None => {
                self.baseline = Some(score);
                (Progress::BaselineRecorded, None)
            }
            Some(baseline) => {
                let (gain, room) = match (baseline, score) {
                    (Score::Pain(b), Score::Pain(c)) => (i16::from(b) - i16::from(c), i16::from(b)),
                    (Score::Function(b), Score::Function(c)) => {
                        (i16::from(c) - i16::from(b), 100 - i16::from(b))
                    }
                    _ => return Err(ProgressError::OtherMeasure),
                };
                // Worse than the baseline, or a relapse from the best score so far: both
                // by the protocol's threshold (the best is never worse than the baseline).
                let worse = match (best.unwrap_or(baseline), score) {
                    (Score::Pain(b), Score::Pain(c)) => {
                        c >= b.saturating_add(rules.worse_pain_points)
                    }
                    (Score::Function(b), Score::Function(c)) => {
                        b >= c.saturating_add(rules.worse_function_points)
                    }
                    _ => return Err(ProgressError::OtherMeasure),
                };
                // Nothing left to improve counts as full improvement when nothing was lost.
                let percent = if room == 0 {
                    if gain >= 0 { 100 } else { -100 }
                } else {
                    gain * 100 / room
                };
                let progress = if worse {
                    self.status = CourseStatus::Referred;
                    Progress::ReferWorse
                } else if percent >= i16::from(rules.improvement_percent) {
                    self.holds = 0;
                    // Improvement firms the work up a level, within the ceiling (R-gentle).
                    if let (Some(now), Some(ceiling)) = (self.pressure, self.pressure_ceiling) {
                        let up = Pressure::from_code(now.code().saturating_add(1)).unwrap_or(now);
                        self.pressure = Some(up.min(ceiling));
                    }
                    if usize::from(self.phase) + 1 < self.phases.len() && self.phase < u8::MAX {
                        self.phase += 1;
                        Progress::Advance
                    } else {
                        self.status = CourseStatus::Completed;
                        Progress::Complete
                    }
                } else {
                    self.holds = self.holds.saturating_add(1);
                    if self.holds > rules.max_holds {
                        self.status = CourseStatus::Referred;
                        Progress::ReferNoProgress
                    } else {
                        Progress::Hold
                    }
                };
                (progress, Some(percent))
            }
        };
        self.history.push(ProgressRecord {
            reassessment,
            improvement_percent: improvement,
            phase: self.phase,
            progress,
            pressure: self.pressure,
            rule: RuleId::Taper,
            seed: RuleId::Taper.seed(),
        });
        Ok(progress)
    }

    /// The last day the client was seen for the course: the latest of the assessment and
    /// the reassessments. The protocol's `rescreen_after_days` counts from it, so a course
    /// reassessed on time can be re-dated for as long as it runs (the taper of L169-170).
    pub fn last_seen(&self) -> Option<Date> {
        let reassessed = self.history.last().map(|r| r.reassessment.on);
        match (self.assessed_on, reassessed) {
            (Some(a), Some(r)) => Some(a.max(r)),
            (a, r) => a.or(r),
        }
    }

    /// Re-screens a course in progress on a new intake (a new assessment): the course
    /// keeps its phase, history and baseline, and takes from the new screening its
    /// assessment day (which renews the window of `rescreen_after_days`), the approvals
    /// it now relies on, and the new plan's pressure limit (the pressure never rises past
    /// it). A screening that no longer allows a session, a plan without a technique, or
    /// an assessment before what the course already rests on is an error, and the course
    /// is left as it was.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::{plan, Course, Intake, Protocol, Screened};
    /// use massage_rules::scheduling::{Availability, Reassessment, Score};
    /// use massage_rules::vocabulary::Day;
    /// let text = |day: &str| format!(r#"{{"assessed_on": "{day}", "age": 45, "pregnant": "no",
    ///     "findings": [], "history": "none",
    ///     "conditions": [{{"condition": "back_pain", "acuity": "chronic"}}],
    ///     "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#);
    /// let protocol = Protocol::seed();
    /// let first = Intake::from_json(&text("2026-11-27"))?;
    /// let screened = Screened::new(&protocol, &first)?;
    /// let clearance = screened.clearance()?;
    /// let mut course = Course::start(&clearance, &plan(&clearance), Some(Score::Pain(7)))?;
    /// let week = Availability { weekdays: Day::Monday | Day::Thursday, unavailable: vec![] };
    /// // Three months on, the old assessment is stale ...
    /// assert!(course.schedule(date(2027, 3, 1), &week).is_err());
    /// // ... until the client is screened again.
    /// let again = Intake::from_json(&text("2027-02-26"))?;
    /// let screened = Screened::new(&protocol, &again)?;
    /// let clearance = screened.clearance()?;
    /// course.rescreen(&clearance, &plan(&clearance))?;
    /// assert!(course.schedule(date(2027, 3, 1), &week).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rescreen(
        &mut self,
        clearance: &Clearance<'_>,
        session: &SessionPlan,
    ) -> Result<(), ProgressError> {
        let protocol = clearance.protocol();
        if self.protocol != protocol.stamp() {
            return Err(ProgressError::ProtocolMismatch {
                course: self.protocol,
                protocol: protocol.stamp(),
            });
        }
        if self.status != CourseStatus::Active {
            return Err(ProgressError::NotActive(self.status));
        }
        let intake = clearance.intake();
        if let Some(seen) = self.last_seen()
            && intake.assessed_on < seen
        {
            return Err(ProgressError::RescreenOutOfOrder {
                on: intake.assessed_on,
                after: seen,
            });
        }
        // The new plan must allow a course of its own.
        let fresh = Course::start(clearance, session, None)?;
        self.assessed_on = fresh.assessed_on;
        self.rescreen_after_days = fresh.rescreen_after_days;
        self.approval_limits = fresh.approval_limits;
        self.pressure_ceiling = fresh.pressure_ceiling;
        self.pressure = match (self.pressure, fresh.pressure_ceiling) {
            (Some(p), Some(c)) => Some(p.min(c)),
            (p, _) => p,
        };
        Ok(())
    }

    /// The best score so far on the baseline's measure: the baseline and every
    /// reassessment since (lowest pain, highest function). `None` before a baseline.
    pub fn best_score(&self) -> Option<Score> {
        let baseline = self.baseline?;
        let scores = self
            .history
            .iter()
            .map(|r| r.reassessment.score)
            .chain(std::iter::once(baseline));
        let best = match baseline {
            Score::Pain(_) => scores
                .filter_map(|s| match s {
                    Score::Pain(v) => Some(v),
                    Score::Function(_) => None,
                })
                .min()
                .map(Score::Pain),
            Score::Function(_) => scores
                .filter_map(|s| match s {
                    Score::Function(v) => Some(v),
                    Score::Pain(_) => None,
                })
                .max()
                .map(Score::Function),
        };
        best.or(Some(baseline))
    }

    /// Dates for the remaining phases, as if every reassessment advanced the course.
    ///
    /// The first session is on the first available date on or after `start`: an available
    /// weekday that is not an unavailable date. A phase's sessions follow the rhythm its
    /// first session sets: weekly phases use that weekday and the other available weekdays
    /// spread as far apart as the week allows (two a week from a Monday, on Monday to
    /// Friday: Monday and Thursday); monthly phases fall on the same weekday of the month
    /// as their first session (the second Wednesday, or the last Friday for a fifth one).
    /// The next phase starts when this one's weeks or months are over, or the day after
    /// its last session if that is later. A date the client cannot come is skipped and the
    /// phase runs on until it has all its sessions. Never two sessions on one day, none
    /// before `start`.
    ///
    /// The course keeps what it rests on: a start before the assessment is an error, and
    /// so is one more than the protocol's `rescreen_after_days` after it (screen the
    /// client again); no session falls after the last day a physician's approval the
    /// screening relied on is covered — the schedule stops there and says so in
    /// [`Schedule::stop`].
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::{Course, Intake, Protocol};
    /// use massage_rules::scheduling::Availability;
    /// use massage_rules::vocabulary::Day;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "strain", "acuity": "injury"}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let protocol = Protocol::seed();
    /// let screened = massage_rules::Screened::new(&protocol, &intake)?;
    /// let clearance = screened.clearance()?;
    /// let course = Course::start(&clearance, &massage_rules::plan(&clearance), None)?;
    /// let available = Availability {
    ///     weekdays: Day::Monday | Day::Wednesday | Day::Friday,
    ///     unavailable: vec![date(2026, 12, 4)],
    /// };
    /// let schedule = course.schedule(date(2026, 11, 30), &available)?;
    /// let first = &schedule.phases[0];
    /// assert_eq!(first.rrule(), "FREQ=WEEKLY;WKST=MO;BYDAY=MO,FR;COUNT=7");
    /// assert_eq!(first.dates[..3], [date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 11)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule(
        &self,
        start: Date,
        availability: &Availability,
    ) -> Result<Schedule, ScheduleError> {
        self.schedule_until(start, availability, None)
    }

    /// [`schedule`](Course::schedule), with no session after `last_day`: the schedule
    /// stops before the first date past it, and says so in [`Schedule::stop`] (that date,
    /// and how many sessions were not booked). A phase left without a date is left out.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::{Course, Intake, Protocol};
    /// use massage_rules::scheduling::Availability;
    /// use massage_rules::vocabulary::Day;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let protocol = Protocol::seed();
    /// let screened = massage_rules::Screened::new(&protocol, &intake)?;
    /// let clearance = screened.clearance()?;
    /// let course = Course::start(&clearance, &massage_rules::plan(&clearance), None)?;
    /// let available = Availability { weekdays: Day::Monday | Day::Thursday, unavailable: vec![] };
    /// let schedule = course.schedule_until(date(2026, 11, 30), &available, Some(date(2026, 12, 10)))?;
    /// assert_eq!(schedule.dates().count(), 4); // Nov 30, Dec 3, Dec 7, Dec 10
    /// let stop = schedule.stop.unwrap();
    /// assert_eq!(stop.next_date, date(2026, 12, 14));
    /// assert_eq!(stop.sessions_not_booked, 15 - 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule_until(
        &self,
        start: Date,
        availability: &Availability,
        last_day: Option<Date>,
    ) -> Result<Schedule, ScheduleError> {
        if availability.weekdays.is_empty() {
            return Err(ScheduleError::NoWeekdays);
        }
        // A course read from JSON is not checked against a protocol: keep it within what
        // a valid protocol makes.
        if self.phases.len() > MAX_PHASES {
            return Err(ScheduleError::TooManyPhases {
                phases: self.phases.len(),
            });
        }
        if !YEARS.contains(&start.year()) {
            return Err(ScheduleError::StartOutOfRange { start });
        }
        if let Some(assessed_on) = self.assessed_on {
            if start < assessed_on {
                return Err(ScheduleError::StartBeforeAssessment { assessed_on, start });
            }
            if let Some(max_days) = self.rescreen_after_days {
                // A reassessment sees the client again and renews the window.
                let seen = self.last_seen().unwrap_or(assessed_on);
                let latest = seen
                    .checked_add(i64::from(max_days).days())
                    .unwrap_or(Date::MAX);
                if start > latest {
                    return Err(ScheduleError::StaleIntake {
                        assessed_on: seen,
                        start,
                        max_days,
                    });
                }
            }
        }
        // No session after an approval the course relies on runs out.
        let last_day = self
            .approval_limits
            .iter()
            .map(|l| l.valid_until)
            .chain(last_day)
            .min();
        // The dates the client cannot come, sorted once, so each candidate date is looked
        // up by binary search rather than a scan of the whole list.
        let mut unavailable = availability.unavailable.clone();
        unavailable.sort_unstable();
        unavailable.dedup();
        let availability = &Availability {
            weekdays: availability.weekdays,
            unavailable,
        };
        let mut phases = Vec::new();
        let mut stop = None;
        let mut from = start;
        if self.status == CourseStatus::Active {
            let mut promised: u32 = self.remaining_sessions();
            for (i, rule) in self.phases.iter().enumerate().skip(usize::from(self.phase)) {
                let index = u8::try_from(i).unwrap_or(u8::MAX);
                let (phase, next) = schedule_phase(index, *rule, from, availability, last_day)?;
                promised = promised.saturating_sub(phase.dates.len() as u32);
                if !phase.dates.is_empty() {
                    phases.push(phase);
                }
                match next {
                    Next::From(date) => from = date,
                    Next::Stopped(next_date) => {
                        stop = Some(ScheduleStop {
                            last_day: last_day.unwrap_or(next_date),
                            next_date,
                            sessions_not_booked: promised,
                        });
                        break;
                    }
                }
            }
        }
        Ok(Schedule {
            protocol: self.protocol,
            kind: self.kind,
            session_minutes: self.session_minutes,
            phases,
            stop,
        })
    }
}

/// Chooses `n` weekdays of `available` that include `anchor`, as evenly spread over the
/// week as possible; among equally spread choices, the one whose sessions come soonest
/// after the anchor. `None` when `anchor` is not available or `n` does not fit.
pub(crate) fn spread_weekdays(available: DaySet, n: u8, anchor: Day) -> Option<DaySet> {
    if !available.contains(anchor) {
        return None;
    }
    // Offsets of the other available days from the anchor, 1 to 6.
    let offsets: Vec<u8> = (1..7u8)
        .filter(|k| Day::from_code((anchor.code() + k) % 7).is_some_and(|d| available.contains(d)))
        .collect();
    let n = usize::from(n);
    if n == 0 || n > offsets.len() + 1 {
        return None;
    }
    let mut best: Option<(std::cmp::Reverse<u8>, Vec<u8>)> = None;
    // At most 2^6 subsets of the other days: try them all.
    for mask in 0u32..(1 << offsets.len()) {
        if mask.count_ones() as usize != n - 1 {
            continue;
        }
        let mut chosen = vec![0u8];
        chosen.extend(
            (0..offsets.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| offsets[i]),
        );
        // The smallest gap between consecutive sessions, around the week too.
        let min_gap = (0..n)
            .map(|k| chosen.get(k + 1).copied().unwrap_or(7) - chosen[k])
            .min()
            .unwrap_or(7);
        let key = (std::cmp::Reverse(min_gap), chosen);
        if best.as_ref().is_none_or(|b| key < *b) {
            best = Some(key);
        }
    }
    best.map(|(_, chosen)| {
        chosen
            .into_iter()
            .filter_map(|k| Day::from_code((anchor.code() + k) % 7))
            .collect()
    })
}

/// Where the next phase starts, or the first date past the schedule's last day.
enum Next {
    From(Date),
    Stopped(Date),
}

/// The first date on or after `from` the client can come, within the horizon.
fn first_available(from: Date, availability: &Availability) -> Option<Date> {
    (0..HORIZON_DAYS)
        .filter_map(|d| from.checked_add(d.days()).ok())
        .find(|d| {
            availability.weekdays.contains(Day::from_jiff(d.weekday()))
                && availability.unavailable.binary_search(d).is_err()
        })
}

fn schedule_phase(
    index: u8,
    rule: PhaseRule,
    from: Date,
    availability: &Availability,
    last_day: Option<Date>,
) -> Result<(ScheduledPhase, Next), ScheduleError> {
    let wanted = rule.total_sessions() as usize;
    let anchor =
        first_available(from, availability).ok_or(ScheduleError::NoDates { phase: index })?;
    let anchor_day = Day::from_jiff(anchor.weekday());
    let (weekdays, nth) = match rule.per {
        Period::Week => (
            spread_weekdays(availability.weekdays, rule.sessions, anchor_day).ok_or(
                ScheduleError::NotEnoughWeekdays {
                    phase: index,
                    needed: rule.sessions,
                    available: availability.weekdays.len() as u8,
                },
            )?,
            0,
        ),
        Period::Month => {
            // The anchor's place among its weekday in the month: 1 to 4, or -1 (the last)
            // for a fifth, which not every month has.
            let nth = (anchor.day() - 1) / 7 + 1;
            (DaySet::only(anchor_day), if nth == 5 { -1 } else { nth })
        }
    };
    let candidates: Box<dyn Iterator<Item = Date>> = match rule.per {
        Period::Week => Box::new(
            (0..HORIZON_DAYS)
                .filter_map(move |d| anchor.checked_add(d.days()).ok())
                .filter(move |d| weekdays.contains(Day::from_jiff(d.weekday()))),
        ),
        Period::Month => {
            let first_month = anchor.first_of_month();
            let day = anchor_day.to_jiff();
            Box::new(
                (0..HORIZON_DAYS / 28)
                    .filter_map(move |m| first_month.checked_add(m.months()).ok())
                    .filter_map(move |month| month.nth_weekday_of_month(nth, day).ok())
                    .filter(move |d| *d >= anchor),
            )
        }
    };
    let mut dates = Vec::with_capacity(wanted);
    let mut excluded = Vec::new();
    let mut stopped = None;
    for day in candidates {
        if last_day.is_some_and(|last| day > last) {
            stopped = Some(day);
            break;
        }
        if availability.unavailable.binary_search(&day).is_ok() {
            excluded.push(day);
        } else {
            dates.push(day);
            if dates.len() == wanted {
                break;
            }
        }
    }
    let next = match stopped {
        Some(date) => Next::Stopped(date),
        None if dates.len() == wanted => {
            // The next phase starts when this one's periods are over, or after its last
            // session if holidays pushed that later.
            let periods = i64::from(rule.periods);
            let span = match rule.per {
                Period::Week => anchor.checked_add(periods.weeks()),
                Period::Month => anchor.checked_add(periods.months()),
            };
            // Past the end of the calendar there is no next day: no next phase either,
            // rather than a second session on the last day.
            let Some(after_last) = dates.last().and_then(|d| d.tomorrow().ok()) else {
                return Err(ScheduleError::NoDates { phase: index });
            };
            Next::From(span.ok().map_or(after_last, |a| a.max(after_last)))
        }
        None => return Err(ScheduleError::NoDates { phase: index }),
    };
    // A trailing excluded date after the last session says nothing: drop it, so the
    // recurrence ends on the last session.
    if let Some(last) = dates.last() {
        excluded.retain(|d| d < last);
    }
    Ok((
        ScheduledPhase {
            index,
            rule,
            weekdays,
            week_of_month: (rule.per == Period::Month).then_some(nth),
            dtstart: anchor,
            dates,
            excluded,
        },
        next,
    ))
}

impl Schedule {
    /// Every session date, in order.
    pub fn dates(&self) -> impl Iterator<Item = Date> + '_ {
        self.phases.iter().flat_map(|p| p.dates.iter().copied())
    }
}

impl fmt::Display for Schedule {
    /// The course's phases and dates, for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.kind.label(), self.protocol)?;
        for phase in &self.phases {
            let per = match phase.rule.per {
                Period::Week => "week",
                Period::Month => "month",
            };
            write!(
                f,
                "\n  phase {}: {} a {per} for {} {per}s ({}), from {}:",
                phase.index + 1,
                phase.rule.sessions,
                phase.rule.periods,
                phase.rule.seed,
                phase
                    .dates
                    .first()
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            )?;
            for date in phase.dates.iter().take(4) {
                write!(f, " {date}")?;
            }
            if phase.dates.len() > 4 {
                write!(f, " ... ({} in all)", phase.dates.len())?;
            }
        }
        Ok(())
    }
}
