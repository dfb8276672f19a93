//! Property tests that state the screening rules (L130-142, docs/DESIGN.md).

use jiff::ToSpan;
use massage_rules::intake::*;
use massage_rules::problem::ProblemKind;
use massage_rules::protocol::*;
use massage_rules::screening::*;
use massage_rules::strategies::{finding, intake, one_of, protocol_variant};
use massage_rules::vocabulary::*;
use proptest::prelude::*;

mod common;

fn seed() -> Protocol {
    Protocol::seed()
}

fn screened(protocol: &Protocol, intake: &Intake) -> Screening {
    screen(protocol, intake).expect("strategies make valid intakes")
}

/// The whole-client contraindications an intake presents, as the seed states them:
/// age outside the adult band (L134), pregnancy (L140); unknown counts as present.
fn whole_client_present(protocol: &Protocol, intake: &Intake) -> ContraindicationSet {
    let mut present = ContraindicationSet::empty();
    let r = &protocol.screening;
    if intake.age.is_none_or(|a| a < r.minor_under) {
        present |= Contraindication::Minor;
    }
    if intake.age.is_none_or(|a| a >= r.older_adult_from) {
        present |= Contraindication::OlderAdult;
    }
    // A "no" contradicted by the discomfort of pregnancy is read as unknown.
    let discomfort = intake
        .conditions
        .iter()
        .any(|c| c.condition == Condition::PregnancyDiscomfort);
    if !intake.pregnant.is_no() || discomfort {
        present |= Contraindication::Pregnancy;
    }
    present
}

