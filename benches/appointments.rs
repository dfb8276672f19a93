//! Appointments (issue 20). Targets: a 12-week timed course at most 3x the date-only
//! course in the same run; moving one session 10 us or less; reading a 20-appointment
//! Bundle and answering the appointment-book hook 200 us or less.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use massage_rules::export::cds_hooks::appointment_book_check;
use massage_rules::export::fhir::FhirContext;
use massage_rules::scheduling::{Availability, Score, Timing};
use massage_rules::vocabulary::Day;
use massage_rules::{CareRequest, Course, Intake, Protocol, Screened, care_plan, plan};

const INTAKE: &str = r#"{
    "assessed_on": "2027-02-22", "age": 47, "pregnant": "no", "findings": [],
    "conditions": [{"condition": "back_pain", "acuity": "chronic",
                    "locations": [{"part": "lower_back"}]}],
    "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
}"#;

const TIMING: &str = r#"{"time_zone": "America/New_York",
    "hours": {"monday": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}],
              "wednesday": [{"start": "09:00", "end": "12:00"}],
              "thursday": [{"start": "12:00", "end": "20:00"}]},
    "closed": ["2027-04-01", {"from": "2027-05-27", "to": "2027-05-31"}],
    "preferred": {"monday": [{"start": "16:00", "end": "19:00"}],
                  "wednesday": [{"start": "09:00", "end": "11:00"}],
                  "thursday": [{"start": "16:00", "end": "19:00"}]}}"#;

fn bench(c: &mut Criterion) {
    let protocol = Protocol::seed();
    let intake: Intake = serde_json::from_str(INTAKE).unwrap();
    let screened = Screened::new(&protocol, &intake).unwrap();
    let clearance = screened.clearance().unwrap();
    let session = plan(&clearance);
    let timing: Timing = serde_json::from_str(TIMING).unwrap();
    let available = Availability {
        weekdays: Day::Monday | Day::Wednesday | Day::Thursday,
        unavailable: vec![date(2027, 3, 24)],
    };
    let start = date(2027, 2, 23);
    // The same course, dated and timed, in the same run.
    c.bench_function("appointments/course_dates_only", |b| {
        b.iter(|| {
            let course = Course::start(
                black_box(&clearance),
                black_box(&session),
                Some(Score::Pain(7)),
            )
            .unwrap();
            course.schedule(black_box(start), black_box(&available))
        })
    });
    c.bench_function("appointments/course_timed_new_york", |b| {
        b.iter(|| {
            let course = Course::start(
                black_box(&clearance),
                black_box(&session),
                Some(Score::Pain(7)),
            )
            .unwrap();
            course.schedule_timed(
                black_box(start),
                black_box(&available),
                black_box(&timing),
                60,
            )
        })
    });

    let request = CareRequest {
        intake: intake.clone(),
        start: None,
        availability: None,
        baseline: None,
        timing: Some(timing.clone()),
    };
    let care = care_plan(&protocol, &request).unwrap();
    let schedule = care.schedule.as_ref().unwrap();
    let course = care.course.as_ref().unwrap();
    let third = schedule.appointments.as_ref().unwrap().sessions[2]
        .start
        .datetime();
    let later = third.date().at(17, 0, 0, 0);
    c.bench_function("appointments/reschedule_one", |b| {
        b.iter(|| schedule.reschedule(black_box(course), 2, black_box(later)))
    });

    // Twenty proposed appointments: the plan's own sessions, then monthly ones after it.
    let own = &schedule.appointments.as_ref().unwrap().sessions;
    let mut times: Vec<(jiff::ZonedDateTime, jiff::ZonedDateTime)> = own
        .iter()
        .map(|s| (s.start.clone(), s.end.clone()))
        .collect();
    let (last_start, last_end) = times.last().cloned().unwrap();
    let mut k = 1;
    while times.len() < 20 {
        let shift = jiff::Span::new().days(28 * k);
        times.push((
            last_start.checked_add(shift).unwrap(),
            last_end.checked_add(shift).unwrap(),
        ));
        k += 1;
    }
    let instant =
        |z: &jiff::ZonedDateTime| z.timestamp().display_with_offset(z.offset()).to_string();
    let entries: Vec<serde_json::Value> = times
        .iter()
        .take(20)
        .enumerate()
        .map(|(i, (start, end))| {
            serde_json::json!({"resource": {"resourceType": "Appointment", "id": format!("a{i}"),
                "status": "proposed", "start": instant(start), "end": instant(end),
                "participant": [{"status": "needs-action"}]}})
        })
        .collect();
    assert_eq!(entries.len(), 20);
    let bundle =
        serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": entries});
    let context = FhirContext::default();
    c.bench_function("appointments/hook_20_appointments", |b| {
        b.iter(|| appointment_book_check(black_box(&care), black_box(&bundle), None, &context))
    });
}

/// The appointment-book check at the reader's limit: 100 proposals against 100 booked
/// appointments, for a plan with a course but no dates (the case that was quadratic) and
/// for a timed plan. Issue 26's target: under 1 ms each.
fn bench_many(c: &mut Criterion) {
    use massage_rules::care::ProposedAppointment;
    let intake = r#"{"assessed_on": "2027-03-01", "age": 45, "pregnant": "no", "findings": [],
        "history": "none", "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#;
    let undated = care_plan(
        &Protocol::seed(),
        &CareRequest::from_json(&format!(
            r#"{{"intake": {intake}, "availability": {{"weekdays": ["tuesday"]}}}}"#
        ))
        .unwrap(),
    )
    .unwrap();
    assert!(undated.course.is_some() && undated.schedule.is_none());
    let timed = care_plan(
        &Protocol::seed(),
        &CareRequest::from_json(&format!(
            r#"{{"intake": {intake}, "timing": {{"time_zone": "America/New_York",
                "hours": {{"monday": [{{"start": "09:00", "end": "17:00"}}],
                          "wednesday": [{{"start": "09:00", "end": "17:00"}}],
                          "thursday": [{{"start": "09:00", "end": "17:00"}}]}}}}}}"#
        ))
        .unwrap(),
    )
    .unwrap();
    let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
    // A fixed scatter over six months: every 5th day proposed, every 3rd booked, at
    // hours from 08:00 to 18:00 (some outside the hours, some crowded).
    let at = |k: i64, step: i64| {
        let day = jiff::civil::date(2027, 3, 1)
            .checked_add(jiff::Span::new().days(k * step % 180))
            .unwrap();
        let start = day
            .at(8 + (k % 11) as i8, 0, 0, 0)
            .to_zoned_datetime(tz.clone())
            .unwrap();
        let end = start
            .checked_add(jiff::SignedDuration::from_mins(60))
            .unwrap();
        ProposedAppointment {
            id: Some(format!("{step}-{k}")),
            start,
            end,
        }
    };
    let proposed: Vec<ProposedAppointment> = (0..100).map(|k| at(k, 5)).collect();
    let booked: Vec<ProposedAppointment> = (0..100).map(|k| at(k, 3)).collect();
    let mut group = c.benchmark_group("check");
    group.bench_function("100_proposed_100_booked_no_schedule", |b| {
        b.iter(|| undated.check_appointments(black_box(&proposed), black_box(&booked)))
    });
    group.bench_function("100_proposed_100_booked_timed", |b| {
        b.iter(|| timed.check_appointments(black_box(&proposed), black_box(&booked)))
    });
    group.finish();
}

criterion_group!(benches, bench, bench_many);
criterion_main!(benches);
