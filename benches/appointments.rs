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

criterion_group!(benches, bench);
criterion_main!(benches);
