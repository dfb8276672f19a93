//! Care-request JSON: never a panic; a valid request's plan books no date before the
//! assessment or the start, none past an approval it relies on, and no course without a
//! technique.
#![no_main]
use libfuzzer_sys::fuzz_target;
use massage_rules::care::CareRequest;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(request) = CareRequest::from_json(text) {
        massage_rules_fuzz::check_request(&request);
    }
});
