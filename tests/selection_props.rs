//! Property tests that state the technique-selection rules (README, docs/DESIGN.md).

use massage_rules::intake::*;
use massage_rules::protocol::*;
use massage_rules::screening::*;
use massage_rules::selection::*;
use massage_rules::strategies::{intake, plannable_intake, protocol_variant};
use massage_rules::vocabulary::*;
use proptest::prelude::*;

mod common;

fn planned(protocol: &Protocol, intake: &Intake) -> (Screening, SessionPlan) {
    let screened = Screened::new(protocol, intake).unwrap();
    let screening = *screened.screening();
    let session = plan(&screened.clearance().expect("plannable intakes get a plan"));
    (screening, session)
}

fn needs(intake: &Intake) -> Vec<Need> {
    let mut needs: Vec<Need> = intake
        .conditions
        .iter()
        .map(|c| Need::Condition(c.condition))
        .collect();
    needs.extend(intake.goals.iter().map(Need::Goal));
    // A client who names no need is planned the protocol's general session.
    if needs.is_empty() {
        needs.extend(
            Protocol::seed()
                .selection
                .general_session
                .goals
                .iter()
                .map(Need::Goal),
        );
    }
    needs
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/selection_props.txt"))]

    #[test]
    fn no_region_to_avoid_is_worked_on(intake in plannable_intake()) {
        for protocol in [Protocol::seed(), Protocol::conservative()] {
            let screened = Screened::new(&protocol, &intake).unwrap();
            let screening = *screened.screening();
            let Ok(clearance) = screened.clearance() else { continue };
            let session = plan(&clearance);
            for t in &session.techniques {
                prop_assert!((t.regions & screening.avoid).is_empty(), "{t:?}");
                prop_assert!((t.regions & session.avoid).is_empty());
                prop_assert!(!t.regions.is_empty());
                let fit = protocol.selection.technique(t.technique).unwrap().regions;
                prop_assert!(fit.is_none_or(|fit| fit.is_superset(t.regions)));
            }
        }
    }

    #[test]
    fn pressure_never_exceeds_tolerance_or_a_cap(intake in plannable_intake()) {
        let protocol = Protocol::seed();
        let (_, session) = planned(&protocol, &intake);
        let tolerance = intake.pain_tolerance.unwrap_or(Pressure::Light);
        for t in &session.techniques {
            prop_assert!(t.pressure <= tolerance);
            prop_assert!(t.pressure <= session.pressure_limit);
            // The regions by pressure cover exactly the technique's regions.
            let covered = t.pressures.iter().fold(RegionSet::empty(), |acc, p| acc | p.regions);
            prop_assert_eq!(covered, t.regions);
            let range = protocol.selection.technique(t.technique).unwrap().pressure;
            prop_assert!(range.min <= t.pressure && t.pressure <= range.max);
            for p in &t.pressures {
                prop_assert!(p.pressure >= t.pressure && p.pressure <= tolerance);
                prop_assert!(p.pressure <= session.pressure_limit);
                prop_assert!(range.min <= p.pressure && p.pressure <= range.max);
            }
            // A condition's cap holds where the condition is (everywhere, when it has no
            // place on the intake).
            for cap in &protocol.selection.pressure_caps {
                for entry in intake.conditions.iter().filter(|e| e.condition == cap.condition) {
                    let at = if entry.regions().is_empty() { RegionSet::all() } else { entry.regions() };
                    for region in at & t.regions {
                        let here = t.pressure_at(region).unwrap();
                        prop_assert!(here <= cap.max, "{t:?} over {cap:?} at {region:?}");
                    }
                }
            }
        }
        // A technique whose lightest pressure is above the tolerance is never selected.
        for row in &protocol.selection.techniques {
            if row.pressure.min > tolerance {
                prop_assert!(session.techniques.iter().all(|t| t.technique != row.technique));
            }
        }
    }

    #[test]
    fn only_certified_techniques_are_selected(intake in plannable_intake()) {
        let (_, session) = planned(&Protocol::seed(), &intake);
        if let Some(certified) = intake.practitioner.certified_techniques {
            for t in &session.techniques {
                prop_assert!(certified.contains(t.technique));
            }
        }
    }

    #[test]
    fn every_selected_technique_addresses_a_need_of_the_client(intake in plannable_intake()) {
        let protocol = Protocol::seed();
        let (_, session) = planned(&protocol, &intake);
        let needs = needs(&intake);
        for t in &session.techniques {
            prop_assert!(!t.addresses.is_empty());
            for a in &t.addresses {
                prop_assert!(needs.contains(&a.need));
                prop_assert!(protocol.selection.pairings.iter().any(|p| p.need == a.need
                    && p.technique == t.technique && p.seed == a.seed && p.strength == a.strength));
            }
            let score: u16 = t.addresses.iter().map(|a| a.strength.points()).sum();
            prop_assert_eq!(score, t.score);
        }
    }

    #[test]
    fn pregnancy_rules_hold(intake in plannable_intake()) {
        let protocol = Protocol::seed();
        let (_, session) = planned(&protocol, &intake);
        let rules = &protocol.selection.pregnancy;
        let approved = intake.approved().contains(Contraindication::Pregnancy);
        for t in &session.techniques {
            if t.technique == Technique::PrenatalMassage {
                prop_assert!(intake.pregnant.is_yes() && approved);
            }
            if intake.pregnant.is_yes() {
                prop_assert!(!rules.excluded_techniques.contains(t.technique));
                prop_assert!(t.pressure <= rules.max_pressure);
                prop_assert!((t.regions & rules.avoid).is_empty());
                prop_assert!((t.tools & rules.excluded_tools).is_empty());
            }
        }
    }

    #[test]
    fn every_technique_is_planned_or_excluded_once(intake in plannable_intake()) {
        let protocol = Protocol::seed();
        let (_, session) = planned(&protocol, &intake);
        let mut seen: Vec<Technique> = session.techniques.iter().map(|t| t.technique)
            .chain(session.excluded.iter().map(|e| e.technique)).collect();
        seen.sort();
        prop_assert_eq!(seen, Technique::ALL.to_vec());
        prop_assert!(session.techniques.len() <= usize::from(protocol.selection.max_techniques));
        for (i, t) in session.techniques.iter().enumerate() {
            prop_assert_eq!(usize::from(t.rank), i + 1);
        }
        // Ranked best first: a first choice leads, then the score never rises down the list.
        let first = session.techniques.iter().take_while(|t| t.first_choice).count();
        prop_assert!(first <= 1);
        prop_assert!(session.techniques.iter().skip(first).all(|t| !t.first_choice));
        for pair in session.techniques[first..].windows(2) {
            prop_assert!(pair[0].score >= pair[1].score);
        }
        for e in &session.excluded {
            prop_assert!(e.seed.is_in_seed());
            prop_assert_eq!(e.rule, e.exclusion.rule());
        }
    }

    #[test]
    fn the_ranking_runs_on_past_the_limit_into_the_techniques_left_below_it(
        intake in plannable_intake()
    ) {
        // Every technique that could be done has a rank, planned or left below the limit:
        // ranks 1, 2, ... with the planned ones first, ordered (after a first choice) by
        // score, then conditions addressed, then code, each counted here from the table.
        let protocol = Protocol::seed();
        let (_, session) = planned(&protocol, &intake);
        let needs = needs(&intake);
        let needs = &needs;
        let met = |t: Technique| {
            protocol.selection.pairings.iter()
                .filter(move |p| p.technique == t && needs.contains(&p.need))
        };
        let key = |t: Technique| {
            let score: u16 = met(t).map(|p| p.strength.points()).sum();
            let mut conditions = ConditionSet::empty();
            for p in met(t) {
                if let Need::Condition(c) = p.need {
                    conditions |= c;
                }
            }
            (std::cmp::Reverse(score), std::cmp::Reverse(conditions.len()), t)
        };
        let mut ranked: Vec<(u8, Technique, bool)> = session.techniques.iter()
            .map(|t| (t.rank, t.technique, t.first_choice))
            .chain(session.excluded.iter().filter_map(|e| match e.exclusion {
                Exclusion::BelowLimit { rank } => Some((rank, e.technique, false)),
                _ => None,
            }))
            .collect();
        ranked.sort();
        let ranks: Vec<u8> = ranked.iter().map(|r| r.0).collect();
        let expected: Vec<u8> = (1..=ranked.len()).map(|r| r as u8).collect();
        prop_assert_eq!(ranks, expected);
        for (t, (_, technique, _)) in session.techniques.iter().zip(&ranked) {
            prop_assert_eq!(t.technique, *technique, "the planned techniques rank first");
            prop_assert_eq!(t.score, key(t.technique).0.0);
        }
        let first = ranked.iter().take_while(|r| r.2).count();
        for pair in ranked[first..].windows(2) {
            prop_assert!(key(pair[0].1) < key(pair[1].1), "{:?} before {:?}", pair[0], pair[1]);
        }
    }

    #[test]
    fn a_chronic_condition_gets_the_chronic_length(intake in plannable_intake()) {
        let protocol = Protocol::seed();
        let (_, session) = planned(&protocol, &intake);
        let chronic = intake.conditions.iter().any(|c| c.acuity == Acuity::Chronic);
        let expected = if chronic { protocol.selection.session.chronic_minutes }
            else { protocol.selection.session.standard_minutes };
        prop_assert_eq!(session.minutes, expected);
    }

    #[test]
    fn plans_are_deterministic_and_survive_json(intake in plannable_intake()) {
        let protocol = Protocol::seed();
        let (_, first) = planned(&protocol, &intake);
        let (_, second) = planned(&protocol, &intake);
        prop_assert_eq!(&first, &second);
        let json = serde_json::to_string(&first).unwrap();
        prop_assert_eq!(serde_json::from_str::<SessionPlan>(&json).unwrap(), first);
    }

    #[test]
    fn no_plan_unless_cleared_or_restricted(intake in intake()) {
        let protocol = Protocol::seed();
        let screened = Screened::new(&protocol, &intake).unwrap();
        let screening = *screened.screening();
        // A clearance, the only way to a plan, comes only from a screening that allows one.
        match screened.clearance() {
            Ok(clearance) => {
                prop_assert!(screening.outcome.allows_session());
                prop_assert_eq!(clearance.screening(), &screening);
                prop_assert_eq!(plan(&clearance).outcome, screening.outcome);
            }
            Err(ClearanceError { outcome }) => {
                prop_assert_eq!(outcome, screening.outcome);
                prop_assert!(!outcome.allows_session());
            }
        }
    }
}

