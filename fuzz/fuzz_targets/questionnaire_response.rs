//! FHIR QuestionnaireResponses from clinic systems: never a panic; a response that reads
//! gives an intake that passes every oracle, and writing it back as a response and
//! reading that gives the same intake.
#![no_main]
use libfuzzer_sys::fuzz_target;
use massage_rules::export::fhir::questionnaire_response;
use massage_rules::read::intake_from_questionnaire_response;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let result = intake_from_questionnaire_response(&value);
    // Deeper than the limit is refused before it is read.
    if massage_rules_fuzz::depth(&value) > massage_rules::Limits::JSON_DEPTH {
        assert!(result.is_err(), "a response nested past the limit was read");
    }
    let Ok(intake) = result else { return };
    for protocol in massage_rules_fuzz::protocols() {
        massage_rules_fuzz::check_intake(&protocol, &intake);
    }
    let again = intake_from_questionnaire_response(&questionnaire_response(&intake))
        .expect("a response the crate writes reads back");
    assert_eq!(again, intake);
});
