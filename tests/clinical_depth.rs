//! Issue 11: the medical history, approved ages, a gentle start and time to heal, stated
//! as properties over generated intakes and as regressions. The clinician's lists here
//! (what is a spine, what is a thermal tool) are written independently of the protocol's
//! rows, so a row that drifts is caught.

use jiff::civil::date;
use massage_rules::intake::MedicalHistory;
use massage_rules::scheduling::{Reassessment, Score};
use massage_rules::selection::Precaution;
use massage_rules::strategies::{location, plannable_intake, protocol_variant};
use massage_rules::vocabulary::*;
use massage_rules::*;
use proptest::prelude::*;

mod common;

fn screened(protocol: &Protocol, intake: &Intake) -> Screening {
    screen(protocol, intake).expect("a valid intake")
}

/// The plan, when the protocol clears the intake.
fn plan_of(protocol: &Protocol, intake: &Intake) -> Option<SessionPlan> {
    let screened = Screened::new(protocol, intake).ok()?;
    Some(plan(&screened.clearance().ok()?))
}

/// `strict` is no more permissive than `loose`: a limit no firmer, and every technique it
/// keeps is done no firmer (on any region), on no more regions, with no more tools; a
/// technique the loose plan left out for a reason of safety stays out.
fn at_least_as_strict(strict: &SessionPlan, loose: &SessionPlan) -> Result<(), TestCaseError> {
    prop_assert!(strict.pressure_limit <= loose.pressure_limit);
    prop_assert!(strict.first_session_pressure <= loose.first_session_pressure);
    prop_assert!(strict.avoid.is_superset(loose.avoid));
    common::no_firmer(strict, loose, true)
}

fn item() -> impl Strategy<Value = History> {
    proptest::sample::select(History::ALL)
}

/// The regions a clinician calls the spine and the trunk's bones.
const SPINE: [BodyRegion; 3] = [
    BodyRegion::Neck,
    BodyRegion::UpperBack,
    BodyRegion::LowerBack,
];

