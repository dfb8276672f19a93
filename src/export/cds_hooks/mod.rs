//! CDS Hooks 2.0: a screening as the cards a CDS service returns for the
//! `appointment-book` hook, and the discovery document that announces the service. The
//! crate builds the JSON; it runs no server.

use serde_json::{Value, json};

mod answer;

pub use answer::{
    Basis, HookRefusal, HookResponse, answer_appointment_book, appointment_book_check_json,
};

use super::fhir::{FhirContext, code_system};
use crate::screening::{Effect, Outcome, Screened};
use crate::vocabulary::Vocabulary;

/// The service id this crate's cards come from, as the discovery document names it.
pub const SERVICE_ID: &str = "massage-rules-screening";

/// The prefetch template for the client's appointments already on the books: booked
/// Appointments from 31 days back (a monthly phase's frequency counts 28 days), in the
/// CDS Hooks 2.0 prefetch token syntax (`{{context.patientId}}`, and a simple FHIRPath
/// date expression).
pub const BOOKED_PREFETCH: &str =
    "Appointment?patient={{context.patientId}}&status=booked&date=ge{{today() - 31 days}}";

/// The discovery document (`GET {baseUrl}/cds-services`) for a service that screens a
/// client when an appointment is booked.
///
/// ```
/// let discovery = massage_rules::export::cds_hooks::discovery();
/// assert_eq!(discovery["services"][0]["hook"], "appointment-book");
/// ```
pub fn discovery() -> Value {
    json!({"services": [{
        "hook": "appointment-book",
        "id": SERVICE_ID,
        "title": "Medical massage screening",
        "description": "Screens a client for medical massage when an appointment is booked: \
            contraindications, physician's approvals, the practitioner's qualification, with \
            the rule and the source line behind each (massage-rules).",
        "prefetch": {
            "patient": "Patient/{{context.patientId}}",
            "intake": format!(
                "QuestionnaireResponse?subject=Patient/{{{{context.patientId}}}}&questionnaire={}|{}&status=completed&_sort=-authored&_count=1",
                super::fhir::QUESTIONNAIRE_URL,
                super::fhir::QUESTIONNAIRE_VERSION
            ),
            "booked": BOOKED_PREFETCH,
        },
        "usageRequirements": "The service needs the client's massage intake (the massage-intake \
            QuestionnaireResponse) to screen, and the client's booked Appointments (prefetch \
            `booked`) to hold a proposed appointment to the course's frequency and to one \
            session a day.",
    }]})
}

/// A name-based identifier (RFC 9562 version 5) from the card's content, so the same
/// decision always gives the same uuid (on every platform and version of Rust) and
/// different cards different ones. The parts are joined with a separator no part holds.
fn uuid(parts: &[&str]) -> String {
    let namespace = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        b"https://github.com/massage-rules/massage-rules/cds-hooks",
    );
    uuid::Uuid::new_v5(&namespace, parts.join("\u{1f}").as_bytes())
        .hyphenated()
        .to_string()
}

/// Cuts a summary to [`crate::Limits::SUMMARY_CHARS`], on a character boundary, with an ellipsis.
fn summary(text: String) -> String {
    if text.chars().count() <= crate::Limits::SUMMARY_CHARS {
        return text;
    }
    let cut: String = text
        .chars()
        .take(crate::Limits::SUMMARY_CHARS - 1)
        .collect();
    format!("{}…", cut.trim_end())
}

