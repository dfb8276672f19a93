//! A bounded load test of the hook on loopback: a fixed number of requests at 1, 8 and 64
//! concurrent clients; p50/p99 latency, requests a second, errors, and the service's
//! resident memory before and after. It stops by itself.
//!
//! `cargo run --release -p massage-rules-cds --example load -- [REQUESTS]`
//! (start the service first with `service/examples/config.toml`; the tokens come from its
//! demo issuer).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let requests: usize = std::env::args().nth(1).map_or(Ok(2_000), |s| s.parse())?;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe()?
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("massage-rules-cds"))
        .ok_or("no binary beside the example")?;
    let mut child = Command::new(&exe)
        .arg("--config")
        .arg(root.join("examples/config.toml"))
        .args(["--listen", "127.0.0.1:0"])
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
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    println!("clients  requests  req/s     p50 ms  p99 ms  errors");
    let before = rss(child.id());
    for clients in [1usize, 8, 64] {
        let tokens: Vec<String> = (0..requests)
            .map(|i| {
                let claims = serde_json::json!({
                    "iss": "https://ehr.example.org/demo", "aud": aud,
                    "exp": now + 600, "iat": now, "jti": format!("load-{clients}-{i}"),
                });
                jsonwebtoken::encode(&header, &claims, &key).expect("a token")
            })
            .collect();
        let tokens = Arc::new(Mutex::new(tokens));
        let latencies = Arc::new(Mutex::new(Vec::with_capacity(requests)));
        let errors = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let workers: Vec<_> = (0..clients)
            .map(|_| {
                let (tokens, latencies, errors) =
                    (tokens.clone(), latencies.clone(), errors.clone());
                let (addr, body) = (addr.clone(), body.clone());
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
        let mut l = latencies.lock().unwrap().clone();
        l.sort();
        let at = |q: f64| l[((l.len() as f64 * q) as usize).min(l.len() - 1)].as_secs_f64() * 1e3;
        println!(
            "{clients:>7}  {requests:>8}  {:>8.0}  {:>6.2}  {:>6.2}  {}",
            requests as f64 / elapsed.as_secs_f64(),
            at(0.5),
            at(0.99),
            errors.load(Ordering::Relaxed)
        );
    }
    let after = rss(child.id());
    println!("service RSS: {before} kB before, {after} kB after");
    let _ = child.kill();
    Ok(())
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
