//! Errors of the compatible API in FastAPI's shape: `{"detail": "text"}`, and for 422
//! `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`. The one place where service errors
//! become answers for this door.

use algoreg_register::RegisterError;
use algoreg_register::domain::{Denied, VersionState};
use algoreg_register::standard::{Problem, ProblemKind};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::state_name;

#[derive(Debug)]
pub struct CompatError {
    pub status: StatusCode,
    pub detail: Value,
    /// For a 429: seconds until a new request may succeed.
    pub retry_after: Option<u64>,
}

impl CompatError {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            detail: Value::String(detail.into()),
            retry_after: None,
        }
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Not found")
    }

    /// A 422 with one entry per problem.
    pub fn unprocessable(items: Vec<Value>) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail: Value::Array(items),
            retry_after: None,
        }
    }
}

/// One 422 entry.
pub fn validation_item(loc: Vec<Value>, msg: &str, kind: &str) -> Value {
    json!({ "loc": loc, "msg": msg, "type": kind })
}

/// `lawful_basis_grouping[0].title` → `["body", "lawful_basis_grouping", 0, "title"]`.
pub fn body_loc(path: &str) -> Vec<Value> {
    let mut loc = vec![json!("body")];
    for part in path.split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                loc.push(json!(&rest[..i]));
            }
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let Some(end) = stripped.find(']') else { break };
                match stripped[..end].parse::<u64>() {
                    Ok(n) => loc.push(json!(n)),
                    Err(_) => loc.push(json!(&stripped[..end])),
                }
                rest = &stripped[end + 1..];
            }
        } else if !rest.is_empty() {
            loc.push(json!(rest));
        }
    }
    loc
}

/// The 422 entry for a problem of the document's shape.
pub fn problem_item(p: &Problem) -> Value {
    let (msg, kind) = match &p.kind {
        ProblemKind::Required => ("This field is required".to_owned(), "missing".to_owned()),
        ProblemKind::WrongType { expected } => match expected.as_str() {
            "list" => ("The value must be a list".into(), "list_type".into()),
            "object" => ("The value must be an object".into(), "dict_type".into()),
            _ => ("The value must be a string".into(), "string_type".into()),
        },
        ProblemKind::NotAllowed { allowed } => (
            format!(
                "The value must be one of: {}",
                allowed
                    .iter()
                    .map(|a| format!("'{a}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "enum".into(),
        ),
        ProblemKind::UnknownVersion => ("Unknown version of the standard".into(), "enum".into()),
        other => (format!("{other:?}"), other.code().to_owned()),
    };
    validation_item(body_loc(&p.path), &msg, &kind)
}

fn compat_state(state: &str) -> String {
    VersionState::parse(state)
        .map(state_name)
        .unwrap_or(state)
        .to_owned()
}

impl From<RegisterError> for CompatError {
    fn from(e: RegisterError) -> Self {
        match e {
            RegisterError::NotFound
            | RegisterError::InvalidId(_)
            | RegisterError::UnknownOrganisation(_)
            | RegisterError::Denied(Denied::NotMember) => Self::not_found(),
            RegisterError::Unauthenticated(why) => Self::new(
                StatusCode::UNAUTHORIZED,
                format!("Could not validate credentials: {why}"),
            ),
            RegisterError::Denied(Denied::WrongState { action, state }) => Self::new(
                StatusCode::CONFLICT,
                format!(
                    "The algorithm is in state {}: it cannot {action} now",
                    compat_state(&state)
                ),
            ),
            RegisterError::Denied(Denied::NothingPublished) => Self::new(
                StatusCode::CONFLICT,
                "The algorithm has no published version",
            ),
            RegisterError::Denied(Denied::NoDescription) => Self::not_found(),
            RegisterError::Denied(d) => {
                let text = d.to_string();
                let mut chars = text.chars();
                let text = match chars.next() {
                    Some(c) => c.to_uppercase().chain(chars).collect(),
                    None => text,
                };
                Self::new(StatusCode::FORBIDDEN, text)
            }
            RegisterError::RateLimited { retry_after } => Self {
                retry_after: Some(retry_after),
                ..Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    format!("Too many requests; try again in {retry_after} seconds"),
                )
            },
            RegisterError::Conflict { current } => Self::new(
                StatusCode::CONFLICT,
                format!("Someone else saved first: the newest version is {current}"),
            ),
            RegisterError::Invalid(problems) => {
                Self::unprocessable(problems.iter().map(problem_item).collect())
            }
            other => {
                tracing::error!(error = %other, "delivery API request failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The register could not answer this request. Please try again later.",
                )
            }
        }
    }
}

impl IntoResponse for CompatError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(json!({ "detail": self.detail }))).into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(s) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, crate::auth::retry_after(s));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_fastapi_locations() {
        assert_eq!(
            body_loc("lawful_basis_grouping[0].title"),
            vec![
                json!("body"),
                json!("lawful_basis_grouping"),
                json!(0),
                json!("title")
            ]
        );
        assert_eq!(body_loc("name"), vec![json!("body"), json!("name")]);
        assert_eq!(
            body_loc("category[2]"),
            vec![json!("body"), json!("category"), json!(2)]
        );
    }
}
