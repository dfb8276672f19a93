//! Screens each sample intake in `examples/data/`, plans a session for those cleared, and
//! prints what a person needs to know.
//!
//! Run with `cargo run --example quickstart`; pass `conservative` to use that protocol.

use std::path::Path;

use massage_rules::{Intake, Protocol, plan, screen};

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
        let intake: Intake = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        let screening = screen(&protocol, &intake)?;
        println!("== {name}\nscreening: {screening}");
        match plan(&protocol, &intake, &screening) {
            Ok(session) => println!("session: {session}"),
            Err(why) => println!("session: none ({why})"),
        }
        println!();
    }
    Ok(())
}
