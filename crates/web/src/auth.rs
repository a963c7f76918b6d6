//! Authentication at the HTTP edge: the token endpoint (in Keycloak's shape, so that existing clients
//! only change the host), its discovery document, and the extractors that turn
//! `Authorization: Bearer …` into the acting user by asking `register.authenticate`.
//!
//! Two extractors, one per API family, differ only in how they refuse: [`ApiActor`] answers
//! `application/problem+json` (our `/api/v1`), [`CompatActor`] answers FastAPI's `{"detail": …}`
//! (the compatible `/aanleverapi`). Who may do what is never decided here.

use algoreg_register::domain::Actor;
use algoreg_register::{RegisterError, TwoFactorProblem};
use axum::extract::ConnectInfo;
use axum::extract::rejection::{ExtensionRejection, FormRejection};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::SharedState;
use crate::api::Problem;

/// The token endpoint and the discovery document, under `/realms/{realm}`.
pub fn router() -> Router<SharedState> {
    Router::new()
        .route("/realms/{realm}/protocol/openid-connect/token", post(token))
        .route(
            "/realms/{realm}/.well-known/openid-configuration",
            get(discovery),
        )
}

/// The token in an `Authorization: Bearer …` header, if there is one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Why a request carries no usable identity.
#[derive(Debug)]
pub enum AuthFailure {
    /// No bearer token at all.
    Missing,
    /// A token that is unknown, expired or revoked; the text says which.
    Invalid(String),
    /// Too many requests from this account, client or address; seconds to wait.
    Limited(u64),
    /// The register could not check (the database does not answer).
    Broken(RegisterError),
}

/// The caller's address: the configured header of a trusted reverse proxy (its first entry), or the
/// connection's peer. `None` when neither is known (then no per-address limit applies).
pub fn client_address(
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
    state: &SharedState,
) -> Option<String> {
    if let Some(name) = &state.client_ip_header {
        return headers
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
    }
    peer.map(|p| p.ip().to_string())
}

fn limited(e: RegisterError) -> AuthFailure {
    match e {
        RegisterError::RateLimited { retry_after } => AuthFailure::Limited(retry_after),
        other => AuthFailure::Broken(other),
    }
}

/// `Retry-After` for a 429.
pub fn retry_after(seconds: u64) -> HeaderValue {
    HeaderValue::from_str(&seconds.to_string()).unwrap_or(HeaderValue::from_static("60"))
}

/// Authenticates a request and counts it against the limits of its address and of its account or
/// client.
async fn actor_of(parts: &mut Parts, state: &SharedState) -> Result<Actor, AuthFailure> {
    let limits = state.register.rate_limits();
    let peer = ConnectInfo::<std::net::SocketAddr>::from_request_parts(parts, state)
        .await
        .ok()
        .map(|c| c.0);
    if let Some(addr) = client_address(&parts.headers, peer, state) {
        state
            .register
            .count_request(&format!("addr:{addr}"), limits.per_address)
            .await
            .map_err(limited)?;
    }
    let token = bearer(&parts.headers).ok_or(AuthFailure::Missing)?;
    let actor = state
        .register
        .authenticate(token)
        .await
        .map_err(|e| match e {
            RegisterError::Unauthenticated(why) => AuthFailure::Invalid(why),
            other => AuthFailure::Broken(other),
        })?;
    state
        .register
        .count_request(&format!("user:{}", actor.id), limits.per_actor)
        .await
        .map_err(limited)?;
    Ok(actor)
}

