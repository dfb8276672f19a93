//! Screens each sample intake in `examples/data/`, plans a session and a course with dates
//! for those cleared, and prints what a person needs to know.
//!
//! Run with `cargo run --example quickstart`; pass `conservative` to use that protocol.

use std::path::Path;

use massage_rules::{CareRequest, Protocol, care_plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protocol = match std::env::args().nth(1).as_deref() {
        Some("conservative") => Protocol::conservative(),
        _ => Protocol::seed(),
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    println!("Protocol {}: {}\n", protocol.stamp(), protocol.title);
    for path in files {
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        let intake = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        // Sessions from the day after the assessment, Monday to Friday.
        let request = CareRequest {
            intake,
            start: None,
            availability: None,
            baseline: None,
            timing: None,
        };
        let care = care_plan(&protocol, &request)?;
        println!("== {name}\nscreening: {}", care.screening);
        match (&care.session, &care.schedule) {
            (Some(session), Some(schedule)) => {
                println!("session: {session}");
                let basis = care.course.as_ref().map(|c| c.basis);
                if let Some(condition) = basis.and_then(|b| b.condition) {
                    println!("course chosen for {condition}");
                }
                println!("course: {schedule}");
            }
            (Some(session), None) => println!("session: {session}\ncourse: none"),
            _ => {}
        }
        for held in &care.held_back {
            println!("held back: {held}");
        }
        println!();
    }
    Ok(())
}
