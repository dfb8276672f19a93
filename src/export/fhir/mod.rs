//! FHIR R4: a phase as a `Timing.repeat` element; with the `fhir` feature, the intake
//! `Questionnaire` and reading its `QuestionnaireResponse`s into intakes, screenings as
//! `DetectedIssue`s, and care plans as a `CarePlan`.
//!
//! Resources are written as `serde_json::Value`s in FHIR's JSON form: the crate depends on
//! no FHIR model, and integrators hand the JSON to theirs. Codes come from the crate's
//! vocabularies, each a code system under [`CODE_SYSTEM_BASE`] whose codes are the
//! vocabulary's snake_case names.

mod timing;
pub use timing::{FhirDuration, FhirTimingRepeat};

#[cfg(feature = "fhir")]
mod questionnaire;
#[cfg(feature = "fhir")]
mod resources;
#[cfg(feature = "fhir")]
mod terminology;
#[cfg(feature = "fhir")]
pub use questionnaire::{
    QUESTIONNAIRE_URL, QUESTIONNAIRE_VERSION, questionnaire, questionnaire_response,
};
#[cfg(feature = "fhir")]
pub use resources::{
    FhirContext, appointment_resources, care_plan_resource, care_plan_resource_json,
    detected_issues, detected_issues_json,
};
#[cfg(feature = "fhir")]
pub(crate) use terminology::CARD_TOPICS;
#[cfg(feature = "fhir")]
pub use terminology::{TERMINOLOGY_VERSION, outcome_display, terminology};

/// The base of the crate's code systems: a vocabulary's code system is this followed by
/// its kind (`.../CodeSystem/contraindication`, `.../CodeSystem/body-part`).
pub const CODE_SYSTEM_BASE: &str =
    "https://github.com/massage-rules/massage-rules/fhir/CodeSystem/";

/// The code system of a vocabulary, by its kind (`"body part"` -> `.../body-part`).
pub fn code_system(kind: &str) -> String {
    format!("{CODE_SYSTEM_BASE}{}", kind.replace(' ', "-"))
}

/// A `Coding` of a vocabulary item.
#[cfg(feature = "fhir")]
pub(crate) fn coding<T: crate::vocabulary::Vocabulary>(item: T) -> serde_json::Value {
    serde_json::json!({
        "system": code_system(T::KIND),
        "code": item.name(),
        "display": item.label(),
    })
}