fn www_authenticate(failure: &AuthFailure) -> HeaderValue {
    match failure {
        AuthFailure::Invalid(_) => HeaderValue::from_static(r#"Bearer error="invalid_token""#),
        _ => HeaderValue::from_static("Bearer"),
    }
}

/// The acting user of an `/api/v1` request; refused with a problem+json 401.
#[derive(Debug, Clone)]
pub struct ApiActor(pub Actor);

/// The refusal of [`ApiActor`].
#[derive(Debug)]
pub struct ApiAuthRejection(pub AuthFailure);

impl IntoResponse for ApiAuthRejection {
    fn into_response(self) -> Response {
        let header = www_authenticate(&self.0);
        let detail = match self.0 {
            AuthFailure::Missing => {
                "This needs an access token: send Authorization: Bearer <token>.".to_owned()
            }
            AuthFailure::Invalid(why) => format!("The access token cannot be used: {why}."),
            AuthFailure::Broken(e) => return Problem::from(e).into_response(),
            AuthFailure::Limited(seconds) => {
                let mut res = Problem::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too-many-requests",
                    "Too many requests",
                    format!("Too many requests; try again in {seconds} seconds."),
                )
                .into_response();
                res.headers_mut()
                    .insert(header::RETRY_AFTER, retry_after(seconds));
                return res;
            }
        };
        let mut res = Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Not authenticated",
            detail,
        )
        .into_response();
        res.headers_mut().insert(header::WWW_AUTHENTICATE, header);
        res
    }
}

impl FromRequestParts<SharedState> for ApiActor {
    type Rejection = ApiAuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        actor_of(parts, state)
            .await
            .map(ApiActor)
            .map_err(ApiAuthRejection)
    }
}

/// The acting user of an `/aanleverapi` request; refused with FastAPI's `{"detail": …}` 401.
#[derive(Debug, Clone)]
pub struct CompatActor(pub Actor);

/// The refusal of [`CompatActor`].
#[derive(Debug)]
pub struct CompatAuthRejection(pub AuthFailure);

impl IntoResponse for CompatAuthRejection {
    fn into_response(self) -> Response {
        let (status, detail) = match &self.0 {
            // FastAPI's own words for a missing token, which clients may compare against.
            AuthFailure::Missing => (StatusCode::UNAUTHORIZED, "Not authenticated".to_owned()),
            AuthFailure::Invalid(why) => (
                StatusCode::UNAUTHORIZED,
                format!("Could not validate credentials: {why}"),
            ),
            AuthFailure::Limited(seconds) => {
                let mut res = super::compat::CompatError::from(RegisterError::RateLimited {
                    retry_after: *seconds,
                })
                .into_response();
                res.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                return res;
            }
            AuthFailure::Broken(e) => {
                tracing::error!(error = %e, "could not check an access token");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The register could not answer this request. Please try again later.".into(),
                )
            }
        };
        let mut res = (status, Json(json!({ "detail": detail }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, www_authenticate(&self.0));
        }
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

impl FromRequestParts<SharedState> for CompatActor {
    type Rejection = CompatAuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        actor_of(parts, state)
            .await
            .map(CompatActor)
            .map_err(CompatAuthRejection)
    }
}

/// The fields of a token request (`application/x-www-form-urlencoded`), as Keycloak takes them.
#[derive(Deserialize, Default)]
pub struct TokenForm {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    username: Option<String>,
    password: Option<String>,
    totp: Option<String>,
}

/// An OAuth 2.0 error answer (RFC 6749 §5.2), as Keycloak sends them.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    no_store(
        (
            status,
            Json(json!({ "error": error, "error_description": description })),
        )
            .into_response(),
    )
}

fn no_store(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    res
}

fn unknown_realm() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "error": "Realm does not exist" })),
    )
        .into_response()
}

/// Client credentials from an `Authorization: Basic …` header (`client_secret_basic`).
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    use base64::Engine;
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    // RFC 6749 §2.3.1 form-encodes both inside the header; ours are plain letters and digits, which
    // that encoding leaves as they are.
    Some((id.to_owned(), secret.to_owned()))
}

