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
            let message = p.to_string();
            (p.path, kind_name(&p.kind), message, p.detail)
        })
        .collect()
}

/// The package's exception class for an error kind (`massage_rules.InvalidInputError`,
/// ...), with every problem as a `massage_rules.Problem`; `NativeError` if the package
/// cannot be imported (the module used on its own).
pub(crate) fn package_error(kind: &str, message: String, problems: Vec<ProblemTuple>) -> PyErr {
    Python::attach(|py| {
        // The class is named after the crate's kind: `invalid_input` is
        // `InvalidInputError`; a kind the package does not know is `MassageRulesError`.
        let class: String = kind
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .chain(["Error".to_owned()])
            .collect();
        let made = py.import("massage_rules").and_then(|package| {
            let problem = package.getattr("Problem")?;
            let list = problems
                .iter()
                .map(|p| problem.call1(p.clone()))
                .collect::<PyResult<Vec<_>>>()?;
            package
                .getattr(class.as_str())
                .or_else(|_| package.getattr("MassageRulesError"))?
                .call1((message.clone(), list))
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
