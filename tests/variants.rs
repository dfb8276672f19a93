//! Issue 11: the evidence-cited variants under `protocols/variants/`. Each is stated
//! exactly against `seed`: one course row for one condition, with the dose of its paper,
//! and no other decision changes over a cohort.

use std::path::Path;

use massage_rules::care::CareRequest;
use massage_rules::research::*;
use massage_rules::vocabulary::*;
use massage_rules::*;

/// A variant file, what it doses and how, as its paper reports it.
struct Expected {
    file: &'static str,
    doi: &'static str,
    condition: Condition,
    location: &'static str,
    /// (sessions, per week, weeks) of its one phase.
    phases: (u8, u8),
    minutes: Option<u16>,
}

const VARIANTS: &[Expected] = &[
    Expected {
        file: "sherman-2014-neck-60.json",
        doi: "10.1370/afm.1602",
        condition: Condition::NeckPain,
        location: "neck",
        phases: (3, 4),
        minutes: Some(60),
    },
    Expected {
        file: "cherkin-2011-low-back-10.json",
        doi: "10.7326/0003-4819-155-1-201107050-00002",
        condition: Condition::BackPain,
        location: "lower_back",
        phases: (1, 10),
        // Not claimed: the base's chronic length stands.
        minutes: None,
    },
    Expected {
        file: "perlman-2012-knee-oa-60.json",
        doi: "10.1371/journal.pone.0030248",
        condition: Condition::KneeOsteoarthritis,
        location: "left_knee",
        phases: (1, 8),
        minutes: Some(60),
    },
];

fn text(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("protocols/variants")
        .join(file);
    std::fs::read_to_string(path).unwrap()
}

fn request(condition: Condition, location: &str) -> CareRequest {
    CareRequest {
        intake: Intake::from_json(&format!(
            r#"{{"assessed_on": "2026-11-27", "age": 45, "pregnant": "no", "findings": [],
                "conditions": [{{"condition": "{condition}", "acuity": "chronic",
                                 "locations": ["{location}"]}}],
                "pain_tolerance": "moderate", "history": "none",
                "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
        ))
        .unwrap(),
        start: None,
        availability: None,
        baseline: None,
        timing: None,
    }
}

#[test]
fn every_variant_cites_its_paper_and_adds_one_course_row() {
    let seed = Protocol::seed();
    for v in VARIANTS {
        let file = VariantFile::from_json(&text(v.file)).unwrap();
        let citation = file.citation.as_ref().expect("a cited variant");
        assert!(citation.problems().is_empty(), "{}", v.file);
        assert_eq!(citation.doi, v.doi);
        assert!(!citation.authors.is_empty() && citation.year >= 2011);
        let variant = file.apply(&seed).unwrap();
        assert_eq!(variant.based_on, Some(seed.stamp()));
        assert!(variant.notes[0].contains(v.doi), "{}", variant.notes[0]);
        // Exactly one change: a course row for the condition.
        let diff = seed.diff(&variant);
        let paths: Vec<&str> = diff.changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            [format!("scheduling.courses[chronic {}]", v.condition)],
            "{diff}"
        );
        assert!(diff.changes[0].before.is_none());
    }
}

#[test]
fn every_variant_doses_its_condition_as_its_paper_does() {
    let seed = Protocol::seed();
    for v in VARIANTS {
        let variant = VariantFile::load_builtin_based(&text(v.file)).unwrap();
        let care = care_plan(&variant, &request(v.condition, v.location)).unwrap();
        let course = care.course.expect("a course");
        assert!(course.basis.by_condition, "{}", v.file);
        assert_eq!(course.basis.condition, Some(v.condition));
        assert_eq!(course.phases.len(), 1);
        let phase = course.phases[0];
        assert_eq!((phase.sessions, phase.periods), v.phases, "{}", v.file);
        assert_eq!(phase.per, Period::Week);
        let schedule = care.schedule.expect("a schedule");
        let dates: Vec<_> = schedule.dates().collect();
        assert_eq!(
            dates.len(),
            usize::from(v.phases.0) * usize::from(v.phases.1),
            "{}",
            v.file
        );
        // Within the weeks the paper gives.
        let span = (dates[dates.len() - 1] - dates[0]).get_days();
        assert!(span < i32::from(v.phases.1) * 7, "{}: {span} days", v.file);
        let seed_plan = care_plan(&seed, &request(v.condition, v.location)).unwrap();
        let expected_minutes = v.minutes.or(seed_plan.schedule.unwrap().session_minutes);
        assert_eq!(schedule.session_minutes, expected_minutes, "{}", v.file);
        // The other variants' conditions keep the seed's course.
        for other in VARIANTS.iter().filter(|o| o.condition != v.condition) {
            let r = request(other.condition, other.location);
            let (a, b) = (
                care_plan(&seed, &r).unwrap(),
                care_plan(&variant, &r).unwrap(),
            );
            assert_eq!(
                a.course.unwrap().phases,
                b.course.unwrap().phases,
                "{} changes {}",
                v.file,
                other.condition
            );
        }
    }
}

/// Over a cohort, each variant changes only the course of clients whose chronic
/// condition it doses.
#[test]
fn compare_protocols_shows_each_variant_changes_only_its_condition() {
    let seed = Protocol::seed();
    let cohort = generated_cohort(11, 3_000);
    for v in VARIANTS {
        let variant = VariantFile::load_builtin_based(&text(v.file)).unwrap();
        let report = compare(
            &seed,
            &variant,
            &cohort,
            CompareOptions::default(),
            |_, _| {},
        );
        assert!(report.differing > 0, "{}: no intake differs", v.file);
        for group in &report.groups {
            assert_eq!(group.key.stage, Stage::Course, "{}: {group:?}", v.file);
            for example in &group.examples {
                let intake = &cohort[example.index];
                assert!(
                    intake
                        .conditions
                        .iter()
                        .any(|c| c.condition == v.condition && c.acuity == Acuity::Chronic),
                    "{}: {intake:?}",
                    v.file
                );
            }
        }
    }
}

#[test]
fn a_citation_without_a_doi_is_refused_with_every_problem() {
    let mut file = VariantFile::from_json(&text(VARIANTS[0].file)).unwrap();
    let citation = file.citation.as_mut().unwrap();
    citation.doi = "afm.1602".into();
    citation.year = 14;
    citation.authors.clear();
    let err = file.apply(&Protocol::seed()).unwrap_err();
    let text = err.to_string();
    for part in ["authors", "year", "DOI"] {
        assert!(text.contains(part), "{part}: {text}");
    }
}

/// Every variant shipped in `protocols/variants/` is embedded and listed, and loads.
#[test]
fn every_shipped_variant_is_reachable_through_the_api() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols/variants");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = massage_rules::research::VariantFile::BUILTIN
        .iter()
        .map(|s| s.to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, on_disk);
    for name in massage_rules::research::VariantFile::BUILTIN {
        let file = massage_rules::research::VariantFile::builtin(name).unwrap();
        let protocol = file.load().unwrap();
        assert_eq!(protocol.id.as_str(), *name);
    }
    assert!(massage_rules::research::VariantFile::builtin("no-such-variant").is_none());
}
