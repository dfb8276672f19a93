//! The real binary on a loopback port, spoken to over HTTP: discovery, the hook and
//! feedback; every way a token can be wrong gets 401 and nothing else; oversized and
//! deep bodies, a missing prefetch, and a slow sender while others are answered.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use jsonwebtoken::Algorithm;
use serde_json::{Value, json};

#[test]
fn discovery_and_the_hook_answer_with_cards_for_es384_and_rs384() {
    let s = start("happy");
    let (status, body) = request(&s.addr, "GET", "/cds-services", None, b"");
    assert_eq!(status, 200, "{body}");
    let discovery: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(discovery["services"][0]["hook"], "appointment-book");
    assert!(
        discovery["services"][0]["prefetch"]["intake"]
            .as_str()
            .unwrap()
            .contains("QuestionnaireResponse?")
    );
    let (status, body) = request(
        &s.addr,
        "POST",
        SERVICE,
        Some(&es384("a")),
        &hook_body(true),
    );
    assert_eq!(status, 200, "{body}");
    let cards: Value = serde_json::from_str(&body).unwrap();
    let cards = cards["cards"].as_array().unwrap();
    // The screening card (an older adult: an approval is needed) and the appointment's
    // (before the assessment).
    assert!(cards.iter().any(
        |c| c["indicator"] == "warning" && c["summary"].as_str().unwrap().contains("approval")
    ));
    assert!(
        cards
            .iter()
            .any(|c| c["summary"].as_str().unwrap().starts_with("Appointment a1"))
    );
    for card in cards {
        assert!(card["summary"].as_str().unwrap().chars().count() < 140);
        assert!(["info", "warning", "critical"].contains(&card["indicator"].as_str().unwrap()));
        assert!(card["source"]["label"].is_string());
    }
    let rs = token_with(
        Algorithm::RS384,
        "test-rs384",
        "test-rs384.pem",
        claims(&format!("http://cds.test{SERVICE}"), "b"),
    );
    let (status, _) = request(&s.addr, "POST", SERVICE, Some(&rs), &hook_body(false));
    assert_eq!(status, 200);
    let feedback = feedback_token("c");
    let (status, _) = request(
        &s.addr,
        "POST",
        &format!("{SERVICE}/feedback"),
        Some(&feedback),
        br#"{"feedback": [{"card": "x", "outcome": "overridden", "outcomeTimestamp": "2026-12-01T10:05:31Z"}]}"#,
    );
    assert_eq!(status, 200);
    // Feedback that is not CDS Hooks feedback is refused with every problem (an accepted
    // outcome names its suggestions; every item has a time).
    let feedback = feedback_token("c2");
    let (status, body) = request(
        &s.addr,
        "POST",
        &format!("{SERVICE}/feedback"),
        Some(&feedback),
        br#"{"feedback": [{"card": "x", "outcome": "accepted", "outcomeTimestamp": "2026-12-01T10:05:31Z"},
                          {"card": "y", "outcome": "overridden"}]}"#,
    );
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("feedback[0]: acceptedSuggestions") && body.contains("feedback[1]"),
        "{body}"
    );
    assert_eq!(request(&s.addr, "GET", "/health", None, b"").0, 200);
    // The terminology the cards and resources use is served.
    let (status, body) = request(&s.addr, "GET", "/fhir/CodeSystem/technique", None, b"");
    assert_eq!(status, 200);
    assert!(body.contains("\"swedish\""));
    assert_eq!(
        request(&s.addr, "GET", "/fhir/ValueSet/outcome", None, b"").0,
        200
    );
    assert_eq!(
        request(&s.addr, "GET", "/fhir/CodeSystem/nothing", None, b"").0,
        404
    );
}

