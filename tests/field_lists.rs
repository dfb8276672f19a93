//! One field list per input: every field the typed (serde) form writes is read by the
//! every-problem reader. The reader takes the keys it knows from the serde types
//! themselves (`read::fields::of`), so a new field is never reported as unknown; this test
//! proves, by comparison, that each one's value is also read and checked: a wrong value at
//! any path is reported at that path.

use massage_rules::problem::ProblemKind;
use massage_rules::{CareRequest, Error};
use serde_json::{Value, json};

/// A care request with every field of every input type present.
fn full_request() -> Value {
    let text = r#"{
        "intake": {
            "assessed_on": "2026-11-27", "age": 40, "pregnant": "no",
            "approvals": [{"covers": ["older_adult"], "given_on": "2026-01-01",
                           "valid_until": "2027-01-01", "physician": "Dr. A"}],
            "findings": [{"contraindication": "open_wound",
                          "location": {"part": "forearm", "side": "left"}}],
            "conditions": [{"condition": "strain", "acuity": "injury",
                            "locations": [{"part": "lower_leg", "side": "right"}],
                            "onset": "2026-11-01"}],
            "goals": ["relaxation"], "pain_tolerance": "moderate",
            "history": {"anticoagulants": "no", "corticosteroids": "no", "osteoporosis": "no",
                        "reduced_sensation": "yes", "reduced_sensation_at": ["left_foot"],
                        "varicose_veins": "yes", "varicose_veins_at": ["right_lower_leg"],
                        "fever": "no"},
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes",
                             "certified_techniques": ["swedish"]}
        },
        "start": "2026-11-30",
        "availability": {"weekdays": ["monday"], "unavailable": ["2026-12-24"]},
        "baseline": {"measure": "pain", "value": 6},
        "timing": {"time_zone": "Europe/Berlin",
                   "hours": {"monday": [{"start": "09:00", "end": "17:00"}]},
                   "closed": ["2026-12-24", {"from": "2026-12-28", "to": "2026-12-31"}],
                   "preferred": {"monday": [{"start": "10:00", "end": "12:00"}]},
                   "session_minutes": 60}
    }"#;
    // Read through the typed form and written back: the fields serde knows, all present.
    let typed: CareRequest = serde_json::from_str(text).unwrap();
    serde_json::to_value(&typed).unwrap()
}

/// Every (path, key) of every object in `value`, paths as the reader writes them.
fn fields(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                out.push(here.clone());
                fields(item, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                fields(item, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The value at a reader path such as `intake.conditions[0].locations[0].side`.
fn at_mut<'v>(value: &'v mut Value, path: &str) -> &'v mut Value {
    let mut v = value;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((k, i)) => (k, Some(i.trim_end_matches(']').parse::<usize>().unwrap())),
            None => (part, None),
        };
        v = &mut v[key];
        if let Some(i) = index {
            v = &mut v[i];
        }
    }
    v
}

#[test]
fn every_field_serde_writes_is_read_by_the_every_problem_reader() {
    let full = full_request();
    // The full request is valid as it is.
    CareRequest::from_json(&full.to_string()).unwrap();
    let mut all = Vec::new();
    fields(&full, "", &mut all);
    assert!(all.len() > 30, "only {} fields", all.len());
    for path in &all {
        let mut broken = full.clone();
        *at_mut(&mut broken, path) = json!({"wrong": [1]});
        let Err(Error::Intake(invalid)) = CareRequest::from_json(&broken.to_string()) else {
            panic!("a wrong value at {path} was not reported");
        };
        let read = invalid.problems.iter().any(|p| {
            let under = p.path == *path
                || p.path.starts_with(&format!("{path}."))
                || p.path.starts_with(&format!("{path}["));
            // A value serde reads whole (a score) is reported at its own path.
            let whole = path.starts_with(&format!("{}.", p.path))
                && matches!(p.kind, ProblemKind::WrongType | ProblemKind::OutOfRange);
            (under && !(p.path == *path && p.kind == ProblemKind::UnknownField)) || whole
        });
        let unknown = invalid
            .problems
            .iter()
            .any(|p| p.path == *path && p.kind == ProblemKind::UnknownField);
        assert!(
            read && !unknown,
            "{path} is not read by the every-problem reader: {invalid}"
        );
    }
}
