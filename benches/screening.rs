//! Typed screening of intakes with 0, 1 and 5 findings (target: median 50 ns or less).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use massage_rules::intake::{Finding, Location, Practitioner};
use massage_rules::vocabulary::{Answer, BodyRegion, Contraindication};
use massage_rules::{Intake, Protocol, screen};

fn intake(findings: &[(Contraindication, BodyRegion)]) -> Intake {
    Intake {
        assessed_on: date(2026, 11, 27),
        age: Some(42),
        pregnant: Answer::No,
        approvals: vec![],
        findings: findings
            .iter()
            .map(|&(c, r)| Finding {
                contraindication: c,
                location: Some(Location::from(r)),
            })
            .collect(),
        conditions: vec![],
        goals: Default::default(),
        pain_tolerance: None,
        practitioner: Practitioner {
            licensed: Answer::Yes,
            medical_massage_trained: Answer::Yes,
            certified_techniques: None,
        },
    }
}

fn bench(c: &mut Criterion) {
    use Contraindication::*;
    let protocol = Protocol::seed();
    let cases = [
        ("screen/no_findings", intake(&[])),
        (
            "screen/one_finding",
            intake(&[(OpenWound, BodyRegion::LeftForearm)]),
        ),
        (
            "screen/five_findings",
            intake(&[
                (OpenWound, BodyRegion::LeftForearm),
                (SkinCondition, BodyRegion::Chest),
                (Infection, BodyRegion::RightFoot),
                (BloodClot, BodyRegion::LeftLowerLeg),
                (AcuteInflammation, BodyRegion::RightShoulder),
            ]),
        ),
    ];
    for (name, intake) in &cases {
        c.bench_function(name, |b| {
            b.iter(|| screen(black_box(&protocol), black_box(intake)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
