//! What the crate's own per-intake call costs on one intake, for comparing a batch row of
//! a door with it (`python/benches/bench.py` runs this beside its batches, on the same
//! intake). Prints one line per call: its name and nanoseconds a call, best of five.
//!
//!     cargo run --release --example per_intake -- '<intake JSON>' [calls]
//!
//! `summarize_json/*` reads the one text again and again (it stays in the cache);
//! `summarize_json_rows/*` reads copies of it laid end to end in one buffer (`calls` of
//! them, at most 200,000), in turn, as an Arrow string column holds a batch's rows: the
//! same data a batch row reads.

use std::hint::black_box;
use std::time::Instant;

use massage_rules::care::summarize;
use massage_rules::read::summarize_json;
use massage_rules::{Intake, Protocol};

fn best_of_five(calls: u32, mut f: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..calls {
                f();
            }
            started.elapsed().as_nanos() as f64 / f64::from(calls)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let text = args
        .next()
        .ok_or("usage: per_intake '<intake JSON>' [calls]")?;
    let calls: u32 = args.next().map_or(Ok(200_000), |n| n.parse())?;
    let protocol = Protocol::seed();
    let intake = Intake::from_json(&text)?;
    // The rows of a batch: one buffer of every row's text, and where each ends (at most
    // 200,000 rows, some 60 MB for this intake, read in turn: far more than any cache).
    let count = (calls as usize).min(200_000);
    let column = text.repeat(count);
    let rows: Vec<&str> = (0..count)
        .map(|i| &column[i * text.len()..(i + 1) * text.len()])
        .collect();
    for (name, with_plan) in [("screening", false), ("all", true)] {
        let json = best_of_five(calls, || {
            black_box(summarize_json(&protocol, black_box(&text), with_plan).ok());
        });
        let mut next = rows.iter().cycle();
        let json_rows = best_of_five(calls, || {
            let row = next.next().copied().unwrap_or_default();
            black_box(summarize_json(&protocol, black_box(row), with_plan).ok());
        });
        let typed = best_of_five(calls, || {
            black_box(summarize(&protocol, black_box(&intake), with_plan).ok());
        });
        println!("summarize_json/{name} {json:.1}");
        println!("summarize_json_rows/{name} {json_rows:.1}");
        println!("summarize/{name} {typed:.1}");
    }
    Ok(())
}
