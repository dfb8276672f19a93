//! Issue 14: ICD-10-CM in, minutes per technique, CPT codes and units out. The CMS rule is
//! checked against the worked examples of the Medicare Claims Processing Manual (Pub.
//! 100-04, ch. 5, §20.2); the rest are properties.

use std::path::Path;

use jiff::civil::date;
use massage_rules::coding::*;
use massage_rules::protocol::{MinutesRule, Origin};
use massage_rules::strategies::plannable_intake;
use massage_rules::*;
use proptest::prelude::*;

mod common;

/// (minutes per code, units per code under the CMS rule), from §20.2's examples.
const CMS_EXAMPLES: &[(&[u32], &[u32])] = &[
    // 24 minutes of 97112 and 23 of 97110: 47 minutes, 3 units; 97112 has more left over.
    (&[24, 23], &[2, 1]),
    // 20 and 20: 40 minutes, 3 units, the extra one to either (here the first).
    (&[20, 20], &[2, 1]),
    // 33 of 97110 and 7 of 97140: 40 minutes, 3 units: 2 and 1 (7 left beats 3).
    (&[33, 7], &[2, 1]),
    // 7, 7 and 7 minutes of three codes: 21 minutes, 1 unit, to any one of them.
    (&[7, 7, 7], &[1, 0, 0]),
    // 18 of 97110, 13 of 97140, 10 of 97116, 8 of 97035: 49 minutes, 3 units.
    (&[18, 13, 10, 8], &[1, 1, 1, 0]),
    // 5 minutes of one code alone: under 8, no unit.
    (&[5], &[0]),
];

#[test]
fn the_cms_rule_gives_the_manuals_answers() {
    for (minutes, expected) in CMS_EXAMPLES {
        assert_eq!(units(minutes, UnitRule::Cms), *expected, "{minutes:?}");
    }
    let bands = [
        (0, 0),
        (7, 0),
        (8, 1),
        (22, 1),
        (23, 2),
        (37, 2),
        (38, 3),
        (52, 3),
        (53, 4),
        (67, 4),
        (68, 5),
        (82, 5),
        (83, 6),
    ];
    for (total, u) in bands {
        assert_eq!(cms_total_units(total), u, "{total} minutes");
    }
}

proptest! {
    #![proptest_config(common::config("proptest-regressions/coding.txt"))]

    #[test]
    fn units_never_exceed_what_the_minutes_allow(minutes in proptest::collection::vec(0u32..120, 0..6)) {
        let total: u32 = minutes.iter().sum();
        let cms = units(&minutes, UnitRule::Cms);
        prop_assert_eq!(cms.iter().sum::<u32>(), cms_total_units(total));
        for (m, u) in minutes.iter().zip(&cms) {
            // No code gets more units than its minutes round up to.
            prop_assert!(*u <= m.div_ceil(15), "{m} minutes, {u} units");
        }
        let mid = units(&minutes, UnitRule::Midpoint);
        for (m, u) in minutes.iter().zip(&mid) {
            if *m < 8 {
                prop_assert_eq!(*u, 0);
            }
            prop_assert!(u * 15 <= m + 7);
        }
    }

    #[test]
    fn units_are_monotone_in_minutes(m in 0u32..400, more in 0u32..60) {
        prop_assert!(midpoint_units(m) <= midpoint_units(m + more));
        prop_assert!(cms_total_units(m) <= cms_total_units(m + more));
    }

    #[test]
    fn minutes_per_technique_sum_to_the_session(total in 0u16..=180, n in 0usize..8, min in 0u16..=20) {
        let rule = MinutesRule { min_per_technique: min, origin: Origin::Ours };
        let shares = rule.allot(total, n);
        prop_assert_eq!(shares.len(), n);
        if n > 0 {
            prop_assert_eq!(shares.iter().map(|&m| u32::from(m)).sum::<u32>(), u32::from(total));
            let floor = min.min(total / n as u16);
            prop_assert!(shares.iter().all(|&m| m >= floor));
            prop_assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{shares:?}");
        }
    }

    /// A planned session's coding: every technique's minutes on a timed code, total
    /// minutes the session's, lines linked only to diagnoses given.
    #[test]
    fn a_planned_session_codes_its_minutes(intake in plannable_intake(), minutes in 10u16..=120) {
        let protocol = Protocol::seed();
        let Ok(screened) = Screened::new(&protocol, &intake) else { return Ok(()) };
        let Ok(clearance) = screened.clearance() else { return Ok(()) };
        let session = plan(&clearance);
        let report = diagnoses(&["M54.50", "M54.2", "F41.1"], intake.assessed_on);
        let coding = code_session(&protocol, &session, minutes, &report, UnitRule::Cms);
        if !session.techniques.is_empty() {
            prop_assert_eq!(coding.total_timed_minutes, u32::from(minutes));
            let timed: u32 = coding.lines.iter().filter(|l| l.timed).map(|l| l.units).sum();
            prop_assert_eq!(timed, cms_total_units(u32::from(minutes)));
        }
        for line in &coding.lines {
            for d in &line.diagnoses {
                prop_assert!(["M54.50", "M54.2", "F41.1"].contains(&d.as_str()));
            }
        }
    }
}

