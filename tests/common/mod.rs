//! Shared by the property-test files.

use proptest::test_runner::{Config, FileFailurePersistence};

/// proptest's configuration with failures persisted in `proptest-regressions/<name>.txt`
/// (committed). The number of cases still comes from `PROPTEST_CASES`.
#[allow(dead_code)]
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

/// A care request for an intake, starting at the assessment.
#[allow(dead_code)]
pub fn request(intake: &Intake) -> massage_rules::CareRequest {
    massage_rules::CareRequest {
        intake: intake.clone(),
        start: None,
        availability: None,
        baseline: None,
        timing: None,
    }
}

/// Runs a Python validator (`tests/<script>`) on `args` and returns what it printed. It
/// exits 77 when its package is missing: then the test skips loudly, unless
/// `MASSAGE_RULES_REQUIRE_PYTHON` is set (CI), where it fails; as it does without python3.
#[allow(dead_code)]
pub fn python_validator(script: &str, args: &[&std::path::Path], what: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    let required = std::env::var_os("MASSAGE_RULES_REQUIRE_PYTHON").is_some();
    match std::process::Command::new("python3")
        .arg(path)
        .args(args)
        .output()
    {
        Err(e) => {
            assert!(!required, "python3 is needed: {e}");
            eprintln!("\n!!! SKIPPED: python3 not found ({e}); {what} not checked !!!\n");
            None
        }
        Ok(out) if out.status.code() == Some(77) => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(!required, "{text}");
            eprintln!("\n!!! SKIPPED: {text}; {what} not checked !!!\n");
            None
        }
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                out.status.success(),
                "{text}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(text)
        }
    }
}

use massage_rules::selection::Exclusion;
use proptest::prelude::{TestCaseError, prop_assert};

/// `worse` is no firmer than `base`, region by region; with `summary`, its techniques'
/// one pressure is no firmer either. A technique `base` left out for a reason of safety
/// stays out (one that only missed the protocol's count may take a freed place).
#[allow(dead_code)]
pub fn no_firmer(
    worse: &SessionPlan,
    base: &SessionPlan,
    summary: bool,
) -> Result<(), TestCaseError> {
    for t in &worse.techniques {
        match base.techniques.iter().find(|b| b.technique == t.technique) {
            Some(b) => {
                if summary {
                    prop_assert!(t.pressure <= b.pressure, "{}\n{worse}\n{base}", t.technique);
                }
                prop_assert!(
                    b.regions.is_superset(t.regions),
                    "{}\n{worse}\n{base}",
                    t.technique
                );
                prop_assert!(
                    b.tools.is_superset(t.tools),
                    "{}\n{worse}\n{base}",
                    t.technique
                );
                for region in t.regions {
                    prop_assert!(
                        t.pressure_at(region) <= b.pressure_at(region),
                        "{} firmer on {region:?}\n{worse}\n{base}",
                        t.technique
                    );
                }
            }
            None => {
                let why = base
                    .excluded
                    .iter()
                    .find(|e| e.technique == t.technique)
                    .map(|e| e.exclusion);
                prop_assert!(
                    matches!(why, Some(Exclusion::BelowLimit { .. })),
                    "{} was left out for {why:?} and came back",
                    t.technique
                );
            }
        }
    }
    Ok(())
}
