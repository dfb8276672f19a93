//! Coding requests from JSON: the care request read as every other, the diagnoses beside
//! it, in one pass over one tree.

use serde_json::Value;

use super::care::care_request;
use super::intake::{Reader, finish, parse, placeholder_intake, too_long};
use crate::care::CareRequest;
use crate::coding::{CodingRequest, UnitRule, claims};
use crate::intake::{IntakeError, IntakeProblem, IntakeProblemKind};
use crate::protocol::Protocol;

impl CodingRequest {
    /// Reads a coding request from JSON and checks it, reporting every problem at once:
    /// the care request's at their paths under `request.`, the diagnoses' and the unit
    /// rule's beside it. A key given twice anywhere is a problem at its path.
    ///
    /// ```
    /// use massage_rules::coding::CodingRequest;
    /// use massage_rules::Error;
    /// let err = CodingRequest::from_json(r#"{"request": {"intake": {"assessed_on": "2026-11-27",
    ///     "age": 250, "findings": [], "practitioner": {}}}, "diagnoses": [7]}"#).unwrap_err();
    /// let Error::Intake(invalid) = err else { panic!("{err}") };
    /// assert!(invalid.problems.iter().any(|p| p.path == "request.intake.age"));
    /// assert!(invalid.problems.iter().any(|p| p.path == "diagnoses[0]"));
    /// ```
    pub fn from_json(json: &str) -> Result<CodingRequest, crate::Error> {
        too_long(json)?;
        if let Ok(coding) = serde_json::from_str::<CodingRequest>(json) {
            validate(&coding)?;
            return Ok(coding);
        }
        let (value, mut r) = parse(json)?;
        let coding = coding_request(&mut r, &value);
        finish(r, coding, validate)
    }
}

/// The care request's own checks, at their paths under `request.`.
fn validate(coding: &CodingRequest) -> Result<(), IntakeError> {
    coding.request.validate().map_err(|invalid| {
        IntakeError::new(
            invalid
                .problems
                .into_iter()
                .map(|p| IntakeProblem {
                    path: format!("request.{}", p.path),
                    ..p
                })
                .collect(),
        )
    })
}

fn coding_request(r: &mut Reader, value: &Value) -> CodingRequest {
    let mut coding = CodingRequest {
        request: CareRequest {
            intake: placeholder_intake(),
            start: None,
            availability: None,
            baseline: None,
        },
        diagnoses: Vec::new(),
        unit_rule: UnitRule::Cms,
    };
    let Some(map) = r.object(value, "", &["request", "diagnoses", "unit_rule"]) else {
        return coding;
    };
    match map.get("request") {
        Some(v) => coding.request = care_request(r, v, "request."),
        None => r.push("request", IntakeProblemKind::MissingField, None),
    }
    coding.diagnoses = r
        .list(map, "", "diagnoses", false, |r, v, p| {
            r.read::<String>(v, p)
        })
        .into_iter()
        .flatten()
        .collect();
    if let Some(rule) = r.optional::<UnitRule>(map, "", "unit_rule") {
        coding.unit_rule = rule;
    }
    coding
}

/// [`claims`] for JSON: a [`CodingRequest`] in, [`Claims`](crate::coding::Claims) out.
///
/// The request is read with [`CodingRequest::from_json`]: every problem at once, the care
/// request's at their paths under `request`.
pub fn claims_json(protocol: &Protocol, json: &str) -> Result<String, crate::Error> {
    let coding = CodingRequest::from_json(json)?;
    serde_json::to_string(&claims(protocol, &coding)?).map_err(crate::Error::json)
}
