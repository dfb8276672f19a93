//! Property tests that state the scheduling rules (L163-178) and check the exports against
//! an independent RFC 5545 implementation (the `rrule` crate).

use jiff::ToSpan;
use jiff::civil::Date;
use massage_rules::intake::*;
use massage_rules::protocol::*;
use massage_rules::scheduling::*;
use massage_rules::strategies::{plannable_intake, set_of};
use massage_rules::vocabulary::*;
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
/// The start is on the assessment day or up to the protocol's 30 days after it.
fn scheduled() -> impl Strategy<Value = (Course, Date, Availability)> {
    (plannable_intake(), 0i64..=30)
        .prop_filter_map("the plan has a technique", |(intake, offset)| {
            let start = intake.assessed_on + offset.days();
            common::course(&Protocol::seed(), &intake, None).map(|course| (course, start))
        })
        .prop_flat_map(|(course, start)| (Just(course), Just(start), availability(start)))
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

/// The first day on or after `start` the client can come.
fn first_free(start: Date, available: &Availability) -> Option<Date> {
    (0..400i64).map(|d| start + d.days()).find(|d| {
        available.weekdays.contains(Day::from_jiff(d.weekday()))
            && !available.unavailable.contains(d)
    })
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
            // The first day the client can come is past the rescreen window: no course.
            Err(ScheduleError::StaleIntake { start: first, max_days, assessed_on }) => {
                prop_assert_eq!(Some(first), first_free(start, &available));
                prop_assert!((first - assessed_on).get_days() > i32::from(max_days));
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        let dates: Vec<Date> = schedule.dates().collect();
        // The first session is on the first day on or after the start the client can come,
        // within the rescreen window.
        let first_free = first_free(start, &available);
        if let Some((_, latest, _)) = course.rescreen_deadline() {
            prop_assert!(dates.first().is_none_or(|d| *d <= latest));
        }
        prop_assert_eq!(dates.first().copied(), first_free);
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
                    let anchor = Day::from_jiff(phase.dtstart.weekday());
                    prop_assert!(phase.weekdays.contains(anchor));
                    if phase.rule.sessions > 1 && phase.rule.sessions <= 3
                        && spread_possible(available.weekdays, phase.rule.sessions, anchor)
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

    /// A course never starts before the assessment it rests on, nor on a stale one.
    #[test]
    fn a_course_keeps_to_its_assessment(
        (course, _, available) in scheduled(),
        offset in -400i64..400,
    ) {
        let assessed = course.assessed_on.unwrap();
        let start = assessed + offset.days();
        match course.schedule(start, &available) {
            Err(ScheduleError::StartBeforeAssessment { .. }) => prop_assert!(offset < 0),
            Err(ScheduleError::StaleIntake { max_days, start: first, .. }) => {
                // The start asked for, or the first day the client can come after it, is
                // past the window.
                prop_assert!((first - assessed).get_days() > i32::from(max_days));
                prop_assert!(first >= start);
            }
            Err(ScheduleError::NotEnoughWeekdays { .. }) => {}
            Err(other) => return Err(TestCaseError::fail(other.to_string())),
            Ok(schedule) => {
                prop_assert!((0..=30).contains(&offset));
                prop_assert!(schedule.dates().all(|d| d >= start && d >= assessed));
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
        intake in plannable_intake(),
        baseline in score(),
        steps in proptest::collection::vec(0u8..=100, 1..12),
    ) {
        let protocol = Protocol::seed();
        let Some(mut course) = common::course(&protocol, &intake, Some(baseline)) else {
            return Ok(());
        };
        let mut frequency = course.current_phase().map(PhaseRule::sessions_per_four_weeks);
        let mut day = intake.assessed_on;
        let mut best = baseline;
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
            // Worse than the baseline, or than the best score so far, always refers.
            let worse = match (best, score) {
                (Score::Pain(b), Score::Pain(c)) => c > b,
                (Score::Function(b), Score::Function(c)) => c + 10 <= b,
                _ => false,
            };
            if worse {
                prop_assert_eq!(progress, Progress::ReferWorse);
            } else {
                prop_assert_ne!(progress, Progress::ReferWorse);
            }
            best = match (best, score) {
                (Score::Pain(b), Score::Pain(c)) => Score::Pain(b.min(c)),
                (Score::Function(b), Score::Function(c)) => Score::Function(b.max(c)),
                (b, _) => b,
            };
            if now.is_some() {
                frequency = now;
            }
        }
    }

    #[test]
    fn course_state_survives_json(
        intake in plannable_intake(),
        baseline in score(),
        steps in proptest::collection::vec(0u8..=10, 0..4),
    ) {
        let protocol = Protocol::seed();
        let Some(mut course) = common::course(&protocol, &intake, Some(baseline)) else {
            return Ok(());
        };
        for (i, s) in steps.into_iter().enumerate() {
            let score = match baseline { Score::Pain(_) => Score::Pain(s), Score::Function(_) => Score::Function(s * 10) };
            let _ = course.reassess(&protocol, Reassessment { on: intake.assessed_on + (i as i64 * 7).days(), score });
        }
        let json = serde_json::to_string(&course).unwrap();
        let resumed: Course = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&resumed, &course);
    }

    #[test]
    fn the_course_follows_the_most_frequent_acuity(intake in plannable_intake()) {
        let protocol = Protocol::seed();
        let session = common::session(&protocol, &intake);
        let Some(course) = common::course(&protocol, &intake, None) else {
            // No course only when the plan has nothing to give.
            prop_assert!(session.techniques.is_empty());
            return Ok(());
        };
        // The acuities of the conditions the plan treats.
        let acuities: Vec<Acuity> = intake.conditions.iter()
            .filter(|c| !session.unaddressed.contains(c.condition))
            .map(|c| c.acuity).collect();
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
            "history": "none", "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
    ))
    .unwrap()
}

/// Whether `n` of the weekdays, `anchor` among them, can be chosen at least two days
/// apart (around the week): a brute force independent of the crate's choice.
fn spread_possible(days: DaySet, n: u8, anchor: Day) -> bool {
    (0u32..128).any(|mask| {
        let chosen: Vec<u8> = (0..7u8).filter(|i| mask & (1 << i) != 0).collect();
        chosen.len() == usize::from(n)
            && chosen.contains(&anchor.code())
            && chosen
                .iter()
                .all(|&c| Day::from_code(c).is_some_and(|d| days.contains(d)))
            && (0..chosen.len()).all(|k| {
                let next = chosen.get(k + 1).copied().unwrap_or(chosen[0] + 7);
                next - chosen[k] >= 2
            })
    })
}

fn weekly_days(kind: &str, start: Date, weekdays: DaySet) -> (DaySet, Vec<Date>) {
    let intake = adult_with("back_pain", kind);
    let course = common::course(&Protocol::seed(), &intake, None).unwrap();
    let available = Availability {
        weekdays,
        unavailable: vec![],
    };
    let schedule = course.schedule(start, &available).unwrap();
    (
        schedule.phases[0].weekdays,
        schedule.phases[0].dates.clone(),
    )
}

#[test]
fn twice_a_week_on_weekdays_is_monday_and_thursday() {
    let workweek = Day::Monday | Day::Tuesday | Day::Wednesday | Day::Thursday | Day::Friday;
    let monday = jiff::civil::date(2026, 11, 30);
    assert_eq!(
        weekly_days("chronic", monday, workweek).0,
        Day::Monday | Day::Thursday
    );
    assert_eq!(
        weekly_days("acute", monday, workweek).0,
        Day::Monday | Day::Wednesday | Day::Friday
    );
}

/// Issue 9, defect 5: starting on a Wednesday with Monday to Friday available, the
/// session is that Wednesday, not the next Monday; a weekly rhythm is built from there.
#[test]
fn the_first_session_is_the_first_available_day() {
    let workweek = Day::Monday | Day::Tuesday | Day::Wednesday | Day::Thursday | Day::Friday;
    let wednesday = jiff::civil::date(2026, 12, 2);
    let intake: Intake = serde_json::from_str(
        r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "goals": ["relaxation"],
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    let course = common::course(&Protocol::seed(), &intake, None).unwrap();
    assert_eq!(course.kind, CourseKind::Single);
    let available = Availability {
        weekdays: workweek,
        unavailable: vec![],
    };
    let schedule = course.schedule(wednesday, &available).unwrap();
    assert_eq!(schedule.dates().collect::<Vec<_>>(), [wednesday]);
    // Twice a week from a Wednesday: Wednesday, then as far apart as the week allows.
    let (days, dates) = weekly_days("chronic", wednesday, workweek);
    assert!(days.contains(Day::Wednesday));
    assert_eq!(dates[0], wednesday);
    assert!(dates.windows(2).all(|p| (p[1] - p[0]).get_days() >= 2));
    // A Saturday start with weekdays only: the Monday after.
    let saturday = jiff::civil::date(2026, 12, 5);
    let (_, dates) = weekly_days("chronic", saturday, workweek);
    assert_eq!(dates[0], jiff::civil::date(2026, 12, 7));
}

#[test]
fn a_worse_client_is_referred_and_a_better_one_tapers() {
    let protocol = Protocol::seed();
    let intake = adult_with("back_pain", "chronic");
    let day = std::cell::Cell::new(intake.assessed_on);
    let mut course = common::course(&protocol, &intake, Some(Score::Pain(8))).unwrap();
    // Each reassessment a week after the one before: dates move forward.
    let r = |v| Reassessment {
        on: {
            let next = day.get().checked_add(jiff::Span::new().days(7)).unwrap();
            day.set(next);
            next
        },
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

/// Issue 9, defect 7: pain 7, then 2, then 6 is a relapse, referred like worsening
/// against the baseline.
#[test]
fn a_relapse_from_the_best_score_refers() {
    let protocol = Protocol::seed();
    let intake = adult_with("back_pain", "chronic");
    let day = std::cell::Cell::new(intake.assessed_on);
    let mut course = common::course(&protocol, &intake, Some(Score::Pain(7))).unwrap();
    // Each reassessment a week after the one before: dates move forward.
    let r = |v| Reassessment {
        on: {
            let next = day.get().checked_add(jiff::Span::new().days(7)).unwrap();
            day.set(next);
            next
        },
        score: Score::Pain(v),
    };
    assert_eq!(course.reassess(&protocol, r(2)).unwrap(), Progress::Advance);
    assert_eq!(course.best_score(), Some(Score::Pain(2)));
    assert_eq!(
        course.reassess(&protocol, r(6)).unwrap(),
        Progress::ReferWorse
    );
    assert_eq!(course.status, CourseStatus::Referred);
    // Function scores relapse the other way: 40, 80, then 65 is 15 points below the best.
    let mut course = common::course(&protocol, &intake, Some(Score::Function(40))).unwrap();
    // Each reassessment a week after the one before: dates move forward.
    let f = |v| Reassessment {
        on: {
            let next = day.get().checked_add(jiff::Span::new().days(7)).unwrap();
            day.set(next);
            next
        },
        score: Score::Function(v),
    };
    assert_eq!(
        course.reassess(&protocol, f(80)).unwrap(),
        Progress::Advance
    );
    assert_eq!(
        course.reassess(&protocol, f(65)).unwrap(),
        Progress::ReferWorse
    );
}

#[test]
fn fhir_timing_has_the_fields_integrators_map() {
    let intake = adult_with("back_pain", "chronic");
    let course = common::course(&Protocol::seed(), &intake, None).unwrap();
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
    let course = common::course(&Protocol::seed(), &intake, None).unwrap();
    let available = Availability {
        weekdays: DaySet::all(),
        // The acute course starts Friday 27 November, three a week: Fri, Sun, Tue.
        unavailable: vec![intake.assessed_on + 2.days()],
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
    assert!(ics.contains("EXDATE;VALUE=DATE:20261129"));
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
    let mut course = common::course(&protocol, &intake, Some(Score::Pain(6))).unwrap();
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
    // Either order; and a value of the wrong shape is refused as it is read, not buffered.
    assert_eq!(
        serde_json::from_str::<Score>(r#"{"value": 40, "measure": "function"}"#).unwrap(),
        Score::Function(40)
    );
    let nested = format!(
        "{{\"value\": {}1{}, \"measure\": \"pain\"}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    assert!(serde_json::from_str::<Score>(&nested).is_err());
}
