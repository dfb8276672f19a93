//! Protocols: the seed, the conservative one, the built-in variants, from JSON, and how
//! two differ.

use std::sync::Arc;

use massage_rules as mr;
use mr::research::VariantFile;
use napi_derive::napi;

use crate::{Thrown, text, thrown};

/// A protocol: every threshold and pairing of the rules, versioned. Immutable.
#[napi]
pub struct Protocol {
    inner: Arc<mr::Protocol>,
}

impl Protocol {
    fn of(protocol: mr::Protocol) -> Self {
        Protocol {
            inner: Arc::new(protocol),
        }
    }

    /// The crate's protocol.
    pub(crate) fn get(&self) -> &mr::Protocol {
        &self.inner
    }

    /// A shared handle, for work off the main thread.
    pub(crate) fn shared(&self) -> Arc<mr::Protocol> {
        Arc::clone(&self.inner)
    }
}

#[napi]
impl Protocol {
    /// The seed protocol, the default.
    #[napi(factory)]
    pub fn seed() -> Self {
        Protocol::of(mr::Protocol::seed())
    }

    /// The conservative protocol: blood clots and cancer need a physician's approval.
    #[napi(factory)]
    pub fn conservative() -> Self {
        Protocol::of(mr::Protocol::conservative())
    }

    /// Reads and checks a protocol from its JSON.
    #[napi(factory)]
    pub fn from_json(text: String) -> Result<Self, Thrown> {
        mr::Protocol::from_json(&text)
            .map(Protocol::of)
            .map_err(thrown)
    }

    /// A variant shipped with the crate, by name (see `variantNames`).
    #[napi(factory)]
    pub fn builtin_variant(name: String) -> Result<Self, Thrown> {
        match VariantFile::builtin(&name) {
            Some(file) => file.load().map(Protocol::of).map_err(thrown),
            None => Err(thrown(mr::Error::from(mr::protocol::ProtocolError {
                problems: vec![mr::problem::Problem::with_detail(
                    "variant",
                    mr::problem::ProblemKind::UnknownName,
                    format!(
                        "no built-in variant {}; the variants are {}",
                        serde_json::Value::from(name.chars().take(200).collect::<String>()),
                        VariantFile::BUILTIN.join(", ")
                    ),
                )],
            }))),
        }
    }

    /// The names of the variants shipped with the crate.
    #[napi]
    pub fn variant_names() -> Vec<&'static str> {
        VariantFile::BUILTIN.to_vec()
    }

    /// Loads a variant file (patches of a built-in protocol).
    #[napi(factory)]
    pub fn from_variant_file(text: String) -> Result<Self, Thrown> {
        VariantFile::load_builtin_based(&text)
            .map(Protocol::of)
            .map_err(thrown)
    }

    /// This protocol changed by a variant file written against it.
    #[napi]
    pub fn apply_variant(&self, text: String) -> Result<Protocol, Thrown> {
        VariantFile::from_json(&text)
            .and_then(|v| v.apply(&self.inner))
            .map(Protocol::of)
            .map_err(thrown)
    }

    /// What differs between this protocol's rules and `other`'s, as JSON.
    #[napi]
    pub fn diff_json(&self, other: &Protocol) -> Result<String, Thrown> {
        text(&self.inner.diff(&other.inner))
    }

    /// What differs, in words, one change a line.
    #[napi]
    pub fn diff_text(&self, other: &Protocol) -> String {
        self.inner.diff(&other.inner).to_string()
    }

    /// The protocol as JSON.
    #[napi]
    pub fn to_json_text(&self) -> Result<String, Thrown> {
        text(&*self.inner)
    }

    /// The protocol's id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id.to_string()
    }

    /// The protocol's version.
    #[napi(getter)]
    pub fn version(&self) -> u32 {
        self.inner.version
    }

    /// A title for people.
    #[napi(getter)]
    pub fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// `id@version`, as every decision names its protocol.
    #[napi(getter)]
    pub fn stamp(&self) -> String {
        self.inner.stamp().to_string()
    }
}
