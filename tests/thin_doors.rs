//! The doors (`capi/`, `python/`, `service/`, `node/`) only map their input to one crate call and
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
    assert!(door("node/src").contains("answer_appointment_book("));
    assert!(door("node/src").contains("appointment_book_check_json("));
}

/// What of the core a door may name: the crate's one-call operations, the types they
/// take and give, the readers and writers (`read`, `export`), the errors, the vocabulary
/// and the protocols. A module's items are all open (`*`) or listed. The rule modules
/// (`screening`, `selection`, `coding`) and the steps of a care plan are not for doors:
/// naming them is composing a decision. Of `screening`, only the `Reason` a screening
/// gives, which a door writes out.
const DOORS_MAY_USE: [(&str, &[&str]); 24] = [
    ("Protocol", &["*"]),
    ("Error", &["*"]),
    ("Intake", &["*"]),
    ("CareRequest", &["*"]),
    ("CarePlan", &["*"]),
    ("Screening", &["*"]),
    ("Limits", &["*"]),
    ("screen", &[]),
    ("screen_json", &[]),
    ("plan_json", &[]),
    ("care_plan", &[]),
    ("care_plan_json", &[]),
    ("claims_json", &[]),
    ("read", &["*"]),
    ("export", &["*"]),
    ("error", &["*"]),
    ("problem", &["*"]),
    ("research", &["VariantFile", "Variant"]),
    ("vocabulary", &["*"]),
    ("intake", &["IntakeError"]),
    ("care", &["summarize", "DecisionSummary"]),
    ("scheduling", &["Timing"]),
    ("protocol", &["ProtocolError"]),
    ("screening", &["Reason"]),
];

/// Every path of the core a source names (`massage_rules::a::b`, `mr::a::b`, and each
/// item of a grouped `use massage_rules::{a::b, c}`), as its first two segments.
fn core_paths(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut push = |path: &str| {
        let mut parts = path.split("::").map(|p| ident(p.trim()));
        let first = parts.next().unwrap_or_default();
        if first.is_empty() || first == "self" {
            return;
        }
        out.push((first, parts.next().filter(|s| !s.is_empty())));
    };
    for prefix in ["massage_rules::", "mr::"] {
        let mut rest = text;
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().last();
            rest = &rest[i + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    push(item);
                }
            } else {
                // `a::{b, c}` names a's items b and c.
                let head = ident(rest);
                let after = &rest[head.len()..];
                if let Some(group) = after.strip_prefix("::{") {
                    let end = group.find('}').unwrap_or(group.len());
                    for item in group[..end].split(',') {
                        push(&format!("{head}::{item}"));
                    }
                } else {
                    let path: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                        .collect();
                    push(&path);
                }
            }
        }
    }
    out
}

#[test]
fn doors_name_only_what_the_core_offers_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("service/src").exists() {
        return;
    }
    let mut named = 0;
    for door in ["capi/src", "python/src", "service/src", "node/src"] {
        let mut files = Vec::new();
        sources(&root.join(door), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (first, second) in core_paths(&text) {
                named += 1;
                let Some((_, items)) = DOORS_MAY_USE.iter().find(|(m, _)| *m == first) else {
                    panic!(
                        "{} names massage_rules::{first}, which is not for doors",
                        file.display()
                    );
                };
                if let Some(second) = second.filter(|_| !items.contains(&"*") && !items.is_empty())
                {
                    assert!(
                        items.contains(&second.as_str()),
                        "{} names massage_rules::{first}::{second}, which is not for doors",
                        file.display()
                    );
                }
            }
        }
    }
    // The doors do name the core (a reader that saw nothing would pass anything).
    assert!(named > 50, "{named}");
}

#[test]
fn the_path_reader_sees_every_form() {
    let paths = core_paths(
        "use massage_rules::{Error, screening::Screened};\nuse massage_rules::vocabulary::{Side, Goal};\nlet x = mr::care::summarize(a); mr::Protocol::seed(); rmr::nope;",
    );
    let has = |a: &str, b: Option<&str>| paths.iter().any(|(x, y)| x == a && y.as_deref() == b);
    assert!(has("Error", None));
    assert!(has("screening", Some("Screened")));
    assert!(has("vocabulary", Some("Side")) && has("vocabulary", Some("Goal")));
    assert!(has("care", Some("summarize")));
    assert!(has("Protocol", Some("seed")));
    assert!(!paths.iter().any(|(x, _)| x == "nope"));
}