fn names<T: Vocabulary>(items: impl Iterator<Item = T>) -> String {
    items
        .map(|i| i.label().to_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The CDS Hooks response (`{"cards": [...]}`) for the `appointment-book` hook: one card
/// for the screening, its `indicator` `critical` when massage is not permitted, `warning`
/// when an approval is needed, `info` otherwise; a `summary` under 140 characters; every
/// reason in the markdown `detail` with the seed's words; the library and the protocol
/// (`id@version`) as its `source`; a suggestion to ask the physician for each approval
/// needed; and `overrideReasons` where overriding is meaningful (an approval given but not
/// yet on file).
///
/// ```
/// use massage_rules::{Intake, Protocol, Screened};
/// use massage_rules::export::cds_hooks::appointment_book_cards;
/// use massage_rules::export::fhir::FhirContext;
/// let intake = Intake::from_json(r#"{"assessed_on": "2026-11-27", "age": 30,
///     "pregnant": "yes", "findings": [], "history": "none",
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#)?;
/// let protocol = Protocol::seed();
/// let screened = Screened::new(&protocol, &intake)?;
/// let response = appointment_book_cards(&screened, &FhirContext::default());
/// let card = &response["cards"][0];
/// assert_eq!(card["indicator"], "warning");
/// assert!(card["summary"].as_str().unwrap().chars().count() < 140);
/// assert_eq!(card["suggestions"][0]["label"], "Ask the physician to approve massage despite pregnancy");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn appointment_book_cards(screened: &Screened<'_>, context: &FhirContext) -> Value {
    let (protocol, screening, intake) =
        (screened.protocol(), screened.screening(), screened.intake());
    let stamp = screening.protocol.to_string();
    let source = json!({
        "label": format!("massage-rules {} ({stamp})", env!("CARGO_PKG_VERSION")),
        "url": "https://github.com/massage-rules/massage-rules",
        "topic": {"system": code_system("outcome"), "code": screening.outcome.name(),
                  "display": super::fhir::outcome_display(screening.outcome)},
    });
    let (indicator, headline) = match screening.outcome {
        Outcome::NotPermitted => {
            let why = names(screening.not_permitted.iter());
            let postponed = screening.reasons().any(|r| r.effect == Effect::Postponed);
            let text = if postponed {
                format!("Postpone the massage: {why}")
            } else if why.is_empty() {
                "No medical massage: the practitioner's qualification is not established".into()
            } else {
                format!("No medical massage: {why}")
            };
            ("critical", text)
        }
        Outcome::NeedsApproval => (
            "warning",
            if screening.approval_needed.is_empty() {
                "Medical massage needs an answer first: an intake question is unknown".into()
            } else {
                format!(
                    "Medical massage needs a physician's approval: {}",
                    names(screening.approval_needed.iter())
                )
            },
        ),
        Outcome::NeedsAnswers => {
            let mut asks: Vec<String> = screening
                .unanswered
                .iter()
                .map(|q| q.label().to_lowercase())
                .collect();
            asks.extend(
                screening
                    .contradicted
                    .iter()
                    .map(|q| format!("resolve: {}", q.label().to_lowercase())),
            );
            ("warning", format!("Ask first: {}", asks.join("; ")))
        }
        Outcome::Restricted => (
            "info",
            format!(
                "Medical massage may go ahead, avoiding {}",
                names(screening.avoid.iter())
            ),
        ),
        Outcome::Cleared => ("info", "Medical massage may go ahead".into()),
    };
    let mut detail = String::new();
    if !screening.unanswered.is_empty() {
        detail.push_str("Ask first (unanswered; nothing is presumed): ");
        let asks: Vec<String> = screening
            .unanswered
            .iter()
            .map(|q| q.label().to_lowercase())
            .collect();
        detail.push_str(&asks.join("; "));
        detail.push_str(".\n\n");
    }
    detail.push_str("Reasons, each with its rule and the seed's words:\n\n");
    for reason in screening.reasons() {
        detail.push_str(&format!("- {reason}\n"));
    }
    if screening.reasons().next().is_none() {
        detail.push_str("- No contraindication was found.\n");
    }
    detail.push_str(&format!(
        "\nDecided by the protocol `{stamp}` ({}).",
        protocol.title
    ));
    let intake_key = serde_json::to_string(intake).unwrap_or_default();
    let mut card = json!({
        "uuid": uuid(&["card", &stamp, &intake_key]),
        "summary": summary(headline),
        "indicator": indicator,
        "detail": detail,
        "source": source,
    });
    let suggestions: Vec<Value> = screening
        .approval_needed
        .iter()
        .map(|c| {
            let label = format!(
                "Ask the physician to approve massage despite {}",
                c.label().to_lowercase()
            );
            let mut task = json!({
                "resourceType": "Task",
                "status": "requested",
                "intent": "order",
                "description": format!("{label} ({}, {stamp})", c.seed()),
                "code": {"coding": [super::fhir::coding(c)]},
            });
            if let Some(patient) = &context.patient {
                task["for"] = json!({"reference": patient});
            }
            json!({
                "label": label,
                "uuid": uuid(&["suggestion", c.name(), &stamp, &intake_key]),
                "isRecommended": true,
                "actions": [{"type": "create", "description": label, "resource": task}],
            })
        })
        .collect();
    let mut suggestions = suggestions;
    if !screening.unanswered.is_empty() || !screening.contradicted.is_empty() {
        let asks: Vec<String> = screening
            .unanswered
            .iter()
            .map(|q| q.label().to_lowercase())
            .chain(
                screening
                    .contradicted
                    .iter()
                    .map(|q| format!("resolve: {}", q.label().to_lowercase())),
            )
            .collect();
        let label = "Complete the massage intake before the session".to_string();
        let mut task = json!({
            "resourceType": "Task",
            "status": "requested",
            "intent": "order",
            "description": format!("Ask the client: {} ({stamp})", asks.join("; ")),
        });
        if let Some(patient) = &context.patient {
            task["for"] = json!({"reference": patient});
        }
        suggestions.push(json!({
            "label": label,
            "uuid": uuid(&["ask", &stamp, &intake_key]),
            "isRecommended": true,
            "actions": [{"type": "create", "description": label, "resource": task}],
        }));
    }
    if !suggestions.is_empty() {
        card["suggestions"] = Value::Array(suggestions);
        card["selectionBehavior"] = json!("any");
    }
    if screening.outcome == Outcome::NeedsApproval && !screening.approval_needed.is_empty() {
        let system = code_system("override-reason");
        card["overrideReasons"] = json!([
            {"system": system, "code": "approval-given-not-on-file",
             "display": "The physician's approval was given and is being filed"},
            {"system": system, "code": "physician-present",
             "display": "A physician supervises this session"},
        ]);
    }
    json!({"cards": [card]})
}

/// The CDS Hooks response for the `appointment-book` hook's proposed appointments, checked
/// against a care plan and the client's appointments already on the books (`booked`, the
/// result of the service's `booked` prefetch, read by
/// [`booked_appointments_from_bundle`](crate::read::booked_appointments_from_bundle))
/// ([`CarePlan::check_appointments`](crate::CarePlan::check_appointments)): one card per appointment that
/// breaks a rule, naming the appointment (its id and local start) and each rule in
/// clinician's words, `critical` when nothing may be given then (the screening rules it
/// out, an approval has lapsed) and `warning` when a move mends it; with a suggestion to
/// move it to the nearest allowed start (an `update` of the Appointment) where one
/// exists. A finding between sessions (two on one day, too many in a period) names the
/// booked or proposed appointment it clashes with. When every appointment keeps the
/// rules, one `info` card says so.
///
/// ```
/// use massage_rules::{CareRequest, Protocol, care_plan};
/// use massage_rules::export::cds_hooks::appointment_book_check;
/// use massage_rules::export::fhir::FhirContext;
/// let request = CareRequest::from_json(r#"{"intake": {"assessed_on": "2027-03-01",
///     "age": 45, "pregnant": "no", "findings": [], "history": "none",
///     "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}},
///     "timing": {"time_zone": "America/New_York",
///                "hours": {"monday": [{"start": "09:00", "end": "17:00"}],
///                          "thursday": [{"start": "09:00", "end": "17:00"}]}}}"#)?;
/// let care = care_plan(&Protocol::seed(), &request)?;
/// // Three appointments in one week, the last on a Tuesday the clinic is closed.
/// let bundle = serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": [
///   {"resource": {"resourceType": "Appointment", "id": "a", "status": "proposed",
///    "start": "2027-03-04T09:00:00-05:00", "end": "2027-03-04T10:00:00-05:00"}},
///   {"resource": {"resourceType": "Appointment", "id": "b", "status": "proposed",
///    "start": "2027-03-08T09:00:00-05:00", "end": "2027-03-08T10:00:00-05:00"}},
///   {"resource": {"resourceType": "Appointment", "id": "c", "status": "proposed",
///    "start": "2027-03-09T09:00:00-05:00", "end": "2027-03-09T10:00:00-05:00"}}]});
/// let response = appointment_book_check(&care, &bundle, None, &FhirContext::default())?;
/// let cards = response["cards"].as_array().unwrap();
/// assert!(cards.iter().all(|c| c["indicator"] == "warning"));
/// assert!(cards.iter().any(|c| c["summary"].as_str().unwrap().contains("Appointment c")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn appointment_book_check(
    care: &crate::CarePlan,
    appointments: &Value,
    booked: Option<&Value>,
    context: &FhirContext,
) -> Result<Value, crate::Error> {
    let proposed = crate::read::appointments_from_bundle(appointments)?;
    let booked = match booked {
        Some(bundle) => crate::read::booked_appointments_from_bundle(bundle)?,
        None => Vec::new(),
    };
    let checks = care.check_appointments(&proposed, &booked);
    Ok(appointment_check_cards(care, &proposed, &checks, context))
}

