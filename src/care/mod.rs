//! The whole way in one call: screening, then a session plan, then a course with dates,
//! holding back whatever the client may not have yet and saying why.

mod booking;
mod json;
mod summary;

pub use booking::{
    AppointmentCheck, BookingFinding, BookingProblem, Clash, ProposedAppointment, SUGGESTION_DAYS,
};
pub use summary::{DecisionSummary, summarize, summarize_valid};

pub(crate) use json::{write_care_plan, write_session_plan};

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::intake::{Intake, IntakeError};
use crate::limits::Limits;
use crate::problem::Problem;
use crate::problem::ProblemKind;
use crate::protocol::{Protocol, ProtocolStamp, rule_of};
use crate::scheduling::{
    Availability, Course, RescheduleError, Schedule, ScheduleError, Score, Timing,
};
use crate::screening::{ClearanceError, Effect, Outcome, Screened, Screening};
use crate::seed::SeedLines;
use crate::selection::{SessionPlan, plan};
use crate::vocabulary::{Contraindication, Day, DaySet, RuleId};

/// What [`care_plan`] needs: the intake, and optionally when the client can come and the
/// score progress will be measured against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CareRequest {
    /// The intake.
    pub intake: Intake,
    /// The first day sessions may fall on; the day after the assessment when absent. It
    /// may not be before the assessment, and a start more than the protocol's
    /// `rescreen_after_days` after it asks for a new screening instead of a course.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::vocabulary::forms::MaybeIsoDate"
    )]
    pub start: Option<Date>,
    /// When the client can come; Monday to Friday when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    /// The baseline score for progress; the first reassessment when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Score>,
    /// When sessions happen (time zone, opening hours, closed days, preferred windows):
    /// with it the schedule books appointments with a start and an end
    /// ([`Course::schedule_timed`](crate::Course::schedule_timed)); without it, dates
    /// only, as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
}

impl CareRequest {
    /// The first day sessions may fall on: `start`, or the day after the assessment.
    pub fn start_date(&self) -> Date {
        self.start.unwrap_or_else(|| {
            let assessed = self.intake.assessed_on;
            assessed.tomorrow().unwrap_or(assessed)
        })
    }

    /// Checks the request and reports every problem at once: the intake's (under
    /// `intake.`), and a start before the assessment.
    pub fn validate(&self) -> Result<(), IntakeError> {
        let mut problems = match self.intake.validate() {
            Ok(()) => Vec::new(),
            Err(e) => e
                .problems
                .into_iter()
                .map(|p| Problem {
                    path: format!("intake.{}", p.path),
                    ..p
                })
                .collect(),
        };
        if let Some(availability) = &self.availability
            && availability.unavailable.len() > Limits::UNAVAILABLE_DATES
        {
            problems.push(Problem::too_long(
                "availability.unavailable",
                availability.unavailable.len(),
                Limits::UNAVAILABLE_DATES,
            ));
        }
        if let Some(timing) = &self.timing {
            problems.extend(timing.problems().into_iter().map(|p| Problem {
                path: format!("timing.{}", p.path),
                ..p
            }));
        }
        if self
            .start
            .is_some_and(|start| start < self.intake.assessed_on)
        {
            problems.push(Problem::new("start", ProblemKind::StartBeforeAssessment));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(IntakeError::new(problems))
        }
    }
}

/// Something a care plan holds back, typed so that an app can act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "hold", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Hold {
    /// The screening does not allow a session; its reasons say what is needed (in JSON
    /// `not_cleared`; `clearance_error`, its name before, is still read).
    #[serde(alias = "clearance_error")]
    NotCleared {
        /// The screening's outcome.
        outcome: Outcome,
    },
    /// No technique can be used (every region it would work on is to be avoided, or
    /// nothing fits the client): no course is booked. The session plan says why each
    /// technique was left out.
    NoTechnique,
    /// The course would start too long after the assessment: screen the client again.
    Rescreen {
        /// The day of the assessment.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        assessed_on: Date,
        /// The start asked for.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        start: Date,
        /// The protocol's limit in days.
        max_days: u16,
    },
    /// A physician's approval the screening relied on lapses before the course is over:
    /// no session is booked after it. Renew it to book the rest.
    RenewApproval {
        /// What the approval covers.
        contraindication: Contraindication,
        /// The last day the approvals on file cover.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        valid_until: Date,
        /// The first session date that needs a new approval.
        #[serde(with = "crate::vocabulary::forms::IsoDate")]
        needed_from: Date,
        /// Sessions of the course not booked.
        sessions_not_booked: u32,
    },
    /// No dates could be found for the course.
    NoSchedule {
        /// Why.
        reason: ScheduleError,
    },
}

