//! Medical-massage domain rules: may this client be massaged, where, how, and how often.
//!
//! ```
//! use massage_rules::{screen, Intake, Outcome, Protocol};
//!
//! let intake = Intake::from_json(r#"{
//!     "assessed_on": "2026-11-27", "age": 29, "pregnant": "yes",
//!     "findings": [],
//!     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
//! }"#)?;
//! let screening = screen(&Protocol::seed(), &intake)?;
//! assert_eq!(screening.outcome, Outcome::NeedsApproval);
//! assert_eq!(screening.reasons().next().unwrap().seed.to_string(), "L140");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every rule comes from one source document, cited by line (`L140`, with its words in
//! [`seed::quote`]), and from a [`Protocol`]: versioned data that holds every threshold,
//! severity and pairing. The crate supports clinical judgement; it does not replace it.
//!
//! # Start here: from an intake to dates
//!
//! One way leads through the crate, and each step takes what the one before proved:
//!
//! 1. **An [`Intake`]**: what is known of the client, read with [`Intake::from_json`]
//!    (every problem of a wrong intake at once, each with its path). Unknown answers are
//!    never read as "no".
//! 2. **[`screen`]** it under a [`Protocol`]: a [`Screening`] whose [`Outcome`] is
//!    cleared, restricted (regions to avoid), needs a physician's approval, or not
//!    permitted, with every reason. [`Screened`] keeps the screening with its intake and
//!    protocol, and hands out a [`Clearance`](screening::Clearance) only when a session
//!    may be given.
//! 3. **[`plan`]** a session from the clearance: a [`SessionPlan`] of ranked techniques
//!    with regions, pressure and tools, and every technique left out with the reason.
//! 4. **[`Course::start`]** from the clearance and the plan: phases that taper with
//!    progress ([`Course::reassess`]), and concrete dates ([`Course::schedule`]),
//!    written out as iCalendar or FHIR by the [`export`] module.
//!
//! [`care_plan`] walks the whole way in one call for a [`CareRequest`], and says in its
//! [`CarePlan`] what it holds back and why (an approval that lapses, a stale intake,
//! nothing that can be done).
//!
//! ```
//! use massage_rules::{care_plan, CareRequest, Protocol};
//! let request = CareRequest::from_json(r#"{"intake": {
//!     "assessed_on": "2026-11-27", "age": 52, "pregnant": "no", "findings": [],
//!     "conditions": [{"condition": "neck_pain", "acuity": "chronic", "locations": ["neck"]}],
//!     "pain_tolerance": "moderate",
//!     "history": "none", "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}},
//!   "start": "2026-11-30"}"#)?;
//! let care = care_plan(&Protocol::conservative(), &request)?;
//! let session = care.session.as_ref().unwrap();
//! println!("{session}");
//! let schedule = care.schedule.as_ref().unwrap();
//! assert_eq!(schedule.dates().next().unwrap().to_string(), "2026-11-30");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Which protocol
//!
//! [`Protocol::seed`] (the default) follows the source document's words: a blood clot or
//! a cancer means its region is avoided. [`Protocol::conservative`] asks for a
//! physician's approval first, as common practice does; choose it for care settings.
//! Both are data: load, change and compare your own ([`Protocol::from_json`],
//! [`Protocol::variant`], [`Protocol::diff`]). The decisions where the source is silent
//! or contradicts itself are in `docs/DESIGN.md`, shipped with the crate.
//!
//! # Modules
//!
//! The root holds the path above; everything else lives in a module named after its
//! concern, in the order the data flows: [`limits`] (every limit) and [`seed`]
//! (citations), [`vocabulary`] (the enums and their sets) and [`problem`] (what can be
//! wrong with an input), [`intake`], [`protocol`], [`screening`], [`selection`],
//! [`scheduling`], [`care`], then [`error`] (the umbrella error), [`read`] (everything
//! that comes in as text, and the JSON entry points) and [`export`] (everything that
//! goes out); behind features, `coding`, `research`, `strategies` and `schema`.
//!
//! # Features
//!
//! - `proptest`: [proptest] strategies for intakes, protocols and variants
//!   (`strategies`), for property tests of your own.
//! - `research`: protocol variant files (RFC 6902 and RFC 7386 patches), the research
//!   variants shipped with the crate (`research::VariantFile::builtin`), seeded cohorts and
//!   the differential comparison of protocols (`research`); it needs no test framework.
//! - `fhir`: FHIR R4 (the intake `Questionnaire` and its responses in, `DetectedIssue` and
//!   `CarePlan` out) and CDS Hooks cards (`export::fhir`, `export::cds_hooks`).
//! - `coding`: ICD-10-CM diagnoses in, CPT codes and units out (`coding`).
//! - `schema`: JSON Schemas of every JSON the crate reads or writes (`schema`).
//!
//! No feature is on by default: the default build depends on serde, serde_json, jiff,
//! strum, thiserror, enumset, arrayvec and itoa (already under serde_json) only.
//!
//! [proptest]: https://docs.rs/proptest
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod care;
#[cfg(feature = "coding")]
#[cfg_attr(docsrs, doc(cfg(feature = "coding")))]
pub mod coding;
pub mod error;
pub mod export;
pub mod intake;
pub mod limits;
pub mod problem;
pub mod protocol;
pub mod read;
#[cfg(feature = "research")]
#[cfg_attr(docsrs, doc(cfg(feature = "research")))]
pub mod research;
pub mod scheduling;
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub mod schema;
pub mod screening;
pub mod seed;
pub mod selection;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod strategies;
// enumset's derive adds hidden helper types without `Debug`.
#[allow(missing_debug_implementations)]
pub mod vocabulary;

pub use care::{CarePlan, CareRequest, care_plan};
pub use error::Error;
pub use intake::Intake;
pub use limits::Limits;
pub use protocol::Protocol;
pub use read::{care_plan_json, screen_json};
#[cfg(feature = "coding")]
pub use read::{claims, claims_json};
pub use scheduling::Course;
pub use screening::{Outcome, Screened, Screening, screen};
pub use selection::{SessionPlan, plan};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The guides: the long-form documentation, one page each, whose examples run as
/// doctests (the files are `docs/guide/*.md` in the repository).
#[allow(
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]
pub mod guide {
    #[doc = include_str!("../docs/guide/screening.md")]
    pub mod screening {}
    #[doc = include_str!("../docs/guide/courses.md")]
    pub mod courses {}
    #[doc = include_str!("../docs/guide/protocols.md")]
    // The guide shows a property test as a user writes it, `#[test]` included.
    #[allow(clippy::test_attr_in_doctest)]
    pub mod protocols {}
    #[doc = include_str!("../docs/guide/fhir.md")]
    pub mod fhir {}
    #[doc = include_str!("../docs/guide/coding.md")]
    pub mod coding {}
    #[doc = include_str!("../docs/guide/limits.md")]
    pub mod limits {}
}
