//! Appointments, not only dates: the clinic's time zone, the practitioner's opening
//! hours, closed days, the client's preferred windows and the session's length give
//! every session of a course a start and an end in the clinic's zone.
//!
//! The rule for daylight saving: a session keeps its local wall-clock time across a
//! change (09:00 stays 09:00, whatever the offset). A start the clock skips that day (a
//! gap: 02:30 on the night clocks go forward) is never booked and never moved by the
//! gap's length: the day is left out like a closed day, and the phase runs on until it
//! has its sessions. So is a day whose session, lasting its real minutes, would show a
//! wall-clock time outside its window (an hour from 01:30 on the night the clocks go
//! forward ends at 03:30 on the wall): [`Timing::admits`] is the one predicate. A start the clock shows twice (a fold) is the first of the two, the
//! earlier instant, as RFC 5545 §3.3.5 reads a local time that occurs twice.

use std::collections::BTreeMap;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, ZonedDateTime};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::*;
use crate::limits::Limits;
use crate::problem::{Problem, ProblemKind};

/// A window of one day in local wall-clock time: from `start` up to `end`, whole
/// minutes (`{"start": "09:00", "end": "12:30"}`). A window lies within one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// The first minute of the window.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::forms::TimeOfDay")
    )]
    pub start: Time,
    /// The end of the window: a session ends at it at the latest.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::forms::TimeOfDay")
    )]
    pub end: Time,
}

impl Window {
    /// A window from `start` to `end`.
    pub fn new(start: Time, end: Time) -> Window {
        Window { start, end }
    }

    /// Whether a session of `minutes` starting at `start` lies within the window.
    pub fn holds(self, start: Time, minutes: u16) -> bool {
        start >= self.start && minutes_between(start, self.end) >= i64::from(minutes)
    }
}

/// Whole minutes from `a` to `b` on one day (negative when `b` is earlier).
fn minutes_between(a: Time, b: Time) -> i64 {
    (b.duration_since(a)).as_secs() / 60
}

/// The lowest and the highest wall-clock time `tz` shows from `from` up to `to`: the
/// ends of each stretch between two changes of the clocks, each read at the offset in
/// force during that stretch (so the end of a stretch is the time the clock showed just
/// before it changed, and the session's end is read at the offset in force just before
/// it).
fn wall_span(tz: &TimeZone, from: jiff::Timestamp, to: jiff::Timestamp) -> (DateTime, DateTime) {
    let mut offset = tz.to_offset(from);
    let first = offset.to_datetime(from);
    let (mut low, mut high) = (first, first);
    for transition in tz.following(from) {
        let at = transition.timestamp();
        if at >= to {
            break;
        }
        // Just before the change, and just after it.
        for wall in [offset.to_datetime(at), transition.offset().to_datetime(at)] {
            low = low.min(wall);
            high = high.max(wall);
        }
        offset = transition.offset();
    }
    let last = offset.to_datetime(to);
    (low.min(last), high.max(last))
}

/// Windows per weekday (`{"monday": [{"start": "09:00", "end": "12:00"}, ...], ...}`);
/// a weekday that is not named has no window.
pub type WeekHours = BTreeMap<Day, Vec<Window>>;

/// A day the clinic is closed (`"2026-12-24"`), or a span of days, both ends included
/// (`{"from": "2026-12-24", "to": "2027-01-01"}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Closed {
    /// One day.
    Day(Date),
    /// The days from `from` to `to`, both included.
    Span {
        /// The first day closed.
        from: Date,
        /// The last day closed.
        to: Date,
    },
}

impl Closed {
    /// The first and the last day closed.
    pub fn bounds(self) -> (Date, Date) {
        match self {
            Closed::Day(day) => (day, day),
            Closed::Span { from, to } => (from, to),
        }
    }

    /// Whether `day` is closed.
    pub fn contains(self, day: Date) -> bool {
        let (from, to) = self.bounds();
        from <= day && day <= to
    }

    /// How many days are closed (0 for a span that ends before it starts).
    pub fn days(self) -> i64 {
        let (from, to) = self.bounds();
        if to < from {
            0
        } else {
            i64::from((to - from).get_days()) + 1
        }
    }
}

impl<'de> Deserialize<'de> for Closed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Closed, D::Error> {
        struct ClosedVisitor;

