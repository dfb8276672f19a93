//! Who may call: a JWT signed by a trusted EHR, as the CDS Hooks specification asks
//! ("Trusting CDS Clients") and the JWS and JWT standards require. Every rule is one row
//! of [`RULES`], with its source; a token breaking any of them is refused with that row's
//! [`Denied`], which is logged and never told (the client only hears 401).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use base64::Engine;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode};
use serde::Deserialize;
use serde_json::Value;

use crate::config::Issuer;

/// Why a request is refused: one variant per row of [`RULES`]. The client only ever
/// hears "401"; the reason is logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Denied {
    /// No `Authorization: Bearer` header.
    Missing,
    /// Not a compact JWS of three parts whose header is a JSON object.
    Malformed,
    /// `alg` is not on the issuer's allowlist (never `none`, never HMAC).
    Algorithm,
    /// `alg` does not fit the key (an EC key of another curve, an RSA key for ES*).
    AlgorithmKey,
    /// No `kid`, or one no trusted issuer's key carries exactly.
    Kid,
    /// `typ` is not exactly `JWT`.
    Typ,
    /// A `crit` header: an extension the service does not understand.
    Crit,
    /// The signature does not verify with the issuer's key.
    Signature,
    /// No `iss`, or not the issuer whose key signed.
    Issuer,
    /// No `aud`, or not exactly the endpoint's URL.
    Audience,
    /// No `exp`, or expired.
    Expired,
    /// No `iat`.
    NoIat,
    /// Issued in the future.
    IssuedInTheFuture,
    /// `nbf` (when present) in the future.
    NotYetValid,
    /// Lives longer than [`MAX_TOKEN_LIFETIME_SECONDS`] (`exp - iat`, or `exp` from now).
    TooLong,
    /// No `jti`, or one seen before (from the same issuer).
    Replayed,
    /// The issuer's replay cache is full: its tokens are refused until entries expire.
    Busy,
    /// The issuer requires a tenant the token does not carry.
    Tenant,
}

/// One rule of the door: what it refuses, and where the rule comes from.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// What a token breaking it is refused as.
    pub denied: Denied,
    /// What the rule asks.
    pub rule: &'static str,
    /// Its source: the specification's section or the RFC's.
    pub source: &'static str,
}

const fn rule(denied: Denied, rule: &'static str, source: &'static str) -> Rule {
    Rule {
        denied,
        rule,
        source,
    }
}

/// Every rule a token is held to, in the order they are checked.
pub const RULES: &[Rule] = &[
    rule(
        Denied::Missing,
        "an `Authorization: Bearer` header",
        "CDS Hooks 2.0, Trusting CDS Clients; RFC 6750 §2.1",
    ),
    rule(
        Denied::Malformed,
        "a compact JWS: three base64url parts, the header a JSON object",
        "RFC 7515 §7.1, §5.2",
    ),
    rule(
        Denied::Algorithm,
        "`alg` on the issuer's allowlist (ES384 and RS384 unless configured): never `none`, never HMAC",
        "CDS Hooks 2.0, Trusting CDS Clients; RFC 7515 §4.1.1; RFC 8725 §3.1",
    ),
    rule(
        Denied::Typ,
        "`typ` exactly `JWT`",
        "CDS Hooks 2.0, Trusting CDS Clients (typ REQUIRED, fixed value JWT); RFC 7519 §5.1",
    ),
    rule(
        Denied::Crit,
        "no `crit`: the service understands no extension",
        "RFC 7515 §4.1.11",
    ),
    rule(
        Denied::Issuer,
        "`iss` present and a configured issuer; the keys are that issuer's",
        "CDS Hooks 2.0, Trusting CDS Clients (iss REQUIRED); RFC 7519 §4.1.1",
    ),
    rule(
        Denied::Kid,
        "`kid` present and exactly the id of a key in that issuer's JWK Set; the \
         token's own `jku`, `x5u`, `jwk` and `x5c` are never fetched nor trusted",
        "CDS Hooks 2.0, Trusting CDS Clients (kid REQUIRED); RFC 7515 §4.1.4; RFC 8725 §3.10",
    ),
    rule(
        Denied::AlgorithmKey,
        "`alg` fits the key: ES256 a P-256 key, ES384 a P-384 key, RS* an RSA key",
        "RFC 7518 §3.3, §3.4; RFC 8725 §3.1",
    ),
    rule(
        Denied::Signature,
        "the signature verifies with that key",
        "RFC 7515 §5.2",
    ),
    rule(
        Denied::Audience,
        "`aud` (a string or an array) holds exactly the endpoint's URL, no normalisation",
        "CDS Hooks 2.0, Trusting CDS Clients (aud REQUIRED); RFC 7519 §4.1.3",
    ),
    rule(
        Denied::Expired,
        "`exp` present and not past (with the clock skew)",
        "CDS Hooks 2.0, Trusting CDS Clients (exp REQUIRED); RFC 7519 §4.1.4",
    ),
    rule(
        Denied::NoIat,
        "`iat` present",
        "CDS Hooks 2.0, Trusting CDS Clients (iat REQUIRED); RFC 7519 §4.1.6",
    ),
    rule(
        Denied::IssuedInTheFuture,
        "`iat` not in the future (with the clock skew)",
        "RFC 7519 §4.1.6",
    ),
    rule(
        Denied::NotYetValid,
        "`nbf`, when present, not in the future (with the clock skew)",
        "RFC 7519 §4.1.5",
    ),
    rule(
        Denied::TooLong,
        "`exp - iat`, and `exp` from now, at most five minutes (plus the skew)",
        "CDS Hooks 2.0, Trusting CDS Clients (exp no more than 5 minutes in the future)",
    ),
    rule(
        Denied::Tenant,
        "`tenant` the configured one, where the issuer is configured with one",
        "CDS Hooks 2.0, Trusting CDS Clients (tenant)",
    ),
    rule(
        Denied::Replayed,
        "`jti` present and never seen before from the same issuer",
        "CDS Hooks 2.0, Trusting CDS Clients (jti REQUIRED); RFC 7519 §4.1.7",
    ),
    rule(
        Denied::Busy,
        "room in the issuer's replay cache (closed, not open, when full)",
        "ours: a bounded cache per issuer",
    ),
];

