//! The whole way in one call: `care_plan` screens, plans, starts a course and dates it
//! (figures go in the issue notes; no target of its own).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use massage_rules::{CareRequest, Intake, Protocol, care_plan, care_plan_json};

/// A chronic course with a pregnancy approval on file that ends mid-course, so the
/// approval check and the cut are measured too.
const REQUEST: &str = r#"{
    "intake": {
        "assessed_on": "2026-11-27", "age": 31, "pregnant": "yes",
        "approvals": [{"covers": ["pregnancy"], "valid_until": "2027-01-15"}],
        "findings": [{"contraindication": "open_wound", "location": "left_forearm"}],
        "conditions": [{"condition": "back_pain", "acuity": "chronic",
                        "locations": [{"part": "lower_back"}]},
                       {"condition": "stress", "acuity": "ongoing"}],
        "goals": ["relaxation"],
        "pain_tolerance": "moderate",
        "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    },
    "start": "2026-11-30",
    "availability": {"weekdays": ["monday", "wednesday", "thursday"],
                     "unavailable": ["2026-12-24", "2026-12-31"]},
    "baseline": {"measure": "pain", "value": 6}
}"#;

const ADULT: &str = r#"{
    "intake": {
        "assessed_on": "2026-11-27", "age": 47, "pregnant": "no", "findings": [],
        "conditions": [{"condition": "back_pain", "acuity": "chronic",
                        "locations": [{"part": "lower_back"}]}],
        "goals": ["pain_relief"], "pain_tolerance": "firm",
        "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
    },
    "start": "2026-11-30"
}"#;

fn bench(c: &mut Criterion) {
    let protocol = Protocol::seed();
    let approved: CareRequest = serde_json::from_str(REQUEST).unwrap();
    let adult: CareRequest = serde_json::from_str(ADULT).unwrap();
    c.bench_function("care_plan/pregnant_approved_chronic", |b| {
        b.iter(|| care_plan(black_box(&protocol), black_box(&approved)))
    });
    c.bench_function("care_plan/adult_chronic", |b| {
        b.iter(|| care_plan(black_box(&protocol), black_box(&adult)))
    });
    // JSON in and out: the request read, the plan made and written (issue 29: <= 4 us).
    c.bench_function("care_plan_json/adult_chronic", |b| {
        b.iter(|| care_plan_json(black_box(&protocol), black_box(ADULT)))
    });
    // An intake wrong in several ways: every problem at once, against a valid read of
    // an intake of the same shape (issue 29: at most 3x).
    let valid = r#"{"assessed_on": "2026-11-27", "age": 47, "pregnant": "no",
        "findings": [{"contraindication": "open_wound", "location": {"part": "forearm", "side": "left"}}],
        "conditions": [{"condition": "back_pain", "acuity": "chronic"}], "goals": ["pain_relief"],
        "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    let invalid = r#"{"assessed_on": "2026-11-27", "age": 250, "pregnant": "maybe",
        "findings": [{"contraindication": "open_wound", "location": {"part": "forearm"}}],
        "conditions": [{"condition": "back_ache", "acuity": "chronic"}], "goals": ["flying"],
        "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    c.bench_function("intake_read/valid", |b| {
        b.iter(|| Intake::from_json(black_box(valid)))
    });
    c.bench_function("intake_read/invalid_five_problems", |b| {
        b.iter(|| Intake::from_json(black_box(invalid)).unwrap_err())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