        impl<'de> Visitor<'de> for ClosedVisitor {
            type Value = Closed;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date (YYYY-MM-DD) or {\"from\": date, \"to\": date}")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Closed, E> {
                crate::vocabulary::forms::parse_date(text)
                    .map(Closed::Day)
                    .map_err(E::custom)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Closed, A::Error> {
                let (mut from, mut to) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "from" => &mut from,
                        "to" => &mut to,
                        other => return Err(de::Error::unknown_field(other, &["from", "to"])),
                    };
                    if slot.is_some() {
                        return Err(de::Error::custom(format!("duplicate field `{key}`")));
                    }
                    let text: String = map.next_value()?;
                    *slot = Some(
                        crate::vocabulary::forms::parse_date(&text).map_err(de::Error::custom)?,
                    );
                }
                match (from, to) {
                    (Some(from), Some(to)) => Ok(Closed::Span { from, to }),
                    (None, _) => Err(de::Error::missing_field("from")),
                    (_, None) => Err(de::Error::missing_field("to")),
                }
            }
        }

        deserializer.deserialize_any(ClosedVisitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Closed {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Closed".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let date = generator.subschema_for::<crate::vocabulary::forms::IsoDate>();
        schemars::json_schema!({
            "description": "A day the clinic is closed, or a span of days (both ends included).",
            "anyOf": [
                date,
                {"type": "object", "additionalProperties": false, "required": ["from", "to"],
                 "properties": {"from": date, "to": date}}
            ]
        })
    }
}

/// When sessions may happen: the clinic's IANA time zone, the practitioner's opening
/// hours, the days the clinic is closed, the client's preferred windows, and the
/// session's length when it is not the plan's.
///
/// ```
/// use massage_rules::scheduling::Timing;
/// let timing: Timing = serde_json::from_str(r#"{
///     "time_zone": "America/New_York",
///     "hours": {"monday": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}],
///               "thursday": [{"start": "12:00", "end": "20:00"}]},
///     "closed": ["2026-12-24", {"from": "2026-12-31", "to": "2027-01-01"}],
///     "preferred": {"monday": [{"start": "16:00", "end": "19:00"}],
///                   "thursday": [{"start": "16:00", "end": "19:00"}]}
/// }"#)?;
/// assert!(timing.problems().is_empty());
/// // A 60-minute session: Monday at 16:00 (open until 18:00, preferred from 16:00).
/// let monday = timing.slot(massage_rules::vocabulary::Day::Monday, 60).unwrap();
/// assert_eq!(monday.to_string(), "16:00:00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// The clinic's time zone, an IANA name (`"Europe/Berlin"`).
    pub time_zone: String,
    /// The practitioner's opening hours, per weekday; at most
    /// [`Limits::WINDOWS_PER_DAY`] windows a day, none overlapping.
    pub hours: WeekHours,
    /// Days the clinic is closed; at most [`Limits::CLOSED`] entries and
    /// [`Limits::CLOSED_DAYS`] days in all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<Closed>,
    /// The client's preferred windows, per weekday: a session lies within one of them as
    /// well as within the opening hours. Any time the clinic is open when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred: Option<WeekHours>,
    /// Minutes a session is booked for; the session plan's minutes when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_minutes: Option<u16>,
}

