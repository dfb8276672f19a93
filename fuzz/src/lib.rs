//! What the fuzz targets share: the semantic oracles every target checks on top of "no
//! panic", and a structure-aware builder of intakes from raw bytes.
//!
//! An oracle that fails panics with what it saw, which libFuzzer reports as a crash and
//! saves as a reproducer.

use arbitrary::{Result, Unstructured};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use massage_rules::care::{CarePlan, CareRequest};
use massage_rules::intake::{
    ConditionEntry, Finding, Location, MedicalHistory, PhysicianApproval, Practitioner,
};
use massage_rules::seed::quote;
use massage_rules::vocabulary::*;
use massage_rules::{Intake, Protocol, Screened, Screening, care_plan, plan, screen};

/// Both built-in protocols.
pub fn protocols() -> [Protocol; 2] {
    [Protocol::seed(), Protocol::conservative()]
}

/// Every oracle on a valid intake under a protocol: reasons cite lines that exist and
/// name the protocol; a finding added never makes screening more permissive; a history
/// item answered yes never makes it (or the plan) more permissive; the plan stays off the
/// regions to avoid and within the pressure limit; the intake's JSON reads back the same.
pub fn check_intake(protocol: &Protocol, intake: &Intake) {
    let Ok(screening) = screen(protocol, intake) else {
        return;
    };
    check_screening(protocol, &screening);
    // Monotone in findings: an open wound on the left hand on top.
    let mut worse = intake.clone();
    if worse.findings.len() < massage_rules::Limits::FINDINGS {
        worse.findings.push(Finding {
            contraindication: Contraindication::OpenWound,
            location: Some(BodyRegion::LeftHand.into()),
        });
        let stricter = screen(protocol, &worse).expect("one more finding stays valid");
        assert!(
            stricter.is_at_least_as_strict_as(&screening),
            "a finding made screening more permissive: {screening} / {stricter}"
        );
        // A worse intake never gets a firmer plan: no firmer technique, on no region,
        // with no tool the plan without the finding withheld.
        if let (Some(loose), Some(strict)) = (session(protocol, intake), session(protocol, &worse))
        {
            for t in &strict.techniques {
                let Some(l) = loose.techniques.iter().find(|l| l.technique == t.technique) else {
                    continue;
                };
                assert!(
                    t.pressure <= l.pressure,
                    "a finding made {} firmer",
                    t.technique
                );
                assert!(
                    l.tools.is_superset(t.tools),
                    "a finding brought back a tool"
                );
                assert!(l.regions.is_superset(t.regions), "a finding added a region");
                for region in t.regions {
                    assert!(t.pressure_at(region) <= l.pressure_at(region));
                }
            }
        }
    }
    // Monotone in history: anticoagulants answered yes.
    let mut anticoagulated = intake.clone();
    anticoagulated.history.anticoagulants = Answer::Yes;
    let with = screen(protocol, &anticoagulated).expect("a history answer stays valid");
    assert!(with.is_at_least_as_strict_as(&screening));
    if let (Some(a), Some(b)) = (
        session(protocol, intake),
        session(protocol, &anticoagulated),
    ) {
        assert!(
            b.pressure_limit <= a.pressure_limit,
            "history raised the limit"
        );
        for t in &b.techniques {
            assert!(
                t.technique != Technique::CuppingTherapy && t.technique != Technique::DeepTissue
            );
        }
    }
    if let Some(session) = session(protocol, intake) {
        for t in &session.techniques {
            assert!(
                (t.regions & session.avoid).is_empty(),
                "{} works on a region to avoid",
                t.technique
            );
            assert!(t.pressure <= session.pressure_limit);
            assert!(!t.regions.is_empty());
        }
        assert!(session.pressure_limit <= intake.effective_tolerance());
        assert!(session.first_session_pressure <= session.pressure_limit);
    }
    // The same screening and plan from the protocol's tables read once (a validated
    // protocol) as from its rows.
    if let (Ok(valid), Ok(checked)) = (protocol.validated(), intake.validated()) {
        let by_index = Screened::valid(&valid, checked);
        assert_eq!(
            by_index.screening(),
            &screening,
            "a validated protocol screened apart"
        );
        let by_index = by_index.clearance().ok().map(|c| plan(&c));
        assert_eq!(
            by_index,
            session(protocol, intake),
            "a validated protocol planned apart"
        );
    }
    // JSON round trip.
    let json = serde_json::to_string(intake).expect("an intake serializes");
    let back = Intake::from_json(&json).expect("an intake's own JSON reads back");
    assert_eq!(
        &back, intake,
        "the JSON round trip changed the intake: {json}"
    );
}