proptest! {
    #![proptest_config(common::config("proptest-regressions/clinical_depth.txt"))]

    /// Answering an item yes, or leaving it unknown, never makes a decision more
    /// permissive than answering it no.
    #[test]
    fn history_never_makes_a_decision_more_permissive(
        intake in plannable_intake(), item in item(), unknown in any::<bool>(),
        variant in protocol_variant(&Protocol::seed()),
    ) {
        for protocol in [Protocol::seed(), Protocol::conservative(), variant] {
            let mut no = intake.clone();
            no.history.set(item, Answer::No);
            if History::REGIONAL.contains(item) {
                match item {
                    History::ReducedSensation => no.history.reduced_sensation_at.clear(),
                    _ => no.history.varicose_veins_at.clear(),
                }
            }
            let mut with = intake.clone();
            with.history.set(item, if unknown { Answer::Unknown } else { Answer::Yes });
            let (a, b) = (screened(&protocol, &no), screened(&protocol, &with));
            prop_assert!(b.is_at_least_as_strict_as(&a), "{a} / {b}");
            if let (Some(loose), Some(strict)) = (plan_of(&protocol, &no), plan_of(&protocol, &with)) {
                at_least_as_strict(&strict, &loose)?;
            } else {
                prop_assert!(plan_of(&protocol, &with).is_none() || plan_of(&protocol, &no).is_some());
            }
        }
    }

    /// A fever or a systemic infection postpones the session; not knowing holds it too,
    /// as a question to ask, never as a fever the client was not found to have.
    #[test]
    fn a_fever_or_an_unknown_one_postpones_the_session(intake in plannable_intake(), yes in any::<bool>()) {
        let mut intake = intake;
        intake.history.fever = if yes { Answer::Yes } else { Answer::Unknown };
        for protocol in [Protocol::seed(), Protocol::conservative()] {
            let s = screened(&protocol, &intake);
            prop_assert!(!s.outcome.allows_session());
            let named = s.reasons().any(|r| r.contraindication == Some(Contraindication::Fever));
            prop_assert_eq!(named, yes, "{}", s);
            if yes {
                prop_assert_eq!(s.outcome, Outcome::NotPermitted);
            } else {
                // What is known may already ask for more (an approval); never less.
                let mut no = intake.clone();
                no.history.fever = Answer::No;
                let known = screened(&protocol, &no);
                prop_assert_eq!(s.outcome, known.outcome.max(Outcome::NeedsAnswers));
                prop_assert!(s.reasons().any(|r| r.question == Some(Question::Fever)
                    && r.effect == massage_rules::screening::Effect::Unanswered));
            }
        }
    }

    /// An anticoagulated client, or one on long-term corticosteroids, never gets more than
    /// the row's cap, deep tissue, cupping or cups.
    #[test]
    fn anticoagulants_and_steroids_cap_pressure_and_rule_out_bruising_work(
        intake in plannable_intake(),
        steroids in any::<bool>(),
    ) {
        let protocol = Protocol::seed();
        let item = if steroids { History::Corticosteroids } else { History::Anticoagulants };
        let mut intake = intake;
        intake.history.set(item, Answer::Yes);
        let cap = protocol.selection.history_rule(item).unwrap().max_pressure.unwrap();
        if let Some(session) = plan_of(&protocol, &intake) {
            prop_assert!(session.pressure_limit <= cap);
            for t in &session.techniques {
                prop_assert!(t.pressure <= cap, "{} at {}", t.technique, t.pressure);
                prop_assert!(!matches!(t.technique, Technique::DeepTissue | Technique::CuppingTherapy));
                prop_assert!(!t.tools.contains(Tool::Cups));
            }
        }
    }

    /// Osteoporosis: nothing firmer than moderate on the spine.
    #[test]
    fn osteoporosis_keeps_firm_pressure_off_the_spine(intake in plannable_intake()) {
        let protocol = Protocol::seed();
        let mut intake = intake;
        intake.history.osteoporosis = Answer::Yes;
        if let Some(session) = plan_of(&protocol, &intake) {
            for t in &session.techniques {
                if SPINE.iter().any(|r| t.regions.contains(*r)) {
                    prop_assert!(t.pressure <= Pressure::Moderate, "{} at {}", t.technique, t.pressure);
                }
            }
        }
    }

    /// Reduced sensation: no hot or cold stones where it is recorded, and none on the feet
    /// when no place is recorded.
    #[test]
    fn reduced_sensation_never_gets_a_thermal_tool(
        intake in plannable_intake(), places in proptest::collection::vec(location(), 0..3),
    ) {
        let protocol = Protocol::seed();
        let mut intake = intake;
        intake.history.reduced_sensation = Answer::Yes;
        intake.history.reduced_sensation_at = places.clone();
        let numb = if places.is_empty() {
            BodyRegion::LeftFoot | BodyRegion::RightFoot
        } else {
            places.iter().fold(RegionSet::empty(), |acc, l| acc | l.regions())
        };
        if let Some(session) = plan_of(&protocol, &intake) {
            for t in &session.techniques {
                if !(t.regions & numb).is_empty() {
                    prop_assert!(!t.tools.contains(Tool::HotStones), "{}", t.technique);
                    prop_assert!(!t.tools.contains(Tool::ColdStones), "{}", t.technique);
                }
            }
        }
    }

    /// An approved minor or older adult gets at most the protocol's cap, and never deep
    /// tissue at deep pressure.
    #[test]
    fn approved_minors_and_older_adults_get_gentler_work(
        intake in plannable_intake(), minor in any::<bool>(), age_offset in 0u32..20,
    ) {
        let protocol = Protocol::seed();
        let mut intake = intake;
        let c = if minor { Contraindication::Minor } else { Contraindication::OlderAdult };
        intake.age = Some(if minor { 8 + age_offset / 2 } else { 65 + age_offset });
        intake.approvals.push(massage_rules::intake::PhysicianApproval {
            covers: c.into(),
            given_on: None,
            valid_until: None,
            physician: None,
        });
        let cap = protocol
            .selection
            .age_caps
            .iter()
            .find(|r| r.contraindication == c)
            .unwrap()
            .max_pressure;
        let session = plan_of(&protocol, &intake).expect("an approved client is planned");
        prop_assert!(session.pressure_limit <= cap);
        for t in &session.techniques {
            prop_assert!(t.pressure <= cap);
            prop_assert!(!(t.technique == Technique::DeepTissue && t.pressure == Pressure::Deep));
        }
        let age = Precaution::Age { contraindication: c };
        prop_assert!(session.precautions.iter().any(|p| p.precaution == age));
    }

    /// A course starts a level below the ceiling (never below light), and only improvement
    /// raises it, a level at a time, never above the ceiling.
    #[test]
    fn a_course_starts_gently_and_firms_up_only_with_improvement(
        intake in plannable_intake(),
        scores in proptest::collection::vec(0u8..=10, 1..8),
    ) {
        let protocol = Protocol::seed();
        let Some(session) = plan_of(&protocol, &intake) else { return Ok(()) };
        let expected = Pressure::from_code(session.pressure_limit.code().saturating_sub(1)).unwrap();
        prop_assert_eq!(session.first_session_pressure, expected);
        let Some(mut course) = common::course(&protocol, &intake, Some(Score::Pain(8))) else { return Ok(()) };
        prop_assert_eq!(course.pressure, Some(session.first_session_pressure));
        prop_assert_eq!(course.pressure_ceiling, Some(session.pressure_limit));
        for (i, score) in scores.into_iter().enumerate() {
            let before = course.pressure.unwrap();
            let on = date(2027, 1, 1) + jiff::Span::new().days(7 * i as i64);
            let Ok(progress) = course.reassess(&protocol, Reassessment { on, score: Score::Pain(score) }) else { break };
            let after = course.pressure.unwrap();
            prop_assert!(after <= session.pressure_limit);
            prop_assert!(after >= before);
            prop_assert!(after.code() <= before.code() + 1);
            if after > before {
                prop_assert!(matches!(progress, massage_rules::scheduling::Progress::Advance | massage_rules::scheduling::Progress::Complete));
            }
        }
    }
}

