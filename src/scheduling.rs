//! Frequency scheduling: phased courses that taper with progress, concrete dates, and
//! exports to iCalendar (RFC 5545) and FHIR `Timing.repeat`.

use std::fmt::{self, Write as _};

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::intake::Intake;
use crate::protocol::{PhaseRule, Protocol, ProtocolStamp};
use crate::seed::SeedLines;
use crate::vocabulary::{Acuity, Condition, CourseKind, Day, DaySet, Period, RuleId};

/// How far ahead a schedule looks for dates before giving up (about ten years).
const HORIZON_DAYS: i32 = 3700;

/// Why a course is of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseBasis {
    /// The condition whose acuity chose the course; `None` for the fallback course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// Its acuity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acuity: Option<Acuity>,
    /// The seed line behind the course kind.
    pub seed: SeedLines,
}

/// What a reassessment measures.
///
/// In JSON: `{"measure": "pain", "value": 6}`; a value off its scale is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "measure",
    content = "value",
    rename_all = "snake_case",
    try_from = "ScoreJson"
)]
pub enum Score {
    /// Pain on a 0-10 numeric rating scale; lower is better.
    Pain(u8),
    /// A functional score from 0 to 100; higher is better.
    Function(u8),
}

#[derive(Deserialize)]
#[serde(tag = "measure", content = "value", rename_all = "snake_case")]
enum ScoreJson {
    Pain(u8),
    Function(u8),
}

impl TryFrom<ScoreJson> for Score {
    type Error = &'static str;

    fn try_from(json: ScoreJson) -> Result<Self, Self::Error> {
        let score = match json {
            ScoreJson::Pain(v) => Score::Pain(v),
            ScoreJson::Function(v) => Score::Function(v),
        };
        if score.is_in_range() {
            Ok(score)
        } else {
            Err("score out of range: pain is 0-10, function 0-100")
        }
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
#[serde(deny_unknown_fields)]
pub struct Reassessment {
    /// When.
    pub on: Date,
    /// What was measured.
    pub score: Score,
}

/// Where a course stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// Worse than the baseline: re-screen, or refer to a physician.
    ReferWorse,
    /// No progress after the protocol's number of holds: re-screen.
    ReferNoProgress,
}

/// A reassessment and what it decided, kept in the course's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The rule behind it (R-taper).
    pub rule: RuleId,
    /// The seed lines behind it.
    pub seed: SeedLines,
}

/// A course of sessions: its phases, where it stands, and its history. Serializable, so it
/// can be stored and resumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// A schedule could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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
    #[error("no dates found for phase {0} within the horizon")]
    NoDates(u8),
}

/// When the client can come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// Weekdays the client can come on.
    pub weekdays: DaySet,
    /// Dates the client cannot come, even on an available weekday.
    #[serde(default)]
    pub unavailable: Vec<Date>,
}

/// The dates of one phase, and the recurrence that gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledPhase {
    /// The phase (0-based).
    pub index: u8,
    /// The phase's rule.
    pub rule: PhaseRule,
    /// The weekdays sessions fall on (one for a monthly phase: its first in the month).
    pub weekdays: DaySet,
    /// The recurrence's first date (`DTSTART`), which may itself be excluded.
    pub dtstart: Date,
    /// The session dates.
    pub dates: Vec<Date>,
    /// Dates the recurrence gives but the client cannot come (`EXDATE`).
    pub excluded: Vec<Date>,
}

/// The dated phases of a course, from its current phase on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

