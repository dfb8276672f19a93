//! ICD-10-CM codes as a referral gives them, read into the crate's conditions: the codes
//! are normalised and checked here, at the door, and looked up in the table of
//! [`coding`](crate::coding).

use jiff::civil::Date;

use crate::coding::{CodeProblem, DELETED, Diagnosis, DiagnosisReport, Site, row_for, valid_from};
use crate::intake::{ConditionEntry, Location};
use crate::vocabulary::Acuity::Chronic;
use crate::vocabulary::Side;

/// Whether `code` has the shape of an ICD-10-CM code: a letter (not U), a digit, a digit
/// or letter, then optionally a dot and one to four digits or letters (`M54.50`,
/// `S16.1XXA`).
pub fn is_well_formed(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() < 3 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_digit() {
        return false;
    }
    if !(b[2].is_ascii_digit() || b[2].is_ascii_uppercase()) {
        return false;
    }
    match &b[3..] {
        [] => true,
        [b'.', rest @ ..] => {
            (1..=4).contains(&rest.len())
                && rest
                    .iter()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        }
        _ => false,
    }
}

/// A code as claims carry it, in the form of the table: trimmed, upper case, and with
/// its dot (an X12 837 claim leaves it out: `M5450` is `M54.50`).
pub fn normalize(raw: &str) -> String {
    let code = raw.trim().to_ascii_uppercase();
    if code.len() > 3 && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        format!("{}.{}", &code[..3], &code[3..])
    } else {
        code
    }
}

/// Reads diagnosis codes given on `day_of_service` into conditions. Every code ends up
/// mapped or in `problems`: never dropped.
///
/// ```
/// use jiff::civil::date;
/// use massage_rules::coding::CodeProblem;
/// use massage_rules::read::diagnoses;
/// use massage_rules::vocabulary::{Acuity, Condition};
/// let report = diagnoses(&["M54.50", "S16.1XXA", "M54.5", "Q99.9"], date(2026, 11, 27));
/// assert_eq!(report.mapped[0].entry.condition, Condition::BackPain);
/// assert_eq!(report.mapped[1].entry.acuity, Acuity::Injury);
/// assert!(matches!(&report.problems[0].1, CodeProblem::Deleted { replaced_by, .. } if replaced_by.len() == 3));
/// assert_eq!(report.problems[1], ("Q99.9".to_owned(), CodeProblem::Unmapped));
/// ```
pub fn diagnoses(codes: &[&str], day_of_service: Date) -> DiagnosisReport {
    let mut report = DiagnosisReport::default();
    // A code given twice is one diagnosis; past crate::Limits::DIAGNOSES distinct codes, the rest
    // are counted, not read, so a report stays bounded whatever the input.
    let mut seen = std::collections::BTreeSet::new();
    let mut unread: Option<(String, usize)> = None;
    for raw in codes {
        let code = normalize(raw);
        if seen.contains(&code) {
            continue;
        }
        if seen.len() >= crate::Limits::DIAGNOSES {
            let first = unread.get_or_insert_with(|| (code.clone(), 0));
            first.1 += 1;
            seen.insert(code);
            continue;
        }
        seen.insert(code.clone());
        if !is_well_formed(&code) {
            report.problems.push((code, CodeProblem::NotACode));
            continue;
        }
        let deleted = DELETED.iter().find(|d| d.code == code);
        if let Some(d) = deleted
            && day_of_service >= d.deleted_on
        {
            report.problems.push((
                code,
                CodeProblem::Deleted {
                    deleted_on: d.deleted_on,
                    replaced_by: d.replaced_by.iter().map(|c| (*c).to_owned()).collect(),
                },
            ));
            continue;
        }
        if let Some(valid_from) = valid_from(&code)
            && day_of_service < valid_from
        {
            report
                .problems
                .push((code, CodeProblem::NotYetValid { valid_from }));
            continue;
        }
        // A deleted code on a day it was still valid maps as the first code that replaced it.
        let found = row_for(&code).or_else(|| deleted.and_then(|d| row_for(d.replaced_by[0])));
        let Some(row) = found else {
            report.problems.push((code, CodeProblem::Unmapped));
            continue;
        };
        let acuity = if code.starts_with('S') && code.len() == 8 && code.ends_with('S') {
            Chronic
        } else {
            row.acuity
        };
        let locations = match row.site {
            Site::None => Vec::new(),
            Site::Region(r) => vec![Location::from(r)],
            Site::Both(part) => vec![
                Location::sided(part, Side::Left),
                Location::sided(part, Side::Right),
            ],
            Site::Sided(part) => match code.as_bytes().get(6) {
                Some(b'1') => vec![Location::sided(part, Side::Right)],
                Some(b'2') => vec![Location::sided(part, Side::Left)],
                _ => vec![
                    Location::sided(part, Side::Left),
                    Location::sided(part, Side::Right),
                ],
            },
        };
        report.mapped.push(Diagnosis {
            code,
            row: row.code.to_owned(),
            entry: ConditionEntry {
                condition: row.condition,
                acuity,
                locations,
                onset: None,
            },
        });
    }
    if let Some((code, more)) = unread {
        report.problems.push((code, CodeProblem::TooMany { more }));
    }
    report
}
