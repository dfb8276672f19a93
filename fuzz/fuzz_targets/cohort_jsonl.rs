//! Cohorts as JSON Lines from other groups: never a panic; a cohort that reads compares
//! seed and conservative with every intake counted once.
#![no_main]
use libfuzzer_sys::fuzz_target;
use massage_rules::Protocol;
use massage_rules::research::{CompareOptions, compare, read_cohort_jsonl};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cohort) = read_cohort_jsonl(text) else {
        return;
    };
    let report = compare(
        &Protocol::seed(),
        &Protocol::conservative(),
        &cohort,
        CompareOptions::default(),
        |_, _| {},
    );
    assert_eq!(report.intakes, cohort.len());
    assert!(report.differing + report.invalid <= cohort.len());
});
