//! The package's exceptions: every crate error raised with its kind and problems.

use massage_rules as mr;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    _native,
    NativeError,
    PyException,
    "An error of the rules: args are (kind, message, problems); the package raises it as \
     its own exception classes."
);

/// A problem as the exceptions carry it: (path, kind, message, detail).
pub(crate) type ProblemTuple = (String, Option<String>, String, Option<String>);

pub(crate) fn kind_name<T: serde::Serialize>(kind: &T) -> Option<String> {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}

pub(crate) fn problems_of(err: &mr::Error) -> Vec<ProblemTuple> {
    err.document()
        .problems
        .into_iter()
        .map(|p| {
            (
                p.path,
                p.problem.as_ref().and_then(kind_name),
                p.message,
                p.detail,
            )
        })
        .collect()
}

/// The package's exception class for an error kind (`massage_rules.InvalidInputError`,
/// ...), with every problem as a `massage_rules.Problem`; `NativeError` if the package
/// cannot be imported (the module used on its own).
pub(crate) fn package_error(kind: &str, message: String, problems: Vec<ProblemTuple>) -> PyErr {
    Python::attach(|py| {
        let class = match kind {
            "invalid_json" => "InvalidJsonError",
            "invalid_input" => "InvalidInputError",
            "invalid_protocol" => "InvalidProtocolError",
            "not_cleared" => "NotClearedError",
            "no_course" => "NoCourseError",
            "no_schedule" => "NoScheduleError",
            "invalid_progress" => "InvalidProgressError",
            _ => "MassageRulesError",
        };
        let made = py.import("massage_rules").and_then(|package| {
            let problem = package.getattr("Problem")?;
            let list = problems
                .iter()
                .map(|p| problem.call1(p.clone()))
                .collect::<PyResult<Vec<_>>>()?;
            package.getattr(class)?.call1((message.clone(), list))
        });
        match made {
            Ok(instance) => PyErr::from_value(instance),
            Err(_) => NativeError::new_err((kind.to_owned(), message, problems)),
        }
    })
}

pub(crate) fn raise(err: mr::Error) -> PyErr {
    package_error(err.kind().name(), err.to_string(), problems_of(&err))
}

pub(crate) fn raise_kind(kind: &str, message: String) -> PyErr {
    package_error(kind, message, Vec::new())
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| raise(mr::Error::json(e)))
}
