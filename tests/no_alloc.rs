//! Screening promises to allocate nothing for a valid intake; a counting global allocator
//! holds it to that. (Kept in its own test binary so no other test allocates meanwhile.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::civil::date;
use massage_rules::intake::*;
use massage_rules::protocol::*;
use massage_rules::screening::*;
use massage_rules::vocabulary::*;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let value = f();
    (value, ALLOCATIONS.load(Ordering::SeqCst) - before)
}

#[test]
fn screening_allocates_nothing() {
    let protocol = Protocol::conservative();
    let mut intake = Intake {
        assessed_on: date(2026, 11, 27),
        age: Some(12),
        pregnant: Answer::Unknown,
        approvals: vec![PhysicianApproval {
            covers: Contraindication::BloodClot | Contraindication::Minor,
            given_on: None,
            valid_until: Some(date(2026, 1, 1)),
            physician: None,
        }],
        findings: vec![],
        conditions: vec![],
        goals: GoalSet::empty(),
        pain_tolerance: None,
        // A history with every item present, places recorded for the regional ones.
        history: MedicalHistory {
            anticoagulants: Answer::Yes,
            corticosteroids: Answer::Unknown,
            osteoporosis: Answer::Yes,
            reduced_sensation: Answer::Yes,
            reduced_sensation_at: vec![BodyRegion::LeftFoot.into(), BodyRegion::RightFoot.into()],
            varicose_veins: Answer::Yes,
            varicose_veins_at: vec![BodyRegion::LeftLowerLeg.into()],
            fever: Answer::Yes,
        },
        practitioner: Practitioner::default(),
    };
    for (c, r) in [
        (Contraindication::OpenWound, BodyRegion::LeftForearm),
        (Contraindication::BloodClot, BodyRegion::RightLowerLeg),
        (Contraindication::Cancer, BodyRegion::Chest),
        (Contraindication::Infection, BodyRegion::Neck),
        (Contraindication::SkinCondition, BodyRegion::LeftHand),
    ] {
        intake.findings.push(Finding {
            contraindication: c,
            location: Some(r.into()),
        });
    }
    let (screening, count) = allocations_during(|| screen(&protocol, &intake));
    let screening = screening.unwrap();
    assert_eq!(count, 0, "screening allocated {count} times");
    // The case exercised every part of the decision.
    assert_eq!(screening.outcome, Outcome::NotPermitted);
    assert!(!screening.approval_expired.is_empty());
    assert!(!screening.unanswered.is_empty());
    assert!(screening.not_permitted.contains(Contraindication::Fever));

    // Under a protocol validated once, the same screening, and no allocation either.
    let valid_protocol = protocol.validated().unwrap();
    let valid_intake = intake.validated().unwrap();
    let (again, count) = allocations_during(|| screen_valid(&valid_protocol, valid_intake));
    assert_eq!(
        count, 0,
        "screening under a validated protocol allocated {count} times"
    );
    assert_eq!(again, screening);

    let (reasons, count) = allocations_during(|| screening.reasons().count());
    assert_eq!(count, 0, "iterating reasons allocated {count} times");
    assert!(reasons >= 5);

    // The counter works: something that allocates is seen.
    let (_, count) = allocations_during(|| serde_json::to_string(&screening).unwrap());
    assert!(count > 0);
}