#[test]
fn every_wrong_token_is_401_and_says_nothing_more() {
    let s = start("tokens");
    let aud = format!("http://cds.test{SERVICE}");
    let body = hook_body(false);
    let b64 = |v: &Value| base64url(&serde_json::to_vec(v).unwrap());
    let none_alg = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims(&aud, "n"))
    );
    let cases: Vec<(&str, Option<String>)> = vec![
        ("no token", None),
        ("malformed", Some("not.a.jwt".into())),
        ("alg none", Some(none_alg)),
        // HMAC keyed with the issuer's public key (the classic confusion attack).
        (
            "hs256 with the public key",
            Some(token_with(
                Algorithm::HS256,
                "demo-es384",
                "test-issuer.jwks.json",
                claims(&aud, "h"),
            )),
        ),
        (
            "wrong key",
            Some(token_with(
                Algorithm::ES384,
                "demo-es384",
                "other-es384.pem",
                claims(&aud, "w"),
            )),
        ),
        (
            "unknown iss",
            Some(token_with(
                Algorithm::ES384,
                "demo-es384",
                "demo-issuer-es384.pem",
                json!({"iss": "https://evil.example", "aud": aud, "exp": now() + 60, "iat": now(), "jti": "i"}),
            )),
        ),
        (
            "wrong aud",
            Some(token_with(
                Algorithm::ES384,
                "demo-es384",
                "demo-issuer-es384.pem",
                claims("http://cds.test/cds-services/other", "a"),
            )),
        ),
        (
            "expired",
            Some(token_with(
                Algorithm::ES384,
                "demo-es384",
                "demo-issuer-es384.pem",
                json!({"iss": ISS, "aud": aud, "exp": now() - 600, "iat": now() - 900, "jti": "e"}),
            )),
        ),
        (
            "issued in the future",
            Some(token_with(
                Algorithm::ES384,
                "demo-es384",
                "demo-issuer-es384.pem",
                json!({"iss": ISS, "aud": aud, "exp": now() + 900, "iat": now() + 600, "jti": "f"}),
            )),
        ),
        (
            // Longer than CDS Hooks' five minutes (plus the skew): a replay cache cannot
            // promise to remember it.
            "a day long",
            Some(token_with(
                Algorithm::ES384,
                "demo-es384",
                "demo-issuer-es384.pem",
                json!({"iss": ISS, "aud": aud, "exp": now() + 86_400, "iat": now(), "jti": "g"}),
            )),
        ),
        (
            "no jti",
            Some(token_with(
                Algorithm::ES384,
                "demo-es384",
                "demo-issuer-es384.pem",
                json!({"iss": ISS, "aud": aud, "exp": now() + 60, "iat": now()}),
            )),
        ),
    ];
    for (what, token) in cases {
        let (status, text) = request(&s.addr, "POST", SERVICE, token.as_deref(), &body);
        assert_eq!(status, 401, "{what}: {text}");
        assert_eq!(text, r#"{"error":"unauthorized"}"#, "{what}");
    }
    // A token works once; replayed, it is refused.
    let once = es384("once");
    assert_eq!(request(&s.addr, "POST", SERVICE, Some(&once), &body).0, 200);
    assert_eq!(request(&s.addr, "POST", SERVICE, Some(&once), &body).0, 401);
}

fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[test]
fn bodies_that_are_too_big_deep_or_without_an_intake_are_refused() {
    let s = start("bodies");
    let big = vec![b' '; 70_000];
    assert_eq!(
        request(&s.addr, "POST", SERVICE, Some(&es384("big")), &big).0,
        413
    );
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    assert_eq!(
        request(
            &s.addr,
            "POST",
            SERVICE,
            Some(&es384("deep")),
            deep.as_bytes()
        )
        .0,
        400
    );
    let no_intake = serde_json::to_vec(&json!({"hook": "appointment-book", "hookInstance": "x",
        "fhirServer": "https://ehr.example.org/fhir", "context": {"patientId": "1"}}))
    .unwrap();
    let (status, text) = request(&s.addr, "POST", SERVICE, Some(&es384("pre")), &no_intake);
    assert_eq!(status, 412);
    assert!(text.contains("does not fetch"), "{text}");
}

