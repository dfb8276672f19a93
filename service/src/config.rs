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
    /// Token ids remembered against replay, per issuer; when an issuer's cache is full,
    /// its tokens are refused until some expire (closed, not open), and no other issuer's.
    pub replay_cache_entries: usize,
    /// Connections served at once; past it, new ones wait in the listen queue.
    pub max_connections: usize,
    /// Seconds between two scheduled fetches of an issuer's `jwks_url`.
    pub jwks_refresh_seconds: u64,
    /// The fewest seconds between two fetches of an issuer's `jwks_url` on an unknown
    /// `kid`.
    pub jwks_min_refresh_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
            request_timeout_seconds: 10,
            header_read_timeout_seconds: 5,
            clock_skew_seconds: 60,
            replay_cache_entries: 100_000,
            max_connections: 512,
            jwks_refresh_seconds: 3600,
            jwks_min_refresh_seconds: 60,
        }
    }
}

/// A trusted issuer and its public keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// The `iss` its tokens carry.
    pub iss: String,
    /// Its JWK Set, a file (relative to the config file), read at start; or
    /// `jwks_url`.
    #[serde(default)]
    pub jwks_file: Option<PathBuf>,
    /// Where it publishes its JWK Set (HTTPS, or HTTP on a loopback address for tests):
    /// fetched at start, fetched again on a schedule and when a token names an unknown
    /// `kid` (at most once a minute); a failed fetch keeps the last good set.
    #[serde(default)]
    pub jwks_url: Option<String>,
    /// When set, its tokens must carry this `tenant`.
    #[serde(default)]
    pub tenant: Option<String>,
    /// The signature algorithms its tokens may use (JOSE names: `ES384`, `RS384`,
    /// `ES256`, `RS256`); ES384 and RS384, the ones CDS Hooks names, when absent.
    #[serde(default)]
    pub algorithms: Option<Vec<String>>,
}

impl Issuer {
    /// The algorithms its tokens may use.
    pub fn algorithms(&self) -> Vec<jsonwebtoken::Algorithm> {
        match &self.algorithms {
            None => crate::auth::DEFAULT_ALGORITHMS.to_vec(),
            Some(names) => names
                .iter()
                .filter_map(|n| crate::auth::algorithm(n))
                .collect(),
        }
    }
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

/// The public keys whose private halves ship in massage-rules' repository (the demo
/// issuer, the public CDS Hooks sandbox, the tests' issuers): anyone can sign tokens for
/// them, so a service that trusts one is a demo, on loopback only.
const PUBLISHED: [(&str, &str); 3] = [
    (
        "the demo issuer (service/examples/demo-issuer-es384.pem)",
        include_str!("../examples/demo-issuer.jwks.json"),
    ),
    (
        "the public CDS Hooks sandbox (its private key is in its public source)",
        include_str!("../examples/cds-hooks-sandbox.jwks.json"),
    ),
    (
        "the tests' issuer (service/tests/keys)",
        include_str!("../tests/keys/test-issuer.jwks.json"),
    ),
];

/// The key material of a JWK, to compare keys whatever their ids.
fn material(jwk: &jsonwebtoken::jwk::Jwk) -> Option<String> {
    use jsonwebtoken::jwk::AlgorithmParameters as P;
    match &jwk.algorithm {
        P::EllipticCurve(ec) => Some(format!("ec:{:?}:{}:{}", ec.curve, ec.x, ec.y)),
        P::RSA(rsa) => Some(format!("rsa:{}:{}", rsa.n, rsa.e)),
        _ => None,
    }
}

/// The configured issuers that trust a published key: the issuer and whose key it is.
pub fn published_keys(keys: &[(Issuer, JwkSet)]) -> Vec<(String, &'static str)> {
    let mut found = Vec::new();
    for (whose, text) in PUBLISHED {
        let Ok(set) = serde_json::from_str::<JwkSet>(text) else {
            continue;
        };
        let published: Vec<String> = set.keys.iter().filter_map(material).collect();
        for (issuer, set) in keys {
            if set
                .keys
                .iter()
                .filter_map(material)
                .any(|m| published.contains(&m))
            {
                found.push((issuer.iss.clone(), whose));
            }
        }
    }
    found
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
        if let Some(names) = &issuer.algorithms
            && let Some(bad) = names.iter().find(|n| crate::auth::algorithm(n).is_none())
        {
            return Err(format!(
                "{}: issuer {}: algorithm {bad:?} is not one the service accepts \
                 (ES384, RS384, ES256, RS256)",
                path.display(),
                issuer.iss
            ));
        }
        let set = match (&issuer.jwks_file, &issuer.jwks_url) {
            (Some(file), None) => {
                let file = dir.join(file);
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?
            }
            (None, Some(url)) => {
                crate::keys::check_url(url)
                    .map_err(|e| format!("{}: issuer {}: {e}", path.display(), issuer.iss))?;
                // Fetched before the service listens.
                JwkSet { keys: Vec::new() }
            }
            _ => {
                return Err(format!(
                    "{}: issuer {}: give its keys as exactly one of jwks_file and jwks_url",
                    path.display(),
                    issuer.iss
                ));
            }
        };
        keys.push((issuer.clone(), set));
    }
    Ok(Loaded { config, dir, keys })
}
