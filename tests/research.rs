//! The research workflow: variants, diffs, cohorts and differential comparison, and the
//! worked example of a downstream researcher's property test.

use std::path::Path;

use massage_rules::care::*;
use massage_rules::intake::*;
use massage_rules::protocol::*;
use massage_rules::research::*;
use massage_rules::screening::*;
use massage_rules::strategies::{intake, protocol_variant};
use massage_rules::vocabulary::*;
use massage_rules::*;
use proptest::prelude::*;

mod common;

fn sherman() -> Protocol {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols/variants/sherman-2014-neck-60.json");
    VariantFile::load_builtin_based(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_sherman_variant_changes_only_the_chronic_course() {
    let seed = Protocol::seed();
    let variant = sherman();
    assert_eq!(variant.id.as_str(), "sherman-2014-neck-60");
    assert_eq!(variant.based_on, Some(seed.stamp()));
    assert!(variant.notes[0].contains("Ann Fam Med. 2014"));
    let diff = seed.diff(&variant);
    let paths: Vec<&str> = diff.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["scheduling.courses[chronic].phases"], "{diff}");
    let chronic = variant.scheduling.course(CourseKind::Chronic).unwrap();
    assert_eq!(chronic.phases.len(), 1);
    assert_eq!(
        (
            chronic.phases[0].sessions,
            chronic.phases[0].per,
            chronic.phases[0].periods
        ),
        (3, Period::Week, 4)
    );
    assert_eq!(variant.selection.session.chronic_minutes, 60);

    // What it changes for a client with chronic neck pain: 12 sessions in four weeks.
    let intake: Intake = serde_json::from_str(
        r#"{"assessed_on": "2026-11-27", "age": 45, "pregnant": "no", "findings": [],
            "conditions": [{"condition": "neck_pain", "acuity": "chronic", "locations": [{"part": "neck"}]}],
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let request = CareRequest {
        intake,
        start: None,
        availability: None,
        baseline: None,
    };
    let care = care_plan(&variant, &request).unwrap();
    let schedule = care.schedule.unwrap();
    assert_eq!(schedule.session_minutes, Some(60));
    let dates: Vec<_> = schedule.dates().collect();
    assert_eq!(dates.len(), 12);
    assert!((dates[11] - dates[0]).get_days() < 28);
    let seed_care = care_plan(&seed, &request).unwrap();
    assert_eq!(seed_care.schedule.unwrap().dates().count(), 8 + 4 + 3);
}

#[test]
fn a_variant_against_another_base_version_is_refused() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols/variants/sherman-2014-neck-60.json");
    let file = VariantFile::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut newer = Protocol::seed();
    newer.version = 3;
    let err = file.apply(&newer).unwrap_err();
    assert!(err.to_string().contains("written against seed@2"), "{err}");
}

#[test]
fn a_variant_that_breaks_the_protocol_is_refused() {
    let text = r#"{"id": "bad", "version": 1, "title": "bad", "base": {"id": "seed", "version": 2},
                   "merge": {"screening": {"minor_under": 99}}}"#;
    assert!(matches!(
        VariantFile::load_builtin_based(text),
        Err(Error::Protocol(_))
    ));
    let text = r#"{"id": "bad", "version": 1, "title": "bad", "base": {"id": "seed", "version": 2},
                   "patch": [{"op": "test", "path": "/scheduling/courses/0/kind", "value": "chronic"}]}"#;
    assert!(VariantFile::load_builtin_based(text).is_err());
    let text =
        r#"{"id": "Bad Id", "version": 1, "title": "bad", "base": {"id": "seed", "version": 2}}"#;
    assert!(VariantFile::load_builtin_based(text).is_err());
}

#[test]
fn a_protocol_compared_with_itself_differs_nowhere() {
    let cohort = generated_cohort(1, 2_000);
    let report = compare(
        &Protocol::seed(),
        &Protocol::seed(),
        &cohort,
        CompareOptions::default(),
        |_, _| {},
    );
    assert_eq!(report.differing, 0);
    assert!(report.groups.is_empty());
    assert!(Protocol::seed().diff(&Protocol::seed()).changes.is_empty());
}

#[test]
fn seed_and_conservative_differ_exactly_where_a_clot_or_cancer_is_found() {
    let cohort = generated_cohort(2026, 5_000);
    let report = compare(
        &Protocol::seed(),
        &Protocol::conservative(),
        &cohort,
        CompareOptions::default(),
        |_, _| {},
    );
    let expected = cohort
        .iter()
        .filter(|i| {
            i.findings.iter().any(|f| {
                matches!(
                    f.contraindication,
                    Contraindication::BloodClot | Contraindication::Cancer
                )
            })
        })
        .count();
    assert_eq!(report.differing, expected);
    assert!(report.differing > 0);
    for group in &report.groups {
        assert_eq!(group.key.stage, Stage::Screening);
        assert_eq!(group.key.rule, RuleId::Local);
        assert!(
            ["blood_clot", "cancer"].contains(&group.key.subject.as_str()),
            "{group:?}"
        );
        assert!(!group.examples.is_empty() && group.examples.len() <= 3);
        for pair in group.examples.windows(2) {
            assert!(pair[0].size <= pair[1].size);
        }
    }
    let counted: usize = report.groups.iter().map(|g| g.count).sum();
    assert!(counted >= report.differing);
}