/// An approval on file covers `c` on the assessment day: given by then, not expired, and
/// not expiring before it was given.
fn valid_approval_covers(intake: &Intake, c: Contraindication) -> bool {
    let day = intake.assessed_on;
    intake.approvals.iter().any(|a| {
        a.covers.contains(c)
            && a.given_on.is_none_or(|g| g <= day)
            && a.valid_until.is_none_or(|u| u >= day)
            && !matches!((a.given_on, a.valid_until), (Some(g), Some(u)) if u < g)
    })
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/screening_props.txt"))]

    #[test]
    fn adding_a_finding_is_never_more_permissive(intake in intake(), extra in finding()) {
        for protocol in [Protocol::seed(), Protocol::conservative()] {
            let before = screened(&protocol, &intake);
            let mut more = intake.clone();
            more.findings.push(extra);
            let after = screened(&protocol, &more);
            prop_assert!(after.is_at_least_as_strict_as(&before), "{before:?} -> {after:?}");
            let regions = extra.location.unwrap().regions();
            prop_assert!(!regions.is_empty() && after.avoid.is_superset(regions));
            prop_assert!(after.outcome >= Outcome::Restricted);
        }
    }

    /// An unknown answer is never read as "no" (it is never more permissive than the
    /// harmless answer, and never lets a session go ahead), and never as a diagnosis
    /// either: it names no contraindication the harmless answer would not.
    #[test]
    fn an_unknown_answer_is_never_more_permissive(intake in intake(), which in 0..5usize) {
        for protocol in [seed(), Protocol::conservative()] {
            let mut harmless = intake.clone();
            let mut unknown = intake.clone();
            let question = match which {
                0 => { harmless.age = Some(40); unknown.age = None; Question::Age }
                1 => { harmless.pregnant = Answer::No; unknown.pregnant = Answer::Unknown; Question::Pregnancy }
                2 => { harmless.practitioner.licensed = Answer::Yes; unknown.practitioner.licensed = Answer::Unknown; Question::Licence }
                3 => {
                    harmless.practitioner.medical_massage_trained = Answer::Yes;
                    unknown.practitioner.medical_massage_trained = Answer::Unknown;
                    Question::MedicalMassageTraining
                }
                _ => { harmless.history.fever = Answer::No; unknown.history.fever = Answer::Unknown; Question::Fever }
            };
            let before = screened(&protocol, &harmless);
            let after = screened(&protocol, &unknown);
            prop_assert!(after.is_at_least_as_strict_as(&before), "{before:?} -> {after:?}");
            prop_assert!(after.outcome >= Outcome::NeedsAnswers, "unknown {which} was cleared");
            prop_assert!(after.unanswered.contains(question));
            prop_assert_eq!(after.approval_needed | after.not_permitted, before.approval_needed | before.not_permitted);
        }
    }

    #[test]
    fn removing_an_approval_is_never_more_permissive(intake in intake()) {
        prop_assume!(!intake.approvals.is_empty());
        let protocol = seed();
        let before = screened(&protocol, &intake);
        for i in 0..intake.approvals.len() {
            let mut fewer = intake.clone();
            fewer.approvals.remove(i);
            let after = screened(&protocol, &fewer);
            prop_assert!(after.is_at_least_as_strict_as(&before));
        }
    }

    #[test]
    fn regions_to_avoid_are_exactly_the_finding_regions(intake in intake()) {
        for protocol in [Protocol::seed(), Protocol::conservative()] {
            let s = screened(&protocol, &intake);
            let expected: RegionSet = intake
                .findings
                .iter()
                .fold(RegionSet::empty(), |acc, f| acc | f.location.unwrap().regions());
            prop_assert_eq!(s.avoid, expected);
            prop_assert_eq!(s.allowed_regions() & s.avoid, RegionSet::empty());
        }
    }

    #[test]
    fn a_needed_approval_that_is_missing_is_never_cleared(intake in intake()) {
        let protocol = seed();
        let s = screened(&protocol, &intake);
        let missing = whole_client_present(&protocol, &intake)
            .iter()
            .any(|c| !valid_approval_covers(&intake, c));
        if missing {
            prop_assert!(!s.outcome.allows_session(), "{s:?}");
        }
    }

    #[test]
    fn an_approval_covering_the_need_clears_it_and_an_expired_one_does_not(
        intake in intake(), expired_by in 1i64..400,
    ) {
        let protocol = seed();
        let mut ready = intake.clone();
        ready.practitioner.licensed = Answer::Yes;
        ready.practitioner.medical_massage_trained = Answer::Yes;
        ready.approvals.clear();
        ready.history.fever = Answer::No;
        // Known answers only: an unknown one is never cleared, approval or not.
        ready.age = Some(ready.age.unwrap_or(10));
        if ready.pregnant == Answer::Unknown {
            ready.pregnant = Answer::Yes;
        }
        // No contradiction either: that too is never cleared until resolved.
        if ready.pregnant.is_no() {
            ready.conditions.retain(|c| c.condition != Condition::PregnancyDiscomfort);
        }
        let need = whole_client_present(&protocol, &ready);
        prop_assume!(!need.is_empty());

        let without = screened(&protocol, &ready);
        prop_assert_eq!(without.outcome, Outcome::NeedsApproval);
        prop_assert_eq!(without.approval_needed, need);

        let mut expired = ready.clone();
        expired.approvals.push(PhysicianApproval {
            covers: need,
            given_on: None,
            valid_until: Some(ready.assessed_on - expired_by.days()),
            physician: None,
        });
        let s = screened(&protocol, &expired);
        prop_assert_eq!(s.outcome, Outcome::NeedsApproval);
        prop_assert_eq!(s.approval_expired, need);

        let mut approved = ready.clone();
        approved.approvals.push(PhysicianApproval {
            covers: need,
            given_on: None,
            valid_until: Some(ready.assessed_on),
            physician: Some("Dr. Example".into()),
        });
        let s = screened(&protocol, &approved);
        prop_assert!(s.outcome.allows_session(), "{s:?}");
        prop_assert_eq!(s.approval_on_file, need);
        prop_assert_eq!(s.outcome == Outcome::Restricted, !ready.findings.is_empty());
    }

    #[test]
    fn conservative_is_never_more_permissive_than_seed(intake in intake()) {
        let seed = screened(&Protocol::seed(), &intake);
        let conservative = screened(&Protocol::conservative(), &intake);
        prop_assert!(conservative.is_at_least_as_strict_as(&seed), "{seed:?} vs {conservative:?}");
    }

    #[test]
    fn an_unqualified_practitioner_is_never_permitted(intake in intake()) {
        let s = screened(&seed(), &intake);
        let p = &intake.practitioner;
        if p.licensed.is_no() || p.medical_massage_trained.is_no() {
            prop_assert_eq!(s.outcome, Outcome::NotPermitted);
        } else if !p.licensed.is_yes() || !p.medical_massage_trained.is_yes() {
            prop_assert!(s.outcome >= Outcome::NeedsAnswers);
        }
    }

    #[test]
    fn intake_and_screening_survive_json(intake in intake()) {
        let json = serde_json::to_string(&intake).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Intake>(&json).unwrap(), &intake);
        let s = screened(&Protocol::conservative(), &intake);
        let json = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(serde_json::from_str::<Screening>(&json).unwrap(), s);
    }

    #[test]
    fn every_reason_points_at_a_seed_line_and_a_rule_of_its_protocol(intake in intake()) {
        for protocol in [Protocol::seed(), Protocol::conservative()] {
            let s = screened(&protocol, &intake);
            let reasons: Vec<Reason> = s.reasons().collect();
            for r in &reasons {
                prop_assert!(r.seed.is_in_seed(), "{r}");
                prop_assert_eq!(r.protocol, protocol.stamp());
                prop_assert!(protocol.has_rule(r.rule, r.contraindication), "{r}");
            }
            // Every region avoided and every blocker is explained.
            for region in s.avoid {
                prop_assert!(reasons.iter().any(|r| r.effect == Effect::Avoid && r.region == Some(region)));
            }
            for c in s.approval_needed {
                prop_assert!(reasons.iter().any(|r| r.contraindication == Some(c)
                    && matches!(r.effect, Effect::NeedsApproval | Effect::ApprovalExpired)));
            }
            let blocking = reasons.iter().any(|r| matches!(r.effect, Effect::NotPermitted | Effect::Postponed));
            prop_assert_eq!(blocking, s.outcome == Outcome::NotPermitted);
            // Asking first is the outcome exactly when only unanswered questions stand in
            // the way, and each is a reason naming its question, never a contraindication.
            let asks = reasons.iter().any(|r| r.effect == Effect::Unanswered);
            prop_assert_eq!(asks, !s.unanswered.is_empty());
            prop_assert!(reasons.iter().filter(|r| r.effect == Effect::Unanswered)
                .all(|r| r.contraindication.is_none() && r.question.is_some()));
            if s.outcome == Outcome::NeedsAnswers {
                prop_assert!(s.approval_needed.is_empty() && s.not_permitted.is_empty());
                prop_assert!(!(s.unanswered | s.contradicted).is_empty());
            }
            // A cleared screening explains only approvals on file, and an approval that
            // contradicts itself (read as no approval; not needed here).
            if s.outcome == Outcome::Cleared {
                prop_assert!(reasons.iter().all(|r| r.effect == Effect::ApprovalOnFile
                    || (r.effect == Effect::Contradicted
                        && r.question == Some(Question::PhysicianApproval))));
            }
            // Every contradiction is explained, and a pregnancy answer in doubt never clears.
            for q in intake.contradicted() {
                prop_assert!(reasons.iter().any(|r| r.effect == Effect::Contradicted
                    && r.question == Some(q)));
            }
            if intake.contradicted().contains(Question::Pregnancy) {
                prop_assert!(!s.outcome.allows_session());
            }
        }
    }
}

