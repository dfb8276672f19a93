//! Compares two protocols over a cohort of intakes and prints the differences, grouped by
//! the rule that made them.
//!
//! `cargo run --release --example compare_protocols -- [N] [A] [B] [cohort.jsonl]`
//! N defaults to 100000 generated intakes (seed number 2026); A and B default to `seed` and
//! `conservative`; either may also be a protocol JSON or a variant file.

use std::time::Instant;

use massage_rules::Protocol;
use massage_rules::research::{
    CompareOptions, VariantFile, compare, generated_cohort, read_cohort_jsonl,
};

fn protocol(
    arg: Option<String>,
    default: fn() -> Protocol,
) -> Result<Protocol, Box<dyn std::error::Error>> {
    Ok(match arg.as_deref() {
        None => default(),
        Some("seed") => Protocol::seed(),
        Some("conservative") => Protocol::conservative(),
        Some(path) => {
            let text = std::fs::read_to_string(path)?;
            match VariantFile::load_builtin_based(&text) {
                Ok(p) => p,
                Err(_) => Protocol::from_json(&text)?,
            }
        }
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let a = protocol(args.next(), Protocol::seed)?;
    let b = protocol(args.next(), Protocol::conservative)?;
    let cohort = match args.next() {
        Some(path) => read_cohort_jsonl(&std::fs::read_to_string(path)?)?,
        None => {
            eprintln!("generating {n} intakes (seed number 2026)...");
            generated_cohort(2026, n)
        }
    };

    println!("{}\n", a.diff(&b));
    let started = Instant::now();
    let report = compare(&a, &b, &cohort, CompareOptions::default(), |done, total| {
        eprintln!("  compared {done} of {total}");
    });
    let elapsed = started.elapsed();
    println!("{report}");
    if let Some(example) = report.groups.first().and_then(|g| g.examples.first()) {
        println!(
            "smallest example of the largest group (#{}):\n{}",
            example.index,
            serde_json::to_string(&example.intake)?
        );
    }
    eprintln!(
        "{} intakes in {:.2?} ({:.0} intakes a second, two protocols each)",
        cohort.len(),
        elapsed,
        cohort.len() as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}