impl Course {
    /// Chooses the course for an intake: the first course of the protocol whose acuity one
    /// of the client's conditions has (the protocol lists the most frequent first), or the
    /// fallback course when none has. `baseline` is the score progress is measured
    /// against; without one (or with one off its scale), the first reassessment becomes
    /// the baseline.
    ///
    /// ```
    /// use massage_rules::{Course, CourseKind, Intake, Protocol, Score};
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
    ///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let course = Course::start(&Protocol::seed(), &intake, Some(Score::Pain(6)));
    /// assert_eq!(course.kind, CourseKind::Chronic);
    /// assert_eq!(course.phases[0].sessions, 2); // twice a week first (L168)
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start(protocol: &Protocol, intake: &Intake, baseline: Option<Score>) -> Course {
        let rules = &protocol.scheduling;
        let chosen = rules.courses.iter().find_map(|course| {
            let acuity = course.for_acuity?;
            intake
                .conditions
                .iter()
                .find(|c| c.acuity == acuity)
                .map(|c| (course, Some(c.condition), Some(acuity)))
        });
        let fallback = || {
            rules
                .courses
                .iter()
                .find(|c| c.for_acuity.is_none())
                .map(|c| (c, None, None))
        };
        let (kind, phases, condition, acuity) = match chosen.or_else(fallback) {
            Some((course, condition, acuity)) => {
                (course.kind, course.phases.clone(), condition, acuity)
            }
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
            ),
        };
        Course {
            protocol: protocol.stamp(),
            kind,
            basis: CourseBasis {
                condition,
                acuity,
                seed: kind.seed(),
            },
            phases,
            phase: 0,
            status: CourseStatus::Active,
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
    /// not; referring when the client is worse than the baseline or has not improved after
    /// the protocol's number of holds (L169-170).
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
        let rules = &protocol.scheduling;
        let (progress, improvement) = match self.baseline {
            None => {
                self.baseline = Some(score);
                (Progress::BaselineRecorded, None)
            }
            Some(baseline) => {
                let (gain, room, worse) = match (baseline, score) {
                    (Score::Pain(b), Score::Pain(c)) => (
                        i16::from(b) - i16::from(c),
                        i16::from(b),
                        c >= b.saturating_add(rules.worse_pain_points),
                    ),
                    (Score::Function(b), Score::Function(c)) => (
                        i16::from(c) - i16::from(b),
                        100 - i16::from(b),
                        b >= c.saturating_add(rules.worse_function_points),
                    ),
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
                    if usize::from(self.phase) + 1 < self.phases.len() {
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
            rule: RuleId::Taper,
            seed: RuleId::Taper.seed(),
        });
        Ok(progress)
    }

    /// Dates for the remaining phases, each phase starting the day after the one before
    /// ends, as if every reassessment advanced the course.
    ///
    /// Weekly phases use the available weekdays spread as far apart as the week allows
    /// (two a week on Monday to Friday: Monday and Thursday); monthly phases use the first
    /// available weekday of each month. A date the client cannot come is skipped and the
    /// phase runs on until it has all its sessions. Never two sessions on one day, none
    /// before `start`.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::{Availability, Course, Day, Intake, Protocol};
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "strain", "acuity": "injury"}],
    ///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let course = Course::start(&Protocol::seed(), &intake, None);
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
        let weekdays = availability.weekdays;
        if weekdays.is_empty() {
            return Err(ScheduleError::NoWeekdays);
        }
        let mut phases = Vec::new();
        let mut from = start;
        if self.status == CourseStatus::Active {
            for (i, rule) in self.phases.iter().enumerate().skip(usize::from(self.phase)) {
                let index = u8::try_from(i).unwrap_or(u8::MAX);
                let phase = schedule_phase(index, *rule, from, availability)?;
                if let Some(last) = phase.dates.last() {
                    from = last.tomorrow().unwrap_or(*last);
                }
                phases.push(phase);
            }
        }
        Ok(Schedule {
            protocol: self.protocol,
            kind: self.kind,
            session_minutes: None,
            phases,
        })
    }
}

/// Chooses `n` weekdays of `available`, as evenly spread over the week as possible; ties
/// go to the earliest days.
pub fn spread_weekdays(available: DaySet, n: u8) -> Option<DaySet> {
    let days: Vec<Day> = available.iter().collect();
    let n = usize::from(n);
    if n == 0 || n > days.len() {
        return None;
    }
    let mut best: Option<(std::cmp::Reverse<u8>, Vec<u8>)> = None;
    // At most 2^7 subsets: try them all.
    for mask in 0u32..(1 << days.len()) {
        if mask.count_ones() as usize != n {
            continue;
        }
        let chosen: Vec<u8> = (0..days.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| days[i].code())
            .collect();
        // The smallest gap between consecutive sessions, across the weekend too.
        let min_gap = (0..n)
            .map(|k| {
                let next = if k + 1 < n {
                    chosen[k + 1]
                } else {
                    chosen[0] + 7
                };
                next - chosen[k]
            })
            .min()
            .unwrap_or(7);
        let key = (std::cmp::Reverse(min_gap), chosen);
        if best.as_ref().is_none_or(|b| key < *b) {
            best = Some(key);
        }
    }
    best.map(|(_, codes)| codes.into_iter().filter_map(Day::from_code).collect())
}

