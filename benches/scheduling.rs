//! Building a 12-week course with its dates (target: median 2 us or less).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use massage_rules::scheduling::{Availability, Score};
use massage_rules::vocabulary::Day;
use massage_rules::{Course, Intake, Protocol, Screened, plan};

const INTAKE: &str = r#"{
    "assessed_on": "2026-11-27", "age": 47, "pregnant": "no", "findings": [],
    "conditions": [{"condition": "back_pain", "acuity": "chronic",
                    "locations": [{"part": "lower_back"}]}],
    "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
}"#;

fn bench(c: &mut Criterion) {
    let protocol = Protocol::seed();
    let intake: Intake = serde_json::from_str(INTAKE).unwrap();
    let screened = Screened::new(&protocol, &intake).unwrap();
    let clearance = screened.clearance().unwrap();
    let session = plan(&clearance);
    // The chronic course runs 4 + 4 weekly weeks and then monthly: past 12 weeks.
    let available = Availability {
        weekdays: Day::Monday | Day::Wednesday | Day::Thursday,
        unavailable: vec![date(2026, 12, 24), date(2026, 12, 31), date(2027, 1, 7)],
    };
    c.bench_function("course/chronic_with_dates", |b| {
        b.iter(|| {
            let course = Course::start(
                black_box(&clearance),
                black_box(&session),
                Some(Score::Pain(7)),
            )
            .unwrap();
            course.schedule(black_box(date(2026, 11, 30)), black_box(&available))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
