//! `/aanleverapi`: the delivery API of the old register, served unchanged for the tools that use it
//! (same paths, JSON shapes, status codes, FastAPI-shaped errors). Thin handlers over the register
//! services; what is specific to this door is only the translation of shapes and names.

mod algorithms;
mod errors;
mod user;

use algoreg_register::domain::{Actor, OrgCode, Organisation, VersionState};
use algoreg_register::standard::StandardVersion;
use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, put};

use crate::SharedState;
pub use errors::CompatError;

/// The versioned prefixes and the version of the standard each speaks: documents posted there are
/// read (and checked) as that version and stored as it. Every address answers a description in the
/// version it was written in (see [`algorithms`]).
pub const VERSIONS: [(&str, StandardVersion); 3] = [
    ("v1_0", StandardVersion::V1_0),
    ("v0_4", StandardVersion::V0_4),
    ("v0_1", StandardVersion::V0_1),
];

/// The version of the standard of the address a request came to (`/aanleverapi/v0_4/…` → 0.4). The
/// routes are the same for every version; this is what the handlers are parameterised by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressVersion(pub StandardVersion);

impl<S: Send + Sync> FromRequestParts<S> for AddressVersion {
    type Rejection = CompatError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let prefix = parts
            .uri
            .path()
            .strip_prefix("/aanleverapi/")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default();
        VERSIONS
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, v)| AddressVersion(*v))
            .ok_or_else(CompatError::not_found)
    }
}

/// Every route of the compatible API.
pub fn router() -> Router<SharedState> {
    let mut r = Router::new()
        .route("/aanleverapi/user/me", get(user::me))
        .route("/aanleverapi/organisation", get(user::organisations));
    for (prefix, _) in VERSIONS {
        r = versioned(r, &format!("/aanleverapi/{prefix}/organizations/{{org}}"));
    }
    r.route("/aanleverapi/v1_0_0/{*rest}", any(legacy_prefix))
        // FastAPI's answers for unknown paths and methods, in its shape rather than the site's.
        .route("/aanleverapi/{*rest}", any(unknown_path))
        .method_not_allowed_fallback(wrong_method)
}

/// The routes under one versioned prefix `v` (the same handlers for every version).
fn versioned(r: Router<SharedState>, v: &str) -> Router<SharedState> {
    r.route(
        &format!("{v}/algorithms"),
        get(algorithms::list).post(algorithms::create),
    )
    .route(
        &format!("{v}/algorithms/{{id}}"),
        get(algorithms::get_one).put(algorithms::update),
    )
    .route(
        &format!("{v}/algorithms/{{id}}/archive_version"),
        put(algorithms::archive_version),
    )
    .route(
        &format!("{v}/algorithms/{{id}}/unarchive_version"),
        put(algorithms::unarchive_version),
    )
    .route(
        &format!("{v}/algorithms/{{id}}/preview"),
        get(algorithms::preview),
    )
    .route(
        &format!("{v}/algorithms/{{id}}/release"),
        put(algorithms::release),
    )
    .route(
        &format!("{v}/algorithms/{{id}}/publish"),
        put(algorithms::publish),
    )
    .route(
        &format!("{v}/published-algorithms/{{id}}"),
        get(algorithms::get_published),
    )
    .route(
        &format!("{v}/published-algorithms/{{id}}/retract"),
        delete(algorithms::retract),
    )
}

async fn unknown_path() -> CompatError {
    CompatError::new(StatusCode::NOT_FOUND, "Not Found")
}

async fn wrong_method() -> CompatError {
    CompatError::new(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
}

/// The legacy prefix `v1_0_0`: a permanent redirect that keeps the method and body (308).
async fn legacy_prefix(req: Request) -> Response {
    let uri = req.uri();
    let rest = uri
        .path()
        .strip_prefix("/aanleverapi/v1_0_0")
        .unwrap_or_default();
    let mut to = format!("/aanleverapi/v1_0{rest}");
    if let Some(q) = uri.query() {
        to.push('?');
        to.push_str(q);
    }
    match HeaderValue::from_str(&to) {
        Ok(location) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => CompatError::not_found().into_response(),
    }
}

/// The integer id of an organisation in this API: its code read as a base-36 number. Stable, unique
/// and reversible, without a column of its own.
pub fn org_int_id(code: &OrgCode) -> i64 {
    i64::from_str_radix(code.as_str(), 36).unwrap_or(0)
}

fn org_code_from_int(id: i64) -> Option<String> {
    if id <= 0 {
        return None;
    }
    let mut n = id;
    let mut out = Vec::new();
    while n > 0 {
        let d = u32::try_from(n % 36).ok()?;
        out.push(char::from_digit(d, 36)?);
        n /= 36;
    }
    Some(out.into_iter().rev().collect())
}

/// The organisation a path names — by code (`gm0363`), slug (`gemeente-amsterdam`) or integer id —
/// if the actor may work with it; otherwise "not found", so nothing leaks.
async fn organisation_for(
    state: &SharedState,
    actor: &Actor,
    key: &str,
) -> Result<Organisation, CompatError> {
    let reg = &state.register;
    let mut found = None;
    if OrgCode::parse(key).is_ok() {
        found = reg.organisation(key).await.ok();
    }
    if found.is_none()
        && let Some(code) = key.parse::<i64>().ok().and_then(org_code_from_int)
    {
        found = reg.organisation(&code).await.ok();
    }
    if found.is_none() {
        found = reg
            .organisations()
            .await?
            .into_iter()
            .find(|o| algoreg_register::slug(&o.name) == key);
    }
    match found {
        Some(o) if actor.may_read_internal(&o.code) => Ok(o),
        _ => Err(CompatError::not_found()),
    }
}

/// The state names of the old register.
pub fn state_name(s: VersionState) -> &'static str {
    match s {
        VersionState::Draft | VersionState::Rejected => "STATE_1",
        VersionState::Submitted => "STATE_2",
        VersionState::Published => "PUBLISHED",
        VersionState::Superseded | VersionState::Retracted => "EXPIRED",
        VersionState::Archived => "ARCHIVED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_ids_round_trip() {
        for code in ["gm0363", "ws0155", "pv27", "zzzzzzzzzzz9"] {
            let c = OrgCode::parse(code).unwrap();
            let id = org_int_id(&c);
            assert!(id > 0);
            assert_eq!(org_code_from_int(id).unwrap(), code);
        }
    }
}
