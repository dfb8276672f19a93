//! `massage-rules-cds`: a CDS Hooks service for the `appointment-book` hook.
//!
//! ```text
//! massage-rules-cds --config service/examples/config.toml [--listen ADDR] [--base-url URL]
//! massage-rules-cds demo-token --config service/examples/config.toml --aud URL
//! ```

mod app;
mod auth;
mod config;
mod keys;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::{Parser, Subcommand};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use massage_rules::Protocol;
use massage_rules::research::VariantFile;

#[derive(Parser)]
#[command(
    name = "massage-rules-cds",
    version,
    about = "A CDS Hooks service for massage-rules"
)]
struct Cli {
    /// The configuration file (TOML).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Listen here instead of the config's address (`127.0.0.1:0` picks a free port).
    #[arg(long)]
    listen: Option<String>,
    /// The URL the EHR calls the service at, instead of the config's `base_url`: a token's
    /// `aud` must be the endpoint's URL under it.
    #[arg(long)]
    base_url: Option<String>,
    /// Trust keys whose private halves are published (the demo issuer, the CDS Hooks
    /// sandbox): for trying the service, on a loopback address only.
    #[arg(long)]
    demo: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Prints a JWT from the config's demo issuer, for trying the service (demo only).
    DemoToken {
        /// The configuration file with a `[demo]` issuer.
        #[arg(long)]
        config: PathBuf,
        /// The endpoint URL the token is for (its `aud`).
        #[arg(long)]
        aud: String,
        /// Seconds the token is valid for.
        #[arg(long, default_value_t = 300)]
        seconds: u64,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::DemoToken {
            config,
            aud,
            seconds,
        }) => demo_token(&config, &aud, seconds),
        None => match cli.config {
            Some(config) => serve(&config, cli.listen, cli.base_url, cli.demo),
            None => Err("--config PATH is needed (see service/examples/config.toml)".into()),
        },
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("massage-rules-cds: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn protocol(name: &str) -> Result<Protocol, String> {
    match name {
        "seed" => Ok(Protocol::seed()),
        "conservative" => Ok(Protocol::conservative()),
        other => VariantFile::builtin(other)
            .ok_or_else(|| format!("unknown protocol {other:?}"))?
            .load()
            .map_err(|e| e.to_string()),
    }
}

/// Refuses a config that trusts a published key, unless `demo`; with `demo`, an address
/// that is not loopback.
fn keep_published_keys_out(
    keys: &[(config::Issuer, jsonwebtoken::jwk::JwkSet)],
    address: &str,
    demo: bool,
) -> Result<(), String> {
    let published = config::published_keys(keys);
    if !demo {
        if let Some((iss, whose)) = published.first() {
            return Err(format!(
                "issuer {iss:?} is trusted with a key of {whose}, whose private half is \
                 published: anyone can sign tokens for it. Replace [[issuers]] with your \
                 EHR's issuer and JWK Set, or start with --demo to try the service on a \
                 loopback address"
            ));
        }
        return Ok(());
    }
    let loopback = address
        .parse::<std::net::SocketAddr>()
        .map(|a| a.ip().is_loopback())
        .unwrap_or(false);
    if !loopback {
        return Err(format!(
            "--demo listens on a loopback address only (127.0.0.1:PORT or [::1]:PORT), not \
             {address:?}"
        ));
    }
    Ok(())
}

fn serve(
    path: &std::path::Path,
    listen: Option<String>,
    base_url: Option<String>,
    demo: bool,
) -> Result<(), String> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut loaded = config::load(path)?;
    if let Some(base_url) = base_url {
        loaded.config.base_url = base_url;
    }
    let limits = loaded.config.limits.clone();
    let address = listen.unwrap_or_else(|| loaded.config.listen.clone());
    let state = Arc::new(app::AppState {
        protocol: protocol(&loaded.config.protocol)?,
        fetcher: keys::Fetcher::new(
            loaded.keys.len(),
            Duration::from_secs(limits.jwks_min_refresh_seconds),
        )?,
        verifier: auth::Verifier::new(
            loaded.keys,
            limits.clock_skew_seconds,
            limits.replay_cache_entries,
        ),
        config: loaded.config,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        // The keys published at a URL, before a call is taken; then the check that no
        // trusted key is one whose private half is published.
        state.fetcher.fetch_all(&state.verifier).await?;
        let trusted: Vec<(config::Issuer, jsonwebtoken::jwk::JwkSet)> = state
            .verifier
            .issuers()
            .iter()
            .enumerate()
            .map(|(at, issuer)| (issuer.clone(), (*state.verifier.keys(at)).clone()))
            .collect();
        keep_published_keys_out(&trusted, &address, demo)?;
        if state.config.issuers.iter().any(|i| i.jwks_url.is_some()) {
            let every = Duration::from_secs(limits.jwks_refresh_seconds.max(1));
            let scheduled = state.clone();
            tokio::spawn(async move {
                scheduled.fetcher.schedule(&scheduled.verifier, every).await;
            });
        }
        let listener = tokio::net::TcpListener::bind(&address)
            .await
            .map_err(|e| format!("cannot listen on {address}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        // The first line on stdout says where: scripts and tests read it.
        // Written once and never fatal: a reader may have closed the pipe after the
        // first line.
        let _ = std::io::Write::write_all(
            &mut std::io::stdout(),
            format!(
                "listening on {local}\ntokens must be for {}/cds-services/{}\n",
                state.config.base_url.trim_end_matches('/'),
                massage_rules::export::cds_hooks::SERVICE_ID
            )
            .as_bytes(),
        );
        tracing::info!(%local, protocol = %state.protocol.stamp(), "listening");
        let app = app::router(state);
        let header_timeout = Duration::from_secs(limits.header_read_timeout_seconds);
        let connection_limit = Duration::from_secs(limits.request_timeout_seconds * 6);
        // At most `max_connections` at once: past it, new connections wait in the
        // kernel's listen queue rather than exhaust the process's file descriptors.
        let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
        loop {
            let Ok(slot) = slots.clone().acquire_owned().await else {
                return Ok(());
            };
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors (or another transient failure): pause
                    // rather than spin, so the connections being served can finish.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(ACCEPT_PAUSE).await;
                    continue;
                }
            };
            let service = TowerToHyperService::new(app.clone());
            tokio::spawn(async move {
                let mut builder = hyper::server::conn::http1::Builder::new();
                // A client that is slow to send its headers is cut off (no slowloris).
                builder
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_timeout);
                let connection = builder.serve_connection(TokioIo::new(stream), service);
                let _ = tokio::time::timeout(connection_limit, connection).await;
                drop(slot);
            });
        }
    })
}

/// How long the listener pauses after a failed accept.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

fn demo_token(path: &std::path::Path, aud: &str, seconds: u64) -> Result<(), String> {
    let loaded = config::load(path)?;
    let demo = loaded
        .config
        .demo
        .ok_or("the config has no [demo] issuer")?;
    let pem = std::fs::read(loaded.dir.join(&demo.private_key_file))
        .map_err(|e| format!("{}: {e}", demo.private_key_file.display()))?;
    let key = jsonwebtoken::EncodingKey::from_ec_pem(&pem).map_err(|e| e.to_string())?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES384);
    header.kid = Some(demo.kid);
    header.typ = Some("JWT".into());
    let claims = serde_json::json!({
        "iss": demo.iss, "aud": aud, "exp": now + seconds, "iat": now,
        "jti": format!("demo-{now}-{}", std::process::id()),
    });
    let token = jsonwebtoken::encode(&header, &claims, &key).map_err(|e| e.to_string())?;
    println!("{token}");
    Ok(())
}
