//! Medical-massage domain rules: vocabulary, screening, technique selection and scheduling.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod builtin;
mod error;
mod intake;
mod protocol;
mod screening;
mod seed;
#[cfg(feature = "proptest")]
pub mod strategies;
// enumset's derive adds hidden helper types without `Debug`.
#[allow(missing_debug_implementations)]
mod vocabulary;

pub use error::Error;
pub use intake::*;
pub use protocol::*;
pub use screening::*;
pub use seed::{SEED_LINE_COUNT, SeedLines, SeedLinesError};
pub use vocabulary::*;