/// The cards for appointments already checked (see [`appointment_book_check`]).
pub fn appointment_check_cards(
    care: &crate::CarePlan,
    proposed: &[crate::care::ProposedAppointment],
    checks: &[crate::care::AppointmentCheck],
    context: &FhirContext,
) -> Value {
    let stamp = care.screening.protocol.to_string();
    let source = |code: &str| {
        json!({
            "label": format!("massage-rules {} ({stamp})", env!("CARGO_PKG_VERSION")),
            "url": "https://github.com/massage-rules/massage-rules",
            "topic": topic(code),
        })
    };
    let mut cards = Vec::new();
    for check in checks.iter().filter(|c| !c.findings.is_empty()) {
        let Some(p) = proposed.get(check.index) else {
            continue;
        };
        let name = match &check.id {
            Some(id) => format!("Appointment {id}"),
            None => format!("Appointment {}", check.index + 1),
        };
        let when = p.start.strftime("%a %-d %b %Y, %H:%M").to_string();
        let critical = check.findings.iter().any(|f| f.problem.is_critical());
        let mut detail = format!(
            "{} ({when}, {} minutes):\n\n",
            markdown_text(&name),
            p.minutes()
        );
        for f in &check.findings {
            let words = crate::seed::quote(f.seed).unwrap_or_default();
            detail.push_str(&format!(
                "- {} — {} ({}: \"{}\")\n",
                markdown_text(&f.problem.to_string()),
                f.rule.label(),
                f.seed,
                words.trim()
            ));
        }
        detail.push_str(&format!(
            "\nChecked against the care plan of the protocol `{stamp}`."
        ));
        let key = format!("{}|{}|{:?}", check.index, p.start, check.findings);
        let mut card = json!({
            "uuid": uuid(&["appointment", &stamp, &key]),
            "summary": summary(format!("{name} on {when}: {}", check.findings[0].problem)),
            "indicator": if critical { "critical" } else { "warning" },
            "detail": detail,
            "source": source("appointment-check"),
        });
        if let Some((start, end)) = &check.suggestion {
            let at = start.strftime("%a %-d %b %Y, %H:%M").to_string();
            let label = format!("Move {name} to {at}");
            let mut resource = json!({
                "resourceType": "Appointment",
                "status": "proposed",
                "start": start.timestamp().display_with_offset(start.offset()).to_string(),
                "end": end.timestamp().display_with_offset(end.offset()).to_string(),
                "minutesDuration": (end.timestamp() - start.timestamp()).as_mins(),
                "participant": [{"status": "needs-action"}],
            });
            if let Some(id) = &check.id {
                resource["id"] = json!(id);
            }
            if let Some(patient) = &context.patient {
                resource["participant"][0]["actor"] = json!({"reference": patient});
            }
            card["suggestions"] = json!([{
                "label": label,
                "uuid": uuid(&["move", &stamp, &key]),
                "isRecommended": true,
                "actions": [{"type": "update", "description": label, "resource": resource}],
            }]);
            card["selectionBehavior"] = json!("at-most-one");
        }
        cards.push(card);
    }
    if cards.is_empty() {
        cards.push(json!({
            "uuid": uuid(&["appointments-fine", &stamp, &format!("{}", proposed.len())]),
            "summary": summary(format!(
                "The {} proposed appointment(s) keep the care plan's rules",
                proposed.len()
            )),
            "indicator": "info",
            "detail": format!(
                "Each appointment was checked for the screening, the assessment and \
                 re-screening dates, physicians' approvals, the course's frequency, the \
                 session's length and the opening hours (protocol `{stamp}`)."
            ),
            "source": source("appointment-check"),
        }));
    }
    json!({"cards": cards})
}