impl Denied {
    /// Its row of [`RULES`].
    pub fn row(self) -> &'static Rule {
        RULES.iter().find(|r| r.denied == self).unwrap_or(&RULES[0])
    }
}

/// The claims the service reads.
#[derive(Debug, Clone)]
pub struct Claims {
    /// The issuer.
    pub iss: String,
    /// Expiry (seconds since the epoch).
    pub exp: u64,
    /// Issued at.
    pub iat: Option<u64>,
    /// The token's id.
    pub jti: Option<String>,
    /// The tenant.
    pub tenant: Option<String>,
}

/// The header fields the door reads, as the token wrote them.
#[derive(Debug, Deserialize)]
struct Head {
    alg: Option<Value>,
    typ: Option<Value>,
    kid: Option<Value>,
    crit: Option<Value>,
}

/// Verifies tokens against the trusted issuers' keys, remembering each issuer's token ids
/// in a cache of its own.
pub struct Verifier {
    issuers: Vec<Issuer>,
    /// Each issuer's JWK Set: read from its file at start, or fetched from its URL and
    /// replaced when fetched again.
    keys: Vec<RwLock<Arc<JwkSet>>>,
    skew: u64,
    replay: Vec<Mutex<Replay>>,
}

/// The ids of one issuer's tokens seen, until their expiry: a keyed 64-bit hash of the
/// `jti` (constant size, whatever the token sends) mapped to its `exp`. Expired ids are
/// forgotten every [`PRUNE_EVERY`] tokens and whenever the cache is full, so memory
/// follows the issuer's rate of tokens times their lifetime, bounded by `capacity`.
struct Replay {
    seen: HashMap<u64, u64>,
    keys: std::collections::hash_map::RandomState,
    capacity: usize,
    since_prune: usize,
}

/// How many tokens between two sweeps of expired ids.
const PRUNE_EVERY: usize = 1024;

/// The longest a token may live (CDS Hooks: `exp` no more than 5 minutes ahead): the
/// replay cache promises to remember a `jti` for as long as its token is good, so a
/// token that claims a longer life is refused rather than remembered for years.
pub const MAX_TOKEN_LIFETIME_SECONDS: u64 = 300;

/// The longest token read.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// The algorithms an issuer accepts when its config names none: those CDS Hooks names.
pub const DEFAULT_ALGORITHMS: [Algorithm; 2] = [Algorithm::ES384, Algorithm::RS384];

/// The algorithms the service can accept at all: asymmetric ones.
pub const SUPPORTED: [Algorithm; 4] = [
    Algorithm::ES384,
    Algorithm::RS384,
    Algorithm::ES256,
    Algorithm::RS256,
];

