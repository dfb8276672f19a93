//! Who may call: a JWT signed by a trusted EHR, as the CDS Hooks specification asks
//! (`Authorization: Bearer <JWT>`; `iss` trusted, `aud` the endpoint's URL, `exp` and
//! `iat` within the clock skew, a `jti` never seen before, an optional `tenant`).

use std::collections::HashMap;
use std::sync::Mutex;

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;

use crate::config::Issuer;

/// Why a request is refused. The client only ever hears "401"; the reason is logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// No `Authorization: Bearer` header.
    Missing,
    /// Not a JWT, or a header that cannot be read.
    Malformed,
    /// An algorithm the service does not accept (`none`, HMAC, ...).
    Algorithm,
    /// No trusted issuer has a key for it.
    UnknownKey,
    /// The signature, issuer, audience or expiry does not verify.
    Invalid,
    /// Issued in the future.
    IssuedInTheFuture,
    /// No `jti`, or one seen before.
    Replayed,
    /// The token claims to live longer than [`MAX_TOKEN_LIFETIME_SECONDS`].
    TooLong,
    /// The replay cache is full: refused until entries expire.
    Busy,
    /// The issuer requires a tenant the token does not carry.
    Tenant,
}

/// The claims the service reads.
#[derive(Debug, Clone, Deserialize)]
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

/// The algorithms accepted: asymmetric ones only (CDS Hooks names ES384 and RS384).
const ACCEPTED: [Algorithm; 4] = [
    Algorithm::ES384,
    Algorithm::RS384,
    Algorithm::ES256,
    Algorithm::RS256,
];

/// Verifies tokens against the trusted issuers' keys, remembering token ids.
pub struct Verifier {
    issuers: Vec<(Issuer, JwkSet)>,
    skew: u64,
    replay: Mutex<Replay>,
}

/// The ids of tokens seen, until their expiry: a keyed 64-bit hash of the issuer and the
/// `jti` (constant size, whatever the token sends) mapped to its `exp`. Expired ids are
/// forgotten every [`PRUNE_EVERY`] tokens and whenever the cache is full, so memory
/// follows the rate of tokens times their lifetime, bounded by `capacity`.
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

impl Verifier {
    /// A verifier for these issuers.
    pub fn new(issuers: Vec<(Issuer, JwkSet)>, skew: u64, capacity: usize) -> Self {
        Verifier {
            issuers,
            skew,
            replay: Mutex::new(Replay {
                seen: HashMap::new(),
                keys: std::collections::hash_map::RandomState::new(),
                capacity,
                since_prune: 0,
            }),
        }
    }

    /// Verifies an `Authorization` header for a call to `audience` at `now`.
    pub fn verify(&self, header: Option<&str>, audience: &str, now: u64) -> Result<Claims, Denied> {
        let token = header
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(Denied::Missing)?;
        if token.len() > 16 * 1024 {
            return Err(Denied::Malformed);
        }
        let head = decode_header(token).map_err(|_| Denied::Malformed)?;
        if !ACCEPTED.contains(&head.alg) {
            return Err(Denied::Algorithm);
        }
        // The keys that could have signed it: the one its kid names, or every key of the
        // right family when it names none.
        let candidates: Vec<(&Issuer, &Jwk)> = self
            .issuers
            .iter()
            .flat_map(|(issuer, set)| set.keys.iter().map(move |k| (issuer, k)))
            .filter(|(_, k)| match (&head.kid, &k.common.key_id) {
                (Some(want), Some(have)) => want == have,
                (Some(_), None) => false,
                (None, _) => true,
            })
            .filter(|(_, k)| {
                k.common
                    .key_algorithm
                    .is_none_or(|a| format!("{a:?}") == format!("{:?}", head.alg))
            })
            .collect();
        if candidates.is_empty() {
            return Err(Denied::UnknownKey);
        }
        let mut verified = None;
        for (issuer, jwk) in candidates {
            let Ok(key) = DecodingKey::from_jwk(jwk) else {
                continue;
            };
            let mut validation = Validation::new(head.alg);
            validation.set_audience(&[audience]);
            validation.set_issuer(&[issuer.iss.as_str()]);
            validation.leeway = self.skew;
            validation.set_required_spec_claims(&["exp", "iss", "aud"]);
            if let Ok(data) = decode::<Claims>(token, &key, &validation) {
                verified = Some((issuer, data.claims));
                break;
            }
        }
        let (issuer, claims) = verified.ok_or(Denied::Invalid)?;
        if claims.iat.is_some_and(|iat| iat > now + self.skew) {
            return Err(Denied::IssuedInTheFuture);
        }
        if let Some(tenant) = &issuer.tenant
            && claims.tenant.as_deref() != Some(tenant.as_str())
        {
            return Err(Denied::Tenant);
        }
        if claims.exp > now + MAX_TOKEN_LIFETIME_SECONDS + self.skew {
            return Err(Denied::TooLong);
        }
        let jti = claims.jti.as_deref().ok_or(Denied::Replayed)?;
        let mut replay = self.replay.lock().map_err(|_| Denied::Busy)?;
        let key = {
            use std::hash::BuildHasher;
            replay.keys.hash_one((issuer.iss.as_str(), jti))
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
