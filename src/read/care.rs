//! Care requests from JSON, every problem at once.

use serde_json::Value;

use super::intake::{Reader, finish, parse, path_of, placeholder_intake, too_long};
use crate::care::CareRequest;
use crate::intake::IntakeProblemKind;
use crate::scheduling::{Availability, Score};
use crate::vocabulary::Day;

impl CareRequest {
    /// Reads a care request from JSON and checks it, reporting every problem at once, as
    /// [`Intake::from_json`](crate::Intake::from_json) does (the intake's under `intake.`), and a start before the
    /// assessment.
    pub fn from_json(json: &str) -> Result<CareRequest, crate::Error> {
        too_long(json)?;
        // A well-formed request reads straight through serde; the reader below finds every
        // problem of one that is not.
        if let Ok(request) = serde_json::from_str::<CareRequest>(json) {
            request.validate()?;
            return Ok(request);
        }
        let (value, mut r) = parse(json)?;
        let request = care_request(&mut r, &value, "");
        finish(r, request, CareRequest::validate)
    }
}

/// Reads a care request field by field at `prefix` (`""`, or `"request."` inside a coding
/// request), every problem at its path.
pub(crate) fn care_request(r: &mut Reader, value: &Value, prefix: &str) -> CareRequest {
    let Some(map) = r.object(value, prefix, super::fields::of::<CareRequest>()) else {
        return CareRequest {
            intake: placeholder_intake(),
            start: None,
            availability: None,
            baseline: None,
        };
    };
    let intake = match map.get("intake") {
        Some(v) => r.intake(v, &format!("{}.", path_of(prefix, "intake"))),
        None => {
            r.push(
                path_of(prefix, "intake"),
                IntakeProblemKind::MissingField,
                None,
            );
            placeholder_intake()
        }
    };
    CareRequest {
        intake,
        start: r.optional_date(map, prefix, "start"),
        availability: map
            .get("availability")
            .filter(|v| !v.is_null())
            .map(|v| availability(r, v, &path_of(prefix, "availability"))),
        baseline: r.optional::<Score>(map, prefix, "baseline"),
    }
}

/// Reads an availability field by field.
fn availability(r: &mut Reader, value: &Value, path: &str) -> Availability {
    let mut availability = Availability {
        weekdays: Day::Monday.into(),
        unavailable: Vec::new(),
    };
    if let Some(map) = r.object(value, path, super::fields::of::<Availability>()) {
        if map.contains_key("weekdays") {
            availability.weekdays = r.words::<Day>(map, path, "weekdays");
        } else {
            r.push(
                path_of(path, "weekdays"),
                IntakeProblemKind::MissingField,
                None,
            );
        }
        availability.unavailable = r
            .list(map, path, "unavailable", false, |r, v, p| r.date(v, p))
            .into_iter()
            .flatten()
            .collect();
    }
    availability
}