/// An algorithm by its JOSE name, when the service supports it.
pub fn algorithm(name: &str) -> Option<Algorithm> {
    SUPPORTED.into_iter().find(|a| format!("{a:?}") == name)
}

/// Whether `alg` fits `jwk`: its key type and, for EC, its curve.
fn fits(alg: Algorithm, jwk: &Jwk) -> bool {
    match (&jwk.algorithm, alg) {
        (AlgorithmParameters::EllipticCurve(ec), Algorithm::ES256) => {
            ec.curve == EllipticCurve::P256
        }
        (AlgorithmParameters::EllipticCurve(ec), Algorithm::ES384) => {
            ec.curve == EllipticCurve::P384
        }
        (AlgorithmParameters::RSA(_), Algorithm::RS256 | Algorithm::RS384) => true,
        _ => false,
    }
}

impl Verifier {
    /// A verifier for these issuers, each with a replay cache of `capacity` ids.
    pub fn new(issuers: Vec<(Issuer, JwkSet)>, skew: u64, capacity: usize) -> Self {
        let replay = issuers
            .iter()
            .map(|_| {
                Mutex::new(Replay {
                    seen: HashMap::new(),
                    keys: std::collections::hash_map::RandomState::new(),
                    capacity,
                    since_prune: 0,
                })
            })
            .collect();
        let (issuers, keys) = issuers
            .into_iter()
            .map(|(issuer, set)| (issuer, RwLock::new(Arc::new(set))))
            .unzip();
        Verifier {
            issuers,
            keys,
            skew,
            replay,
        }
    }

    /// The trusted issuers, in the config's order.
    pub fn issuers(&self) -> &[Issuer] {
        &self.issuers
    }

