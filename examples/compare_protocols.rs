//! Compares two protocols over a cohort of intakes and prints the differences, grouped by
//! the rule that made them.
//!
//! `cargo run --release --example compare_protocols -- [N] [A] [B] [cohort.jsonl]`
//! N defaults to 100000 generated intakes (seed number 2026); A and B default to `seed` and
//! `conservative`; either may also be a protocol JSON or a variant file. The cohort is
//! streamed (generated, or read line by line) and compared on every core, in constant
//! memory, with a progress bar on stderr: ten million intakes take no more memory than ten
//! thousand. `SCREENING_ONLY=1` compares screenings alone.

use std::io::Write as _;
use std::time::Instant;

use massage_rules::research::{
    CompareOptions, VariantFile, cohort_jsonl_lines, compare_parallel, generated_intakes,
};
use massage_rules::{Intake, Protocol};

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
    let path = args.next();
    let total = if path.is_some() { None } else { Some(n) };
    let cohort: Box<dyn Iterator<Item = Intake> + Send> = match path {
        Some(path) => {
            let file = std::io::BufReader::new(std::fs::File::open(path)?);
            // A line that is not an intake is reported and skipped.
            Box::new(
                cohort_jsonl_lines(file)
                    .filter_map(|r| r.map_err(|e| eprintln!("skipped: {e}")).ok()),
            )
        }
        None => Box::new(generated_intakes(2026, n)),
    };
    let options = CompareOptions {
        plans: std::env::var_os("SCREENING_ONLY").is_none(),
        ..CompareOptions::default()
    };

    println!("{}\n", a.diff(&b));
    let started = Instant::now();
    let report = compare_parallel(&a, &b, cohort, options, |done| {
        progress_bar(done, total, started);
    });
    let elapsed = started.elapsed();
    eprintln!();
    println!("{report}");
    if let Some(example) = report.groups.first().and_then(|g| g.examples.first()) {
        println!(
            "smallest example of the largest group (#{}):\n{}",
            example.index,
            serde_json::to_string(&example.intake)?
        );
    }
    eprintln!(
        "{} intakes in {:.2?} ({:.0} intakes a second on {} threads, two protocols each)",
        report.intakes,
        elapsed,
        report.intakes as f64 / elapsed.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    Ok(())
}

/// A progress bar on stderr, redrawn in place.
fn progress_bar(done: usize, total: Option<usize>, started: Instant) {
    let rate = done as f64 / started.elapsed().as_secs_f64().max(1e-9);
    let mut err = std::io::stderr().lock();
    match total {
        Some(total) if total > 0 => {
            let width = 40;
            let filled = (done * width / total).min(width);
            let _ = write!(
                err,
                "\r[{}{}] {done}/{total} ({rate:.0}/s)",
                "#".repeat(filled),
                " ".repeat(width - filled)
            );
        }
        _ => {
            let _ = write!(err, "\r{done} intakes ({rate:.0}/s)");
        }
    }
    let _ = err.flush();
}
