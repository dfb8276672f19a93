//! ICD-10-CM codes from referrals: never a panic; every code is mapped or reported, a
//! mapped code is well formed and never a deleted one, and a coding request's claims
//! bill no more units than their minutes allow.
#![no_main]
use jiff::civil::date;
use libfuzzer_sys::fuzz_target;
use massage_rules::coding::{DELETED, cms_total_units};
use massage_rules::read::{diagnoses, is_well_formed, normalize};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let codes: Vec<&str> = text.split([',', '\n']).take(64).collect();
    let report = diagnoses(&codes, date(2026, 11, 27));
    // Every distinct code is mapped or reported, once; a repeated code is one diagnosis.
    let distinct: std::collections::BTreeSet<String> = codes.iter().map(|c| normalize(c)).collect();
    assert_eq!(
        report.mapped.len() + report.problems.len(),
        distinct.len().min(massage_rules::Limits::DIAGNOSES + 1)
    );
    assert!(report.mapped.len() <= massage_rules::Limits::DIAGNOSES);
    for d in &report.mapped {
        assert!(is_well_formed(&d.code), "{}", d.code);
        assert!(
            DELETED.iter().all(|x| x.code != d.code),
            "{} is deleted",
            d.code
        );
    }
    // The same codes as a referral on a coding request for a sample client.
    let request = serde_json::json!({
        "request": {"intake": {"assessed_on": "2026-11-27", "age": 45, "pregnant": "no",
            "findings": [], "history": "none", "pain_tolerance": "firm",
            "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}},
        "diagnoses": codes,
    });
    let protocol = massage_rules::Protocol::seed();
    if let Ok(out) = massage_rules::claims_json(&protocol, &request.to_string()) {
        // Output bounded whatever the input: at most massage_rules::Limits::CODED_SESSIONS sessions, each
        // with at most massage_rules::Limits::DIAGNOSES pointers a line.
        assert!(out.len() < 8 << 20, "{} bytes of claims", out.len());
        let v: serde_json::Value = serde_json::from_str(&out).expect("claims are JSON");
        assert!(
            v["sessions"].as_array().map_or(0, Vec::len) <= massage_rules::Limits::CODED_SESSIONS
        );
        for session in v["sessions"].as_array().into_iter().flatten() {
            let minutes = session["total_timed_minutes"].as_u64().unwrap_or(0) as u32;
            let timed: u64 = session["lines"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|l| l["timed"] == true)
                .map(|l| l["units"].as_u64().unwrap_or(0))
                .sum();
            assert!(timed <= u64::from(cms_total_units(minutes)));
        }
    }
});
