//! Session planning for an intake with 3 conditions and 2 goals (target: median 500 ns or
//! less; screening is measured on its own in `benches/screening.rs`).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use massage_rules::{Intake, Protocol, plan, screen};

const INTAKE: &str = r#"{
    "assessed_on": "2026-11-27", "age": 47, "pregnant": "no",
    "findings": [{"contraindication": "skin_condition", "location": {"part": "upper_back"}}],
    "conditions": [
        {"condition": "back_pain", "acuity": "chronic", "locations": [{"part": "lower_back"}]},
        {"condition": "muscle_tension", "acuity": "chronic",
         "locations": [{"part": "shoulder", "side": "left"}]},
        {"condition": "stress", "acuity": "ongoing"}
    ],
    "goals": ["pain_relief", "relaxation"],
    "pain_tolerance": "firm",
    "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
}"#;

fn bench(c: &mut Criterion) {
    let protocol = Protocol::seed();
    let intake: Intake = serde_json::from_str(INTAKE).unwrap();
    let screening = screen(&protocol, &intake).unwrap();
    c.bench_function("plan/three_conditions_two_goals", |b| {
        b.iter(|| {
            plan(
                black_box(&protocol),
                black_box(&intake),
                black_box(&screening),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
