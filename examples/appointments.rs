//! For booking apps: a course booked as appointments in a clinic's time zone, across a
//! daylight-saving change; one session moved (and one move refused, with the reason); and
//! the appointment-book check of sessions an EHR proposes.
//!
//! `cargo run --example appointments --features fhir`

use jiff::civil::date;
use massage_rules::export::cds_hooks::appointment_book_check;
use massage_rules::export::fhir::FhirContext;
use massage_rules::{CareRequest, Protocol, care_plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A Berlin clinic, open Monday and Thursday; the client prefers late afternoons.
    let request = CareRequest::from_json(
        r#"{"intake": {"assessed_on": "2027-03-15", "age": 52, "pregnant": "no",
              "findings": [], "history": "none", "pain_tolerance": "moderate",
              "conditions": [{"condition": "neck_pain", "acuity": "chronic"}],
              "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}},
            "timing": {"time_zone": "Europe/Berlin",
              "hours": {"monday": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "19:00"}],
                        "thursday": [{"start": "10:00", "end": "20:00"}]},
              "preferred": {"monday": [{"start": "16:00", "end": "19:00"}],
                            "thursday": [{"start": "17:30", "end": "20:00"}]},
              "closed": [{"from": "2027-04-01", "to": "2027-04-05"}]}}"#,
    )?;
    let care = care_plan(&Protocol::seed(), &request)?;
    let (Some(schedule), Some(course)) = (&care.schedule, &care.course) else {
        for held in &care.held_back {
            println!("held back: {held}");
        }
        return Ok(());
    };
    let booked = schedule.appointments.as_ref().expect("a timed request");
    // Berlin moves its clocks on Sunday 28 March 2027: the sessions keep their local time.
    println!("Sessions around the change to summer time (Europe/Berlin, 28 March 2027):");
    for s in booked
        .sessions
        .iter()
        .filter(|s| s.start.date() >= date(2027, 3, 22) && s.start.date() < date(2027, 4, 12))
    {
        println!(
            "  {}  {}-{}  UTC{}",
            s.start.date().strftime("%a %d %b"),
            s.start.time().strftime("%H:%M"),
            s.end.time().strftime("%H:%M"),
            s.start.offset()
        );
    }

    // The client asks for the third session two hours later the same day.
    let third = &booked.sessions[2];
    let to = third.start.date().at(18, 0, 0, 0);
    match care.reschedule(2, to) {
        Ok(moved) => {
            let s = &moved
                .schedule
                .as_ref()
                .unwrap()
                .appointments
                .as_ref()
                .unwrap()
                .sessions[2];
            println!("\nMoved session 3 from {} to {}", third.start, s.start);
        }
        Err(why) => println!("\nSession 3 cannot move to {to}: {why}"),
    }
    // The next day (a Friday) the clinic is closed: refused, with the reason.
    let tuesday = third.start.date().tomorrow()?.at(17, 0, 0, 0);
    if let Err(why) = care.reschedule(2, tuesday) {
        println!("Session 3 cannot move to {tuesday}: {why}");
    }
    // A move onto the first session's day is refused, with the reason.
    let first = booked.sessions[0].start.datetime();
    if let Err(why) = schedule.reschedule(course, 1, first) {
        println!("Session 2 cannot move to {first}: {why}");
    }

    // The EHR proposes three appointments in one week: the hook answers with cards.
    let bundle = serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Appointment", "id": "a", "status": "proposed",
         "start": "2027-03-18T17:30:00+01:00", "end": "2027-03-18T18:30:00+01:00"}},
        {"resource": {"resourceType": "Appointment", "id": "b", "status": "proposed",
         "start": "2027-03-22T16:00:00+01:00", "end": "2027-03-22T17:00:00+01:00"}},
        {"resource": {"resourceType": "Appointment", "id": "c", "status": "proposed",
         "start": "2027-03-23T16:00:00+01:00", "end": "2027-03-23T17:00:00+01:00"}}]});
    let response = appointment_book_check(&care, &bundle, None, &FhirContext::default())?;
    println!("\nThe appointment-book check:");
    for card in response["cards"].as_array().into_iter().flatten() {
        println!(
            "  [{}] {}",
            card["indicator"].as_str().unwrap_or_default(),
            card["summary"].as_str().unwrap_or_default()
        );
        for s in card["suggestions"].as_array().into_iter().flatten() {
            println!(
                "      suggestion: {}",
                s["label"].as_str().unwrap_or_default()
            );
        }
    }
    Ok(())
}
