//! Issue 20: appointments, not dates. Every session starts inside an opening window and
//! the client's preferred window, in the clinic's zone; its local time stays the same
//! across a daylight-saving change; a start the clock skips is never booked; the phase's
//! frequency and every rule of the date-only schedule still hold; bad timings are refused
//! with every problem at its path.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::{Date, Time, date, time};
use massage_rules::care::Hold;
use massage_rules::intake::PhysicianApproval;
use massage_rules::scheduling::{Availability, Closed, RescheduleError, Timing, WeekHours, Window};
use massage_rules::strategies::plannable_intake;
use massage_rules::vocabulary::{Day, DaySet, Period};
use massage_rules::{CarePlan, CareRequest, Error, Intake, Protocol, care_plan};
use proptest::prelude::*;

/// America/New_York and Europe/Berlin change by an hour, Asia/Tokyo never, and
/// Australia/Lord_Howe by 30 minutes.
const ZONES: [&str; 4] = [
    "America/New_York",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Australia/Lord_Howe",
];

fn intake(assessed_on: Date) -> Intake {
    Intake::from_json(&format!(
        r#"{{"assessed_on": "{assessed_on}", "age": 45, "pregnant": "no", "findings": [],
            "conditions": [{{"condition": "back_pain", "acuity": "chronic"}}],
            "pain_tolerance": "moderate", "history": "none",
            "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
    ))
    .unwrap()
}

fn request(intake: Intake, start: Option<Date>, timing: Option<Timing>) -> CareRequest {
    CareRequest {
        intake,
        start,
        availability: None,
        baseline: None,
        timing,
    }
}

fn hours(days: &[Day], windows: &[(Time, Time)]) -> WeekHours {
    days.iter()
        .map(|d| {
            (
                *d,
                windows.iter().map(|(s, e)| Window::new(*s, *e)).collect(),
            )
        })
        .collect()
}

fn timing(zone: &str, hours: WeekHours) -> Timing {
    Timing {
        time_zone: zone.into(),
        hours,
        closed: Vec::new(),
        preferred: None,
        session_minutes: None,
    }
}

/// Every (local start, weekday) of a care plan's appointments, checked against the rules
/// every timed schedule keeps; panics with the rule that broke.
fn check(care: &CarePlan, timing: &Timing) {
    if let Some(schedule) = &care.schedule {
        check_schedule(schedule, timing, true);
        // No session after an approval the course relies on lapses, none before the
        // assessment.
        let course = care.course.as_ref().unwrap();
        for s in &schedule.appointments.as_ref().unwrap().sessions {
            assert!(s.start.date() >= care.assessed_on);
            for limit in &course.approval_limits {
                assert!(
                    s.start.date() <= limit.valid_until,
                    "{} after {}",
                    s.start,
                    limit.valid_until
                );
            }
        }
    }
}

/// With `uniform`, every session of a weekday at the same local time (a schedule as it
/// was made; a moved session has its own).
fn check_schedule(schedule: &massage_rules::scheduling::Schedule, timing: &Timing, uniform: bool) {
    let booked = schedule
        .appointments
        .as_ref()
        .expect("a timed request books appointments");
    let minutes = booked.session_minutes;
    let dates: Vec<Date> = schedule.dates().collect();
    assert_eq!(
        booked
            .sessions
            .iter()
            .map(|s| s.start.date())
            .collect::<Vec<_>>(),
        dates,
        "one appointment per session date, in order"
    );
    let mut time_of: BTreeMap<Day, Time> = BTreeMap::new();
    for s in &booked.sessions {
        assert_eq!(
            s.start.time_zone().iana_name(),
            Some(timing.time_zone.as_str())
        );
        let local = s.start.datetime();
        assert!(
            timing.admits(&s.start, minutes),
            "{local} for {minutes} minutes is outside the hours, the preferred windows, or on a closed day"
        );
        assert_eq!(
            (s.end.timestamp() - s.start.timestamp()).as_mins(),
            i64::from(minutes)
        );
        // The same local time on every session of a weekday, whatever the offset.
        let day = Day::from_jiff(local.weekday());
        let at = *time_of.entry(day).or_insert(local.time());
        assert!(
            !uniform || at == local.time(),
            "{day} sessions moved from {at}"
        );
    }
    // Never two on one day; within a phase, never more sessions in a period than it asks.
    for w in dates.windows(2) {
        assert!(w[0] < w[1]);
    }
    for phase in &schedule.phases {
        let span = match phase.rule.per {
            Period::Week => 7,
            Period::Month => 28,
        };
        for (i, d) in phase.dates.iter().enumerate() {
            let within = phase.dates[i..]
                .iter()
                .take_while(|e| (**e - *d).get_days() < span)
                .count();
            assert!(
                within <= usize::from(phase.rule.sessions),
                "{within} sessions within {span} days from {d} in a phase of {} a {:?}",
                phase.rule.sessions,
                phase.rule.per
            );
        }
    }
}

