//! The crate's error type.

use std::fmt;
use std::sync::Arc;

use crate::intake::IntakeError;
use crate::protocol::ProtocolError;

/// Everything that can go wrong in this crate, each with a clear message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The JSON could not be read at all (its syntax, or a value of the wrong shape where
    /// no finer report is made). Its [`source`](std::error::Error::source) is serde_json's
    /// error.
    #[error("invalid JSON: {0}")]
    Json(#[source] JsonError),
    /// The intake is invalid; every problem is listed.
    #[error(transparent)]
    Intake(#[from] IntakeError),
    /// The protocol is inconsistent; every problem is listed.
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
}

impl Error {
    /// A short snake_case name of the kind of error, stable for machines.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Json(_) => "invalid_json",
            Error::Intake(_) => "invalid_input",
            Error::Protocol(_) => "invalid_protocol",
        }
    }

    /// A JSON error from serde_json, kept as the source.
    pub fn json(error: serde_json::Error) -> Error {
        Error::Json(JsonError {
            context: None,
            error: Arc::new(error),
        })
    }

    /// A JSON error from serde_json, with where it happened (e.g. `line 3`).
    pub fn json_at(context: impl Into<String>, error: serde_json::Error) -> Error {
        Error::Json(JsonError {
            context: Some(context.into()),
            error: Arc::new(error),
        })
    }
}

/// A serde_json error, shared so that [`Error`] stays `Clone`; its source is the
/// `serde_json::Error` itself.
#[derive(Debug, Clone)]
pub struct JsonError {
    context: Option<String>,
    error: Arc<serde_json::Error>,
}

impl JsonError {
    /// The serde_json error.
    pub fn serde_error(&self) -> &serde_json::Error {
        &self.error
    }

    /// The line of the JSON text where it went wrong (1-based; 0 when not from text).
    pub fn line(&self) -> usize {
        self.error.line()
    }

    /// The column where it went wrong (1-based; 0 when not from text).
    pub fn column(&self) -> usize {
        self.error.column()
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.context {
            Some(context) => write!(f, "{context}: {}", self.error),
            None => self.error.fmt(f),
        }
    }
}

impl PartialEq for JsonError {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for JsonError {}

impl std::error::Error for JsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.error)
    }
}
