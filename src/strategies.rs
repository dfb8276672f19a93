//! proptest strategies for downstream property tests (feature `proptest`).
//!
//! Free functions, each returning a strategy. Every intake they make is valid, and over
//! many cases every vocabulary item appears.
//!
//! ```
//! use massage_rules::{screen, strategies, Outcome, Protocol};
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! // "A pregnant client without an approval is never cleared", checked on 64 intakes.
//! let protocol = Protocol::seed();
//! let mut runner = TestRunner::default();
//! runner.run(&strategies::intake(), |intake| {
//!     let screening = screen(&protocol, &intake).expect("strategies make valid intakes");
//!     if intake.pregnant.is_yes() && !intake.approved().contains(massage_rules::vocabulary::Contraindication::Pregnancy) {
//!         prop_assert!(!screening.outcome.allows_session());
//!     }
//!     Ok(())
//! })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use enumset::{EnumSet, EnumSetTypeWithRepr};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use proptest::sample::select;

use crate::intake::{
    ConditionEntry, Finding, Intake, Location, MedicalHistory, PhysicianApproval, Practitioner,
};
use crate::vocabulary::*;

/// Any variant of a vocabulary enum.
pub fn one_of<T: Vocabulary>() -> impl Strategy<Value = T> {
    select(T::ALL)
}

/// Any subset of a vocabulary enum whose set is a `u32`, as its set type
/// (`set_of::<BodyRegion>()` gives [`RegionSet`]s).
pub fn set_of<T>() -> impl Strategy<Value = T::Set>
where
    T: Vocabulary + EnumSetTypeWithRepr<Repr = u32>,
{
    any::<u32>().prop_map(|bits| EnumSet::<T>::from_repr_truncated(bits).into())
}

/// An answer: yes, no or unknown.
pub fn answer() -> impl Strategy<Value = Answer> {
    one_of::<Answer>()
}

/// A valid location: any region written as part and side, or now and then a part that
/// covers several regions (`back`, a left `arm`).
pub fn location() -> impl Strategy<Value = Location> {
    let groups: Vec<BodyPart> = BodyPart::ALL
        .iter()
        .copied()
        .filter(|p| p.parts().len() > 1)
        .collect();
    prop_oneof![
        6 => one_of::<BodyRegion>().prop_map(Location::from),
        1 => (select(groups), one_of::<Side>()).prop_map(|(part, side)| Location {
            part,
            side: part.is_paired().then_some(side),
        }),
    ]
}

/// A valid finding: a regional contraindication on a region.
pub fn finding() -> impl Strategy<Value = Finding> {
    let regional: Vec<Contraindication> = Contraindication::ALL
        .iter()
        .copied()
        .filter(|c| c.is_regional())
        .collect();
    (select(regional), location()).prop_map(|(contraindication, location)| Finding {
        contraindication,
        location: Some(location),
    })
}

/// A condition entry with up to three locations.
pub fn condition_entry() -> impl Strategy<Value = ConditionEntry> {
    (
        one_of::<Condition>(),
        one_of::<Acuity>(),
        proptest::collection::vec(location(), 0..3),
    )
        .prop_map(|(condition, acuity, locations)| ConditionEntry {
            condition,
            acuity,
            locations,
            onset: None,
        })
}

/// A condition entry assessed on `day`: as [`condition_entry`], with an onset (the day
/// of the injury or surgery) up to a year before `day` now and then.
pub fn condition_entry_on(day: Date) -> impl Strategy<Value = ConditionEntry> {
    (
        condition_entry(),
        proptest::option::weighted(0.6, prop_oneof![0i64..8, 0i64..366]),
    )
        .prop_map(move |(mut entry, days)| {
            entry.onset = days.map(|d| day - d.days());
            entry
        })
}

