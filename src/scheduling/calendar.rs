//! A course's dates: phases on the weekdays the client can come, within what the course
//! rests on.

use super::*;

impl Course {
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
        if self.phases.len() > crate::Limits::PHASES {
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
            self.keeps_rescreen_window(start)?;
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
        // The window holds for the first date booked, after unavailable and closed days.
        if let Some(first) = phases
            .first()
            .and_then(|p: &ScheduledPhase| p.dates.first())
        {
            self.keeps_rescreen_window(*first)?;
        }
        Ok(Schedule {
            protocol: self.protocol,
            kind: self.kind,
            session_minutes: self.session_minutes,
            phases,
            stop,
            appointments: None,
        })
    }
}

impl Course {
    /// The last day the course's first session may fall on: the protocol's
    /// `rescreen_after_days` after the client was last seen (the assessment or the latest
    /// reassessment, which renews the window); `None` when the course sets no window or
    /// rests on no assessment.
    pub fn rescreen_deadline(&self) -> Option<(Date, Date, u16)> {
        let assessed_on = self.assessed_on?;
        let max_days = self.rescreen_after_days?;
        let seen = self.last_seen().unwrap_or(assessed_on);
        let latest = seen
            .checked_add(i64::from(max_days).days())
            .unwrap_or(Date::MAX);
        Some((seen, latest, max_days))
    }

    /// `Err(StaleIntake)` when a course whose first session is on `first` would start
    /// past [`rescreen_deadline`](Course::rescreen_deadline).
    pub(crate) fn keeps_rescreen_window(&self, first: Date) -> Result<(), ScheduleError> {
        match self.rescreen_deadline() {
            Some((seen, latest, max_days)) if first > latest => Err(ScheduleError::StaleIntake {
                assessed_on: seen,
                start: first,
                max_days,
            }),
            _ => Ok(()),
        }
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
    std::iter::successors(Some(from), |d| d.tomorrow().ok())
        .take(HORIZON_DAYS as usize)
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
        // Day by day from the anchor (the calendar's last day ends the walk), keeping the
        // phase's weekdays.
        // The weekday is carried along rather than worked out again for every date.
        Period::Week => Box::new(
            std::iter::successors(Some((anchor, anchor_day)), |(d, w)| {
                Some((d.tomorrow().ok()?, Day::ALL[(w.code() as usize + 1) % 7]))
            })
            .take(HORIZON_DAYS as usize)
            .filter(move |(_, w)| weekdays.contains(*w))
            .map(|(d, _)| d),
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
            added: Vec::new(),
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