#[test]
fn every_row_is_a_valid_code_of_a_condition_and_none_is_deleted() {
    for row in ICD10CM {
        assert!(is_well_formed(row.code), "{}", row.code);
        for deleted in DELETED {
            assert_ne!(
                row.code, deleted.code,
                "{} was deleted on {}",
                row.code, deleted.deleted_on
            );
        }
        // An exact row maps itself, a category its subcodes.
        assert_eq!(row_for(row.code).map(|r| r.code), Some(row.code));
    }
    for deleted in DELETED {
        for code in deleted.replaced_by {
            assert!(is_well_formed(code));
        }
    }
}

#[test]
fn deleted_unknown_and_malformed_codes_are_reported_never_dropped() {
    let codes = [
        "M54.5",
        "m54.50",
        "S39.012A",
        "S39.012S",
        "Z99.99",
        "not a code",
        "U07.1",
    ];
    let report = diagnoses(&codes, date(2026, 11, 27));
    assert_eq!(report.mapped.len() + report.problems.len(), codes.len());
    let problem = |code: &str| {
        report
            .problems
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, p)| p.clone())
    };
    assert!(
        matches!(problem("M54.5"), Some(CodeProblem::Deleted { replaced_by, .. }) if replaced_by == ["M54.50", "M54.51", "M54.59"])
    );
    assert_eq!(problem("Z99.99"), Some(CodeProblem::Unmapped));
    assert_eq!(problem("NOT A CODE"), Some(CodeProblem::NotACode));
    assert_eq!(problem("U07.1"), Some(CodeProblem::NotACode));
    assert_eq!(report.mapped[0].code, "M54.50");
    assert_eq!(report.mapped[1].entry.acuity, vocabulary::Acuity::Injury);
    assert_eq!(
        report.mapped[2].entry.acuity,
        vocabulary::Acuity::Chronic,
        "a sequela is chronic"
    );
    // Before its deletion, M54.5 was valid and maps as low back pain.
    let old = diagnoses(&["M54.5"], date(2021, 9, 30));
    assert_eq!(
        old.mapped[0].entry.condition,
        vocabulary::Condition::BackPain
    );
}

/// `docs/icd10-cm.md`: the table both ways, generated from the crate's table.
#[test]
fn the_docs_table_is_the_crates() {
    let mut text = format!(
        "# ICD-10-CM codes and the crate's conditions\n\nGenerated from `coding::ICD10CM` by `tests/coding.rs` (run with \
         `MASSAGE_RULES_BLESS=1` to rewrite). The table follows {ICD10CM_RELEASE}; descriptions are ours.\n\n\
         ## By code\n\n| code | category | condition | acuity | where | our words |\n|---|---|---|---|---|---|\n"
    );
    for row in ICD10CM {
        let site = match row.site {
            Site::None => "—".to_owned(),
            Site::Region(r) => r.name().to_owned(),
            Site::Both(p) => format!("both {}s", p.name()),
        };
        text.push_str(&format!(
            "| `{}` | {} | `{}` | `{}` | {site} | {} |\n",
            row.code,
            if row.category {
                "yes: every code under it"
            } else {
                "no"
            },
            row.condition,
            row.acuity,
            row.description
        ));
    }
    text.push_str("\n## By condition\n\n| condition | codes |\n|---|---|\n");
    for &c in vocabulary::Condition::ALL {
        let codes: Vec<String> = ICD10CM
            .iter()
            .filter(|r| r.condition == c)
            .map(|r| format!("`{}`", r.code))
            .collect();
        text.push_str(&format!(
            "| `{c}` | {} |\n",
            if codes.is_empty() {
                "—".to_owned()
            } else {
                codes.join(", ")
            }
        ));
    }
    text.push_str("\n## Deleted codes\n\n| code | deleted on | replaced by |\n|---|---|---|\n");
    for d in DELETED {
        text.push_str(&format!(
            "| `{}` | {} | {} |\n",
            d.code,
            d.deleted_on,
            d.replaced_by.join(", ")
        ));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/icd10-cm.md");
    if std::env::var_os("MASSAGE_RULES_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == text,
        "docs/icd10-cm.md is stale; rerun with MASSAGE_RULES_BLESS=1"
    );
}

#[test]
fn claims_code_every_scheduled_session_and_link_the_referral() {
    let json = r#"{"request": {"intake": {"assessed_on": "2026-11-27", "age": 45, "pregnant": "no",
        "findings": [], "history": "none", "pain_tolerance": "moderate",
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}},
        "diagnoses": ["M54.50", "M54.5", "Q99.9"], "unit_rule": "midpoint"}"#;
    let out: serde_json::Value =
        serde_json::from_str(&claims_json(&Protocol::seed(), json).unwrap()).unwrap();
    assert_eq!(out["diagnoses"]["mapped"][0]["code"], "M54.50");
    assert_eq!(out["diagnoses"]["problems"].as_array().unwrap().len(), 2);
    let sessions = out["sessions"].as_array().unwrap();
    let dates = out["care"]["schedule"]["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["dates"].as_array().unwrap().len())
        .sum::<usize>();
    assert_eq!(sessions.len(), dates);
    assert!(
        sessions[0]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["diagnoses"][0] == "M54.50")
    );
    // A broken request is reported at its path under `request`.
    let err = claims_json(&Protocol::seed(), r#"{"request": {"intake": {"assessed_on": "2026-11-27", "findings": [], "practitioner": {}, "age": 250}}}"#).unwrap_err();
    let Error::Intake(invalid) = err else {
        panic!("{err}")
    };
    assert!(
        invalid
            .problems
            .iter()
            .any(|p| p.path == "request.intake.age"),
        "{invalid}"
    );
}
