//! Every line the crate cites comes with the seed's words, and those words are the seed's.

use std::path::Path;

use massage_rules::Protocol;
use massage_rules::seed::{SeedLines, quotes};
use massage_rules::vocabulary::*;

fn cited<T: Vocabulary>(out: &mut Vec<SeedLines>) {
    out.extend(T::ALL.iter().map(|v| v.seed()));
}

/// Every seed citation of the vocabulary and of the built-in protocols.
fn every_citation() -> Vec<SeedLines> {
    let mut lines = Vec::new();
    cited::<Technique>(&mut lines);
    cited::<Tool>(&mut lines);
    cited::<Condition>(&mut lines);
    cited::<Goal>(&mut lines);
    cited::<Contraindication>(&mut lines);
    cited::<BodyPart>(&mut lines);
    cited::<BodyRegion>(&mut lines);
    cited::<Pressure>(&mut lines);
    cited::<Acuity>(&mut lines);
    cited::<RuleId>(&mut lines);
    cited::<Question>(&mut lines);
    cited::<CourseKind>(&mut lines);
    cited::<Period>(&mut lines);
    for protocol in [Protocol::seed(), Protocol::conservative()] {
        // Every string of the protocol's JSON that reads as a seed reference.
        let json = serde_json::to_value(&protocol).unwrap();
        let mut stack = vec![json];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::String(s) => lines.extend(s.parse::<SeedLines>().ok()),
                serde_json::Value::Array(a) => stack.extend(a),
                serde_json::Value::Object(m) => stack.extend(m.into_iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn every_cited_line_has_its_words() {
    let lines = every_citation();
    assert!(lines.len() > 50);
    for lines in lines {
        assert!(lines.quote().is_some(), "{lines} has no quotation");
    }
}

/// The quotations are the seed's own words: each part of a quotation is found in the
/// lines it is for. The seed document sits beside the project (`shared/seed/`) where the
/// project is developed and tested; a packaged copy of the crate checks what it can.
#[test]
fn quotations_are_the_seeds_words() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/medical-massage.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{} not found: quotations not compared", path.display());
        return;
    };
    let seed: Vec<&str> = text.lines().collect();
    assert!(seed.len() >= usize::from(massage_rules::seed::SEED_LINE_COUNT));
    for (lines, words) in quotes() {
        let passage = seed[usize::from(lines.first()) - 1..usize::from(lines.last())].join(" ");
        for part in words.split("...") {
            let part = part.trim();
            assert!(
                passage.contains(part),
                "{lines}: {part:?} is not in the seed"
            );
        }
    }
}
