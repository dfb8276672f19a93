//! Issue 13: FHIR R4 in and out, and CDS Hooks cards. Resources are checked by an
//! independent implementation (the `fhir.resources` Python package) when it is there; CI
//! sets `MASSAGE_RULES_REQUIRE_PYTHON=1`, which turns its absence into a failure.

use massage_rules::read::intake_from_questionnaire_response;
use std::path::Path;

use massage_rules::export::cds_hooks::{appointment_book_cards, discovery};
use massage_rules::export::fhir::*;
use massage_rules::problem::ProblemKind;
use massage_rules::strategies::intake;
use massage_rules::vocabulary::*;
use massage_rules::*;
use proptest::prelude::*;
use serde_json::{Value, json};

mod common;

fn sample(name: &str) -> Intake {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name);
    Intake::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn samples() -> Vec<Intake> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names.iter().map(|n| sample(n)).collect()
}

#[test]
fn the_committed_questionnaire_is_the_crates() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols/fhir/intake-questionnaire.json");
    let json = serde_json::to_string_pretty(&questionnaire()).unwrap() + "\n";
    if std::env::var_os("MASSAGE_RULES_BLESS").is_some() {
        std::fs::write(&path, &json).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == json,
        "{} is stale; rerun with MASSAGE_RULES_BLESS=1",
        path.display()
    );
}

