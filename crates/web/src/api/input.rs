//! Reading what write requests send: bodies with a size limit, JSON with the path of every wrong value,
//! `If-Match` with a version's ETag, and `Idempotency-Key` (answers stored and replayed through the
//! register). Nothing here decides what a request may do.

use algoreg_register::domain::Actor;
use algoreg_register::{Claim, RegisterError, StoredAnswer};
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::Problem;
use super::problem::InvalidParam;
use crate::SharedState;

/// The largest body of a request with one document (1 MiB).
pub const DOCUMENT_LIMIT: usize = 1024 * 1024;
/// The largest body of a bulk upsert (32 MiB: 1,000 documents of 32 KiB).
pub const BULK_LIMIT: usize = 32 * 1024 * 1024;

/// The header that marks an answer as a replay of a stored one.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

fn too_large(limit: usize) -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        "Request too large",
        format!(
            "The body of this request may be at most {} KiB.",
            limit / 1024
        ),
    )
}

/// Reads the whole body, refusing more than `limit` bytes (413) and anything but JSON (415).
pub async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Problem> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| too_large(limit))?;
    if !bytes.is_empty() {
        let ct = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mime = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if mime != "application/json" && !mime.ends_with("+json") {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                "Send the body as JSON, with Content-Type: application/json.",
            ));
        }
    }
    Ok(bytes)
}

/// Parses a JSON body into `T`. Text that is not JSON is a 400 with its line and column; JSON of the
/// wrong shape (a missing member, a wrong type, an unknown member) is a 422 that names the member's
/// path.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "malformed-json",
            "Malformed JSON",
            if bytes.is_empty() {
                "This request needs a JSON body.".to_owned()
            } else {
                format!(
                    "The body is not valid JSON: {} (line {}, column {}).",
                    e.to_string().split(" at line").next().unwrap_or_default(),
                    e.line(),
                    e.column()
                )
            },
        )
    })?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let name = if path == "." { "body".to_owned() } else { path };
        let reason = e.into_inner().to_string();
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-body",
            "Invalid body",
            format!("The body cannot be used: {name}: {reason}."),
        );
        p.invalid_params = vec![InvalidParam {
            name,
            reason,
            allowed: vec![],
        }];
        p
    })
}

/// The ETag of a description's newest version.
pub fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// The version number an `If-Match` names: `None` when the header is absent; a 412 when it names no
/// version ETag (a list of several, `*`, or another form cannot match a version of ours).
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, Problem> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("").trim();
    text.strip_prefix("\"v")
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n >= 1)
        .map(Some)
        .ok_or_else(|| {
            Problem::new(
                StatusCode::PRECONDITION_FAILED,
                "precondition-failed",
                "Precondition failed",
                format!(
                    "If-Match {text:?} does not name a version: send the ETag of the version you started from, such as \"v3\"."
                ),
            )
        })
}

/// `If-Match` where it is required: absent is a 428.
pub fn require_if_match(headers: &HeaderMap) -> Result<i64, Problem> {
    if_match(headers)?.ok_or_else(|| {
        Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition-required",
            "If-Match required",
            "Send If-Match with the ETag of the version you started from (from GET /api/v1/my/algorithms/{id}), so that nobody's changes are overwritten.",
        )
    })
}

/// Turns the register's conflict into a 412 when the caller sent `If-Match`, else keeps it.
pub fn precondition(e: RegisterError, sent_if_match: bool) -> Problem {
    match e {
        RegisterError::Conflict { current } if sent_if_match => Problem::new(
            StatusCode::PRECONDITION_FAILED,
            "precondition-failed",
            "Precondition failed",
            format!(
                "The description changed since the version you started from: the newest version is now {}. Fetch it, apply your changes again and send its ETag.",
                etag(current)
            ),
        ),
        other => super::write::problem(other),
    }
}

