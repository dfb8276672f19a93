//! The doors (`capi/`, `python/`, `service/`) only map their input to one crate call and
//! back: the appointment-book answer and check are composed once, in the crate
//! (`export::cds_hooks::answer_appointment_book`, `appointment_book_check_json`), and so
//! are the FHIR answers (`export::fhir::care_plan_resource_json`, `detected_issues_json`)
//! and the care plan in words (`CarePlan`'s `Display`). A door
//! that reads a Bundle, checks appointments and writes cards itself composes a decision,
//! and this test fails.

use std::path::{Path, PathBuf};

/// The crate calls that, made by a door, mean it composes the appointment-book decision.
const COMPOSING: [&str; 11] = [
    "check_appointments(",
    "care_plan_resource(",
    "detected_issues(",
    "Screened::new(",
    "mr::plan(",
    "appointment_check_cards(",
    "appointments_from_bundle",
    "appointment_book_cards(",
    "intake_from_questionnaire_response(",
    "subject_is_patient(",
    "unreadable_card(",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_door_composes_the_appointment_book_decision() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for door in ["capi/src", "python/src", "service/src", "node/src"] {
        sources(&root.join(door), &mut files);
    }
    if !root.join("service/src").exists() {
        // A packaged copy of the crate has no doors beside it.
        return;
    }
    assert!(files.len() >= 3, "{files:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for call in COMPOSING {
            assert!(
                !text.contains(call),
                "{} calls {call}: a door composes the decision; call the crate's one operation",
                file.display()
            );
        }
    }
    // And each door calls the one operation.
    let door = |dir: &str| {
        let mut files = Vec::new();
        sources(&root.join(dir), &mut files);
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap_or_default())
            .collect::<String>()
    };
    assert!(door("service/src").contains("answer_appointment_book("));
    assert!(door("capi/src").contains("appointment_book_check_json("));
    assert!(door("python/src").contains("appointment_book_check_json("));
}
