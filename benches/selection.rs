//! Session planning for an intake with 3 conditions and 2 goals (target: median 500 ns or
//! less; screening is measured on its own in `benches/screening.rs`).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use massage_rules::{Intake, Protocol, Screened, plan};

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
    "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
}"#;

/// The same client with a medical history that applies three precautions.
const WITH_HISTORY: &str = r#"{"history": {"anticoagulants": "yes", "corticosteroids": "no",
    "osteoporosis": "yes", "reduced_sensation": "yes",
    "reduced_sensation_at": [{"part": "foot", "side": "left"}, {"part": "foot", "side": "right"}],
    "varicose_veins": "no", "fever": "no"}}"#;

fn bench(c: &mut Criterion) {
    let protocol = Protocol::seed();
    let intake: Intake = serde_json::from_str(INTAKE).unwrap();
    let screened = Screened::new(&protocol, &intake).unwrap();
    let clearance = screened.clearance().unwrap();
    c.bench_function("plan/three_conditions_two_goals", |b| {
        b.iter(|| plan(black_box(&clearance)))
    });
    let mut with_history = intake.clone();
    with_history.history = serde_json::from_value(
        serde_json::from_str::<serde_json::Value>(WITH_HISTORY).unwrap()["history"].clone(),
    )
    .unwrap();
    let screened_h = Screened::new(&protocol, &with_history).unwrap();
    let clearance_h = screened_h.clearance().unwrap();
    assert_eq!(plan(&clearance_h).precautions.len(), 3);
    c.bench_function("plan/with_history", |b| {
        b.iter(|| plan(black_box(&clearance_h)))
    });
    // The whole way to a plan, validation and screening included: what `plan` cost
    // before it took a clearance (it screened the intake again).
    c.bench_function("plan/screen_and_plan", |b| {
        b.iter(|| {
            let screened = Screened::new(black_box(&protocol), black_box(&intake)).unwrap();
            plan(&screened.clearance().unwrap())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
