//! Everything that comes in: intakes, care requests, coding requests and protocols as
//! JSON text, FHIR QuestionnaireResponses, a referral's ICD-10-CM codes, each read with every problem at once at its
//! path, and the JSON entry points that answer with JSON. The umbrella
//! [`Error`](crate::Error) is returned here and only here: every stage below returns its
//! own precise error.

pub(crate) mod care;
pub(crate) mod duplicates;
pub(crate) mod entry;
pub(crate) mod fields;
pub(crate) mod intake;
pub(crate) mod tree;

pub use entry::{
    care_plan_json, plan_json, reschedule_json, screen_json, summarize_from, summarize_json,
};
#[cfg(feature = "coding")]
pub(crate) mod coding;
#[cfg(feature = "coding")]
pub use coding::{claims, claims_json};
#[cfg(feature = "coding")]
pub(crate) mod icd10;
#[cfg(feature = "coding")]
pub use icd10::{diagnoses, is_well_formed, normalize};
#[cfg(feature = "fhir")]
pub(crate) mod appointments;
#[cfg(feature = "fhir")]
pub use appointments::{
    appointments_from_bundle, appointments_from_bundle_json, booked_appointments_from_bundle,
    booked_appointments_from_bundle_json,
};
#[cfg(feature = "fhir")]
pub(crate) mod fhir;
pub(crate) mod protocol;
#[cfg(feature = "fhir")]
pub use fhir::{intake_from_questionnaire_response, intake_from_questionnaire_response_json};
