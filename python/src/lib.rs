//! The native half of the `massage_rules` Python package: every decision of the crate, one
//! intake (JSON text) or an Arrow batch at a time. The Python half (`massage_rules/`) gives
//! the typed results, the exceptions and the stubs; this module only wraps the crate.
//!
//! The GIL is released while the rules run: for a batch, from the first row to the last.

use pyo3::prelude::*;

mod batches;
mod columns;
mod errors;
mod protocol;
mod rows;
mod single;
mod typed;

use batches::*;
use errors::*;
use protocol::*;
use single::*;

/// The library's version.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The names of the crate's error kinds, in its table's order: each is one of the
/// package's exception classes.
#[pyfunction]
fn error_kinds() -> Vec<&'static str> {
    massage_rules::error::ErrorKind::ALL
        .iter()
        .map(|k| k.name())
        .collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("NativeError", m.py().get_type::<NativeError>())?;
    m.add_class::<PyProtocol>()?;
    m.add_function(wrap_pyfunction!(screen_json, m)?)?;
    m.add_function(wrap_pyfunction!(plan_json, m)?)?;
    m.add_function(wrap_pyfunction!(care_plan_json, m)?)?;
    m.add_function(wrap_pyfunction!(reschedule_json, m)?)?;
    m.add_function(wrap_pyfunction!(claims_json, m)?)?;
    m.add_function(wrap_pyfunction!(questionnaire_json, m)?)?;
    m.add_function(wrap_pyfunction!(questionnaire_response_json, m)?)?;
    m.add_function(wrap_pyfunction!(
        intake_from_questionnaire_response_json,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(care_plan_fhir_json, m)?)?;
    m.add_function(wrap_pyfunction!(detected_issues_json, m)?)?;
    m.add_function(wrap_pyfunction!(appointment_book_check_json, m)?)?;
    m.add_function(wrap_pyfunction!(screen_batch, m)?)?;
    m.add_function(wrap_pyfunction!(compare_batch, m)?)?;
    m.add_function(wrap_pyfunction!(care_plan_batch, m)?)?;
    m.add_function(wrap_pyfunction!(screen_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(compare_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(care_plan_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(intake_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(typed_intake_batch_schema, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(error_kinds, m)?)?;
    Ok(())
}
