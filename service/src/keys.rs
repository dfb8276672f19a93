//! Keys that rotate: an issuer's JWK Set fetched from its `jwks_url` at start, again on a
//! schedule, and when a token names a `kid` no trusted key carries (at most once per
//! `jwks_min_refresh_seconds` an issuer). Every fetch has a timeout and a size bound; a
//! failed one keeps the last good set. The token's own `jku` is never fetched.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;

use crate::auth::Verifier;

/// The largest JWK Set read.
const MAX_BYTES: usize = 1 << 20;

/// How long one fetch may take, connection included.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Whether `url` may be fetched: HTTPS, or HTTP on a loopback address (for tests).
pub fn check_url(url: &str) -> Result<(), String> {
    if url.starts_with("https://") {
        return Ok(());
    }
    let host = url
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .ok_or_else(|| format!("jwks_url {url:?} is not https:// (nor http:// on loopback)"))?;
    // The host without its port: an IP address that is loopback, or `localhost`.
    let (name, port) = match host.strip_prefix('[') {
        Some(v6) => v6.split_once(']').unwrap_or((v6, "?")),
        None => match host.split_once(':') {
            Some((name, port)) => (name, port),
            None => (host, ""),
        },
    };
    let port = port.strip_prefix(':').unwrap_or(port);
    let port_ok = port.is_empty() || port.bytes().all(|b| b.is_ascii_digit());
    let loopback = port_ok
        && (name == "localhost"
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback()));
    if loopback {
        Ok(())
    } else {
        Err(format!(
            "jwks_url {url:?}: plain HTTP only on a loopback address; use https://"
        ))
    }
}

/// Fetches the issuers' JWK Sets from their URLs.
pub struct Fetcher {
    client: reqwest::Client,
    /// When each issuer's set was last fetched (or tried).
    last: Vec<Mutex<Option<Instant>>>,
    min_interval: Duration,
}

impl Fetcher {
    /// A fetcher for `issuers` issuers.
    pub fn new(issuers: usize, min_interval: Duration) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Fetcher {
            client,
            last: (0..issuers).map(|_| Mutex::new(None)).collect(),
            min_interval,
        })
    }

    /// Fetches issuer `at`'s set from `url` and installs it; the last good set stays on
    /// failure.
    pub async fn fetch(&self, verifier: &Verifier, at: usize, url: &str) -> Result<(), String> {
        if let Ok(mut last) = self.last[at].lock() {
            *last = Some(Instant::now());
        }
        let set = self.get(url).await?;
        verifier.set_keys(at, set);
        Ok(())
    }

    async fn get(&self, url: &str) -> Result<JwkSet, String> {
        let mut response = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("{url}: {}", response.status()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| format!("{url}: {e}"))? {
            if body.len() + chunk.len() > MAX_BYTES {
                return Err(format!("{url}: more than {MAX_BYTES} bytes"));
            }
            body.extend_from_slice(&chunk);
        }
        let set: JwkSet = serde_json::from_slice(&body).map_err(|e| format!("{url}: {e}"))?;
        if set.keys.is_empty() {
            return Err(format!("{url}: a JWK Set without keys"));
        }
        Ok(set)
    }

    /// Every issuer with a `jwks_url`, fetched at start: an error names the first that
    /// could not be.
    pub async fn fetch_all(&self, verifier: &Verifier) -> Result<(), String> {
        for (at, issuer) in verifier.issuers().iter().enumerate() {
            if let Some(url) = &issuer.jwks_url {
                self.fetch(verifier, at, url)
                    .await
                    .map_err(|e| format!("issuer {}: its JWK Set: {e}", issuer.iss))?;
            }
        }
        Ok(())
    }

    /// On a token naming an unknown `kid`: fetches again each issuer with a `jwks_url`
    /// not fetched within the minimum interval; whether any set was fetched.
    pub async fn refresh_unknown(&self, verifier: &Verifier) -> bool {
        let mut fetched = false;
        for (at, issuer) in verifier.issuers().iter().enumerate() {
            let Some(url) = &issuer.jwks_url else {
                continue;
            };
            let due = self.last[at]
                .lock()
                .map(|l| l.is_none_or(|t| t.elapsed() >= self.min_interval))
                .unwrap_or(false);
            if !due {
                continue;
            }
            match self.fetch(verifier, at, url).await {
                Ok(()) => fetched = true,
                Err(e) => tracing::warn!(iss = %issuer.iss, error = %e, "JWK Set not fetched"),
            }
        }
        fetched
    }

    /// Fetches every issuer's set again every `every`, for ever.
    pub async fn schedule(&self, verifier: &Verifier, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            for (at, issuer) in verifier.issuers().iter().enumerate() {
                if let Some(url) = &issuer.jwks_url
                    && let Err(e) = self.fetch(verifier, at, url).await
                {
                    tracing::warn!(iss = %issuer.iss, error = %e, "JWK Set not fetched; the last good one stays");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_url;

    #[test]
    fn plain_http_only_on_a_loopback_address() {
        for ok in [
            "https://ehr.example/jwks.json",
            "http://127.0.0.1:8080/jwks.json",
            "http://[::1]:9/k",
            "http://localhost:3000/k",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://127.evil.example/jwks.json",
            "http://localhost.evil.example/k",
            "http://10.0.0.1/k",
            "ftp://127.0.0.1/k",
            "http://[::1].evil/k",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
