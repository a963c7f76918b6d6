//! The front doors over HTTP (axum). Handlers are thin: extract, call one register service, render.
//! For now: liveness and readiness; the public site, back-office and APIs build on this router.

use std::sync::Arc;

use algoreg_register::Register;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

/// What every handler can reach. One `Arc`, no globals.
pub struct AppState {
    pub register: Register,
}

pub type SharedState = Arc<AppState>;

/// Every route of the application, in one place.
pub fn router(register: Register) -> Router {
    let state = Arc::new(AppState { register });
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .with_state(state)
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
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(register))
        .with_graceful_shutdown(shutdown)
        .await
}