/// Every linkId names a field of the intake, and every vocabulary answer is an option.
#[test]
fn the_questionnaire_asks_what_an_intake_needs() {
    let q = questionnaire();
    let mut ids = Vec::new();
    fn walk(items: &Value, ids: &mut Vec<String>) {
        for item in items.as_array().unwrap() {
            ids.push(item["linkId"].as_str().unwrap().to_owned());
            if let Some(children) = item.get("item") {
                walk(children, ids);
            }
        }
    }
    walk(&q["item"], &mut ids);
    for field in [
        "assessed_on",
        "age",
        "pregnant",
        "findings",
        "conditions",
        "goals",
        "pain_tolerance",
        "history",
        "approvals",
        "practitioner",
        "conditions.onset",
        "history.anticoagulants",
        "history.fever",
        "history.reduced_sensation_at",
        "practitioner.certified_techniques",
    ] {
        assert!(ids.iter().any(|i| i == field), "no item {field}");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "a linkId is used twice");
    let goals = q["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == "goals")
        .unwrap();
    assert_eq!(
        goals["answerOption"].as_array().unwrap().len(),
        Goal::ALL.len()
    );
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/fhir.txt"))]

    /// QuestionnaireResponse -> Intake is the intake itself, so screening decides the same.
    #[test]
    fn a_questionnaire_response_reads_back_to_the_same_intake_and_decision(intake in intake()) {
        let response = questionnaire_response(&intake);
        let back = intake_from_questionnaire_response(&response).unwrap();
        prop_assert_eq!(&back, &intake);
        for protocol in [Protocol::seed(), Protocol::conservative()] {
            prop_assert_eq!(screen(&protocol, &back).unwrap(), screen(&protocol, &intake).unwrap());
        }
    }

    /// Cards: the indicator follows the outcome, the summary is short, uuids are uuids.
    #[test]
    fn cards_follow_the_outcome(intake in intake()) {
        let protocol = Protocol::seed();
        let s = screen(&protocol, &intake).unwrap();
        let screened = Screened::new(&protocol, &intake).unwrap();
        let response = appointment_book_cards(&screened, &FhirContext::default());
        let card = &response["cards"][0];
        let expected = match s.outcome {
            Outcome::NotPermitted => "critical",
            Outcome::NeedsApproval | Outcome::NeedsAnswers => "warning",
            _ => "info",
        };
        prop_assert_eq!(card["indicator"].as_str().unwrap(), expected);
        prop_assert!(card["summary"].as_str().unwrap().chars().count() < 140);
        let uuid = card["uuid"].as_str().unwrap();
        prop_assert_eq!(uuid.len(), 36);
        // RFC 9562 version 5 (name-based), so the same content gives the same uuid.
        prop_assert_eq!(&uuid[14..15], "5");
        let again = appointment_book_cards(&screened, &FhirContext::default());
        prop_assert_eq!(&again["cards"][0]["uuid"], &card["uuid"]);
        prop_assert_eq!(card["source"]["label"].as_str().unwrap().contains(&s.protocol.to_string()), true);
        for reason in s.reasons() {
            prop_assert!(card["detail"].as_str().unwrap().contains(&reason.to_string()));
        }
        // One suggestion per approval to ask for, and one to complete the intake when a
        // question is unanswered or contradicted.
        let suggestions = card["suggestions"].as_array().map_or(0, Vec::len);
        let ask = usize::from(!s.unanswered.is_empty() || !s.contradicted.is_empty());
        prop_assert_eq!(suggestions, s.approval_needed.len() + ask);
        if suggestions > 0 {
            prop_assert!(card.get("selectionBehavior").is_some());
        }
    }

    /// One DetectedIssue per contraindication that has a reason, its severity from the
    /// strictest effect.
    #[test]
    fn detected_issues_follow_the_screening(intake in intake()) {
        let protocol = Protocol::conservative();
        let s = screen(&protocol, &intake).unwrap();
        let issues = detected_issues(&Screened::new(&protocol, &intake).unwrap(), &FhirContext::default());
        for c in s.not_permitted {
            let issue = issues.iter().find(|i| i["code"]["coding"][0]["code"] == c.name()).unwrap();
            prop_assert_eq!(issue["severity"].as_str().unwrap(), "high");
        }
        for c in s.approval_needed - s.not_permitted {
            let issue = issues.iter().find(|i| i["code"]["coding"][0]["code"] == c.name()).unwrap();
            prop_assert_eq!(issue["severity"].as_str().unwrap(), "moderate");
        }
        for c in s.approval_on_file {
            let issue = issues.iter().find(|i| i["code"]["coding"][0]["code"] == c.name()).unwrap();
            prop_assert!(issue.get("mitigation").is_some());
        }
        for issue in &issues {
            prop_assert!(["high", "moderate", "low"].contains(&issue["severity"].as_str().unwrap()));
            prop_assert_eq!(issue["status"].as_str().unwrap(), "final");
            prop_assert_eq!(issue["identifier"][0]["value"].as_str().unwrap(), s.protocol.to_string());
        }
    }
}

#[test]
fn every_problem_of_a_response_is_reported_with_its_link_id() {
    let mut response = questionnaire_response(&sample("local_finding.json"));
    let items = response["item"].as_array_mut().unwrap();
    items.retain(|i| i["linkId"] != "findings_examined" && i["linkId"] != "findings");
    items.push(json!({"linkId": "shoe_size", "answer": [{"valueInteger": 44}]}));
    items.push(json!({"linkId": "goals", "answer": [{"valueCoding": {"code": "zen"}}]}));
    items.push(json!({"linkId": "history", "item": [
        {"linkId": "history.reduced_sensation_at", "item": [
            {"linkId": "history.reduced_sensation_at.part", "answer": [{"valueCoding": {"code": "foot"}}]}]}]}));
    items.push(json!({"linkId": "age", "answer": [{"valueString": "forty"}]}));
    let Err(Error::Intake(err)) = intake_from_questionnaire_response(&response) else {
        panic!("a broken response was read");
    };
    assert!(err.has("shoe_size", ProblemKind::UnknownField), "{err}");
    assert!(err.has("goals[0]", ProblemKind::UnknownName), "{err}");
    assert!(
        err.has(
            "history.reduced_sensation_at[0].side",
            ProblemKind::MissingSide
        ),
        "{err}"
    );
    assert!(err.has("age", ProblemKind::WrongType), "{err}");
    assert!(
        err.has("findings_examined", ProblemKind::MissingField)
            || err.has("findings", ProblemKind::MissingField),
        "{err}"
    );
}

#[test]
fn an_unanswered_question_is_unknown_never_no() {
    let response = json!({"resourceType": "QuestionnaireResponse", "status": "completed",
    "questionnaire": QUESTIONNAIRE_URL,
    "item": [
        {"linkId": "assessed_on", "answer": [{"valueDate": "2026-11-27"}]},
        {"linkId": "findings_examined", "answer": [{"valueCoding": {"code": "yes"}}]},
        {"linkId": "practitioner", "item": []}
    ]});
    let intake = intake_from_questionnaire_response(&response).unwrap();
    assert_eq!(intake.pregnant, Answer::Unknown);
    assert_eq!(intake.history.fever, Answer::Unknown);
    assert_eq!(intake.practitioner.licensed, Answer::Unknown);
    let s = screen(&Protocol::seed(), &intake).unwrap();
    // Questions to ask first, not a fever or an unlicensed practitioner.
    assert_eq!(s.outcome, Outcome::NeedsAnswers);
    assert!(s.unanswered.contains(Question::Fever) && s.unanswered.contains(Question::Licence));
    assert!(s.not_permitted.is_empty() && s.practitioner_failed.is_empty());
}

/// The resources of every sample client, and of a few hard cases, checked by fhir.resources.
#[test]
fn every_resource_validates_with_an_independent_implementation() {
    let dir = std::env::temp_dir().join(format!("massage-rules-fhir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let context = FhirContext {
        patient: Some("Patient/example".into()),
    };
    let write = |name: &str, value: &Value| {
        std::fs::write(dir.join(name), serde_json::to_string_pretty(value).unwrap()).unwrap();
    };
    write("questionnaire.json", &questionnaire());
    for (i, intake) in samples().into_iter().enumerate() {
        write(
            &format!("response-{i}.json"),
            &questionnaire_response(&intake),
        );
        for protocol in [Protocol::seed(), Protocol::conservative()] {
            write(
                &format!("issues-{i}-{}.json", protocol.id),
                &Value::from(detected_issues(
                    &Screened::new(&protocol, &intake).unwrap(),
                    &context,
                )),
            );
            let request = CareRequest {
                intake: intake.clone(),
                start: None,
                availability: None,
                baseline: None,
                timing: None,
            };
            let care = care_plan(&protocol, &request).unwrap();
            write(
                &format!("careplan-{i}-{}.json", protocol.id),
                &care_plan_resource(&care, &context),
            );
            let cards =
                appointment_book_cards(&Screened::new(&protocol, &intake).unwrap(), &context);
            let tasks: Vec<Value> = cards["cards"][0]["suggestions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|sug| sug["actions"][0]["resource"].clone())
                .collect();
            write(
                &format!("tasks-{i}-{}.json", protocol.id),
                &Value::from(tasks),
            );
        }
    }
    // Timed courses in three zones: the care plan with times of day, and every session's
    // Slot and Appointment.
    let mut timed = 0;
    for (i, zone) in ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]
        .into_iter()
        .enumerate()
    {
        let request = CareRequest::from_json(&format!(
            r#"{{"intake": {{"assessed_on": "2027-03-01", "age": 45, "pregnant": "no",
                "findings": [], "history": "none", "pain_tolerance": "moderate",
                "conditions": [{{"condition": "back_pain", "acuity": "chronic"}}],
                "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}},
                "timing": {{"time_zone": "{zone}",
                           "hours": {{"monday": [{{"start": "09:00", "end": "17:00"}}],
                                     "thursday": [{{"start": "12:30", "end": "19:00"}}]}}}}}}"#
        ))
        .unwrap();
        let care = care_plan(&Protocol::seed(), &request).unwrap();
        let resources = appointment_resources(&care, &context);
        assert!(resources.len() >= 2 * 8, "{zone}");
        timed += resources.len() + 1;
        write(
            &format!("timed-careplan-{i}.json"),
            &care_plan_resource(&care, &context),
        );
        write(&format!("appointments-{i}.json"), &Value::from(resources));
    }
    let printed = common::python_validator("fhir/validate.py", &[&dir], "FHIR resources");
    std::fs::remove_dir_all(&dir).ok();
    if let Some(text) = printed {
        assert!(text.contains("valid, 0 invalid"), "{text}");
        // Every file written was read: the questionnaire, and per sample a response and
        // per protocol its issues, care plan and tasks.
        let count: usize = text.split_whitespace().next().unwrap().parse().unwrap();
        assert!(count > 9 * 3 + timed, "{text}");
    }
}

