//! The public website: server-rendered pages in Dutch (at `/`), English (`/en/…`) and Frisian
//! (`/fy/…`). Handlers are thin: read the request, call the register, fill a view of
//! `algoreg-site`, render. Every page answers with an `ETag` and honours `If-None-Match`.

mod cache;

pub use cache::PageCache;
mod content;
pub(crate) mod description;
mod home;
mod orgs;
mod search;

use algoreg_register::RegisterError;
use algoreg_site::views::errors::{ErrorPage, Problem as ShownProblem};
use algoreg_site::{Lang, Page, assets};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};

use crate::SharedState;

/// The pages of one language, without the language prefix.
fn pages() -> Router<SharedState> {
    Router::new()
        .route("/", get(home::home))
        .merge(search::routes())
        .merge(description::routes())
        .merge(orgs::routes())
        .merge(content::routes())
}

/// The website's routes: the pages in every language, the assets, and the 404 page.
pub fn router(state: SharedState) -> Router {
    let mut r = Router::new().merge(pages().layer(Extension(Lang::Nl)));
    for lang in [Lang::En, Lang::Fy] {
        r = r.nest(&format!("/{lang}"), pages().layer(Extension(lang)));
    }
    r.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        cache::layer,
    ))
    .route("/assets/{file}", get(asset))
    .merge(description::legacy_routes())
    .merge(content::root_routes())
    .fallback(not_found)
    .with_state(state)
}

/// The language of a path: its prefix, Dutch without one.
pub fn lang_of(path: &str) -> Lang {
    for lang in [Lang::En, Lang::Fy] {
        let p = lang.as_str();
        if path
            .strip_prefix('/')
            .and_then(|r| r.strip_prefix(p))
            .is_some_and(|r| r.is_empty() || r.starts_with('/'))
        {
            return lang;
        }
    }
    Lang::Nl
}

/// An HTML answer with an `ETag` made from its bytes; `304` when the browser has it already.
pub fn html(headers: &HeaderMap, status: StatusCode, body: String) -> Response {
    let etag = format!("\"{:016x}\"", assets::content_hash(body.as_bytes()));
    respond_html(headers, status, Bytes::from(body), &etag)
}

/// An HTML answer with the given `ETag`; `304` when the browser has it already.
pub fn respond_html(headers: &HeaderMap, status: StatusCode, body: Bytes, etag: &str) -> Response {
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag)
        });
    let mut res = if fresh && status == StatusCode::OK {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (status, body).into_response()
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    res
}

/// Renders a template as an HTML answer (or the error page if rendering fails).
pub fn render(
    headers: &HeaderMap,
    lang: Lang,
    status: StatusCode,
    view: &impl Template,
) -> Response {
    match view.render() {
        Ok(body) => html(headers, status, body),
        Err(e) => {
            tracing::error!(error = %e, "a page could not be rendered");
            SiteError::Internal.into_page(headers, lang)
        }
    }
}

/// A permanent redirect (`301`) to `location`.
pub fn moved(location: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// What can go wrong while answering a page.
#[derive(Debug)]
pub enum SiteError {
    NotFound,
    /// Parameters of the URL that cannot be used: (parameter, what is wrong).
    BadRequest(Vec<(String, String)>),
    Unavailable,
    Internal,
}

impl From<RegisterError> for SiteError {
    fn from(e: RegisterError) -> Self {
        match e {
            RegisterError::NotFound | RegisterError::InvalidId(_) => SiteError::NotFound,
            RegisterError::UnknownOrganisation(code) => {
                SiteError::BadRequest(vec![("organisation".into(), format!("{code}?"))])
            }
            RegisterError::InvalidParams(ps) => {
                SiteError::BadRequest(ps.into_iter().map(|p| (p.name, p.reason)).collect())
            }
            RegisterError::Unavailable(_) => SiteError::Unavailable,
            other => {
                tracing::error!(error = %other, "a page failed");
                SiteError::Internal
            }
        }
    }
}

impl SiteError {
    /// The error page in `lang`.
    pub fn into_page(self, headers: &HeaderMap, lang: Lang) -> Response {
        let (status, kind) = match &self {
            SiteError::NotFound => (StatusCode::NOT_FOUND, "not-found"),
            SiteError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad-request"),
            SiteError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            SiteError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        let problems = match self {
            SiteError::BadRequest(ps) => ps
                .into_iter()
                .map(|(param, reason)| ShownProblem { param, reason })
                .collect(),
            _ => Vec::new(),
        };
        let t = algoreg_site::i18n::tr(lang);
        let page = Page::new(lang, "", "/", t.t(&format!("error-{kind}-title"))).noindex();
        let view = ErrorPage {
            page,
            kind,
            problems,
        };
        match view.render() {
            Ok(body) => html(headers, status, body),
            Err(_) => status.into_response(),
        }
    }
}

/// An error on its way to becoming the error page in `lang`.
#[derive(Debug)]
pub struct PageError(pub Lang, pub SiteError);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.1.into_page(&HeaderMap::new(), self.0)
    }
}

/// Answers of a page handler: the page, or the error page in the page's language.
pub type PageResult = Result<Response, PageError>;

/// `.or_page(lang)?` in handlers: any register error becomes the error page in `lang`.
pub trait OrPage<T> {
    fn or_page(self, lang: Lang) -> Result<T, PageError>;
}

impl<T, E: Into<SiteError>> OrPage<T> for Result<T, E> {
    fn or_page(self, lang: Lang) -> Result<T, PageError> {
        self.map_err(|e| PageError(lang, e.into()))
    }
}

/// The stylesheet and script, by their hashed names: kept by browsers for a year.
async fn asset(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(a) = assets::find(&format!("/assets/{file}")) else {
        return SiteError::NotFound.into_page(&headers, Lang::Nl);
    };
    (
        [
            (header::CONTENT_TYPE, a.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        a.body.as_str(),
    )
        .into_response()
}

/// Any path we do not know: the 404 page, in the language of the path.
async fn not_found(req: Request) -> Response {
    let lang = lang_of(req.uri().path());
    SiteError::NotFound.into_page(req.headers(), lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_of_a_path() {
        assert_eq!(lang_of("/en/zoeken"), Lang::En);
        assert_eq!(lang_of("/en"), Lang::En);
        assert_eq!(lang_of("/fy"), Lang::Fy);
        assert_eq!(lang_of("/english"), Lang::Nl);
        assert_eq!(lang_of("/zoeken"), Lang::Nl);
    }
}
