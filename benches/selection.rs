//! Session planning for an intake with 3 conditions and 2 goals (targets: 450 ns, and 550 ns
//! with a medical history; screening is measured on its own in `benches/screening.rs`).

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
    // A caller planning many sessions under one protocol validates it once: its pairings
    // are then read need by need. `plan_table/*` plans under the `&Protocol` itself.
    let valid = protocol.validated().unwrap();
    let intake: Intake = serde_json::from_str(INTAKE).unwrap();
    let mut with_history = intake.clone();
    with_history.history = serde_json::from_value(
        serde_json::from_str::<serde_json::Value>(WITH_HISTORY).unwrap()["history"].clone(),
    )
    .unwrap();
    for (name, intake) in [
        ("three_conditions_two_goals", &intake),
        ("with_history", &with_history),
    ] {
        let by_index = Screened::valid(&valid, intake.validated().unwrap());
        let by_index = by_index.clearance().unwrap();
        let by_rows = Screened::new(&protocol, intake).unwrap();
        let by_rows = by_rows.clearance().unwrap();
        assert_eq!(plan(&by_index), plan(&by_rows));
        c.bench_function(&format!("plan/{name}"), |b| {
            b.iter(|| plan(black_box(&by_index)))
        });
        c.bench_function(&format!("plan_table/{name}"), |b| {
            b.iter(|| plan(black_box(&by_rows)))
        });
    }
    let screened_h = Screened::new(&protocol, &with_history).unwrap();
    assert_eq!(plan(&screened_h.clearance().unwrap()).precautions.len(), 3);
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