impl Timing {
    /// Every problem of the timing at once, at its path (`time_zone`,
    /// `hours.monday[1]`, `closed[3]`, ...): a zone the time-zone database does not
    /// know, a time that is not a whole minute, a window that ends before it starts or
    /// overlaps another, a span of closed days that ends before it starts, and more
    /// windows or closed days than [`Limits`] allows.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Err(e) = TimeZone::get(&self.time_zone) {
            problems.push(Problem::with_detail(
                "time_zone",
                ProblemKind::UnknownTimeZone,
                format!("{:?}: {e}", self.time_zone),
            ));
        }
        self.problems_but_the_zone(&mut problems);
        problems
    }

    /// Every problem but an unknown zone, which the caller looks up once.
    fn problems_but_the_zone(&self, problems: &mut Vec<Problem>) {
        week_problems(&self.hours, "hours", problems);
        if let Some(preferred) = &self.preferred {
            week_problems(preferred, "preferred", problems);
        }
        if self.closed.len() > Limits::CLOSED {
            problems.push(Problem::too_long(
                "closed",
                self.closed.len(),
                Limits::CLOSED,
            ));
        } else {
            let mut days = 0;
            for (i, closed) in self.closed.iter().enumerate() {
                let (from, to) = closed.bounds();
                if to < from {
                    problems.push(Problem::with_detail(
                        format!("closed[{i}]"),
                        ProblemKind::InvalidWindow,
                        format!("the span ends on {to}, before it starts on {from}"),
                    ));
                }
                days += closed.days();
            }
            if days > Limits::CLOSED_DAYS as i64 {
                problems.push(Problem::with_detail(
                    "closed",
                    ProblemKind::TooLong,
                    format!(
                        "{days} days closed; at most {} are read",
                        Limits::CLOSED_DAYS
                    ),
                ));
            }
        }
        if let Some(minutes) = self.session_minutes
            && !(1..=Limits::SESSION_MINUTES).contains(&minutes)
        {
            problems.push(Problem::with_detail(
                "session_minutes",
                ProblemKind::OutOfRange,
                format!(
                    "{minutes} minutes; a session lasts 1 to {} minutes",
                    Limits::SESSION_MINUTES
                ),
            ));
        }
    }

    /// The clinic's time zone, from the time-zone database.
    pub fn zone(&self) -> Result<TimeZone, ScheduleError> {
        TimeZone::get(&self.time_zone).map_err(|_| ScheduleError::UnknownTimeZone {
            time_zone: self.time_zone.clone(),
        })
    }

    /// The earliest start on `day` at which a session of `minutes` lies within an opening
    /// window and, when the client gave any, within a preferred window; `None` when there
    /// is none.
    pub fn slot(&self, day: Day, minutes: u16) -> Option<Time> {
        let open = self.hours.get(&day)?;
        let preferred = match &self.preferred {
            None => None,
            Some(p) => Some(p.get(&day)?.as_slice()),
        };
        let mut best: Option<Time> = None;
        let mut consider = |both: Window| {
            if both.holds(both.start, minutes) && best.is_none_or(|b| both.start < b) {
                best = Some(both.start);
            }
        };
        for window in open {
            match preferred {
                None => consider(*window),
                Some(wanted) => {
                    for p in wanted {
                        consider(Window::new(
                            window.start.max(p.start),
                            window.end.min(p.end),
                        ));
                    }
                }
            }
        }
        best
    }

    /// Whether a session of `minutes` real minutes from `start` lies within an opening
    /// window, and within a preferred window when the client gave any, on a day that is
    /// not closed: the session starts inside one window of that day and, from its start
    /// to its end, the clock in `start`'s zone shows no time after that window closes
    /// (nor another day). Across a change of the
    /// clocks the end is the start plus the real minutes, so a session that begins at
    /// 01:30 on the night New York's clocks go forward and lasts an hour ends at 03:30 on
    /// the wall, and does not fit a window that closes at 03:00. The one predicate of
    /// booking, moving and checking.
    ///
    /// ```
    /// use massage_rules::scheduling::Timing;
    /// let timing: Timing = serde_json::from_str(r#"{"time_zone": "America/New_York",
    ///     "hours": {"sunday": [{"start": "01:30", "end": "03:00"}]}}"#)?;
    /// let tz = jiff::tz::TimeZone::get("America/New_York")?;
    /// let spring = jiff::civil::date(2027, 3, 14).at(1, 30, 0, 0).to_zoned_datetime(tz.clone())?;
    /// assert!(!timing.admits(&spring, 60)); // ends 03:30 on the wall
    /// assert!(timing.admits(&spring, 20));
    /// let week_later = jiff::civil::date(2027, 3, 21).at(1, 30, 0, 0).to_zoned_datetime(tz)?;
    /// assert!(timing.admits(&week_later, 60));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn admits(&self, start: &ZonedDateTime, minutes: u16) -> bool {
        let day = start.date();
        if self.is_closed(day) {
            return false;
        }
        let Ok(end) = start
            .timestamp()
            .checked_add(SignedDuration::from_mins(i64::from(minutes)))
        else {
            return false;
        };
        let (low, high) = wall_span(start.time_zone(), start.timestamp(), end);
        if low.date() != day || high.date() != day {
            return false;
        }
        // It starts once the window is open and never shows a time after it closes (on
        // the night the clocks go back, the hour shown twice is inside the window).
        let opens = start.time();
        let weekday = Day::from_jiff(day.weekday());
        let within = |hours: &WeekHours| {
            hours
                .get(&weekday)
                .is_some_and(|ws| ws.iter().any(|w| opens >= w.start && high.time() <= w.end))
        };
        within(&self.hours) && self.preferred.as_ref().is_none_or(within)
    }

    /// [`admits`](Timing::admits) for a local start in this timing's zone: `false` when
    /// the zone is unknown or the clock skips that time on that day.
    pub fn admits_local(&self, start: DateTime, minutes: u16) -> bool {
        let Ok(tz) = self.zone() else {
            return false;
        };
        local(&tz, start.date(), start.time()).is_some_and(|z| self.admits(&z, minutes))
    }

    /// Whether the clinic is closed on `day`.
    pub fn is_closed(&self, day: Date) -> bool {
        self.closed.iter().any(|c| c.contains(day))
    }

    fn closed_days(&self) -> Vec<Date> {
        let mut days = Vec::new();
        for closed in &self.closed {
            let (from, to) = closed.bounds();
            let mut day = from;
            while day <= to && days.len() < Limits::CLOSED_DAYS {
                days.push(day);
                match day.tomorrow() {
                    Ok(next) => day = next,
                    Err(_) => break,
                }
            }
        }
        days
    }
}

