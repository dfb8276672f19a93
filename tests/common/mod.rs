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
