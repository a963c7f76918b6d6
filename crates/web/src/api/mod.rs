//! `/api/v1`: the public read API and the organisations' write API, following the Dutch API Design
//! Rules. Routes and the OpenAPI document come from the same declarations (utoipa); every public GET
//! answers with an `ETag` and honours `If-None-Match`; errors are `application/problem+json`. The
//! write routes (`write`, `clients`) need a bearer token and are never answered from the answer cache.

mod algorithms;
mod clients;
mod docs;
mod downloads;
pub mod input;
mod organizations;
pub mod problem;
mod search;
mod standard;
mod write;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::Query;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tower_http::cors::{Any, CorsLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::SharedState;
pub use problem::Problem;

/// The version of this API, sent in the `API-Version` header of every response.
pub const API_VERSION: &str = "1.0.0";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "algoreg API",
        version = "1.0.0",
        description = "Read the public algorithm register: published descriptions of the algorithms that \
            government organisations use, their history, the organisations, and the publication standard. \
            Open data, no key needed. Organisations write through the same API with a bearer token (tags \
            write and clients). Errors are application/problem+json (RFC 9457); every public GET answers \
            with an ETag and honours If-None-Match; times are RFC 3339 in UTC.",
        license(name = "CC0-1.0 (data), EUPL-1.2 (software)"),
    ),
    tags(
        (name = "algorithms", description = "Published descriptions of algorithms"),
        (name = "search", description = "Full-text search with facets, and suggestions while typing"),
        (name = "organizations", description = "Organisations that publish descriptions"),
        (name = "standard", description = "The publication standard: fields, labels, JSON Schema"),
        (name = "downloads", description = "Open-data downloads: CSV, XLSX and JSON"),
        (name = "write", description = "For organisations (a bearer token is needed): create, update, submit, \
            publish, reject, retract and archive descriptions; their descriptions in every state; validation without \
            saving; bulk upserts by the organisation's own IDs"),
        (name = "clients", description = "For organisation admins: the API clients that publish for the organisation"),
    ),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// The bearer tokens of the write API, from the token endpoint `/realms/{realm}/protocol/openid-connect/token`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An access token from POST /realms/{realm}/protocol/openid-connect/token \
                         (a person's password, or an API client's id and secret).",
                    ))
                    .build(),
            ),
        );
    }
}

/// The API's routes, with their OpenAPI description.
pub fn router() -> OpenApiRouter<SharedState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(algorithms::router())
        .merge(organizations::router())
        .merge(standard::router())
        .merge(downloads::router())
        .merge(search::router())
        .merge(write::router())
        .merge(clients::router())
}

/// The routes of `/api/v1` and their OpenAPI document, as served at `/api/v1/openapi.json`.
fn routes_and_spec() -> (axum::Router<SharedState>, utoipa::openapi::OpenApi) {
    let (routes, mut api) = router().split_for_parts();
    api.servers = Some(vec![utoipa::openapi::Server::new("/")]);
    (routes, api)
}

/// Mounts `/api/v1` with its documentation, CORS for reading, and the `API-Version` header.
pub fn mount(state: SharedState) -> axum::Router {
    let (routes, api) = routes_and_spec();
    let spec = Arc::new(api.to_pretty_json().unwrap_or_default());
    let docs_html = Arc::new(docs::render(&api));
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
        .allow_headers([
            header::IF_NONE_MATCH,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
        ])
        .expose_headers([
            header::ETAG,
            header::CONTENT_LANGUAGE,
            header::CONTENT_DISPOSITION,
            HeaderName::from_static("api-version"),
            HeaderName::from_static("translation-fallback"),
        ])
        .max_age(Duration::from_secs(86400));
    routes
        .route(
            "/api/v1/openapi.json",
            axum::routing::get({
                let spec = spec.clone();
                move |headers: HeaderMap| async move {
                    conditional(
                        &headers,
                        CacheKind::Static,
                        spec.as_bytes().to_vec(),
                        "application/json",
                        &[],
                    )
                }
            }),
        )
        .route(
            "/api/v1/docs",
            axum::routing::get(move |headers: HeaderMap| async move {
                conditional(
                    &headers,
                    CacheKind::Static,
                    docs_html.as_bytes().to_vec(),
                    "text/html; charset=utf-8",
                    &[],
                )
            }),
        )
        .route(
            "/api/v1/{*rest}",
            axum::routing::any(|| async {
                Problem::not_found("There is no such resource in this API. See /api/v1/docs.")
            }),
        )
        .with_state(state)
        .layer(axum::middleware::map_response(
            |mut res: Response| async move {
                res.headers_mut().insert(
                    HeaderName::from_static("api-version"),
                    HeaderValue::from_static(API_VERSION),
                );
                res
            },
        ))
        .layer(cors)
}

/// How long clients may keep an answer before they ask again (with `If-None-Match`).
#[derive(Debug, Clone, Copy)]
pub enum CacheKind {
    /// Register data: changes when something is published.
    Data,
    /// The standard and the API description: change only with a new release.
    Static,
}

impl CacheKind {
    fn header(self) -> HeaderValue {
        match self {
            CacheKind::Data => HeaderValue::from_static("public, max-age=30"),
            CacheKind::Static => HeaderValue::from_static("public, max-age=3600"),
        }
    }
}