#[test]
fn a_stored_screening_with_edited_reasons_is_rejected() {
    let intake: Intake = serde_json::from_str(
        r#"{"assessed_on": "2026-11-27", "age": 30, "pregnant": "no",
            "findings": [{"contraindication": "infection", "location": {"part": "neck"}}],
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let s = screen(&seed(), &intake).unwrap();
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains("\"region\":\"neck\""));
    let edited = json.replace("\"region\":\"neck\"", "\"region\":\"head\"");
    let err = serde_json::from_str::<Screening>(&edited).unwrap_err();
    assert!(err.to_string().contains("reasons do not match"), "{err}");
}

#[test]
fn intakes_read_region_names_and_boolean_answers() {
    let intake: Intake = serde_json::from_str(
        r#"{"assessed_on": "2026-11-27", "age": 30, "pregnant": false,
            "findings": [{"contraindication": "open_wound", "location": "left_forearm"},
                         {"contraindication": "infection", "location": "neck"}],
            "history": "none", "practitioner": {"licensed": true, "medical_massage_trained": null}}"#,
    )
    .unwrap();
    assert_eq!(intake.pregnant, Answer::No);
    assert_eq!(intake.practitioner.licensed, Answer::Yes);
    assert_eq!(intake.practitioner.medical_massage_trained, Answer::Unknown);
    assert_eq!(
        intake.findings[0].location,
        Some(Location::sided(BodyPart::Forearm, Side::Left))
    );
    // A paired part named without a side is read, then rejected by validation.
    let unsided: Intake = serde_json::from_str(
        r#"{"assessed_on": "2026-11-27", "findings": [{"contraindication": "open_wound", "location": "forearm"}],
            "history": "none", "practitioner": {}}"#,
    )
    .unwrap();
    let problems = unsided.validate().unwrap_err().problems;
    assert_eq!(problems[0].kind, ProblemKind::MissingSide);
    let bad = serde_json::from_str::<Intake>(
        r#"{"assessed_on": "2026-11-27", "findings": [{"contraindication": "open_wound", "location": "elbow"}],
            "history": "none", "practitioner": {}}"#,
    );
    assert!(bad.is_err());
    let typo = serde_json::from_str::<Intake>(
        r#"{"assessed_on": "2026-11-27", "findings": [{"contraindication": "open_wound",
            "location": {"part": "forearm", "sid": "left"}}], "history": "none", "practitioner": {}}"#,
    );
    assert!(
        typo.is_err(),
        "a misspelt field must not be dropped silently"
    );
}

