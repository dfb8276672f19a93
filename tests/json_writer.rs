//! `screen_json` writes the screening's JSON directly (no escaping of words that never
//! need it); the text is `serde_json::to_string`'s, byte for byte, for every intake and
//! every built-in protocol.

use massage_rules::scheduling::Availability;
use massage_rules::strategies::{intake, plannable_intake};
use massage_rules::vocabulary::Day;
use massage_rules::{
    CarePlan, CareRequest, Protocol, Screened, care_plan, care_plan_json, plan, screen, screen_json,
};
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

/// A care request of every shape the writer meets: any intake (so plans that are held
/// back, restricted or refused), a start, availability, a baseline score and timed
/// appointments, each there or not.
fn care_request() -> impl Strategy<Value = CareRequest> {
    use jiff::ToSpan;
    (
        prop_oneof![intake(), plannable_intake()],
        proptest::option::of(0i64..60),
        proptest::option::of((
            proptest::sample::subsequence(Day::ALL.to_vec(), 0..=7),
            proptest::collection::vec(0i64..120, 0..4),
        )),
        proptest::option::of(0u8..=10),
        proptest::option::of(prop_oneof![
            Just("UTC"),
            Just("America/New_York"),
            Just("Europe/Berlin")
        ]),
    )
        .prop_map(|(intake, start, availability, baseline, zone)| {
            let day = intake.assessed_on;
            let timing = zone.map(|zone| {
                serde_json::from_str(&format!(
                    r#"{{"time_zone": "{zone}", "hours": {{"monday": [{{"start": "09:00",
                        "end": "17:00"}}], "thursday": [{{"start": "08:00", "end": "12:00"}}]}},
                        "closed": [{{"from": "2027-01-04", "to": "2027-01-08"}}]}}"#
                ))
                .unwrap()
            });
            CareRequest {
                start: start.map(|s| day + s.days()),
                availability: availability.map(|(days, off)| Availability {
                    weekdays: days.into_iter().collect(),
                    unavailable: off.into_iter().map(|o| day + o.days()).collect(),
                }),
                baseline: baseline.map(|v| {
                    serde_json::from_value(serde_json::json!({"measure": "pain", "value": v}))
                        .unwrap()
                }),
                timing,
                intake,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// `care_plan_json`, `plan_json` and `reschedule_json` write what serde_json writes,
    /// byte for byte: every care plan, session plan and moved plan, under every built-in
    /// protocol.
    #[test]
    fn care_plans_are_written_as_serde_json_writes_them(request in care_request()) {
        let text = serde_json::to_string(&request).unwrap();
        let intake_text = serde_json::to_string(&request.intake).unwrap();
        for p in protocols() {
            match care_plan(&p, &request) {
                Ok(care) => {
                    let written = care_plan_json(&p, &text).unwrap();
                    prop_assert_eq!(&written, &serde_json::to_string(&care).unwrap());
                    // A moved plan (an `excluded` date and an `added` one): read back and
                    // written by serde_json, it is the same text.
                    let first = care.schedule.as_ref().and_then(|s| s.phases.first()?.dates.first().copied());
                    if let Some(first) = first {
                        let to = (first + jiff::ToSpan::days(1)).to_string();
                        if let Ok(moved) = massage_rules::read::reschedule_json(&written, 0, &to) {
                            let again: CarePlan = serde_json::from_str(&moved).unwrap();
                            prop_assert_eq!(moved, serde_json::to_string(&again).unwrap());
                        }
                    }
                }
                Err(_) => prop_assert!(care_plan_json(&p, &text).is_err()),
            }
            match massage_rules::read::plan_json(&p, &intake_text) {
                Ok(written) => {
                    let clearance = Screened::new(&p, &request.intake).unwrap();
                    let plan = plan(&clearance.clearance().unwrap());
                    prop_assert_eq!(written, serde_json::to_string(&plan).unwrap());
                }
                Err(_) => {
                    let screened = Screened::new(&p, &request.intake);
                    prop_assert!(screened.is_err() || screened.unwrap().clearance().is_err());
                }
            }
        }
    }
}
