//! The crate's error type, its kinds, and the error document the JSON entry points and
//! the C ABI share.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::intake::IntakeError;
use crate::problem::ProblemKind;
use crate::protocol::ProtocolError;
use crate::scheduling::{CourseError, ProgressError, ScheduleError};
use crate::screening::ClearanceError;

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
    /// The screening does not allow a session.
    #[error(transparent)]
    NotCleared(#[from] ClearanceError),
    /// No course can be started from the session plan.
    #[error(transparent)]
    Course(#[from] CourseError),
    /// No schedule can be made.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// A reassessment could not be taken.
    #[error(transparent)]
    Progress(#[from] ProgressError),
}

/// The kinds of [`Error`], for code that maps them (the C ABI maps each to a status).
/// Exhaustive on purpose: a new kind is a compile error in every exhaustive `match`, not a
/// silent fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The JSON could not be read.
    InvalidJson,
    /// The intake or request is invalid.
    InvalidInput,
    /// The protocol is inconsistent.
    InvalidProtocol,
    /// The screening does not allow a session.
    NotCleared,
    /// No course can be started.
    NoCourse,
    /// No schedule can be made.
    NoSchedule,
    /// A reassessment could not be taken.
    InvalidProgress,
}

impl ErrorKind {
    /// The kind's snake_case name, stable for machines.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidJson => "invalid_json",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::InvalidProtocol => "invalid_protocol",
            ErrorKind::NotCleared => "not_cleared",
            ErrorKind::NoCourse => "no_course",
            ErrorKind::NoSchedule => "no_schedule",
            ErrorKind::InvalidProgress => "invalid_progress",
        }
    }
}

/// An error as a JSON document, the same for the JSON entry points and the C ABI:
/// `{"error": "invalid_input", "message": "...", "problems": [{"path": ..., "problem":
/// ..., "message": ..., "detail": ...}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorDocument {
    /// The kind.
    pub error: ErrorKind,
    /// The whole message, for people.
    pub message: String,
    /// Each problem with its path, for an invalid intake or protocol.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemDocument>,
    /// Where in the JSON text it went wrong, for a JSON error read from text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The column, with `line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// One problem of an [`ErrorDocument`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProblemDocument {
    /// Where, e.g. `conditions[1].locations[0].side`.
    pub path: String,
    /// What, as a stable snake_case name (for an intake), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<ProblemKind>,
    /// What, in words.
    pub message: String,
    /// More about it: the valid words for an unknown one, what the JSON reader said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Error {
    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Json(_) => ErrorKind::InvalidJson,
            Error::Intake(_) => ErrorKind::InvalidInput,
            Error::Protocol(_) => ErrorKind::InvalidProtocol,
            Error::NotCleared(_) => ErrorKind::NotCleared,
            Error::Course(_) => ErrorKind::NoCourse,
            Error::Schedule(_) => ErrorKind::NoSchedule,
            Error::Progress(_) => ErrorKind::InvalidProgress,
        }
    }

    /// The error as a document, with every problem and its path.
    ///
    /// ```
    /// use massage_rules::{screen_json, Protocol};
    /// let err = screen_json(&Protocol::seed(), r#"{"assessed_on": "2026-11-27", "age": 250,
    ///     "findings": [], "history": "none", "practitioner": {}}"#).unwrap_err();
    /// let doc = serde_json::to_value(err.document())?;
    /// assert_eq!(doc["error"], "invalid_input");
    /// assert_eq!(doc["problems"][0]["path"], "age");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn document(&self) -> ErrorDocument {
        let mut document = ErrorDocument {
            error: self.kind(),
            // A bounded echo of the input, however the message was made.
            message: crate::limits::clip_to(self.to_string(), crate::limits::ECHO_CHARS),
            problems: Vec::new(),
            line: None,
            column: None,
        };
        match self {
            Error::Json(e) => {
                if e.line() > 0 {
                    document.line = Some(e.line());
                    document.column = Some(e.column());
                }
            }
            Error::Intake(e) => {
                document.problems = e
                    .problems
                    .iter()
                    .map(|p| ProblemDocument {
                        path: p.path.clone(),
                        problem: Some(p.kind),
                        message: p.to_string(),
                        detail: p.detail.clone(),
                    })
                    .collect();
            }
            Error::Protocol(e) => {
                document.problems = e
                    .problems
                    .iter()
                    .map(|p| ProblemDocument {
                        path: p.path.clone(),
                        problem: Some(p.kind),
                        message: p.to_string(),
                        detail: p.detail.clone(),
                    })
                    .collect();
            }
            Error::NotCleared(_) | Error::Course(_) | Error::Schedule(_) | Error::Progress(_) => {}
        }
        document
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
