//! A worse intake never gets a firmer plan: adding a finding, a history item answered yes
//! or left unknown, or a condition never raises the pressure on any region, and never
//! adds a tool or a region to a technique; findings and history never raise a
//! technique's one summary pressure either.

mod common;

use massage_rules::intake::Finding;
use massage_rules::strategies::{
    condition_entry, finding, one_of, plannable_intake, protocol_variant,
};
use massage_rules::vocabulary::*;
use massage_rules::*;
use proptest::prelude::*;

fn plan_of(protocol: &Protocol, intake: &Intake) -> Option<SessionPlan> {
    let screened = Screened::new(protocol, intake).ok()?;
    Some(plan(&screened.clearance().ok()?))
}

fn protocols(variant: Protocol) -> [Protocol; 3] {
    [Protocol::seed(), Protocol::conservative(), variant]
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/worse_intake.txt"))]

    #[test]
    fn adding_a_finding_never_gives_a_firmer_plan(
        intake in plannable_intake(), extra in finding(),
        variant in protocol_variant(&Protocol::seed()),
    ) {
        for protocol in protocols(variant) {
            let Some(base) = plan_of(&protocol, &intake) else { continue };
            let mut worse = intake.clone();
            worse.findings.push(extra);
            if let Some(after) = plan_of(&protocol, &worse) {
                common::no_firmer(&after, &base, true)?;
            }
        }
    }

    #[test]
    fn a_history_yes_or_unknown_never_gives_a_firmer_plan(
        intake in plannable_intake(), item in one_of::<History>(), unknown in any::<bool>(),
        variant in protocol_variant(&Protocol::seed()),
    ) {
        prop_assume!(item != History::Fever);
        for protocol in protocols(variant) {
            let Some(base) = plan_of(&protocol, &intake) else { continue };
            if !intake.history.answer(item).is_no() {
                continue;
            }
            let mut worse = intake.clone();
            worse.history.set(item, if unknown { Answer::Unknown } else { Answer::Yes });
            if let Some(after) = plan_of(&protocol, &worse) {
                common::no_firmer(&after, &base, true)?;
            }
        }
    }

    #[test]
    fn adding_a_condition_never_raises_pressure_on_a_region(
        intake in plannable_intake(), entry in condition_entry(),
        variant in protocol_variant(&Protocol::seed()),
    ) {
        for protocol in protocols(variant) {
            let Some(base) = plan_of(&protocol, &intake) else { continue };
            let mut worse = intake.clone();
            worse.conditions.push(entry.clone());
            let Some(after) = plan_of(&protocol, &worse) else { continue };
            for t in &after.techniques {
                let Some(b) = base.techniques.iter().find(|b| b.technique == t.technique) else { continue };
                for region in t.regions & b.regions {
                    prop_assert!(t.pressure_at(region) <= b.pressure_at(region),
                        "{} firmer on {region:?}\n{after}\n{base}", t.technique);
                }
            }
            prop_assert!(after.pressure_limit <= base.pressure_limit);
        }
    }

    /// A cap from a condition or a precaution on region R never lowers pressure outside R,
    /// unless its row is for the whole body.
    #[test]
    fn a_local_cap_stays_on_its_regions(intake in plannable_intake(), entry in condition_entry()) {
        prop_assume!(!entry.locations.is_empty());
        let protocol = Protocol::seed();
        let Some(base) = plan_of(&protocol, &intake) else { return Ok(()) };
        let mut more = intake.clone();
        more.conditions.push(entry.clone());
        let Some(after) = plan_of(&protocol, &more) else { return Ok(()) };
        let at = entry.regions();
        for t in &after.techniques {
            let Some(b) = base.techniques.iter().find(|b| b.technique == t.technique) else { continue };
            for region in (t.regions & b.regions) - at {
                prop_assert_eq!(t.pressure_at(region), b.pressure_at(region),
                    "{} on {:?}\n{}\n{}", t.technique, region, after, base);
            }
        }
    }
}

/// The case that was found: varicose veins on the left lower leg, then an open wound on
/// the left leg. Before the fix the other techniques went firmer on the rest of the body
/// and hot stones came back.
#[test]
fn a_wound_on_a_capped_leg_keeps_the_cap_and_the_withheld_tool() {
    let intake = Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{"condition": "muscle_tension", "acuity": "chronic"}],
            "goals": ["relaxation"], "pain_tolerance": "firm",
            "history": {"anticoagulants": "no", "corticosteroids": "no", "osteoporosis": "no",
                        "reduced_sensation": "no", "varicose_veins": "yes",
                        "varicose_veins_at": ["left_lower_leg"], "fever": "no"},
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let protocol = Protocol::seed();
    let base = plan_of(&protocol, &intake).unwrap();
    let mut worse = intake.clone();
    worse.findings.push(Finding {
        contraindication: Contraindication::OpenWound,
        location: Some(massage_rules::intake::Location::sided(
            BodyPart::Leg,
            Side::Left,
        )),
    });
    let after = plan_of(&protocol, &worse).unwrap();
    common::no_firmer(&after, &base, true).unwrap();
    // Pressure where the problem is: the back is not pulled down by the leg.
    for t in &base.techniques {
        if let (Some(leg), Some(back)) = (
            t.pressure_at(BodyRegion::LeftLowerLeg),
            t.pressure_at(BodyRegion::LowerBack),
        ) {
            assert_eq!(leg, Pressure::Light, "{base}");
            assert!(back >= leg, "{base}");
        }
    }
}
