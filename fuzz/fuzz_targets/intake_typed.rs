//! Structure-aware: intakes built field by field from the fuzzer's bytes (arbitrary), so
//! mutation explores decisions rather than JSON syntax; every oracle, and a care plan.
#![no_main]
use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use massage_rules::care::CareRequest;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(intake) = massage_rules_fuzz::intake(&mut u) else {
        return;
    };
    let start = u.int_in_range(0i64..=40).ok().and_then(|d| {
        intake
            .assessed_on
            .checked_add(jiff::Span::new().days(d))
            .ok()
    });
    let request = CareRequest {
        intake,
        start,
        availability: None,
        baseline: None,
        timing: None,
    };
    massage_rules_fuzz::check_request(&request);
});
