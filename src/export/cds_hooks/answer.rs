//! The whole answer to an `appointment-book` request, composed once: which intake to
//! screen, which card to answer with, the appointments checked against the care plan and
//! what is booked. A CDS Hooks service (ours in `service/`, or a library user's) maps the
//! request's JSON to one call and the answer (or the refusal's status) back.

use serde::Serialize;
use serde_json::Value;

use super::{
    Unreadable, ambiguous_intakes_card, appointment_book_cards, no_intake_card,
    other_clients_intake_card, subject_is_patient, unreadable_card,
};
use crate::export::fhir::FhirContext;
use crate::scheduling::Timing;
use crate::{CareRequest, Protocol, Screened, care_plan};

/// The answer to an `appointment-book` request: the cards (CDS Hooks 2.0 JSON), and what
/// the answer rests on, for the service's log (never the patient).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HookResponse {
    /// The cards, as CDS Hooks 2.0 writes them.
    pub cards: Vec<Value>,
    /// What the answer rests on (not part of the response's JSON).
    #[serde(skip)]
    pub basis: Basis,
}

/// What an answer rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Basis {
    /// The intake was screened (and the appointments checked, when there were any).
    Screened {
        /// Whether the client's booked appointments were prefetched (the `booked` key).
        booked: bool,
    },
    /// The EHR found no intake for the client.
    NoIntake,
    /// Several intakes, none the newest by `authored`: how many.
    Ambiguous(usize),
    /// The intake is not exactly this patient's.
    NotThisPatient,
    /// The intake could not be read (a card says why).
    Unreadable,
}

/// Why a request is not answered with cards: the HTTP status a service answers with, and
/// the words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HookRefusal {
    /// Not an `appointment-book` request.
    #[error("this service answers appointment-book")]
    WrongHook,
    /// No `context.patientId`, or not a FHIR id.
    #[error("context.patientId is required: a FHIR id (1 to 64 of A-Z a-z 0-9 - .)")]
    NoPatient,
    /// `prefetch.intake` is neither a QuestionnaireResponse nor a search Bundle.
    #[error("prefetch.intake is neither a QuestionnaireResponse nor a search Bundle")]
    UnexpectedPrefetch,
    /// No intake prefetched: a service that does not fetch from the EHR cannot screen.
    #[error(
        "the prefetch has no massage intake (QuestionnaireResponse){}",
        if *fhir_server { "; this service does not fetch from fhirServer: send the prefetch" } else { "" }
    )]
    NoPrefetch {
        /// Whether the request named a `fhirServer` (the service does not fetch from it).
        fhir_server: bool,
    },
}

impl HookRefusal {
    /// The HTTP status: 412 for a missing prefetch, 400 otherwise.
    pub fn status(&self) -> u16 {
        match self {
            HookRefusal::NoPrefetch { .. } => 412,
            _ => 400,
        }
    }
}

/// What the prefetch says of the intake.
enum Prefetched<'a> {
    Intake(&'a Value),
    NoIntake,
    Ambiguous(usize),
    Absent,
    Unexpected,
}

fn prefetched_intake(body: &Value) -> Prefetched<'_> {
    let Some(intake) = body
        .get("prefetch")
        .and_then(|p| p.get("intake"))
        .filter(|v| !v.is_null())
    else {
        return Prefetched::Absent;
    };
    match intake.get("resourceType").and_then(Value::as_str) {
        Some("QuestionnaireResponse") => Prefetched::Intake(intake),
        Some("Bundle") => {
            let found: Vec<&Value> = intake
                .get("entry")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|e| e.get("resource"))
                .filter(|r| {
                    r.get("resourceType").and_then(Value::as_str) == Some("QuestionnaireResponse")
                })
                .collect();
            newest(&found)
        }
        _ => Prefetched::Unexpected,
    }
}