#[test]
fn every_condition_and_goal_has_a_technique_in_the_seed_protocol() {
    let protocol = Protocol::seed();
    for &c in Condition::ALL {
        assert!(
            protocol
                .selection
                .pairings
                .iter()
                .any(|p| p.need == Need::Condition(c)),
            "{c}"
        );
    }
    for &g in Goal::ALL {
        assert!(
            protocol
                .selection
                .pairings
                .iter()
                .any(|p| p.need == Need::Goal(g)),
            "{g}"
        );
    }
}

#[test]
fn the_seeds_own_pairings_are_in_the_seed_protocol() {
    // The seed names these pairings (L43-153); each must be in the table.
    use Condition as C;
    use Technique as T;
    let protocol = Protocol::seed();
    let expected = [
        (C::ChronicPain, T::DeepTissue),
        (C::ChronicPain, T::TriggerPointTherapy),
        (C::ChronicPain, T::MyofascialRelease),
        (C::ChronicPain, T::NeuromuscularTherapy),
        (C::SurgicalScarring, T::MyofascialRelease),
        (C::Swelling, T::LymphaticDrainage),
        (C::AthleticTraining, T::SportsMassage),
        (C::Anxiety, T::Swedish),
        (C::Anxiety, T::CraniosacralTherapy),
        (C::Stress, T::Swedish),
        (C::Stress, T::CraniosacralTherapy),
        (C::Headache, T::CraniosacralTherapy),
        (C::Headache, T::TriggerPointTherapy),
        (C::NeckPain, T::CraniosacralTherapy),
        (C::NeckPain, T::TriggerPointTherapy),
        (C::PregnancyDiscomfort, T::PrenatalMassage),
    ];
    for (c, t) in expected {
        assert!(
            protocol
                .selection
                .pairings
                .iter()
                .any(|p| p.need == Need::Condition(c) && p.technique == t),
            "{c} -> {t} missing"
        );
    }
    // Technique-region fit (L61, L85, L111).
    let fit = |t| protocol.selection.technique(t).unwrap().regions.unwrap();
    assert_eq!(
        fit(T::Reflexology),
        BodyRegion::LeftFoot | BodyRegion::RightFoot
    );
    assert!(fit(T::CuppingTherapy).contains(BodyRegion::LowerBack));
    assert!(!fit(T::CuppingTherapy).contains(BodyRegion::LeftFoot));
    assert!(fit(T::CraniosacralTherapy).contains(BodyRegion::Head));
    assert!(!fit(T::CraniosacralTherapy).contains(BodyRegion::LeftThigh));
    assert!(
        protocol
            .selection
            .technique(T::CuppingTherapy)
            .unwrap()
            .tools
            .contains(Tool::Cups)
    );
}

