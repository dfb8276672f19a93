//! The configuration file: where to listen, whom to trust, which protocol, what limits.

use std::path::{Path, PathBuf};

use jsonwebtoken::jwk::JwkSet;
use serde::Deserialize;

/// The configuration as written in the TOML file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The address to listen on (`127.0.0.1:8080`).
    pub listen: String,
    /// The URL the EHR calls the service at; a token's `aud` must be the endpoint's URL
    /// under it.
    pub base_url: String,
    /// `seed`, `conservative`, or the name of a built-in variant.
    #[serde(default = "seed")]
    pub protocol: String,
    /// Origins CORS allows (the CDS Hooks sandbox, say); none when empty.
    #[serde(default)]
    pub cors_origins: Vec<String>,
    /// Limits on what a request may cost.
    #[serde(default)]
    pub limits: Limits,
    /// The EHRs whose tokens are trusted.
    pub issuers: Vec<Issuer>,
    /// The demo issuer whose private key signs `demo-token`s (demo only).
    #[serde(default)]
    pub demo: Option<Demo>,
    /// The clinic's time zone and opening hours: with them the hook checks each proposed
    /// appointment against the hours and closed days too.
    #[serde(default)]
    pub timing: Option<massage_rules::scheduling::Timing>,
}

fn seed() -> String {
    "seed".into()
}

/// Limits on what a request may cost.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// The largest body read (larger: 413).
    pub max_body_bytes: usize,
    /// The longest a request may take, body included (longer: 408).
    pub request_timeout_seconds: u64,
    /// The longest a client may take to send its headers (slower: the connection closes).
    pub header_read_timeout_seconds: u64,
    /// Clock skew allowed on `exp` and `iat`.
    pub clock_skew_seconds: u64,
    /// Token ids remembered against replay; when full, tokens are refused until some
    /// expire (closed, not open).
    pub replay_cache_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
            request_timeout_seconds: 10,
            header_read_timeout_seconds: 5,
            clock_skew_seconds: 60,
            replay_cache_entries: 100_000,
        }
    }
}

/// A trusted issuer and its public keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// The `iss` its tokens carry.
    pub iss: String,
    /// Its JWK Set, a file (relative to the config file).
    pub jwks_file: PathBuf,
    /// When set, its tokens must carry this `tenant`.
    #[serde(default)]
    pub tenant: Option<String>,
}

/// The demo issuer's signing key (demo only).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demo {
    /// Its `iss`.
    pub iss: String,
    /// The key id its tokens name.
    pub kid: String,
    /// Its private key (PKCS#8 PEM, P-384), relative to the config file.
    pub private_key_file: PathBuf,
}

/// A config with its files read.
pub struct Loaded {
    pub config: Config,
    pub dir: PathBuf,
    pub keys: Vec<(Issuer, JwkSet)>,
}

/// Reads the config file and every JWK Set it names; every failure says which file.
pub fn load(path: &Path) -> Result<Loaded, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let config: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if let Some(timing) = &config.timing {
        let problems = timing.problems();
        if !problems.is_empty() {
            let words: Vec<String> = problems.iter().map(|p| format!("timing.{p}")).collect();
            return Err(format!("{}: {}", path.display(), words.join("; ")));
        }
    }
    if config.issuers.is_empty() {
        return Err(format!(
            "{}: no [[issuers]]: nobody could call the service",
            path.display()
        ));
    }
    let mut keys = Vec::new();
    for issuer in &config.issuers {
        let file = dir.join(&issuer.jwks_file);
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let set: JwkSet =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        keys.push((issuer.clone(), set));
    }
    Ok(Loaded { config, dir, keys })
}
