//! The JSON entry points: JSON in, a decision, JSON out.

use crate::care::{CareRequest, care_plan};
use crate::intake::Intake;
use crate::protocol::Protocol;
use crate::screening::screen;

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
    let screening = screen(protocol, &intake)?;
    serde_json::to_string(&screening).map_err(crate::Error::json)
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
    let screened = crate::screening::Screened::new(protocol, &intake)?;
    let clearance = screened.clearance()?;
    serde_json::to_string(&crate::selection::plan(&clearance)).map_err(crate::Error::json)
}

/// [`care_plan`] with JSON in and out. The request is read with
/// [`CareRequest::from_json`], so a request wrong in several ways reports every problem.
pub fn care_plan_json(protocol: &Protocol, request_json: &str) -> Result<String, crate::Error> {
    let request = CareRequest::from_json(request_json)?;
    let care = care_plan(protocol, &request)?;
    serde_json::to_string(&care).map_err(crate::Error::json)
}
