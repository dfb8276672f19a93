//! Coding a planned session (target: 1 µs or less): CPT codes, CMS units, diagnosis links.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use massage_rules::coding::{UnitRule, code_session};
use massage_rules::read::diagnoses;
use massage_rules::{Intake, Protocol, Screened, plan};

fn bench(c: &mut Criterion) {
    let mut intake = Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 52, "pregnant": "no", "findings": [],
            "goals": ["pain_relief", "relaxation"], "pain_tolerance": "firm", "history": "none",
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let referral = diagnoses(&["M54.50", "M62.830", "F41.1"], intake.assessed_on);
    intake
        .conditions
        .extend(referral.mapped.iter().map(|d| d.entry.clone()));
    let protocol = Protocol::seed();
    let screened = Screened::new(&protocol, &intake).unwrap();
    let session = plan(&screened.clearance().unwrap());
    c.bench_function("coding/code_session_cms", |b| {
        b.iter(|| code_session(&protocol, black_box(&session), 60, &referral, UnitRule::Cms))
    });
    c.bench_function("coding/diagnoses_three_codes", |b| {
        b.iter(|| {
            diagnoses(
                black_box(&["M54.50", "M62.830", "F41.1"]),
                intake.assessed_on,
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
