//! Issue 13: the JSON Schemas under `schemas/` are the crate's own (a test fails when one
//! is stale), and an independent validator (the `jsonschema` Python package) accepts the
//! crate's documents and refuses broken ones. CI sets `MASSAGE_RULES_REQUIRE_PYTHON=1`.

use std::path::Path;

use massage_rules::research::generated_cohort;
use massage_rules::*;
use serde_json::{Value, json};

mod common;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_committed_schemas_are_the_crates() {
    let mut stale = Vec::new();
    for (name, schema) in massage_rules::schema::schemas() {
        let path = root().join("schemas").join(format!("{name}.json"));
        let json = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if std::env::var_os("MASSAGE_RULES_BLESS").is_some() {
            std::fs::write(&path, &json).unwrap();
        }
        if std::fs::read_to_string(&path).unwrap_or_default() != json {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale schemas {stale:?}; rerun with MASSAGE_RULES_BLESS=1"
    );
}

/// Documents of every kind, valid and (under `invalid/`) broken, checked by `jsonschema`.
#[test]
fn an_independent_validator_accepts_the_crates_documents() {
    let dir = std::env::temp_dir().join(format!("massage-rules-schemas-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |kind: &str, name: String, value: &Value| {
        let d = dir.join(kind);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join(format!("{name}.json")),
            serde_json::to_string(value).unwrap(),
        )
        .unwrap();
    };
    let protocols = [Protocol::seed(), Protocol::conservative()];
    for p in &protocols {
        write(
            "protocol",
            p.id.to_string(),
            &serde_json::to_value(p).unwrap(),
        );
    }
    let mut intakes: Vec<Intake> = Vec::new();
    for entry in std::fs::read_dir(root().join("examples/data")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        intakes.push(Intake::from_json(&text).unwrap());
        // The sample as written (short forms: region names, "none"), not only as re-written.
        write(
            "intake",
            format!("sample-{}", intakes.len()),
            &serde_json::from_str(&text).unwrap(),
        );
    }
    intakes.extend(generated_cohort(7, 300));
    for (i, intake) in intakes.iter().enumerate() {
        write(
            "intake",
            i.to_string(),
            &serde_json::to_value(intake).unwrap(),
        );
        let request = CareRequest {
            intake: intake.clone(),
            start: None,
            availability: None,
            baseline: None,
            timing: None,
        };
        write(
            "care-request",
            i.to_string(),
            &serde_json::to_value(&request).unwrap(),
        );
        for p in &protocols {
            match screen(p, intake) {
                Ok(s) => write(
                    "screening",
                    format!("{i}-{}", p.id),
                    &serde_json::to_value(s).unwrap(),
                ),
                Err(e) => write(
                    "error-document",
                    format!("{i}-{}", p.id),
                    &serde_json::to_value(Error::from(e).document()).unwrap(),
                ),
            }
            if let Ok(care) = care_plan(p, &request) {
                write(
                    "care-plan",
                    format!("{i}-{}", p.id),
                    &serde_json::to_value(&care).unwrap(),
                );
            }
        }
    }
    write(
        "coding-request",
        "referral".into(),
        &json!({"request": serde_json::to_value(common::request(&intakes[0])).unwrap(),
        "diagnoses": ["M54.50", "M54.5"], "unit_rule": "midpoint"}),
    );
    write(
        "invalid/coding-request",
        "bad-rule".into(),
        &json!({"request": serde_json::to_value(common::request(&intakes[0])).unwrap(), "unit_rule": "hourly"}),
    );
    let broken = massage_rules::Intake::from_json(r#"{"assessed_on": "2026-13-01"}"#).unwrap_err();
    write(
        "error-document",
        "broken".into(),
        &serde_json::to_value(broken.document()).unwrap(),
    );
    // Broken documents the schemas must refuse.
    write(
        "invalid/intake",
        "unknown-field".into(),
        &json!({"assessed_on": "2026-11-27", "findings": [], "practitioner": {}, "shoe_size": 44}),
    );
    write(
        "invalid/intake",
        "no-findings".into(),
        &json!({"assessed_on": "2026-11-27", "practitioner": {}}),
    );
    write(
        "invalid/intake",
        "unknown-goal".into(),
        &json!({"assessed_on": "2026-11-27", "findings": [], "goals": ["zen"], "practitioner": {}}),
    );
    write(
        "invalid/protocol",
        "no-screening".into(),
        &json!({"id": "x", "version": 1, "title": "x"}),
    );
    let printed = common::python_validator(
        "schemas/validate.py",
        &[&root().join("schemas"), &dir],
        "JSON Schemas",
    );
    std::fs::remove_dir_all(&dir).ok();
    if let Some(text) = printed {
        assert!(text.contains("; 0 mismatches"), "{text}");
        for kind in [
            "intake",
            "care-request",
            "screening",
            "care-plan",
            "protocol",
            "error-document",
        ] {
            assert!(
                text.contains(&format!("'{kind}': ")),
                "no {kind} checked: {text}"
            );
        }
    }
}
