//! The appointment-book check: appointments an EHR proposes, each checked against the
//! care plan's rules, with the nearest allowed slot where one exists.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, ToSpan, ZonedDateTime};

use super::*;
use crate::scheduling::Appointments;
use crate::vocabulary::Period;

/// An appointment proposed for the client (a FHIR `Appointment` of the CDS Hooks
/// `appointment-book` context), as [`read`](crate::read) gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProposedAppointment {
    /// The resource's id, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When it starts (with the offset the EHR gave).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::ZonedTime")
    )]
    pub start: ZonedDateTime,
    /// When it ends.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::schema_forms::ZonedTime")
    )]
    pub end: ZonedDateTime,
}

impl ProposedAppointment {
    /// Its length in whole minutes.
    pub fn minutes(&self) -> i64 {
        (self.end.timestamp() - self.start.timestamp()).as_mins()
    }
}

/// What is wrong with a proposed appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
#[non_exhaustive]
pub enum BookingProblem {
    /// The screening allows no session (a contraindication that arose since, an approval
    /// missing, a question unanswered).
    NotCleared {
        /// The screening's outcome.
        outcome: Outcome,
    },
    /// The care plan books no course (no technique fits, or it is held back).
    NoCourse,
    /// Before the assessment the plan rests on.
    BeforeAssessment {
        /// The assessment.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::schema_forms::IsoDate")
        )]
        assessed_on: Date,
    },
    /// The course's first session more than the protocol's `rescreen_after_days` after
    /// the client was last seen: screen the client again.
    PastRescreen {
        /// The assessment or latest reassessment.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::schema_forms::IsoDate")
        )]
        seen: Date,
        /// The protocol's limit.
        max_days: u16,
    },
    /// Past the last day a physician's approval the plan relies on covers.
    PastApproval {
        /// What the approval covers.
        contraindication: Contraindication,
        /// Its last day.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::schema_forms::IsoDate")
        )]
        valid_until: Date,
    },
    /// More appointments within one period than the phase's frequency.
    TooClose {
        /// Sessions per period of the phase.
        sessions: u8,
        /// The period.
        per: Period,
        /// How many of the proposed appointments fall within the period around it.
        found: usize,
    },
    /// Shorter than the session the plan needs.
    TooShort {
        /// The appointment's minutes.
        minutes: i64,
        /// The plan's minutes.
        planned: u16,
    },
    /// Outside the opening hours (or the client's preferred windows), or on a closed day.
    OutsideHours {
        /// The local start in the clinic's zone.
        #[cfg_attr(
            feature = "schema",
            schemars(with = "crate::vocabulary::schema_forms::LocalDateTime")
        )]
        at: DateTime,
    },
}

impl BookingProblem {
    /// Whether it rules the appointment out (no session may be given), rather than asking
    /// for it to be moved.
    pub fn is_critical(&self) -> bool {
        matches!(
            self,
            BookingProblem::NotCleared {
                outcome: Outcome::NotPermitted
            } | BookingProblem::PastApproval { .. }
        )
    }
}

impl fmt::Display for BookingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BookingProblem::NotCleared { outcome } => write!(
                f,
                "the screening does not allow a session ({})",
                outcome.name().replace('_', " ")
            ),
            BookingProblem::NoCourse => f.write_str("the care plan books no course"),
            BookingProblem::BeforeAssessment { assessed_on } => {
                write!(f, "it is before the assessment of {assessed_on}")
            }
            BookingProblem::PastRescreen { seen, max_days } => write!(
                f,
                "the course would start more than {max_days} days after the client was last \
                 seen on {seen}: screen the client again"
            ),
            BookingProblem::PastApproval {
                contraindication,
                valid_until,
            } => write!(
                f,
                "it is past {valid_until}, the last day the physician's approval for {} covers",
                contraindication.label().to_lowercase()
            ),
            BookingProblem::TooClose {
                sessions,
                per,
                found,
            } => {
                let per = match per {
                    Period::Week => "week",
                    Period::Month => "month",
                };
                write!(
                    f,
                    "{found} appointments within a {per}; this phase of the course gives {sessions} a {per}"
                )
            }
            BookingProblem::TooShort { minutes, planned } => write!(
                f,
                "it lasts {minutes} minutes; the planned session takes {planned}"
            ),
            BookingProblem::OutsideHours { at } => write!(
                f,
                "{at} is outside the opening hours or the client's preferred times, or the clinic is closed"
            ),
        }
    }
}

