//! Issue 14: ICD-10-CM in, minutes per technique, CPT codes and units out. The CMS rule is
//! checked against the worked examples of the Medicare Claims Processing Manual (Pub.
//! 100-04, ch. 5, §20.2); the rest are properties.

use std::path::Path;

use jiff::civil::date;
use massage_rules::coding::*;
use massage_rules::protocol::{MinutesRule, Origin};
use massage_rules::read::{claims, diagnoses, is_well_formed};
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
            // Every technique that gets minutes gets the minimum (the first gets them all
            // when the session is shorter); best first.
            prop_assert!(shares.iter().skip(1).all(|&m| m == 0 || m >= min), "{shares:?}");
            prop_assert!(shares[0] >= min.min(total), "{shares:?}");
            prop_assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{shares:?}");
            let given = shares.iter().filter(|&&m| m > 0).count();
            if min > 0 && total >= min {
                prop_assert_eq!(given, usize::from(total / min).min(n));
            }
        }
    }

    /// The shares are the largest-remainder apportionment of what is left above the
    /// minimum, weighted n, n-1, ..., 1 (best first): each share is its quota rounded
    /// down, and the minutes left go one each to the largest remainders, the better rank
    /// first on a tie. Checked against a sort of the exact quotas, written apart from the
    /// crate's running selection.
    #[test]
    fn minutes_left_over_go_to_the_largest_remainders(total in 0u16..=600, n in 1usize..12, min in 0u16..=30) {
        let rule = MinutesRule { min_per_technique: min, origin: Origin::Ours };
        let shares = rule.allot(total, n);
        let fit = total.checked_div(min).map_or(n, |k| usize::from(k).clamp(1, n));
        let (total, min) = (u64::from(total), u64::from(min));
        let floor = min.min(total / fit as u64);
        let rest = total - floor * fit as u64;
        let sum = (fit * (fit + 1) / 2) as u64;
        // Quota of share i: rest * (fit - i) / sum, kept as a whole part and a remainder.
        let quotas: Vec<(u64, u64)> = (0..fit)
            .map(|i| {
                let weighted = rest * (fit - i) as u64;
                (weighted / sum, weighted % sum)
            })
            .collect();
        let mut expected: Vec<u64> = quotas.iter().map(|(whole, _)| floor + whole).collect();
        let left = rest - quotas.iter().map(|(whole, _)| whole).sum::<u64>();
        let mut by_remainder: Vec<usize> = (0..fit).collect();
        by_remainder.sort_by_key(|&i| (std::cmp::Reverse(quotas[i].1), i));
        for &i in by_remainder.iter().take(left as usize) {
            expected[i] += 1;
        }
        expected.resize(n, 0);
        let shares: Vec<u64> = shares.iter().map(|&m| u64::from(m)).collect();
        prop_assert_eq!(shares, expected);
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
    // Every U code is a code (U07.1 is COVID-19); it is simply not a massage condition.
    assert_eq!(problem("U07.1"), Some(CodeProblem::Unmapped));
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
            Site::Sided(p) => format!("{}, side from the 6th character", p.name()),
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

#[test]
fn codes_before_they_took_effect_are_not_yet_valid() {
    let early = diagnoses(&["M54.50", "U07.1", "G20.A1"], date(2021, 9, 30));
    assert!(early.mapped.is_empty(), "{early:?}");
    assert!(early.problems.iter().any(|(c, p)| c == "M54.50"
        && *p
            == CodeProblem::NotYetValid {
                valid_from: date(2021, 10, 1)
            }));
    assert!(early.problems.iter().any(|(c, p)| c == "G20.A1"
        && *p
            == CodeProblem::NotYetValid {
                valid_from: date(2023, 10, 1)
            }));
    // On the day it took effect it maps.
    assert_eq!(diagnoses(&["M54.50"], date(2021, 10, 1)).mapped.len(), 1);
    let covid = diagnoses(&["U07.1"], date(2020, 3, 31));
    assert!(matches!(
        covid.problems[0].1,
        CodeProblem::NotYetValid { .. }
    ));
}

#[test]
fn codes_without_their_dot_read_as_claims_carry_them() {
    let report = diagnoses(&["M5450", "s86112a", "M54.50"], date(2026, 11, 27));
    // M5450 and M54.50 are one diagnosis.
    assert_eq!(report.mapped.len(), 2, "{report:?}");
    assert_eq!(report.mapped[0].code, "M54.50");
    assert_eq!(report.mapped[1].code, "S86.112A");
}

#[test]
fn limb_and_spine_sprains_and_strains_map_by_category_and_seventh_character() {
    use vocabulary::{Acuity, BodyRegion as R, Condition as C};
    let day = date(2026, 11, 27);
    let cases = [
        ("S93.401A", C::Sprain, Acuity::Injury, vec![R::RightFoot]),
        ("S86.112A", C::Strain, Acuity::Injury, vec![R::LeftLowerLeg]),
        ("S86.112D", C::Strain, Acuity::Injury, vec![R::LeftLowerLeg]),
        (
            "S86.112S",
            C::Strain,
            Acuity::Chronic,
            vec![R::LeftLowerLeg],
        ),
        ("S83.511A", C::Sprain, Acuity::Injury, vec![R::RightKnee]),
        ("S43.402A", C::Sprain, Acuity::Injury, vec![R::LeftShoulder]),
        ("S76.311A", C::Strain, Acuity::Injury, vec![R::RightThigh]),
        (
            "S63.509A",
            C::Sprain,
            Acuity::Injury,
            vec![R::LeftHand, R::RightHand],
        ),
        ("S23.3XXA", C::Sprain, Acuity::Injury, vec![R::UpperBack]),
    ];
    for (code, condition, acuity, regions) in cases {
        let report = diagnoses(&[code], day);
        let Some(d) = report.mapped.first() else {
            panic!("{code} unmapped: {report:?}")
        };
        assert_eq!(d.entry.condition, condition, "{code}");
        assert_eq!(d.entry.acuity, acuity, "{code}");
        let got: vocabulary::RegionSet = d.entry.regions();
        let want: vocabulary::RegionSet = regions.into_iter().collect();
        assert_eq!(got, want, "{code}");
    }
}

fn intake_json(extra: &str) -> String {
    format!(
        r#"{{"assessed_on": "2026-11-27", "age": 45, "pregnant": "no", "findings": [],
        "history": "none", "pain_tolerance": "moderate"{extra},
        "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
    )
}

/// A megabyte of one repeated code is one diagnosis: what a claims run writes does not
/// grow with the repetition.
#[test]
fn a_repeated_code_is_one_diagnosis_and_output_stays_bounded() {
    let one = format!(
        r#"{{"request": {{"intake": {}}}, "diagnoses": ["M54.50"]}}"#,
        intake_json("")
    );
    let small = claims_json(&Protocol::seed(), &one).unwrap().len();
    let many: Vec<&str> = vec!["\"M54.50\""; 100_000];
    let text = format!(
        r#"{{"request": {{"intake": {}}}, "diagnoses": [{}]}}"#,
        intake_json(""),
        many.join(",")
    );
    assert!(text.len() > 900_000);
    let out = claims_json(&Protocol::seed(), &text).unwrap();
    assert_eq!(out.len(), small);
    // Distinct codes past the limit are counted, not read.
    let distinct: Vec<String> = (0..5_000)
        .map(|i| format!("Z{:02}.{}", i % 100, i / 100))
        .collect();
    let refs: Vec<&str> = distinct.iter().map(String::as_str).collect();
    let report = diagnoses(&refs, date(2026, 11, 27));
    assert!(report.mapped.len() + report.problems.len() <= massage_rules::Limits::DIAGNOSES + 1);
    assert!(
        matches!(report.problems.last(), Some((_, CodeProblem::TooMany { more })) if *more == 5_000 - massage_rules::Limits::DIAGNOSES)
    );
}

/// A valid custom protocol that books a session every day for a year in each of twelve
/// phases: one run codes at most massage_rules::Limits::CODED_SESSIONS sessions, and says how many it left.
#[test]
fn a_long_course_is_coded_in_bounded_runs() {
    use massage_rules::protocol::PhaseRule;
    use massage_rules::vocabulary::Period;
    let mut protocol = Protocol::seed();
    for course in &mut protocol.scheduling.courses {
        if course.kind != vocabulary::CourseKind::Chronic {
            continue;
        }
        let seed = course.phases[0].seed;
        course.phases = vec![
            PhaseRule {
                sessions: 7,
                per: Period::Week,
                periods: 52,
                seed
            };
            12
        ];
    }
    protocol.validate().expect("a valid protocol");
    let text = format!(
        r#"{{"request": {{"intake": {}, "availability": {{"weekdays": ["monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday"]}}}},
            "diagnoses": ["M54.50"]}}"#,
        intake_json(r#", "conditions": [{"condition": "back_pain", "acuity": "chronic"}]"#)
    );
    let request: CodingRequest = serde_json::from_str(&text).unwrap();
    let claims = claims(&protocol, &request).unwrap();
    assert_eq!(claims.sessions.len(), massage_rules::Limits::CODED_SESSIONS);
    let booked = claims.care.schedule.as_ref().unwrap().dates().count();
    assert_eq!(
        claims.sessions_not_coded,
        booked - massage_rules::Limits::CODED_SESSIONS
    );
    let out = claims_json(&protocol, &text).unwrap();
    assert!(out.len() < 4 << 20, "{} bytes", out.len());
}

