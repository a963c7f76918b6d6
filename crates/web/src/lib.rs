//! The front doors over HTTP (axum). Handlers are thin: extract, call one register service, render.
//! Liveness and readiness, the public read API `/api/v1`, the public website and the back-office
//! (`/beheer`).

pub mod api;
pub mod auth;
pub mod beheer;
pub mod params;
pub mod site;
pub mod urls;

use std::sync::Arc;
use std::time::Duration;

use algoreg_register::Register;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The public base URL, without a trailing slash (e.g. `https://algoritmes.example.nl`): used in
    /// links and canonical URLs.
    pub public_url: String,
    /// Keep answers of the read API and rendered pages of the website until the register changes.
    pub api_cache: bool,
    /// How often the cache checks whether the register changed (through any node).
    pub cache_poll: Duration,
    /// The register team's public e-mail address (accessibility and privacy pages).
    pub contact_email: String,
    /// Time-outs of back-office sessions.
    pub sessions: algoreg_register::SessionPolicy,
    /// The realm in the token endpoint's path, `/realms/{realm}/…` (Keycloak's shape).
    pub realm: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".into(),
            api_cache: true,
            cache_poll: Duration::from_millis(250),
            contact_email: "register@example.nl".into(),
            sessions: algoreg_register::SessionPolicy::default(),
            realm: "algreg".into(),
        }
    }
}

/// What every handler can reach. One `Arc`, no globals.
pub struct AppState {
    pub register: Register,
    pub public_url: String,
    pub api_cache: api::ApiCache,
    pub pages: site::PageCache,
    pub contact_email: String,
    pub sessions: algoreg_register::SessionPolicy,
    /// The token endpoint's realm.
    pub realm: String,
}

pub type SharedState = Arc<AppState>;

/// The state every handler shares, built from the configuration.
pub fn app_state(register: Register, config: WebConfig) -> SharedState {
    Arc::new(AppState {
        register,
        public_url: config.public_url.trim_end_matches('/').to_owned(),
        api_cache: api::ApiCache::new(config.api_cache, config.cache_poll),
        pages: site::PageCache::default(),
        contact_email: config.contact_email,
        sessions: config.sessions,
        realm: config.realm,
    })
}

/// Every route of the application, in one place.
pub fn router(register: Register, config: WebConfig) -> Router {
    let state = app_state(register, config);
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .merge(auth::router())
        .with_state(state.clone())
        .merge(api::mount(state.clone()))
        .merge(beheer::router(state.clone()))
        .merge(site::router(state))
}

/// Liveness: the process answers.
async fn health() -> Response {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "status": "ok" })),
    )
        .into_response()
}

/// Readiness: the database answers.
async fn ready(State(state): State<SharedState>) -> Response {
    match state.register.ready().await {
        Ok(()) => (
            [(header::CACHE_CONTROL, "no-store")],
            Json(serde_json::json!({ "status": "ready" })),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, "no-store")],
                Json(serde_json::json!({ "status": "unavailable", "detail": "the database does not answer" })),
            )
                .into_response()
        }
    }
}

/// Serves until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    register: Register,
    config: WebConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The peer address is kept for throttling logins per address.
    axum::serve(
        listener,
        router(register, config).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