/// What could not be checked, for [`unreadable_card`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unreadable {
    /// The client's intake (the prefetched QuestionnaireResponse).
    Intake,
    /// The proposed appointments (`context.appointments`).
    Appointments,
    /// The care plan the appointments are checked against.
    CarePlan,
    /// The client's booked appointments (the `booked` prefetch).
    Booked,
}

/// The card a service returns when part of a request cannot be read: a `warning` that
/// says what was not checked and why, in words, with every problem (path and words) in
/// the `detail`. A service answers with it instead of an HTTP error so that the clinician
/// sees that nothing was checked (and the screening, when it was read, still stands
/// beside it); nothing is presumed of what could not be read.
///
/// ```
/// use massage_rules::export::cds_hooks::{Unreadable, unreadable_card};
/// let error = massage_rules::read::appointments_from_bundle(&serde_json::json!(7)).unwrap_err();
/// let card = unreadable_card(Unreadable::Appointments, &error);
/// assert_eq!(card["indicator"], "warning");
/// assert!(card["detail"].as_str().unwrap().contains("expected a Bundle"));
/// ```
pub fn unreadable_card(what: Unreadable, error: &crate::Error) -> Value {
    let (code, headline) = match what {
        Unreadable::Intake => (
            "intake-unreadable",
            "The massage intake could not be read: complete it before booking",
        ),
        Unreadable::Appointments => (
            "appointments-unreadable",
            "The proposed appointments could not be read: they were not checked",
        ),
        Unreadable::CarePlan => (
            "care-plan-unavailable",
            "No care plan could be made: the appointments were not checked",
        ),
        Unreadable::Booked => (
            "booked-unreadable",
            "The client's booked appointments could not be read: the proposed ones were not checked",
        ),
    };
    let document = error.document();
    let mut detail = format!("{}.\n\n", markdown_text(&document.message));
    for problem in &document.problems {
        detail.push_str(&format!(
            "- {}: {}\n",
            markdown_text(&problem.path),
            markdown_text(&problem.to_string())
        ));
    }
    detail.push_str("\nNothing was presumed about what could not be read.");
    let problems: Vec<String> = document
        .problems
        .iter()
        .map(|p| format!("{}:{p}", p.path))
        .collect();
    let uuid = uuid(&[code, &document.message, &problems.join("\u{1e}")]);
    warning_card(code, uuid, headline, detail)
}

