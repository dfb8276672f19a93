//! The data flows one way: limits and seed -> vocabulary -> intake and protocol ->
//! screening -> selection -> scheduling -> care -> coding and the umbrella error -> read
//! (everything that comes in, the JSON entry points) -> export. A module imports only from
//! the modules before it, root re-exports counted as their home module (`crate::Error` is
//! an import of `error`); the feature-gated research, strategies and schema modules see
//! everything; and nothing in the core crate names the C crate.

use std::path::{Path, PathBuf};

/// Each module with its place in the flow; equal places may not import each other.
const ORDER: &[(&str, u8)] = &[
    ("limits", 0),
    ("seed", 0),
    ("vocabulary", 1),
    ("problem", 1),
    ("intake", 2),
    ("protocol", 2),
    ("screening", 3),
    ("selection", 4),
    ("scheduling", 5),
    ("care", 6),
    ("coding", 7),
    ("error", 7),
    ("read", 8),
    ("export", 9),
];

/// Modules outside the flow: the root, and the feature-gated modules that use everything.
const OUTSIDE: &[&str] = &["lib", "research", "strategies", "schema"];

/// The root's re-exports, each resolved to its home module (read from `src/lib.rs`), so
/// that `crate::Intake` counts as an import of `intake`.
fn root_reexports(src: &Path) -> Vec<(String, String)> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let mut out = Vec::new();
    for line in lib.lines().filter(|l| l.starts_with("pub use ")) {
        let rest = line.trim_start_matches("pub use ").trim_end_matches(';');
        let (module, names) = rest.split_once("::").unwrap();
        let names = names.trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            out.push((name.to_owned(), module.to_owned()));
        }
    }
    out
}

/// The home module of what follows `crate::` on a line: a module's name, or a root
/// re-export's home.
fn home_of(rest: &str, reexports: &[(String, String)]) -> Option<String> {
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.chars().next()?.is_ascii_lowercase() && !reexports.iter().any(|(n, _)| *n == name) {
        return Some(name);
    }
    reexports
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, m)| m.clone())
}

/// Every module of the crate is either in the flow or named as outside it.
#[test]
fn every_module_has_a_place() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            place(&name).is_some() || OUTSIDE.contains(&name.as_str()),
            "src/{name} has no place in the flow"
        );
    }
}

fn place(module: &str) -> Option<u8> {
    ORDER.iter().find(|(m, _)| *m == module).map(|(_, p)| *p)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`src/protocol/builtin.rs` -> protocol).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The first path segment of each item of every grouped import (`use crate::{read::X,
/// care::{A, B}, Intake};` gives `read`, `care`, `Intake`), however the group is nested or
/// spread over lines.
fn grouped_imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("crate::{") {
        let line = text[..at].matches('\n').count() + 1;
        let body = &text[at + "crate::{".len()..];
        let mut depth = 1;
        let mut item = String::new();
        let mut items = Vec::new();
        for c in body.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 1 => {
                    items.push(std::mem::take(&mut item));
                    continue;
                }
                _ => {}
            }
            if depth == 0 {
                items.push(std::mem::take(&mut item));
                break;
            }
            item.push(c);
        }
        for item in items {
            let first: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !first.is_empty() && first != "self" {
                out.push((line, first));
            }
        }
    }
    out
}

#[test]
fn grouped_imports_are_read() {
    let text =
        "use crate::{\n    read::X,\n    care::{A, B},\n    Intake,\n};\nuse crate::{self as c};";
    let found: Vec<String> = grouped_imports(text).into_iter().map(|(_, m)| m).collect();
    assert_eq!(found, ["read", "care", "Intake"]);
}

#[test]
fn no_module_imports_against_the_flow() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let reexports = root_reexports(&src);
    let mut checked = 0;
    for file in files {
        let module = module_of(&src, &file);
        let Some(here) = place(&module) else {
            continue; // lib.rs, error.rs, research, strategies, schema see everything
        };
        let text = std::fs::read_to_string(&file).unwrap();
        // Grouped imports, each item counted as its own import.
        for (line, first) in grouped_imports(&text) {
            let Some(used) = home_of(&first, &reexports) else {
                continue;
            };
            if let Some(there) = place(&used)
                && used != module
            {
                assert!(
                    there < here,
                    "{}:{line}: {module} imports {used} (in a group), against the flow",
                    file.display()
                );
                checked += 1;
            }
        }
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue; // docs may link anywhere
            }
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                // A root re-export (`crate::Intake`) counts as its home module.
                let Some(used) = home_of(rest, &reexports) else {
                    continue;
                };
                if let Some(there) = place(&used)
                    && used != module
                {
                    assert!(
                        there < here,
                        "{}:{}: {module} imports {used}, against the flow",
                        file.display(),
                        n + 1
                    );
                    checked += 1;
                }
            }
            assert!(
                !code.contains("massage_rules_capi"),
                "{}: the core crate names the C crate",
                file.display()
            );
        }
    }
    eprintln!("{checked} imports checked");
    assert!(checked > 20, "only {checked} imports checked");
}
