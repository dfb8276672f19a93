//! A bounded load test of the hook on loopback: a fixed number of requests at 1, 8 and 64
//! concurrent clients; p50/p99 latency, requests a second, errors, and the service's
//! resident memory before and after. It stops by itself.
//!
//! `cargo run --release -p massage-rules-cds --example load -- [REQUESTS]`
//! `cargo run --release -p massage-rules-cds --example load -- --memory [REQUESTS]`
//! The example starts the service itself with `service/examples/config.toml`; the tokens
//! come from its demo issuer. `--memory` sends REQUESTS (default 100,000) at 8 clients
//! in chunks of 10,000, each with fresh one-minute tokens, and prints the service's
//! resident memory after each chunk.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let memory = args.iter().any(|a| a == "--memory");
    let count = args.iter().find(|a| !a.starts_with("--"));
    let requests: usize = count.map_or(Ok(if memory { 100_000 } else { 2_000 }), |s| s.parse())?;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe()?
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("massage-rules-cds"))
        .ok_or("no binary beside the example")?;
    let mut child = Command::new(&exe)
        .arg("--config")
        .arg(root.join("examples/config.toml"))
        .args(["--demo", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut out = child.stdout.take().ok_or("no stdout")?;
    let mut line = Vec::new();
    let mut byte = [0u8];
    while out.read(&mut byte)? == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let addr = String::from_utf8(line)?
        .strip_prefix("listening on ")
        .ok_or("no address")?
        .to_owned();
    let rss = |pid: u32| -> u64 {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
            })
            .unwrap_or(0)
    };
    // Tokens, signed ahead of time by the demo issuer (one per request: jti is single-use).
    let aud = "http://127.0.0.1:8080/cds-services/massage-rules-screening";
    let body = std::fs::read_to_string(root.join("examples/hook-request.json"))?;
    let key = jsonwebtoken::EncodingKey::from_ec_pem(&std::fs::read(
        root.join("examples/demo-issuer-es384.pem"),
    )?)?;
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES384);
    header.kid = Some("demo-es384".into());
    let sign = |lifetime: u64, prefix: &str, n: usize| -> Vec<String> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        (0..n)
            .map(|i| {
                let claims = serde_json::json!({
                    "iss": "https://ehr.example.org/demo", "aud": aud,
                    "exp": now + lifetime, "iat": now, "jti": format!("{prefix}-{i}"),
                });
                jsonwebtoken::encode(&header, &claims, &key).expect("a token")
            })
            .collect()
    };
    let pid = child.id();
    if memory {
        println!("requests  service RSS (kB)  errors");
        println!("{:>8}  {:>16}", 0, rss(pid));
        let mut sent = 0;
        let mut errors = 0;
        while sent < requests {
            let n = (requests - sent).min(10_000);
            let tokens = sign(60, &format!("memory-{sent}"), n);
            let (_, _, e) = run(&addr, &body, tokens, 8);
            sent += n;
            errors += e;
            println!("{sent:>8}  {:>16}  {errors:>6}", rss(pid));
        }
    } else {
        println!("clients  requests  req/s     p50 ms  p99 ms  errors");
        let before = rss(pid);
        for clients in [1usize, 8, 64] {
            let tokens = sign(300, &format!("load-{clients}"), requests);
            let (elapsed, mut l, errors) = run(&addr, &body, tokens, clients);
            l.sort();
            let at =
                |q: f64| l[((l.len() as f64 * q) as usize).min(l.len() - 1)].as_secs_f64() * 1e3;
            println!(
                "{clients:>7}  {requests:>8}  {:>8.0}  {:>6.2}  {:>6.2}  {errors}",
                requests as f64 / elapsed.as_secs_f64(),
                at(0.5),
                at(0.99),
            );
        }
        println!("service RSS: {before} kB before, {} kB after", rss(pid));
    }
    let _ = child.kill();
    Ok(())
}

/// Sends one request per token from `clients` threads: the time it took, each request's
/// latency, and how many did not get a 200.
fn run(
    addr: &str,
    body: &str,
    tokens: Vec<String>,
    clients: usize,
) -> (Duration, Vec<Duration>, usize) {
    let count = tokens.len();
    let tokens = Arc::new(Mutex::new(tokens));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(count)));
    let errors = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (tokens, latencies, errors) = (tokens.clone(), latencies.clone(), errors.clone());
            let (addr, body) = (addr.to_owned(), body.to_owned());
            std::thread::spawn(move || {
                loop {
                    let Some(token) = tokens.lock().unwrap().pop() else {
                        break;
                    };
                    let t = Instant::now();
                    let ok = call(&addr, &token, &body).is_ok_and(|s| s == 200);
                    latencies.lock().unwrap().push(t.elapsed());
                    if !ok {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let elapsed = started.elapsed();
    let latencies = latencies.lock().unwrap().clone();
    (elapsed, latencies, errors.load(Ordering::Relaxed))
}

fn call(addr: &str, token: &str, body: &str) -> std::io::Result<u16> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "POST /cds-services/massage-rules-screening HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    Ok(String::from_utf8_lossy(&out)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0))
}
