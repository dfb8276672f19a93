//! CDS Hooks 2.0: a screening as the cards a CDS service returns for the
//! `appointment-book` hook, and the discovery document that announces the service. The
//! crate builds the JSON; it runs no server.

use std::hash::{Hash, Hasher};

use serde_json::{Value, json};

use super::fhir::{FhirContext, code_system};
use crate::screening::{Effect, Outcome, Screened};
use crate::vocabulary::Vocabulary;

/// The service id this crate's cards come from, as the discovery document names it.
pub const SERVICE_ID: &str = "massage-rules-screening";

/// The most characters of a card's `summary` (CDS Hooks 2.0: fewer than 140).
pub const MAX_SUMMARY_CHARS: usize = crate::limits::Limits::SUMMARY_CHARS;

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
        "prefetch": {"patient": "Patient/{{context.patientId}}"},
        "usageRequirements": "The service needs the client's massage intake (the massage-intake \
            QuestionnaireResponse) to screen.",
    }]})
}

/// A name-based identifier (RFC 9562 version 8) from the card's content, so the same
/// decision always gives the same uuid and different cards different ones.
fn uuid(parts: &[&str]) -> String {
    let mut halves = [0u64; 2];
    for (salt, half) in halves.iter_mut().enumerate() {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        parts.hash(&mut h);
        *half = h.finish();
    }
    let hi = (halves[0] & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_8000;
    let lo = (halves[1] & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

/// Cuts a summary to [`MAX_SUMMARY_CHARS`], on a character boundary, with an ellipsis.
fn summary(text: String) -> String {
    if text.chars().count() <= MAX_SUMMARY_CHARS {
        return text;
    }
    let cut: String = text.chars().take(MAX_SUMMARY_CHARS - 1).collect();
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
                  "display": screening.outcome.name().replace('_', " ")},
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
