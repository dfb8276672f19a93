//! Moving one session: the client cancels, the clinic closes. The session moves, or the
//! reason it cannot move there is given; the rest of the course stays as it was.

use jiff::civil::DateTime;
use jiff::tz::AmbiguousOffset;

use super::sessions::{Breach, Frame};
use super::*;

/// Why a session cannot move where it was asked to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "error", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RescheduleError {
    /// The schedule has no session with this number.
    #[error("there is no session {session}: the schedule has {sessions}")]
    NoSuchSession {
        /// The session asked for (0-based).
        session: usize,
        /// How many sessions the schedule has.
        sessions: usize,
    },
    /// The care plan books no sessions at all.
    #[error("the care plan books no sessions")]
    NoSchedule,
    /// The new day is before the assessment the course rests on.
    #[error("{to} is before the assessment of {assessed_on}")]
    BeforeAssessment {
        /// The assessment.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        assessed_on: Date,
        /// The day asked for.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        to: Date,
    },
    /// The course's first session would fall more than the protocol's
    /// `rescreen_after_days` after the client was last seen: screen the client again.
    #[error(
        "the first session on {to} would be more than {max_days} days after the client was \
         last seen on {seen}: screen the client again"
    )]
    PastRescreen {
        /// The assessment or latest reassessment.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        seen: Date,
        /// The day asked for.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        to: Date,
        /// The protocol's limit.
        max_days: u16,
    },
    /// The new day is past the last day a physician's approval the course relies on
    /// covers (L134).
    #[error("{to} is past {valid_until}, the last day the approval for {contraindication} covers")]
    PastApproval {
        /// What the approval covers.
        contraindication: Contraindication,
        /// Its last day.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        valid_until: Date,
        /// The day asked for.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        to: Date,
    },
    /// The new day is not between the sessions before and after it (or is the day of one
    /// of them): a moved session keeps its place in the course.
    #[error(
        "{to} is not between the session before it ({}) and the one after it ({}): a moved \
         session keeps its place in the course",
        after.map_or("none".to_owned(), |d| d.to_string()),
        before.map_or("none".to_owned(), |d| d.to_string())
    )]
    OutOfOrder {
        /// The day asked for.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        to: Date,
        /// The day it must come after (the previous session, or the course's start).
        #[cfg_attr(
            feature = "schema",
            schemars(with = "Option<crate::vocabulary::forms::IsoDate>")
        )]
        after: Option<Date>,
        /// The day it must come before (the next session).
        #[cfg_attr(
            feature = "schema",
            schemars(with = "Option<crate::vocabulary::forms::IsoDate>")
        )]
        before: Option<Date>,
    },
    /// The phase would have more sessions within one period than its frequency (the
    /// period counted as 7 days for a week, 28 for a month).
    #[error(
        "phase {phase} gives {sessions} a {per:?}: with the session on {to}, {found} would \
         fall within {days} days from {from}"
    )]
    TooClose {
        /// The phase (0-based).
        phase: u8,
        /// Its sessions per period.
        sessions: u8,
        /// Its period.
        per: Period,
        /// The day asked for.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        to: Date,
        /// The first day of the crowded span.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        from: Date,
        /// The span's length in days.
        days: i32,
        /// How many sessions would fall in it.
        found: usize,
    },
    /// The clock skips this local time that day (daylight saving): it does not exist in
    /// the clinic's zone.
    #[error("{to} does not exist in {time_zone}: the clock skips it that day")]
    SkippedTime {
        /// The local time asked for.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::forms::LocalDateTime")
        )]
        to: DateTime,
        /// The clinic's zone.
        time_zone: String,
    },
    /// The session would not lie within the opening hours (and the client's preferred
    /// windows), or the clinic is closed that day.
    #[error(
        "{to} for {minutes} minutes is outside the opening hours or preferred windows, or on a closed day"
    )]
    OutsideHours {
        /// The local time asked for.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::forms::LocalDateTime")
        )]
        to: DateTime,
        /// Minutes the session lasts.
        minutes: u16,
    },
}