/// A medical history: each item yes, no or unknown (mostly no), reduced sensation and
/// varicose veins now and then with places.
pub fn medical_history() -> impl Strategy<Value = MedicalHistory> {
    let mostly_no =
        || prop_oneof![5 => Just(Answer::No), 2 => Just(Answer::Yes), 1 => Just(Answer::Unknown)];
    (
        proptest::collection::vec(mostly_no(), History::ALL.len()),
        proptest::collection::vec(location(), 0..3),
        proptest::collection::vec(location(), 0..3),
    )
        .prop_map(|(answers, numb_at, veins_at)| {
            let mut history = MedicalHistory::default();
            for (&item, answer) in History::ALL.iter().zip(answers) {
                history.set(item, answer);
            }
            history.reduced_sensation_at = numb_at;
            history.varicose_veins_at = veins_at;
            history
        })
}

/// A day between 2020 and the end of 2030.
pub fn date_between_2020_and_2030() -> impl Strategy<Value = Date> {
    (0i64..4018).prop_map(|days| date(2020, 1, 1) + days.days())
}

/// A physician approval around `day`: covers a non-empty set, may have been given up to
/// a year before it (or, now and then, after it: a re-approval), and may expire up to a
/// year before or after it. Now and then it expires before it was given, which an intake
/// may hold and screening reads as no approval.
pub fn approval_around(day: Date) -> impl Strategy<Value = PhysicianApproval> {
    (
        set_of::<Contraindication>().prop_filter("an approval covers something", |s| !s.is_empty()),
        proptest::option::of(-365i64..60),
        proptest::option::of(-365i64..365),
    )
        .prop_map(move |(covers, given, offset)| PhysicianApproval {
            covers,
            given_on: given.map(|d| day + d.days()),
            valid_until: offset.map(|d| day + d.days()),
            physician: None,
        })
}

/// A practitioner, mostly licensed and trained, with certifications sometimes given.
pub fn practitioner() -> impl Strategy<Value = Practitioner> {
    let mostly_yes =
        prop_oneof![6 => Just(Answer::Yes), 1 => Just(Answer::No), 1 => Just(Answer::Unknown)];
    (
        mostly_yes.clone(),
        mostly_yes,
        proptest::option::weighted(0.3, set_of::<Technique>()),
    )
        .prop_map(|(licensed, trained, certified)| Practitioner {
            licensed,
            medical_massage_trained: trained,
            certified_techniques: certified,
        })
}

/// A valid intake assessed on `day`.
pub fn intake_on(day: Date) -> impl Strategy<Value = Intake> {
    (
        proptest::option::weighted(0.9, 0..=crate::Limits::AGE),
        answer(),
        proptest::collection::vec(approval_around(day), 0..3),
        proptest::collection::vec(finding(), 0..6),
        proptest::collection::vec(condition_entry_on(day), 0..4),
        set_of::<Goal>(),
        proptest::option::weighted(0.9, one_of::<Pressure>()),
        practitioner(),
        medical_history(),
    )
        .prop_map(
            move |(
                age,
                pregnant,
                approvals,
                findings,
                conditions,
                goals,
                tolerance,
                practitioner,
                history,
            )| {
                Intake {
                    assessed_on: day,
                    age,
                    pregnant,
                    approvals,
                    findings,
                    conditions,
                    goals,
                    pain_tolerance: tolerance,
                    history,
                    practitioner,
                }
            },
        )
}

/// A valid intake, assessed on a day between 2020 and 2030.
pub fn intake() -> impl Strategy<Value = Intake> {
    date_between_2020_and_2030().prop_flat_map(intake_on)
}

/// A valid intake that the seed protocol clears or restricts: an adult (18 to 64), not
/// pregnant (and so without the discomfort of pregnancy) or pregnant with a valid
/// approval, without a fever, seen by a licensed, trained practitioner; findings,
/// conditions, goals, tolerance, the rest of the medical history and certifications vary.
pub fn plannable_intake() -> impl Strategy<Value = Intake> {
    (intake(), 18u32..65, any::<bool>()).prop_map(|(mut intake, age, pregnant)| {
        crate::intake::make_plannable(&mut intake, age, pregnant);
        intake
    })
}

