//! `mr_screen_json` and `mr_care_plan_json` on the sample intakes, JSON in and out (target for
//! screening: median 5 us or less).

use std::ffi::{CString, c_char};
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use massage_rules_capi::*;

fn sample(name: &str) -> CString {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/data")
        .join(name);
    CString::new(std::fs::read_to_string(path).unwrap()).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut protocol = std::ptr::null_mut();
    // SAFETY: a valid out pointer.
    assert_eq!(unsafe { mr_protocol_seed(&mut protocol) }, mr_status::MR_OK);
    for name in [
        "cleared_adult",
        "anxious_with_forearm_wound",
        "chronic_low_back_pain",
    ] {
        let intake = sample(&format!("{name}.json"));
        c.bench_function(&format!("capi/screen_json/{name}"), |b| {
            b.iter(|| {
                let mut out: *mut c_char = std::ptr::null_mut();
                // SAFETY: live handle, NUL-terminated input, valid out pointer.
                let status =
                    unsafe { mr_screen_json(protocol, black_box(intake.as_ptr()), &mut out) };
                // SAFETY: a string from this library.
                unsafe { mr_string_free(out) };
                status
            })
        });
        let request = CString::new(format!(
            r#"{{"intake": {}, "start": "2026-11-30"}}"#,
            intake.to_str().unwrap()
        ))
        .unwrap();
        c.bench_function(&format!("capi/plan_json/{name}"), |b| {
            b.iter(|| {
                let mut out: *mut c_char = std::ptr::null_mut();
                // SAFETY: as above.
                let status =
                    unsafe { mr_care_plan_json(protocol, black_box(request.as_ptr()), &mut out) };
                // SAFETY: a string from this library.
                unsafe { mr_string_free(out) };
                status
            })
        });
    }
    // SAFETY: the handle made above.
    unsafe { mr_protocol_free(protocol) };
}

criterion_group!(benches, bench);
criterion_main!(benches);
