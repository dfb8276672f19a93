//! Screens intakes read as JSON Lines on stdin and writes each screening's JSON (or the
//! error document of an intake that cannot be screened) as a line on stdout: the crate's
//! own answers, which the Python package's tests compare with its answers byte for byte.
//!
//! `cargo run --example decide_jsonl -- [seed|conservative] < intakes.jsonl`

use std::io::{BufRead, Write};

use massage_rules::{Protocol, screen_json};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protocol = match std::env::args().nth(1).as_deref() {
        Some("conservative") => Protocol::conservative(),
        _ => Protocol::seed(),
    };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        match screen_json(&protocol, &line) {
            Ok(json) => writeln!(out, "{json}")?,
            Err(e) => writeln!(out, "{}", serde_json::to_string(&e.document())?)?,
        }
    }
    Ok(())
}