/// The one intake of a search, or the newest by `authored` when there are several; none
/// when the newest cannot be told (a time missing, unreadable or shared).
fn newest<'a>(found: &[&'a Value]) -> Prefetched<'a> {
    match found {
        [] => Prefetched::NoIntake,
        [one] => Prefetched::Intake(one),
        several => {
            // FHIR's `authored` is a dateTime: instants compare with instants, days with
            // days; a mix, a time missing or the newest shared cannot say which is newer.
            let text: Option<Vec<&str>> = several
                .iter()
                .map(|r| r.get("authored")?.as_str())
                .collect();
            let text = text.unwrap_or_default();
            let instants: Option<Vec<jiff::Timestamp>> =
                text.iter().map(|t| t.parse().ok()).collect();
            let days: Option<Vec<jiff::civil::Date>> =
                text.iter().map(|t| t.parse().ok()).collect();
            let newest = match (instants, days) {
                _ if text.len() != several.len() => None,
                (Some(instants), _) => unique_max(&instants),
                (None, Some(days)) => unique_max(&days),
                (None, None) => None,
            };
            newest.map_or(Prefetched::Ambiguous(several.len()), |i| {
                Prefetched::Intake(several[i])
            })
        }
    }
}

/// The index of the greatest value, when no other equals it.
fn unique_max<T: Ord>(values: &[T]) -> Option<usize> {
    let max = values.iter().max()?;
    let mut at = values.iter().enumerate().filter(|(_, v)| *v == max);
    match (at.next(), at.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// The answer to a CDS Hooks `appointment-book` request (its JSON), under `protocol`,
/// with the clinic's `timing` when it has one:
///
/// - refused (with the HTTP status to answer) when it is another hook, names no patient,
///   or has no intake in its prefetch (this crate never fetches);
/// - of several prefetched intakes, the newest by `authored` is screened, none when it
///   cannot be told (a card says so); none when the EHR found none (a card with a `Task`
///   to complete the intake);
/// - an intake whose `subject` is not exactly `Patient/{patientId}` (or that under the
///   request's `fhirServer`) is not screened (a card says so);
/// - otherwise the screening card, and, when the context proposes appointments, each
///   checked against the care plan and the client's booked appointments (the `booked`
///   prefetch); what cannot be read (the intake, the appointments, a plan) is a card
///   that says so, never a silent pass.
///
/// ```
/// use massage_rules::Protocol;
/// use massage_rules::export::cds_hooks::{answer_appointment_book, HookRefusal};
/// let request = serde_json::json!({"hook": "patient-view", "context": {"patientId": "17"}});
/// let refused = answer_appointment_book(&Protocol::seed(), &request, None).unwrap_err();
/// assert_eq!(refused, HookRefusal::WrongHook);
/// assert_eq!(refused.status(), 400);
/// ```
pub fn answer_appointment_book(
    protocol: &Protocol,
    request: &Value,
    timing: Option<&Timing>,
) -> Result<HookResponse, HookRefusal> {
    if request.get("hook").and_then(Value::as_str) != Some("appointment-book") {
        return Err(HookRefusal::WrongHook);
    }
    // The hook's patient: a FHIR id (1 to 64 of A-Z a-z 0-9 - .), required by the hook.
    let patient_id = request
        .get("context")
        .and_then(|c| c.get("patientId"))
        .and_then(Value::as_str)
        .filter(|p| {
            (1..=64).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        })
        .ok_or(HookRefusal::NoPatient)?;
    let context = FhirContext {
        patient: Some(format!("Patient/{patient_id}")),
    };
    let fhir_server = request.get("fhirServer").and_then(Value::as_str);
    let answer = |cards: Vec<Value>, basis: Basis| Ok(HookResponse { cards, basis });
    let response = match prefetched_intake(request) {
        Prefetched::Intake(response) => response,
        Prefetched::NoIntake => return answer(vec![no_intake_card(&context)], Basis::NoIntake),
        Prefetched::Ambiguous(count) => {
            return answer(
                vec![ambiguous_intakes_card(&context, count)],
                Basis::Ambiguous(count),
            );
        }
        Prefetched::Unexpected => return Err(HookRefusal::UnexpectedPrefetch),
        Prefetched::Absent => {
            return Err(HookRefusal::NoPrefetch {
                fhir_server: fhir_server.is_some(),
            });
        }
    };
    // Another person's answers, or answers not exactly this client's, are never screened.
    let subject = response
        .get("subject")
        .and_then(|s| s.get("reference"))
        .and_then(Value::as_str);
    if !subject_is_patient(subject, patient_id, fhir_server) {
        let card = other_clients_intake_card(&context, subject.unwrap_or_default());
        return answer(vec![card], Basis::NotThisPatient);
    }
    let intake = match crate::read::intake_from_questionnaire_response(response) {
        Ok(intake) => intake,
        Err(e) => {
            return answer(
                vec![unreadable_card(Unreadable::Intake, &e)],
                Basis::Unreadable,
            );
        }
    };
    let screened = match Screened::new(protocol, &intake) {
        Ok(s) => s,
        Err(e) => {
            let card = unreadable_card(Unreadable::Intake, &e.into());
            return answer(vec![card], Basis::Unreadable);
        }
    };
    let mut cards: Vec<Value> = match appointment_book_cards(&screened, &context) {
        Value::Object(mut map) => match map.remove("cards") {
            Some(Value::Array(cards)) => cards,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    // The client's appointments on the books (the `booked` prefetch; `null` when the EHR
    // found none). Without it, only the proposals are held to each other.
    let booked = request
        .get("prefetch")
        .and_then(|p| p.get("booked"))
        .filter(|b| !b.is_null());
    if let Some(appointments) = request.get("context").and_then(|c| c.get("appointments")) {
        let care_request = CareRequest {
            intake,
            start: None,
            availability: None,
            baseline: None,
            timing: timing.cloned(),
        };
        let read = crate::read::appointments_from_bundle(appointments)
            .map_err(|e| (Unreadable::Appointments, e))
            .and_then(|proposed| match booked {
                None => Ok((proposed, Vec::new())),
                Some(b) => crate::read::booked_appointments_from_bundle(b)
                    .map(|booked| (proposed, booked))
                    .map_err(|e| (Unreadable::Booked, e)),
            });
        match (read, care_plan(protocol, &care_request)) {
            (Err((what, e)), _) => cards.push(unreadable_card(what, &e)),
            (_, Err(e)) => cards.push(unreadable_card(Unreadable::CarePlan, &e.into())),
            (Ok((proposed, booked)), Ok(care)) => {
                let checks = care.check_appointments(&proposed, &booked);
                if let Value::Object(mut checked) =
                    super::appointment_check_cards(&care, &proposed, &checks, &context)
                    && let Some(Value::Array(more)) = checked.remove("cards")
                {
                    cards.extend(more);
                }
            }
        }
    }
    answer(
        cards,
        Basis::Screened {
            booked: booked.is_some(),
        },
    )
}

/// The appointment-book check from JSON, as the C and Python doors offer it: the care
/// plan of `request_json` (a care request), the proposed Appointments of
/// `appointments_json` (a Bundle, or a list) checked against it and the client's booked
/// Appointments (`booked_json`, the `booked` prefetch's search Bundle, or none), as the
/// hook's response (`{"cards": [...]}`). A request or a Bundle that cannot be read is an
/// error, with every problem at its path.
///
/// ```
/// let request = r#"{"intake": {"assessed_on": "2027-03-01", "age": 45, "pregnant": "no",
///     "findings": [], "history": "none",
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}}"#;
/// let proposed = r#"[{"resourceType": "Appointment", "id": "a", "status": "proposed",
///     "start": "2027-02-01T09:00:00-05:00", "end": "2027-02-01T10:00:00-05:00"}]"#;
/// let response = massage_rules::export::cds_hooks::appointment_book_check_json(
///     &massage_rules::Protocol::seed(), request, proposed, None)?;
/// assert!(response["cards"][0]["summary"].as_str().unwrap().starts_with("Appointment a"));
/// # Ok::<(), massage_rules::Error>(())
/// ```
pub fn appointment_book_check_json(
    protocol: &Protocol,
    request_json: &str,
    appointments_json: &str,
    booked_json: Option<&str>,
) -> Result<Value, crate::Error> {
    let request = CareRequest::from_json(request_json)?;
    let care = care_plan(protocol, &request)?;
    let proposed = crate::read::appointments_from_bundle_json(appointments_json)?;
    let booked = match booked_json {
        Some(text) => crate::read::booked_appointments_from_bundle_json(text)?,
        None => Vec::new(),
    };
    let checks = care.check_appointments(&proposed, &booked);
    Ok(super::appointment_check_cards(
        &care,
        &proposed,
        &checks,
        &FhirContext::default(),
    ))
}
