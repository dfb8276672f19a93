//! Plans a timed course for an intake and writes it as an iCalendar file: sessions with a
//! start and an end in America/New_York, at a clinic open Monday, Wednesday and Thursday,
//! with the zone's `VTIMEZONE`.
//!
//! `cargo run --example write_ics -- [intake.json] [out.ics]`; by default the chronic low
//! back pain sample, assessed on 22 February 2027 so that its course crosses the change
//! to daylight time on 14 March 2027 (09:30 stays 09:30, the offset goes from -05:00 to
//! -04:00), written to `course.ics` in Cargo's target directory (`CARGO_TARGET_DIR`, or
//! `target/`). An intake given as an argument is planned as it is, from the day after its
//! assessment.

use std::path::{Path, PathBuf};

use jiff::civil::date;
use massage_rules::scheduling::{Availability, Score, Timing};
use massage_rules::vocabulary::Day;
use massage_rules::{CareRequest, Intake, Protocol, care_plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let given = args.next().map(PathBuf::from);
    let input = given
        .clone()
        .unwrap_or_else(|| root.join("examples/data/chronic_low_back_pain.json"));
    let output = args.next().map(PathBuf::from).unwrap_or_else(|| {
        // Cargo's target directory: CARGO_TARGET_DIR when set, else target/.
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .map(|dir| {
                if dir.is_absolute() {
                    dir
                } else {
                    root.join(dir)
                }
            })
            .unwrap_or_else(|| root.join("target"));
        target.join("course.ics")
    });

    let mut intake: Intake = serde_json::from_str(&std::fs::read_to_string(&input)?)?;
    if given.is_none() {
        // The sample, assessed a few weeks before the change to daylight time.
        intake.assessed_on = date(2027, 2, 22);
    }
    let timing: Timing = serde_json::from_str(
        r#"{"time_zone": "America/New_York",
            "hours": {"monday": [{"start": "09:30", "end": "12:30"}, {"start": "14:00", "end": "18:00"}],
                      "wednesday": [{"start": "09:30", "end": "12:30"}],
                      "thursday": [{"start": "12:00", "end": "19:00"}]},
            "closed": ["2027-05-31", {"from": "2027-07-01", "to": "2027-07-05"}]}"#,
    )?;
    let request = CareRequest {
        intake,
        start: None,
        availability: Some(Availability {
            weekdays: Day::Monday | Day::Wednesday | Day::Thursday,
            unavailable: Vec::new(),
        }),
        baseline: Some(Score::Pain(7)),
        timing: Some(timing),
    };
    let care = care_plan(&Protocol::seed(), &request)?;
    let Some(schedule) = care.schedule else {
        for held in &care.held_back {
            println!("no course to write: {held}");
        }
        return Ok(());
    };
    for held in &care.held_back {
        println!("held back: {held}");
    }
    let ics = schedule.to_ics("sample-course", jiff::Timestamp::now());
    if let Some(dir) = output.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&output, ics)?;
    println!("{schedule}");
    if let Some(booked) = &schedule.appointments {
        for s in booked.sessions.iter().take(8) {
            println!("  {} to {}", s.start, s.end.time());
        }
    }
    println!("wrote {}", output.display());
    Ok(())
}
