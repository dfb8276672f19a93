//! JSON Schemas (draft 2020-12) of every JSON the crate reads or writes (feature
//! `schema`): intakes, care requests, screenings, care plans (with their session plans,
//! courses and schedules), protocols and error documents. They are derived from the types
//! themselves, and committed under `schemas/` (a test fails when one is stale), so that
//! integrators in any language can validate a document before they call the crate.
//!
//! ```
//! let schemas = massage_rules::schema::schemas();
//! let (name, intake) = &schemas[0];
//! assert_eq!(*name, "intake");
//! assert_eq!(intake["title"], "Intake");
//! assert!(intake["required"].as_array().unwrap().iter().any(|f| f == "assessed_on"));
//! ```

use serde_json::Value;

use crate::care::{CarePlan, CareRequest};
use crate::error::ErrorDocument;
use crate::{Intake, Protocol, Screening};

/// Where the committed schemas are published: `{SCHEMA_BASE}{name}.json`.
pub const SCHEMA_BASE: &str =
    "https://raw.githubusercontent.com/massage-rules/massage-rules/main/schemas/";

fn with_id<T: schemars::JsonSchema>(name: &str) -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    if let Value::Object(map) = &mut schema {
        map.insert(
            "$id".into(),
            Value::from(format!("{SCHEMA_BASE}{name}.json")),
        );
    }
    schema
}

/// Every schema, by the name of its file under `schemas/` (without `.json`): `intake`,
/// `care-request`, `screening`, `care-plan`, `protocol`, `error-document`,
/// `protocol-diff`, and with the `coding` feature `coding-request` and `claims`.
pub fn schemas() -> Vec<(&'static str, Value)> {
    #[allow(unused_mut)]
    let mut all = vec![
        ("intake", with_id::<Intake>("intake")),
        ("care-request", with_id::<CareRequest>("care-request")),
        ("screening", with_id::<Screening>("screening")),
        ("care-plan", with_id::<CarePlan>("care-plan")),
        ("protocol", with_id::<Protocol>("protocol")),
        ("error-document", with_id::<ErrorDocument>("error-document")),
        (
            "protocol-diff",
            with_id::<crate::protocol::ProtocolDiff>("protocol-diff"),
        ),
    ];
    #[cfg(feature = "coding")]
    all.push((
        "coding-request",
        with_id::<crate::coding::CodingRequest>("coding-request"),
    ));
    #[cfg(feature = "coding")]
    all.push(("claims", with_id::<crate::coding::Claims>("claims")));
    all
}