fn intake(extra: &str) -> Intake {
    Intake::from_json(&format!(
        r#"{{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "pain_tolerance": "deep", "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}},
            {extra}}}"#
    ))
    .unwrap()
}

#[test]
fn an_injury_in_its_acute_window_gets_only_lymphatic_drainage_on_its_region() {
    let protocol = Protocol::seed();
    let strain = |onset: &str| {
        intake(&format!(
            r#""history": "none", "goals": ["relaxation"],
               "conditions": [{{"condition": "strain", "acuity": "injury", "onset": "{onset}",
                               "locations": [{{"part": "lower_leg", "side": "left"}}]}}]"#
        ))
    };
    let fresh = common::session(&protocol, &strain("2026-11-25"));
    for t in &fresh.techniques {
        if t.regions.contains(BodyRegion::LeftLowerLeg) {
            assert_eq!(t.technique, Technique::LymphaticDrainage, "{fresh}");
            assert_eq!(t.pressure, Pressure::Light);
        }
    }
    assert!(fresh.precautions.iter().any(|p| p.precaution
        == Precaution::AcuteInjury {
            condition: Condition::Strain
        }));
    // An unknown day of injury is read as fresh.
    let unknown = intake(
        r#""history": "none", "conditions": [{"condition": "strain", "acuity": "injury",
               "locations": [{"part": "lower_leg", "side": "left"}]}]"#,
    );
    assert_eq!(common::session(&protocol, &unknown).precautions.len(), 1);
    // Ten days on, the window has passed: other work reaches the calf again.
    let later = common::session(&protocol, &strain("2026-11-17"));
    assert!(later.precautions.is_empty(), "{later}");
    assert!(
        later
            .techniques
            .iter()
            .any(|t| t.regions.contains(BodyRegion::LeftLowerLeg)
                && t.technique != Technique::LymphaticDrainage),
        "{later}"
    );
}

