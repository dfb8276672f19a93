//! The appointment-book check: appointments an EHR proposes, each checked against the
//! care plan's rules, with the nearest allowed slot where one exists.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, ToSpan, ZonedDateTime};

use super::*;
use crate::scheduling::{Appointments, Breach, Frame, SessionRule};
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
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        assessed_on: Date,
    },
    /// The course's first session more than the protocol's `rescreen_after_days` after
    /// the client was last seen: screen the client again.
    PastRescreen {
        /// The assessment or latest reassessment.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        seen: Date,
        /// The protocol's limit.
        max_days: u16,
    },
    /// Past the last day a physician's approval the plan relies on covers.
    PastApproval {
        /// What the approval covers.
        contraindication: Contraindication,
        /// Its last day.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        valid_until: Date,
    },
    /// More appointments within one period than the phase's frequency, counting the
    /// client's booked appointments and the other proposals alike.
    TooClose {
        /// Sessions per period of the phase.
        sessions: u8,
        /// The period.
        per: Period,
        /// How many appointments fall within the most crowded period that holds it.
        found: usize,
        /// The other appointment in that period nearest to it.
        with: Clash,
    },
    /// Another appointment of the client's on the same day: a course never has two
    /// sessions on one day.
    SameDay {
        /// The appointment it clashes with.
        with: Clash,
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
            schemars(with = "crate::vocabulary::forms::LocalDateTime")
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
                with,
            } => {
                let per = match per {
                    Period::Week => "week",
                    Period::Month => "month",
                };
                write!(
                    f,
                    "{found} appointments within a {per}, with {with}; this phase of the \
                     course gives {sessions} a {per}"
                )
            }
            BookingProblem::SameDay { with } => write!(
                f,
                "{with} is on the same day; a course never has two sessions on one day"
            ),
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

/// Another appointment of the client's that a proposed one clashes with: one already
/// booked, or another proposal of the same request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Clash {
    /// Whether it is already booked (else it is another proposal of the request).
    pub booked: bool,
    /// Its place in its list, booked or proposed (0-based).
    pub index: usize,
    /// Its id, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When it starts, in the clinic's zone when the plan has one.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::vocabulary::forms::ZonedTime")
    )]
    pub start: ZonedDateTime,
}

impl fmt::Display for Clash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let which = if self.booked { "booked" } else { "proposed" };
        let when = self.start.strftime("%a %-d %b %Y, %H:%M");
        match &self.id {
            Some(id) => write!(f, "the {which} appointment {id} ({when})"),
            None => write!(f, "{which} appointment {} ({when})", self.index + 1),
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
    /// The row of [`SESSION_RULES`](crate::scheduling::SESSION_RULES) it breaks; `None`
    /// when no session may be given at all (not cleared, no course).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_rule: Option<SessionRule>,
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
        schemars(with = "Option<[crate::vocabulary::forms::ZonedTime; 2]>")
    )]
    pub suggestion: Option<(ZonedDateTime, ZonedDateTime)>,
}

/// How many days after a proposed appointment a suggestion is looked for.
pub const SUGGESTION_DAYS: i64 = 62;

/// The client's appointments for one check: the booked ones kept (those a proposal does
/// not stand for), all in the clinic's zone, numbered booked first, then proposed.
struct Book<'p> {
    proposed: &'p [ProposedAppointment],
    booked: Vec<(usize, &'p ProposedAppointment)>,
    /// Local starts: the kept booked ones, then the proposed ones.
    local: Vec<ZonedDateTime>,
}

impl Book<'_> {
    fn clash(&self, who: usize) -> Option<Clash> {
        let start = self.local.get(who)?.clone();
        Some(match self.booked.get(who) {
            Some((index, b)) => Clash {
                booked: true,
                index: *index,
                id: b.id.clone(),
                start,
            },
            None => {
                let index = who - self.booked.len();
                Clash {
                    booked: false,
                    index,
                    id: self.proposed.get(index)?.id.clone(),
                    start,
                }
            }
        })
    }
}

