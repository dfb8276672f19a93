//! One intake's decision in brief, as a row of a batch says it: the screening, the first
//! session's pressure, and how often the course's current phase gives sessions.

use serde::Serialize;

use crate::intake::{Intake, IntakeError, ValidIntake};
use crate::protocol::Protocol;
use crate::scheduling::Course;
use crate::screening::{Screened, Screening};
use crate::selection::plan;
use crate::vocabulary::{Period, Pressure};

/// One intake's decision in brief: what the batches of the Python package write a row
/// of, made here once for every door.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DecisionSummary {
    /// The screening, with its reasons.
    pub screening: Screening,
    /// The first session's pressure, when the screening allows a session (and a plan was
    /// asked for).
    pub first_session_pressure: Option<Pressure>,
    /// Sessions a week in the course's current phase (a month counted as 52/12 weeks),
    /// when a course can be started (and a plan was asked for).
    pub sessions_per_week: Option<f64>,
}

impl DecisionSummary {
    /// Whether two protocols decided one intake differently: its screening (the protocol
    /// that made it aside), the first session's pressure, or the sessions a week. This
    /// is the one meaning of "differs" in a batch comparing two protocols.
    ///
    /// ```
    /// use massage_rules::{Intake, Protocol};
    /// use massage_rules::care::summarize;
    /// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
    ///     "pregnant": "no", "findings": [{"contraindication": "blood_clot",
    ///     "location": {"part": "lower_leg", "side": "left"}}], "history": "none",
    ///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
    /// let seed = summarize(&Protocol::seed(), &intake, true)?;
    /// let conservative = summarize(&Protocol::conservative(), &intake, true)?;
    /// assert!(!seed.differs_from(&seed));
    /// assert!(seed.differs_from(&conservative)); // a clot needs an approval there
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn differs_from(&self, other: &DecisionSummary) -> bool {
        let mut mine = self.screening;
        mine.protocol = other.screening.protocol;
        mine != other.screening
            || self.first_session_pressure != other.first_session_pressure
            || self.sessions_per_week != other.sessions_per_week
    }
}

/// The [`DecisionSummary`] of an intake under `protocol`; with `with_plan` false, the
/// screening alone (no session plan or course is made). An invalid intake is an error,
/// with every problem.
///
/// ```
/// use massage_rules::{Intake, Protocol};
/// use massage_rules::care::summarize;
/// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
///     "pregnant": "no", "findings": [], "history": "none",
///     "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
/// let full = summarize(&Protocol::seed(), &intake, true)?;
/// assert!(full.first_session_pressure.is_some() && full.sessions_per_week.is_some());
/// let brief = summarize(&Protocol::seed(), &intake, false)?;
/// assert_eq!(brief.screening, full.screening);
/// assert!(brief.sessions_per_week.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn summarize(
    protocol: &Protocol,
    intake: &Intake,
    with_plan: bool,
) -> Result<DecisionSummary, IntakeError> {
    Ok(summarize_valid(protocol, intake.validated()?, with_plan))
}

/// [`summarize`] for an intake validated once ([`Intake::validated`]), without its checks
/// run again: a door that reads an intake (which checks it) and summarizes it under one
/// protocol or two.
///
/// ```
/// use massage_rules::{Intake, Protocol};
/// use massage_rules::care::summarize_valid;
/// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 40,
///     "pregnant": "no", "findings": [], "history": "none",
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
/// let valid = intake.validated()?;
/// let seed = summarize_valid(&Protocol::seed(), valid, false);
/// let conservative = summarize_valid(&Protocol::conservative(), valid, false);
/// assert!(!seed.differs_from(&conservative));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn summarize_valid(
    protocol: &Protocol,
    intake: ValidIntake<'_>,
    with_plan: bool,
) -> DecisionSummary {
    let screened = Screened::valid(protocol, intake);
    let mut summary = DecisionSummary {
        screening: *screened.screening(),
        first_session_pressure: None,
        sessions_per_week: None,
    };
    if !with_plan {
        return summary;
    }
    if let Ok(clearance) = screened.clearance() {
        let session = plan(&clearance);
        summary.first_session_pressure = Some(session.first_session_pressure);
        if let Ok(course) = Course::start(&clearance, &session, None) {
            summary.sessions_per_week =
                course
                    .phases
                    .get(usize::from(course.phase))
                    .map(|rule| match rule.per {
                        Period::Week => f64::from(rule.sessions),
                        Period::Month => f64::from(rule.sessions) * 12.0 / 52.0,
                    });
        }
    }
    summary
}
