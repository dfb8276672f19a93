//! An intake or a request that cannot be used, with every problem found in it.

/// A problem of an intake or a request: the crate's one [`Problem`](crate::problem::Problem).
pub type IntakeProblem = crate::problem::Problem;
/// What is wrong: the crate's one [`ProblemKind`](crate::problem::ProblemKind).
pub type IntakeProblemKind = crate::problem::ProblemKind;

/// An intake that cannot be screened, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid intake: {}", join(.problems))]
pub struct IntakeError {
    /// Every problem, in field order.
    pub problems: Vec<IntakeProblem>,
}

impl IntakeError {
    /// The problems, as an error.
    pub fn new(problems: Vec<IntakeProblem>) -> Self {
        IntakeError { problems }
    }

    /// Whether a problem of `kind` was found at `path`.
    pub fn has(&self, path: &str, kind: IntakeProblemKind) -> bool {
        self.problems
            .iter()
            .any(|p| p.path == path && p.kind == kind)
    }
}

fn join(problems: &[IntakeProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