fn week_problems(week: &WeekHours, name: &str, problems: &mut Vec<Problem>) {
    for (day, windows) in week {
        // Paths are written only for a problem: a valid timing costs no allocation here.
        let path = || format!("{name}.{day}");
        if windows.len() > Limits::WINDOWS_PER_DAY {
            problems.push(Problem::too_long(
                path(),
                windows.len(),
                Limits::WINDOWS_PER_DAY,
            ));
            continue;
        }
        for (i, w) in windows.iter().enumerate() {
            let here = || format!("{}[{i}]", path());
            for (field, t) in [("start", w.start), ("end", w.end)] {
                if t.second() != 0 || t.subsec_nanosecond() != 0 {
                    problems.push(Problem::with_detail(
                        format!("{}.{field}", here()),
                        ProblemKind::InvalidTime,
                        format!("{t} is not a whole minute (HH:MM)"),
                    ));
                }
            }
            if w.end <= w.start {
                problems.push(Problem::with_detail(
                    here(),
                    ProblemKind::InvalidWindow,
                    format!(
                        "the window ends at {}, not after it starts at {}",
                        w.end, w.start
                    ),
                ));
            }
            if let Some((j, _)) = windows[..i]
                .iter()
                .enumerate()
                .find(|(_, o)| o.start < w.end && w.start < o.end)
            {
                problems.push(Problem::with_detail(
                    here(),
                    ProblemKind::InvalidWindow,
                    format!("the window overlaps window {j} of the same day"),
                ));
            }
        }
    }
}

/// A course's sessions as appointments: each with its start and end in the clinic's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Appointments {
    /// The timing they were booked under (kept, so a session can be moved later under the
    /// same hours).
    pub timing: Timing,
    /// Minutes each session is booked for.
    pub session_minutes: u16,
    /// One appointment per session date of the schedule, in order.
    pub sessions: Vec<TimedSession>,
}

/// One session's appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TimedSession {
    /// The phase it belongs to (0-based).
    pub phase: u8,
    /// When it starts, in the clinic's zone (RFC 9557:
    /// `2027-03-15T16:00:00-04:00[America/New_York]`).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::forms::ZonedTime")
    )]
    pub start: ZonedDateTime,
    /// When it ends.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::forms::ZonedTime")
    )]
    pub end: ZonedDateTime,
}

/// `date` at `time` in `tz`, by the crate's rule: `None` when the clock skips that time
/// on that day (a gap), the earlier instant when it shows it twice (a fold).
pub(crate) fn local(tz: &TimeZone, date: Date, time: Time) -> Option<ZonedDateTime> {
    let ambiguous = tz.to_ambiguous_zoned_datetime(date.to_datetime(time));
    match ambiguous.offset() {
        AmbiguousOffset::Gap { .. } => None,
        _ => ambiguous.earlier().ok(),
    }
}

/// How many times the schedule is redone to leave out days whose start the clock skips;
/// a zone changes its clock a few times a year, so a course meets a handful at most.
const GAP_ROUNDS: usize = 32;