impl Schedule {
    /// Moves session `session` (0-based, in course order) to `to`, a local date and time
    /// in the clinic's zone (for a schedule without appointments, only its date counts),
    /// and gives back the schedule with that session moved and every other as it was; or
    /// the reason it cannot move there:
    ///
    /// - a day before the assessment, or, for the first session, more than the protocol's
    ///   `rescreen_after_days` after the client was last seen;
    /// - past the last day a physician's approval the course relies on covers;
    /// - not strictly between the sessions before and after it (a moved session keeps its
    ///   place in the course, and never shares a day);
    /// - more sessions of its phase within a period than the phase's frequency (a period
    ///   is 7 days for a week, 28 for a month);
    /// - with appointments: a local time the clock skips that day, or a session that would
    ///   not lie within the opening hours and preferred windows, or a closed day.
    ///
    /// A moved date is written as an exception to its phase's recurrence (`excluded`
    /// gets the old date, `added` the new), so the phase's `RRULE` with `EXDATE` and
    /// `RDATE` still gives exactly its dates.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use massage_rules::{CareRequest, Protocol, care_plan};
    /// use massage_rules::scheduling::RescheduleError;
    /// let request = CareRequest::from_json(r#"{"intake": {"assessed_on": "2027-03-01",
    ///     "age": 45, "pregnant": "no", "findings": [], "history": "none",
    ///     "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
    ///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}},
    ///     "timing": {"time_zone": "Europe/Berlin",
    ///                "hours": {"monday": [{"start": "09:00", "end": "17:00"}],
    ///                          "wednesday": [{"start": "09:00", "end": "17:00"}],
    ///                          "thursday": [{"start": "09:00", "end": "17:00"}]}}}"#)?;
    /// let care = care_plan(&Protocol::seed(), &request)?;
    /// let schedule = care.schedule.as_ref().unwrap();
    /// let course = care.course.as_ref().unwrap();
    /// // Sessions on Wednesday 3 and Monday 8 March at 09:00; the second moves to
    /// // Thursday 4 March at 15:00...
    /// let moved = schedule.reschedule(course, 1, date(2027, 3, 4).at(15, 0, 0, 0))?;
    /// let booked = &moved.appointments.as_ref().unwrap().sessions;
    /// assert_eq!(booked[1].start.to_string(), "2027-03-04T15:00:00+01:00[Europe/Berlin]");
    /// // ...but not to Friday 5 March: the clinic is closed on Fridays.
    /// let refused = schedule.reschedule(course, 1, date(2027, 3, 5).at(10, 0, 0, 0));
    /// assert!(matches!(refused, Err(RescheduleError::OutsideHours { .. })));
    /// // Nor to the day of the first session.
    /// let refused = schedule.reschedule(course, 1, date(2027, 3, 3).at(15, 0, 0, 0));
    /// assert!(matches!(refused, Err(RescheduleError::OutOfOrder { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reschedule(
        &self,
        course: &Course,
        session: usize,
        to: DateTime,
    ) -> Result<Schedule, RescheduleError> {
        let dates: Vec<(usize, usize, Date)> = self
            .phases
            .iter()
            .enumerate()
            .flat_map(|(p, phase)| phase.dates.iter().enumerate().map(move |(i, d)| (p, i, *d)))
            .collect();
        let Some(&(p, i, _)) = dates.get(session) else {
            return Err(RescheduleError::NoSuchSession {
                session,
                sessions: dates.len(),
            });
        };
        let day = to.date();
        // The zoned start, when the schedule books appointments.
        let zoned = match &self.appointments {
            None => None,
            Some(booked) => {
                let tz = booked
                    .sessions
                    .get(session)
                    .map(|s| s.start.time_zone().clone())
                    .ok_or(RescheduleError::NoSuchSession {
                        session,
                        sessions: booked.sessions.len(),
                    })?;
                let ambiguous = tz.to_ambiguous_zoned_datetime(to);
                if matches!(ambiguous.offset(), AmbiguousOffset::Gap { .. }) {
                    return Err(RescheduleError::SkippedTime {
                        to,
                        time_zone: booked.timing.time_zone.clone(),
                    });
                }
                let start = ambiguous
                    .earlier()
                    .map_err(|_| RescheduleError::SkippedTime {
                        to,
                        time_zone: booked.timing.time_zone.clone(),
                    })?;
                Some((booked, start))
            }
        };
        let after = session.checked_sub(1).map(|k| dates[k].2);
        let before = dates.get(session + 1).map(|d| d.2);
        // The rest of the course, numbered as in the schedule; the course starts at the
        // earliest of them (a session moved before it is the course's first).
        let others = dates
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != session)
            .map(|(k, d)| (d.2, k));
        let start = dates
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != session)
            .map(|(_, d)| d.2)
            .min();
        let frame = Frame::new(
            course,
            Some(self),
            course.assessed_on.unwrap_or(Date::MIN),
            start,
            others,
        );
        let hours = zoned
            .as_ref()
            .map(|(booked, start)| (&booked.timing, start, booked.session_minutes));
        let breaches = frame.breaches(day, None, None, hours);
        let order_kept = !(after.is_some_and(|a| day <= a) || before.is_some_and(|b| day >= b));
        // The same rows as the appointment-book check, refused in this order.
        for breach in &breaches {
            match *breach {
                Breach::BeforeAssessment { assessed_on } => {
                    return Err(RescheduleError::BeforeAssessment {
                        assessed_on,
                        to: day,
                    });
                }
                Breach::PastRescreen { seen, max_days } => {
                    return Err(RescheduleError::PastRescreen {
                        seen,
                        to: day,
                        max_days,
                    });
                }
                Breach::PastApproval {
                    contraindication,
                    valid_until,
                } => {
                    return Err(RescheduleError::PastApproval {
                        contraindication,
                        valid_until,
                        to: day,
                    });
                }
                _ => {}
            }
        }
        if !order_kept {
            return Err(RescheduleError::OutOfOrder {
                to: day,
                after,
                before,
            });
        }
        for breach in &breaches {
            match *breach {
                Breach::SameDay { .. } => {
                    return Err(RescheduleError::OutOfOrder {
                        to: day,
                        after,
                        before,
                    });
                }
                Breach::TooClose {
                    phase,
                    rule,
                    from,
                    found,
                    ..
                } => {
                    return Err(RescheduleError::TooClose {
                        phase,
                        sessions: rule.sessions,
                        per: rule.per,
                        to: day,
                        from,
                        days: rule.window_days(),
                        found,
                    });
                }
                Breach::OutsideHours => {
                    return Err(RescheduleError::OutsideHours {
                        to,
                        minutes: zoned.as_ref().map_or(0, |(b, _)| b.session_minutes),
                    });
                }
                _ => {}
            }
        }
        let mut out = self.clone();
        let old = out.phases[p].dates[i];
        if old != day {
            let target = &mut out.phases[p];
            target.dates[i] = day;
            // The recurrence keeps giving exactly the dates: the old one is an exception,
            // the new one an added date (or a date the recurrence gave back).
            if let Some(pos) = target.added.iter().position(|d| *d == old) {
                target.added.remove(pos);
            } else {
                target.excluded.push(old);
                target.excluded.sort_unstable();
            }
            if let Some(pos) = target.excluded.iter().position(|d| *d == day) {
                target.excluded.remove(pos);
            } else {
                target.added.push(day);
                target.added.sort_unstable();
            }
        }
        if let (Some((booked, start)), Some(out_booked)) = (zoned, out.appointments.as_mut()) {
            let length = jiff::SignedDuration::from_mins(i64::from(booked.session_minutes));
            let end = start
                .checked_add(length)
                .map_err(|_| RescheduleError::OutsideHours {
                    to,
                    minutes: booked.session_minutes,
                })?;
            out_booked.sessions[session].start = start;
            out_booked.sessions[session].end = end;
        }
        Ok(out)
    }
}