/// How deeply a JSON value nests (a scalar is 1), counted without recursion.
pub fn depth(value: &serde_json::Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 1usize)];
    while let Some((v, d)) = stack.pop() {
        deepest = deepest.max(d);
        match v {
            serde_json::Value::Array(items) => stack.extend(items.iter().map(|i| (i, d + 1))),
            serde_json::Value::Object(map) => stack.extend(map.values().map(|i| (i, d + 1))),
            _ => {}
        }
    }
    deepest
}

/// The plan of an intake the protocol clears.
pub fn session(protocol: &Protocol, intake: &Intake) -> Option<massage_rules::SessionPlan> {
    let screened = Screened::new(protocol, intake).ok()?;
    Some(plan(&screened.clearance().ok()?))
}

/// Every reason cites a line of the seed with words, a rule the protocol has, and the
/// protocol; the screening's JSON reads back the same.
pub fn check_screening(protocol: &Protocol, screening: &Screening) {
    assert_eq!(screening.protocol, protocol.stamp());
    for reason in screening.reasons() {
        assert!(reason.seed.is_in_seed(), "{reason}");
        assert!(quote(reason.seed).is_some(), "no seed words for {reason}");
        assert_eq!(reason.protocol, protocol.stamp());
    }
    let json = serde_json::to_string(screening).expect("a screening serializes");
    let back: Screening = serde_json::from_str(&json).expect("a screening reads back");
    assert_eq!(&back, screening);
}

/// Every oracle on a care plan: no date before the assessment or the start, none on or
/// after a day an approval the screening relied on no longer covers, no course without a
/// technique, and no course unless screening allows a session.
pub fn check_care(request: &CareRequest, care: &CarePlan) {
    let intake = &request.intake;
    if !care.screening.outcome.allows_session() {
        assert!(care.course.is_none() && care.schedule.is_none());
    }
    if let Some(session) = &care.session {
        if session.techniques.is_empty() {
            assert!(care.course.is_none(), "a course without a technique");
        }
    }
    if let Some(schedule) = &care.schedule {
        let mut last: Option<Date> = None;
        for day in schedule.dates() {
            assert!(day >= intake.assessed_on, "{day} before the assessment");
            if let Some(start) = request.start {
                assert!(day >= start, "{day} before the start");
            }
            for c in care.screening.approval_on_file {
                let covered = intake.approval_covers_through(c, intake.assessed_on);
                if let Some(until) = covered {
                    assert!(
                        day <= until,
                        "{day} after the approval for {c} ends on {until}"
                    );
                }
            }
            if let Some(prev) = last {
                assert!(day > prev, "two sessions on {day}");
            }
            last = Some(day);
        }
        // Appointments: one per date, each inside the hours and preferred windows on a
        // day the clinic is open, lasting the booked minutes, in the clinic's zone.
        match (&request.timing, &schedule.appointments) {
            (None, None) => {}
            (Some(timing), Some(booked)) => {
                let dates: Vec<Date> = schedule.dates().collect();
                assert_eq!(booked.sessions.len(), dates.len());
                for (s, day) in booked.sessions.iter().zip(&dates) {
                    assert_eq!(s.start.date(), *day);
                    assert!(
                        timing.admits(&s.start, booked.session_minutes),
                        "{} outside the hours",
                        s.start
                    );
                    assert_eq!(
                        (s.end.timestamp() - s.start.timestamp()).as_mins(),
                        i64::from(booked.session_minutes)
                    );
                }
            }
            (t, b) => panic!("timing {} but appointments {}", t.is_some(), b.is_some()),
        }
    }
}