fn hash_bytes(parts: &[&[u8]]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// Answers a body with an `ETag` made from its content, or `304 Not Modified` when the client has it.
pub fn conditional(
    headers: &HeaderMap,
    kind: CacheKind,
    body: Vec<u8>,
    content_type: &'static str,
    extra: &[(HeaderName, HeaderValue)],
) -> Response {
    let etag = format!("\"{:016x}\"", hash_bytes(&[API_VERSION.as_bytes(), &body]));
    respond(headers, kind, &etag, body.into(), content_type, extra)
}

fn respond(
    headers: &HeaderMap,
    kind: CacheKind,
    etag: &str,
    body: bytes::Bytes,
    content_type: &'static str,
    extra: &[(HeaderName, HeaderValue)],
) -> Response {
    let mut res = if not_modified(headers, etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = body.into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        r
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, kind.header());
    for (k, v) in extra {
        h.insert(k.clone(), v.clone());
    }
    res
}

/// A cached answer: the body and its ETag, valid for one generation of the register.
struct Cached {
    generation: i64,
    etag: String,
    body: bytes::Bytes,
    content_type: &'static str,
    extra: Vec<(HeaderName, HeaderValue)>,
}

/// Answers of the data routes, kept until the register changes. The register's generation (the
/// newest change-log number) is read at most every `poll` — so a change made through another node
/// shows within that time — and every answer is keyed on it.
pub struct ApiCache {
    enabled: bool,
    poll: Duration,
    generation: Mutex<(Option<Instant>, i64)>,
    answers: Mutex<HashMap<String, Arc<Cached>>>,
}

/// How many answers the cache keeps before it starts again (a crude bound on memory).
const MAX_CACHED: usize = 20_000;

impl ApiCache {
    pub fn new(enabled: bool, poll: Duration) -> Self {
        Self {
            enabled,
            poll,
            generation: Mutex::new((None, 0)),
            answers: Mutex::new(HashMap::new()),
        }
    }

    /// Whether answers are kept.
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    pub(crate) async fn generation(&self, state: &SharedState) -> Result<i64, Problem> {
        {
            let g = self.generation.lock().unwrap_or_else(|e| e.into_inner());
            if let (Some(at), value) = *g
                && at.elapsed() < self.poll
            {
                return Ok(value);
            }
        }
        let value = state.register.generation().await?;
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) = (Some(Instant::now()), value);
        Ok(value)
    }
}

/// The answer of a data route: from the cache when the register has not changed since, else computed
/// by `make` (which returns the JSON body and extra headers) and kept. Conditional requests are
/// answered without computing anything.
pub async fn cached<F, Fut>(
    state: &SharedState,
    uri: &Uri,
    headers: &HeaderMap,
    make: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<u8>, Vec<(HeaderName, HeaderValue)>), Problem>>,
{
    let cache = &state.api_cache;
    let generation = match cache.generation(state).await {
        Ok(g) => g,
        Err(p) => return p.into_response(),
    };
    let key = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
    if cache.enabled {
        let hit = cache
            .answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        if let Some(c) = hit.filter(|c| c.generation == generation) {
            return respond(
                headers,
                CacheKind::Data,
                &c.etag,
                c.body.clone(),
                c.content_type,
                &c.extra,
            );
        }
    }
    let (body, extra) = match make().await {
        Ok(b) => b,
        Err(p) => return p.into_response(),
    };
    let etag = format!("\"{:016x}\"", hash_bytes(&[API_VERSION.as_bytes(), &body]));
    let body = bytes::Bytes::from(body);
    let res = respond(
        headers,
        CacheKind::Data,
        &etag,
        body.clone(),
        "application/json",
        &extra,
    );
    if cache.enabled {
        let mut answers = cache.answers.lock().unwrap_or_else(|e| e.into_inner());
        if answers.len() >= MAX_CACHED {
            answers.clear();
        }
        answers.insert(
            key,
            Arc::new(Cached {
                generation,
                etag,
                body,
                content_type: "application/json",
                extra,
            }),
        );
    }
    res
}

/// The query string as `(name, value)` pairs; a malformed query is a problem response.
pub fn query_pairs(uri: &Uri) -> Result<Vec<(String, String)>, Problem> {
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| {
            Problem::invalid_params(vec![problem::InvalidParam {
                name: "query".into(),
                reason: format!("the query string cannot be read: {e}"),
                allowed: vec![],
            }])
        })
}

/// For resources without parameters: any parameter is a problem (a typo must not go unnoticed).
pub fn no_params(uri: &Uri) -> Result<(), Problem> {
    match query_pairs(uri)?.into_iter().next() {
        Some((name, _)) => Err(Problem::invalid_params(vec![problem::InvalidParam {
            name,
            reason: "this resource takes no parameters".into(),
            allowed: vec![],
        }])),
        None => Ok(()),
    }
}

/// JSON bytes of a response value.
pub fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Problem> {
    serde_json::to_vec(value).map_err(|e| {
        Problem::from(algoreg_register::RegisterError::Internal(format!(
            "serialising a response: {e}"
        )))
    })
}
