//! The decisions, recorded: a digest of every JSON and text document the crate writes for
//! the sample intakes and a generated cohort under both built-in protocols. A change
//! that is meant to change no decision (a refactoring, a move, a rename of an internal)
//! must leave every digest as it is; a change that is meant to change decisions updates
//! `tests/golden/digests.txt` with `MASSAGE_RULES_BLESS=1`, and its CHANGELOG entry says
//! why.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use massage_rules::claims;
use massage_rules::coding::{CodingRequest, UnitRule};
use massage_rules::export::cds_hooks::appointment_book_cards;
use massage_rules::export::fhir::{
    FhirContext, care_plan_resource, detected_issues, questionnaire_response,
};
use massage_rules::research::generated_cohort;
use massage_rules::{CareRequest, Intake, Protocol, Screened, care_plan, plan, screen};

/// FNV-1a, 64 bits: a stable digest with no dependency.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so that two documents never run into each other.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

fn samples() -> Vec<Intake> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| Intake::from_json(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

fn digests() -> BTreeMap<&'static str, Fnv> {
    let mut d: BTreeMap<&'static str, Fnv> = BTreeMap::new();
    let mut add = |what: &'static str, text: &str| {
        d.entry(what).or_insert_with(Fnv::new).add(text.as_bytes());
    };
    let context = FhirContext {
        patient: Some("Patient/golden".into()),
    };
    let mut intakes = samples();
    intakes.extend(generated_cohort(20_261_127, 1_500));
    for protocol in [Protocol::seed(), Protocol::conservative()] {
        for intake in &intakes {
            let screening = screen(&protocol, intake).unwrap();
            add("screening", &serde_json::to_string(&screening).unwrap());
            add("screening text", &screening.to_string());
            let screened = Screened::new(&protocol, intake).unwrap();
            if let Ok(clearance) = screened.clearance() {
                let session = plan(&clearance);
                add("plan", &serde_json::to_string(&session).unwrap());
                add("plan text", &session.to_string());
            }
            let request = CareRequest {
                intake: intake.clone(),
                start: None,
                availability: None,
                baseline: None,
                timing: None,
            };
            let care = care_plan(&protocol, &request).unwrap();
            add("care plan", &serde_json::to_string(&care).unwrap());
            if let Some(schedule) = &care.schedule {
                let stamp = "2026-11-27T09:00:00Z".parse().unwrap();
                add("ics", &schedule.to_ics("golden", stamp));
            }
            add(
                "fhir care plan",
                &care_plan_resource(&care, &context).to_string(),
            );
            for issue in detected_issues(&screened, &context) {
                add("fhir detected issues", &issue.to_string());
            }
            add(
                "fhir questionnaire response",
                &questionnaire_response(intake).to_string(),
            );
            add(
                "cds hooks cards",
                &appointment_book_cards(&screened, &context).to_string(),
            );
            let coding = CodingRequest {
                request,
                diagnoses: vec!["M54.50".into(), "S86.112A".into(), "F41.1".into()],
                unit_rule: UnitRule::Cms,
            };
            add(
                "claims",
                &serde_json::to_string(&claims(&protocol, &coding).unwrap()).unwrap(),
            );
        }
    }
    d
}

#[test]
fn every_decision_is_as_recorded() {
    let mut text = String::from(
        "# Digests (FNV-1a 64) of every document the crate writes for the sample intakes\n\
         # and a generated cohort under seed and conservative (tests/golden.rs).\n",
    );
    for (what, digest) in digests() {
        writeln!(text, "{what}: {:016x}", digest.0).unwrap();
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/digests.txt");
    if std::env::var_os("MASSAGE_RULES_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let recorded = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        recorded, text,
        "a decision changed; if that is meant, rerun with MASSAGE_RULES_BLESS=1 and say why \
         in CHANGELOG.md"
    );
}