#[test]
fn the_discovery_document_names_the_hook_and_the_service() {
    let d = discovery();
    let service = &d["services"][0];
    assert_eq!(service["hook"], "appointment-book");
    assert_eq!(service["id"], massage_rules::export::cds_hooks::SERVICE_ID);
    assert!(service["description"].as_str().unwrap().len() > 20);
}

#[test]
fn a_care_plans_status_timing_and_notes_follow_the_plan() {
    let protocol = Protocol::seed();
    let client = |approval: &str| {
        Intake::from_json(&format!(
            r#"{{"assessed_on": "2026-11-27", "age": 12, "pregnant": "no", "findings": [],
                "conditions": [{{"condition": "back_pain", "acuity": "chronic", "locations": ["lower_back"]}}],
                "history": "none", {approval}
                "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
        ))
        .unwrap()
    };
    // An approval that lapses after two weeks: sessions booked until then, the rest held
    // back and said so in a note.
    let lapsing = client(r#""approvals": [{"covers": ["minor"], "valid_until": "2026-12-11"}],"#);
    let care = care_plan(&protocol, &common::request(&lapsing)).unwrap();
    assert!(!care.held_back.is_empty());
    let resource = care_plan_resource(&care, &FhirContext::default());
    assert_eq!(resource["status"], "active");
    for activity in resource["activity"].as_array().unwrap() {
        let timing = &activity["detail"]["scheduledTiming"];
        let events = timing["event"].as_array().unwrap();
        assert_eq!(
            events.len() as u64,
            timing["repeat"]["count"].as_u64().unwrap()
        );
        assert!(events.iter().all(|d| d.as_str().unwrap() <= "2026-12-11"));
    }
    for held in &care.held_back {
        assert!(
            resource["note"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["text"] == held.to_string())
        );
    }
    // Without the approval: nothing may be booked, a draft.
    let unapproved = client("");
    let care = care_plan(&protocol, &common::request(&unapproved)).unwrap();
    let resource = care_plan_resource(&care, &FhirContext::default());
    assert_eq!(resource["status"], "draft");
    assert!(resource.get("activity").is_none());
    // Cleared, but starting too long after the assessment: on hold.
    let approved = client(r#""approvals": [{"covers": ["minor"]}],"#);
    let mut late = common::request(&approved);
    late.start = Some(jiff::civil::date(2027, 3, 1));
    let care = care_plan(&protocol, &late).unwrap();
    let resource = care_plan_resource(&care, &FhirContext::default());
    assert_eq!(resource["status"], "on-hold");
}

/// A cleared adult's intake and its QuestionnaireResponse.
fn adult_with_response() -> (Intake, Value) {
    let intake = Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let response = questionnaire_response(&intake);
    (intake, response)
}

#[test]
fn a_response_to_another_questionnaire_version_is_refused_with_the_reason() {
    let (intake, mut response) = adult_with_response();
    // This version, or none: read.
    response["questionnaire"] = json!(format!("{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}"));
    assert_eq!(
        intake_from_questionnaire_response(&response).unwrap(),
        intake
    );
    response["questionnaire"] = json!(QUESTIONNAIRE_URL);
    assert_eq!(
        intake_from_questionnaire_response(&response).unwrap(),
        intake
    );
    // Another version: refused, saying which.
    response["questionnaire"] = json!(format!("{QUESTIONNAIRE_URL}|3"));
    let Err(Error::Intake(invalid)) = intake_from_questionnaire_response(&response) else {
        panic!("a response to version 3 was read");
    };
    let problem = invalid
        .problems
        .iter()
        .find(|p| p.path == "questionnaire")
        .unwrap();
    assert!(
        problem.detail.as_deref().unwrap().contains("version 3"),
        "{problem:?}"
    );
}

#[test]
fn a_response_entered_in_error_is_not_read() {
    let (_, mut response) = adult_with_response();
    for status in ["completed", "amended", "in-progress"] {
        response["status"] = json!(status);
        assert!(
            intake_from_questionnaire_response(&response).is_ok(),
            "{status}"
        );
    }
    // Withdrawn: a cleared-looking intake is not screened at all.
    response["status"] = json!("entered-in-error");
    let Err(Error::Intake(invalid)) = intake_from_questionnaire_response(&response) else {
        panic!("a withdrawn response was read");
    };
    assert!(invalid.problems.iter().any(|p| p.path == "status"));
}

/// Every (system, code) of a document that names one of the crate's code systems.
fn codings(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(system)), Some(Value::String(code))) =
                (map.get("system"), map.get("code"))
                && system.starts_with(CODE_SYSTEM_BASE)
            {
                out.push((system.clone(), code.clone()));
            }
            for v in map.values() {
                codings(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| codings(v, out)),
        _ => {}
    }
}

