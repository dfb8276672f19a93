//! An intake or a request that cannot be used, with every problem found in it.

use crate::problem::{Problem, ProblemKind};

/// An intake that cannot be screened, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid intake: {}", join(.problems))]
pub struct IntakeError {
    /// Every problem, in field order.
    pub problems: Vec<Problem>,
}

impl IntakeError {
    /// The problems, as an error.
    pub fn new(problems: Vec<Problem>) -> Self {
        IntakeError { problems }
    }

    /// Whether a problem of `kind` was found at `path`.
    pub fn has(&self, path: &str, kind: ProblemKind) -> bool {
        self.problems
            .iter()
            .any(|p| p.path == path && p.kind == kind)
    }
}

fn join(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
