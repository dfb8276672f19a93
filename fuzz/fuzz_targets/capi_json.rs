//! The C ABI's JSON functions, called as C would call them (NUL-terminated copies of the
//! input): never a crash, and the same answer as the Rust API for the same text.
#![no_main]
use std::ffi::{CStr, CString, c_char};

use libfuzzer_sys::fuzz_target;
use massage_rules::{Protocol, care_plan_json, screen_json};
use massage_rules_capi::*;

/// Calls one JSON function and returns its output, freed.
fn call(
    f: unsafe extern "C" fn(*const mr_protocol, *const c_char, *mut *mut c_char) -> mr_status,
    input: &CStr,
) -> (mr_status, String) {
    let mut out: *mut c_char = std::ptr::null_mut();
    // SAFETY: a NULL protocol means seed; the input is NUL-terminated; `out` is writable.
    let status = unsafe { f(std::ptr::null(), input.as_ptr(), &mut out) };
    assert!(!out.is_null(), "a JSON function always writes its output");
    // SAFETY: the library wrote a NUL-terminated string, freed right after.
    let text = unsafe { CStr::from_ptr(out) }
        .to_string_lossy()
        .into_owned();
    unsafe { mr_string_free(out) };
    (status, text)
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = CString::new(data) else {
        return;
    };
    let seed = Protocol::seed();
    let (status, out) = call(mr_screen_json, &input);
    match std::str::from_utf8(data)
        .ok()
        .map(|t| screen_json(&seed, t))
    {
        Some(Ok(json)) => {
            assert_eq!(status, mr_status::MR_OK);
            assert_eq!(out, json, "the C ABI and Rust screen differently");
        }
        _ => assert_ne!(status, mr_status::MR_OK),
    }
    let (status, out) = call(mr_care_plan_json, &input);
    match std::str::from_utf8(data)
        .ok()
        .map(|t| care_plan_json(&seed, t))
    {
        Some(Ok(json)) => {
            assert_eq!(status, mr_status::MR_OK);
            assert_eq!(out, json, "the C ABI and Rust plan differently");
        }
        _ => assert_ne!(status, mr_status::MR_OK),
    }
});