fn schedule_phase(
    index: u8,
    rule: PhaseRule,
    from: Date,
    availability: &Availability,
) -> Result<ScheduledPhase, ScheduleError> {
    let wanted = rule.total_sessions() as usize;
    let weekdays = match rule.per {
        Period::Week => spread_weekdays(availability.weekdays, rule.sessions).ok_or(
            ScheduleError::NotEnoughWeekdays {
                phase: index,
                needed: rule.sessions,
                available: availability.weekdays.len() as u8,
            },
        )?,
        Period::Month => availability
            .weekdays
            .iter()
            .next()
            .map(DaySet::only)
            .ok_or(ScheduleError::NoWeekdays)?,
    };
    let candidates: Box<dyn Iterator<Item = Date>> = match rule.per {
        Period::Week => Box::new(
            (0..HORIZON_DAYS)
                .filter_map(move |d| from.checked_add(d.days()).ok())
                .filter(move |d| weekdays.contains(Day::from_jiff(d.weekday()))),
        ),
        Period::Month => {
            let day = weekdays.iter().next().unwrap_or(Day::Monday).to_jiff();
            let first_month = from.first_of_month();
            Box::new(
                (0..HORIZON_DAYS / 28)
                    .filter_map(move |m| first_month.checked_add(m.months()).ok())
                    .filter_map(move |month| month.nth_weekday_of_month(1, day).ok())
                    .filter(move |d| *d >= from),
            )
        }
    };
    let mut dates = Vec::with_capacity(wanted);
    let mut excluded = Vec::new();
    let mut dtstart = None;
    for day in candidates {
        dtstart.get_or_insert(day);
        if availability.unavailable.contains(&day) {
            excluded.push(day);
        } else {
            dates.push(day);
            if dates.len() == wanted {
                break;
            }
        }
    }
    match dtstart {
        Some(dtstart) if dates.len() == wanted => Ok(ScheduledPhase {
            index,
            rule,
            weekdays,
            dtstart,
            dates,
            excluded,
        }),
        _ => Err(ScheduleError::NoDates(index)),
    }
}

impl ScheduledPhase {
    /// The RFC 5545 recurrence rule that, from [`dtstart`](Self::dtstart) and less the
    /// [`excluded`](Self::excluded) dates, gives exactly [`dates`](Self::dates).
    pub fn rrule(&self) -> String {
        let count = self.dates.len() + self.excluded.len();
        let days: Vec<&str> = self.weekdays.iter().map(Day::ical).collect();
        match self.rule.per {
            Period::Week => format!("FREQ=WEEKLY;WKST=MO;BYDAY={};COUNT={count}", days.join(",")),
            Period::Month => format!("FREQ=MONTHLY;BYDAY=1{};COUNT={count}", days.join(",")),
        }
    }

    /// The phase as a FHIR `Timing.repeat` element (R4/R5).
    pub fn fhir_timing_repeat(&self, session_minutes: Option<u16>) -> FhirTimingRepeat {
        let unit = match self.rule.per {
            Period::Week => "wk",
            Period::Month => "mo",
        };
        FhirTimingRepeat {
            bounds_duration: FhirDuration {
                value: u32::from(self.rule.periods),
                unit: unit.to_owned(),
                system: "http://unitsofmeasure.org".to_owned(),
                code: unit.to_owned(),
            },
            count: self.dates.len() as u32,
            duration: session_minutes,
            duration_unit: session_minutes.map(|_| "min".to_owned()),
            frequency: u32::from(self.rule.sessions),
            period: 1,
            period_unit: unit.to_owned(),
            // A monthly phase falls on the first such weekday of the month, which dayOfWeek
            // cannot say; it is left to the count and bounds.
            day_of_week: match self.rule.per {
                Period::Week => self
                    .weekdays
                    .iter()
                    .map(|d| fhir_day(d).to_owned())
                    .collect(),
                Period::Month => Vec::new(),
            },
        }
    }
}

fn fhir_day(day: Day) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][day.code() as usize]
}

/// A FHIR `Duration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FhirDuration {
    /// Numerical value.
    pub value: u32,
    /// Unit for people.
    pub unit: String,
    /// The unit system (UCUM).
    pub system: String,
    /// The UCUM code.
    pub code: String,
}