#[test]
fn a_slow_sender_is_cut_off_while_others_are_answered() {
    let s = start("slow");
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    slow.write_all(b"POST /cds-services/massage-rules-screening HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // Meanwhile, another client is answered at once.
    let started = Instant::now();
    assert_eq!(request(&s.addr, "GET", "/health", None, b"").0, 200);
    assert!(started.elapsed() < Duration::from_secs(1));
    // The slow one never finishes its headers: the service closes it.
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = Vec::new();
    let read = slow.read_to_end(&mut buf);
    assert!(read.is_ok(), "the connection was not closed: {read:?}");
    assert!(started.elapsed() < Duration::from_secs(8));
}

#[test]
fn the_demo_token_command_makes_a_token_the_example_config_accepts() {
    // The shipped example config, on a free port, called at another public URL.
    let mut child = Command::new(env!("CARGO_BIN_EXE_massage-rules-cds"))
        .arg("--config")
        .arg(manifest().join("examples/config.toml"))
        .args([
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--base-url",
            "https://cds.clinic.test/massage",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut lines = String::new();
    let mut byte = [0u8];
    while lines.matches('\n').count() < 2 && out.read(&mut byte).unwrap() == 1 {
        lines.push(byte[0] as char);
    }
    let mut lines = lines.lines();
    let addr = lines
        .next()
        .unwrap()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    let aud = "https://cds.clinic.test/massage/cds-services/massage-rules-screening";
    assert_eq!(lines.next().unwrap(), format!("tokens must be for {aud}"));
    let token = |aud: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_massage-rules-cds"))
            .args(["demo-token", "--config"])
            .arg(manifest().join("examples/config.toml"))
            .args(["--aud", aud])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let body = std::fs::read(manifest().join("examples/hook-request.json")).unwrap();
    let (status, text) = request(&addr, "POST", SERVICE, Some(&token(aud)), &body);
    // A token for the config's own URL is for another audience now.
    let (other, _) = request(
        &addr,
        "POST",
        SERVICE,
        Some(&token(
            "http://127.0.0.1:8080/cds-services/massage-rules-screening",
        )),
        &body,
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("\"cards\""));
    // The example's intake is its patient's: screened, not the other-client card.
    assert!(!text.contains("intake-other-client"), "{text}");
    assert_eq!(other, 401);
}

#[test]
fn with_the_clinics_hours_a_closed_day_is_named_and_cors_answers_only_its_origin() {
    let s = start_with(
        "hours",
        r#"cors_origins = ["https://sandbox.cds-hooks.org"]
[timing]
time_zone = "America/New_York"
closed = ["2026-12-24"]
[timing.hours]
thursday = [{ start = "09:00", end = "17:00" }]
"#,
    );
    // Proposed on Thursday 24 December 2026, a closed day, after the assessment.
    let mut body: Value = serde_json::from_slice(&hook_body_for(40, true)).unwrap();
    body["context"]["appointments"]["entry"][0]["resource"]["start"] =
        json!("2026-12-24T10:00:00-05:00");
    body["context"]["appointments"]["entry"][0]["resource"]["end"] =
        json!("2026-12-24T11:00:00-05:00");
    let (status, text) = request(
        &s.addr,
        "POST",
        SERVICE,
        Some(&es384("hours")),
        &serde_json::to_vec(&body).unwrap(),
    );
    assert_eq!(status, 200, "{text}");
    let cards: Value = serde_json::from_str(&text).unwrap();
    let appointment = cards["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["summary"].as_str().unwrap().starts_with("Appointment a1"))
        .expect("a card for the appointment");
    assert!(
        appointment["detail"].as_str().unwrap().contains("closed"),
        "{appointment}"
    );
    // CORS: the configured origin is allowed, another is not.
    let preflight = |origin: &str| {
        let mut stream = TcpStream::connect(&s.addr).unwrap();
        write!(
            stream,
            "OPTIONS {SERVICE} HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization, content-type\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        let _ = stream.read_to_string(&mut out);
        out.to_ascii_lowercase()
    };
    assert!(
        preflight("https://sandbox.cds-hooks.org")
            .contains("access-control-allow-origin: https://sandbox.cds-hooks.org")
    );
    assert!(!preflight("https://evil.example").contains("access-control-allow-origin"));
}

#[test]
fn the_sandboxs_published_key_set_loads_and_binds_its_issuer_to_its_key() {
    let s = start_with(
        "sandbox",
        r#"[[issuers]]
iss = "https://sandbox.cds-hooks.org"
jwks_file = "cds-hooks-sandbox.jwks.json"
"#,
    );
    assert_eq!(request(&s.addr, "GET", "/cds-services", None, b"").0, 200);
    // A token that claims the sandbox's issuer and key id but is signed with another key
    // (the demo's) is refused; the test issuer's own tokens still work beside it.
    let forged = token_with(
        Algorithm::ES384,
        "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f",
        "demo-issuer-es384.pem",
        json!({"iss": "https://sandbox.cds-hooks.org", "aud": format!("http://cds.test{SERVICE}"),
               "exp": now() + 300, "iat": now(), "jti": "forged"}),
    );
    let body = hook_body(false);
    assert_eq!(
        request(&s.addr, "POST", SERVICE, Some(&forged), &body).0,
        401
    );
    assert_eq!(
        request(&s.addr, "POST", SERVICE, Some(&es384("ok")), &body).0,
        200
    );
}

#[test]
fn the_booked_prefetch_is_asked_for_and_a_clash_with_it_is_a_card() {
    let s = start_with(
        "booked",
        r#"[timing]
time_zone = "America/New_York"
[timing.hours]
monday = [{ start = "09:00", end = "17:00" }]
tuesday = [{ start = "09:00", end = "17:00" }]
thursday = [{ start = "09:00", end = "17:00" }]
"#,
    );
    // Discovery asks for the client's booked Appointments.
    let (status, text) = request(&s.addr, "GET", "/cds-services", None, b"");
    assert_eq!(status, 200);
    let discovery: Value = serde_json::from_str(&text).unwrap();
    let booked = discovery["services"][0]["prefetch"]["booked"]
        .as_str()
        .unwrap();
    assert!(
        booked.starts_with("Appointment?patient={{context.patientId}}&status=booked&date=ge"),
        "{booked}"
    );
    // A chronic course (two a week) assessed on 27 November 2026; Monday 30 November and
    // Thursday 3 December are booked, Tuesday 1 December is proposed.
    let intake = json!({"assessed_on": "2026-11-27", "age": 45, "pregnant": "no",
        "findings": [], "history": "none",
        "conditions": [{"condition": "back_pain", "acuity": "chronic"}],
        "practitioner": {"licensed": "yes", "medical_massage_trained": "yes"}});
    let appointment = |id: &str, status: &str, day: &str| {
        json!({"resourceType": "Appointment", "id": id, "status": status,
               "start": format!("{day}T10:00:00-05:00"), "end": format!("{day}T11:00:00-05:00")})
    };
    let mut body = hook_request(
        intake,
        json!({"userId": "Practitioner/1", "patientId": "17",
               "appointments": {"resourceType": "Bundle", "type": "collection",
                   "entry": [{"resource": appointment("new", "proposed", "2026-12-01")}]}}),
    );
    let ask = |body: &Value, jti: &str| {
        let (status, text) = request(
            &s.addr,
            "POST",
            SERVICE,
            Some(&es384(jti)),
            &serde_json::to_vec(body).unwrap(),
        );
        assert_eq!(status, 200, "{text}");
        serde_json::from_str::<Value>(&text).unwrap()
    };
    // Without the books, the Tuesday is fine.
    let alone = ask(&body, "booked-1");
    assert!(
        alone["cards"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["summary"]
                .as_str()
                .unwrap()
                .starts_with("Appointment new")),
        "{alone}"
    );
    body["prefetch"]["booked"] = json!({"resourceType": "Bundle", "type": "searchset", "entry": [
        {"resource": appointment("mon", "booked", "2026-11-30"), "search": {"mode": "match"}},
        {"resource": appointment("thu", "booked", "2026-12-03"), "search": {"mode": "match"}}]});
    let clash = ask(&body, "booked-2");
    let card = clash["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["summary"]
                .as_str()
                .unwrap()
                .starts_with("Appointment new")
        })
        .unwrap_or_else(|| panic!("a card for the appointment: {clash}"));
    let detail = card["detail"].as_str().unwrap();
    assert!(detail.contains("the booked appointment"), "{detail}");
    assert!(detail.contains("R-course"), "{detail}");
    assert!(card["suggestions"][0]["actions"][0]["resource"]["start"].is_string());
    // A booked prefetch that cannot be read: nothing is checked, and a card says which.
    body["prefetch"]["booked"] = json!({"resourceType": "Bundle", "entry": [
        {"resource": {"resourceType": "Appointment", "status": "booked", "start": "soon"}}]});
    let unread = ask(&body, "booked-4");
    assert!(
        unread["cards"].as_array().unwrap().iter().any(|c| {
            c["source"]["topic"]["code"] == "booked-unreadable"
                && c["detail"].as_str().unwrap().contains("start")
        }),
        "{unread}"
    );
    // `null` is the EHR's word for "none found".
    body["prefetch"]["booked"] = Value::Null;
    let none = ask(&body, "booked-3");
    assert_eq!(none["cards"], alone["cards"]);
}
