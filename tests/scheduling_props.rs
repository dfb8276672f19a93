//! Property tests that state the scheduling rules (L163-178) and check the exports against
//! an independent RFC 5545 implementation (the `rrule` crate).

use jiff::ToSpan;
use jiff::civil::Date;
use massage_rules::strategies::{date_between_2020_and_2030, intake, set_of};
use massage_rules::*;
use proptest::prelude::*;

mod common;

fn availability(start: Date) -> impl Strategy<Value = Availability> {
    (
        set_of::<Day>().prop_filter("some weekday", |d| !d.is_empty()),
        proptest::collection::vec(0i64..300, 0..12),
    )
        .prop_map(move |(weekdays, offsets)| Availability {
            weekdays,
            unavailable: offsets.into_iter().map(|d| start + d.days()).collect(),
        })
}

fn score() -> impl Strategy<Value = Score> {
    prop_oneof![
        (0u8..=10).prop_map(Score::Pain),
        (0u8..=100).prop_map(Score::Function)
    ]
}

/// A course, a start date and an availability that can hold it.
fn scheduled() -> impl Strategy<Value = (Course, Date, Availability)> {
    (intake(), date_between_2020_and_2030()).prop_flat_map(|(intake, start)| {
        let course = Course::start(&Protocol::seed(), &intake, None);
        (Just(course), Just(start), availability(start))
    })
}