#[test]
fn an_approved_pregnant_client_gets_prenatal_massage_within_the_pregnancy_rules() {
    let intake: Intake = serde_json::from_str(
        r#"{"assessed_on": "2026-11-27", "age": 31, "pregnant": "yes",
            "approvals": [{"covers": ["pregnancy"], "valid_until": "2027-03-01"}],
            "findings": [],
            "conditions": [{"condition": "pregnancy_discomfort", "acuity": "ongoing",
                            "locations": [{"part": "lower_back"}]},
                           {"condition": "muscle_tension", "acuity": "chronic",
                            "locations": [{"part": "lower_back"}, {"part": "abdomen"}]}],
            "goals": ["relaxation"], "pain_tolerance": "deep",
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let protocol = Protocol::seed();
    let (screening, session) = planned(&protocol, &intake);
    assert_eq!(screening.outcome, Outcome::Cleared);
    let prenatal = session
        .techniques
        .iter()
        .find(|t| t.technique == Technique::PrenatalMassage);
    assert!(prenatal.is_some(), "{session}");
    for t in &session.techniques {
        assert!(t.pressure <= Pressure::Moderate, "{session}");
        assert!(!t.regions.contains(BodyRegion::Abdomen), "{session}");
        assert!(!t.tools.contains(Tool::HotStones), "{session}");
        assert_ne!(t.technique, Technique::DeepTissue);
    }
    let deep = session
        .excluded
        .iter()
        .find(|e| e.technique == Technique::DeepTissue)
        .unwrap();
    assert_eq!(deep.exclusion, Exclusion::ExcludedInPregnancy);

    // Without the approval there is no plan at all.
    let mut unapproved = intake.clone();
    unapproved.approvals.clear();
    let screened = Screened::new(&protocol, &unapproved).unwrap();
    assert_eq!(
        screened.clearance().unwrap_err(),
        ClearanceError {
            outcome: Outcome::NeedsApproval
        }
    );
}

/// The seed protocol with its pairings rearranged: any of them, in any order, with new
/// ones for any need and technique, up to well past two words of 64 pairings; each need
/// and technique paired at most once, as validation requires.
fn pairings_variant() -> impl Strategy<Value = Protocol> {
    use massage_rules::strategies::one_of;
    let seed = Protocol::seed();
    let known = seed.selection.pairings.clone();
    let line = known[0].seed;
    let need = prop_oneof![
        one_of::<Condition>().prop_map(Need::Condition),
        one_of::<Goal>().prop_map(Need::Goal),
    ];
    let extra =
        (need, one_of::<Technique>(), any::<bool>()).prop_map(move |(need, technique, primary)| {
            Pairing {
                need,
                technique,
                strength: if primary {
                    Strength::Primary
                } else {
                    Strength::Supporting
                },
                seed: line,
            }
        });
    (
        proptest::sample::subsequence(known.clone(), 0..=known.len()),
        proptest::collection::vec(extra, 0..=160),
    )
        .prop_flat_map(|(mut kept, extra)| {
            kept.extend(extra);
            Just(kept).prop_shuffle()
        })
        .prop_map(move |pairings| {
            let mut protocol = seed.clone();
            let mut seen = std::collections::HashSet::new();
            protocol.selection.pairings = pairings
                .into_iter()
                .filter(|p| seen.insert((p.need, p.technique)))
                .collect();
            protocol
        })
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/selection_props.txt"))]

    /// A validated protocol reads which pairings meet the client's needs from its index;
    /// the plan is the one made by asking every pairing, whatever the pairings' number
    /// (more than 128 spill out of the techniques' words) and order.
    #[test]
    fn a_validated_protocol_plans_as_the_protocol_does(
        protocol in prop_oneof![
            Just(Protocol::seed()),
            protocol_variant(&Protocol::conservative()),
            pairings_variant(),
        ],
        intake in prop_oneof![plannable_intake(), intake()],
    ) {
        let valid = protocol.validated().expect("variants are valid protocols");
        let by_rows = Screened::new(&protocol, &intake).unwrap();
        let by_index = Screened::valid(&valid, intake.validated().unwrap());
        prop_assert_eq!(by_index.screening(), by_rows.screening());
        if let (Ok(rows), Ok(index)) = (by_rows.clearance(), by_index.clearance()) {
            prop_assert_eq!(plan(&index), plan(&rows));
        }
    }
}