/// A `warning` card of the topic `code`, from the library (no protocol decided it).
fn warning_card(code: &str, uuid: String, summary: &str, detail: String) -> Value {
    json!({
        "uuid": uuid,
        "summary": summary,
        "indicator": "warning",
        "detail": detail,
        "source": {
            "label": format!("massage-rules {}", env!("CARGO_PKG_VERSION")),
            "url": "https://github.com/massage-rules/massage-rules",
            "topic": topic(code),
        },
    })
}

/// The card for a client with no massage intake on file (the EHR's prefetch found no
/// completed intake QuestionnaireResponse): a `warning` that nothing was screened, with a
/// suggestion to create a `Task` to complete the intake before the first session. No
/// session is presumed safe without one.
///
/// ```
/// use massage_rules::export::cds_hooks::no_intake_card;
/// use massage_rules::export::fhir::FhirContext;
/// let card = no_intake_card(&FhirContext { patient: Some("Patient/17".into()) });
/// assert_eq!(card["indicator"], "warning");
/// assert_eq!(card["suggestions"][0]["actions"][0]["resource"]["for"]["reference"], "Patient/17");
/// ```
pub fn no_intake_card(context: &FhirContext) -> Value {
    intake_needed_card(
        context,
        "intake-missing",
        "No massage intake on file: screen the client before booking a session",
        format!(
            "The EHR found no completed massage intake (the `massage-intake` questionnaire, \
             version {}) for this client, so nothing was screened: contraindications, \
             physicians' approvals and the practitioner's qualification are unknown. \
             Nothing is presumed; complete the intake before the first session.",
            super::fhir::QUESTIONNAIRE_VERSION
        ),
    )
}

