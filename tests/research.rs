//! The research workflow: variants, diffs, cohorts and differential comparison, and the
//! worked example of a downstream researcher's property test.

use std::path::Path;

use massage_rules::care::*;
use massage_rules::protocol::*;
use massage_rules::research::*;
use massage_rules::screening::*;
use massage_rules::strategies::{intake, plannable_intake, protocol_variant};
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
fn the_sherman_variant_doses_chronic_neck_pain_only() {
    let seed = Protocol::seed();
    let variant = sherman();
    assert_eq!(variant.id.as_str(), "sherman-2014-neck-60");
    assert_eq!(variant.based_on, Some(seed.stamp()));
    assert!(variant.notes[0].contains("doi:10.1370/afm.1602"));
    // Exactly one change: a course row for chronic neck pain.
    let diff = seed.diff(&variant);
    let paths: Vec<&str> = diff.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["scheduling.courses[chronic neck_pain]"], "{diff}");
    assert!(diff.changes[0].before.is_none());
    assert_eq!(
        variant.scheduling.course(CourseKind::Chronic),
        seed.scheduling.course(CourseKind::Chronic)
    );

    let request = |condition: &str, location: &str| {
        CareRequest {
        intake: serde_json::from_str(&format!(
            r#"{{"assessed_on": "2026-11-27", "age": 45, "pregnant": "no", "findings": [],
                "conditions": [{{"condition": "{condition}", "acuity": "chronic",
                                 "locations": ["{location}"]}}],
                "pain_tolerance": "moderate",
                "history": "none", "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
        ))
        .unwrap(),
        start: None,
        availability: None,
        baseline: None,
        timing: None,
    }
    };
    // Chronic neck pain: 12 sessions of 60 minutes in four weeks, and the course names the
    // row that decided it.
    let neck = request("neck_pain", "neck");
    let care = care_plan(&variant, &neck).unwrap();
    let course = care.course.unwrap();
    assert!(course.basis.by_condition);
    assert_eq!(
        variant.scheduling.courses[usize::from(course.basis.row.unwrap())].for_condition,
        Some(Condition::NeckPain)
    );
    let schedule = care.schedule.unwrap();
    assert_eq!(schedule.session_minutes, Some(60));
    let dates: Vec<_> = schedule.dates().collect();
    assert_eq!(dates.len(), 12);
    assert!((dates[11] - dates[0]).get_days() < 28);
    let seed_care = care_plan(&seed, &neck).unwrap();
    assert_eq!(seed_care.schedule.unwrap().dates().count(), 8 + 4 + 3);
    // Chronic low back pain: the same course under both.
    let back = request("back_pain", "lower_back");
    let (a, b) = (
        care_plan(&seed, &back).unwrap(),
        care_plan(&variant, &back).unwrap(),
    );
    assert_eq!(
        a.course.as_ref().unwrap().phases,
        b.course.as_ref().unwrap().phases
    );
    assert_eq!(a.schedule.unwrap().dates().count(), 8 + 4 + 3);
    let minutes = |care: &CarePlan| care.schedule.as_ref().unwrap().session_minutes;
    assert_eq!(minutes(&b), minutes(&care_plan(&seed, &back).unwrap()));
}

#[test]
fn a_variant_against_another_base_version_is_refused() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols/variants/sherman-2014-neck-60.json");
    let file = VariantFile::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut newer = Protocol::seed();
    newer.version = 5;
    let err = file.apply(&newer).unwrap_err();
    assert!(err.to_string().contains("written against seed@4"), "{err}");
}

#[test]
fn a_variant_that_breaks_the_protocol_is_refused() {
    let text = r#"{"id": "bad", "version": 1, "title": "bad", "base": {"id": "seed", "version": 4},
                   "merge": {"screening": {"minor_under": 99}}}"#;
    assert!(matches!(
        VariantFile::load_builtin_based(text),
        Err(Error::Protocol(_))
    ));
    let text = r#"{"id": "bad", "version": 1, "title": "bad", "base": {"id": "seed", "version": 4},
                   "patch": [{"op": "test", "path": "/scheduling/courses/0/kind", "value": "chronic"}]}"#;
    assert!(VariantFile::load_builtin_based(text).is_err());
    let text =
        r#"{"id": "Bad Id", "version": 1, "title": "bad", "base": {"id": "seed", "version": 4}}"#;
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

/// Protocols that pass their checks are compared from their tables read once; one that
/// does not (here, version 0) is still compared, row by row, to the same report.
#[test]
fn a_protocol_that_fails_its_checks_is_compared_alike() {
    let cohort = generated_cohort(5, 3_000);
    let variant = sherman();
    let mut unchecked = variant.clone();
    unchecked.version = 0;
    assert!(unchecked.validate().is_err());
    let options = CompareOptions::default();
    let checked = compare(&Protocol::seed(), &variant, &cohort, options, |_, _| {});
    assert!(checked.differing > 0);
    for report in [
        compare(&Protocol::seed(), &unchecked, &cohort, options, |_, _| {}),
        compare_parallel(
            &Protocol::seed(),
            &unchecked,
            cohort.iter(),
            options,
            |_| {},
        ),
    ] {
        assert_eq!(report.b.version, 0);
        assert_eq!(report.a, checked.a);
        assert_eq!(
            (report.intakes, report.invalid, report.differing),
            (checked.intakes, checked.invalid, checked.differing)
        );
        assert_eq!(report.groups, checked.groups);
    }
}

