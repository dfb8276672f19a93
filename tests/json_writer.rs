//! `screen_json` writes the screening's JSON directly (no escaping of words that never
//! need it); the text is `serde_json::to_string`'s, byte for byte, for every intake and
//! every built-in protocol.

use massage_rules::strategies::intake;
use massage_rules::{Protocol, screen, screen_json};
use proptest::prelude::*;

fn protocols() -> Vec<Protocol> {
    let mut all = vec![Protocol::seed(), Protocol::conservative()];
    for name in massage_rules::research::VariantFile::BUILTIN {
        let file = massage_rules::research::VariantFile::builtin(name).unwrap();
        all.push(file.load().unwrap());
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn the_direct_writer_is_serde_json_byte_for_byte(i in intake()) {
        let text = serde_json::to_string(&i).unwrap();
        for p in protocols() {
            let want = serde_json::to_string(&screen(&p, &i).unwrap()).unwrap();
            prop_assert_eq!(screen_json(&p, &text).unwrap(), want);
        }
    }
}

#[test]
fn a_screening_with_a_finding_is_written_as_serde_json_writes_it() {
    let i = massage_rules::Intake::from_json(
        r#"{"assessed_on": "2026-11-27", "age": 40, "pregnant": "no", "findings": [
            {"contraindication": "open_wound", "location": {"part": "forearm", "side": "left"}}],
            "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}"#,
    )
    .unwrap();
    for p in protocols() {
        let s = screen(&p, &i).unwrap();
        let text = screen_json(&p, &serde_json::to_string(&i).unwrap()).unwrap();
        assert_eq!(text, serde_json::to_string(&s).unwrap());
        assert!(text.contains("\"avoid\":[\"left_forearm\"]"), "{text}");
    }
}
