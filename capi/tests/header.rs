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
