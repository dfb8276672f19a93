//! Plans a course for a sample intake and writes it as an iCalendar file.
//!
//! `cargo run --example write_ics -- [intake.json] [out.ics]`; by default the chronic low
//! back pain sample, written to `course.ics` in Cargo's target directory
//! (`CARGO_TARGET_DIR`, or `target/`).

use std::path::{Path, PathBuf};

use jiff::civil::date;
use massage_rules::scheduling::{Availability, Score};
use massage_rules::vocabulary::Day;
use massage_rules::{CareRequest, Protocol, care_plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let input = args
        .next()
        .map(PathBuf::from)
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

    let request = CareRequest {
        intake: serde_json::from_str(&std::fs::read_to_string(&input)?)?,
        start: Some(date(2026, 11, 30)),
        availability: Some(Availability {
            weekdays: Day::Monday | Day::Wednesday | Day::Thursday,
            unavailable: vec![date(2026, 12, 24), date(2026, 12, 31)],
        }),
        baseline: Some(Score::Pain(7)),
        timing: None,
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
    println!("{schedule}\nwrote {}", output.display());
    Ok(())
}
