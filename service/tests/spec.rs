//! The CDS Hooks specification's own example requests (tests/spec/, see its README) sent
//! to the real binary, and every card the service answers, for every kind of answer,
//! checked by an independent validator (tests/validate_cards.py: the specification's
//! card rules, and fhir.resources for every resource a suggestion carries).

mod common;

use std::path::Path;

use common::*;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = manifest().join("tests/spec").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Posts `body` to the hook with a fresh token.
fn hook(s: &Service, jti: &str, body: &Value) -> (u16, Value) {
    let (status, text) = request(
        &s.addr,
        "POST",
        SERVICE,
        Some(&es384(jti)),
        &serde_json::to_vec(body).unwrap(),
    );
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn topic(card: &Value) -> &str {
    card["source"]["topic"]["code"].as_str().unwrap_or("")
}

fn intake(extra: Value) -> Value {
    let mut intake = json!({"assessed_on": "2026-11-27", "age": 45, "pregnant": "no",
        "findings": [], "history": "none",
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}});
    for (k, v) in extra.as_object().unwrap() {
        intake[k] = v.clone();
    }
    intake
}

fn keep(dir: &Path, name: &str, response: &Value) {
    std::fs::write(dir.join(format!("{name}.json")), response.to_string()).unwrap();
}

#[test]
fn the_specifications_examples_are_answered_and_every_card_is_valid() {
    let s = start("spec");
    let dir = s.dir.join("responses");
    std::fs::create_dir_all(&dir).unwrap();

    // The specification's request for another hook: refused, saying which hook we answer.
    let (status, body) = hook(&s, "pv", &fixture("patient-view-request.json"));
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("appointment-book"));

    // The hook's first example: two Appointments in a list, whose `end`s are not FHIR
    // instants. The screening still answers; the appointments get a card that says they
    // were not checked, naming each problem's path.
    let context = fixture("appointment-book-context-1.json")["context"].clone();
    let (status, response) = hook(&s, "ab1", &hook_request(intake(json!({})), context));
    assert_eq!(status, 200, "{response}");
    let cards = response["cards"].as_array().unwrap();
    let unread = cards
        .iter()
        .find(|c| topic(c) == "appointments-unreadable")
        .expect("a card for the unreadable appointments");
    assert_eq!(unread["indicator"], "warning");
    let detail = unread["detail"].as_str().unwrap();
    assert!(
        // Escaped for markdown: request text is never live markup.
        detail.contains(r"\[0\]\.end") && detail.contains(r"\[1\]\.end"),
        "{detail}"
    );
    assert!(cards.iter().any(|c| topic(c) == "cleared"), "{response}");
    keep(&dir, "spec-context-1", &response);

    // The second example: one Appointment in 2013, years before this client's
    // assessment: named, and critical (nothing may be given before the assessment).
    let context = fixture("appointment-book-context-2.json")["context"].clone();
    let (status, response) = hook(&s, "ab2", &hook_request(intake(json!({})), context));
    assert_eq!(status, 200, "{response}");
    let card = response["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| topic(c) == "appointment-check")
        .expect("a card for the appointment");
    assert!(
        card["summary"]
            .as_str()
            .unwrap()
            .starts_with("Appointment example")
    );
    assert!(
        card["detail"]
            .as_str()
            .unwrap()
            .contains("before the assessment")
    );
    keep(&dir, "spec-context-2", &response);

    // One request for each kind of answer, each card checked below.
    let fever = json!({"history": {"anticoagulants": "no", "corticosteroids": "no",
        "osteoporosis": "no", "reduced_sensation": "no", "varicose_veins": "no", "fever": "yes"}});
    let kinds = [
        ("needs_approval", json!({"age": 70})),
        ("needs_answers", json!({"pregnant": "unknown"})),
        ("not_permitted", fever.clone()),
        (
            "restricted",
            json!({"findings": [{"contraindication": "open_wound", "location": "left_forearm"}]}),
        ),
    ];
    for (i, (name, extra)) in kinds.iter().enumerate() {
        let body = hook_request(
            intake(extra.clone()),
            json!({"userId": "Practitioner/1", "patientId": "17",
                   "appointments": [{"resourceType": "Appointment", "id": format!("k{i}"),
                     "status": "proposed", "start": "2026-12-07T10:00:00+01:00",
                     "minutesDuration": 60}]}),
        );
        let (status, response) = hook(&s, &format!("kind-{i}"), &body);
        assert_eq!(status, 200, "{name}: {response}");
        // The screening card is of the outcome meant, and the appointment is checked.
        assert_eq!(topic(&response["cards"][0]), *name, "{response}");
        assert!(
            response["cards"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| topic(c) == "appointment-check"),
            "{response}"
        );
        keep(&dir, name, &response);
    }
    let needs_answers: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("needs_answers.json")).unwrap())
            .unwrap();
    let ask = &needs_answers["cards"][0]["suggestions"][0];
    assert_eq!(
        ask["actions"][0]["resource"]["resourceType"], "Task",
        "{ask}"
    );

    // An intake for another questionnaire version is not read: a card says so.
    let mut body = hook_request(intake(json!({})), json!({"patientId": "17"}));
    body["prefetch"]["intake"]["entry"][0]["resource"]["questionnaire"] =
        json!("https://example.org/Questionnaire/massage-intake|0.1");
    let (status, response) = hook(&s, "other-q", &body);
    assert_eq!(status, 200);
    assert_eq!(topic(&response["cards"][0]), "intake-unreadable");
    keep(&dir, "other-questionnaire", &response);

    // No intake on file (the EHR's search found none): a card says nothing was
    // screened, with a Task to complete the intake; not an error, not a pass.
    let mut body = hook_request(intake(json!({})), json!({"patientId": "17"}));
    body["prefetch"]["intake"] = json!({"resourceType": "Bundle", "type": "searchset", "total": 0});
    let (status, response) = hook(&s, "none-on-file", &body);
    assert_eq!(status, 200);
    let card = &response["cards"][0];
    assert_eq!(topic(card), "intake-missing");
    assert_eq!(card["indicator"], "warning");
    assert_eq!(
        card["suggestions"][0]["actions"][0]["resource"]["for"]["reference"],
        "Patient/17"
    );
    keep(&dir, "no-intake", &response);
    // A search Bundle whose first entry is an OperationOutcome (a search warning) still
    // finds the intake after it.
    let mut body = hook_request(intake(json!({"age": 70})), json!({"patientId": "17"}));
    let entries = body["prefetch"]["intake"]["entry"].as_array_mut().unwrap();
    entries.insert(
        0,
        json!({"resource": {"resourceType": "OperationOutcome",
                "issue": [{"severity": "warning", "code": "informational"}]},
               "search": {"mode": "outcome"}}),
    );
    let (status, response) = hook(&s, "outcome-first", &body);
    assert_eq!(status, 200);
    assert_eq!(topic(&response["cards"][0]), "needs_approval", "{response}");

    // An intake whose subject is another patient is not screened for this one; the same
    // patient under a full URL is.
    let mut body = hook_request(intake(json!({})), json!({"patientId": "17"}));
    body["prefetch"]["intake"]["entry"][0]["resource"]["subject"] =
        json!({"reference": "Patient/170"});
    let (status, response) = hook(&s, "other-client", &body);
    assert_eq!(status, 200);
    assert_eq!(
        topic(&response["cards"][0]),
        "intake-other-client",
        "{response}"
    );
    assert_eq!(response["cards"].as_array().unwrap().len(), 1);
    keep(&dir, "other-client", &response);
    // The patient, exactly: a nested, versioned or foreign reference, or none, is not
    // this patient; the absolute form counts only under the request's fhirServer.
    for (n, subject) in [
        json!({"reference": "Patient/18/Patient/17"}),
        json!({"reference": "Patient/17/_history/2"}),
        json!({"reference": "https://elsewhere.example/fhir/Patient/17"}),
        json!({"reference": "https://ehr.example.org/fhir/Patient/17"}),
        json!({"display": "Patient/17"}),
    ]
    .into_iter()
    .enumerate()
    {
        body["prefetch"]["intake"]["entry"][0]["resource"]["subject"] = subject;
        let (status, response) = hook(&s, &format!("not-exactly-{n}"), &body);
        assert_eq!(status, 200);
        assert_eq!(
            topic(&response["cards"][0]),
            "intake-other-client",
            "{response}"
        );
    }
    body["prefetch"]["intake"]["entry"][0]["resource"]["subject"] =
        json!({"reference": "https://ehr.example.org/fhir/Patient/17"});
    body["fhirServer"] = json!("https://ehr.example.org/fhir");
    let (status, response) = hook(&s, "same-client", &body);
    assert_eq!(status, 200);
    assert_eq!(topic(&response["cards"][0]), "cleared", "{response}");
    // A request that names no patient is refused.
    let mut nameless = body.clone();
    nameless["context"]["patientId"] = json!("17/../18");
    assert_eq!(hook(&s, "nameless", &nameless).0, 400);

    // Several intakes sent despite `_count=1`: the newest by `authored` is screened,
    // wherever it stands in the Bundle; when the newest cannot be told, none is.
    let older = hook_request(intake(json!({})), json!({"patientId": "17"}));
    let mut newer = intake(fever);
    newer["assessed_on"] = json!("2026-11-29");
    let newer = hook_request(newer, json!({"patientId": "17"}));
    let resource = |b: &Value| b["prefetch"]["intake"]["entry"][0]["resource"].clone();
    let mut body = older.clone();
    body["prefetch"]["intake"]["entry"] =
        json!([{"resource": resource(&older)}, {"resource": resource(&newer)}]);
    let (status, response) = hook(&s, "two-intakes", &body);
    assert_eq!(status, 200);
    assert_eq!(topic(&response["cards"][0]), "not_permitted", "{response}");
    for (i, (first, second)) in [("2026-11-29", "2026-11-29"), ("2026-11-29", "")]
        .iter()
        .enumerate()
    {
        let (mut a, mut b) = (resource(&older), resource(&newer));
        a["authored"] = json!(first);
        b["authored"] = json!(second);
        if second.is_empty() {
            b.as_object_mut().unwrap().remove("authored");
        }
        body["prefetch"]["intake"]["entry"] = json!([{"resource": a}, {"resource": b}]);
        let (status, response) = hook(&s, &format!("ambiguous-{i}"), &body);
        assert_eq!(status, 200);
        assert_eq!(
            topic(&response["cards"][0]),
            "intake-ambiguous",
            "{response}"
        );
        keep(&dir, &format!("ambiguous-{i}"), &response);
    }

    if let Some(text) = validate_cards(&dir) {
        assert!(text.contains("; 0 problems"), "{text}");
    }
}

#[test]
fn the_specifications_feedback_examples_are_taken() {
    let s = start("feedback");
    for (i, name) in [
        "feedback-accepted.json",
        "feedback-overridden.json",
        "feedback-override-reason.json",
    ]
    .iter()
    .enumerate()
    {
        let token = feedback_token(&format!("f{i}"));
        let body = serde_json::to_vec(&fixture(name)).unwrap();
        let (status, text) = request(
            &s.addr,
            "POST",
            &format!("{SERVICE}/feedback"),
            Some(&token),
            &body,
        );
        assert_eq!(status, 200, "{name}: {text}");
    }
}

#[test]
fn without_prefetch_the_service_says_at_once_that_it_does_not_fetch() {
    let s = start("noprefetch");
    let mut body = fixture("patient-view-request.json");
    body["hook"] = json!("appointment-book");
    body.as_object_mut().unwrap().remove("prefetch");
    // Answered at once, not hung on the EHR's FHIR server: a hung request would end at
    // the client's read timeout with no status.
    let (status, response) = hook(&s, "np", &body);
    assert_eq!(status, 412, "{response}");
    assert!(
        response["error"]
            .as_str()
            .unwrap()
            .contains("does not fetch"),
        "{response}"
    );
}
