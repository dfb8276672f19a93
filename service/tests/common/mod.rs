//! What the service's tests share: the binary started on a loopback port with a test
//! config, one HTTP/1.1 request, tokens from the test issuers, hook requests.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

pub const ISS: &str = "https://ehr.example.org/test";
pub const SERVICE: &str = "/cds-services/massage-rules-screening";

pub struct Service {
    pub child: Child,
    pub addr: String,
    pub dir: PathBuf,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::env::var_os("KEEP_SERVICE_DIR").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

pub fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Starts the binary with a test config: the test issuer (the demo ES384 key and a test
/// RS384 key), 64 KiB bodies, a one-second header timeout.
pub fn start(name: &str) -> Service {
    start_with(name, "")
}

pub fn start_with(name: &str, extra: &str) -> Service {
    start_config(name, extra, "", "")
}

/// The default test limits, in TOML.
pub const LIMITS: &str = "max_body_bytes = 65536
request_timeout_seconds = 5
header_read_timeout_seconds = 1
clock_skew_seconds = 30
replay_cache_entries = 1000
";

/// Starts the binary (with `--demo`: the test keys are published in the repository) with
/// `extra` at the top of the config, `limits` instead of [`LIMITS`] when not empty, and
/// `issuers` (TOML `[[issuers]]` tables) after the test issuer.
pub fn start_config(name: &str, extra: &str, limits: &str, issuers: &str) -> Service {
    let dir = std::env::temp_dir().join(format!("massage-rules-cds-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        manifest().join("tests/keys/test-issuer.jwks.json"),
        dir.join("issuer.jwks.json"),
    )
    .unwrap();
    std::fs::copy(
        manifest().join("examples/cds-hooks-sandbox.jwks.json"),
        dir.join("cds-hooks-sandbox.jwks.json"),
    )
    .unwrap();
    let limits = if limits.is_empty() { LIMITS } else { limits };
    std::fs::write(
        dir.join("config.toml"),
        format!(
            r#"listen = "127.0.0.1:0"
base_url = "http://cds.test"
protocol = "seed"
{extra}
[limits]
{limits}
[[issuers]]
iss = "{ISS}"
jwks_file = "issuer.jwks.json"
{issuers}
"#
        ),
    )
    .unwrap();
    // The service's JSON log, for the tests that read why a token was refused.
    let log = std::fs::File::create(dir.join("log.jsonl")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_massage-rules-cds"))
        .arg("--demo")
        .arg("--config")
        .arg(dir.join("config.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut line = Vec::new();
    let mut byte = [0u8];
    while out.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let line = String::from_utf8(line).unwrap();
    let addr = line.strip_prefix("listening on ").expect(&line).to_owned();
    Service { child, addr, dir }
}

/// Why the service refused its last refused token (the `denied` field of its log).
pub fn last_refusal(s: &Service) -> String {
    let log = std::fs::read_to_string(s.dir.join("log.jsonl")).unwrap_or_default();
    log.lines()
        .rev()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|l| l["fields"]["message"] == "refused")
        .and_then(|l| l["fields"]["denied"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// One HTTP/1.1 request; the status and the body.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: cds.test\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn key(file: &str) -> Vec<u8> {
    let path: &Path = &manifest();
    let path = if file.starts_with("demo") {
        path.join("examples").join(file)
    } else {
        path.join("tests/keys").join(file)
    };
    std::fs::read(path).unwrap()
}

pub fn token_with(alg: Algorithm, kid: &str, pem: &str, claims: Value) -> String {
    let mut header = Header::new(alg);
    header.kid = Some(kid.into());
    let key = match alg {
        Algorithm::ES384 => EncodingKey::from_ec_pem(&key(pem)).unwrap(),
        Algorithm::RS384 => EncodingKey::from_rsa_pem(&key(pem)).unwrap(),
        _ => EncodingKey::from_secret(&key(pem)),
    };
    encode(&header, &claims, &key).unwrap()
}

/// A token with the header and claims as given (JSON objects), signed with the ES384
/// key in `pem` (or the RS384 one when the header's `alg` is RS384).
pub fn raw_token(header: Value, claims: Value, pem: &str) -> String {
    use base64::Engine;
    let b64 = |v: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let message = format!("{}.{}", b64(&header), b64(&claims));
    let alg = match header["alg"].as_str() {
        Some("RS384") => Algorithm::RS384,
        _ => Algorithm::ES384,
    };
    let key = match alg {
        Algorithm::RS384 => EncodingKey::from_rsa_pem(&key(pem)).unwrap(),
        _ => EncodingKey::from_ec_pem(&key(pem)).unwrap(),
    };
    let signature = jsonwebtoken::crypto::sign(message.as_bytes(), &key, alg).unwrap();
    format!("{message}.{signature}")
}

pub fn claims(aud: &str, jti: &str) -> Value {
    json!({"iss": ISS, "aud": aud, "exp": now() + 120, "iat": now(), "jti": jti})
}

pub fn es384(jti: &str) -> String {
    token_with(
        Algorithm::ES384,
        "demo-es384",
        "demo-issuer-es384.pem",
        claims(&format!("http://cds.test{SERVICE}"), jti),
    )
}

/// A token from the demo issuer for the feedback endpoint.
pub fn feedback_token(jti: &str) -> String {
    token_with(
        Algorithm::ES384,
        "demo-es384",
        "demo-issuer-es384.pem",
        claims(&format!("http://cds.test{SERVICE}/feedback"), jti),
    )
}

pub fn hook_body(appointments: bool) -> Vec<u8> {
    hook_body_for(70, appointments)
}

pub fn hook_body_for(age: u32, appointments: bool) -> Vec<u8> {
    let intake: Value = serde_json::from_str(&format!(
        r#"{{"assessed_on": "2026-11-27", "age": {age}, "pregnant": "no", "findings": [],
            "history": "none", "practitioner": {{"licensed": "yes", "medical_massage_trained": "yes"}}}}"#
    ))
    .unwrap();
    let mut body = hook_request(
        intake,
        json!({"userId": "Practitioner/1", "patientId": "17"}),
    );
    if appointments {
        body["context"]["appointments"] = json!({"resourceType": "Bundle", "type": "collection",
            "entry": [{"resource": {"resourceType": "Appointment", "id": "a1", "status": "proposed",
                "start": "2026-11-20T09:00:00-05:00", "end": "2026-11-20T10:00:00-05:00"}}]});
    }
    serde_json::to_vec(&body).unwrap()
}

/// An `appointment-book` request with `context` and the intake (in the crate's JSON) as
/// the prefetched QuestionnaireResponse, in a search Bundle as an EHR answers the
/// discovery document's prefetch template.
pub fn hook_request(intake: Value, context: Value) -> Value {
    let intake: massage_rules::Intake = serde_json::from_value(intake).unwrap();
    let mut qr = massage_rules::export::fhir::questionnaire_response(&intake);
    // The intake is the hook's patient's, exactly.
    if let Some(id) = context.get("patientId").and_then(Value::as_str) {
        qr["subject"] = json!({"reference": format!("Patient/{id}")});
    }
    json!({
        "hook": "appointment-book", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": context,
        "prefetch": {"intake": {"resourceType": "Bundle", "type": "searchset",
                                "entry": [{"resource": qr}]}},
    })
}

/// Runs `validate_cards.py` on the responses in `dir`: its output, or `None` when Python
/// or fhir.resources is missing (a failure instead with `MASSAGE_RULES_REQUIRE_PYTHON`).
pub fn validate_cards(dir: &Path) -> Option<String> {
    let out = Command::new("python3")
        .arg(manifest().join("tests/validate_cards.py"))
        .arg(dir)
        .output();
    let required = std::env::var_os("MASSAGE_RULES_REQUIRE_PYTHON").is_some();
    match out {
        Ok(out) if out.status.code() != Some(77) => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "the cards are not valid:\n{text}");
            Some(text)
        }
        _ => {
            assert!(
                !required,
                "python3 with fhir.resources is required to check the cards"
            );
            eprintln!("skipped: python3 with fhir.resources not found");
            None
        }
    }
}