#[test]
fn an_unknown_answer_word_is_refused_by_name() {
    let err = serde_json::from_str::<Intake>(
        r#"{"assessed_on": "2026-11-27", "pregnant": "perhaps", "findings": [], "history": "none", "practitioner": {}}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("unknown answer \"perhaps\""),
        "{err}"
    );
}

fn any_severity() -> impl Strategy<Value = Severity> {
    prop_oneof![
        Just(Severity::Local),
        Just(Severity::NeedsApproval),
        Just(Severity::NotPermitted)
    ]
}

proptest! {
    /// A protocol changed by hand and not validated (rows missing, repeated, in any order,
    /// of any severity) is still read row by row as promised: a contraindication found on
    /// the client rules massage out when its first row says so, when it has no row, or
    /// when its row asks for an approval no approval can give; it needs an approval when
    /// its first row asks for one (or marks a whole-client one local); and it only keeps
    /// its region out when its first row is local and it is found on a region.
    #[test]
    fn every_present_contraindication_is_weighed_by_its_first_row(
        intake in intake(),
        rows in proptest::collection::vec(
            (one_of::<Contraindication>(), any_severity()), 0..16),
    ) {
        let mut protocol = seed();
        protocol.screening.contraindications = rows
            .iter()
            .map(|&(contraindication, severity)| ContraindicationRule {
                contraindication,
                severity,
                note: None,
            })
            .collect();
        let s = screened(&protocol, &intake);
        let weighed = s.approval_needed | s.approval_on_file;
        // What the client presents, read off the intake (an unknown age presents
        // neither age band; the discomfort of pregnancy presents a pregnancy whatever the
        // answer), so a contraindication weighed away entirely is caught too.
        let r = &protocol.screening;
        let mut present = s.findings.contraindications();
        if let Some(age) = intake.age {
            if age < r.minor_under {
                present |= Contraindication::Minor;
            }
            if age >= r.older_adult_from {
                present |= Contraindication::OlderAdult;
            }
        }
        let discomfort = intake
            .conditions
            .iter()
            .any(|c| c.condition == Condition::PregnancyDiscomfort);
        if intake.pregnant.is_yes() || discomfort {
            present |= Contraindication::Pregnancy;
        }
        if intake.history.fever.is_yes() {
            present |= Contraindication::Fever;
        }
        prop_assert!((weighed | s.not_permitted).is_subset(present));
        for c in present {
            // The first row counts; a contraindication without a row is not permitted.
            let severity = r.severity(c);
            let rules_out = match severity {
                Severity::NotPermitted => true,
                Severity::NeedsApproval => !c.is_approvable(),
                Severity::Local => !c.is_regional() && !c.is_approvable(),
            };
            prop_assert_eq!(s.not_permitted.contains(c), rules_out, "{:?} {:?}", c, severity);
            let needs = !rules_out
                && (severity == Severity::NeedsApproval || !c.is_regional());
            prop_assert_eq!(weighed.contains(c), needs, "{:?} {:?}", c, severity);
        }
        // Whatever the rows, a finding on a region keeps that region out.
        prop_assert!(s.avoid.is_superset(s.findings.regions()));
    }
}

proptest! {
    /// A protocol validated once screens every intake as the protocol itself does: its
    /// table weighed into masks once gives what weighing its rows for each intake gives,
    /// for any variant of the seed's or the conservative protocol's severities, ages and
    /// requirements.
    #[test]
    fn a_validated_protocol_screens_as_the_protocol_does(
        protocol in prop_oneof![
            protocol_variant(&Protocol::seed()),
            protocol_variant(&Protocol::conservative()),
        ],
        intake in intake(),
    ) {
        let valid = protocol.validated().expect("variants are valid protocols");
        let valid_intake = intake.validated().expect("strategies make valid intakes");
        let by_rows = screen_valid(&protocol, valid_intake);
        prop_assert_eq!(screen_valid(&valid, valid_intake), by_rows);
        prop_assert_eq!(screened(&protocol, &intake), by_rows);
    }
}
