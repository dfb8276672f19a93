//! The crate's error type, its kinds, and the error document the JSON entry points and
//! the C ABI share.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::intake::IntakeError;
use crate::problem::Problem;
use crate::protocol::ProtocolError;
use crate::scheduling::{CourseError, ProgressError, RescheduleError, ScheduleError};
use crate::screening::ClearanceError;

/// The one table of the crate's errors: each row a variant of [`Error`] holding the
/// stage's own error, the [`ErrorKind`] it is, and that kind's stable name. `Error`,
/// `ErrorKind`, [`Error::kind`], [`ErrorKind::name`], [`ErrorKind::ALL`] and the JSON
/// name in an [`ErrorDocument`] are all made from it.
macro_rules! errors {
    ($(
        $(#[$doc:meta])*
        $variant:ident($inner:ty) => $kind:ident = $name:literal, $kind_doc:literal;
    )*) => {
        /// Everything that can go wrong in this crate, each with a clear message. Each
        /// stage returns its own precise error (an [`IntakeError`], a [`ScheduleError`],
        /// ...), and each converts into this one with `?`.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            $(
                $(#[$doc])*
                #[error(transparent)]
                $variant(#[from] $inner),
            )*
        }

        /// The kinds of [`Error`], for code that maps them (the C ABI maps each to a
        /// status). Exhaustive on purpose: a new kind is a compile error in every
        /// exhaustive `match`, not a silent fallback.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum ErrorKind {
            $(
                #[doc = $kind_doc]
                #[serde(rename = $name)]
                $kind,
            )*
        }

        impl ErrorKind {
            /// Every kind, in the table's order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind),*];

            /// The kind's snake_case name, stable for machines (as it is written in an
            /// [`ErrorDocument`]).
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $name,)*
                }
            }
        }

        impl Error {
            /// The kind of error.
            pub fn kind(&self) -> ErrorKind {
                match self {
                    $(Error::$variant(_) => ErrorKind::$kind,)*
                }
            }
        }
    };
}

errors! {
    /// The JSON could not be read at all (its syntax, or a value of the wrong shape where
    /// no finer report is made). Its [`source`](std::error::Error::source) is serde_json's
    /// error.
    Json(JsonError) => InvalidJson = "invalid_json", "The JSON could not be read.";
    /// The intake or request is invalid; every problem is listed.
    Intake(IntakeError) => InvalidInput = "invalid_input", "The intake or request is invalid.";
    /// The protocol is inconsistent; every problem is listed.
    Protocol(ProtocolError) => InvalidProtocol = "invalid_protocol", "The protocol is inconsistent.";
    /// The screening does not allow a session.
    NotCleared(ClearanceError) => NotCleared = "not_cleared", "The screening does not allow a session.";
    /// No course can be started from the session plan.
    Course(CourseError) => NoCourse = "no_course", "No course can be started.";
    /// No schedule can be made.
    Schedule(ScheduleError) => NoSchedule = "no_schedule", "No schedule can be made.";
    /// A reassessment could not be taken.
    Progress(ProgressError) => InvalidProgress = "invalid_progress", "A reassessment could not be taken.";
    /// A session cannot move where it was asked to.
    Reschedule(RescheduleError) => NotMoved = "not_moved", "A session cannot move where it was asked to.";
}

/// An error as a JSON document, the same for the JSON entry points and every door (C,
/// Python, Node, the service): `{"error": "invalid_input", "message": "...",
/// "problems": [{"path": ..., "problem": ..., "message": ..., "detail": ...}]}`, each
/// problem written as a [`Problem`] always is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorDocument {
    /// The kind.
    pub error: ErrorKind,
    /// The whole message, for people.
    pub message: String,
    /// Each problem with its path, for an invalid intake or protocol.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// Where in the JSON text it went wrong, for a JSON error read from text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The column, with `line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Error {
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
            Error::Intake(e) => document.problems = e.problems.clone(),
            Error::Protocol(e) => document.problems = e.problems.clone(),
            Error::NotCleared(_)
            | Error::Course(_)
            | Error::Schedule(_)
            | Error::Progress(_)
            | Error::Reschedule(_) => {}
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
            Some(context) => write!(f, "invalid JSON: {context}: {}", self.error),
            None => write!(f, "invalid JSON: {}", self.error),
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