/// A valid variant of `base`: age limits, severities, pressure caps, pregnancy limit,
/// technique limit, session lengths, progress thresholds, the medical-history and age
/// caps, the gentle start and the healing windows changed at random, with the
/// id `variant` and `based_on` the base. Every value it makes passes
/// [`Protocol::validate`](crate::Protocol::validate).
///
/// ```
/// use massage_rules::{strategies, Protocol};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let variant = strategies::protocol_variant(&Protocol::seed())
///     .new_tree(&mut runner).unwrap().current();
/// variant.validate()?;
/// assert_eq!(variant.based_on, Some(Protocol::seed().stamp()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn protocol_variant(base: &crate::Protocol) -> impl Strategy<Value = crate::Protocol> {
    use crate::protocol::Severity;
    let base = base.clone();
    let rows = base.screening.contraindications.len();
    let caps = base.selection.pressure_caps.len();
    let history_rows = base.selection.history.len();
    (
        (10u32..=21, 55u32..=85),
        proptest::collection::vec(
            select(
                &[
                    Severity::Local,
                    Severity::NeedsApproval,
                    Severity::NotPermitted,
                ][..],
            ),
            rows,
        ),
        proptest::collection::vec(one_of::<Pressure>(), caps),
        one_of::<Pressure>(),
        1u8..=6,
        (20u16..=90, 20u16..=120),
        (5u8..=80, 1u8..=5, 0u8..=4),
        (any::<bool>(), any::<bool>()),
        (
            proptest::collection::vec(proptest::option::of(one_of::<Pressure>()), history_rows),
            (one_of::<Pressure>(), one_of::<Pressure>()),
            (0u8..=3, 0u16..=14, 0u16..=12),
        ),
    )
        .prop_map(
            move |(
                (minor_under, older_from),
                severities,
                cap_levels,
                pregnancy_max,
                max_techniques,
                (standard, chronic),
                (improvement, worse_pain, holds),
                (licence, training),
                (history_caps, (minor_cap, older_cap), (gentle, window, weeks)),
            )| {
                let mut p = base.clone();
                p.screening.minor_under = minor_under;
                p.screening.older_adult_from = older_from;
                p.screening.require_licence = licence;
                p.screening.require_medical_training = training;
                for (row, severity) in p.screening.contraindications.iter_mut().zip(severities) {
                    row.severity = if !row.contraindication.is_approvable() {
                        // No approval covers it: a fever always postpones.
                        Severity::NotPermitted
                    } else if row.contraindication.is_regional() {
                        severity
                    } else {
                        severity.max(Severity::NeedsApproval)
                    };
                }
                for (cap, level) in p.selection.pressure_caps.iter_mut().zip(cap_levels) {
                    cap.max = level;
                }
                for (row, cap) in p.selection.history.iter_mut().zip(history_caps) {
                    row.max_pressure = cap;
                }
                for row in &mut p.selection.age_caps {
                    row.max_pressure = if row.contraindication == Contraindication::Minor {
                        minor_cap
                    } else {
                        older_cap
                    };
                }
                p.selection.gentle_start.levels_below = gentle;
                p.selection.healing.acute_window_days = window;
                p.selection.healing.scar_work_after_weeks = weeks;
                p.selection.pregnancy.max_pressure = pregnancy_max;
                p.selection.max_techniques = max_techniques;
                p.selection.session.standard_minutes = standard;
                p.selection.session.chronic_minutes = chronic;
                p.scheduling.improvement_percent = improvement;
                p.scheduling.worse_pain_points = worse_pain;
                p.scheduling.max_holds = holds;
                p.based_on = Some(base.stamp());
                p.id = crate::protocol::ProtocolId::new("variant").unwrap_or(p.id);
                p
            },
        )
}