#[test]
fn every_claim_line_points_at_a_diagnosis_and_says_whether_it_is_billed() {
    let text = format!(
        r#"{{"request": {{"intake": {}}}, "diagnoses": ["M54.50"]}}"#,
        intake_json(
            r#", "goals": ["relaxation"], "conditions": [{"condition": "back_pain", "acuity": "chronic", "locations": ["lower_back"]}]"#
        )
    );
    let request: CodingRequest = serde_json::from_str(&text).unwrap();
    for minutes in [10u16, 30, 60] {
        let c = claims(&Protocol::seed(), &request).unwrap();
        let session = c.care.session.as_ref().unwrap();
        let coded = code_session(
            &Protocol::seed(),
            session,
            minutes,
            &c.diagnoses,
            UnitRule::Cms,
        );
        for line in &coded.lines {
            assert!(!line.diagnoses.is_empty(), "{line:?}");
            assert_eq!(line.billable, line.units > 0);
            assert!(!line.regions.is_empty(), "{line:?}");
        }
        let timed: u32 = coded
            .lines
            .iter()
            .filter(|l| l.timed)
            .map(|l| l.units)
            .sum();
        assert_eq!(coded.total_timed_units, timed);
        assert_eq!(
            coded.total_timed_units,
            cms_total_units(coded.total_timed_minutes)
        );
        // At least 8 minutes on every timed line that has any (a 10-minute session is
        // one technique's 10, never 7 + 3).
        for line in coded.lines.iter().filter(|l| l.timed && l.minutes > 0) {
            assert!(line.minutes >= 8, "{minutes} min: {line:?}");
        }
    }
}