/// A FHIR `Timing.repeat` element for one phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FhirTimingRepeat {
    /// How long the phase lasts.
    pub bounds_duration: FhirDuration,
    /// How many sessions it has.
    pub count: u32,
    /// Minutes a session lasts, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u16>,
    /// `min`, when `duration` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_unit: Option<String>,
    /// Sessions per period.
    pub frequency: u32,
    /// The period's length, in `period_unit`s.
    pub period: u32,
    /// `wk` or `mo`.
    pub period_unit: String,
    /// The weekdays sessions fall on (`mon` ...), for weekly phases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub day_of_week: Vec<String>,
}

impl Schedule {
    /// Every session date, in order.
    pub fn dates(&self) -> impl Iterator<Item = Date> + '_ {
        self.phases.iter().flat_map(|p| p.dates.iter().copied())
    }

    /// The schedule as an iCalendar document (RFC 5545): one all-day recurring event per
    /// phase, with `RRULE` and `EXDATE`. `uid` makes each event's UID unique (e.g. a
    /// course id); `dtstamp` is when the document is made.
    ///
    /// ```
    /// # use jiff::civil::date;
    /// # use massage_rules::*;
    /// # let intake: Intake = serde_json::from_str(r#"{"assessed_on": "2026-11-27", "age": 40,
    /// #   "pregnant": "no", "findings": [], "conditions": [{"condition": "stress", "acuity": "ongoing"}],
    /// #   "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
    /// let course = Course::start(&Protocol::seed(), &intake, None);
    /// let available = Availability { weekdays: Day::Tuesday.into(), unavailable: vec![] };
    /// let ics = course.schedule(date(2026, 12, 1), &available)?
    ///     .to_ics("client-17", "2026-11-27T09:00:00Z".parse()?);
    /// assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    /// assert!(ics.contains("RRULE:FREQ=MONTHLY;BYDAY=1TU;COUNT=6\r\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_ics(&self, uid: &str, dtstamp: jiff::Timestamp) -> String {
        let mut out = String::new();
        let stamp = dtstamp.strftime("%Y%m%dT%H%M%SZ").to_string();
        line(&mut out, "BEGIN:VCALENDAR");
        line(&mut out, "VERSION:2.0");
        line(
            &mut out,
            concat!(
                "PRODID:-//massage-rules//massage-rules ",
                env!("CARGO_PKG_VERSION"),
                "//EN"
            ),
        );
        line(&mut out, "CALSCALE:GREGORIAN");
        let total = self.phases.len();
        for phase in &self.phases {
            line(&mut out, "BEGIN:VEVENT");
            line(
                &mut out,
                &format!(
                    "UID:{}-phase-{}@massage-rules",
                    escape(uid),
                    phase.index + 1
                ),
            );
            line(&mut out, &format!("DTSTAMP:{stamp}"));
            line(
                &mut out,
                &format!("DTSTART;VALUE=DATE:{}", ical_date(phase.dtstart)),
            );
            line(&mut out, &format!("RRULE:{}", phase.rrule()));
            if !phase.excluded.is_empty() {
                let dates: Vec<String> = phase.excluded.iter().map(|d| ical_date(*d)).collect();
                line(&mut out, &format!("EXDATE;VALUE=DATE:{}", dates.join(",")));
            }
            let per = match phase.rule.per {
                Period::Week => "week",
                Period::Month => "month",
            };
            let summary = format!(
                "Medical massage ({}), phase {} of {total}: {} a {per}",
                self.kind.label(),
                phase.index + 1,
                phase.rule.sessions,
            );
            line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
            let mut description = format!(
                "{} sessions over {} {per}s; reassess at the end of the phase. Protocol {}.",
                phase.dates.len(),
                phase.rule.periods,
                self.protocol
            );
            if let Some(minutes) = self.session_minutes {
                let _ = write!(description, " Each session {minutes} minutes.");
            }
            line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
            line(&mut out, "END:VEVENT");
        }
        line(&mut out, "END:VCALENDAR");
        out
    }
}

fn ical_date(date: Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes a content line, folded at 75 octets (RFC 5545 §3.1), ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

impl fmt::Display for Schedule {
    /// The course's phases and dates, for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} course [{}]", self.kind, self.protocol)?;
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
