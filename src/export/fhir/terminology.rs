//! The crate's terminology as FHIR R4 resources: a `CodeSystem` and a `ValueSet` for every
//! vocabulary, and for the few small systems the cards and resources use (outcomes,
//! override reasons, card topics, mitigations). Made from the vocabulary tables, so they
//! never drift from the codes the crate writes; a service serves them at their canonical
//! URLs' last segments.

use serde_json::{Value, json};

use super::code_system;
use crate::screening::Outcome;
use crate::vocabulary::*;

/// The version of every CodeSystem and ValueSet: the crate's.
pub const TERMINOLOGY_VERSION: &str = env!("CARGO_PKG_VERSION");

fn resource_id(kind: &str) -> String {
    kind.replace(' ', "-")
}

fn code_system_resource(kind: &str, title: &str, concepts: Vec<(String, String)>) -> Value {
    let id = resource_id(kind);
    json!({
        "resourceType": "CodeSystem",
        "id": id,
        "url": code_system(kind),
        "version": TERMINOLOGY_VERSION,
        "name": id.split('-').map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| f.to_ascii_uppercase().to_string() + c.as_str())
        }).collect::<String>(),
        "title": title,
        "status": "active",
        "experimental": false,
        "publisher": "massage-rules",
        "description": format!("The {kind} codes of massage-rules, read from its seed document; each code is the crate's stable snake_case name."),
        "caseSensitive": true,
        "content": "complete",
        "count": concepts.len(),
        "concept": concepts.into_iter().map(|(code, display)| json!({"code": code, "display": display})).collect::<Vec<_>>(),
    })
}

fn value_set_resource(kind: &str, title: &str) -> Value {
    let id = resource_id(kind);
    json!({
        "resourceType": "ValueSet",
        "id": id,
        "url": code_system(kind).replace("/CodeSystem/", "/ValueSet/"),
        "version": TERMINOLOGY_VERSION,
        "name": format!("{}Codes", id.replace('-', "_")),
        "title": format!("All {title}"),
        "status": "active",
        "publisher": "massage-rules",
        "compose": {"include": [{"system": code_system(kind), "version": TERMINOLOGY_VERSION}]},
    })
}

fn vocabulary<T: Vocabulary>(out: &mut Vec<Value>, title: &str) {
    let concepts = T::ALL
        .iter()
        .map(|v| (v.name().to_owned(), v.label().to_owned()))
        .collect();
    out.push(code_system_resource(T::KIND, title, concepts));
    out.push(value_set_resource(T::KIND, title));
}

fn small(out: &mut Vec<Value>, kind: &str, title: &str, concepts: &[(&str, &str)]) {
    let concepts = concepts
        .iter()
        .map(|(c, d)| ((*c).to_owned(), (*d).to_owned()))
        .collect();
    out.push(code_system_resource(kind, title, concepts));
    out.push(value_set_resource(kind, title));
}

/// A screening outcome in clinician's words (the `display` of its code).
pub fn outcome_display(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Cleared => "Cleared for massage",
        Outcome::Restricted => "Cleared, avoiding some regions",
        Outcome::NeedsAnswers => "Questions to answer first",
        Outcome::NeedsApproval => "Needs a physician's approval",
        Outcome::NotPermitted => "No massage",
    }
}

/// Every CodeSystem and ValueSet of the crate, CodeSystem first for each.
///
/// ```
/// let resources = massage_rules::export::fhir::terminology();
/// let techniques = resources.iter().find(|r| r["id"] == "technique").unwrap();
/// assert_eq!(techniques["resourceType"], "CodeSystem");
/// assert!(techniques["concept"].as_array().unwrap().iter().any(|c| c["code"] == "swedish"));
/// ```
pub fn terminology() -> Vec<Value> {
    let mut out = Vec::new();
    vocabulary::<Technique>(&mut out, "Massage techniques");
    vocabulary::<Tool>(&mut out, "Massage tools");
    vocabulary::<Condition>(&mut out, "Conditions a client presents");
    vocabulary::<Goal>(&mut out, "Goals of a massage");
    vocabulary::<Contraindication>(&mut out, "Contraindications to massage");
    vocabulary::<BodyPart>(&mut out, "Body parts");
    vocabulary::<BodyRegion>(&mut out, "Body regions (sided)");
    vocabulary::<Pressure>(&mut out, "Pressure levels");
    vocabulary::<Side>(&mut out, "Sides");
    vocabulary::<Acuity>(&mut out, "Acuity of a condition");
    vocabulary::<Answer>(&mut out, "Answers");
    vocabulary::<RuleId>(&mut out, "Rule families");
    vocabulary::<Question>(&mut out, "Intake questions");
    vocabulary::<History>(&mut out, "Medical-history items");
    vocabulary::<Day>(&mut out, "Weekdays");
    vocabulary::<CourseKind>(&mut out, "Kinds of course");
    vocabulary::<Period>(&mut out, "Periods of a course phase");
    let outcomes: Vec<(&str, &str)> = [
        Outcome::Cleared,
        Outcome::Restricted,
        Outcome::NeedsAnswers,
        Outcome::NeedsApproval,
        Outcome::NotPermitted,
    ]
    .into_iter()
    .map(|o| (o.name(), outcome_display(o)))
    .collect();
    small(&mut out, "outcome", "Screening outcomes", &outcomes);
    small(
        &mut out,
        "override-reason",
        "Reasons to override a card",
        &[
            (
                "approval-given-not-on-file",
                "The physician's approval was given and is being filed",
            ),
            ("physician-present", "A physician supervises this session"),
        ],
    );
    small(&mut out, "card-topic", "Card topics", CARD_TOPICS);
    small(
        &mut out,
        "mitigation",
        "Mitigations of a detected issue",
        &[("physician-approval", "A physician's approval is on file")],
    );
    out
}

/// The topics of the cards that are not a screening (whose topic is its outcome): code
/// and display.
pub(crate) const CARD_TOPICS: &[(&str, &str)] = &[
    ("appointment-check", "Appointment check"),
    ("intake-missing", "No massage intake"),
    ("intake-other-client", "Intake of another client"),
    ("intake-ambiguous", "Several intakes, none the latest"),
    ("intake-unreadable", "Massage intake not readable"),
    ("appointments-unreadable", "Appointments not readable"),
    ("booked-unreadable", "Booked appointments not readable"),
    ("care-plan-unavailable", "No care plan"),
];
