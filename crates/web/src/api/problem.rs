//! Errors of `/api/v1` as `application/problem+json` (RFC 9457), with a per-parameter
//! `invalid-params` list. The one place where service errors become HTTP answers for the API.

use algoreg_register::RegisterError;
use algoreg_register::domain::Denied;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A problem report (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI that names the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// Every parameter that could not be used, with what is allowed.
    #[serde(rename = "invalid-params", skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
    /// Every problem of a document that cannot be used, with its field path (write API).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<FieldProblem>,
}

/// One problem of a description's document: where, a stable code, and what is wrong.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// Where: a field key, with `[index]` and `.part` inside lists, e.g. `lawful_basis_grouping[2].link`.
    pub path: String,
    /// `required`, `too_long`, `too_short`, `not_allowed`, `not_a_month`, `end_before_begin`,
    /// `not_contact`, `not_url`, `wrong_type`, `unknown_version` or `duplicate`.
    pub code: String,
    /// What is wrong and how to fix it, in English.
    pub message: String,
    /// For `too_long`: the most characters allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<usize>,
    /// For `too_short`: the fewest characters allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
    /// For `too_long` and `too_short`: how many characters there are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<usize>,
    /// For `not_allowed`: the values allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// For `wrong_type`: `text`, `list` or `object`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

impl From<&algoreg_register::standard::Problem> for FieldProblem {
    fn from(p: &algoreg_register::standard::Problem) -> Self {
        use algoreg_register::standard::ProblemKind;
        let mut out = Self {
            path: p.path.clone(),
            code: p.kind.code().to_owned(),
            message: p.message(algoreg_register::standard::Lang::En),
            max: None,
            min: None,
            actual: None,
            allowed: None,
            expected: None,
        };
        match &p.kind {
            ProblemKind::TooLong { max, actual } => {
                out.max = Some(*max);
                out.actual = Some(*actual);
            }
            ProblemKind::TooShort { min, actual } => {
                out.min = Some(*min);
                out.actual = Some(*actual);
            }
            ProblemKind::NotAllowed { allowed } => out.allowed = Some(allowed.clone()),
            ProblemKind::WrongType { expected } => out.expected = Some(expected.clone()),
            _ => {}
        }
        out
    }
}

/// One parameter that could not be used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvalidParam {
    pub name: String,
    pub reason: String,
    /// The values the parameter takes, when it takes a fixed list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
}

impl Problem {
    pub fn new(
        status: StatusCode,
        kind: &str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            kind: format!("https://algoreg.nl/problems/{kind}"),
            title,
            status: status.as_u16(),
            detail: detail.into(),
            invalid_params: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub fn invalid_params(params: Vec<InvalidParam>) -> Self {
        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        let mut p = Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-params",
            "Invalid parameters",
            format!("These parameters cannot be used: {}.", names.join(", ")),
        );
        p.invalid_params = params;
        p
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }

    pub fn invalid_id(param: &str, reason: String) -> Self {
        Self::invalid_params(vec![InvalidParam {
            name: param.into(),
            reason,
            allowed: vec![],
        }])
    }
}

impl From<algoreg_register::InvalidParam> for InvalidParam {
    fn from(p: algoreg_register::InvalidParam) -> Self {
        Self {
            name: p.name,
            reason: p.reason,
            allowed: p.allowed,
        }
    }
}

impl From<RegisterError> for Problem {
    fn from(e: RegisterError) -> Self {
        match e {
            RegisterError::InvalidParams(params) => {
                Self::invalid_params(params.into_iter().map(Into::into).collect())
            }
            RegisterError::InvalidId(e) => {
                Self::invalid_id("id", format!("not a valid Algoritme-ID: {e}"))
            }
            RegisterError::NotFound => {
                Self::not_found("There is no published description with this ID.")
            }
            RegisterError::UnknownOrganisation(code) => {
                Self::not_found(format!("There is no organisation with code {code:?}."))
            }
            RegisterError::Unauthenticated(why) => Self::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "Not authenticated",
                format!("The credentials cannot be used: {why}."),
            ),
            RegisterError::RateLimited { retry_after } => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many requests",
                format!("Too many requests; try again in {retry_after} seconds."),
            ),
            RegisterError::Unavailable(what) => {
                tracing::warn!(%what, "API request for something unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Not available right now",
                    "This part of the register is not available right now. Please try again in a moment.",
                )
            }
            RegisterError::Invalid(problems) => {
                let mut p = Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid-document",
                    "The input has problems",
                    format!(
                        "Nothing was saved. Problems: {}.",
                        problems
                            .iter()
                            .map(|p| format!(
                                "{}: {}",
                                p.path,
                                p.message(algoreg_register::standard::Lang::En)
                            ))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                );
                p.problems = problems.iter().map(FieldProblem::from).collect();
                p
            }
            RegisterError::Denied(d) => match d {
                Denied::WrongState { .. } | Denied::NoDescription | Denied::NothingPublished => {
                    Self::new(
                        StatusCode::CONFLICT,
                        "wrong-state",
                        "Not possible in this state",
                        format!("This is not possible now: {d}."),
                    )
                }
                other => Self::new(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    "Not allowed",
                    format!("You may not do this: {other}."),
                ),
            },
            RegisterError::Conflict { current } => Self::new(
                StatusCode::CONFLICT,
                "conflict",
                "Changed meanwhile",
                format!(
                    "Someone else changed this description at the same time; its newest version is now {current}. Fetch it and try again."
                ),
            ),
            RegisterError::Duplicate(_) => Self::new(
                StatusCode::CONFLICT,
                "duplicate",
                "Already exists",
                "Something with this key exists already.",
            ),
            other => {
                // Log the cause once; never show internals.
                tracing::error!(error = %other, "API request failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong",
                    "The register could not answer this request. Please try again later.",
                )
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut res = (status, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}
