//! The routes: discovery, the appointment-book hook, feedback and health.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use massage_rules::Protocol;
use massage_rules::export::cds_hooks::{SERVICE_ID, answer_appointment_book, discovery};
use serde::Deserialize;
use serde_json::{Value, json};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;

use crate::auth::{Denied, Verifier};
use crate::config::Config;

/// What every request shares.
pub struct AppState {
    pub config: Config,
    pub protocol: Protocol,
    pub verifier: Verifier,
    /// Fetches the JWK Sets of issuers that publish them at a URL.
    pub fetcher: crate::keys::Fetcher,
}

/// The service's router, with its limits.
pub fn router(state: Arc<AppState>) -> Router {
    let limits = state.config.limits.clone();
    // The token is checked before the body is read (the guard runs before the
    // handlers' extractors).
    let posts = Router::new()
        .route("/cds-services/{id}", post(hook))
        .route("/cds-services/{id}/feedback", post(feedback))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), guard));
    let mut app = Router::new()
        .route("/cds-services", get(discover))
        .merge(posts)
        .route("/health", get(health))
        .route("/fhir/{kind}/{id}", get(terminology))
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(limits.request_timeout_seconds),
        ));
    let origins: Vec<HeaderValue> = state
        .config
        .cors_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if !origins.is_empty() {
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
        );
    }
    app.with_state(state)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}

/// 401 with nothing more: which check failed is logged, never told.
fn unauthorized() -> Response {
    error(StatusCode::UNAUTHORIZED, "unauthorized")
}

/// The door of every POST, before a byte of the body is read: the service exists and the
/// token is good for this endpoint's URL. Otherwise 404 or 401 at once, the body unread;
/// the refusal's rule is logged.
async fn guard(
    State(state): State<Arc<AppState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let known = [
        format!("/cds-services/{SERVICE_ID}"),
        format!("/cds-services/{SERVICE_ID}/feedback"),
    ];
    if !known.contains(&path) {
        return Refused::NoService.into_response();
    }
    let audience = format!("{}{path}", state.config.base_url.trim_end_matches('/'));
    let header = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok());
    let mut verified = state.verifier.verify(header, &audience, now());
    // A kid no trusted key carries: the issuer may have rotated its keys. Fetch the sets
    // published at a URL again (at most once a minute each), and try once more.
    if verified.as_ref().err() == Some(&Denied::Kid)
        && state.fetcher.refresh_unknown(&state.verifier).await
    {
        verified = state.verifier.verify(header, &audience, now());
    }
    match verified {
        Ok(claims) => {
            tracing::debug!(iss = %claims.iss, "authorized");
            next.run(request).await
        }
        Err(denied) => {
            let row = denied.row();
            tracing::warn!(?denied, rule = row.rule, source = row.source, %path, "refused");
            Refused::Unauthorized.into_response()
        }
    }
}

/// Why a POST is turned away at the door.
enum Refused {
    NoService,
    Unauthorized,
    NotJson,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::NoService => error(StatusCode::NOT_FOUND, "no such service"),
            Refused::Unauthorized => unauthorized(),
            Refused::NotJson => error(
                StatusCode::BAD_REQUEST,
                "the body is not JSON (or nested too deep)",
            ),
        }
    }
}

/// The body of a POST the [`guard`] let in, as JSON.
fn admit(body: &[u8]) -> Result<Value, Refused> {
    serde_json::from_slice::<Value>(body).map_err(|_| Refused::NotJson)
}

/// The discovery document: the appointment-book service and its prefetch templates.
async fn discover() -> Json<Value> {
    Json(discovery())
}

/// A CodeSystem or ValueSet of the crate's terminology, at its canonical URL's last
/// segments (`/fhir/CodeSystem/technique`).
async fn terminology(Path((kind, id)): Path<(String, String)>) -> Response {
    massage_rules::export::fhir::terminology()
        .into_iter()
        .find(|r| r["resourceType"] == kind.as_str() && r["id"] == id.as_str())
        .map_or_else(
            || error(StatusCode::NOT_FOUND, "no such CodeSystem or ValueSet"),
            |r| Json(r).into_response(),
        )
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

async fn hook(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let body = match admit(&body) {
        Ok(body) => body,
        Err(refused) => return refused.into_response(),
    };
    let instance = body
        .get("hookInstance")
        .and_then(Value::as_str)
        .unwrap_or("-")
        .chars()
        .take(64)
        .collect::<String>();
    // One call: the crate composes the answer; the door maps it to HTTP and logs.
    match answer_appointment_book(&state.protocol, &body, state.config.timing.as_ref()) {
        Ok(answer) => {
            tracing::info!(hook_instance = %instance, basis = ?answer.basis, cards = answer.cards.len(), "answered");
            Json(json!({"cards": answer.cards})).into_response()
        }
        Err(refusal) => {
            tracing::info!(hook_instance = %instance, %refusal, "refused");
            let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST);
            error(status, &refusal.to_string())
        }
    }
}

async fn feedback(body: Bytes) -> Response {
    let body = match admit(&body) {
        Ok(body) => body,
        Err(refused) => return refused.into_response(),
    };
    let Some(items) = body.get("feedback").and_then(Value::as_array) else {
        return error(StatusCode::BAD_REQUEST, "expected {\"feedback\": [...]}");
    };
    let mut problems = Vec::new();
    let mut read = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match serde_json::from_value::<Feedback>(item.clone()) {
            Ok(f) => match f.problem() {
                Some(p) => problems.push(format!("feedback[{i}]: {p}")),
                None => read.push(f),
            },
            Err(e) => problems.push(format!("feedback[{i}]: {e}")),
        }
    }
    if !problems.is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "the feedback is not CDS Hooks feedback", "problems": problems})),
        )
            .into_response();
    }
    for f in &read {
        // The card's uuid, the outcome and the reason's code: never the user's comment,
        // which may say anything about the client.
        tracing::info!(
            card = %f.card,
            outcome = ?f.outcome,
            accepted = f.accepted_suggestions.len(),
            reason = f.override_reason.as_ref().and_then(|r| r.reason.as_ref()).map(|c| c.code.as_str()),
            "feedback"
        );
    }
    StatusCode::OK.into_response()
}

/// One item of a feedback request (CDS Hooks 2.0, "Feedback").
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Feedback {
    card: String,
    outcome: FeedbackOutcome,
    #[serde(default)]
    accepted_suggestions: Vec<AcceptedSuggestion>,
    override_reason: Option<OverrideReason>,
    outcome_timestamp: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FeedbackOutcome {
    Accepted,
    Overridden,
}

#[derive(Debug, Deserialize)]
struct AcceptedSuggestion {
    #[allow(dead_code)]
    id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OverrideReason {
    reason: Option<Coding>,
    #[allow(dead_code)]
    user_comment: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Coding {
    code: String,
}

impl Feedback {
    /// What the specification requires beyond the fields' types.
    fn problem(&self) -> Option<String> {
        if self.card.is_empty() || self.card.len() > 128 {
            return Some("card: expected the card's uuid".into());
        }
        if matches!(self.outcome, FeedbackOutcome::Accepted) && self.accepted_suggestions.is_empty()
        {
            return Some("acceptedSuggestions: required for an accepted outcome".into());
        }
        if self.outcome_timestamp.parse::<jiff::Timestamp>().is_err() {
            return Some("outcomeTimestamp: expected an RFC 3339 time in UTC".into());
        }
        None
    }
}