/// Every code the crate writes is in its CodeSystem; every CodeSystem and ValueSet
/// validates with an independent implementation.
#[test]
fn every_code_written_is_in_a_shipped_code_system() {
    let terminology = terminology();
    let known: std::collections::BTreeSet<(String, String)> = terminology
        .iter()
        .filter(|r| r["resourceType"] == "CodeSystem")
        .flat_map(|cs| {
            let url = cs["url"].as_str().unwrap().to_owned();
            cs["concept"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |c| (url.clone(), c["code"].as_str().unwrap().to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut written = Vec::new();
    codings(&questionnaire(), &mut written);
    let context = FhirContext {
        patient: Some("Patient/1".into()),
    };
    for intake in samples() {
        codings(&questionnaire_response(&intake), &mut written);
        for protocol in [Protocol::seed(), Protocol::conservative()] {
            let screened = Screened::new(&protocol, &intake).unwrap();
            codings(
                &Value::from(detected_issues(&screened, &context)),
                &mut written,
            );
            codings(&appointment_book_cards(&screened, &context), &mut written);
            let request = CareRequest {
                intake: intake.clone(),
                start: None,
                availability: None,
                baseline: None,
                timing: Some(serde_json::from_str(
                    r#"{"time_zone": "Europe/Berlin", "hours": {"monday": [{"start": "09:00", "end": "18:00"}],
                        "thursday": [{"start": "09:00", "end": "18:00"}]}}"#).unwrap()),
            };
            let care = care_plan(&protocol, &request).unwrap();
            codings(&care_plan_resource(&care, &context), &mut written);
            codings(
                &Value::from(appointment_resources(&care, &context)),
                &mut written,
            );
        }
    }
    assert!(written.len() > 100, "{}", written.len());
    for (system, code) in &written {
        assert!(
            known.contains(&(system.clone(), code.clone())),
            "{system}#{code} is in no CodeSystem"
        );
    }
    let dir =
        std::env::temp_dir().join(format!("massage-rules-terminology-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("terminology.json"),
        Value::from(terminology).to_string(),
    )
    .unwrap();
    let printed =
        common::python_validator("fhir/validate.py", &[&dir], "CodeSystems and ValueSets");
    std::fs::remove_dir_all(&dir).ok();
    if let Some(text) = printed {
        assert!(text.contains("valid, 0 invalid"), "{text}");
    }
}
