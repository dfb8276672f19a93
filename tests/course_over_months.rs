//! A course over months: reassessments move forward, each one renews the window a course
//! may be re-dated in, and a lapsed approval still stops it.

mod common;

use jiff::ToSpan;
use jiff::civil::{Date, date};
use massage_rules::scheduling::{
    Availability, CourseStatus, Progress, ProgressError, Reassessment, Score,
};
use massage_rules::strategies::one_of;
use massage_rules::vocabulary::{Condition, Day, DaySet, Period, Pressure};
use massage_rules::{Course, Intake, Protocol, Screened, plan};
use proptest::prelude::*;

fn chronic(condition: Condition, age: u32, approval_until: Option<Date>) -> Intake {
    let approval = approval_until.map_or(String::new(), |d| {
        format!(r#", "approvals": [{{"covers": ["older_adult"], "valid_until": "{d}"}}]"#)
    });
    Intake::from_json(&format!(
        r#"{{"assessed_on": "2026-11-27", "age": {age}, "pregnant": "no", "findings": [],
            "conditions": [{{"condition": "{}", "acuity": "chronic"}}],
            "pain_tolerance": "moderate", "history": "none"{approval},
            "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#,
        condition.name()
    ))
    .unwrap()
}

fn started(protocol: &Protocol, intake: &Intake) -> Option<Course> {
    common::course(protocol, intake, Some(Score::Pain(8)))
}

#[test]
fn a_backdated_reassessment_is_refused_and_changes_nothing() {
    let protocol = Protocol::seed();
    let mut course = started(&protocol, &chronic(Condition::BackPain, 45, None)).unwrap();
    let at = |on, pain| Reassessment {
        on,
        score: Score::Pain(pain),
    };
    // Before the assessment (even 1990): refused, and the pressure does not rise.
    let before = course.clone();
    assert!(matches!(
        course.reassess(&protocol, at(date(1990, 1, 1), 2)),
        Err(ProgressError::OutOfOrder { .. })
    ));
    assert_eq!(course, before);
    assert_eq!(
        course.reassess(&protocol, at(date(2026, 12, 25), 4)),
        Ok(Progress::Advance)
    );
    // On or before the reassessment before it: refused.
    let before = course.clone();
    for day in [date(2026, 12, 25), date(2026, 12, 1)] {
        assert!(matches!(
            course.reassess(&protocol, at(day, 2)),
            Err(ProgressError::OutOfOrder { .. })
        ));
        assert_eq!(course, before);
    }
}

/// The longest a phase may leave between two sessions: a week for weekly phases, five
/// weeks for a monthly one (the same weekday of the month).
fn interval_days(per: Period) -> i64 {
    match per {
        Period::Week => 7,
        _ => 35,
    }
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/course_over_months.txt"))]

    /// Reassessment dates move forward: any date not after the last one (or before the
    /// assessment) is refused and leaves the course as it was.
    #[test]
    fn reassessments_only_move_forward(offsets in proptest::collection::vec(-40i64..60, 1..8), pains in proptest::collection::vec(0u8..=10, 8)) {
        let protocol = Protocol::seed();
        let Some(mut course) = started(&protocol, &chronic(Condition::BackPain, 45, None)) else { return Ok(()) };
        let assessed = date(2026, 11, 27);
        let mut last: Option<Date> = None;
        for (offset, pain) in offsets.iter().zip(pains) {
            let on = assessed.checked_add(offset.days()).unwrap();
            let before = course.clone();
            let result = course.reassess(&protocol, Reassessment { on, score: Score::Pain(pain) });
            let backwards = on < assessed || last.is_some_and(|l| on <= l);
            if backwards {
                prop_assert!(matches!(result, Err(ProgressError::OutOfOrder { .. })), "{on}: {result:?}");
                prop_assert_eq!(&course, &before);
            } else if result.is_ok() {
                last = Some(on);
            }
            if course.status != CourseStatus::Active {
                break;
            }
        }
    }

    /// A chronic client reassessed every four weeks with improving scores is booked
    /// through every phase for six months, never with a gap longer than its phase's
    /// interval; with an approval that lapses, nothing is booked after it.
    #[test]
    fn a_chronic_course_is_booked_for_months(
        condition in one_of::<Condition>(),
        conservative in any::<bool>(),
        older in any::<bool>(),
        lapse_days in 40i64..150,
        days in proptest::sample::subsequence(vec![Day::Monday, Day::Tuesday, Day::Wednesday, Day::Thursday, Day::Friday, Day::Saturday], 3..=6),
    ) {
        let protocol = if conservative { Protocol::conservative() } else { Protocol::seed() };
        let assessed = date(2026, 11, 27);
        let lapse = older.then(|| assessed.checked_add(lapse_days.days()).unwrap());
        let intake = chronic(condition, if older { 70 } else { 45 }, lapse);
        let Some(mut course) = started(&protocol, &intake) else { return Ok(()) };
        let weekdays: DaySet = days.into_iter().collect();
        let availability = Availability { weekdays, unavailable: vec![] };
        let end = assessed.checked_add(182.days()).unwrap();
        let mut booked: Vec<(Date, Period)> = Vec::new();
        let mut from = assessed.tomorrow().unwrap();
        let mut pain = 8u8;
        loop {
            let next = from.checked_add(28.days()).unwrap();
            let schedule = course.schedule(from, &availability);
            let schedule = match schedule {
                Ok(s) => s,
                Err(e) => return Err(TestCaseError::fail(format!("no schedule from {from}: {e}"))),
            };
            for phase in &schedule.phases {
                for &d in phase.dates.iter().filter(|&&d| d < next.min(end)) {
                    booked.push((d, phase.rule.per));
                }
            }
            if let Some(lapse) = lapse {
                prop_assert!(schedule.dates().all(|d| d <= lapse), "booked after {lapse}");
            }
            if next >= end || lapse.is_some_and(|l| next > l) {
                break;
            }
            pain = pain.saturating_sub(2).max(1);
            let progress = course.reassess(&protocol, Reassessment { on: next, score: Score::Pain(pain) });
            prop_assert!(progress.is_ok(), "{progress:?}");
            if course.status != CourseStatus::Active {
                break;
            }
            from = next;
        }
        prop_assert!(!booked.is_empty());
        for pair in booked.windows(2) {
            let ((a, _), (b, per)) = (pair[0], pair[1]);
            prop_assert!(a < b, "{a} then {b}");
            let gap = (b - a).get_days() as i64;
            prop_assert!(gap <= interval_days(per), "{gap} days from {a} to {b} in a {per:?} phase");
        }
        // Without a lapse, the course kept going as long as it had phases: its last
        // session is within a phase's interval of the six months or of its completion.
        if lapse.is_none() && course.status == CourseStatus::Active {
            let (last, per) = *booked.last().unwrap();
            prop_assert!((end - last).get_days() as i64 <= interval_days(per) + 28, "stopped at {last}");
        }
    }
}

#[test]
fn a_rescreen_renews_the_window_and_keeps_the_course() {
    let protocol = Protocol::seed();
    let intake = chronic(Condition::NeckPain, 45, None);
    let screened = Screened::new(&protocol, &intake).unwrap();
    let clearance = screened.clearance().unwrap();
    let session = plan(&clearance);
    let mut course = Course::start(&clearance, &session, Some(Score::Pain(8))).unwrap();
    let week = Availability {
        weekdays: Day::Monday | Day::Thursday,
        unavailable: vec![],
    };
    assert!(course.schedule(date(2027, 2, 1), &week).is_err());
    // A new intake, now with a varicose vein on the leg: the ceiling follows the new plan.
    let mut again = intake.clone();
    again.assessed_on = date(2027, 1, 29);
    again.history.anticoagulants = massage_rules::vocabulary::Answer::Yes;
    let screened = Screened::new(&protocol, &again).unwrap();
    let clearance = screened.clearance().unwrap();
    let new_plan = plan(&clearance);
    course.rescreen(&clearance, &new_plan).unwrap();
    assert_eq!(course.assessed_on, Some(date(2027, 1, 29)));
    assert!(course.pressure_ceiling.unwrap() <= Pressure::Moderate);
    assert!(course.schedule(date(2027, 2, 1), &week).is_ok());
    // A screening dated before what the course rests on is refused.
    let mut old = intake.clone();
    old.assessed_on = date(2026, 11, 1);
    let screened = Screened::new(&protocol, &old).unwrap();
    let clearance = screened.clearance().unwrap();
    let before = course.clone();
    assert!(matches!(
        course.rescreen(&clearance, &plan(&clearance)),
        Err(ProgressError::RescreenOutOfOrder { .. })
    ));
    assert_eq!(course, before);
}

/// A course read back from JSON is not trusted to keep its history in order: a
/// reassessment must follow the latest date on record, wherever it stands.
#[test]
fn a_stored_course_with_its_history_out_of_order_still_only_moves_forward() {
    let protocol = Protocol::seed();
    let mut course = started(&protocol, &chronic(Condition::BackPain, 45, None)).unwrap();
    let at = |on, pain| Reassessment {
        on,
        score: Score::Pain(pain),
    };
    course
        .reassess(&protocol, at(date(2026, 12, 10), 6))
        .unwrap();
    course
        .reassess(&protocol, at(date(2027, 1, 10), 5))
        .unwrap();
    // Stored, edited so the latest record comes first, and read back.
    let mut value = serde_json::to_value(&course).unwrap();
    value["history"].as_array_mut().unwrap().reverse();
    let mut stored: Course = serde_json::from_value(value).unwrap();
    let before = stored.clone();
    assert!(matches!(
        stored.reassess(&protocol, at(date(2026, 12, 20), 5)),
        Err(ProgressError::OutOfOrder { .. })
    ));
    assert_eq!(stored, before);
    assert_eq!(stored.last_seen(), Some(date(2027, 1, 10)));
}
