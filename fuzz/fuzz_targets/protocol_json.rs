//! Protocol JSON shared between clinics: never a panic; a protocol that loads is valid,
//! reads back the same from its own JSON, and plans the sample clients with every oracle.
#![no_main]
use libfuzzer_sys::fuzz_target;
use massage_rules::Protocol;
use massage_rules::care::CareRequest;

const SAMPLES: &[&str] = &[
    include_str!("../../examples/data/chronic_low_back_pain.json"),
    include_str!("../../examples/data/athlete_calf_strain.json"),
    include_str!("../../examples/data/minor_with_approval.json"),
    include_str!("../../examples/data/post_operative_scarring.json"),
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(protocol) = Protocol::from_json(text) else {
        return;
    };
    protocol.validate().expect("a protocol that loads is valid");
    let back = Protocol::from_json(&protocol.to_json_pretty()).expect("its own JSON loads");
    assert_eq!(back, protocol);
    for sample in SAMPLES {
        let intake = massage_rules::Intake::from_json(sample).expect("samples are valid");
        massage_rules_fuzz::check_intake(&protocol, &intake);
        let request = CareRequest {
            intake,
            start: None,
            availability: None,
            baseline: None,
            timing: None,
        };
        if let Ok(care) = massage_rules::care_plan(&protocol, &request) {
            massage_rules_fuzz::check_care(&request, &care);
        }
    }
});
