//! The crate's error type.

use crate::intake::InvalidIntake;
use crate::protocol::InvalidProtocol;

/// Everything that can go wrong in this crate, each with a clear message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The JSON could not be read (syntax, an unknown word, a missing field).
    #[error("invalid JSON: {0}")]
    Json(String),
    /// The intake is invalid; every problem is listed.
    #[error(transparent)]
    InvalidIntake(#[from] InvalidIntake),
    /// The protocol is inconsistent; every problem is listed.
    #[error(transparent)]
    InvalidProtocol(#[from] InvalidProtocol),
}

impl Error {
    /// A short snake_case name of the kind of error, stable for machines.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Json(_) => "invalid_json",
            Error::InvalidIntake(_) => "invalid_input",
            Error::InvalidProtocol(_) => "invalid_protocol",
        }
    }
}
