//! Coding requests from JSON: the care request read as every other, the diagnoses beside
//! it, in one pass over one tree.

use super::tree::Node;

use super::care::care_request;
use super::intake::{Reader, finish, parse, placeholder_intake, too_long};
use crate::care::CareRequest;
use crate::coding::{Claims, CodingRequest, DiagnosisReport, UnitRule};
use crate::intake::IntakeError;
use crate::problem::Problem;
use crate::problem::ProblemKind;
use crate::protocol::Protocol;
use crate::vocabulary::ConditionSet;

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
        let (tape, mut r) = parse::<super::tree::Slot>(json)?;
        let coding = coding_request(&mut r, tape.root());
        finish(r, coding, validate)
    }
}

impl CodingRequest {
    /// The referral read: its ICD-10-CM codes through [`diagnoses`](super::diagnoses) on
    /// the day of the assessment, and the care request with each mapped condition joined
    /// to the intake's, unless the intake presents that condition already (a condition
    /// the client describes is never replaced by a code's default acuity or site).
    pub fn referral(&self) -> (CareRequest, DiagnosisReport) {
        let mut request = self.request.clone();
        let codes: Vec<&str> = self.diagnoses.iter().map(String::as_str).collect();
        let report = super::diagnoses(&codes, request.intake.assessed_on);
        let present: ConditionSet = request.intake.condition_set();
        let mut added = ConditionSet::empty();
        for d in &report.mapped {
            let c = d.entry.condition;
            if !present.contains(c) && !added.contains(c) {
                request.intake.conditions.push(d.entry.clone());
                added |= c;
            }
        }
        (request, report)
    }
}

/// Codes a [`CodingRequest`]: its referral is read ([`CodingRequest::referral`]), the care
/// plan is made, and each scheduled session is coded ([`coding::claims`](crate::coding::claims)).
///
/// ```
/// use massage_rules::coding::CodingRequest;
/// use massage_rules::{claims, Protocol};
/// let coding = CodingRequest::from_json(r#"{"request": {"intake": {"assessed_on": "2026-11-27",
///     "age": 45, "pregnant": "no", "findings": [], "history": "none",
///     "pain_tolerance": "firm",
///     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}}},
///     "diagnoses": ["M54.50"]}"#)?;
/// let claims = claims(&Protocol::seed(), &coding)?;
/// assert_eq!(claims.diagnoses.mapped[0].code, "M54.50");
/// assert!(claims.sessions.iter().all(|s| s.lines.iter().all(|l| l.diagnoses == ["M54.50"])));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn claims(protocol: &Protocol, coding: &CodingRequest) -> Result<Claims, IntakeError> {
    let (request, referral) = coding.referral();
    crate::coding::claims(protocol, &request, &referral, coding.unit_rule)
}

/// The care request's own checks, at their paths under `request.`.
fn validate(coding: &CodingRequest) -> Result<(), IntakeError> {
    coding.request.validate().map_err(|invalid| {
        IntakeError::new(
            invalid
                .problems
                .into_iter()
                .map(|p| Problem {
                    path: format!("request.{}", p.path),
                    ..p
                })
                .collect(),
        )
    })
}

fn coding_request(r: &mut Reader, value: Node<'_>) -> CodingRequest {
    let mut coding = CodingRequest {
        request: CareRequest {
            intake: placeholder_intake(),
            start: None,
            availability: None,
            baseline: None,
            timing: None,
        },
        diagnoses: Vec::new(),
        unit_rule: UnitRule::Cms,
    };
    let Some(map) = r.object(value, "", super::fields::of::<CodingRequest>()) else {
        return coding;
    };
    match map.get("request") {
        Some(v) => coding.request = care_request(r, v, "request."),
        None => r.push("request", ProblemKind::MissingField, None),
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