/// `POST /realms/{realm}/protocol/openid-connect/token`: a bearer token for a person
/// (`grant_type=password`: `username`, `password`, optional `totp`) or an API client
/// (`grant_type=client_credentials`: `client_id` and `client_secret`, in the form or as HTTP Basic).
async fn token(
    State(state): State<SharedState>,
    Path(realm): Path<String>,
    headers: HeaderMap,
    peer: Result<ConnectInfo<std::net::SocketAddr>, ExtensionRejection>,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    if realm != state.realm {
        return unknown_realm();
    }
    let peer = peer.ok().map(|c| c.0);
    if let Some(addr) = client_address(&headers, peer, &state) {
        let limit = state.register.rate_limits().token_per_address;
        match state
            .register
            .count_request(&format!("token:{addr}"), limit)
            .await
        {
            Ok(()) => {}
            Err(RegisterError::RateLimited { retry_after: s }) => {
                let mut res = oauth_error(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    &format!("Too many token requests; try again in {s} seconds."),
                );
                res.headers_mut()
                    .insert(header::RETRY_AFTER, retry_after(s));
                return res;
            }
            Err(e) => {
                tracing::error!(error = %e, "could not count a token request");
                return oauth_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "server_error",
                    "The register could not answer this request. Please try again later.",
                );
            }
        }
    }
    let Ok(Form(form)) = form else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Send the fields as application/x-www-form-urlencoded.",
        );
    };
    let non_empty = |v: &Option<String>| v.as_deref().filter(|s| !s.is_empty()).map(str::to_owned);
    let issued = match form.grant_type.as_deref() {
        Some("password") => {
            let (Some(username), Some(password)) =
                (non_empty(&form.username), non_empty(&form.password))
            else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "The password grant needs username and password.",
                );
            };
            state
                .register
                .token_for_password(&username, &password, form.totp.as_deref())
                .await
        }
        Some("client_credentials") => {
            let (id, secret) = match (non_empty(&form.client_id), non_empty(&form.client_secret)) {
                (Some(id), Some(secret)) => (id, secret),
                _ => match basic_credentials(&headers) {
                    Some(pair) => pair,
                    None => {
                        return oauth_error(
                            StatusCode::BAD_REQUEST,
                            "invalid_request",
                            "The client credentials grant needs client_id and client_secret.",
                        );
                    }
                },
            };
            state.register.token_for_client(&id, &secret).await
        }
        Some(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Use grant_type password or client_credentials.",
            );
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The field grant_type is missing.",
            );
        }
    };
    match issued {
        Ok(t) => no_store(
            Json(json!({
                "access_token": t.access_token.expose(),
                "token_type": "Bearer",
                "expires_in": t.expires_in,
                "refresh_expires_in": 0,
                "not-before-policy": 0,
                "scope": "",
            }))
            .into_response(),
        ),
        // Keycloak's answers: a wrong or missing one-time code is wrong credentials; a second factor
        // the organisation requires but the user has not set up, an account "not fully set up".
        Err(RegisterError::TwoFactor(TwoFactorProblem::NotSetUp)) => oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_grant",
            "Account is not fully set up",
        ),
        Err(RegisterError::TwoFactor(_)) => oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_grant",
            "Invalid user credentials",
        ),
        Err(RegisterError::RateLimited { retry_after: s }) => {
            let mut res = oauth_error(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                &format!("Too many failed attempts; try again in {s} seconds."),
            );
            res.headers_mut()
                .insert(header::RETRY_AFTER, retry_after(s));
            res
        }
        Err(RegisterError::Unauthenticated(_)) => {
            if form.grant_type.as_deref() == Some("client_credentials") {
                oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "Invalid client or Invalid client credentials",
                )
            } else {
                oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_grant",
                    "Invalid user credentials",
                )
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "token request failed");
            oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "The register could not answer this request. Please try again later.",
            )
        }
    }
}

/// `GET /realms/{realm}/.well-known/openid-configuration`: what this token endpoint supports.
async fn discovery(State(state): State<SharedState>, Path(realm): Path<String>) -> Response {
    if realm != state.realm {
        return unknown_realm();
    }
    let issuer = format!("{}/realms/{}", state.public_url, state.realm);
    Json(json!({
        "issuer": issuer,
        "token_endpoint": format!("{issuer}/protocol/openid-connect/token"),
        "grant_types_supported": ["password", "client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "response_types_supported": [],
        "scopes_supported": [],
    }))
    .into_response()
}