/// A problem with the rule and the seed lines behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookingFinding {
    /// What is wrong.
    #[serde(flatten)]
    pub problem: BookingProblem,
    /// The rule behind it.
    pub rule: RuleId,
    /// The seed lines behind it.
    pub seed: SeedLines,
}

/// One proposed appointment, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppointmentCheck {
    /// Its place in the proposed list (0-based).
    pub index: usize,
    /// Its id, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What is wrong with it; empty when it keeps every rule.
    pub findings: Vec<BookingFinding>,
    /// The nearest start on or after it that keeps every rule, with its end, when one
    /// exists within [`SUGGESTION_DAYS`] days and nothing rules the appointment out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<[crate::vocabulary::schema_forms::ZonedTime; 2]>")
    )]
    pub suggestion: Option<(ZonedDateTime, ZonedDateTime)>,
}

/// How many days after a proposed appointment a suggestion is looked for.
pub const SUGGESTION_DAYS: i64 = 62;

impl CarePlan {
    /// Checks each proposed appointment against the plan's rules: the screening allows a
    /// session and a course is booked; not before the assessment; the earliest within the
    /// protocol's `rescreen_after_days` of when the client was last seen; none past the
    /// last day a physician's approval covers; no more appointments within a period
    /// than the phase the appointment falls in gives (7 days for a week, 28 for a month);
    /// not shorter than the planned session; and, when the plan was made with a timing,
    /// inside the opening hours and preferred windows, not on a closed day. Dates are read
    /// in the clinic's zone when the plan has one, else at the appointment's own offset.
    ///
    /// Where an appointment breaks a rule that a move can mend, the nearest start on or
    /// after it that keeps every rule is suggested (the day's first slot when the plan has
    /// opening hours, else the same time of day).
    pub fn check_appointments(&self, proposed: &[ProposedAppointment]) -> Vec<AppointmentCheck> {
        let booked = self.schedule.as_ref().and_then(|s| s.appointments.as_ref());
        let zone = booked.and_then(|b| b.sessions.first().map(|s| s.start.time_zone().clone()));
        let planned = booked
            .map(|b| b.session_minutes)
            .or(self.schedule.as_ref().and_then(|s| s.session_minutes))
            .or(self.session.as_ref().map(|s| s.minutes));
        let in_zone = |at: &ZonedDateTime| match &zone {
            Some(tz) => at.with_time_zone(tz.clone()),
            None => at.clone(),
        };
        let local: Vec<ZonedDateTime> = proposed.iter().map(|p| in_zone(&p.start)).collect();
        let earliest = local.iter().map(|z| z.timestamp()).min();
        proposed
            .iter()
            .enumerate()
            .map(|(index, p)| {
                let start = &local[index];
                let others: Vec<Date> = local
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != index)
                    .map(|(_, z)| z.date())
                    .collect();
                let first = earliest == Some(start.timestamp());
                let findings = self.findings(start, p.minutes(), planned, booked, &others, first);
                let mendable = !findings.is_empty()
                    && findings.iter().all(|f| {
                        !f.problem.is_critical()
                            && !matches!(
                                f.problem,
                                BookingProblem::NotCleared { .. } | BookingProblem::NoCourse
                            )
                    });
                let suggestion = if mendable {
                    self.nearest(start, p.minutes(), planned, booked, &others, first)
                } else {
                    None
                };
                AppointmentCheck {
                    index,
                    id: p.id.clone(),
                    findings,
                    suggestion,
                }
            })
            .collect()
    }

    fn findings(
        &self,
        start: &ZonedDateTime,
        minutes: i64,
        planned: Option<u16>,
        booked: Option<&Appointments>,
        others: &[Date],
        first: bool,
    ) -> Vec<BookingFinding> {
        let screening = &self.screening;
        let mut out = Vec::new();
        let mut push = |problem: BookingProblem, rule: RuleId, seed: SeedLines| {
            out.push(BookingFinding {
                problem,
                rule,
                seed,
            });
        };
        if !screening.outcome.allows_session() {
            let rule = screening
                .reasons()
                .next()
                .map_or(RuleId::Disclosure, |r| r.rule);
            let seed = screening
                .reasons()
                .next()
                .map_or(RuleId::Disclosure.seed(), |r| r.seed);
            push(
                BookingProblem::NotCleared {
                    outcome: screening.outcome,
                },
                rule,
                seed,
            );
            return out;
        }
        let Some(course) = &self.course else {
            push(
                BookingProblem::NoCourse,
                RuleId::Course,
                RuleId::Course.seed(),
            );
            return out;
        };
        let day = start.date();
        if day < self.assessed_on {
            push(
                BookingProblem::BeforeAssessment {
                    assessed_on: self.assessed_on,
                },
                RuleId::Course,
                RuleId::Course.seed(),
            );
        }
        if first && let Some(max_days) = course.rescreen_after_days {
            let seen = course.last_seen().unwrap_or(self.assessed_on);
            if (day - seen).get_days() > i32::from(max_days) {
                push(
                    BookingProblem::PastRescreen { seen, max_days },
                    RuleId::Disclosure,
                    RuleId::Disclosure.seed(),
                );
            }
        }
        if let Some(limit) = course
            .approval_limits
            .iter()
            .filter(|l| day > l.valid_until)
            .min_by_key(|l| l.valid_until)
        {
            push(
                BookingProblem::PastApproval {
                    contraindication: limit.contraindication,
                    valid_until: limit.valid_until,
                },
                crate::protocol::rule_of(limit.contraindication),
                limit.contraindication.seed(),
            );
        }
        if let Some((phase, rule)) = self.phase_at(course, day) {
            let span = rule.window_days();
            // The most appointments of the same phase in any period that holds this one.
            let mut all: Vec<Date> = others
                .iter()
                .copied()
                .filter(|d| self.phase_at(course, *d).map(|(p, _)| p) == Some(phase))
                .collect();
            all.push(day);
            all.sort_unstable();
            let found = (0..span)
                .filter_map(|back| day.checked_sub(i64::from(back).days()).ok())
                .map(|from| {
                    all.iter()
                        .filter(|d| **d >= from && (**d - from).get_days() < span)
                        .count()
                })
                .max()
                .unwrap_or(1);
            if found > usize::from(rule.sessions) {
                push(
                    BookingProblem::TooClose {
                        sessions: rule.sessions,
                        per: rule.per,
                        found,
                    },
                    RuleId::Course,
                    rule.seed,
                );
            }
        }
        if let Some(planned) = planned
            && minutes < i64::from(planned)
        {
            push(
                BookingProblem::TooShort { minutes, planned },
                RuleId::SessionLength,
                RuleId::SessionLength.seed(),
            );
        }
        if let Some(booked) = booked {
            let length = u16::try_from(minutes.max(0)).unwrap_or(u16::MAX);
            if !booked.timing.admits(start.datetime(), length) {
                push(
                    BookingProblem::OutsideHours {
                        at: start.datetime(),
                    },
                    RuleId::Course,
                    RuleId::Course.seed(),
                );
            }
        }
        out
    }

    /// The phase rule of the course in force on `day`: the phase whose booked dates span
    /// it, else the last phase that starts before it, else the course's current phase.
    fn phase_at(&self, course: &Course, day: Date) -> Option<(u8, crate::protocol::PhaseRule)> {
        if let Some(schedule) = &self.schedule {
            let mut found = None;
            for phase in &schedule.phases {
                if phase.dates.first().is_some_and(|f| *f <= day) {
                    found = Some((phase.index, phase.rule));
                }
            }
            if found.is_some() {
                return found;
            }
        }
        course
            .phases
            .get(usize::from(course.phase))
            .map(|rule| (course.phase, *rule))
    }

    fn nearest(
        &self,
        start: &ZonedDateTime,
        minutes: i64,
        planned: Option<u16>,
        booked: Option<&Appointments>,
        others: &[Date],
        first: bool,
    ) -> Option<(ZonedDateTime, ZonedDateTime)> {
        let tz: TimeZone = start.time_zone().clone();
        let length = minutes.max(i64::from(planned.unwrap_or(0)));
        let from = start.date().max(self.assessed_on);
        for offset in 0..SUGGESTION_DAYS {
            let day = from.checked_add(offset.days()).ok()?;
            let time = match booked {
                Some(b) => {
                    let minutes = u16::try_from(length).unwrap_or(u16::MAX);
                    match b.timing.slot(Day::from_jiff(day.weekday()), minutes) {
                        Some(t) => t,
                        None => continue,
                    }
                }
                None => start.time(),
            };
            let Some(candidate) = crate::scheduling::local_time(&tz, day, time) else {
                continue;
            };
            if candidate.timestamp() < start.timestamp() {
                continue;
            }
            if self
                .findings(&candidate, length, planned, booked, others, first)
                .is_empty()
            {
                let end = candidate
                    .checked_add(SignedDuration::from_mins(length))
                    .ok()?;
                return Some((candidate, end));
            }
        }
        None
    }
}
