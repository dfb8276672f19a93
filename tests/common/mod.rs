//! Shared by the property-test files.

use proptest::test_runner::{Config, FileFailurePersistence};

/// proptest's configuration with failures persisted in `proptest-regressions/<name>.txt`
/// (committed). The number of cases still comes from `PROPTEST_CASES`.
pub fn config(file: &'static str) -> Config {
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(file))),
        ..Config::default()
    }
}

use massage_rules::scheduling::Score;
use massage_rules::{Course, Intake, Protocol, Screened, SessionPlan, plan};

/// The session plan of an intake the protocol clears; panics when it does not.
#[allow(dead_code)]
pub fn session(protocol: &Protocol, intake: &Intake) -> SessionPlan {
    let screened = Screened::new(protocol, intake).expect("a valid intake");
    plan(&screened.clearance().expect("a cleared intake"))
}

/// The course of an intake: `None` when the protocol does not clear it or its plan has no
/// technique.
#[allow(dead_code)]
pub fn course(protocol: &Protocol, intake: &Intake, baseline: Option<Score>) -> Option<Course> {
    let screened = Screened::new(protocol, intake).ok()?;
    let clearance = screened.clearance().ok()?;
    Course::start(&clearance, &plan(&clearance), baseline).ok()
}
