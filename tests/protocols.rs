//! The committed protocol files and the built-ins stay in step, and loading validates.
//!
//! After a deliberate change to a built-in, run with `MASSAGE_RULES_BLESS=1` to rewrite the
//! files, and review the diff.

use std::path::Path;

use massage_rules::protocol::*;
use massage_rules::vocabulary::*;
use massage_rules::*;

fn check_file(name: &str, builtin: Protocol) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("protocols")
        .join(name);
    let pretty = builtin.to_json_pretty() + "\n";
    if std::env::var_os("MASSAGE_RULES_BLESS").is_some() {
        std::fs::write(&path, &pretty).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let loaded = Protocol::from_json(&text).unwrap();
    assert_eq!(
        loaded, builtin,
        "{name} and the built-in drifted apart; rerun with MASSAGE_RULES_BLESS=1 if intended"
    );
    assert_eq!(text, pretty, "{name} is not in its canonical form");
}

#[test]
fn seed_file_matches_builtin() {
    check_file("seed.json", Protocol::seed());
}

/// `conservative` is stated once, as a patch of the seed in the language of the research
/// variants; the committed protocol is what that patch makes (bless rewrites it from the
/// patch, never from the Rust side).
#[cfg(feature = "research")]
#[test]
fn conservative_is_the_seed_patched_by_its_variant_file() {
    let file = massage_rules::research::VariantFile::builtin("conservative").unwrap();
    let patched = file.apply(&Protocol::seed()).unwrap();
    check_file("conservative.json", patched.clone());
    assert_eq!(patched, Protocol::conservative());
    let diff = Protocol::seed().diff(&patched);
    assert_eq!(diff.changes.len(), 4, "{diff}");
}

#[test]
fn builtins_are_valid_and_distinct() {
    Protocol::seed().validate().unwrap();
    Protocol::conservative().validate().unwrap();
    assert_eq!(Protocol::default(), Protocol::seed());
    assert_ne!(Protocol::seed().stamp(), Protocol::conservative().stamp());
    assert_eq!(
        Protocol::conservative().based_on,
        Some(Protocol::seed().stamp())
    );
}

#[test]
fn conservative_escalates_exactly_blood_clot_and_cancer() {
    let seed = Protocol::seed();
    let conservative = Protocol::conservative();
    let changed: Vec<Contraindication> = Contraindication::ALL
        .iter()
        .copied()
        .filter(|&c| seed.screening.severity(c) != conservative.screening.severity(c))
        .collect();
    assert_eq!(
        changed,
        [Contraindication::Cancer, Contraindication::BloodClot]
    );
    for c in changed {
        assert_eq!(seed.screening.severity(c), Severity::Local);
        assert_eq!(conservative.screening.severity(c), Severity::NeedsApproval);
    }
}

#[test]
fn an_inconsistent_protocol_is_rejected_with_every_problem() {
    let mut p = Protocol::seed();
    p.version = 0;
    p.screening.minor_under = 70;
    p.screening
        .contraindications
        .retain(|r| r.contraindication != Contraindication::BloodClot);
    p.screening.contraindications[0].severity = Severity::Local;
    let json = serde_json::to_string(&p).unwrap();
    let Err(Error::Protocol(err)) = Protocol::from_json(&json) else {
        panic!("an inconsistent protocol was accepted");
    };
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"version"), "{paths:?}");
    assert!(paths.contains(&"screening.minor_under"), "{paths:?}");
    assert!(paths.contains(&"screening.contraindications"), "{paths:?}");
    assert!(
        paths.contains(&"screening.contraindications[0].severity"),
        "{paths:?}"
    );
}

#[test]
fn malformed_protocol_json_is_a_json_error() {
    for bad in ["", "{", "[]", r#"{"id": "Seed!", "version": 1}"#] {
        assert!(
            matches!(Protocol::from_json(bad), Err(Error::Json(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn protocol_ids_are_checked() {
    assert!(ProtocolId::new("seed").is_ok());
    assert!(ProtocolId::new("sherman-2014.neck_60").is_ok());
    for bad in ["", "Seed", "has space", "x".repeat(33).as_str()] {
        assert!(ProtocolId::new(bad).is_err(), "{bad:?}");
    }
}
