//! Issue 20, the appointment-book hook for real: proposed Appointments read from the
//! hook's Bundle with every problem at its path, each checked against the care plan's
//! rules, answered with cards that name the appointment and the rule, and a move to the
//! nearest allowed start where one exists.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use massage_rules::care::{BookingProblem, ProposedAppointment};
use massage_rules::export::cds_hooks::appointment_book_check;
use massage_rules::export::fhir::FhirContext;
use massage_rules::read::{appointments_from_bundle, appointments_from_bundle_json};
use massage_rules::strategies::plannable_intake;
use massage_rules::{CarePlan, CareRequest, Error, Protocol, care_plan};
use proptest::prelude::*;
use serde_json::{Value, json};

const TIMING: &str = r#"{"time_zone": "America/New_York",
    "hours": {"monday": [{"start": "09:00", "end": "17:00"}],
              "wednesday": [{"start": "09:00", "end": "17:00"}],
              "thursday": [{"start": "09:00", "end": "17:00"}],
              "saturday": [{"start": "10:00", "end": "14:00"}]}}"#;

fn plan(intake: &str, timing: Option<&str>) -> CarePlan {
    let request = match timing {
        Some(t) => format!(r#"{{"intake": {intake}, "timing": {t}}}"#),
        None => format!(r#"{{"intake": {intake}}}"#),
    };
    care_plan(
        &Protocol::seed(),
        &CareRequest::from_json(&request).unwrap(),
    )
    .unwrap()
}

fn intake(extra: &str) -> String {
    format!(
        r#"{{"assessed_on": "2027-03-01", "age": 45, "pregnant": "no", "findings": [],
            "history": "none", "conditions": [{{"condition": "back_pain", "acuity": "chronic"}}],
            "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}{extra}}}"#
    )
}

fn instant(z: &jiff::ZonedDateTime) -> String {
    z.timestamp().display_with_offset(z.offset()).to_string()
}

fn bundle(appointments: &[(String, String)]) -> Value {
    let entries: Vec<Value> = appointments
        .iter()
        .enumerate()
        .map(|(i, (start, end))| {
            json!({"resource": {"resourceType": "Appointment", "id": format!("appt-{i}"),
                    "status": "proposed", "start": start, "end": end,
                    "participant": [{"status": "needs-action"}]}})
        })
        .collect();
    json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
}

/// The plan's own sessions, as the EHR would propose them.
fn own_sessions(care: &CarePlan, take: usize) -> Vec<(String, String)> {
    care.schedule
        .as_ref()
        .and_then(|s| s.appointments.as_ref())
        .map(|a| {
            a.sessions
                .iter()
                .take(take)
                .map(|s| (instant(&s.start), instant(&s.end)))
                .collect()
        })
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The plan's own sessions, proposed as appointments, keep every rule: the check
    /// finds nothing wrong with what the plan itself books.
    #[test]
    fn the_plans_own_sessions_pass_the_check(intake in plannable_intake(), take in 1usize..30) {
        let request = CareRequest {
            intake,
            start: None,
            availability: None,
            baseline: None,
            timing: Some(serde_json::from_str(TIMING).unwrap()),
        };
        let care = care_plan(&Protocol::seed(), &request).unwrap();
        let own = own_sessions(&care, take);
        prop_assume!(!own.is_empty());
        let proposed = appointments_from_bundle(&bundle(&own)).unwrap();
        // The hook's published examples send a list of Appointments instead of a Bundle:
        // it reads the same.
        let list: Vec<Value> = bundle(&own)["entry"].as_array().unwrap()
            .iter().map(|e| e["resource"].clone()).collect();
        prop_assert_eq!(&appointments_from_bundle(&Value::from(list)).unwrap(), &proposed);
        for check in care.check_appointments(&proposed, &[]) {
            prop_assert!(check.findings.is_empty(), "{:?}", check);
        }
    }

    /// A suggested move keeps every rule: proposed in place of the appointment, the check
    /// finds nothing wrong with it.
    #[test]
    fn a_suggested_move_passes_the_check(shift in 0i64..40, hour in 6i8..20, minutes in 15i64..90) {
        let care = plan(&intake(""), Some(TIMING));
        let own = own_sessions(&care, 3);
        let start = (date(2027, 3, 2) + shift.days()).at(hour, 0, 0, 0)
            .to_zoned_datetime(jiff::tz::TimeZone::get("America/New_York").unwrap())
            .unwrap();
        let end = start.checked_add(jiff::SignedDuration::from_mins(minutes)).unwrap();
        let mut all = own.clone();
        all.push((instant(&start), instant(&end)));
        let proposed = appointments_from_bundle(&bundle(&all)).unwrap();
        let checks = care.check_appointments(&proposed, &[]);
        let last = checks.last().unwrap();
        if let Some((s, e)) = &last.suggestion {
            prop_assert!(!last.findings.is_empty());
            let mut moved = own.clone();
            moved.push((instant(s), instant(e)));
            let again = care.check_appointments(&appointments_from_bundle(&bundle(&moved)).unwrap(), &[]);
            prop_assert!(again.last().unwrap().findings.is_empty(), "{:?}", again.last());
            prop_assert!(s.timestamp() >= start.timestamp());
        }
    }
}

#[test]
fn each_rule_is_named_on_the_appointment_that_breaks_it() {
    let care = plan(&intake(""), Some(TIMING));
    let at = |d: Date, h: i8, m: i64| {
        let s = d
            .at(h, 0, 0, 0)
            .to_zoned_datetime(jiff::tz::TimeZone::get("America/New_York").unwrap())
            .unwrap();
        let e = s.checked_add(jiff::SignedDuration::from_mins(m)).unwrap();
        (instant(&s), instant(&e))
    };
    let proposed = appointments_from_bundle(&bundle(&[
        at(date(2027, 2, 24), 10, 60), // before the assessment (a Wednesday)
        at(date(2027, 3, 10), 10, 30), // too short
        at(date(2027, 3, 11), 7, 60),  // before opening
        at(date(2027, 3, 16), 10, 60), // a Tuesday: closed
    ]))
    .unwrap();
    let checks = care.check_appointments(&proposed, &[]);
    let has = |i: usize, f: &dyn Fn(&BookingProblem) -> bool| {
        checks[i].findings.iter().any(|x| f(&x.problem))
    };
    assert!(has(0, &|p| matches!(
        p,
        BookingProblem::BeforeAssessment { .. }
    )));
    assert!(has(1, &|p| matches!(
        p,
        BookingProblem::TooShort {
            minutes: 30,
            planned: 60
        }
    )));
    assert!(has(2, &|p| matches!(
        p,
        BookingProblem::OutsideHours { .. }
    )));
    assert!(has(3, &|p| matches!(
        p,
        BookingProblem::OutsideHours { .. }
    )));
    // Three in one week of a course that gives two a week.
    let crowded = appointments_from_bundle(&bundle(&[
        at(date(2027, 3, 3), 10, 60),
        at(date(2027, 3, 4), 10, 60),
        at(date(2027, 3, 6), 10, 60),
    ]))
    .unwrap();
    let checks = care.check_appointments(&crowded, &[]);
    assert!(checks.iter().all(|c| c.findings.iter().any(|f| matches!(
        f.problem,
        BookingProblem::TooClose {
            sessions: 2,
            found: 3,
            ..
        }
    ))));
    // The cards name the appointment and the rule, with the seed's line.
    let response = appointment_book_check(
        &care,
        &bundle(&[at(date(2027, 3, 16), 10, 60)]),
        None,
        &FhirContext::default(),
    )
    .unwrap();
    let card = &response["cards"][0];
    assert_eq!(card["indicator"], "warning");
    assert!(
        card["summary"]
            .as_str()
            .unwrap()
            .starts_with("Appointment appt-0 on Tue 16 Mar 2027, 10:00")
    );
    assert!(card["detail"].as_str().unwrap().contains("R-course"));
    assert!(!card["summary"].as_str().unwrap().contains('_'));
    assert_eq!(card["suggestions"][0]["actions"][0]["type"], "update");
    assert_eq!(
        card["suggestions"][0]["actions"][0]["resource"]["id"],
        "appt-0"
    );
}

#[test]
fn a_contraindication_since_or_a_lapsed_approval_is_critical_with_no_move() {
    // The client now has a fever: the new intake's plan rules every appointment out.
    let fever = plan(
        &intake(r#", "history": {"anticoagulants": "no", "corticosteroids": "no", "osteoporosis": "no", "reduced_sensation": "no", "varicose_veins": "no", "fever": "yes"}"#)
            .replace(r#""history": "none", "#, ""),
        Some(TIMING),
    );
    let response = appointment_book_check(
        &fever,
        &bundle(&[(
            "2027-03-04T09:00:00-05:00".into(),
            "2027-03-04T10:00:00-05:00".into(),
        )]),
        None,
        &FhirContext::default(),
    )
    .unwrap();
    let card = &response["cards"][0];
    assert_eq!(card["indicator"], "critical", "{card}");
    assert!(card.get("suggestions").is_none());
    // An approval for an older adult that lapses on 20 March.
    let older = plan(
        &intake(r#", "approvals": [{"covers": ["older_adult"], "valid_until": "2027-03-20"}]"#)
            .replace(r#""age": 45"#, r#""age": 72"#),
        Some(TIMING),
    );
    let checks = older.check_appointments(
        &appointments_from_bundle(&bundle(&[(
            "2027-03-25T09:00:00-04:00".into(),
            "2027-03-25T10:00:00-04:00".into(),
        )]))
        .unwrap(),
        &[],
    );
    assert!(checks[0].findings.iter().any(|f| matches!(
        f.problem,
        BookingProblem::PastApproval { valid_until, .. } if valid_until == date(2027, 3, 20)
    ) && f.problem.is_critical()));
    assert!(checks[0].suggestion.is_none());
}

#[test]
fn all_fine_is_one_info_card() {
    let care = plan(&intake(""), Some(TIMING));
    let own = own_sessions(&care, 4);
    let response =
        appointment_book_check(&care, &bundle(&own), None, &FhirContext::default()).unwrap();
    let cards = response["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0]["indicator"], "info");
}

#[test]
fn a_bad_bundle_reports_every_problem_at_its_path() {
    let text = r#"{"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient"}},
        {"resource": {"resourceType": "Appointment", "start": "2027-03-04 09:00"}},
        {"resource": {"resourceType": "Appointment", "start": "2027-03-04T09:00:00-05:00",
                      "end": "2027-03-04T08:00:00-05:00"}},
        {"resource": {"resourceType": "Appointment", "start": 7, "minutesDuration": 0}},
        {"resource": {"resourceType": "Appointment", "start": "2027-03-04T09:00:00Z",
                      "start": "2027-03-05T09:00:00Z", "minutesDuration": 60}}
    ]}"#;
    let Err(Error::Intake(invalid)) = appointments_from_bundle_json(text) else {
        panic!("accepted");
    };
    let paths: Vec<(&str, String)> = invalid
        .problems
        .iter()
        .map(|p| {
            (
                p.path.as_str(),
                serde_json::to_value(p.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    for (path, kind) in [
        ("entry[0].resource.resourceType", "wrong_type"),
        ("entry[1].resource.start", "invalid_time"),
        ("entry[1].resource.end", "missing_field"),
        ("entry[2].resource.end", "invalid_window"),
        ("entry[3].resource.start", "wrong_type"),
        ("entry[3].resource.minutesDuration", "out_of_range"),
        ("entry[4].resource.start", "duplicate_field"),
    ] {
        assert!(
            paths.iter().any(|(p, k)| *p == path && k == kind),
            "{path} {kind} not in {paths:?}"
        );
    }
    // At the limit and past it.
    let n = massage_rules::Limits::APPOINTMENTS;
    let many = |n: usize| {
        bundle(&vec![
            (
                "2027-03-04T09:00:00-05:00".to_owned(),
                "2027-03-04T10:00:00-05:00".to_owned()
            );
            n
        ])
    };
    assert_eq!(appointments_from_bundle(&many(n)).unwrap().len(), n);
    assert!(appointments_from_bundle(&many(n + 1)).is_err());
}

#[test]
fn an_offset_is_kept_and_read_in_the_clinics_zone() {
    // 14:00Z is 09:00 in New York in March before the change: inside the hours.
    let p = appointments_from_bundle(&bundle(&[(
        "2027-03-04T14:00:00Z".into(),
        "2027-03-04T15:00:00Z".into(),
    )]))
    .unwrap();
    let only: &ProposedAppointment = &p[0];
    assert_eq!(only.start.offset().seconds(), 0);
    let care = plan(&intake(""), Some(TIMING));
    let checks = care.check_appointments(&p, &[]);
    assert!(checks[0].findings.is_empty(), "{:?}", checks[0]);
}

// ---- Issue 26: one appointment at a time --------------------------------------------

/// A bundle of appointments with given ids and status.
fn bundle_of(status: &str, appointments: &[(&str, String, String)]) -> Value {
    let entries: Vec<Value> = appointments
        .iter()
        .map(|(id, start, end)| {
            json!({"resource": {"resourceType": "Appointment", "id": id, "status": status,
                    "start": start, "end": end}, "search": {"mode": "match"}})
        })
        .collect();
    json!({"resourceType": "Bundle", "type": "searchset", "entry": entries})
}

fn new_york(d: Date, hour: i8, minute: i8, minutes: i64) -> (String, String) {
    let s = d
        .at(hour, minute, 0, 0)
        .to_zoned_datetime(jiff::tz::TimeZone::get("America/New_York").unwrap())
        .unwrap();
    let e = s
        .checked_add(jiff::SignedDuration::from_mins(minutes))
        .unwrap();
    (instant(&s), instant(&e))
}

const EVERY_WEEKDAY: &str = r#"{"time_zone": "America/New_York",
    "hours": {"monday": [{"start": "09:00", "end": "17:00"}],
              "tuesday": [{"start": "09:00", "end": "17:00"}],
              "wednesday": [{"start": "09:00", "end": "17:00"}],
              "thursday": [{"start": "09:00", "end": "17:00"}],
              "friday": [{"start": "09:00", "end": "17:00"}]}}"#;

/// Every session of a course of months, proposed on its own (the way an EHR fires the
/// hook, one appointment at a time), keeps every rule: the rescreen window counts from
/// the course's start as the plan dates it, not from the one appointment in the request.
#[test]
fn each_session_of_a_long_course_proposed_alone_passes() {
    let care = plan(
        &intake("").replace("2027-03-01", "2027-03-15"),
        Some(EVERY_WEEKDAY),
    );
    let own = own_sessions(&care, usize::MAX);
    let first = appointments_from_bundle(&bundle(&own[..1])).unwrap()[0]
        .start
        .date();
    let last = appointments_from_bundle(&bundle(&own[own.len() - 1..])).unwrap()[0]
        .start
        .date();
    let max = care.course.as_ref().unwrap().rescreen_after_days.unwrap();
    assert!(
        (last - first).get_days() > 2 * i32::from(max),
        "a course of months: {first} to {last}"
    );
    for (i, session) in own.iter().enumerate() {
        let alone = appointments_from_bundle(&bundle(std::slice::from_ref(session))).unwrap();
        let checks = care.check_appointments(&alone, &[]);
        assert!(
            checks[0].findings.is_empty(),
            "session {i} alone: {:?}",
            checks[0].findings
        );
        // And with the sessions before it on the books.
        let before: Vec<(&str, String, String)> = own[..i]
            .iter()
            .map(|(s, e)| ("earlier", s.clone(), e.clone()))
            .collect();
        let booked =
            massage_rules::read::booked_appointments_from_bundle(&bundle_of("booked", &before))
                .unwrap();
        let checks = care.check_appointments(&alone, &booked);
        assert!(checks[0].findings.is_empty(), "session {i}: {checks:?}");
    }
}

/// Tuesday between a booked Monday and Thursday, in a phase of two a week: flagged, with
/// the booked session named, and a later start suggested.
#[test]
fn a_third_session_in_a_week_is_flagged_against_what_is_booked() {
    let care = plan(&intake(""), Some(EVERY_WEEKDAY));
    let phase = &care.schedule.as_ref().unwrap().phases[0];
    assert_eq!(phase.rule.sessions, 2, "{phase:?}");
    // Monday 8 and Thursday 11 March booked; Tuesday 9 March proposed.
    let (ms, me) = new_york(date(2027, 3, 8), 9, 0, 60);
    let (ts, te) = new_york(date(2027, 3, 11), 9, 0, 60);
    let booked = bundle_of("booked", &[("monday", ms, me), ("thursday", ts, te)]);
    let tuesday = bundle(&[new_york(date(2027, 3, 9), 9, 0, 60)]);
    let proposed = appointments_from_bundle(&tuesday).unwrap();
    let on_books = massage_rules::read::booked_appointments_from_bundle(&booked).unwrap();
    let checks = care.check_appointments(&proposed, &on_books);
    let clash = checks[0]
        .findings
        .iter()
        .find_map(|f| match &f.problem {
            BookingProblem::TooClose {
                sessions: 2,
                found: 3,
                with,
                ..
            } => Some(with.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{checks:?}"));
    assert!(clash.booked);
    assert!(matches!(clash.id.as_deref(), Some("monday" | "thursday")));
    let (start, _) = checks[0].suggestion.clone().expect("a later start");
    assert!(start.date() > date(2027, 3, 11));
    // Alone, with nothing on the books, the same Tuesday passes.
    assert!(
        care.check_appointments(&proposed, &[])[0]
            .findings
            .is_empty()
    );
    // The card names the booked appointment and the rule.
    let response =
        appointment_book_check(&care, &tuesday, Some(&booked), &FhirContext::default()).unwrap();
    let detail = response["cards"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("booked appointment"), "{detail}");
    assert!(detail.contains("R-course"), "{detail}");
    // A booked appointment the proposal stands for (the same id) is the one it moves.
    let moving = bundle_of(
        "booked",
        &[(
            "appt-0",
            new_york(date(2027, 3, 8), 9, 0, 60).0,
            new_york(date(2027, 3, 8), 9, 0, 60).1,
        )],
    );
    let on_books = massage_rules::read::booked_appointments_from_bundle(&moving).unwrap();
    assert!(
        care.check_appointments(&proposed, &on_books)[0]
            .findings
            .is_empty()
    );
    // Cancelled appointments are not on the books.
    let cancelled = bundle_of(
        "cancelled",
        &[(
            "x",
            new_york(date(2027, 3, 9), 14, 0, 60).0,
            new_york(date(2027, 3, 9), 14, 0, 60).1,
        )],
    );
    let on_books = massage_rules::read::booked_appointments_from_bundle(&cancelled).unwrap();
    assert!(on_books.is_empty());
}

/// Two sessions on one day are flagged, whether both are proposed or one is booked.
#[test]
fn two_on_one_day_are_flagged() {
    let care = plan(&intake(""), Some(EVERY_WEEKDAY));
    let both = appointments_from_bundle(&bundle(&[
        new_york(date(2027, 3, 8), 9, 0, 60),
        new_york(date(2027, 3, 8), 14, 0, 60),
    ]))
    .unwrap();
    let checks = care.check_appointments(&both, &[]);
    for (i, check) in checks.iter().enumerate() {
        let with = check
            .findings
            .iter()
            .find_map(|f| match &f.problem {
                BookingProblem::SameDay { with } => Some(with),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{check:?}"));
        assert!(!with.booked);
        assert_eq!(with.index, 1 - i);
        assert!(check.suggestion.is_some());
    }
    // One booked, one proposed.
    let (s, e) = new_york(date(2027, 3, 8), 9, 0, 60);
    let booked =
        massage_rules::read::booked_appointments_from_bundle(&bundle_of("booked", &[("b", s, e)]))
            .unwrap();
    let afternoon =
        appointments_from_bundle(&bundle(&[new_york(date(2027, 3, 8), 14, 0, 60)])).unwrap();
    let checks = care.check_appointments(&afternoon, &booked);
    assert!(checks[0].findings.iter().any(|f| matches!(
        &f.problem,
        BookingProblem::SameDay { with } if with.booked && with.id.as_deref() == Some("b")
    )));
}

/// A client who can come only on Tuesdays, unavailable the next four, assessed on
/// Thursday 25 March: the first Tuesday free is 27 April, 33 days on, past the 30-day
/// window. No course is booked; the plan holds it back to rescreen, dated or timed.
#[test]
fn a_course_that_cannot_start_in_time_is_held_to_rescreen() {
    for timing in [None, Some(EVERY_WEEKDAY)] {
        let request = format!(
            r#"{{"intake": {}, "availability": {{"weekdays": ["tuesday"],
                "unavailable": ["2027-03-30", "2027-04-06", "2027-04-13", "2027-04-20"]}}{}}}"#,
            r#"{"assessed_on": "2027-03-25", "age": 45, "pregnant": "no", "findings": [],
                "history": "none", "goals": ["relaxation"],
                "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
            timing
                .map(|t| format!(r#", "timing": {t}"#))
                .unwrap_or_default()
        );
        let care = care_plan(
            &Protocol::seed(),
            &CareRequest::from_json(&request).unwrap(),
        )
        .unwrap();
        assert!(care.schedule.is_none(), "{:?}", care.schedule);
        assert!(
            care.held_back.iter().any(|h| matches!(
                h.hold,
                massage_rules::care::Hold::Rescreen { start, .. } if start == date(2027, 4, 27)
            )),
            "{:?}",
            care.held_back
        );
    }
}

/// An appointment whose start is not an instant is quoted, cut short, in the error and in
/// the card: a 1 MiB start does not come back as megabytes.
#[test]
fn input_is_echoed_within_bounds() {
    let huge = "9".repeat(1 << 20);
    let text = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Appointment", "start": huge, "minutesDuration": 60}}]})
    .to_string();
    let error = appointments_from_bundle_json(&text).unwrap_err();
    let document = serde_json::to_string(&error.document()).unwrap();
    assert!(document.len() < 4_000, "{} bytes", document.len());
    let card = massage_rules::export::cds_hooks::unreadable_card(
        massage_rules::export::cds_hooks::Unreadable::Appointments,
        &error,
    );
    assert!(card.to_string().len() < 4_000);
    // So is an unknown date in an intake.
    let bad = intake("").replace("2027-03-01", &"x".repeat(100_000));
    let error = massage_rules::Intake::from_json(&bad).unwrap_err();
    assert!(serde_json::to_string(&error.document()).unwrap().len() < 4_000);
}