#[test]
fn the_sherman_variant_differs_only_for_chronic_neck_pain() {
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
        // Every intake that differs has chronic neck pain.
        for example in &group.examples {
            let intake = &cohort[example.index];
            assert!(
                intake
                    .conditions
                    .iter()
                    .any(|c| c.condition == Condition::NeckPain && c.acuity == Acuity::Chronic),
                "{intake:?}"
            );
        }
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
        "seed@4 -> clots-need-approval@1: 1 changes\n  screening.contraindications[blood_clot].severity: \"local\" -> \"needs_approval\""
    );
}

// The worked example of README "Testing protocol variants": a researcher's own property,
// stated over every generated intake and every generated variant.
proptest! {
    #![proptest_config(common::config("proptest-regressions/research.txt"))]

    /// A course row for one condition wins over the acuity row only for that condition:
    /// the Sherman variant's course differs from the seed's only for a client whose
    /// chronic neck pain the plan treats, and whose course is chronic under the seed.
    #[test]
    fn a_condition_row_wins_only_for_its_condition(intake in plannable_intake()) {
        let seed = Protocol::seed();
        let variant = sherman();
        let a = common::course(&seed, &intake, None);
        let b = common::course(&variant, &intake, None);
        prop_assert_eq!(a.is_some(), b.is_some());
        if let (Some(a), Some(b)) = (a, b)
            && (a.kind != b.kind || a.phases != b.phases || a.session_minutes != b.session_minutes)
        {
            prop_assert_eq!(a.kind, CourseKind::Chronic);
            prop_assert_eq!(b.kind, CourseKind::Chronic);
            prop_assert!(b.basis.by_condition);
            prop_assert_eq!(b.basis.condition, Some(Condition::NeckPain));
            prop_assert!(intake.conditions.iter().any(|c| c.condition == Condition::NeckPain
                && c.acuity == Acuity::Chronic));
        }
    }

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
        r#"{{"id": "grow", "version": 1, "title": "grow", "base": {{"id": "seed", "version": 4}},
            "patch": [{}]}}"#,
        copies.join(",")
    );
    let err = VariantFile::load_builtin_based(&text).unwrap_err();
    assert!(err.to_string().contains("grows past"), "{err}");
    // And more operations than the limit are refused before any runs.
    let many: Vec<&str> = (0..massage_rules::Limits::PATCH_OPERATIONS + 1)
        .map(|_| r#"{"op": "test", "path": "/version", "value": 2}"#)
        .collect();
    let text = format!(
        r#"{{"id": "many", "version": 1, "title": "many", "base": {{"id": "seed", "version": 4}},
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
    let text = r#"{"id": "root", "version": 1, "title": "root", "base": {"id": "seed", "version": 4},
        "patch": [{"op": "move", "from": "/title", "path": ""},
                  {"op": "remove", "path": "/nowhere"}]}"#;
    let err = VariantFile::load_builtin_based(text).unwrap_err();
    assert!(matches!(err, Error::Protocol(_)), "{err}");
}

/// Streaming and parallel comparisons give the report the in-memory one gives, examples
/// included, for cohorts of any size (across chunk boundaries too), and report progress
/// in order up to the whole cohort.
#[test]
fn streaming_and_parallel_comparisons_agree_with_the_in_memory_one() {
    use massage_rules::research::{
        PARALLEL_CHUNK, PROGRESS_EVERY, compare_iter, compare_parallel, generated_intakes,
    };
    let (a, b) = (Protocol::seed(), Protocol::conservative());
    for (seed, n) in [(1, 0), (2, 1), (3, 997), (4, PARALLEL_CHUNK + 5)] {
        let cohort = generated_cohort(seed, n);
        let whole = compare(&a, &b, &cohort, CompareOptions::default(), |_, _| {});
        let streamed = compare_iter(
            &a,
            &b,
            generated_intakes(seed, n),
            CompareOptions::default(),
            |_| {},
        );
        let mut seen = Vec::new();
        let parallel = compare_parallel(
            &a,
            &b,
            generated_intakes(seed, n),
            CompareOptions::default(),
            |done| seen.push(done),
        );
        assert_eq!(streamed, whole, "{n}");
        assert_eq!(parallel, whole, "{n}");
        assert_eq!(seen.last().copied(), Some(n));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]));
        assert!(seen.iter().all(|d| *d % PROGRESS_EVERY == 0 || *d == n));
    }
}

#[test]
fn a_jsonl_stream_reads_line_by_line_and_names_bad_lines() {
    use massage_rules::research::cohort_jsonl_lines;
    let cohort = generated_cohort(9, 50);
    let mut text = String::new();
    for (i, intake) in cohort.iter().enumerate() {
        text.push_str(&serde_json::to_string(intake).unwrap());
        text.push('\n');
        if i == 10 {
            text.push_str("{\"assessed_on\": 7}\n\n");
        }
    }
    let read: Vec<_> = cohort_jsonl_lines(text.as_bytes()).collect();
    assert_eq!(read.len(), 51);
    let bad: Vec<String> = read
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
        .collect();
    assert_eq!(bad.len(), 1);
    assert!(bad[0].contains("line 12"), "{bad:?}");
    let good: Vec<_> = read.into_iter().filter_map(Result::ok).collect();
    assert_eq!(good, cohort);
}