/// Answers a POST sent with `Idempotency-Key` once: the first answer (anything but a server error)
/// is stored and a repeat of the same request gets it again, marked `Idempotent-Replayed: true`; the
/// same key with a different request is a 422, and a repeat while the first is still being answered
/// a 409. Without the header, `act` simply runs.
pub async fn idempotent<F, Fut>(
    state: &SharedState,
    actor: &Actor,
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
    body: &[u8],
    act: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Response, Problem>>,
{
    let run = |act: F| async move { act().await.unwrap_or_else(IntoResponse::into_response) };
    let Some(key) = headers.get("idempotency-key") else {
        return run(act).await;
    };
    let Ok(key) = key.to_str() else {
        return Problem::from(RegisterError::InvalidParams(vec![
            algoreg_register::InvalidParam {
                name: "Idempotency-Key".into(),
                reason: "an idempotency key is visible ASCII text, such as a UUID".into(),
                allowed: vec![],
            },
        ]))
        .into_response();
    };
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path(), |pq| pq.as_str());
    let claim = state
        .register
        .begin_idempotent(actor, key, method.as_str(), path, body)
        .await;
    match claim {
        Err(e) => Problem::from(e).into_response(),
        Ok(Claim::Replay(answer)) => replay(answer),
        Ok(Claim::Mismatch) => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-reused",
            "Idempotency key used for another request",
            "This Idempotency-Key was used in the last 24 hours for a different request (method, path or body). Use a new key for a new request.",
        )
        .into_response(),
        Ok(Claim::InProgress) => {
            let mut res = Problem::new(
                StatusCode::CONFLICT,
                "idempotency-key-in-progress",
                "Request still in progress",
                "The first request with this Idempotency-Key is still being answered. Try again in a moment.",
            )
            .into_response();
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            res
        }
        Ok(Claim::New) => {
            let res = run(act).await;
            if res.status().is_server_error() {
                if let Err(e) = state.register.abandon_idempotent(actor, key).await {
                    tracing::warn!(error = %e, "could not release an idempotency key");
                }
                return res;
            }
            let (parts, body) = res.into_parts();
            let bytes = match axum::body::to_bytes(body, usize::MAX).await {
                Ok(b) => b,
                Err(e) => {
                    tracing::error!(error = %e, "could not read an answer to store it");
                    let _ = state.register.abandon_idempotent(actor, key).await;
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
            };
            let answer = StoredAnswer {
                status: parts.status.as_u16(),
                headers: [
                    header::CONTENT_TYPE,
                    header::LOCATION,
                    header::ETAG,
                    header::CACHE_CONTROL,
                ]
                .iter()
                .filter_map(|h| {
                    let v = parts.headers.get(h)?.to_str().ok()?;
                    Some((h.as_str().to_owned(), v.to_owned()))
                })
                .collect(),
                body: String::from_utf8_lossy(&bytes).into_owned(),
            };
            if let Err(e) = state.register.finish_idempotent(actor, key, &answer).await {
                // The action happened; only a repeat will not find its answer. Answer it anyway.
                tracing::error!(error = %e, "could not store an answer for its idempotency key");
            }
            Response::from_parts(parts, Body::from(bytes))
        }
    }
}

fn replay(answer: StoredAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut res = (status, answer.body).into_response();
    let h = res.headers_mut();
    for (name, value) in &answer.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            h.insert(n, v);
        }
    }
    h.insert(REPLAYED, HeaderValue::from_static("true"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        name: String,
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        n: i64,
    }

    fn named(bytes: &[u8]) -> (u16, String) {
        let p = parse_json::<Shape>(bytes).unwrap_err();
        let name = p
            .invalid_params
            .first()
            .map_or_else(String::new, |i| i.name.clone());
        (p.status, name)
    }

    #[test]
    fn json_errors_name_the_place() {
        assert_eq!(named(b"{\"name\": "), (400, String::new()));
        assert_eq!(named(b""), (400, String::new()));
        assert_eq!(named(br#"{"name": 5, "items": []}"#), (422, "name".into()));
        assert_eq!(
            named(br#"{"name": "a", "items": [{"n": 1}, {"n": "2"}]}"#),
            (422, "items[1].n".into())
        );
        assert_eq!(named(br#"{"name": "a"}"#), (422, "body".into()));
        assert_eq!(
            named(br#"{"name": "a", "items": [], "extra": 1}"#).0,
            422,
            "unknown members are refused"
        );
        assert!(parse_json::<Shape>(br#"{"name": "a", "items": [{"n": 1}]}"#).is_ok());
    }

    #[test]
    fn if_match_takes_one_version_etag() {
        let h = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::IF_MATCH, HeaderValue::from_str(v).unwrap());
            h
        };
        assert_eq!(if_match(&HeaderMap::new()).unwrap(), None);
        assert_eq!(if_match(&h("\"v3\"")).unwrap(), Some(3));
        for bad in ["v3", "\"v0\"", "*", "W/\"v3\"", "\"v3\", \"v4\"", "\"x\""] {
            assert_eq!(if_match(&h(bad)).unwrap_err().status, 412, "{bad}");
        }
        assert_eq!(require_if_match(&HeaderMap::new()).unwrap_err().status, 428);
    }
}
