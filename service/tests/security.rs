//! Issue 27: the door to the letter of the specification. One test per row of the JWT
//! table (each token breaks that rule and only that rule, and the log names the row),
//! the token before the body, the connection cap, a replay cache per issuer, published
//! keys refused without `--demo`.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use common::*;
use serde_json::{Value, json};

fn aud() -> String {
    format!("http://cds.test{SERVICE}")
}

fn good_header() -> Value {
    json!({"alg": "ES384", "typ": "JWT", "kid": "demo-es384"})
}

fn good_claims(jti: &str) -> Value {
    json!({"iss": ISS, "aud": aud(), "exp": now() + 120, "iat": now(), "jti": jti})
}

const ES: &str = "demo-issuer-es384.pem";

/// A token from the good header and claims with one change to each.
fn token(jti: &str, header: impl Fn(&mut Value), claims: impl Fn(&mut Value)) -> String {
    let mut h = good_header();
    header(&mut h);
    let mut c = good_claims(jti);
    claims(&mut c);
    raw_token(h, c, ES)
}

fn post(s: &Service, token: Option<&str>) -> u16 {
    request(&s.addr, "POST", SERVICE, token, &hook_body(false)).0
}

#[test]
fn each_jwt_rule_refuses_the_token_that_breaks_it_and_only_it() {
    let s = start_config(
        "jwt-rules",
        "",
        "",
        r#"[[issuers]]
iss = "https://ehr.example.org/tenanted"
jwks_file = "issuer.jwks.json"
tenant = "clinic-7"
"#,
    );
    let none = |_: &mut Value| {};
    // A good token is accepted, with `aud` a string or an array holding the URL, and a
    // `jku` that is never fetched.
    let good = [
        token("good-1", none, none),
        token("good-2", none, |c| {
            c["aud"] = json!(["https://other.example", aud()])
        }),
        token(
            "good-3",
            |h| h["jku"] = json!("https://attacker.example/jwks.json"),
            none,
        ),
    ];
    for t in &good {
        assert_eq!(post(&s, Some(t)), 200, "{}", last_refusal(&s));
    }
    let hs = {
        // HMAC keyed with the issuer's public key set (the classic confusion).
        let mut h = good_header();
        h["alg"] = json!("HS256");
        let message = format!("{}.{}", b64(&h), b64(&good_claims("hs")));
        let key = jsonwebtoken::EncodingKey::from_secret(&key("test-issuer.jwks.json"));
        let sig =
            jsonwebtoken::crypto::sign(message.as_bytes(), &key, jsonwebtoken::Algorithm::HS256)
                .unwrap();
        format!("{message}.{sig}")
    };
    let cases: Vec<(&str, Option<String>, &str)> = vec![
        ("no header", None, "Missing"),
        ("two parts", Some("abc.def".into()), "Malformed"),
        (
            "a header that is not JSON",
            Some(format!("{}.{}.x", b64s("nope"), b64(&good_claims("m")))),
            "Malformed",
        ),
        (
            "alg none",
            Some(format!(
                "{}.{}.",
                b64(&json!({"alg": "none", "typ": "JWT", "kid": "demo-es384"})),
                b64(&good_claims("n"))
            )),
            "Algorithm",
        ),
        ("alg HS256", Some(hs), "Algorithm"),
        (
            "ES256, not on the default allowlist",
            Some(token("es256", |h| h["alg"] = json!("ES256"), none)),
            "Algorithm",
        ),
        (
            "typ missing",
            Some(token(
                "typ1",
                |h| {
                    h.as_object_mut().unwrap().remove("typ");
                },
                none,
            )),
            "Typ",
        ),
        (
            "typ jwt",
            Some(token("typ2", |h| h["typ"] = json!("jwt"), none)),
            "Typ",
        ),
        (
            "typ JOSE",
            Some(token("typ3", |h| h["typ"] = json!("JOSE"), none)),
            "Typ",
        ),
        (
            "crit",
            Some(token(
                "crit",
                |h| h["crit"] = json!(["urn:example:nobody"]),
                none,
            )),
            "Crit",
        ),
        (
            "crit empty",
            Some(token("crit2", |h| h["crit"] = json!([]), none)),
            "Crit",
        ),
        (
            "no kid",
            Some(token(
                "kid1",
                |h| {
                    h.as_object_mut().unwrap().remove("kid");
                },
                none,
            )),
            "Kid",
        ),
        (
            "kid not exact",
            Some(token("kid2", |h| h["kid"] = json!("demo-es384 "), none)),
            "Kid",
        ),
        (
            "kid unknown",
            Some(token("kid3", |h| h["kid"] = json!("DEMO-ES384"), none)),
            "Kid",
        ),
        (
            "RS384 with the EC key's kid",
            Some(raw_token(
                json!({"alg": "RS384", "typ": "JWT", "kid": "demo-es384"}),
                good_claims("ak"),
                "test-rs384.pem",
            )),
            "AlgorithmKey",
        ),
        (
            "signed by a stranger",
            Some(raw_token(
                good_header(),
                good_claims("sig"),
                "other-es384.pem",
            )),
            "Signature",
        ),
        (
            "a stranger's key embedded in the header",
            Some({
                let mut h = good_header();
                h["jwk"] = json!({"kty": "EC", "crv": "P-384", "x": "AAAA", "y": "AAAA"});
                raw_token(h, good_claims("jwk"), "other-es384.pem")
            }),
            "Signature",
        ),
        (
            "no iss",
            Some(token("iss1", none, |c| {
                c.as_object_mut().unwrap().remove("iss");
            })),
            "Issuer",
        ),
        (
            "another iss",
            Some(token("iss2", none, |c| {
                c["iss"] = json!("https://evil.example")
            })),
            "Issuer",
        ),
        (
            "no aud",
            Some(token("aud1", none, |c| {
                c.as_object_mut().unwrap().remove("aud");
            })),
            "Audience",
        ),
        (
            "aud with a slash more",
            Some(token("aud2", none, |c| {
                c["aud"] = json!(format!("{}/", aud()))
            })),
            "Audience",
        ),
        (
            "aud in capitals",
            Some(token("aud3", none, |c| {
                c["aud"] = json!(aud().replace("http://cds.test", "HTTP://CDS.TEST"))
            })),
            "Audience",
        ),
        (
            "aud array without it",
            Some(token("aud4", none, |c| {
                c["aud"] = json!(["https://other.example"])
            })),
            "Audience",
        ),
        (
            "no exp",
            Some(token("exp1", none, |c| {
                c.as_object_mut().unwrap().remove("exp");
            })),
            "Expired",
        ),
        (
            "expired",
            Some(token("exp2", none, |c| {
                c["exp"] = json!(now() - 600);
                c["iat"] = json!(now() - 700);
            })),
            "Expired",
        ),
        (
            "no iat",
            Some(token("iat1", none, |c| {
                c.as_object_mut().unwrap().remove("iat");
            })),
            "NoIat",
        ),
        (
            "iat in the future",
            Some(token("iat2", none, |c| {
                c["iat"] = json!(now() + 120);
                c["exp"] = json!(now() + 180);
            })),
            "IssuedInTheFuture",
        ),
        (
            "exp - iat over five minutes",
            Some(token("long1", none, |c| {
                c["iat"] = json!(now() - 200);
                c["exp"] = json!(now() + 200);
            })),
            "TooLong",
        ),
        (
            "exp a day ahead",
            Some(token("long2", none, |c| c["exp"] = json!(now() + 86_400))),
            "TooLong",
        ),
        (
            "no tenant for a tenanted issuer",
            Some(token("ten1", none, |c| {
                c["iss"] = json!("https://ehr.example.org/tenanted")
            })),
            "Tenant",
        ),
        (
            "another tenant",
            Some(token("ten2", none, |c| {
                c["iss"] = json!("https://ehr.example.org/tenanted");
                c["tenant"] = json!("clinic-8");
            })),
            "Tenant",
        ),
        (
            "no jti",
            Some(token("x", none, |c| {
                c.as_object_mut().unwrap().remove("jti");
            })),
            "Replayed",
        ),
        ("a jti seen before", Some(good[0].clone()), "Replayed"),
    ];
    for (what, token, rule) in &cases {
        let (status, text) = request(
            &s.addr,
            "POST",
            SERVICE,
            token.as_deref(),
            &hook_body(false),
        );
        assert_eq!(status, 401, "{what}: {text}");
        assert_eq!(text, r#"{"error":"unauthorized"}"#, "{what}");
        assert_eq!(&last_refusal(&s), rule, "{what}");
    }
    // The tenanted issuer's token with its tenant is accepted.
    let tenanted = token("ten3", none, |c| {
        c["iss"] = json!("https://ehr.example.org/tenanted");
        c["tenant"] = json!("clinic-7");
    });
    assert_eq!(post(&s, Some(&tenanted)), 200, "{}", last_refusal(&s));
}

fn b64s(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

fn b64(v: &Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

/// A client without a token that announces a megabyte and sends a few bytes is answered
/// 401 at once, its body unread (the request timeout is 5 s; the answer must come well
/// before).
#[test]
fn without_a_token_the_answer_is_401_before_the_body() {
    let s = start("token-first");
    for token in [None, Some("not.a.token")] {
        let mut stream = TcpStream::connect(&s.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(2_000)))
            .unwrap();
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        write!(
            stream,
            "POST {SERVICE} HTTP/1.1\r\nHost: cds.test\r\n{auth}Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{{\"hook\""
        )
        .unwrap();
        let mut buf = [0u8; 256];
        let n = stream.read(&mut buf).expect("an answer before the body");
        let head = String::from_utf8_lossy(&buf[..n]);
        assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    }
}

/// At most `max_connections` at once: a third connection waits while two idle ones hold
/// the slots, and is served once the header timeout has closed them.
#[test]
fn connections_beyond_the_cap_wait_their_turn() {
    let limits = format!("{LIMITS}max_connections = 2\n");
    let s = start_config("cap", "", &limits, "");
    let idle: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(&s.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let mut third = TcpStream::connect(&s.addr).unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    write!(
        third,
        "GET /health HTTP/1.1\r\nHost: cds.test\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = [0u8; 64];
    let waiting = third.read(&mut buf);
    assert!(
        waiting.is_err(),
        "answered while two connections held the slots: {waiting:?}"
    );
    // The idle ones are cut off by the one-second header timeout; then it is served.
    third
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut answer = String::new();
    let _ = third.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(idle);
}

/// One issuer filling its replay cache locks out only itself.
#[test]
fn a_full_replay_cache_locks_out_only_its_issuer() {
    let limits = LIMITS.replace("replay_cache_entries = 1000", "replay_cache_entries = 2");
    let s = start_config(
        "replay",
        "",
        &limits,
        r#"[[issuers]]
iss = "https://ehr.example.org/second"
jwks_file = "issuer.jwks.json"
"#,
    );
    let first = |jti: &str| token(jti, |_| {}, |_| {});
    let second = |jti: &str| {
        token(
            jti,
            |_| {},
            |c| c["iss"] = json!("https://ehr.example.org/second"),
        )
    };
    assert_eq!(post(&s, Some(&first("a1"))), 200);
    assert_eq!(post(&s, Some(&first("a2"))), 200);
    assert_eq!(post(&s, Some(&first("a3"))), 401);
    assert_eq!(last_refusal(&s), "Busy");
    // The other issuer, even with the same jti, is not affected.
    assert_eq!(post(&s, Some(&second("a1"))), 200, "{}", last_refusal(&s));
    assert_eq!(post(&s, Some(&second("b2"))), 200);
}

/// The example config trusts the demo issuer, whose private key ships in the repository:
/// refused without `--demo`, saying which issuer and what to do; with `--demo`, on a
/// loopback address only.
#[test]
fn published_keys_are_refused_without_demo_and_demo_is_loopback_only() {
    let config = manifest().join("examples/config.toml");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_massage-rules-cds"))
            .arg("--config")
            .arg(&config)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, err) = run(&["--listen", "127.0.0.1:0"]);
    assert!(!ok);
    assert!(err.contains("https://ehr.example.org/demo"), "{err}");
    assert!(err.contains("--demo"), "{err}");
    let (ok, err) = run(&["--demo", "--listen", "0.0.0.0:0"]);
    assert!(!ok);
    assert!(err.contains("loopback"), "{err}");
    // The sandbox's published key too.
    let dir =
        std::env::temp_dir().join(format!("massage-rules-cds-sandbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        manifest().join("examples/cds-hooks-sandbox.jwks.json"),
        dir.join("sandbox.jwks.json"),
    )
    .unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "listen = \"127.0.0.1:0\"\nbase_url = \"http://x\"\n[[issuers]]\niss = \"https://sandbox.cds-hooks.org\"\njwks_file = \"sandbox.jwks.json\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_massage-rules-cds"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("sandbox"));
}

/// A JWK Set served on loopback by the test: `GET` answers with the current set.
struct KeyServer {
    addr: String,
    set: std::sync::Arc<std::sync::Mutex<String>>,
    fetches: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

fn key_server(first: String) -> KeyServer {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let set = Arc::new(Mutex::new(first));
    let fetches = Arc::new(AtomicUsize::new(0));
    let (served, count) = (set.clone(), fetches.clone());
    std::thread::spawn(move || {
        // Bounded: the test makes a handful of fetches.
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            count.fetch_add(1, Ordering::SeqCst);
            let body = served.lock().unwrap().clone();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    KeyServer { addr, set, fetches }
}

/// An issuer configured with a `jwks_url`: its keys are fetched at start, and fetched
/// again when a token names a kid they do not carry (at most once per the minimum
/// interval), so a rotation mid-test is followed; the retired key is refused after it.
#[test]
fn keys_published_at_a_url_rotate() {
    use std::sync::atomic::Ordering;
    let all: Value = serde_json::from_slice(&key("test-issuer.jwks.json")).unwrap();
    let only = |kid: &str| {
        let keys: Vec<Value> = all["keys"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|k| k["kid"] == kid)
            .cloned()
            .collect();
        json!({"keys": keys}).to_string()
    };
    let server = key_server(only("demo-es384"));
    let limits = format!("{LIMITS}jwks_min_refresh_seconds = 1\n");
    let s = start_config(
        "rotate",
        "",
        &limits,
        &format!(
            "[[issuers]]\niss = \"https://ehr.example.org/rotating\"\njwks_url = \"http://{}/jwks.json\"\n",
            server.addr
        ),
    );
    assert_eq!(server.fetches.load(Ordering::SeqCst), 1, "fetched at start");
    let rotating = |jti: &str, alg: &str, kid: &str, pem: &str| {
        raw_token(
            json!({"alg": alg, "typ": "JWT", "kid": kid}),
            json!({"iss": "https://ehr.example.org/rotating", "aud": aud(),
                   "exp": now() + 120, "iat": now(), "jti": jti}),
            pem,
        )
    };
    let es = |jti: &str| rotating(jti, "ES384", "demo-es384", ES);
    let rs = |jti: &str| rotating(jti, "RS384", "test-rs384", "test-rs384.pem");
    assert_eq!(post(&s, Some(&es("r1"))), 200, "{}", last_refusal(&s));
    // The EHR rotates to its RSA key.
    *server.set.lock().unwrap() = only("test-rs384");
    std::thread::sleep(Duration::from_millis(1_100));
    assert_eq!(post(&s, Some(&rs("r2"))), 200, "{}", last_refusal(&s));
    assert_eq!(
        server.fetches.load(Ordering::SeqCst),
        2,
        "fetched again on the new kid"
    );
    // The retired key is no longer trusted for that issuer.
    assert_eq!(post(&s, Some(&es("r3"))), 401);
    // Unknown kids do not make the service fetch more often than the interval allows.
    for i in 0..5 {
        let stranger = rotating(&format!("u{i}"), "ES384", "nobody", ES);
        assert_eq!(post(&s, Some(&stranger)), 401);
    }
    assert!(server.fetches.load(Ordering::SeqCst) <= 3);
    // The key server goes away: the last good set stays.
    *server.set.lock().unwrap() = "not json".into();
    std::thread::sleep(Duration::from_millis(1_100));
    let stranger = rotating("u9", "ES384", "nobody", ES);
    assert_eq!(post(&s, Some(&stranger)), 401);
    assert_eq!(post(&s, Some(&rs("r4"))), 200, "{}", last_refusal(&s));
}
