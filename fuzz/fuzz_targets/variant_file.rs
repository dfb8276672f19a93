//! Variant files shared between research groups: never a panic, bounded memory; a variant
//! that applies is a valid protocol based on its base, and its diff is empty only when it
//! makes the same decisions.
#![no_main]
use libfuzzer_sys::fuzz_target;
use massage_rules::research::VariantFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(variant) = VariantFile::load_builtin_based(text) else {
        return;
    };
    variant.validate().expect("an applied variant is valid");
    let base = variant.based_on.expect("a variant names its base");
    let base = if base.id.as_str() == "seed" {
        massage_rules::Protocol::seed()
    } else {
        massage_rules::Protocol::conservative()
    };
    let diff = base.diff(&variant);
    let _ = diff.to_string();
    let back = massage_rules::Protocol::from_json(&variant.to_json_pretty()).expect("loads");
    assert_eq!(back, variant);
});