/// A hold with the rule, the seed line and the protocol behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HeldBack {
    /// What is held back.
    #[serde(flatten)]
    pub hold: Hold,
    /// The rule behind it.
    pub rule: RuleId,
    /// The seed lines behind it.
    pub seed: SeedLines,
    /// The protocol that decided.
    pub protocol: ProtocolStamp,
}

impl HeldBack {
    fn new(hold: Hold, rule: RuleId, seed: SeedLines, protocol: &Protocol) -> Self {
        HeldBack {
            hold,
            rule,
            seed,
            protocol: protocol.stamp(),
        }
    }
}

impl fmt::Display for Hold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hold::NotCleared { outcome } => {
                write!(f, "no session: the screening outcome is {outcome}")
            }
            Hold::NoTechnique => f.write_str(
                "no technique can be used safely for this client's needs: no course is booked",
            ),
            Hold::Rescreen {
                assessed_on,
                start,
                max_days,
            } => write!(
                f,
                "the course would start on {start}, more than {max_days} days after the \
                 assessment of {assessed_on}: screen the client again"
            ),
            Hold::RenewApproval {
                contraindication,
                valid_until,
                needed_from,
                sessions_not_booked,
            } => write!(
                f,
                "the physician's approval for {} runs until {valid_until}; \
                 {sessions_not_booked} sessions from {needed_from} on need a new one",
                contraindication.label().to_lowercase()
            ),
            Hold::NoSchedule { reason } => write!(f, "no dates: {reason}"),
        }
    }
}

impl fmt::Display for HeldBack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = self.rule.label().split(':').next().unwrap_or_default();
        write!(f, "{rule} {} [{}]: {}", self.seed, self.protocol, self.hold)
    }
}

/// Screening, and when it allows a session: the session plan, the course and its dates,
/// with everything held back explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CarePlan {
    /// The day of the assessment the plan starts from (the intake's `assessed_on`), so a
    /// stored plan needs no intake beside it.
    #[serde(with = "crate::vocabulary::forms::IsoDate")]
    pub assessed_on: Date,
    /// The screening, with its reasons.
    pub screening: Screening,
    /// The session plan, when the screening allows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionPlan>,
    /// The course, when there is a session to give and a start to give it from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<Course>,
    /// The course's dates, when they could be found: never a date the client may not
    /// have (after an approval lapses, before the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// What is held back (no session, no course, dates not booked), and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held_back: Vec<HeldBack>,
}

/// The care plan in words: the screening with every reason, the session plan, the
/// course's dates, and what is held back, each after a blank line.
impl fmt::Display for CarePlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.screening)?;
        if let Some(session) = &self.session {
            write!(f, "\n\n{session}")?;
        }
        if let Some(schedule) = &self.schedule {
            write!(f, "\n\n{schedule}")?;
        }
        for held in &self.held_back {
            write!(f, "\n\nHeld back: {held}")?;
        }
        Ok(())
    }
}

impl CarePlan {
    /// Moves one booked session (0-based, in course order) to `to`, local time in the
    /// clinic's zone, by the rules of [`Schedule::reschedule`]; the rest of the plan stays
    /// as it was. [`RescheduleError::NoSchedule`] when the plan books nothing.
    pub fn reschedule(
        &self,
        session: usize,
        to: jiff::civil::DateTime,
    ) -> Result<CarePlan, RescheduleError> {
        let (Some(course), Some(schedule)) = (&self.course, &self.schedule) else {
            return Err(RescheduleError::NoSchedule);
        };
        let mut moved = self.clone();
        moved.schedule = Some(schedule.reschedule(course, session, to)?);
        Ok(moved)
    }

    /// Whether the plan holds back something of `kind`, e.g.
    /// `care.holds(|h| matches!(h, Hold::RenewApproval { .. }))`.
    pub fn holds(&self, kind: impl Fn(&Hold) -> bool) -> bool {
        self.held_back.iter().any(|h| kind(&h.hold))
    }
}