    /// Issuer `at`'s JWK Set now.
    pub fn keys(&self, at: usize) -> Arc<JwkSet> {
        self.keys[at]
            .read()
            .map(|k| k.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Replaces issuer `at`'s JWK Set (a rotation fetched from its URL).
    pub fn set_keys(&self, at: usize, set: JwkSet) {
        let mut keys = self.keys[at].write().unwrap_or_else(|e| e.into_inner());
        *keys = Arc::new(set);
    }

    /// Verifies an `Authorization` header for a call to `audience` at `now`, by the rows
    /// of [`RULES`] in order.
    pub fn verify(&self, header: Option<&str>, audience: &str, now: u64) -> Result<Claims, Denied> {
        let token = header
            .and_then(|h| h.strip_prefix("Bearer "))
            .filter(|t| !t.is_empty())
            .ok_or(Denied::Missing)?;
        if token.len() > MAX_TOKEN_BYTES || token.split('.').count() != 3 {
            return Err(Denied::Malformed);
        }
        let encoded = token.split('.').next().unwrap_or_default();
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| Denied::Malformed)?;
        let head: Head = serde_json::from_slice(&bytes).map_err(|_| Denied::Malformed)?;
        let alg = head
            .alg
            .as_ref()
            .and_then(Value::as_str)
            .and_then(algorithm)
            .ok_or(Denied::Algorithm)?;
        if head.typ.as_ref().and_then(Value::as_str) != Some("JWT") {
            return Err(Denied::Typ);
        }
        if head.crit.is_some() {
            return Err(Denied::Crit);
        }
        let kid = head
            .kid
            .as_ref()
            .and_then(Value::as_str)
            .ok_or(Denied::Kid)?;
        // The issuer the token names (read before the signature only to choose the keys;
        // it is checked again once the signature verifies).
        let payload = token.split('.').nth(1).unwrap_or_default();
        let claimed: Value = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or(Denied::Malformed)?;
        let iss = claimed.get("iss").and_then(Value::as_str);
        if !self.issuers.iter().any(|i| Some(i.iss.as_str()) == iss) {
            return Err(Denied::Issuer);
        }
        // The keys the kid names exactly, of that issuer.
        let sets: Vec<Arc<JwkSet>> = (0..self.issuers.len()).map(|i| self.keys(i)).collect();
        let named: Vec<(usize, &Issuer, &Jwk)> = self
            .issuers
            .iter()
            .zip(&sets)
            .enumerate()
            .filter(|(_, (issuer, _))| Some(issuer.iss.as_str()) == iss)
            .flat_map(|(i, (issuer, set))| set.keys.iter().map(move |k| (i, issuer, k)))
            .filter(|(_, _, k)| k.common.key_id.as_deref() == Some(kid))
            .collect();
        if named.is_empty() {
            return Err(Denied::Kid);
        }
        let allowed: Vec<&(usize, &Issuer, &Jwk)> = named
            .iter()
            .filter(|(_, issuer, _)| issuer.algorithms().contains(&alg))
            .collect();
        if allowed.is_empty() {
            return Err(Denied::Algorithm);
        }
        let fitting: Vec<&&(usize, &Issuer, &Jwk)> = allowed
            .iter()
            .filter(|(_, _, k)| {
                fits(alg, k)
                    && k.common
                        .key_algorithm
                        .is_none_or(|a| format!("{a:?}") == format!("{alg:?}"))
            })
            .collect();
        if fitting.is_empty() {
            return Err(Denied::AlgorithmKey);
        }
        let mut refusal = Denied::Signature;
        let mut verified = None;
        for (at, issuer, jwk) in fitting.iter().map(|c| **c) {
            let Ok(key) = DecodingKey::from_jwk(jwk) else {
                continue;
            };
            // The signature alone first, then each claim on its own, so the refusal
            // names the rule.
            let mut signature = Validation::new(alg);
            signature.required_spec_claims.clear();
            signature.validate_exp = false;
            signature.validate_aud = false;
            let Ok(data) = decode::<Value>(token, &key, &signature) else {
                continue;
            };
            let payload = data.claims;
            if payload.get("iss").and_then(Value::as_str) != Some(issuer.iss.as_str()) {
                refusal = Denied::Issuer;
                continue;
            }
            let aud_ok = match payload.get("aud") {
                Some(Value::String(one)) => one == audience,
                Some(Value::Array(many)) => many.iter().any(|a| a.as_str() == Some(audience)),
                _ => false,
            };
            if !aud_ok {
                return Err(Denied::Audience);
            }
            verified = Some((at, issuer, payload));
            break;
        }
        let (at, issuer, payload) = verified.ok_or(refusal)?;
        let text = |name: &str| payload.get(name).and_then(Value::as_str).map(str::to_owned);
        let claims = Claims {
            iss: issuer.iss.clone(),
            exp: payload
                .get("exp")
                .and_then(Value::as_u64)
                .ok_or(Denied::Expired)?,
            iat: payload.get("iat").and_then(Value::as_u64),
            jti: text("jti"),
            tenant: text("tenant"),
        };
        if claims.exp + self.skew < now {
            return Err(Denied::Expired);
        }
        let iat = claims.iat.ok_or(Denied::NoIat)?;
        if iat > now + self.skew {
            return Err(Denied::IssuedInTheFuture);
        }
        if let Some(nbf) = payload.get("nbf")
            && nbf.as_u64().is_none_or(|nbf| nbf > now + self.skew)
        {
            return Err(Denied::NotYetValid);
        }
        if claims.exp.saturating_sub(iat) > MAX_TOKEN_LIFETIME_SECONDS + self.skew
            || claims.exp > now + MAX_TOKEN_LIFETIME_SECONDS + self.skew
        {
            return Err(Denied::TooLong);
        }
        if let Some(tenant) = &issuer.tenant
            && claims.tenant.as_deref() != Some(tenant.as_str())
        {
            return Err(Denied::Tenant);
        }
        let jti = claims.jti.as_deref().ok_or(Denied::Replayed)?;
        let mut replay = self.replay[*at].lock().map_err(|_| Denied::Busy)?;
        let key = {
            use std::hash::BuildHasher;
            replay.keys.hash_one(jti)
        };
        // Forget the ids of tokens that have expired: they cannot be replayed any more.
        replay.since_prune += 1;
        if replay.since_prune >= PRUNE_EVERY || replay.seen.len() >= replay.capacity {
            let skew = self.skew;
            replay.seen.retain(|_, exp| *exp + skew >= now);
            replay.since_prune = 0;
        }
        if replay.seen.contains_key(&key) {
            return Err(Denied::Replayed);
        }
        if replay.seen.len() >= replay.capacity {
            return Err(Denied::Busy);
        }
        replay.seen.insert(key, claims.exp);
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_one_row_with_a_source() {
        let mut seen = std::collections::HashSet::new();
        for row in RULES {
            assert!(seen.insert(row.denied), "{:?} twice", row.denied);
            assert!(!row.source.is_empty() && !row.rule.is_empty());
        }
        assert_eq!(seen.len(), 18);
    }
}
