//! The JSON entry points: JSON in, a decision, JSON out.

use crate::care::CareRequest;
use crate::intake::Intake;
use crate::protocol::Protocol;

/// Screens an intake given as JSON and answers with the screening as JSON (reasons
/// included).
///
/// ```
/// use massage_rules::{screen_json, Protocol};
/// let out = screen_json(&Protocol::seed(), r#"{"assessed_on": "2026-11-27", "age": 40,
///     "pregnant": "no", "findings": [],
///     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
/// assert!(out.contains(r#""outcome":"cleared""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn screen_json(protocol: &Protocol, intake_json: &str) -> Result<String, crate::Error> {
    let intake = Intake::from_json(intake_json)?;
    // `from_json` has run the intake's checks; they are not run twice.
    let screening = crate::screening::screen_valid(protocol, intake.assume_valid());
    let mut out = String::with_capacity(1024);
    crate::screening::write_json(&screening, &mut out);
    Ok(out)
}

/// The [`DecisionSummary`](crate::care::DecisionSummary) of an intake given as JSON:
/// read with [`Intake::from_json`] (every problem at once), its checks run once, and
/// summarized as [`summarize`](crate::care::summarize) does (the screening alone when
/// `with_plan` is false). A batch's row is one call.
///
/// ```
/// use massage_rules::{Protocol, read::summarize_json};
/// let brief = summarize_json(&Protocol::seed(), r#"{"assessed_on": "2026-11-27",
///     "age": 40, "pregnant": "no", "findings": [], "history": "none",
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#, false)?;
/// assert_eq!(brief.screening.outcome.name(), "cleared");
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn summarize_json(
    protocol: &Protocol,
    intake_json: &str,
    with_plan: bool,
) -> Result<crate::care::DecisionSummary, crate::Error> {
    let intake = Intake::from_json(intake_json)?;
    Ok(crate::care::summarize_valid(
        protocol,
        intake.assume_valid(),
        with_plan,
    ))
}

/// [`summarize_json`] for an intake read from any serde `Deserializer` that can be read
/// twice (a door's own rows), as [`Intake::from_deserializer`] reads it.
///
/// ```
/// use massage_rules::{Protocol, read::summarize_from};
/// let value = serde_json::json!({"assessed_on": "2026-11-27", "age": 40, "pregnant": "no",
///     "findings": [], "history": "none",
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}});
/// let brief = summarize_from(&Protocol::seed(), &value, true)?;
/// assert!(brief.first_session_pressure.is_some());
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn summarize_from<'de, D>(
    protocol: &Protocol,
    deserializer: D,
    with_plan: bool,
) -> Result<crate::care::DecisionSummary, crate::Error>
where
    D: serde::Deserializer<'de> + Clone,
{
    let intake = Intake::from_deserializer(deserializer)?;
    Ok(crate::care::summarize_valid(
        protocol,
        intake.assume_valid(),
        with_plan,
    ))
}

/// The session plan of an intake given as JSON, as JSON: screened, and planned when the
/// screening allows a session ([`Error::Clearance`](crate::Error) otherwise).
///
/// ```
/// let out = massage_rules::read::plan_json(&massage_rules::Protocol::seed(),
///     r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
///     "goals": ["relaxation"], "history": "none",
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
/// assert!(out.contains(r#""techniques""#));
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn plan_json(protocol: &Protocol, intake_json: &str) -> Result<String, crate::Error> {
    let intake = Intake::from_json(intake_json)?;
    let screened = crate::screening::Screened::valid(protocol, intake.assume_valid());
    let clearance = screened.clearance()?;
    let mut out = String::with_capacity(2048);
    crate::care::write_session_plan(&crate::selection::plan(&clearance), &mut out);
    Ok(out)
}

/// [`care_plan`](crate::care_plan) with JSON in and out. The request is read with
/// [`CareRequest::from_json`], so a request wrong in several ways reports every problem.
pub fn care_plan_json(protocol: &Protocol, request_json: &str) -> Result<String, crate::Error> {
    let request = CareRequest::from_json(request_json)?;
    let care = crate::care::care_plan_checked(protocol, &request)?;
    let mut out = String::with_capacity(4096);
    crate::care::write_care_plan(&care, &mut out);
    Ok(out)
}

/// Moves one booked session of a care plan (as [`care_plan_json`] wrote it) to `to`, and
/// answers with the moved plan as JSON: [`CarePlan::reschedule`](crate::CarePlan::reschedule)
/// with JSON in and out. `session` counts booked sessions from 0, in course order; `to`
/// is a local date and time in the clinic's zone (`YYYY-MM-DDTHH:MM[:SS]`), or a date for
/// a dated plan. A move the rules refuse is an [`Error::Reschedule`](crate::Error) that
/// says which rule.
///
/// ```
/// use massage_rules::{Protocol, read::{care_plan_json, reschedule_json}};
/// let plan = care_plan_json(&Protocol::seed(), r#"{"intake": {"assessed_on": "2026-11-27",
///     "age": 40, "pregnant": "no", "findings": [], "goals": ["relaxation"],
///     "conditions": [{"condition": "back_pain", "acuity": "ongoing"}], "history": "none",
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}}"#)?;
/// let err = reschedule_json(&plan, 0, "2026-11-01").unwrap_err();
/// assert_eq!(err.kind().name(), "not_moved");
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn reschedule_json(plan_json: &str, session: usize, to: &str) -> Result<String, crate::Error> {
    use crate::problem::{Problem, ProblemKind};
    super::intake::too_long(plan_json)?;
    let plan: crate::CarePlan =
        serde_json::from_str(plan_json).map_err(|e| crate::Error::json_at("the care plan", e))?;
    // A local time, or a date: exactly. jiff alone would also read a time with an offset
    // or a zone and drop it, moving the session to another instant than the one meant.
    let b = to.as_bytes();
    let local = matches!(b.len(), 16 | 19)
        && b.get(10) == Some(&b'T')
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => true,
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    let problem = |detail: String| {
        crate::Error::from(crate::intake::IntakeError::new(vec![Problem::with_detail(
            "to",
            ProblemKind::InvalidDate,
            detail,
        )]))
    };
    let to = if local {
        to.parse::<jiff::civil::DateTime>()
            .map_err(|e| problem(format!("{}: {e}", crate::limits::quote(to))))?
    } else if b.len() == 10 {
        crate::vocabulary::forms::parse_date(to)
            .map_err(problem)?
            .at(0, 0, 0, 0)
    } else {
        return Err(problem(format!(
            "{} is neither a local time YYYY-MM-DDTHH:MM[:SS] nor a date YYYY-MM-DD",
            crate::limits::quote(to)
        )));
    };
    let moved = plan.reschedule(session, to)?;
    let mut out = String::with_capacity(4096);
    crate::care::write_care_plan(&moved, &mut out);
    Ok(out)
}
