//! Errors of `/api/v1` as `application/problem+json` (RFC 9457), with a per-parameter
//! `invalid-params` list. The one place where service errors become HTTP answers for the API.

use algoreg_register::RegisterError;
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
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Every parameter that could not be used, with what is allowed.
    #[serde(rename = "invalid-params", skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
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
    pub fn new(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("https://algoreg.nl/problems/{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            invalid_params: Vec::new(),
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
            RegisterError::Unavailable(what) => {
                tracing::warn!(%what, "API request for something unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Not available right now",
                    "This part of the register is not available right now. Please try again in a moment.",
                )
            }
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
