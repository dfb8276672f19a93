//! Measures the worst case of every entry point that reads untrusted text, at its limits:
//! wall time and peak heap, per input and per MiB. The figures in the README's "Limits"
//! section come from this program (`cargo run --release --example worst_case`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use massage_rules::care::CareRequest;
use massage_rules::protocol::{Need, Pairing, PhaseRule};
use massage_rules::research::{VariantFile, read_cohort_jsonl};
use massage_rules::vocabulary::{CourseKind, Period, Technique};
use massage_rules::{Intake, Protocol, care_plan, care_plan_json, screen_json};

/// Counts the bytes in use and remembers the most.
struct Peak;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's layout, as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: allocated above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Peak = Peak;

/// Runs `f` a few times; the fastest time and the peak heap above what was in use before.
fn measure<T>(mut f: impl FnMut() -> T) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..5 {
        let base = IN_USE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        drop(out);
        peak = peak.max(PEAK.load(Ordering::Relaxed) - base);
    }
    (best, peak)
}

fn row(entry: &str, input: &str, bytes: usize, f: impl FnMut() -> bool) {
    let mut f = f;
    let accepted = f();
    let (time, peak) = measure(f);
    let mib = bytes as f64 / (1 << 20) as f64;
    println!(
        "| {entry} | {input} | {:.2} MiB | {} | {:.1} ms | {:.1} MiB | {:.1} ms/MiB, {:.1} MiB/MiB |",
        mib,
        if accepted { "accepted" } else { "refused" },
        time.as_secs_f64() * 1e3,
        peak as f64 / (1 << 20) as f64,
        time.as_secs_f64() * 1e3 / mib.max(1e-9),
        peak as f64 / (1 << 20) as f64 / mib.max(1e-9),
    );
}

const INTAKE: &str = r#""assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [], "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}"#;

fn padded(text: String, to: usize) -> String {
    let pad = to.saturating_sub(text.len());
    text + &" ".repeat(pad)
}

fn main() {
    let seed = Protocol::seed();
    let mib = 1 << 20;
    println!("| entry point | input | size | result | time | peak heap | per MiB |");
    println!("|---|---|---|---|---|---|---|");

    // Intakes: a megabyte of unknown fields (every one a problem), of nesting, of findings
    // past the limit, and a valid intake padded to the limit.
    let fields: String = (0..60_000).map(|i| format!(r#""x{i}": 1, "#)).collect();
    let unknown = padded(format!("{{{fields}{INTAKE}}}"), mib);
    row(
        "Intake::from_json",
        "60,000 unknown fields",
        unknown.len(),
        || Intake::from_json(&unknown).is_ok(),
    );
    let nested = padded(
        format!(
            r#"{{"goals": {}{}, {INTAKE}}}"#,
            "[".repeat(400_000),
            "]".repeat(400_000)
        ),
        mib,
    );
    row(
        "Intake::from_json",
        "400,000 nested arrays",
        nested.len(),
        || Intake::from_json(&nested).is_ok(),
    );
    let finding = r#"{"contraindication": "open_wound", "location": "left_hand"}, "#;
    let findings = format!(
        r#"{{"findings": [{}{}], {}}}"#,
        finding.repeat(16_000),
        r#"{"contraindication": "open_wound", "location": "left_hand"}"#,
        INTAKE.replace(r#""findings": [], "#, "")
    );
    row(
        "Intake::from_json",
        "16,000 findings",
        findings.len(),
        || Intake::from_json(&findings).is_ok(),
    );
    let valid = padded(format!("{{{INTAKE}}}"), mib);
    row(
        "screen_json (C: mr_screen_json)",
        "valid intake, padded",
        valid.len(),
        || screen_json(&seed, &valid).is_ok(),
    );

    // Care requests: the most unavailable dates, one weekday, under a protocol whose every
    // course is the longest and most frequent validation allows.
    let mut long = Protocol::seed();
    for course in &mut long.scheduling.courses {
        if course.kind == CourseKind::Chronic {
            course.phases = vec![
                PhaseRule {
                    sessions: 7,
                    per: Period::Week,
                    periods: 52,
                    seed: course.phases[0].seed
                };
                massage_rules::Limits::PHASES
            ];
        }
    }
    long.validate().expect("the longest course validates");
    let unavailable: Vec<String> = (0..3_700)
        .map(|d| {
            format!(
                "\"{}\"",
                jiff::civil::date(2026, 11, 28) + jiff::Span::new().days(d * 2)
            )
        })
        .collect();
    let request = format!(
        r#"{{"intake": {{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [],
            "conditions": [{{"condition": "back_pain", "acuity": "chronic", "locations": ["lower_back"]}}],
            "history": "none", "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}},
            "availability": {{"weekdays": ["monday","tuesday","wednesday","thursday","friday","saturday","sunday"],
                              "unavailable": [{}]}}}}"#,
        unavailable.join(", ")
    );
    row(
        "care_plan_json (C: mr_care_plan_json)",
        "3,700 unavailable dates, 12 x 52 weeks x 7",
        request.len(),
        || care_plan_json(&long, &request).is_ok(),
    );
    let parsed = CareRequest::from_json(&request).unwrap();
    let dates = care_plan(&long, &parsed)
        .unwrap()
        .schedule
        .unwrap()
        .dates()
        .count();
    println!("|  | (that course books {dates} sessions) | | | | | |");

    // Protocols: the largest text, and the most rows.
    let mut wide = Protocol::seed();
    // Every distinct (need, technique) pair: the most rows a valid pairing table has.
    let pairing = wide.selection.pairings[0];
    let needs = massage_rules::vocabulary::Condition::ALL
        .iter()
        .map(|&c| Need::Condition(c))
        .chain(
            massage_rules::vocabulary::Goal::ALL
                .iter()
                .map(|&g| Need::Goal(g)),
        );
    wide.selection.pairings = needs
        .flat_map(|need| {
            Technique::ALL.iter().map(move |&technique| Pairing {
                need,
                technique,
                ..pairing
            })
        })
        .collect();
    let rows = wide.selection.pairings.len();
    let wide_json = padded(
        serde_json::to_string(&wide).unwrap(),
        massage_rules::Limits::PROTOCOL_BYTES,
    );
    row(
        "Protocol::from_json",
        &format!("{rows} pairings (all), padded"),
        wide_json.len(),
        || Protocol::from_json(&wide_json).is_ok(),
    );

    // Variants: every operation a copy that doubles the notes, until the size limit.
    let ops: Vec<&str> = (0..massage_rules::Limits::PATCH_OPERATIONS)
        .map(|_| r#"{"op": "copy", "from": "/notes", "path": "/notes/-"}"#)
        .collect();
    let variant = format!(
        r#"{{"id": "grow", "version": 1, "title": "grow", "base": {{"id": "seed", "version": 4}}, "patch": [{}]}}"#,
        ops.join(",")
    );
    row(
        "VariantFile::load_builtin_based",
        "256 doubling copies",
        variant.len(),
        || VariantFile::load_builtin_based(&variant).is_ok(),
    );

    // Cohorts: per MiB of intakes.
    let line = format!("{{{INTAKE}}}\n");
    let cohort = line.repeat(mib / line.len());
    row(
        "read_cohort_jsonl",
        "one MiB of intakes",
        cohort.len(),
        || read_cohort_jsonl(&cohort).is_ok(),
    );
}
