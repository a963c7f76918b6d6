//! Rendered pages, kept until the register changes (the same generation rule as the API's answers):
//! a page is rendered once per change of the register, then served from memory. Only `200` HTML
//! answers to GETs are kept; the cache is bounded and starts again when full.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::SharedState;

/// How many pages are kept before the cache starts again.
const MAX_PAGES: usize = 10_000;
/// Pages larger than this are not kept.
const MAX_PAGE_BYTES: usize = 512 * 1024;

struct Kept {
    generation: i64,
    etag: String,
    body: Bytes,
}

/// The kept pages, by path and query (with the language prefix).
#[derive(Default)]
pub struct PageCache {
    pages: Mutex<HashMap<String, Arc<Kept>>>,
}

/// Middleware over the site's routes.
pub async fn layer(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !state.api_cache.enabled() {
        return next.run(req).await;
    }
    let Ok(generation) = state.api_cache.generation(&state).await else {
        return next.run(req).await;
    };
    let key = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |pq| pq.as_str().to_owned());
    let hit = state
        .pages
        .pages
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .filter(|k| k.generation == generation)
        .cloned();
    if let Some(kept) = hit {
        return super::respond_html(req.headers(), StatusCode::OK, kept.body.clone(), &kept.etag);
    }
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if res.status() != StatusCode::OK || !is_html {
        return res;
    }
    let (parts, body) = res.into_parts();
    let etag = parts
        .headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    {
        let mut pages = state.pages.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES {
            pages.clear();
        }
        pages.insert(
            key,
            Arc::new(Kept {
                generation,
                etag,
                body: bytes.clone(),
            }),
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}