/// Expands a phase's DTSTART, RRULE and EXDATE with the `rrule` crate.
fn expand(phase: &ScheduledPhase) -> Vec<String> {
    let ymd = |d: Date| d.strftime("%Y%m%d").to_string();
    let mut text = format!(
        "DTSTART;VALUE=DATE:{}\nRRULE:{}",
        ymd(phase.dtstart),
        phase.rrule()
    );
    if !phase.excluded.is_empty() {
        let ex: Vec<String> = phase.excluded.iter().map(|d| ymd(*d)).collect();
        text.push_str(&format!("\nEXDATE;VALUE=DATE:{}", ex.join(",")));
    }
    let set: rrule::RRuleSet = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
    let result = set.all(u16::MAX);
    assert!(!result.limited);
    result
        .dates
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect()
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/scheduling_props.txt"))]

    #[test]
    fn dates_keep_the_rules((course, start, available) in scheduled()) {
        let schedule = match course.schedule(start, &available) {
            Ok(s) => s,
            Err(ScheduleError::NotEnoughWeekdays { needed, available: n, .. }) => {
                prop_assert!(needed > n);
                prop_assert_eq!(usize::from(n), available.weekdays.len());
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        let dates: Vec<Date> = schedule.dates().collect();
        // As many dates as the phases promise.
        prop_assert_eq!(dates.len() as u32, course.remaining_sessions());
        for (phase, rule) in schedule.phases.iter().zip(&course.phases) {
            prop_assert_eq!(phase.dates.len() as u32, rule.total_sessions());
        }
        // Strictly increasing: never two on one day, in order.
        for pair in dates.windows(2) {
            prop_assert!(pair[0] < pair[1]);
        }
        for d in &dates {
            prop_assert!(*d >= start);
            prop_assert!(available.weekdays.contains(Day::from_jiff(d.weekday())));
            prop_assert!(!available.unavailable.contains(d));
        }
        for phase in &schedule.phases {
            match phase.rule.per {
                Period::Week => {
                    prop_assert_eq!(phase.weekdays.len(), usize::from(phase.rule.sessions));
                    // Sessions of one week are spread: at least two days apart whenever
                    // the available days allow it.
                    if phase.rule.sessions > 1 && phase.rule.sessions <= 3
                        && spread_possible(available.weekdays, phase.rule.sessions)
                    {
                        for pair in phase.dates.windows(2) {
                            let gap = (pair[1] - pair[0]).get_days();
                            prop_assert!(gap >= 2, "{pair:?}");
                        }
                    }
                }
                Period::Month => {
                    // Maintenance is monthly: one session per calendar month.
                    for pair in phase.dates.windows(2) {
                        prop_assert!(pair[0].first_of_month() < pair[1].first_of_month());
                    }
                }
            }
        }
    }

    #[test]
    fn rrule_expansion_gives_exactly_our_dates((course, start, available) in scheduled()) {
        if let Ok(schedule) = course.schedule(start, &available) {
            for phase in &schedule.phases {
                let ours: Vec<String> = phase.dates.iter().map(|d| d.to_string()).collect();
                prop_assert_eq!(expand(phase), ours, "{}", phase.rrule());
            }
        }
    }

    #[test]
    fn frequency_never_increases_unless_worse(
        intake in intake(),
        baseline in score(),
        steps in proptest::collection::vec(0u8..=100, 1..12),
    ) {
        let protocol = Protocol::seed();
        let mut course = Course::start(&protocol, &intake, Some(baseline));
        let mut frequency = course.current_phase().map(PhaseRule::sessions_per_four_weeks);
        let mut day = intake.assessed_on;
        for step in steps {
            day += 14.days();
            let score = match baseline {
                Score::Pain(_) => Score::Pain(step % 11),
                Score::Function(_) => Score::Function(step),
            };
            let Ok(progress) = course.reassess(&protocol, Reassessment { on: day, score }) else {
                prop_assert!(course.status != CourseStatus::Active);
                break;
            };
            let now = course.current_phase().map(PhaseRule::sessions_per_four_weeks);
            match progress {
                Progress::ReferWorse | Progress::ReferNoProgress => {
                    prop_assert_eq!(course.status, CourseStatus::Referred);
                    prop_assert!(now.is_none());
                }
                Progress::Advance => prop_assert!(now <= frequency),
                Progress::Hold | Progress::BaselineRecorded => prop_assert_eq!(now, frequency),
                Progress::Complete => prop_assert_eq!(course.status, CourseStatus::Completed),
            }
            // Worse than baseline always refers.
            let worse = match (baseline, score) {
                (Score::Pain(b), Score::Pain(c)) => c > b,
                (Score::Function(b), Score::Function(c)) => c + 10 <= b,
                _ => false,
            };
            if worse {
                prop_assert_eq!(progress, Progress::ReferWorse);
            }
            if now.is_some() {
                frequency = now;
            }
        }
    }

    #[test]
    fn course_state_survives_json(
        intake in intake(),
        baseline in score(),
        steps in proptest::collection::vec(0u8..=10, 0..4),
    ) {
        let protocol = Protocol::seed();
        let mut course = Course::start(&protocol, &intake, Some(baseline));
        for (i, s) in steps.into_iter().enumerate() {
            let score = match baseline { Score::Pain(_) => Score::Pain(s), Score::Function(_) => Score::Function(s * 10) };
            let _ = course.reassess(&protocol, Reassessment { on: intake.assessed_on + (i as i64 * 7).days(), score });
        }
        let json = serde_json::to_string(&course).unwrap();
        let resumed: Course = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&resumed, &course);
    }

    #[test]
    fn the_course_follows_the_most_frequent_acuity(intake in intake()) {
        let course = Course::start(&Protocol::seed(), &intake, None);
        let acuities: Vec<Acuity> = intake.conditions.iter().map(|c| c.acuity).collect();
        let expected = if acuities.contains(&Acuity::Acute) { CourseKind::Acute }
            else if acuities.contains(&Acuity::Injury) { CourseKind::InjuryRecovery }
            else if acuities.contains(&Acuity::Chronic) { CourseKind::Chronic }
            else if acuities.contains(&Acuity::Ongoing) { CourseKind::Maintenance }
            else { CourseKind::Single };
        prop_assert_eq!(course.kind, expected);
        prop_assert_eq!(course.basis.acuity.is_some(), expected != CourseKind::Single);
    }
}

/// An adult cleared for massage with one condition of the given acuity.
fn adult_with(condition: &str, acuity: &str) -> Intake {
    serde_json::from_str(&format!(
        r#"{{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{{"condition": "{condition}", "acuity": "{acuity}"}}],
            "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
    ))
    .unwrap()
}

/// Whether `n` of the weekdays can be chosen at least two days apart (around the week).
fn spread_possible(days: DaySet, n: u8) -> bool {
    spread_weekdays(days, n).is_some_and(|chosen| {
        let codes: Vec<u8> = chosen.iter().map(|d| d.code()).collect();
        (0..codes.len()).all(|k| {
            let next = if k + 1 < codes.len() {
                codes[k + 1]
            } else {
                codes[0] + 7
            };
            next - codes[k] >= 2
        })
    })
}

#[test]
fn twice_a_week_on_weekdays_is_monday_and_thursday() {
    let workweek = Day::Monday | Day::Tuesday | Day::Wednesday | Day::Thursday | Day::Friday;
    assert_eq!(
        spread_weekdays(workweek, 2),
        Some(Day::Monday | Day::Thursday)
    );
    assert_eq!(
        spread_weekdays(workweek, 3),
        Some(Day::Monday | Day::Wednesday | Day::Friday)
    );
    assert_eq!(spread_weekdays(Day::Monday.into(), 2), None);
}

#[test]
fn a_worse_client_is_referred_and_a_better_one_tapers() {
    let protocol = Protocol::seed();
    let intake = adult_with("back_pain", "chronic");
    let on = intake.assessed_on;
    let mut course = Course::start(&protocol, &intake, Some(Score::Pain(8)));
    let r = |v| Reassessment {
        on,
        score: Score::Pain(v),
    };
    assert_eq!(course.reassess(&protocol, r(7)).unwrap(), Progress::Hold); // 12%
    assert_eq!(course.reassess(&protocol, r(5)).unwrap(), Progress::Advance); // 37%
    assert_eq!(course.phase, 1);
    assert_eq!(
        course.reassess(&protocol, r(9)).unwrap(),
        Progress::ReferWorse
    );
    assert!(course.reassess(&protocol, r(2)).is_err());
    assert!(matches!(
        course.reassess(&Protocol::conservative(), r(2)),
        Err(ProgressError::ProtocolMismatch { .. })
    ));
}

#[test]
fn fhir_timing_has_the_fields_integrators_map() {
    let intake = adult_with("back_pain", "chronic");
    let course = Course::start(&Protocol::seed(), &intake, None);
    let available = Availability {
        weekdays: DaySet::all(),
        unavailable: vec![],
    };
    let schedule = course.schedule(intake.assessed_on, &available).unwrap();
    let json = serde_json::to_value(schedule.phases[0].fhir_timing_repeat(Some(60))).unwrap();
    assert_eq!(json["frequency"], 2);
    assert_eq!(json["period"], 1);
    assert_eq!(json["periodUnit"], "wk");
    assert_eq!(json["count"], 8);
    assert_eq!(json["boundsDuration"]["value"], 4);
    assert_eq!(json["boundsDuration"]["code"], "wk");
    assert_eq!(json["duration"], 60);
    assert_eq!(json["durationUnit"], "min");
    let monthly = serde_json::to_value(schedule.phases[2].fhir_timing_repeat(None)).unwrap();
    assert_eq!(monthly["periodUnit"], "mo");
    assert_eq!(monthly["frequency"], 1);
}

#[test]
fn ics_lines_are_crlf_and_folded() {
    let intake = adult_with("sprain", "acute");
    let course = Course::start(&Protocol::seed(), &intake, None);
    let available = Availability {
        weekdays: DaySet::all(),
        unavailable: vec![intake.assessed_on + 3.days()],
    };
    let ics = course
        .schedule(intake.assessed_on, &available)
        .unwrap()
        .to_ics("a;b,c", "2026-11-27T10:00:00Z".parse().unwrap());
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        assert!(!line.contains('\n'));
    }
    assert!(ics.contains("UID:a\\;b\\,c-phase-1@massage-rules"));
    assert!(ics.contains("EXDATE;VALUE=DATE:20261130"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
}

#[test]
fn maintenance_is_monthly_in_every_builtin() {
    for protocol in [Protocol::seed(), Protocol::conservative()] {
        let course = protocol.scheduling.course(CourseKind::Maintenance).unwrap();
        assert!(
            course
                .phases
                .iter()
                .all(|p| p.per == Period::Month && p.sessions == 1)
        );
    }
    // And a protocol that makes it weekly is rejected.
    let mut p = Protocol::seed();
    let row = p
        .scheduling
        .courses
        .iter_mut()
        .find(|c| c.kind == CourseKind::Maintenance)
        .unwrap();
    row.phases[0].per = Period::Week;
    assert!(p.validate().is_err());
}

#[test]
fn a_reassessment_on_another_scale_or_out_of_range_is_refused() {
    let protocol = Protocol::seed();
    let intake = adult_with("back_pain", "chronic");
    let mut course = Course::start(&protocol, &intake, Some(Score::Pain(6)));
    let on = intake.assessed_on;
    let err = course.reassess(
        &protocol,
        Reassessment {
            on,
            score: Score::Function(50),
        },
    );
    assert_eq!(err, Err(ProgressError::OtherMeasure));
    let err = course.reassess(
        &protocol,
        Reassessment {
            on,
            score: Score::Pain(11),
        },
    );
    assert_eq!(err, Err(ProgressError::OutOfRange));
    assert!(course.history.is_empty());
    assert_eq!(course.status, CourseStatus::Active);
}

#[test]
fn scores_off_their_scale_are_refused_in_json() {
    assert!(serde_json::from_str::<Score>(r#"{"measure": "pain", "value": 7}"#).is_ok());
    let err = serde_json::from_str::<Score>(r#"{"measure": "pain", "value": 12}"#).unwrap_err();
    assert!(err.to_string().contains("out of range"), "{err}");
    assert!(serde_json::from_str::<Score>(r#"{"measure": "function", "value": 101}"#).is_err());
    assert!(serde_json::from_str::<Score>(r#"{"measure": "mood", "value": 1}"#).is_err());
}