/// At the limit every distinct code is read; one past it, one `too_many` problem counts
/// the code left unread.
#[test]
fn distinct_diagnoses_at_and_past_the_limit() {
    let codes: Vec<String> = (0..=massage_rules::Limits::DIAGNOSES)
        .map(|i| format!("Z{:02}.{}", 10 + i % 80, i / 80))
        .collect();
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let at = diagnoses(
        &refs[..massage_rules::Limits::DIAGNOSES],
        date(2026, 11, 27),
    );
    assert_eq!(
        at.mapped.len() + at.problems.len(),
        massage_rules::Limits::DIAGNOSES
    );
    assert!(
        at.problems
            .iter()
            .all(|(_, p)| !matches!(p, CodeProblem::TooMany { .. }))
    );
    let past = diagnoses(&refs, date(2026, 11, 27));
    assert_eq!(
        past.mapped.len() + past.problems.len(),
        massage_rules::Limits::DIAGNOSES + 1
    );
    assert_eq!(
        past.problems.last(),
        Some(&(
            codes[massage_rules::Limits::DIAGNOSES].clone(),
            CodeProblem::TooMany { more: 1 }
        ))
    );
}

/// Claims are written and read back the same, over generated plannable intakes.
#[test]
fn claims_round_trip_through_json() {
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::default();
    runner
        .run(&plannable_intake(), |intake| {
            let request = CodingRequest {
                request: common::request(&intake),
                diagnoses: vec!["M54.50".into(), "S86.112A".into(), "M5450".into()],
                unit_rule: UnitRule::Midpoint,
            };
            let claims = claims(&Protocol::seed(), &request).unwrap();
            let text = serde_json::to_string(&claims).unwrap();
            let back: Claims = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back, claims);
            Ok(())
        })
        .unwrap();
}
