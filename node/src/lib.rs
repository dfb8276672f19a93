//! The native half of the `massage-rules` npm package: every decision of the crate, JSON
//! text in and JSON text out, one crate call each. The JavaScript half (`index.js`) turns
//! objects into text and back, and the crate's error documents into `MassageRulesError`s;
//! neither half composes a decision.
//!
//! An error is thrown with the code `MassageRulesError` and the crate's error document
//! (`{"error": kind, "message", "problems"}`) as its message; a refused hook request with
//! the code `HookRefused` and `{"status", "message"}`.

#![deny(missing_docs)]

use massage_rules as mr;
use napi_derive::napi;

mod batch;
mod protocol;

pub use batch::*;
pub use protocol::*;

/// A thrown error: its code, and its message (a JSON document).
pub(crate) type Thrown = napi::Error<String>;

/// The crate's error, thrown as its error document.
pub(crate) fn thrown(error: mr::Error) -> Thrown {
    let document = serde_json::to_string(&error.document()).unwrap_or_default();
    napi::Error::new("MassageRulesError".to_owned(), document)
}

/// A JSON value as text (every value the crate makes serializes).
pub(crate) fn text<T: serde::Serialize>(value: &T) -> std::result::Result<String, Thrown> {
    serde_json::to_string(value).map_err(|e| thrown(mr::Error::json(e)))
}

/// The library's version.
#[napi]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The names of the crate's error kinds, in its table's order.
#[napi]
pub fn error_kinds() -> Vec<&'static str> {
    mr::error::ErrorKind::ALL.iter().map(|k| k.name()).collect()
}

/// Screens an intake (JSON): the screening, as JSON.
#[napi]
pub fn screen_json(intake: String, protocol: &Protocol) -> std::result::Result<String, Thrown> {
    mr::screen_json(protocol.get(), &intake).map_err(thrown)
}

/// The session plan of an intake the screening clears (JSON).
#[napi]
pub fn plan_json(intake: String, protocol: &Protocol) -> std::result::Result<String, Thrown> {
    mr::read::plan_json(protocol.get(), &intake).map_err(thrown)
}

/// The care plan of a care request (JSON), with its dates or timed appointments.
#[napi]
pub fn care_plan_json(request: String, protocol: &Protocol) -> std::result::Result<String, Thrown> {
    mr::care_plan_json(protocol.get(), &request).map_err(thrown)
}

/// A care plan (JSON, as `carePlanJson` wrote it) with one booked session moved to `to`
/// (local `YYYY-MM-DDTHH:MM`, or a date).
#[napi]
pub fn reschedule_json(
    plan: String,
    session: u32,
    to: String,
) -> std::result::Result<String, Thrown> {
    mr::read::reschedule_json(&plan, session as usize, &to).map_err(thrown)
}

/// The claims of a coding request (JSON): diagnoses, care plan, CPT codes and units.
#[napi]
pub fn claims_json(request: String, protocol: &Protocol) -> std::result::Result<String, Thrown> {
    mr::claims_json(protocol.get(), &request).map_err(thrown)
}

/// The CDS Hooks `appointment-book` check: proposed Appointments (a FHIR Bundle, JSON)
/// against the care plan of a request and the client's booked appointments (a search
/// Bundle, or null), as the hook's response (JSON).
#[napi]
pub fn appointment_book_check_json(
    request: String,
    bundle: String,
    booked: Option<String>,
    protocol: &Protocol,
) -> std::result::Result<String, Thrown> {
    mr::export::cds_hooks::appointment_book_check_json(
        protocol.get(),
        &request,
        &bundle,
        booked.as_deref(),
    )
    .and_then(|cards| serde_json::to_string(&cards).map_err(mr::Error::json))
    .map_err(thrown)
}

/// The whole answer to an `appointment-book` hook request (JSON), as the CDS Hooks
/// service gives it: which intake, which card, the appointments checked. `timing` is the
/// clinic's hours (JSON), or null. A request the hook cannot answer is thrown with the
/// code `HookRefused` and `{"status": 400 or 412, "message"}`.
#[napi]
pub fn answer_appointment_book_json(
    request: String,
    timing: Option<String>,
    protocol: &Protocol,
) -> std::result::Result<String, Thrown> {
    if request.len() > mr::Limits::JSON_BYTES {
        return Err(thrown(
            mr::intake::IntakeError::new(vec![mr::problem::Problem::too_long(
                "$",
                request.len(),
                mr::Limits::JSON_BYTES,
            )])
            .into(),
        ));
    }
    let request: serde_json::Value =
        serde_json::from_str(&request).map_err(|e| thrown(mr::Error::json_at("the request", e)))?;
    let timing: Option<mr::scheduling::Timing> = timing
        .map(|t| serde_json::from_str(&t))
        .transpose()
        .map_err(|e| thrown(mr::Error::json_at("the timing", e)))?;
    match mr::export::cds_hooks::answer_appointment_book(protocol.get(), &request, timing.as_ref())
    {
        Ok(response) => text(&response),
        Err(refusal) => Err(napi::Error::new(
            "HookRefused".to_owned(),
            serde_json::json!({"status": refusal.status(), "message": refusal.to_string()})
                .to_string(),
        )),
    }
}

/// The intake Questionnaire (FHIR R4), as JSON.
#[napi]
pub fn questionnaire_json() -> std::result::Result<String, Thrown> {
    text(&mr::export::fhir::questionnaire())
}

/// An intake (JSON) as a FHIR QuestionnaireResponse, as JSON.
#[napi]
pub fn questionnaire_response_json(intake: String) -> std::result::Result<String, Thrown> {
    let intake = mr::Intake::from_json(&intake).map_err(thrown)?;
    text(&mr::export::fhir::questionnaire_response(&intake))
}

/// The intake (JSON) a FHIR QuestionnaireResponse (JSON) holds.
#[napi]
pub fn intake_from_questionnaire_response_json(
    response: String,
) -> std::result::Result<String, Thrown> {
    let intake = mr::read::intake_from_questionnaire_response_json(&response).map_err(thrown)?;
    text(&intake)
}

/// The care plan of a request (JSON) as a FHIR CarePlan resource, as JSON.
#[napi]
pub fn care_plan_fhir_json(
    request: String,
    patient: Option<String>,
    protocol: &Protocol,
) -> std::result::Result<String, Thrown> {
    let resource =
        mr::export::fhir::care_plan_resource_json(protocol.get(), &request, patient.as_deref())
            .map_err(thrown)?;
    text(&resource)
}

/// The screening of an intake (JSON) as FHIR DetectedIssue resources, as a JSON list.
#[napi]
pub fn detected_issues_json(
    intake: String,
    patient: Option<String>,
    protocol: &Protocol,
) -> std::result::Result<String, Thrown> {
    let issues =
        mr::export::fhir::detected_issues_json(protocol.get(), &intake, patient.as_deref())
            .map_err(thrown)?;
    text(&issues)
}