#[test]
fn no_scar_work_on_a_surgical_site_until_the_protocols_weeks_have_passed() {
    let protocol = Protocol::seed();
    let scar = |onset: &str| {
        intake(&format!(
            r#""history": "none", "goals": ["scar_tissue_remodeling"],
               "conditions": [{{"condition": "surgical_scarring", "acuity": "chronic",
                               "onset": "{onset}", "locations": ["abdomen"]}}]"#
        ))
    };
    let weeks = protocol.selection.healing.scar_work_after_weeks;
    let recent = common::session(&protocol, &scar("2026-11-06"));
    assert!(weeks > 3);
    assert!(
        recent
            .techniques
            .iter()
            .all(|t| !t.regions.contains(BodyRegion::Abdomen)
                || !protocol
                    .selection
                    .healing
                    .scar_techniques
                    .contains(t.technique)),
        "{recent}"
    );
    let healed = common::session(&protocol, &scar("2026-08-01"));
    assert!(
        healed
            .techniques
            .iter()
            .any(|t| t.technique == Technique::MyofascialRelease
                && t.regions.contains(BodyRegion::Abdomen)),
        "{healed}"
    );
}

#[test]
fn varicose_veins_on_a_leg_get_light_pressure_there_and_the_plan_says_why() {
    let protocol = Protocol::seed();
    let client = intake(
        r#""goals": ["relaxation"],
           "history": {"anticoagulants": "no", "corticosteroids": "no", "osteoporosis": "no",
                       "reduced_sensation": "no", "varicose_veins": "yes",
                       "varicose_veins_at": [{"part": "lower_leg", "side": "right"}], "fever": "no"}"#,
    );
    let session = common::session(&protocol, &client);
    for t in &session.techniques {
        if t.regions.contains(BodyRegion::RightLowerLeg) {
            assert_eq!(t.pressure, Pressure::Light, "{session}");
        }
    }
    let text = session.to_string();
    assert!(
        text.contains("Precaution (L176): varicose veins on right lower leg"),
        "{text}"
    );
}

#[test]
fn unknown_history_is_read_as_yes_and_said_so() {
    let protocol = Protocol::seed();
    let mut history = MedicalHistory::none();
    history.anticoagulants = Answer::Unknown;
    let mut client = intake(r#""goals": ["pain_relief"], "history": "none""#);
    client.history = history;
    let session = common::session(&protocol, &client);
    assert!(session.pressure_limit <= Pressure::Moderate);
    assert!(session.to_string().contains("(unknown, read as yes)"));
    // Absent altogether, the history is unknown: the fever question holds the session,
    // as a question to ask first, not as a fever.
    let silent = Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let s = screen(&protocol, &silent).unwrap();
    assert_eq!(s.outcome, Outcome::NeedsAnswers);
    assert!(s.unanswered.contains(Question::Fever));
    assert!(s.not_permitted.is_empty());
}

#[test]
fn every_history_mistake_is_reported_with_its_path() {
    let err = Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{"condition": "strain", "acuity": "injury", "onset": "2026-12-01"}],
            "history": {"anticoagulants": "perhaps", "reduced_sensation_at": [{"part": "foot"}],
                        "statins": "yes"},
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap_err();
    let Error::Intake(invalid) = err else {
        panic!("{err}")
    };
    use massage_rules::problem::ProblemKind as K;
    assert!(
        invalid.has("history.anticoagulants", K::UnknownName),
        "{invalid}"
    );
    assert!(
        invalid.has("history.reduced_sensation_at[0].side", K::MissingSide),
        "{invalid}"
    );
    assert!(invalid.has("history.statins", K::UnknownField), "{invalid}");
    assert!(
        invalid.has("conditions[0].onset", K::OnsetAfterAssessment),
        "{invalid}"
    );
    assert!(
        Intake::from_json(
            r#"{"assessed_on": "2026-11-27", "findings": [], "history": "nothing",
                "practitioner": {}}"#
        )
        .is_err()
    );
}
