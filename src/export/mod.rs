//! What the crate's decisions look like in the languages clinic systems already speak:
//! iCalendar (RFC 5545) for schedules, FHIR R4 for timings. Each format has its own
//! file; new ones (CDS Hooks cards, more FHIR resources) join them here.
//!
//! The writers are methods of the values they write ([`Schedule::to_ics`],
//! [`ScheduledPhase::rrule`], [`ScheduledPhase::fhir_timing_repeat`]), so they read where
//! the values are used; their code lives here.
//!
//! [`Schedule::to_ics`]: crate::scheduling::Schedule::to_ics
//! [`ScheduledPhase::rrule`]: crate::scheduling::ScheduledPhase::rrule
//! [`ScheduledPhase::fhir_timing_repeat`]: crate::scheduling::ScheduledPhase::fhir_timing_repeat

mod ical;

#[cfg(feature = "fhir")]
pub mod cds_hooks;
pub mod fhir;
pub use fhir::{FhirDuration, FhirTimingRepeat};
