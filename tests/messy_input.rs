//! Messy answers: the same question answered twice, a question not asked, a blank that
//! must not read as "for ever". Each case is never read the permissive way.

mod common;

use massage_rules::export::cds_hooks::appointment_book_cards;
use massage_rules::export::fhir::{FhirContext, questionnaire_response};
use massage_rules::problem::ProblemKind;
use massage_rules::protocol::Severity;
use massage_rules::read::intake_from_questionnaire_response;
use massage_rules::screening::Effect;
use massage_rules::strategies::intake;
use massage_rules::vocabulary::{Answer, Contraindication, ContraindicationSet, Question};
use massage_rules::{CareRequest, Error, Intake, Outcome, Protocol, screen, screen_json};
use proptest::prelude::*;
use serde_json::{Value, json};

const CLEAR: &str = r#""assessed_on": "2026-11-27", "age": 40, "findings": [],
    "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}"#;

fn duplicate_at(err: Error, path: &str) {
    let Error::Intake(invalid) = err else {
        panic!("expected an invalid intake, got {err}")
    };
    assert!(invalid.has(path, ProblemKind::DuplicateField), "{invalid}");
}

#[test]
fn a_key_given_twice_is_a_problem_at_its_path() {
    // The last "no" would clear a pregnant client.
    let text = format!(r#"{{"pregnant": "yes", {CLEAR}, "pregnant": "no"}}"#);
    duplicate_at(Intake::from_json(&text).unwrap_err(), "pregnant");
    duplicate_at(
        screen_json(&Protocol::seed(), &text).unwrap_err(),
        "pregnant",
    );
    // A findings list followed by an empty one.
    let text = r#"{"pregnant": "no", "findings": [{"contraindication": "blood_clot", "location": "left_leg"}],
            "assessed_on": "2026-11-27", "age": 40, "history": "none",
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}, "findings": []}"#;
    duplicate_at(Intake::from_json(text).unwrap_err(), "findings");
    // A fever, then "no history at all".
    let text = r#"{"pregnant": "no", "history": {"fever": "yes"}, "assessed_on": "2026-11-27",
            "age": 40, "findings": [], "history": "none",
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    duplicate_at(Intake::from_json(text).unwrap_err(), "history");
    // Nested, in a care request, beside other problems (all reported at once).
    let text = format!(
        r#"{{"intake": {{"pregnant": "no", {CLEAR}, "age": 12}}, "start": "2026-11-30",
            "availability": {{"weekdays": ["monday"], "weekdays": []}}, "baseline": 99}}"#
    );
    let Error::Intake(invalid) = CareRequest::from_json(&text).unwrap_err() else {
        panic!()
    };
    assert!(invalid.has("intake.age", ProblemKind::DuplicateField));
    assert!(invalid.has("availability.weekdays", ProblemKind::DuplicateField));
    assert!(invalid.problems.len() >= 3, "{invalid}");
    // Two names of one field, two days: neither is taken.
    let text = format!(
        r#"{{"pregnant": "no", {CLEAR}, "approvals": [{{"covers": ["minor"],
            "given_on": "2026-01-01", "approved_on": "2026-06-01"}}]}}"#
    );
    duplicate_at(
        Intake::from_json(&text).unwrap_err(),
        "approvals[0].approved_on",
    );
}

#[cfg(feature = "coding")]
#[test]
fn a_key_given_twice_in_a_coding_request_is_a_problem() {
    let text = format!(
        r#"{{"request": {{"intake": {{"pregnant": "yes", {CLEAR}, "pregnant": "no"}}}},
            "diagnoses": ["M54.50"]}}"#
    );
    let err = massage_rules::claims_json(&Protocol::seed(), &text).unwrap_err();
    duplicate_at(err, "request.intake.pregnant");
    let text = format!(
        r#"{{"request": {{"intake": {{"pregnant": "no", {CLEAR}}}}},
            "diagnoses": ["M54.50"], "diagnoses": []}}"#
    );
    let err = massage_rules::claims_json(&Protocol::seed(), &text).unwrap_err();
    duplicate_at(err, "diagnoses");
}

