//! The scheduling part of a protocol: courses, their phases, and the thresholds of
//! progress (L163-178).

use serde::{Deserialize, Serialize};

use crate::seed::SeedLines;
use crate::vocabulary::{Acuity, Condition, CourseKind, Period};

/// One phase of a course: so many sessions per week or month, for so many weeks or months,
/// ended by a reassessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PhaseRule {
    /// Sessions per period (1 to 7 a week; exactly 1 a month).
    pub sessions: u8,
    /// The period.
    pub per: Period,
    /// How many periods the phase lasts (1 to 52).
    pub periods: u8,
    /// The seed lines behind the frequency.
    pub seed: SeedLines,
}

impl PhaseRule {
    /// Sessions the phase promises.
    pub fn total_sessions(&self) -> u32 {
        u32::from(self.sessions) * u32::from(self.periods)
    }

    /// The span, in days, in which the phase gives at most `sessions` sessions: 7 for a
    /// week, 28 for a month (the shortest month, so the schedule's own monthly dates, 28 or
    /// 35 days apart, always keep it). A moved session and a proposed appointment are
    /// checked against it.
    pub fn window_days(&self) -> i32 {
        match self.per {
            Period::Week => 7,
            Period::Month => 28,
        }
    }

    /// Sessions per four weeks, to compare frequencies across weeks and months (a month
    /// counts as four weeks here, so one a month is less often than one a week).
    pub fn sessions_per_four_weeks(&self) -> u32 {
        match self.per {
            Period::Week => u32::from(self.sessions) * 4,
            Period::Month => u32::from(self.sessions),
        }
    }
}

/// A kind of course and its phases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CourseRule {
    /// The course kind.
    pub kind: CourseKind,
    /// The acuity of a condition that calls for this course; `None` for the course given
    /// when no condition calls for another (the single session, L167).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_acuity: Option<Acuity>,
    /// The condition this row doses, when it is for one condition (neck pain dosed
    /// otherwise than low back pain): such rows are tried first, for the conditions the
    /// plan treats (at `for_acuity`, when given), and the rows without a condition are the
    /// fallback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_condition: Option<Condition>,
    /// Minutes a session of this course lasts, when the row sets it; otherwise the
    /// session plan's length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_minutes: Option<u16>,
    /// The phases, most frequent first.
    pub phases: Vec<PhaseRule>,
}

/// The scheduling part of a protocol. Phase lengths and thresholds are ours: the seed gives
/// the frequencies (L167-171), and says to taper "as the condition improves" (L169-170).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SchedulingRules {
    /// One row per course kind, in order of priority: the first row whose acuity one of the
    /// client's conditions has is chosen; the row without an acuity is the fallback.
    pub courses: Vec<CourseRule>,
    /// Improvement, in percent of the room to improve, that moves a course to its next
    /// phase (ours: 30, a common threshold of a clinically important change in pain).
    pub improvement_percent: u8,
    /// Pain points (0-10) above the baseline, or above the best score so far, that count
    /// as worse (ours: 1).
    pub worse_pain_points: u8,
    /// Function points (0-100) below the baseline, or below the best score so far, that
    /// count as worse (ours: 10).
    pub worse_function_points: u8,
    /// Reassessments in a row without enough improvement before the course asks for
    /// re-screening (ours: 2).
    pub max_holds: u8,
    /// The most days a course may start after the assessment; a later start asks for the
    /// client to be screened again instead of booking on a stale intake (ours: 30).
    pub rescreen_after_days: u16,
}

impl SchedulingRules {
    /// The row of a course kind.
    pub fn course(&self, kind: CourseKind) -> Option<&CourseRule> {
        self.courses.iter().find(|c| c.kind == kind)
    }
}