#[test]
fn the_sherman_variant_differs_only_in_chronic_courses() {
    let cohort = generated_cohort(3, 3_000);
    let report = compare(
        &Protocol::seed(),
        &sherman(),
        &cohort,
        CompareOptions::default(),
        |_, _| {},
    );
    assert!(report.differing > 0);
    for group in &report.groups {
        assert_eq!(group.key.stage, Stage::Course, "{group:?}");
        assert_eq!(group.key.subject, "chronic");
    }
}

#[test]
fn cohorts_are_reproducible_and_read_from_json_lines() {
    let a = generated_cohort(42, 50);
    assert_eq!(a, generated_cohort(42, 50));
    assert_ne!(a, generated_cohort(43, 50));
    let lines: Vec<String> = a
        .iter()
        .map(|i| serde_json::to_string(i).unwrap())
        .collect();
    let text = lines.join("\n") + "\n\n";
    assert_eq!(read_cohort_jsonl(&text).unwrap(), a);
    let broken = format!("{}\n{{\"age\": 3}}\n", lines[0]);
    let err = read_cohort_jsonl(&broken).unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");
}

#[test]
fn a_rust_variant_and_its_diff_read_as_words() {
    let variant = Protocol::seed()
        .variant("clots-need-approval", 1, |p| {
            for row in &mut p.screening.contraindications {
                if row.contraindication == Contraindication::BloodClot {
                    row.severity = Severity::NeedsApproval;
                }
            }
        })
        .unwrap();
    let diff = Protocol::seed().diff(&variant);
    assert_eq!(
        diff.to_string(),
        "seed@2 -> clots-need-approval@1: 1 changes\n  screening.contraindications[blood_clot].severity: \"local\" -> \"needs_approval\""
    );
}

// The worked example of README "Testing protocol variants": a researcher's own property,
// stated over every generated intake and every generated variant.
proptest! {
    #![proptest_config(common::config("proptest-regressions/research.txt"))]

    #[test]
    fn no_variant_clears_a_pregnant_client_without_approval(
        (variant, intake) in (protocol_variant(&Protocol::seed()), intake()),
    ) {
        prop_assert!(variant.validate().is_ok());
        let screening = screen(&variant, &intake).unwrap();
        let approved = intake.approved().contains(Contraindication::Pregnancy);
        if !intake.pregnant.is_no() && !approved {
            prop_assert!(!screening.outcome.allows_session(), "{screening}");
        }
    }

    #[test]
    fn every_variant_survives_json_and_diffs_against_its_base(variant in protocol_variant(&Protocol::conservative())) {
        let json = serde_json::to_string(&variant).unwrap();
        prop_assert_eq!(&Protocol::from_json(&json).unwrap(), &variant);
        let diff = Protocol::conservative().diff(&variant);
        let mut rebuilt = Protocol::conservative();
        rebuilt.id = variant.id;
        rebuilt.based_on = variant.based_on;
        prop_assert_eq!(diff.changes.is_empty(), rebuilt == variant);
    }
}

/// Issue 12: copies that double the document stop at the limit with a typed error
/// instead of exhausting memory.
#[test]
fn a_variant_that_doubles_the_protocol_is_refused_not_run() {
    let copies: Vec<String> = (0..24)
        .map(|_| r#"{"op": "copy", "from": "/notes", "path": "/notes/-"}"#.to_owned())
        .collect();
    let text = format!(
        r#"{{"id": "grow", "version": 1, "title": "grow", "base": {{"id": "seed", "version": 2}},
            "patch": [{}]}}"#,
        copies.join(",")
    );
    let err = VariantFile::load_builtin_based(&text).unwrap_err();
    assert!(err.to_string().contains("grows past"), "{err}");
    // And more operations than the limit are refused before any runs.
    let many: Vec<&str> = (0..MAX_PATCH_OPERATIONS + 1)
        .map(|_| r#"{"op": "test", "path": "/version", "value": 2}"#)
        .collect();
    let text = format!(
        r#"{{"id": "many", "version": 1, "title": "many", "base": {{"id": "seed", "version": 2}},
            "patch": [{}]}}"#,
        many.join(",")
    );
    let err = VariantFile::load_builtin_based(&text).unwrap_err();
    assert!(err.to_string().contains("at most"), "{err}");
}

/// Issue 12: a move into the root followed by an operation that fails is an error, not a
/// panic in the patch library's undo.
#[test]
fn a_variant_that_moves_into_the_root_and_fails_is_an_error() {
    let text = r#"{"id": "root", "version": 1, "title": "root", "base": {"id": "seed", "version": 2},
        "patch": [{"op": "move", "from": "/title", "path": ""},
                  {"op": "remove", "path": "/nowhere"}]}"#;
    let err = VariantFile::load_builtin_based(text).unwrap_err();
    assert!(matches!(err, Error::Protocol(_)), "{err}");
}