/// Writes `value` as JSON text, adding to the `target`-th object (in document order) a
/// second entry for its first key, with `extra` as its value.
fn write_with_duplicate(value: &Value, target: usize, extra: &Value) -> (String, Option<String>) {
    fn go(
        v: &Value,
        path: &str,
        target: usize,
        seen: &mut usize,
        extra: &Value,
        out: &mut String,
        dup: &mut Option<String>,
    ) {
        match v {
            Value::Object(map) => {
                let here = *seen;
                *seen += 1;
                out.push('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    go(item, &p, target, seen, extra, out, dup);
                }
                if here == target
                    && let Some((k, _)) = map.iter().next()
                {
                    out.push_str(&format!(",{}:{extra}", serde_json::to_string(k).unwrap()));
                    *dup = Some(if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    });
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    go(item, &format!("{path}[{i}]"), target, seen, extra, out, dup);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    let mut dup = None;
    go(value, "", target, &mut 0, extra, &mut out, &mut dup);
    (out, dup)
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/messy_input.txt"))]

    /// A key given twice, anywhere in an intake, with any other value: serde's derived
    /// reader refuses the text, and so does the every-problem reader, naming the path.
    /// Nothing is decided on it, so no decision can be more permissive.
    #[test]
    fn a_repeated_key_is_never_read(
        client in intake(), other in intake(), target in 0usize..40, pick in 0usize..8,
    ) {
        let value = serde_json::to_value(&client).unwrap();
        let donor = serde_json::to_value(&other).unwrap();
        let extras = [
            json!("no"), json!("yes"), json!([]), json!(null), json!("none"),
            donor["pregnant"].clone(), donor["findings"].clone(), donor["history"].clone(),
        ];
        let (text, dup) = write_with_duplicate(&value, target, &extras[pick]);
        let Some(path) = dup else { return Ok(()) };
        prop_assert!(serde_json::from_str::<Intake>(&text).is_err(), "serde read {text}");
        let Err(Error::Intake(invalid)) = Intake::from_json(&text) else {
            return Err(TestCaseError::fail(format!("accepted {text}")));
        };
        prop_assert!(invalid.has(&path, ProblemKind::DuplicateField), "{invalid} for {path}");
        // The same through a care request, at the path under `intake.`.
        let request = format!(r#"{{"intake": {text}}}"#);
        let Err(Error::Intake(invalid)) = CareRequest::from_json(&request) else {
            return Err(TestCaseError::fail("a care request read a repeated key".to_string()));
        };
        let nested = format!("intake.{path}");
        prop_assert!(invalid.has(&nested, ProblemKind::DuplicateField));
    }

    /// Whatever serde's derived reader refuses, the every-problem reader refuses too: a
    /// field dropped, or its value replaced by another field's.
    #[test]
    fn what_serde_refuses_is_refused(client in intake(), drop in 0usize..12, swap in 0usize..12) {
        let Value::Object(mut map) = serde_json::to_value(&client).unwrap() else { unreachable!() };
        let keys: Vec<String> = map.keys().cloned().collect();
        let a = &keys[drop % keys.len()];
        let b = &keys[swap % keys.len()];
        let moved = map[b].clone();
        if drop % 2 == 0 {
            map.remove(a);
        } else {
            map.insert(a.clone(), moved);
        }
        let text = Value::Object(map).to_string();
        if serde_json::from_str::<Intake>(&text).is_err() {
            prop_assert!(Intake::from_json(&text).is_err(), "accepted {text}");
        }
    }

    /// A whole question left out is a question to ask: never cleared, never a
    /// contraindication the known answers would not give, and the card says to ask.
    #[test]
    fn a_question_left_out_is_asked_not_presumed(client in intake(), which in 0usize..3) {
        let mut value = serde_json::to_value(&client).unwrap();
        let map = value.as_object_mut().unwrap();
        let question = match which {
            0 => { map.remove("history"); Question::Fever }
            1 => { map.remove("age"); Question::Age }
            _ => { map.remove("pregnant"); Question::Pregnancy }
        };
        let silent = Intake::from_json(&value.to_string()).unwrap();
        let protocol = Protocol::seed();
        let s = screen(&protocol, &silent).unwrap();
        prop_assert!(s.outcome >= Outcome::NeedsAnswers);
        prop_assert!(s.unanswered.contains(question));
        // Nothing presumed: the contraindications named are those of the known answers.
        let named: ContraindicationSet = s.reasons().filter_map(|r| r.contraindication).collect();
        if question == Question::Fever {
            prop_assert!(!named.contains(Contraindication::Fever));
        }
        if s.outcome == Outcome::NeedsAnswers {
            let screened = massage_rules::Screened::new(&protocol, &silent).unwrap();
            let cards = appointment_book_cards(&screened, &FhirContext::default());
            let summary = cards["cards"][0]["summary"].as_str().unwrap();
            prop_assert!(summary.starts_with("Ask first"), "{summary}");
            prop_assert!(!s.reasons().any(|r| matches!(r.effect, Effect::NotPermitted | Effect::Postponed)));
        }
    }
}

#[test]
fn a_client_nobody_asked_about_fever_is_asked_not_postponed() {
    let text = r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    let intake = Intake::from_json(text).unwrap();
    let protocol = Protocol::seed();
    let s = screen(&protocol, &intake).unwrap();
    assert_eq!(s.outcome, Outcome::NeedsAnswers);
    let screened = massage_rules::Screened::new(&protocol, &intake).unwrap();
    let cards = appointment_book_cards(&screened, &FhirContext::default());
    let card = &cards["cards"][0];
    let summary = card["summary"].as_str().unwrap();
    assert!(summary.starts_with("Ask first: "), "{summary}");
    assert!(!summary.contains("Postpone"), "{summary}");
    assert_eq!(card["indicator"], "warning");
    assert!(s.to_string().contains("Ask first"), "{s}");
    // Known findings that decide a stricter outcome stand, the question beside them.
    let text = r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "yes", "findings": [],
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    let s = screen(&protocol, &Intake::from_json(text).unwrap()).unwrap();
    assert_eq!(s.outcome, Outcome::NeedsApproval);
    assert!(s.unanswered.contains(Question::Fever));
    // A fever answered yes postpones.
    let text = r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
        "history": {"fever": "yes"},
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    let s = screen(&protocol, &Intake::from_json(text).unwrap()).unwrap();
    assert_eq!(s.outcome, Outcome::NotPermitted);
    assert!(s.reasons().any(|r| r.effect == Effect::Postponed));
}

#[test]
fn no_approval_covers_a_fever() {
    assert!(!Contraindication::Fever.is_approvable());
    assert_eq!(
        Contraindication::APPROVABLE | Contraindication::Fever,
        ContraindicationSet::all()
    );
    // A protocol that would let a fever be approved is refused.
    let mut protocol = Protocol::seed();
    let row = protocol
        .screening
        .contraindications
        .iter_mut()
        .find(|r| r.contraindication == Contraindication::Fever)
        .unwrap();
    row.severity = Severity::NeedsApproval;
    let err = protocol.validate().unwrap_err();
    assert!(
        err.problems
            .iter()
            .any(|p| p.path.starts_with("screening.contraindications[")),
        "{err}"
    );
    // And were one used unvalidated, a blanket approval still would not clear a fever.
    let text = r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
        "history": {"fever": "yes"},
        "approvals": [{"covers": ["minor", "older_adult", "pregnancy", "fever"]}],
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    let s = screen(&protocol, &Intake::from_json(text).unwrap()).unwrap();
    assert_eq!(s.outcome, Outcome::NotPermitted);
    assert!(s.not_permitted.contains(Contraindication::Fever));
}

fn response_of(text: &str) -> Value {
    questionnaire_response(&Intake::from_json(text).unwrap())
}

fn items_mut(response: &mut Value) -> &mut Vec<Value> {
    response["item"].as_array_mut().unwrap()
}

#[test]
fn a_linkid_answered_twice_is_a_problem() {
    let mut response = response_of(&format!(r#"{{"pregnant": "yes", {CLEAR}}}"#));
    items_mut(&mut response).push(json!({"linkId": "pregnant",
        "answer": [{"valueCoding": {"code": "no"}}]}));
    let Err(Error::Intake(invalid)) = intake_from_questionnaire_response(&response) else {
        panic!("a second answer item was read")
    };
    assert!(
        invalid
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::DuplicateField),
        "{invalid}"
    );
    // Two answers to a one-answer item.
    let mut response = response_of(&format!(r#"{{"pregnant": "yes", {CLEAR}}}"#));
    let item = items_mut(&mut response)
        .iter_mut()
        .find(|i| i["linkId"] == "pregnant")
        .unwrap();
    item["answer"]
        .as_array_mut()
        .unwrap()
        .push(json!({"valueCoding": {"code": "no"}}));
    assert!(intake_from_questionnaire_response(&response).is_err());
}

#[test]
fn an_unanswered_expiry_is_a_question_not_for_ever() {
    // A minor's approval that lapsed in January, with the date left blank.
    let text = r#"{"assessed_on": "2026-11-27", "age": 12, "pregnant": "no", "findings": [],
        "history": "none", "approvals": [{"covers": ["minor"], "given_on": "2025-06-01",
        "valid_until": "2026-01-31"}],
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    let intake = Intake::from_json(text).unwrap();
    assert_eq!(
        screen(&Protocol::seed(), &intake).unwrap().outcome,
        Outcome::NeedsApproval
    );
    let mut response = questionnaire_response(&intake);
    let approval = items_mut(&mut response)
        .iter_mut()
        .find(|i| i["linkId"] == "approvals")
        .unwrap();
    approval["item"]
        .as_array_mut()
        .unwrap()
        .retain(|i| i["linkId"] != "approvals.valid_until");
    let Err(Error::Intake(invalid)) = intake_from_questionnaire_response(&response) else {
        panic!("a blank expiry was read as no expiry")
    };
    assert!(invalid.has("approvals[0].valid_until", ProblemKind::MissingField));
    // "No expiry" said explicitly reads back as an approval without a last day.
    let open = Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 12, "pregnant": "no", "findings": [],
        "history": "none", "approvals": [{"covers": ["minor"], "given_on": "2025-06-01"}],
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    assert_eq!(open.approvals[0].valid_until, None);
    let response = questionnaire_response(&open);
    assert!(response.to_string().contains("approvals.expires"));
    assert_eq!(intake_from_questionnaire_response(&response).unwrap(), open);
    assert_eq!(open.pregnant, Answer::No);
}

/// Every `Ok` care plan can be written, and reads back the same, whatever held its
/// dates back: a start past the years a course may fall in, every day unavailable.
#[test]
fn a_care_plan_that_cannot_be_dated_is_still_written() {
    let base = r#""age": 40, "pregnant": "no", "findings": [], "history": "none",
        "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}"#;
    let late =
        format!(r#"{{"intake": {{"assessed_on": "2199-12-30", {base}}}, "start": "2200-01-02"}}"#);
    let mut every_day = Vec::new();
    let mut day = jiff::civil::date(2026, 11, 28);
    for _ in 0..3_650 {
        every_day.push(format!("\"{day}\""));
        day = day.tomorrow().unwrap();
    }
    let blocked = format!(
        r#"{{"intake": {{"assessed_on": "2026-11-27", {base}}},
            "availability": {{"weekdays": ["monday"], "unavailable": [{}]}}}}"#,
        every_day[..3_650].join(",")
    );
    for text in [late, blocked] {
        let out = massage_rules::care_plan_json(&Protocol::seed(), &text).unwrap();
        let care: massage_rules::CarePlan = serde_json::from_str(&out).unwrap();
        assert!(
            care.holds(|h| matches!(h, massage_rules::care::Hold::NoSchedule { .. })),
            "{out}"
        );
        assert_eq!(serde_json::to_string(&care).unwrap(), out);
    }
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/messy_input.txt"))]

    /// Every `Ok` value of `care_plan` serializes and round-trips, over generated intakes,
    /// starts (up to the end of the years a course may fall in) and availabilities with
    /// long runs of unavailable days.
    #[test]
    fn every_care_plan_serializes_and_round_trips(
        client in intake(),
        start in proptest::option::of(0i64..40),
        weekdays in massage_rules::strategies::set_of::<massage_rules::vocabulary::Day>(),
        blocked in proptest::option::of((0i64..60, 0usize..800)),
        late in any::<bool>(),
    ) {
        use jiff::ToSpan;
        let mut client = client;
        if late {
            client.assessed_on = jiff::civil::date(2199, 12, 1);
            client.approvals.clear();
        }
        let start_day = start.map(|d| client.assessed_on.checked_add(d.days()).unwrap());
        let unavailable = blocked.map_or(Vec::new(), |(from, n)| {
            let first = client.assessed_on.checked_add(from.days()).unwrap();
            (0..n as i64).filter_map(|i| first.checked_add(i.days()).ok()).collect()
        });
        let request = CareRequest {
            intake: client,
            start: start_day,
            availability: (!weekdays.is_empty()).then_some(massage_rules::scheduling::Availability {
                weekdays,
                unavailable,
            }),
            baseline: None,
            timing: None,
        };
        if let Ok(care) = massage_rules::care_plan(&Protocol::seed(), &request) {
            let text = serde_json::to_string(&care);
            prop_assert!(text.is_ok(), "{:?}", text.err());
            let back: massage_rules::CarePlan = serde_json::from_str(&text.unwrap()).unwrap();
            prop_assert_eq!(back, care);
        }
    }
}

/// A QuestionnaireResponse whose one item nests `innermost` in `levels` groups: built by
/// moving values (`json!` would serialize the inner value again, recursively).
fn nested_response(levels: usize, innermost: Value) -> Value {
    let mut item = innermost;
    for _ in 0..levels {
        let mut group = serde_json::Map::new();
        group.insert("linkId".into(), json!("conditions"));
        group.insert("item".into(), Value::Array(vec![item]));
        item = Value::Object(group);
    }
    let mut response = json!({"resourceType": "QuestionnaireResponse"});
    response["item"] = Value::Array(vec![item]);
    response
}

/// A QuestionnaireResponse nested far deeper than the questionnaire asks for is refused
/// before it is read: no stack or memory in proportion to its depth.
#[test]
fn a_deeply_nested_response_is_refused_before_it_is_read() {
    for levels in [100usize, 10_000, 100_000] {
        let response = nested_response(
            levels,
            json!({"linkId": "conditions.condition", "answer": [{"valueCoding": {"code": "stress"}}]}),
        );
        let err = intake_from_questionnaire_response(&response).unwrap_err();
        let Error::Intake(invalid) = err else {
            panic!("{err}")
        };
        assert!(invalid.has("$", ProblemKind::TooDeep), "{invalid}");
        // serde_json drops a value recursively: leak the test's own deep value instead.
        std::mem::forget(response);
    }
    // A response of the crate's own questionnaire is far from the limit.
    let text = format!(
        r#"{{"pregnant": "no", {CLEAR}, "conditions": [{{"condition": "strain",
        "acuity": "injury", "locations": [{{"part": "forearm", "side": "left"}}]}}]}}"#
    );
    assert!(intake_from_questionnaire_response(&response_of(&text)).is_ok());
}

/// A date is `YYYY-MM-DD`, as the schemas say: a time of day or another form is refused
/// at its path, by the typed reader and the every-problem reader alike.
#[test]
fn a_datetime_is_not_a_date() {
    for bad in [
        "2026-11-27T10:00",
        "20261127",
        "2026-11-27 10:00",
        "2026-11-27T10:00:00Z",
    ] {
        let text = format!(
            r#"{{"assessed_on": "{bad}", "age": 40, "pregnant": "no", "findings": [],
                "history": "none", "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
        );
        assert!(serde_json::from_str::<Intake>(&text).is_err(), "{bad}");
        let Err(Error::Intake(invalid)) = Intake::from_json(&text) else {
            panic!("{bad} was read as a date")
        };
        assert!(
            invalid.has("assessed_on", ProblemKind::InvalidDate),
            "{invalid}"
        );
        let request = format!(r#"{{"pregnant": "no", {CLEAR}}}"#);
        let request = format!(r#"{{"intake": {request}, "start": "{bad}"}}"#);
        let Err(Error::Intake(invalid)) = CareRequest::from_json(&request) else {
            panic!("{bad} was read as a start")
        };
        assert!(invalid.has("start", ProblemKind::InvalidDate), "{invalid}");
    }
}

#[test]
fn an_answer_with_two_values_or_a_text_with_a_key_twice_is_refused() {
    use massage_rules::read::intake_from_questionnaire_response_json;
    let mut response = response_of(&format!(r#"{{"pregnant": "yes", {CLEAR}}}"#));
    let item = items_mut(&mut response)
        .iter_mut()
        .find(|i| i["linkId"] == "pregnant")
        .unwrap();
    item["answer"][0]["valueString"] = json!("no");
    let Err(Error::Intake(invalid)) = intake_from_questionnaire_response(&response) else {
        panic!("two values in one answer were read")
    };
    assert!(
        invalid
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::DuplicateField)
    );
    // As text: the response's own JSON reads; with "item" given twice it does not.
    let good = response_of(&format!(r#"{{"pregnant": "yes", {CLEAR}}}"#)).to_string();
    assert!(intake_from_questionnaire_response_json(&good).is_ok());
    let twice = format!(r#"{}, "item": []}}"#, good.trim_end_matches('}'));
    let Err(Error::Intake(invalid)) = intake_from_questionnaire_response_json(&twice) else {
        panic!("a response with \"item\" twice was read")
    };
    assert!(
        invalid.has("item", ProblemKind::DuplicateField),
        "{invalid}"
    );
}

/// At the depth limit a response is read (here: refused for what it says, not for its
/// depth); one level past, it is refused for its depth.
#[test]
fn the_depth_limit_at_and_past() {
    use massage_rules::Limits;
    let nested = |levels: usize| nested_response(levels, json!({"linkId": "conditions"}));
    // Depth of `nested(k)`, a scalar counting as a level: the root object and its list (2),
    // each group's object and list (2k), the innermost object and its linkId (2).
    let depth_of = |k: usize| 2 * k + 4;
    let at = (Limits::JSON_DEPTH - 4) / 2;
    assert!(depth_of(at) <= Limits::JSON_DEPTH && depth_of(at + 1) > Limits::JSON_DEPTH);
    let too_deep = |r: Result<Intake, Error>| matches!(r, Err(Error::Intake(ref e)) if e.has("$", ProblemKind::TooDeep));
    assert!(!too_deep(intake_from_questionnaire_response(&nested(at))));
    assert!(too_deep(intake_from_questionnaire_response(&nested(
        at + 1
    ))));
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/messy_input.txt"))]

    /// Under any generated protocol variant, a fever postpones the session whatever the
    /// approvals on file say they cover.
    #[test]
    fn no_variant_lets_an_approval_cover_a_fever(
        client in massage_rules::strategies::plannable_intake(),
        variant in massage_rules::strategies::protocol_variant(&Protocol::seed()),
    ) {
        let mut client = client;
        client.history.fever = Answer::Yes;
        client.approvals.push(massage_rules::intake::PhysicianApproval {
            covers: ContraindicationSet::all(),
            given_on: None,
            valid_until: None,
            physician: None,
        });
        for protocol in [Protocol::seed(), Protocol::conservative(), variant] {
            prop_assert!(protocol.validate().is_ok());
            let s = screen(&protocol, &client).unwrap();
            prop_assert_eq!(s.outcome, Outcome::NotPermitted);
            prop_assert!(s.not_permitted.contains(Contraindication::Fever));
            prop_assert!(!s.approval_on_file.contains(Contraindication::Fever));
        }
    }
}
