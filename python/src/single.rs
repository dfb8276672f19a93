//! One decision at a time, JSON in and out: each maps its arguments to one crate call.

use massage_rules as mr;
use pyo3::prelude::*;

use crate::errors::*;
use crate::protocol::*;

/// The screening of an intake (JSON), as JSON.
#[pyfunction]
#[pyo3(signature = (intake_json, protocol=None))]
pub(crate) fn screen_json(
    py: Python<'_>,
    intake_json: &str,
    protocol: Option<&PyProtocol>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| mr::screen_json(&protocol, intake_json))
        .map_err(raise)
}

/// The session plan for an intake the screening clears, as JSON.
#[pyfunction]
#[pyo3(signature = (intake_json, protocol=None))]
pub(crate) fn plan_json(
    py: Python<'_>,
    intake_json: &str,
    protocol: Option<&PyProtocol>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| mr::read::plan_json(&protocol, intake_json))
        .map_err(raise)
}

/// The care plan for a care request (JSON), as JSON.
#[pyfunction]
#[pyo3(signature = (request_json, protocol=None))]
pub(crate) fn care_plan_json(
    py: Python<'_>,
    request_json: &str,
    protocol: Option<&PyProtocol>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| mr::care_plan_json(&protocol, request_json))
        .map_err(raise)
}

/// The claims for a coding request (JSON), as JSON.
#[pyfunction]
#[pyo3(signature = (coding_json, protocol=None))]
pub(crate) fn claims_json(
    py: Python<'_>,
    coding_json: &str,
    protocol: Option<&PyProtocol>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| mr::claims_json(&protocol, coding_json))
        .map_err(raise)
}

/// The intake Questionnaire (FHIR R4), as JSON.
#[pyfunction]
pub(crate) fn questionnaire_json() -> PyResult<String> {
    json(&mr::export::fhir::questionnaire())
}

/// An intake (JSON) as a FHIR QuestionnaireResponse, as JSON.
#[pyfunction]
pub(crate) fn questionnaire_response_json(py: Python<'_>, intake_json: &str) -> PyResult<String> {
    let intake = py
        .detach(|| mr::Intake::from_json(intake_json))
        .map_err(raise)?;
    json(&mr::export::fhir::questionnaire_response(&intake))
}

/// The intake (JSON) a FHIR QuestionnaireResponse (JSON) holds.
#[pyfunction]
pub(crate) fn intake_from_questionnaire_response_json(
    py: Python<'_>,
    response_json: &str,
) -> PyResult<String> {
    let intake = py
        .detach(|| mr::read::intake_from_questionnaire_response_json(response_json))
        .map_err(raise)?;
    json(&intake)
}

/// The care plan for a request (JSON) as a FHIR CarePlan, as JSON.
#[pyfunction]
#[pyo3(signature = (request_json, protocol=None, patient=None))]
pub(crate) fn care_plan_fhir_json(
    py: Python<'_>,
    request_json: &str,
    protocol: Option<&PyProtocol>,
    patient: Option<String>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    let resource = py
        .detach(|| {
            mr::export::fhir::care_plan_resource_json(&protocol, request_json, patient.as_deref())
        })
        .map_err(raise)?;
    json(&resource)
}

/// The screening of an intake (JSON) as FHIR DetectedIssues, as a JSON list.
#[pyfunction]
#[pyo3(signature = (intake_json, protocol=None, patient=None))]
pub(crate) fn detected_issues_json(
    py: Python<'_>,
    intake_json: &str,
    protocol: Option<&PyProtocol>,
    patient: Option<String>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    let issues = py
        .detach(|| {
            mr::export::fhir::detected_issues_json(&protocol, intake_json, patient.as_deref())
        })
        .map_err(raise)?;
    json(&issues)
}

/// The CDS Hooks appointment-book check: the proposed Appointments (a FHIR Bundle, JSON)
/// against the care plan of a request (JSON) and the client's appointments already on the
/// books (`booked_json`, a FHIR search Bundle, JSON, or None), as the hook's response
/// (JSON cards).
#[pyfunction]
#[pyo3(signature = (request_json, bundle_json, protocol=None, booked_json=None))]
pub(crate) fn appointment_book_check_json(
    py: Python<'_>,
    request_json: &str,
    bundle_json: &str,
    protocol: Option<&PyProtocol>,
    booked_json: Option<&str>,
) -> PyResult<String> {
    let protocol = protocol_or_seed(protocol);
    py.detach(|| {
        let cards = mr::export::cds_hooks::appointment_book_check_json(
            &protocol,
            request_json,
            bundle_json,
            booked_json,
        )?;
        Ok::<_, mr::Error>(cards.to_string())
    })
    .map_err(raise)
}

/// A care plan (JSON, as `care_plan_json` wrote it) with one booked session (0-based, in
/// course order) moved to `to` (local `YYYY-MM-DDTHH:MM` in the clinic's zone, or a date).
#[pyfunction]
pub(crate) fn reschedule_json(
    py: Python<'_>,
    plan_json: &str,
    session: usize,
    to: &str,
) -> PyResult<String> {
    py.detach(|| mr::read::reschedule_json(plan_json, session, to))
        .map_err(raise)
}
