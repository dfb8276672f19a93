//! Intake JSON as a client or an app types it: never a panic; a valid intake passes every
//! oracle (reasons cite the seed, monotone in findings and history, JSON round trip).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(intake) = massage_rules::Intake::from_json(text) {
        // Never more lenient than serde's own reader: a key given twice, a null list, a
        // datetime for a date are refused by both.
        assert!(
            serde_json::from_str::<massage_rules::Intake>(text).is_ok(),
            "the every-problem reader accepted what serde refuses: {text}"
        );
        for protocol in massage_rules_fuzz::protocols() {
            massage_rules_fuzz::check_intake(&protocol, &intake);
        }
    }
});
