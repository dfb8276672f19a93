//! The data flows one way: vocabulary -> protocol -> screening -> selection -> scheduling
//! -> care -> export. A module imports only from the modules before it (the seed's
//! citations come first, the intake sits beside the protocol, and the error type and the
//! feature-gated research and strategies modules see everything), and nothing in the core
//! crate names the C crate.

use std::path::{Path, PathBuf};

/// Each module with its place in the flow; equal places may not import each other.
const ORDER: &[(&str, u8)] = &[
    ("seed", 0),
    ("vocabulary", 1),
    ("intake", 2),
    ("protocol", 2),
    ("screening", 3),
    ("selection", 4),
    ("scheduling", 5),
    ("care", 6),
    ("export", 7),
];

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

#[test]
fn no_module_imports_against_the_flow() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut checked = 0;
    for file in files {
        let module = module_of(&src, &file);
        let Some(here) = place(&module) else {
            continue; // lib.rs, error.rs, research.rs, strategies.rs see everything
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue; // docs may link anywhere
            }
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                let used: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
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
    assert!(checked > 20, "only {checked} imports checked");
}
