//! The appointment-book hook's Bundle (or list): never a panic; every appointment read is
//! checked once, a suggested move keeps every rule, the cards are JSON, and what cannot be
//! read gets a card of bounded size; with half of them on the books, a proposal's findings
//! that involve no other session are those it gets alone.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use massage_rules::export::cds_hooks::{Unreadable, appointment_check_cards, unreadable_card};
use massage_rules::export::fhir::FhirContext;
use massage_rules::read::appointments_from_bundle_json;
use massage_rules::{CarePlan, CareRequest, Protocol, care_plan};

fn plan() -> &'static CarePlan {
    static PLAN: OnceLock<CarePlan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let request = CareRequest::from_json(include_str!("timed_request.json"))
            .expect("the seed is a valid request");
        care_plan(&Protocol::seed(), &request).expect("a plan")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let proposed = match appointments_from_bundle_json(text) {
        Ok(proposed) => proposed,
        Err(e) => {
            // What cannot be read is a card that says so, bounded by the input.
            let card = unreadable_card(Unreadable::Appointments, &e);
            assert_eq!(card["indicator"], "warning");
            assert!(
                card["detail"]
                    .as_str()
                    .is_some_and(|d| d.len() <= 128 * text.len() + 8192)
            );
            return;
        }
    };
    let care = plan();
    let checks = care.check_appointments(&proposed, &[]);
    assert_eq!(checks.len(), proposed.len());
    for check in &checks {
        if let Some((start, end)) = &check.suggestion {
            assert!(!check.findings.is_empty());
            let mut moved = proposed.clone();
            moved[check.index].start = start.clone();
            moved[check.index].end = end.clone();
            let again = care.check_appointments(&moved, &[]);
            assert!(
                again[check.index].findings.is_empty(),
                "the suggestion {start} breaks {:?}",
                again[check.index].findings
            );
        }
    }
    // Half the appointments on the books, the other half proposed: a proposal's findings
    // that involve no other session are the ones it gets alone.
    let (booked, asked): (Vec<_>, Vec<_>) = proposed
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 2 == 0);
    let booked: Vec<_> = booked.into_iter().map(|(_, a)| a).collect();
    let asked: Vec<_> = asked.into_iter().map(|(_, a)| a).collect();
    let together = care.check_appointments(&asked, &booked);
    for (i, a) in asked.iter().enumerate() {
        let alone = care.check_appointments(std::slice::from_ref(a), &booked);
        let own = |c: &massage_rules::care::AppointmentCheck| {
            c.findings
                .iter()
                .filter(|f| !f.session_rule.is_some_and(|r| r.between_sessions()))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(own(&together[i]), own(&alone[0]));
    }
    let cards = appointment_check_cards(care, &proposed, &checks, &FhirContext::default());
    assert!(cards["cards"].as_array().is_some_and(|c| !c.is_empty()));
});