/// Screens, plans a session and a course, and dates it, holding back what the client may
/// not have and saying why in [`CarePlan::held_back`]:
///
/// - no session unless the screening allows one;
/// - no course when no technique can be used;
/// - no course when it would start more than the protocol's `rescreen_after_days` after
///   the assessment (screen again);
/// - no session after the last day an approval the screening relied on covers (L134,
///   L140): the schedule stops there, and the plan names the approval to renew and from
///   when it is needed. An approval on file that takes over (a re-approval) lets the
///   course go on.
///
/// An invalid request (an invalid intake, a start before the assessment) is an error,
/// with every problem at once.
///
/// ```
/// use massage_rules::{care_plan, CareRequest, Protocol};
/// let request: CareRequest = serde_json::from_str(r#"{"intake": {
///     "assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
///     "conditions": [{"condition": "neck_pain", "acuity": "chronic",
///                     "locations": [{"part": "neck"}]}],
///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}},
///   "availability": {"weekdays": ["tuesday", "friday"]}}"#)?;
/// let care = care_plan(&Protocol::seed(), &request)?;
/// let schedule = care.schedule.unwrap();
/// assert_eq!(schedule.session_minutes, Some(60));
/// assert_eq!(schedule.dates().next().unwrap().to_string(), "2026-12-01");
/// assert!(care.held_back.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn care_plan(protocol: &Protocol, request: &CareRequest) -> Result<CarePlan, IntakeError> {
    request.validate()?;
    care_plan_checked(protocol, request)
}

/// [`care_plan`] for a request whose checks have just passed ([`CareRequest::from_json`]
/// runs them), without running them again.
pub(crate) fn care_plan_checked(
    protocol: &Protocol,
    request: &CareRequest,
) -> Result<CarePlan, IntakeError> {
    let intake = &request.intake;
    // The one screening of this request: everything below starts from it.
    // The request's checks covered the intake's; the proof is made without a second pass.
    let screened = Screened::valid(protocol, intake.assume_valid());
    let screening = *screened.screening();
    let mut care = CarePlan {
        assessed_on: intake.assessed_on,
        screening,
        session: None,
        course: None,
        schedule: None,
        held_back: Vec::new(),
    };
    let clearance = match screened.clearance() {
        Ok(clearance) => clearance,
        Err(ClearanceError { outcome }) => {
            let (rule, seed) = screening
                .reasons()
                .find(|r| r.effect != Effect::Avoid)
                .map_or((RuleId::Disclosure, RuleId::Disclosure.seed()), |r| {
                    (r.rule, r.seed)
                });
            care.held_back.push(HeldBack::new(
                Hold::NotCleared { outcome },
                rule,
                seed,
                protocol,
            ));
            return Ok(care);
        }
    };
    let session = plan(&clearance);
    let course = Course::start(&clearance, &session, request.baseline);
    let session_minutes = session.minutes;
    care.session = Some(session);
    let course = match course {
        Ok(course) => course,
        Err(_) => {
            care.held_back.push(HeldBack::new(
                Hold::NoTechnique,
                RuleId::Pairing,
                RuleId::Pairing.seed(),
                protocol,
            ));
            return Ok(care);
        }
    };
    let start = request.start_date();
    // Monday to Friday by default; with opening hours, the days the clinic is open.
    let weekdays = match &request.timing {
        None => Day::Monday | Day::Tuesday | Day::Wednesday | Day::Thursday | Day::Friday,
        Some(_) => DaySet::all(),
    };
    let default = Availability {
        weekdays,
        unavailable: Vec::new(),
    };
    let availability = request.availability.as_ref().unwrap_or(&default);
    // The course itself keeps the approvals it relies on and the assessment it rests on.
    let schedule = match &request.timing {
        None => course.schedule(start, availability),
        Some(timing) => {
            let minutes = course.session_minutes.unwrap_or(session_minutes);
            course.schedule_timed(start, availability, timing, minutes)
        }
    };
    match schedule {
        Ok(schedule) => {
            if let Some(stop) = schedule.stop {
                for limit in &course.approval_limits {
                    if limit.valid_until < stop.next_date {
                        care.held_back.push(HeldBack::new(
                            Hold::RenewApproval {
                                contraindication: limit.contraindication,
                                valid_until: limit.valid_until,
                                needed_from: stop.next_date,
                                sessions_not_booked: stop.sessions_not_booked,
                            },
                            rule_of(limit.contraindication),
                            limit.contraindication.seed(),
                            protocol,
                        ));
                    }
                }
            }
            care.schedule = Some(schedule);
        }
        Err(ScheduleError::StaleIntake {
            assessed_on,
            start,
            max_days,
        }) => {
            // A course on a stale intake is not booked at all.
            care.held_back.push(HeldBack::new(
                Hold::Rescreen {
                    assessed_on,
                    start,
                    max_days,
                },
                RuleId::Disclosure,
                RuleId::Disclosure.seed(),
                protocol,
            ));
            return Ok(care);
        }
        Err(reason) => care.held_back.push(HeldBack::new(
            Hold::NoSchedule { reason },
            RuleId::Course,
            RuleId::Course.seed(),
            protocol,
        )),
    }
    care.course = Some(course);
    Ok(care)
}
