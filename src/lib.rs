//! Medical-massage domain rules: may this client be massaged, where, how, and how often.
//!
//! ```
//! use massage_rules::{screen, Intake, Outcome, Protocol};
//!
//! let intake: Intake = serde_json::from_str(r#"{
//!     "assessed_on": "2026-11-27", "age": 29, "pregnant": "yes",
//!     "findings": [],
//!     "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}
//! }"#)?;
//! let screening = screen(&Protocol::seed(), &intake)?;
//! assert_eq!(screening.outcome, Outcome::NeedsApproval);
//! assert_eq!(screening.reasons().next().unwrap().seed.to_string(), "L140");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every rule comes from one source document, cited by line (`L140`), and from a
//! [`Protocol`]: versioned data that holds every threshold, severity and pairing. The
//! default protocol is [`Protocol::seed`]; [`Protocol::conservative`] is stricter.
//!
//! The crate supports clinical judgement; it does not replace it.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod builtin;
mod care;
mod error;
mod intake;
mod protocol;
mod reading;
#[cfg(feature = "research")]
mod research;
mod scheduling;
mod screening;
mod seed;
mod selection;
#[cfg(feature = "proptest")]
pub mod strategies;
mod variant;
// enumset's derive adds hidden helper types without `Debug`.
#[allow(missing_debug_implementations)]
mod vocabulary;

pub use care::*;
pub use error::{Error, JsonError};
pub use intake::*;
pub use protocol::*;
#[cfg(feature = "research")]
pub use research::*;
pub use scheduling::*;
pub use screening::*;
pub use seed::{SEED_LINE_COUNT, SeedLines, SeedLinesError};
pub use selection::*;
pub use variant::*;
pub use vocabulary::*;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
