//! The committed header is what the pinned cbindgen makes of the sources; this test fails
//! when it is stale. Rewrite it with `MASSAGE_RULES_BLESS=1`.

use std::path::Path;

#[test]
fn committed_header_is_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).unwrap();
    let bindings = cbindgen::Builder::new()
        .with_crate(dir)
        .with_config(config)
        .generate()
        .expect("cbindgen reads the crate");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated).unwrap();
    let path = dir.join("include/massage_rules.h");
    if std::env::var_os("MASSAGE_RULES_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/massage_rules.h is stale: rerun with MASSAGE_RULES_BLESS=1 and commit it"
    );
}

/// The README's function table lists exactly the functions the header declares.
#[test]
fn the_readme_lists_every_function_and_no_other() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let header = std::fs::read_to_string(dir.join("include/massage_rules.h")).unwrap();
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let names = |text: &str, from_table: bool| {
        let mut out: Vec<String> = Vec::new();
        for line in text.lines() {
            if from_table && !line.starts_with("| `mr_") {
                continue;
            }
            if !from_table && line.starts_with(' ') {
                continue; // comments and continuation lines
            }
            let mut rest = line;
            while let Some(at) = rest.find("mr_") {
                let tail = &rest[at..];
                let name: String = tail
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if tail[name.len()..].starts_with('(') && !out.contains(&name) {
                    out.push(name.clone());
                }
                rest = &tail[name.len().max(1)..];
            }
        }
        out.sort();
        out
    };
    let declared = names(&header, false);
    let listed = names(&readme, true);
    assert!(declared.len() >= 20, "{declared:?}");
    assert_eq!(
        listed, declared,
        "capi/README.md's table and the header differ"
    );
}
