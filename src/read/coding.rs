//! Coding requests from JSON: the care request read as every other, the diagnoses beside
//! it.

use crate::care::CareRequest;
use crate::coding::{CodingRequest, claims};
use crate::protocol::Protocol;

/// [`claims`] for JSON: a [`CodingRequest`] in, [`Claims`](crate::coding::Claims) out.
///
/// The care request is read as [`CareRequest::from_json`] reads one, every problem at
/// once at its path under `request`.
pub fn claims_json(protocol: &Protocol, json: &str) -> Result<String, crate::Error> {
    super::intake::too_long(json)?;
    // A key given twice anywhere (in the request or beside it) is a problem at its path,
    // never read as its last value.
    let (mut value, duplicates) = super::intake::parse(json)?;
    let duplicates = duplicates.problems;
    let request_text = value
        .get("request")
        .map(serde_json::Value::to_string)
        .unwrap_or_else(|| "null".into());
    let request = match CareRequest::from_json(&request_text) {
        Ok(request) if duplicates.is_empty() => request,
        Ok(_) => return Err(crate::intake::IntakeError::new(duplicates).into()),
        Err(crate::Error::Intake(mut invalid)) => {
            for p in &mut invalid.problems {
                p.path = if p.path == "$" {
                    "request".into()
                } else {
                    format!("request.{}", p.path)
                };
            }
            let mut problems = duplicates;
            problems.extend(invalid.problems);
            return Err(crate::intake::IntakeError::new(problems).into());
        }
        Err(other) => return Err(other),
    };
    if let Some(map) = value.as_object_mut() {
        map.insert(
            "request".into(),
            serde_json::to_value(&request).map_err(crate::Error::json)?,
        );
    }
    let coding: CodingRequest = serde_json::from_value(value).map_err(crate::Error::json)?;
    serde_json::to_string(&claims(protocol, &coding)?).map_err(crate::Error::json)
}
