//! The `Protocol` class: built-in protocols, variants, JSON, comparison.

use std::sync::Arc;

use massage_rules as mr;
use massage_rules::research::VariantFile;
use pyo3::prelude::*;

use crate::errors::*;

/// A protocol: every threshold and pairing of the rules, versioned. Immutable.
#[pyclass(name = "Protocol", module = "massage_rules", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyProtocol {
    pub(crate) inner: Arc<mr::Protocol>,
}

impl PyProtocol {
    pub(crate) fn of(protocol: mr::Protocol) -> Self {
        PyProtocol {
            inner: Arc::new(protocol),
        }
    }
}

pub(crate) fn protocol_or_seed(protocol: Option<&PyProtocol>) -> Arc<mr::Protocol> {
    match protocol {
        Some(p) => p.inner.clone(),
        None => Arc::new(mr::Protocol::seed()),
    }
}

#[pymethods]
impl PyProtocol {
    /// The seed protocol, the default.
    #[staticmethod]
    pub(crate) fn seed() -> Self {
        PyProtocol::of(mr::Protocol::seed())
    }

    /// The conservative protocol: blood clots and cancer need a physician's approval.
    #[staticmethod]
    pub(crate) fn conservative() -> Self {
        PyProtocol::of(mr::Protocol::conservative())
    }

    /// Reads and validates a protocol from its JSON.
    #[staticmethod]
    pub(crate) fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        py.detach(|| mr::Protocol::from_json(text))
            .map(PyProtocol::of)
            .map_err(raise)
    }

    /// A variant shipped with the crate, by name (see `variant_names`).
    #[staticmethod]
    pub(crate) fn builtin_variant(name: &str) -> PyResult<Self> {
        let file = VariantFile::builtin(name).ok_or_else(|| {
            raise_kind(
                "invalid_protocol",
                format!(
                    "no built-in variant {name:?}; the variants are {}",
                    VariantFile::BUILTIN.join(", ")
                ),
            )
        })?;
        file.load().map(PyProtocol::of).map_err(raise)
    }

    /// The names of the variants shipped with the crate.
    #[staticmethod]
    pub(crate) fn variant_names() -> Vec<&'static str> {
        VariantFile::BUILTIN.to_vec()
    }

    /// Loads a variant file (RFC 6902 / RFC 7386 patches of a built-in protocol).
    #[staticmethod]
    pub(crate) fn from_variant_file(py: Python<'_>, text: &str) -> PyResult<Self> {
        py.detach(|| VariantFile::load_builtin_based(text))
            .map(PyProtocol::of)
            .map_err(raise)
    }

    /// This protocol changed by a variant file written against it.
    pub(crate) fn apply_variant(&self, py: Python<'_>, text: &str) -> PyResult<Self> {
        py.detach(|| VariantFile::from_json(text).and_then(|v| v.apply(&self.inner)))
            .map(PyProtocol::of)
            .map_err(raise)
    }

    /// What differs between this protocol's rules and `other`'s, as JSON.
    pub(crate) fn diff_json(&self, other: &PyProtocol) -> PyResult<String> {
        json(&self.inner.diff(&other.inner))
    }

    /// What differs, in words, one change a line.
    pub(crate) fn diff_text(&self, other: &PyProtocol) -> String {
        self.inner.diff(&other.inner).to_string()
    }

    /// The protocol as JSON.
    pub(crate) fn to_json(&self) -> PyResult<String> {
        json(&*self.inner)
    }

    /// The protocol's id.
    #[getter]
    pub(crate) fn id(&self) -> String {
        self.inner.id.to_string()
    }

    /// The protocol's version.
    #[getter]
    pub(crate) fn version(&self) -> u32 {
        self.inner.version
    }

    /// A title for people.
    #[getter]
    pub(crate) fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// `id@version`, as every decision names its protocol.
    #[getter]
    pub(crate) fn stamp(&self) -> String {
        self.inner.stamp().to_string()
    }

    pub(crate) fn __repr__(&self) -> String {
        format!("Protocol({}: {})", self.inner.stamp(), self.inner.title)
    }
}