/// The card for an intake that belongs to another client than the one being booked (its
/// `subject` is `subject`, the hook's patient is `context.patient`): nothing is screened
/// from another person's answers; a `warning` with a `Task` to complete this client's
/// intake, as for [`no_intake_card`].
///
/// ```
/// use massage_rules::export::cds_hooks::other_clients_intake_card;
/// use massage_rules::export::fhir::FhirContext;
/// let context = FhirContext { patient: Some("Patient/17".into()) };
/// let card = other_clients_intake_card(&context, "Patient/18");
/// // Request text is escaped for markdown: `Patient\/18` renders as Patient/18.
/// assert!(card["detail"].as_str().unwrap().contains(r"Patient\/18"));
/// ```
pub fn other_clients_intake_card(context: &FhirContext, subject: &str) -> Value {
    let subject = if subject.is_empty() {
        "no one (it has no subject)".to_owned()
    } else {
        markdown_text(subject)
    };
    intake_needed_card(
        context,
        "intake-other-client",
        "The intake on file is not this client's: screen this client before booking",
        format!(
            "The massage intake the EHR sent is about {subject}, not {}. Another \
             person's answers, or answers not exactly this client's, are not used: nothing \
             was screened for this client. Check the record, and complete this client's \
             intake before the first session.",
            context
                .patient
                .as_deref()
                .map_or("this client".to_owned(), markdown_text)
        ),
    )
}

/// The card for a prefetch that holds several intakes of which the newest cannot be told
/// (an `authored` time missing or shared): screening the wrong one could clear a client
/// a newer intake would not, so none is screened; a `warning` with a `Task` to complete
/// the intake again, as for [`no_intake_card`].
///
/// ```
/// use massage_rules::export::cds_hooks::ambiguous_intakes_card;
/// use massage_rules::export::fhir::FhirContext;
/// let card = ambiguous_intakes_card(&FhirContext::default(), 2);
/// assert_eq!(card["indicator"], "warning");
/// ```
pub fn ambiguous_intakes_card(context: &FhirContext, count: usize) -> Value {
    intake_needed_card(
        context,
        "intake-ambiguous",
        "Several intakes on file and the latest cannot be told: screen the client again",
        format!(
            "The EHR sent {count} massage intakes for this client without `authored` times \
             that tell which is the latest. None was screened: an older one may miss what \
             a newer one found. Complete the intake again before the first session."
        ),
    )
}