impl Course {
    /// [`schedule`](Course::schedule) with appointments: the weekdays are those the client
    /// can come on and the clinic is open long enough, closed days are left out like
    /// unavailable ones, and each session starts at its weekday's earliest
    /// [`slot`](Timing::slot) in the clinic's zone and lasts `minutes` (or the timing's
    /// own `session_minutes`). Every rule of the date-only schedule holds as it does there
    /// (frequency, taper, approval lapse, rescreen window, start). See the module's rule
    /// for daylight saving.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::{Course, Intake, Protocol};
    /// use massage_rules::scheduling::{Availability, Timing};
    /// use massage_rules::vocabulary::Day;
    /// let intake: Intake = serde_json::from_str(r#"{
    ///     "assessed_on": "2027-03-01", "age": 40, "pregnant": "no", "findings": [],
    ///     "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
    ///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    /// }"#)?;
    /// let protocol = Protocol::seed();
    /// let clearance = massage_rules::Screened::new(&protocol, &intake)?.clearance()?;
    /// let course = Course::start(&clearance, &massage_rules::plan(&clearance), None)?;
    /// let timing: Timing = serde_json::from_str(r#"{"time_zone": "America/New_York",
    ///     "hours": {"monday": [{"start": "09:00", "end": "17:00"}],
    ///               "thursday": [{"start": "09:00", "end": "17:00"}]}}"#)?;
    /// let every_day = Availability { weekdays: massage_rules::vocabulary::DaySet::all(), unavailable: vec![] };
    /// let schedule = course.schedule_timed(date(2027, 3, 2), &every_day, &timing, 60)?;
    /// let booked = &schedule.appointments.as_ref().unwrap().sessions;
    /// // 09:00 on both sides of the change to daylight time on 14 March 2027.
    /// assert_eq!(booked[0].start.to_string(), "2027-03-04T09:00:00-05:00[America/New_York]");
    /// assert_eq!(booked[3].start.to_string(), "2027-03-15T09:00:00-04:00[America/New_York]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule_timed(
        &self,
        start: Date,
        availability: &Availability,
        timing: &Timing,
        minutes: u16,
    ) -> Result<Schedule, ScheduleError> {
        let mut problems = Vec::new();
        timing.problems_but_the_zone(&mut problems);
        if !problems.is_empty() {
            return Err(ScheduleError::InvalidTiming { problems });
        }
        let tz = timing.zone()?;
        let minutes = timing.session_minutes.unwrap_or(minutes).max(1);
        let mut slots: [Option<Time>; 7] = [None; 7];
        let mut weekdays = DaySet::empty();
        for day in availability.weekdays {
            if let Some(slot) = timing.slot(day, minutes) {
                slots[usize::from(day.code())] = Some(slot);
                weekdays.insert(day);
            }
        }
        if weekdays.is_empty() {
            return Err(ScheduleError::NoSlot { minutes });
        }
        let mut open = Availability {
            weekdays,
            unavailable: availability.unavailable.clone(),
        };
        open.unavailable.extend(timing.closed_days());
        let slot_of = |day: Date| slots[usize::from(Day::from_jiff(day.weekday()).code())];
        let length = SignedDuration::from_mins(i64::from(minutes));
        let mut rounds = 0;
        let (mut schedule, sessions) = loop {
            let schedule = self.schedule_until(start, &open, None)?;
            // Each date at its slot; days whose start the clock skips are left out, and the
            // course dated again.
            let mut sessions = Vec::with_capacity(schedule.dates().count());
            let mut skipped = Vec::new();
            for phase in &schedule.phases {
                for day in &phase.dates {
                    let zoned = slot_of(*day)
                        .and_then(|t| local(&tz, *day, t))
                        .filter(|start| timing.admits(start, minutes));
                    match zoned {
                        Some(start) if skipped.is_empty() => {
                            let end = start
                                .checked_add(length)
                                .map_err(|_| ScheduleError::StartOutOfRange { start: *day })?;
                            sessions.push(TimedSession {
                                phase: phase.index,
                                start,
                                end,
                            });
                        }
                        Some(_) => {}
                        None => skipped.push(*day),
                    }
                }
            }
            if skipped.is_empty() {
                // Days left out may have pushed the first session past the window.
                if let Some(first) = sessions.first() {
                    self.keeps_rescreen_window(first.start.date())?;
                }
                break (schedule, sessions);
            }
            rounds += 1;
            if rounds > GAP_ROUNDS {
                return Err(ScheduleError::NoSlot { minutes });
            }
            open.unavailable.extend(skipped);
        };
        // The excluded dates of a recurrence say nothing here: each session is its own
        // appointment.
        schedule.session_minutes = Some(minutes);
        schedule.appointments = Some(Appointments {
            timing: timing.clone(),
            session_minutes: minutes,
            sessions,
        });
        Ok(schedule)
    }
}