/// A care request's oracles under both built-in protocols.
pub fn check_request(request: &CareRequest) {
    for protocol in protocols() {
        if let Ok(care) = care_plan(&protocol, request) {
            check_care(request, &care);
            // Every Ok value can be written, and reads back the same.
            let json = serde_json::to_string(&care).expect("a care plan serializes");
            let back: CarePlan = serde_json::from_str(&json).expect("a care plan reads back");
            assert_eq!(back, care);
        }
        check_intake(&protocol, &request.intake);
    }
}

fn pick<T: Vocabulary>(u: &mut Unstructured<'_>) -> Result<T> {
    Ok(*u.choose(T::ALL)?)
}

fn set<T>(u: &mut Unstructured<'_>) -> Result<T::Set>
where
    T: Vocabulary + enumset::EnumSetTypeWithRepr<Repr = u32>,
{
    Ok(enumset::EnumSet::<T>::from_repr_truncated(u.arbitrary()?).into())
}

fn location(u: &mut Unstructured<'_>) -> Result<Location> {
    let part: BodyPart = pick(u)?;
    let side = if part.is_paired() {
        Some(pick::<Side>(u)?)
    } else {
        None
    };
    Ok(Location { part, side })
}

fn locations(u: &mut Unstructured<'_>, max: usize) -> Result<Vec<Location>> {
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| location(u)).collect()
}

fn day_near(u: &mut Unstructured<'_>, day: Date, before: i64, after: i64) -> Result<Date> {
    let offset = u.int_in_range(-before..=after)?;
    Ok(day.checked_add(offset.days()).unwrap_or(day))
}

/// A valid intake built from raw bytes, every field chosen from its vocabulary: the
/// fuzzer mutates the choices, not the JSON syntax.
pub fn intake(u: &mut Unstructured<'_>) -> Result<Intake> {
    let assessed_on = date(2020, 1, 1)
        .checked_add(u.int_in_range(0i64..=4000)?.days())
        .unwrap_or(date(2026, 11, 27));
    let regional: Vec<Contraindication> = Contraindication::ALL
        .iter()
        .copied()
        .filter(|c| c.is_regional())
        .collect();
    let mut findings = Vec::new();
    for _ in 0..u.int_in_range(0..=6)? {
        findings.push(Finding {
            contraindication: *u.choose(&regional)?,
            location: Some(location(u)?),
        });
    }
    let mut conditions = Vec::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let onset = if u.arbitrary()? {
            Some(day_near(u, assessed_on, 400, 0)?)
        } else {
            None
        };
        conditions.push(ConditionEntry {
            condition: pick(u)?,
            acuity: pick(u)?,
            locations: locations(u, 3)?,
            onset,
        });
    }
    let mut approvals = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        let covers = set::<Contraindication>(u)? | pick::<Contraindication>(u)?;
        let given_on = if u.arbitrary()? {
            Some(day_near(u, assessed_on, 400, 90)?)
        } else {
            None
        };
        let valid_until = if u.arbitrary()? {
            Some(day_near(u, assessed_on, 400, 400)?)
        } else {
            None
        };
        approvals.push(PhysicianApproval {
            covers,
            given_on,
            valid_until,
            physician: None,
        });
    }
    let mut history = MedicalHistory::default();
    for &item in History::ALL {
        history.set(item, pick(u)?);
    }
    history.reduced_sensation_at = locations(u, 2)?;
    history.varicose_veins_at = locations(u, 2)?;
    Ok(Intake {
        assessed_on,
        age: if u.arbitrary()? {
            Some(u.int_in_range(0..=massage_rules::Limits::AGE)?)
        } else {
            None
        },
        pregnant: pick(u)?,
        approvals,
        findings,
        conditions,
        goals: set::<Goal>(u)?,
        pain_tolerance: if u.arbitrary()? { Some(pick(u)?) } else { None },
        history,
        practitioner: Practitioner {
            licensed: pick(u)?,
            medical_massage_trained: pick(u)?,
            certified_techniques: if u.arbitrary()? {
                Some(set::<Technique>(u)?)
            } else {
                None
            },
        },
    })
}