impl CarePlan {
    /// Checks each proposed appointment against the plan's rules — the rows of
    /// [`SESSION_RULES`](crate::scheduling::SESSION_RULES), the same rows
    /// [`reschedule`](CarePlan::reschedule) refuses by: the screening allows a session and
    /// a course is booked; not before the assessment; the course's first session within
    /// the protocol's `rescreen_after_days` of when the client was last seen; none past
    /// the last day a physician's approval covers; never two on one day; no more
    /// appointments within a period than the phase the appointment falls in gives (7
    /// days for a week, 28 for a month); not shorter than the planned session; and, when
    /// the plan was made with a timing, inside the opening hours and preferred windows
    /// from start to end on the wall clock, not on a closed day.
    ///
    /// `booked` are the client's appointments already on the books (the EHR's booked
    /// Appointments); a booked one with the id of a proposal is the one the proposal
    /// moves, and is left out. An appointment's verdict depends only on itself, the plan
    /// and the booked appointments, except for the rules between sessions (one a day and
    /// the frequency), which count the booked appointments and the other proposals alike
    /// and name the appointment clashed with. The course starts on the plan's first date
    /// or the earliest booked appointment, whichever is earlier: only an appointment on or
    /// before that day is held to the rescreen window. Dates are read in the clinic's
    /// zone when the plan has one, else at the appointment's own offset.
    ///
    /// Where an appointment breaks a rule that a move can mend, the nearest start on or
    /// after it that keeps every rule is suggested (the day's first slot when the plan has
    /// opening hours, else the same time of day).
    pub fn check_appointments(
        &self,
        proposed: &[ProposedAppointment],
        booked: &[ProposedAppointment],
    ) -> Vec<AppointmentCheck> {
        let timed = self.schedule.as_ref().and_then(|s| s.appointments.as_ref());
        let zone = timed.and_then(|t| {
            t.timing
                .zone()
                .ok()
                .or_else(|| t.sessions.first().map(|s| s.start.time_zone().clone()))
        });
        let planned = timed
            .map(|b| b.session_minutes)
            .or(self.schedule.as_ref().and_then(|s| s.session_minutes))
            .or(self.session.as_ref().map(|s| s.minutes));
        let in_zone = |at: &ZonedDateTime| match &zone {
            Some(tz) => at.with_time_zone(tz.clone()),
            None => at.clone(),
        };
        // A booked appointment a proposal stands for (the same id) is the one it moves.
        let ids: std::collections::HashSet<&str> =
            proposed.iter().filter_map(|p| p.id.as_deref()).collect();
        let kept: Vec<(usize, &ProposedAppointment)> = booked
            .iter()
            .enumerate()
            .filter(|(_, b)| b.id.as_deref().is_none_or(|id| !ids.contains(id)))
            .collect();
        let local: Vec<ZonedDateTime> = kept
            .iter()
            .map(|(_, b)| in_zone(&b.start))
            .chain(proposed.iter().map(|p| in_zone(&p.start)))
            .collect();
        let book = Book {
            proposed,
            booked: kept,
            local,
        };
        let nb = book.booked.len();
        let refusal = self.refusal();
        let course = self.course.as_ref();
        // The course starts on the plan's first date or the earliest booked appointment.
        let start = self
            .schedule
            .as_ref()
            .and_then(|s| s.dates().min())
            .into_iter()
            .chain(
                book.local[..nb]
                    .iter()
                    .map(ZonedDateTime::date)
                    .filter(|d| *d >= self.assessed_on),
            )
            .min();
        let frame = course.map(|course| {
            Frame::new(
                course,
                self.schedule.as_ref(),
                self.assessed_on,
                start,
                book.local
                    .iter()
                    .enumerate()
                    .map(|(who, z)| (z.date(), who)),
            )
        });
        proposed
            .iter()
            .enumerate()
            .map(|(index, p)| {
                let at = &book.local[nb + index];
                let me = Some(nb + index);
                let (findings, suggestion) = match (&refusal, &frame) {
                    (Some(refused), _) => (vec![refused.clone()], None),
                    (None, None) => (vec![no_course()], None),
                    (None, Some(frame)) => {
                        let findings =
                            self.findings(frame, &book, at, p.minutes(), planned, timed, me);
                        let mendable = !findings.is_empty()
                            && findings.iter().all(|f| !f.problem.is_critical());
                        let suggestion = if mendable {
                            self.nearest(frame, at, p.minutes(), planned, timed, me)
                        } else {
                            None
                        };
                        (findings, suggestion)
                    }
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

    /// The finding every appointment gets when the screening allows no session.
    fn refusal(&self) -> Option<BookingFinding> {
        let screening = &self.screening;
        if screening.outcome.allows_session() {
            return None;
        }
        let reason = screening.reasons().next();
        Some(BookingFinding {
            problem: BookingProblem::NotCleared {
                outcome: screening.outcome,
            },
            session_rule: None,
            rule: reason.map_or(RuleId::Disclosure, |r| r.rule),
            seed: reason.map_or(RuleId::Disclosure.seed(), |r| r.seed),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn findings(
        &self,
        frame: &Frame<'_>,
        book: &Book<'_>,
        start: &ZonedDateTime,
        minutes: i64,
        planned: Option<u16>,
        timed: Option<&Appointments>,
        me: Option<usize>,
    ) -> Vec<BookingFinding> {
        let length = u16::try_from(minutes.max(0)).unwrap_or(u16::MAX);
        let hours = timed.map(|t| (&t.timing, start, length));
        let breaches = frame.breaches(start.date(), me, planned.map(|p| (minutes, p)), hours);
        breaches
            .into_iter()
            .filter_map(|breach| finding(breach, book, start))
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn nearest(
        &self,
        frame: &Frame<'_>,
        start: &ZonedDateTime,
        minutes: i64,
        planned: Option<u16>,
        timed: Option<&Appointments>,
        me: Option<usize>,
    ) -> Option<(ZonedDateTime, ZonedDateTime)> {
        let tz: TimeZone = start.time_zone().clone();
        let length = minutes.max(i64::from(planned.unwrap_or(0)));
        let from = start.date().max(self.assessed_on);
        let length16 = u16::try_from(length.max(0)).unwrap_or(u16::MAX);
        let length_rule = planned.map(|p| (length, p));
        for offset in 0..SUGGESTION_DAYS {
            let day = from.checked_add(offset.days()).ok()?;
            let time = match timed {
                Some(b) => match b.timing.slot(Day::from_jiff(day.weekday()), length16) {
                    Some(t) => t,
                    None => continue,
                },
                None => start.time(),
            };
            // The rows a day decides first; the clock only for a day that keeps them.
            if !frame.day_passes(day, me, length_rule) {
                continue;
            }
            let Some(candidate) = crate::scheduling::local_time(&tz, day, time) else {
                continue;
            };
            if candidate.timestamp() < start.timestamp() {
                continue;
            }
            let hours = timed.map(|t| (&t.timing, &candidate, length16));
            if frame.passes(candidate.date(), me, length_rule, hours) {
                let end = candidate
                    .checked_add(SignedDuration::from_mins(length))
                    .ok()?;
                return Some((candidate, end));
            }
        }
        None
    }
}

fn no_course() -> BookingFinding {
    BookingFinding {
        problem: BookingProblem::NoCourse,
        session_rule: None,
        rule: RuleId::Course,
        seed: RuleId::Course.seed(),
    }
}

/// A breach of a session rule as a finding: the row's rule family and seed lines (an
/// approval's and a phase's own).
fn finding(breach: Breach, book: &Book<'_>, start: &ZonedDateTime) -> Option<BookingFinding> {
    let (problem, session_rule, rule, seed) = match breach {
        Breach::BeforeAssessment { assessed_on } => (
            BookingProblem::BeforeAssessment { assessed_on },
            SessionRule::AfterAssessment,
            RuleId::Course,
            RuleId::Course.seed(),
        ),
        Breach::PastRescreen { seen, max_days } => (
            BookingProblem::PastRescreen { seen, max_days },
            SessionRule::Rescreen,
            RuleId::Disclosure,
            RuleId::Disclosure.seed(),
        ),
        Breach::PastApproval {
            contraindication,
            valid_until,
        } => (
            BookingProblem::PastApproval {
                contraindication,
                valid_until,
            },
            SessionRule::Approval,
            crate::protocol::rule_of(contraindication),
            contraindication.seed(),
        ),
        Breach::SameDay { with } => (
            BookingProblem::SameDay {
                with: book.clash(with)?,
            },
            SessionRule::OneADay,
            RuleId::Course,
            SessionRule::OneADay.row().seed,
        ),
        Breach::TooClose {
            rule, found, with, ..
        } => (
            BookingProblem::TooClose {
                sessions: rule.sessions,
                per: rule.per,
                found,
                with: book.clash(with)?,
            },
            SessionRule::Frequency,
            RuleId::Course,
            rule.seed,
        ),
        Breach::TooShort { minutes, planned } => (
            BookingProblem::TooShort { minutes, planned },
            SessionRule::Length,
            RuleId::SessionLength,
            RuleId::SessionLength.seed(),
        ),
        Breach::OutsideHours => (
            BookingProblem::OutsideHours {
                at: start.datetime(),
            },
            SessionRule::Hours,
            RuleId::Course,
            RuleId::Course.seed(),
        ),
    };
    Some(BookingFinding {
        problem,
        session_rule: Some(session_rule),
        rule,
        seed,
    })
}