fn window_strategy() -> impl Strategy<Value = Vec<(Time, Time)>> {
    // One or two windows a day, on quarter hours, the second after the first.
    (6i8..12, 0i8..4, 2i8..6, prop::option::of((0i8..3, 1i8..5))).prop_map(|(h, q, len, second)| {
        let start = time(h, q * 15, 0, 0);
        let end = time(h + len, q * 15, 0, 0);
        let mut windows = vec![(start, end)];
        if let Some((gap, len2)) = second {
            let s2 = h + len + gap + 1;
            if s2 + len2 <= 23 {
                windows.push((time(s2, 0, 0, 0), time(s2 + len2, 0, 0, 0)));
            }
        }
        windows
    })
}

fn timing_strategy() -> impl Strategy<Value = Timing> {
    (
        prop::sample::select(&ZONES[..]),
        prop::collection::btree_map(prop::sample::select(Day::ALL), window_strategy(), 3..7),
        prop::option::of(prop::collection::btree_map(
            prop::sample::select(Day::ALL),
            window_strategy(),
            1..7,
        )),
        prop::collection::vec((0i64..120, 0i64..5), 0..4),
        prop::option::of(30u16..120),
    )
        .prop_map(|(zone, open, preferred, closed, minutes)| Timing {
            time_zone: zone.into(),
            hours: open
                .into_iter()
                .map(|(d, ws)| (d, ws.into_iter().map(|(s, e)| Window::new(s, e)).collect()))
                .collect(),
            closed: closed
                .into_iter()
                .map(|(offset, len)| {
                    let from = date(2027, 2, 1) + offset.days();
                    if len == 0 {
                        Closed::Day(from)
                    } else {
                        Closed::Span {
                            from,
                            to: from + len.days(),
                        }
                    }
                })
                .collect(),
            preferred: preferred.map(|p| {
                p.into_iter()
                    .map(|(d, ws)| (d, ws.into_iter().map(|(s, e)| Window::new(s, e)).collect()))
                    .collect()
            }),
            session_minutes: minutes,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Every session of every course starts and ends inside an opening window and the
    /// client's preferred window, on a day the clinic is open, at the same local time for
    /// its weekday across daylight-saving changes, at the phase's frequency.
    #[test]
    fn every_session_is_inside_the_hours_in_the_clinics_zone(
        intake in plannable_intake(),
        timing in timing_strategy(),
        offset in 0i64..60,
    ) {
        // Courses that start around the spring and autumn changes of every zone.
        let mut intake = intake;
        intake.assessed_on = date(2027, 2, 20) + offset.days();
        for c in &mut intake.conditions {
            c.onset = None;
        }
        for a in &mut intake.approvals {
            a.given_on = None;
        }
        let req = request(intake, None, Some(timing.clone()));
        let Ok(care) = care_plan(&Protocol::seed(), &req) else {
            return Ok(());
        };
        check(&care, &timing);
    }

    /// Opening hours around the clock, every day, give the dates the date-only schedule
    /// gives for the same days: timing adds times, it does not move sessions.
    #[test]
    fn open_all_day_books_the_date_only_dates(
        intake in plannable_intake(),
        zone in prop::sample::select(&ZONES[..]),
    ) {
        let all_day = hours(Day::ALL, &[(time(0, 0, 0, 0), time(23, 59, 0, 0))]);
        let mut timed = request(intake.clone(), None, Some(Timing {
            session_minutes: Some(30),
            ..timing(zone, all_day)
        }));
        let mut dated = request(intake, None, None);
        let every_day = Availability { weekdays: DaySet::all(), unavailable: Vec::new() };
        timed.availability = Some(every_day.clone());
        dated.availability = Some(every_day);
        let (Ok(timed), Ok(dated)) = (care_plan(&Protocol::seed(), &timed), care_plan(&Protocol::seed(), &dated)) else {
            return Ok(());
        };
        let dates = |c: &CarePlan| c.schedule.as_ref().map(|s| s.dates().collect::<Vec<_>>());
        prop_assert_eq!(dates(&timed), dates(&dated));
        prop_assert_eq!(&timed.held_back, &dated.held_back);
    }
}

#[test]
fn local_times_hold_across_each_zones_change() {
    // The changes of 2027: New York 14 March and 7 November, Berlin 28 March and
    // 31 October, Lord Howe 4 April and 3 October (30 minutes); Tokyo none.
    for (zone, assessed) in [
        ("America/New_York", date(2027, 3, 1)),
        ("America/New_York", date(2027, 10, 25)),
        ("Europe/Berlin", date(2027, 3, 15)),
        ("Europe/Berlin", date(2027, 10, 18)),
        ("Asia/Tokyo", date(2027, 3, 1)),
        ("Australia/Lord_Howe", date(2027, 3, 22)),
        ("Australia/Lord_Howe", date(2027, 9, 20)),
    ] {
        let t = timing(
            zone,
            hours(
                &[Day::Monday, Day::Thursday],
                &[(time(9, 30, 0, 0), time(17, 0, 0, 0))],
            ),
        );
        let care = care_plan(
            &Protocol::seed(),
            &request(intake(assessed), None, Some(t.clone())),
        )
        .unwrap();
        check(&care, &t);
        let booked = &care
            .schedule
            .as_ref()
            .unwrap()
            .appointments
            .as_ref()
            .unwrap()
            .sessions;
        assert!(booked.len() >= 8, "{zone}");
        assert!(
            booked.iter().all(|s| s.start.time() == time(9, 30, 0, 0)),
            "{zone}"
        );
        // The offset changes within the course, except in Tokyo.
        let offsets: std::collections::BTreeSet<i32> = booked
            .iter()
            .take(8)
            .map(|s| s.start.offset().seconds())
            .collect();
        assert_eq!(
            offsets.len(),
            if zone == "Asia/Tokyo" { 1 } else { 2 },
            "{zone}"
        );
    }
}

#[test]
fn a_start_the_clock_skips_is_never_booked() {
    // New York skips 02:00-03:00 on Sunday 14 March 2027. A clinic open on Sundays from
    // 02:00 books 02:00 on every Sunday but that one; the phase runs on instead.
    let t = timing(
        "America/New_York",
        hours(
            &[Day::Sunday, Day::Wednesday],
            &[(time(2, 0, 0, 0), time(5, 0, 0, 0))],
        ),
    );
    let care = care_plan(
        &Protocol::seed(),
        &request(intake(date(2027, 3, 1)), None, Some(t.clone())),
    )
    .unwrap();
    check(&care, &t);
    let booked = &care
        .schedule
        .as_ref()
        .unwrap()
        .appointments
        .as_ref()
        .unwrap()
        .sessions;
    assert!(booked.iter().all(|s| s.start.date() != date(2027, 3, 14)));
    assert!(booked.iter().all(|s| s.start.time() == time(2, 0, 0, 0)));
    assert!(booked.iter().any(|s| s.start.date() == date(2027, 3, 21)));
    // New York shows 01:00-02:00 twice on Sunday 7 November 2027: a 01:30 start is the
    // first of the two.
    let fold = timing(
        "America/New_York",
        hours(
            &[Day::Sunday, Day::Wednesday],
            &[(time(1, 30, 0, 0), time(4, 0, 0, 0))],
        ),
    );
    let care = care_plan(
        &Protocol::seed(),
        &request(intake(date(2027, 11, 1)), None, Some(fold)),
    )
    .unwrap();
    let booked = &care
        .schedule
        .as_ref()
        .unwrap()
        .appointments
        .as_ref()
        .unwrap()
        .sessions;
    let on_fold = booked
        .iter()
        .find(|s| s.start.date() == date(2027, 11, 7))
        .expect("the fold day is booked");
    // The earlier 01:30, still on daylight time (-04:00).
    assert_eq!(on_fold.start.offset().seconds(), -4 * 3600);
}

#[test]
fn closed_days_and_approval_lapses_are_kept() {
    let mut t = timing(
        "Europe/Berlin",
        hours(
            &[
                Day::Monday,
                Day::Tuesday,
                Day::Wednesday,
                Day::Thursday,
                Day::Friday,
            ],
            &[(time(8, 0, 0, 0), time(18, 0, 0, 0))],
        ),
    );
    t.closed = vec![
        Closed::Day(date(2026, 12, 24)),
        Closed::Span {
            from: date(2026, 12, 28),
            to: date(2027, 1, 1),
        },
    ];
    let mut older = intake(date(2026, 12, 1));
    older.age = Some(70);
    older.approvals = vec![PhysicianApproval {
        covers: massage_rules::vocabulary::Contraindication::OlderAdult.into(),
        given_on: None,
        valid_until: Some(date(2027, 1, 20)),
        physician: None,
    }];
    let care = care_plan(&Protocol::seed(), &request(older, None, Some(t.clone()))).unwrap();
    check(&care, &t);
    let booked = &care
        .schedule
        .as_ref()
        .unwrap()
        .appointments
        .as_ref()
        .unwrap()
        .sessions;
    assert!(booked.iter().all(|s| s.start.date() <= date(2027, 1, 20)));
    assert!(care.holds(|h| matches!(h, Hold::RenewApproval { .. })));
}

#[test]
fn a_session_longer_than_every_window_is_held_back_with_the_reason() {
    let mut t = timing(
        "Asia/Tokyo",
        hours(&[Day::Monday], &[(time(9, 0, 0, 0), time(9, 45, 0, 0))]),
    );
    t.session_minutes = Some(60);
    let care = care_plan(
        &Protocol::seed(),
        &request(intake(date(2027, 3, 1)), None, Some(t)),
    )
    .unwrap();
    assert!(care.schedule.is_none());
    assert!(care.holds(|h| matches!(
        h,
        Hold::NoSchedule {
            reason: massage_rules::scheduling::ScheduleError::NoSlot { minutes: 60 }
        }
    )));
}

fn problems_of(json: &str) -> Vec<(String, String)> {
    let Err(Error::Intake(invalid)) = CareRequest::from_json(json) else {
        panic!("accepted: {json}");
    };
    invalid
        .problems
        .iter()
        .map(|p| {
            (
                p.path.clone(),
                serde_json::to_value(p.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect()
}

fn with_timing(timing: &str) -> String {
    format!(
        r#"{{"intake": {{"assessed_on": "2027-03-01", "age": 45, "pregnant": "no",
            "findings": [], "history": "none",
            "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}},
            "timing": {timing}}}"#
    )
}

#[test]
fn a_bad_timing_reports_every_problem_at_its_path() {
    let problems = problems_of(&with_timing(
        r#"{"time_zone": "Mars/Olympus_Mons",
            "hours": {"monday": [{"start": "09:00", "end": "08:00"},
                                 {"start": "12:00", "end": "14:00"},
                                 {"start": "13:00", "end": "15:00"}],
                      "funday": [],
                      "friday": [{"start": "9am", "end": "17:00"}]},
            "closed": ["24.12.2026", {"from": "2027-01-05", "to": "2027-01-01"}, 7],
            "session_minutes": 0}"#,
    ));
    for (path, kind) in [
        ("timing.time_zone", "unknown_time_zone"),
        ("timing.hours.monday[0]", "invalid_window"),
        ("timing.hours.monday[2]", "invalid_window"),
        ("timing.hours.funday", "unknown_name"),
        ("timing.hours.friday[0].start", "invalid_time"),
        ("timing.closed[0]", "invalid_date"),
        ("timing.closed[2]", "wrong_type"),
    ] {
        assert!(
            problems.iter().any(|(p, k)| p == path && k == kind),
            "{path} {kind} not in {problems:?}"
        );
    }
    // Read through serde, the span that ends before it starts and the zero-minute session
    // are the timing's own checks.
    let problems = problems_of(&with_timing(
        r#"{"time_zone": "Europe/Berlin",
            "hours": {"monday": [{"start": "09:00", "end": "17:00"}]},
            "closed": [{"from": "2027-01-05", "to": "2027-01-01"}],
            "session_minutes": 0}"#,
    ));
    assert!(problems.contains(&("timing.closed[0]".into(), "invalid_window".into())));
    assert!(problems.contains(&("timing.session_minutes".into(), "out_of_range".into())));
}

#[test]
fn limits_hold_at_and_past_each() {
    let windows = |n: usize| {
        (0..n)
            .map(|i| {
                format!(
                    r#"{{"start": "{:02}:00", "end": "{:02}:30"}}"#,
                    i + 8,
                    i + 8
                )
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let at = massage_rules::Limits::WINDOWS_PER_DAY;
    let ok = with_timing(&format!(
        r#"{{"time_zone": "UTC", "hours": {{"monday": [{}]}}}}"#,
        windows(at)
    ));
    CareRequest::from_json(&ok).unwrap();
    let past = with_timing(&format!(
        r#"{{"time_zone": "UTC", "hours": {{"monday": [{}]}}}}"#,
        windows(at + 1)
    ));
    assert!(problems_of(&past).contains(&("timing.hours.monday".into(), "too_long".into())));
    let closed = |n: usize| {
        (0..n)
            .map(|i| format!(r#""{}""#, date(2027, 1, 1) + (i as i64).days()))
            .collect::<Vec<_>>()
            .join(",")
    };
    let at = massage_rules::Limits::CLOSED;
    let ok = with_timing(&format!(
        r#"{{"time_zone": "UTC", "hours": {{"monday": [{{"start": "09:00", "end": "17:00"}}]}}, "closed": [{}]}}"#,
        closed(at)
    ));
    CareRequest::from_json(&ok).unwrap();
    let past = with_timing(&format!(
        r#"{{"time_zone": "UTC", "hours": {{"monday": [{{"start": "09:00", "end": "17:00"}}]}}, "closed": [{}]}}"#,
        closed(at + 1)
    ));
    assert!(problems_of(&past).contains(&("timing.closed".into(), "too_long".into())));
    // Days in all, spans counted day by day.
    let days = massage_rules::Limits::CLOSED_DAYS as i64;
    let span = |n: i64| {
        with_timing(&format!(
            r#"{{"time_zone": "UTC", "hours": {{"monday": [{{"start": "09:00", "end": "17:00"}}]}},
                "closed": [{{"from": "2027-01-01", "to": "{}"}}]}}"#,
            date(2027, 1, 1) + (n - 1).days()
        ))
    };
    CareRequest::from_json(&span(days)).unwrap();
    assert!(problems_of(&span(days + 1)).contains(&("timing.closed".into(), "too_long".into())));
}

#[test]
fn a_date_only_request_books_no_appointments() {
    let care = care_plan(
        &Protocol::seed(),
        &request(intake(date(2027, 3, 1)), None, None),
    )
    .unwrap();
    let schedule = care.schedule.unwrap();
    assert!(schedule.appointments.is_none());
    let json = serde_json::to_string(&schedule).unwrap();
    assert!(!json.contains("appointments"));
}

/// The `.ics` of timed courses in each zone (and of a date-only course), read by an
/// independent implementation: every event has a zoned start and an end, and the
/// occurrences it expands are exactly the sessions.
#[test]
fn calendars_expand_to_the_sessions_in_an_independent_reader() {
    #[path = "common/mod.rs"]
    mod common;
    let dir = std::env::temp_dir().join(format!("massage-rules-ics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    let stamp: jiff::Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
    let mut cases: Vec<(String, Option<Timing>, Date)> = ZONES
        .iter()
        .flat_map(|zone| {
            [date(2027, 3, 1), date(2027, 9, 25)].map(|d| {
                let mut t = timing(
                    zone,
                    hours(
                        &[Day::Monday, Day::Wednesday, Day::Friday],
                        &[
                            (time(8, 45, 0, 0), time(12, 0, 0, 0)),
                            (time(14, 0, 0, 0), time(19, 0, 0, 0)),
                        ],
                    ),
                );
                t.closed = vec![Closed::Day(d + 9.days())];
                (zone.to_string(), Some(t), d)
            })
        })
        .collect();
    cases.push(("date-only".into(), None, date(2027, 3, 1)));
    for (i, (name, t, assessed)) in cases.into_iter().enumerate() {
        let care = care_plan(&Protocol::seed(), &request(intake(assessed), None, t)).unwrap();
        let schedule = care.schedule.unwrap();
        let expected: Vec<(String, String)> = match &schedule.appointments {
            Some(booked) => booked
                .sessions
                .iter()
                .map(|s| {
                    (
                        s.start
                            .timestamp()
                            .display_with_offset(s.start.offset())
                            .to_string(),
                        s.end
                            .timestamp()
                            .display_with_offset(s.end.offset())
                            .to_string(),
                    )
                })
                .collect(),
            None => schedule
                .dates()
                .map(|d| (d.to_string(), d.to_string()))
                .collect(),
        };
        assert!(!expected.is_empty(), "{name}");
        let ics = dir.join(format!("course-{i}.ics"));
        let json = dir.join(format!("course-{i}.json"));
        std::fs::write(&ics, schedule.to_ics(&format!("client-{i}"), stamp)).unwrap();
        std::fs::write(&json, serde_json::to_string(&expected).unwrap()).unwrap();
        files.push(ics);
        files.push(json);
    }
    let args: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    if let Some(out) = common::python_validator("validate_ics.py", &args, "the iCalendar files") {
        assert!(out.contains("9 calendars checked"), "{out}");
    }
    if std::env::var_os("MASSAGE_RULES_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// FHIR: each activity lasts its technique's minutes (they sum to the session), the time
/// of day is said when every session of the phase has the same, and each session is a
/// proposed Appointment on a tentative Slot at its own start and end.
#[test]
fn fhir_activities_carry_their_minutes_and_the_sessions_their_times() {
    use massage_rules::export::fhir::{FhirContext, appointment_resources, care_plan_resource};
    let t = timing(
        "Europe/Berlin",
        hours(
            &[Day::Tuesday, Day::Friday],
            &[(time(10, 15, 0, 0), time(18, 0, 0, 0))],
        ),
    );
    let care = care_plan(
        &Protocol::seed(),
        &request(intake(date(2027, 3, 15)), None, Some(t)),
    )
    .unwrap();
    let session = care.session.as_ref().unwrap();
    let resource = care_plan_resource(&care, &FhirContext::default());
    let activities = resource["activity"].as_array().unwrap();
    let first_phase: Vec<&serde_json::Value> = activities
        .iter()
        .filter(|a| {
            a["detail"]["description"]
                .as_str()
                .unwrap()
                .starts_with("Phase 1 ")
        })
        .collect();
    assert_eq!(first_phase.len(), session.techniques.len());
    let mut sum = 0;
    for (a, t) in first_phase.iter().zip(&session.techniques) {
        let repeat = &a["detail"]["scheduledTiming"]["repeat"];
        assert_eq!(repeat["duration"], t.minutes);
        assert_eq!(repeat["timeOfDay"], serde_json::json!(["10:15:00"]));
        sum += repeat["duration"].as_u64().unwrap();
    }
    assert_eq!(sum, u64::from(session.minutes));
    let booked = &care
        .schedule
        .as_ref()
        .unwrap()
        .appointments
        .as_ref()
        .unwrap()
        .sessions;
    let resources = appointment_resources(&care, &FhirContext::default());
    let appointments: Vec<&serde_json::Value> = resources
        .iter()
        .filter(|r| r["resourceType"] == "Appointment")
        .collect();
    assert_eq!(appointments.len(), booked.len());
    for (a, s) in appointments.iter().zip(booked) {
        assert_eq!(a["status"], "proposed");
        let start: jiff::Timestamp = a["start"].as_str().unwrap().parse().unwrap();
        let end: jiff::Timestamp = a["end"].as_str().unwrap().parse().unwrap();
        assert_eq!((start, end), (s.start.timestamp(), s.end.timestamp()));
        // The offset written is the zone's on that day (+01:00 before 28 March, +02:00 after).
        let offset = if s.start.date() < date(2027, 3, 28) {
            "+01:00"
        } else {
            "+02:00"
        };
        assert!(
            a["start"].as_str().unwrap().ends_with(offset),
            "{}",
            a["start"]
        );
    }
    // A date-only plan books none.
    let dated = care_plan(
        &Protocol::seed(),
        &request(intake(date(2027, 3, 15)), None, None),
    )
    .unwrap();
    assert!(appointment_resources(&dated, &FhirContext::default()).is_empty());
}

/// Expands a date-only phase's DTSTART, RRULE, EXDATE and RDATE with the `rrule` crate.
fn expand(phase: &massage_rules::scheduling::ScheduledPhase) -> Vec<Date> {
    let ymd = |d: &Date| d.strftime("%Y%m%d").to_string();
    let mut text = format!(
        "DTSTART;VALUE=DATE:{}\nRRULE:{}",
        ymd(&phase.dtstart),
        phase.rrule()
    );
    if !phase.excluded.is_empty() {
        let ex: Vec<String> = phase.excluded.iter().map(ymd).collect();
        text.push_str(&format!("\nEXDATE;VALUE=DATE:{}", ex.join(",")));
    }
    if !phase.added.is_empty() {
        let add: Vec<String> = phase.added.iter().map(ymd).collect();
        text.push_str(&format!("\nRDATE;VALUE=DATE:{}", add.join(",")));
    }
    let set: rrule::RRuleSet = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
    let result = set.all(u16::MAX);
    result
        .dates
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string().parse().unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Moving a session either gives a schedule that keeps every rule (hours, frequency,
    /// order, approval) with every other session as it was, or says which rule it breaks,
    /// and that rule is indeed broken. Moving a session to where it is changes nothing.
    #[test]
    fn a_moved_session_keeps_the_rules_or_says_which_it_breaks(
        intake in plannable_intake(),
        timing in timing_strategy(),
        pick in any::<prop::sample::Index>(),
        shift in -5i64..5,
        at in (6i8..20, 0i8..4),
        on_a_slot in any::<bool>(),
    ) {
        let mut intake = intake;
        intake.assessed_on = date(2027, 2, 20);
        for c in &mut intake.conditions {
            c.onset = None;
        }
        for a in &mut intake.approvals {
            a.given_on = None;
        }
        let Ok(care) = care_plan(&Protocol::seed(), &request(intake, None, Some(timing.clone()))) else {
            return Ok(());
        };
        let (Some(course), Some(schedule)) = (&care.course, &care.schedule) else {
            return Ok(());
        };
        let booked = &schedule.appointments.as_ref().unwrap().sessions;
        let n = pick.index(booked.len());
        let here = booked[n].start.datetime();
        prop_assert_eq!(&schedule.reschedule(course, n, here).unwrap(), schedule);
        let day = here.date() + shift.days();
        let minutes = schedule.appointments.as_ref().unwrap().session_minutes;
        // Half the time, the new day's first slot; else any quarter hour.
        let to = match timing.slot(Day::from_jiff(day.weekday()), minutes) {
            Some(slot) if on_a_slot => day.to_datetime(slot),
            _ => day.at(at.0, at.1 * 15, 0, 0),
        };
        match schedule.reschedule(course, n, to) {
            Ok(moved) => {
                check_schedule(&moved, &timing, false);
                let after = &moved.appointments.as_ref().unwrap().sessions;
                prop_assert_eq!(after[n].start.datetime(), to);
                for (k, (a, b)) in booked.iter().zip(after).enumerate() {
                    if k != n {
                        prop_assert_eq!(a, b);
                    }
                }
                for limit in &course.approval_limits {
                    prop_assert!(to.date() <= limit.valid_until);
                }
                prop_assert!(to.date() >= course.assessed_on.unwrap());
            }
            Err(RescheduleError::OutsideHours { minutes, .. }) => {
                prop_assert!(!timing.admits_local(to, minutes));
            }
            Err(RescheduleError::OutOfOrder { after, before, .. }) => {
                prop_assert!(after.is_some_and(|a| to.date() <= a) || before.is_some_and(|b| to.date() >= b));
            }
            Err(RescheduleError::TooClose { from, days, found, sessions, .. }) => {
                prop_assert!(found > usize::from(sessions));
                prop_assert!((to.date() - from).get_days() < days && to.date() >= from);
            }
            Err(RescheduleError::PastApproval { valid_until, .. }) => {
                prop_assert!(to.date() > valid_until);
            }
            Err(RescheduleError::SkippedTime { .. }) => {
                let tz = jiff::tz::TimeZone::get(&timing.time_zone).unwrap();
                let gap = matches!(
                    tz.to_ambiguous_zoned_datetime(to).offset(),
                    jiff::tz::AmbiguousOffset::Gap { .. }
                );
                prop_assert!(gap);
            }
            Err(RescheduleError::BeforeAssessment { assessed_on, .. }) => {
                prop_assert!(to.date() < assessed_on);
            }
            Err(RescheduleError::PastRescreen { seen, max_days, .. }) => {
                prop_assert_eq!(n, 0);
                prop_assert!((to.date() - seen).get_days() > i32::from(max_days));
            }
            Err(other) => prop_assert!(false, "unexpected: {other}"),
        }
    }

    /// A date-only schedule with a session moved still expands, through its RRULE,
    /// EXDATE and RDATE, to exactly its dates.
    #[test]
    fn a_moved_date_stays_in_the_recurrence(
        intake in plannable_intake(),
        pick in any::<prop::sample::Index>(),
        shift in -6i64..6,
    ) {
        let Ok(care) = care_plan(&Protocol::seed(), &request(intake, None, None)) else {
            return Ok(());
        };
        let (Some(course), Some(schedule)) = (&care.course, &care.schedule) else {
            return Ok(());
        };
        let dates: Vec<Date> = schedule.dates().collect();
        let n = pick.index(dates.len());
        let to = dates[n] + shift.days();
        if let Ok(moved) = schedule.reschedule(course, n, to.at(0, 0, 0, 0)) {
            let mut want: Vec<Date> = dates.clone();
            want[n] = to;
            prop_assert_eq!(moved.dates().collect::<Vec<_>>(), want);
            for phase in &moved.phases {
                let mut expanded = expand(phase);
                expanded.sort();
                prop_assert_eq!(&expanded, &phase.dates);
            }
            // Moved back, it is the schedule it was.
            let back = moved.reschedule(course, n, dates[n].at(0, 0, 0, 0)).unwrap();
            prop_assert_eq!(back.dates().collect::<Vec<_>>(), dates);
        }
    }
}

#[test]
fn a_session_cannot_move_before_the_assessment_past_an_approval_or_the_rescreen_window() {
    let mut older = intake(date(2027, 3, 1));
    older.age = Some(70);
    older.approvals = vec![PhysicianApproval {
        covers: massage_rules::vocabulary::Contraindication::OlderAdult.into(),
        given_on: None,
        valid_until: Some(date(2027, 3, 31)),
        physician: None,
    }];
    let t = timing(
        "America/New_York",
        hours(
            &[
                Day::Monday,
                Day::Tuesday,
                Day::Wednesday,
                Day::Thursday,
                Day::Friday,
                Day::Saturday,
            ],
            &[(time(9, 0, 0, 0), time(17, 0, 0, 0))],
        ),
    );
    let care = care_plan(&Protocol::seed(), &request(older, None, Some(t))).unwrap();
    let dates: Vec<Date> = care.schedule.as_ref().unwrap().dates().collect();
    // Before the assessment.
    assert!(matches!(
        care.reschedule(0, date(2027, 2, 26).at(10, 0, 0, 0)),
        Err(RescheduleError::BeforeAssessment { .. })
    ));
    // Past the approval: the last session moved to 1 April.
    let last = dates.len() - 1;
    assert!(matches!(
        care.reschedule(last, date(2027, 4, 1).at(10, 0, 0, 0)),
        Err(RescheduleError::PastApproval { valid_until, .. }) if valid_until == date(2027, 3, 31)
    ));
    // The first session past the rescreen window (30 days in the seed).
    let single = care_plan(
        &Protocol::seed(),
        &request(
            Intake::from_json(
                r#"{"assessed_on": "2027-03-01", "age": 45, "pregnant": "no",
                "findings": [], "history": "none", "goals": ["relaxation"],
                "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
            )
            .unwrap(),
            None,
            Some(timing(
                "America/New_York",
                hours(
                    &[Day::Monday, Day::Wednesday, Day::Friday],
                    &[(time(9, 0, 0, 0), time(17, 0, 0, 0))],
                ),
            )),
        ),
    )
    .unwrap();
    let max = single.course.as_ref().unwrap().rescreen_after_days.unwrap();
    let far = date(2027, 3, 1) + (i64::from(max) + 5).days();
    let result = single.reschedule(0, far.at(10, 0, 0, 0));
    assert!(
        matches!(
            result,
            Err(RescheduleError::PastRescreen { .. }) | Err(RescheduleError::OutOfOrder { .. })
        ),
        "{result:?}"
    );
    // No such session.
    assert!(matches!(
        care.reschedule(999, date(2027, 3, 10).at(10, 0, 0, 0)),
        Err(RescheduleError::NoSuchSession { .. })
    ));
    // A plan that books nothing.
    let mut unlicensed = intake(date(2027, 3, 1));
    unlicensed.practitioner.licensed = massage_rules::vocabulary::Answer::No;
    let none = care_plan(&Protocol::seed(), &request(unlicensed, None, None)).unwrap();
    assert_eq!(
        none.reschedule(0, date(2027, 3, 10).at(10, 0, 0, 0)),
        Err(RescheduleError::NoSchedule)
    );
}

#[test]
fn a_time_the_clock_skips_is_refused() {
    let t = timing(
        "America/New_York",
        hours(
            &[Day::Sunday, Day::Wednesday],
            &[(time(1, 0, 0, 0), time(5, 0, 0, 0))],
        ),
    );
    let care = care_plan(
        &Protocol::seed(),
        &request(intake(date(2027, 3, 1)), None, Some(t)),
    )
    .unwrap();
    let booked = &care
        .schedule
        .as_ref()
        .unwrap()
        .appointments
        .as_ref()
        .unwrap()
        .sessions;
    // 01:00 on Sunday 14 March exists and is booked; 02:30 that day does not exist.
    let n = booked
        .iter()
        .position(|s| s.start.date() == date(2027, 3, 14))
        .unwrap();
    assert_eq!(booked[n].start.time(), time(1, 0, 0, 0));
    let result = care.reschedule(n, date(2027, 3, 14).at(2, 30, 0, 0));
    assert!(
        matches!(&result, Err(RescheduleError::SkippedTime { time_zone, .. }) if time_zone == "America/New_York"),
        "{result:?}"
    );
    // 03:30 exists: the same session moves there.
    let moved = care
        .reschedule(n, date(2027, 3, 14).at(3, 30, 0, 0))
        .unwrap();
    let after = &moved.schedule.unwrap().appointments.unwrap().sessions[n];
    assert_eq!(after.start.offset().seconds(), -4 * 3600);
}
