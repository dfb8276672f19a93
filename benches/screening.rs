//! Typed screening of intakes with 0, 1 and 5 findings (target: median 50 ns or less).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use massage_rules::intake::{Finding, Location, MedicalHistory, Practitioner};
use massage_rules::protocol::Severity;
use massage_rules::screening::screen_valid;
use massage_rules::vocabulary::{Answer, BodyRegion, Contraindication};
use massage_rules::{Intake, Protocol, screen, screen_json};

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
        // History present (issue 11): every item answered, some yes, with places.
        history: MedicalHistory {
            anticoagulants: Answer::Yes,
            osteoporosis: Answer::Yes,
            reduced_sensation: Answer::Yes,
            reduced_sensation_at: vec![BodyRegion::LeftFoot.into(), BodyRegion::RightFoot.into()],
            ..MedicalHistory::none()
        },
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
    // The same intakes validated once, under the protocol validated once (its table
    // weighed into masks, as the floor's are): screening alone.
    let valid_protocol = protocol.validated().unwrap();
    for (name, intake) in &cases {
        let valid = intake.validated().unwrap();
        c.bench_function(&name.replace("screen/", "screen_valid/"), |b| {
            b.iter(|| screen_valid(black_box(&valid_protocol), black_box(valid)))
        });
    }
    // The same, under the protocol itself: its table weighed row by row for each intake.
    for (name, intake) in &cases {
        let valid = intake.validated().unwrap();
        c.bench_function(&name.replace("screen/", "screen_valid_table/"), |b| {
            b.iter(|| screen_valid(black_box(&protocol), black_box(valid)))
        });
    }
    // The floor: the same rule on bare bit masks, for the ratio.
    let floors: Vec<(String, Floor)> = cases
        .iter()
        .map(|(name, intake)| (name.replace("screen/", "floor/"), Floor::of(intake)))
        .collect();
    let rules = FloorRules::of(&protocol);
    for (name, floor) in &floors {
        c.bench_function(name, |b| {
            b.iter(|| black_box(&rules).screen(black_box(floor)))
        });
    }
    // JSON in and out, reasons included.
    let json = serde_json::to_string(&cases[1].1).unwrap();
    c.bench_function("screen_json/one_finding", |b| {
        b.iter(|| screen_json(black_box(&protocol), black_box(&json)))
    });
}

/// An intake as bare numbers: age, pregnancy answer code, findings as (contraindication
/// bit, region mask), approvals as (contraindication mask, last day as a day number),
/// practitioner answer codes.
struct Floor {
    age: Option<u32>,
    pregnant: u8,
    findings: Vec<(u16, u32)>,
    approvals: Vec<(u16, i32)>,
    today: i32,
    licensed: u8,
    trained: u8,
}

impl Floor {
    fn of(intake: &Intake) -> Floor {
        let day = |d: jiff::civil::Date| (d - jiff::civil::date(2000, 1, 1)).get_days();
        Floor {
            age: intake.age,
            pregnant: intake.pregnant.code(),
            findings: intake
                .findings
                .iter()
                .map(|f| {
                    let regions = f.location.map_or(0, |l| l.regions().as_repr());
                    (1 << f.contraindication.code(), regions)
                })
                .collect(),
            approvals: intake
                .approvals
                .iter()
                .map(|a| {
                    (
                        a.covers.as_repr() as u16,
                        a.valid_until.map_or(i32::MAX, day),
                    )
                })
                .collect(),
            today: day(intake.assessed_on),
            licensed: intake.practitioner.licensed.code(),
            trained: intake.practitioner.medical_massage_trained.code(),
        }
    }
}

/// The protocol as masks of contraindications by severity.
struct FloorRules {
    minor_under: u32,
    older_from: u32,
    needs_approval: u16,
    not_permitted: u16,
}

impl FloorRules {
    fn of(protocol: &Protocol) -> FloorRules {
        let mask = |s: Severity| protocol.screening.with_severity(s).as_repr() as u16;
        FloorRules {
            minor_under: protocol.screening.minor_under,
            older_from: protocol.screening.older_adult_from,
            needs_approval: mask(Severity::NeedsApproval),
            not_permitted: mask(Severity::NotPermitted),
        }
    }

    /// Outcome (0 cleared .. 3 not permitted), regions to avoid, approvals needed.
    fn screen(&self, f: &Floor) -> (u8, u32, u16) {
        const MINOR: u16 = 1;
        const OLDER: u16 = 2;
        const PREGNANCY: u16 = 4;
        const YES: u8 = 1;
        const UNKNOWN: u8 = 2;
        let mut present = 0u16;
        let mut unknown = false;
        match f.age {
            None => {
                present |= MINOR | OLDER;
                unknown = true;
            }
            Some(age) => {
                if age < self.minor_under {
                    present |= MINOR;
                }
                if age >= self.older_from {
                    present |= OLDER;
                }
            }
        }
        if f.pregnant != 0 {
            present |= PREGNANCY;
            unknown |= f.pregnant == UNKNOWN;
        }
        let mut avoid = 0u32;
        for &(c, regions) in &f.findings {
            avoid |= regions;
            if regions != 0 {
                present |= c;
            }
        }
        let approved = f
            .approvals
            .iter()
            .filter(|(_, until)| f.today <= *until)
            .fold(0u16, |acc, (covers, _)| acc | covers);
        let needed = present & self.needs_approval & !approved;
        let outcome = if present & self.not_permitted != 0 || f.licensed != YES || f.trained != YES
        {
            3
        } else if needed != 0 || unknown {
            2
        } else if avoid != 0 {
            1
        } else {
            0
        };
        (outcome, avoid, needed)
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