/// Text from a request (an id, a reference, a problem's path or words), made safe to
/// repeat in a card's `detail`, which CDS Hooks renders as GitHub-flavoured markdown: every
/// ASCII punctuation character is escaped with a backslash (so no link, image, emphasis,
/// HTML tag, autolink — `https:`, `www.`, `@` — or code span can start), line breaks and
/// other control characters become spaces, and it is cut at 200 characters.
///
/// ```
/// use massage_rules::export::cds_hooks::markdown_text;
/// assert_eq!(markdown_text("[login](https://evil.example)"),
///            r"\[login\]\(https\:\/\/evil\.example\)");
/// assert_eq!(markdown_text("Patient/17"), r"Patient\/17");
/// ```
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.chars().enumerate() {
        if i == crate::limits::Limits::TEXT_CHARS {
            out.push('…');
            break;
        }
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a QuestionnaireResponse's `subject` reference is exactly the hook's patient:
/// `Patient/{patient_id}`, or that under the request's `fhirServer`
/// (`https://ehr.example/fhir/Patient/17`). Anything else — another id, a nested or
/// versioned reference, no subject — is not.
///
/// ```
/// use massage_rules::export::cds_hooks::subject_is_patient;
/// let server = Some("https://ehr.example/fhir/");
/// assert!(subject_is_patient(Some("Patient/17"), "17", server));
/// assert!(subject_is_patient(Some("https://ehr.example/fhir/Patient/17"), "17", server));
/// assert!(!subject_is_patient(Some("Patient/18/Patient/17"), "17", server));
/// assert!(!subject_is_patient(Some("https://other.example/Patient/17"), "17", server));
/// assert!(!subject_is_patient(Some("Patient/17/_history/2"), "17", server));
/// assert!(!subject_is_patient(None, "17", server));
/// ```
pub fn subject_is_patient(
    subject: Option<&str>,
    patient_id: &str,
    fhir_server: Option<&str>,
) -> bool {
    let Some(subject) = subject else {
        return false;
    };
    let relative = format!("Patient/{patient_id}");
    if subject == relative {
        return true;
    }
    fhir_server.is_some_and(|server| {
        subject
            .strip_prefix(server.trim_end_matches('/'))
            .and_then(|rest| rest.strip_prefix('/'))
            == Some(relative.as_str())
    })
}

/// Whether a QuestionnaireResponse's `subject` reference names another patient than
/// `patient` (`Patient/17`): `Patient/17`, `https://ehr.example/fhir/Patient/17` and
/// `Patient/17/_history/2` are the same patient; no subject, or no patient, says nothing.
///
/// ```
/// use massage_rules::export::cds_hooks::names_another_patient;
/// assert!(!names_another_patient(Some("https://ehr.example/fhir/Patient/17"), Some("Patient/17")));
/// assert!(names_another_patient(Some("Patient/170"), Some("Patient/17")));
/// assert!(!names_another_patient(None, Some("Patient/17")));
/// ```
pub fn names_another_patient(subject: Option<&str>, patient: Option<&str>) -> bool {
    let (Some(subject), Some(patient)) = (subject, patient) else {
        return false;
    };
    let subject = subject.split("/_history/").next().unwrap_or(subject);
    let same = subject == patient
        || subject
            .strip_suffix(patient)
            .is_some_and(|base| base.ends_with('/'));
    !same
}

fn intake_needed_card(context: &FhirContext, code: &str, summary: &str, detail: String) -> Value {
    let label = "Complete the massage intake before the first session";
    let mut task = json!({
        "resourceType": "Task",
        "status": "requested",
        "intent": "order",
        "description": format!(
            "{label}: the massage-intake questionnaire ({}|{})",
            super::fhir::QUESTIONNAIRE_URL,
            super::fhir::QUESTIONNAIRE_VERSION
        ),
    });
    if let Some(patient) = &context.patient {
        task["for"] = json!({"reference": patient});
    }
    let patient = context.patient.as_deref().unwrap_or("");
    let mut card = warning_card(code, uuid(&[code, patient, &detail]), summary, detail);
    card["suggestions"] = json!([{
        "label": label,
        "uuid": uuid(&[code, "task", patient]),
        "isRecommended": true,
        "actions": [{"type": "create", "description": label, "resource": task}],
    }]);
    card["selectionBehavior"] = json!("any");
    card
}

/// A card topic of the `card-topic` CodeSystem, with its display.
fn topic(code: &str) -> Value {
    let display = super::fhir::CARD_TOPICS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, d)| d);
    json!({"system": code_system("card-topic"), "code": code, "display": display})
}
