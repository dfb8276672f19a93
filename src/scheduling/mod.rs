//! Frequency scheduling: phased courses that taper with progress, concrete dates, and
//! exports to iCalendar (RFC 5545) and FHIR `Timing.repeat`.

use std::fmt;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::intake::ConditionEntry;
use crate::protocol::{PhaseRule, Protocol, ProtocolStamp};
use crate::screening::Clearance;
use crate::seed::SeedLines;
use crate::selection::SessionPlan;
use crate::vocabulary::{
    Acuity, Condition, Contraindication, CourseKind, Day, DaySet, Period, Pressure, RuleId, YEARS,
};

mod calendar;
mod course;
mod reschedule;
mod sessions;
mod timing;

pub use reschedule::RescheduleError;
pub(crate) use sessions::{Breach, Frame};
pub use sessions::{SESSION_RULES, SessionRule, SessionRuleRow};
pub(crate) use timing::local as local_time;
pub use timing::{Appointments, Closed, TimedSession, Timing, WeekHours, Window};

/// How far ahead a schedule looks for dates before giving up (about ten years).
const HORIZON_DAYS: i32 = crate::limits::Limits::HORIZON_DAYS;

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
                while let Some(crate::vocabulary::forms::Text(key)) = map.next_key()? {
                    match key.as_ref() {
                        "measure" if measure.is_none() => {
                            measure = Some(map.next_value::<crate::vocabulary::forms::Text>()?.0)
                        }
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
    #[serde(with = "crate::vocabulary::forms::IsoDate")]
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::vocabulary::forms::MaybeIsoDate"
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
    #[serde(with = "crate::vocabulary::forms::IsoDate")]
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
    /// The timing's time zone is not in the time-zone database.
    #[error("unknown time zone {time_zone:?}")]
    UnknownTimeZone {
        /// The name given.
        time_zone: String,
    },
    /// No weekday the client can come on has a window long enough for a session, in the
    /// opening hours and the client's preferred windows.
    #[error(
        "no window of the opening hours (and preferred windows) holds a {minutes}-minute session on a day the client can come"
    )]
    NoSlot {
        /// Minutes a session lasts.
        minutes: u16,
    },
    /// The timing has problems; each is listed at its path.
    #[error("the timing has {} problem(s): {}", problems.len(), problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    InvalidTiming {
        /// Every problem.
        problems: Vec<crate::problem::Problem>,
    },
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
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        start: Date,
    },
    /// The course has more phases than a valid protocol gives one.
    #[error("the course has {phases} phases; a course has at most {limit_phases}", limit_phases = crate::Limits::PHASES)]
    TooManyPhases {
        /// How many it has.
        phases: usize,
    },
    /// The course would start before the assessment it rests on.
    #[error("the course cannot start on {start}, before the assessment of {assessed_on}")]
    StartBeforeAssessment {
        /// The assessment.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        assessed_on: Date,
        /// The start asked for.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        start: Date,
    },
    /// The course would start too long after the assessment: screen the client again.
    #[error(
        "the course would start on {start}, more than {max_days} days after the assessment \
         of {assessed_on}: screen the client again"
    )]
    StaleIntake {
        /// The assessment.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        assessed_on: Date,
        /// The start asked for.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
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
    pub weekdays: DaySet,
    /// Dates the client cannot come, even on an available weekday.
    #[serde(default, with = "crate::vocabulary::forms::IsoDates")]
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
    pub weekdays: DaySet,
    /// For a monthly phase: which of its weekday in the month sessions fall on, 1 to 4,
    /// or -1 for the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_of_month: Option<i8>,
    /// The recurrence's first date (`DTSTART`): the phase's first session.
    #[serde(with = "crate::vocabulary::forms::IsoDate")]
    pub dtstart: Date,
    /// The session dates.
    #[serde(with = "crate::vocabulary::forms::IsoDates")]
    pub dates: Vec<Date>,
    /// Dates the recurrence gives but the client cannot come, or a session was moved
    /// from (`EXDATE`).
    #[serde(with = "crate::vocabulary::forms::IsoDates")]
    pub excluded: Vec<Date>,
    /// Dates a session was moved to that the recurrence does not give (`RDATE`); see
    /// [`Schedule::reschedule`].
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "crate::vocabulary::forms::IsoDates"
    )]
    pub added: Vec<Date>,
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
    /// The sessions as appointments with a start and an end in the clinic's zone, when
    /// the schedule was made with a [`Timing`] ([`Course::schedule_timed`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointments: Option<Appointments>,
}

/// A schedule stopped short of its course: no session may fall after `last_day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleStop {
    /// The last day a session could be booked on.
    #[serde(with = "crate::vocabulary::forms::IsoDate")]
    pub last_day: Date,
    /// The first session date the course would have had after it.
    #[serde(with = "crate::vocabulary::forms::IsoDate")]
    pub next_date: Date,
    /// Sessions of the course that were not booked.
    pub sessions_not_booked: u32,
}
