//! `/api/v1/standard`: the publication standard as data, and its JSON Schema per version.

use algoreg_register::standard::{Lang, StandardVersion, json_schema, standard};
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::algorithms::Link;
use super::problem::InvalidParam;
use super::{CacheKind, Problem, conditional, json, no_params, query_pairs};
use crate::SharedState;

pub fn router() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(list_standard_versions))
        .routes(routes!(get_standard))
        .routes(routes!(get_schema))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardVersionLinks {
    #[serde(rename = "self")]
    pub self_: Link,
    pub schema: Link,
}

/// A version of the publication standard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardVersionSummary {
    #[schema(example = "1.0")]
    pub version: String,
    /// Whether new descriptions are written in this version.
    pub current: bool,
    /// How many fields it has.
    pub fields: usize,
    #[serde(rename = "_links")]
    pub links: StandardVersionLinks,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardVersionList {
    pub items: Vec<StandardVersionSummary>,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SchemaParams {
    /// The language of titles and descriptions in the schema: `nl` (default), `en` or `fy`.
    lang: Option<String>,
}

fn version(v: &str) -> Result<StandardVersion, Problem> {
    StandardVersion::parse(v).ok_or_else(|| {
        let mut p = Problem::not_found(format!(
            "There is no version {v:?} of the publication standard."
        ));
        p.invalid_params = vec![InvalidParam {
            name: "version".into(),
            reason: "unknown version".into(),
            allowed: StandardVersion::ALL
                .iter()
                .map(|v| v.as_str().to_owned())
                .collect(),
        }];
        p
    })
}

fn only_lang(uri: &axum::http::Uri) -> Result<Lang, Problem> {
    let mut lang = Lang::Nl;
    for (k, v) in query_pairs(uri)? {
        match (k.as_str(), Lang::parse(&v)) {
            ("lang", Some(l)) => lang = l,
            ("lang", None) => {
                return Err(Problem::invalid_params(vec![InvalidParam {
                    name: k,
                    reason: format!("unknown language {v:?}"),
                    allowed: vec!["nl".into(), "en".into(), "fy".into()],
                }]));
            }
            _ => {
                return Err(Problem::invalid_params(vec![InvalidParam {
                    name: k,
                    reason: "unknown parameter".into(),
                    allowed: vec!["lang".into()],
                }]));
            }
        }
    }
    Ok(lang)
}

/// List the versions of the publication standard.
#[utoipa::path(
    get,
    path = "/api/v1/standard/versions",
    tag = "standard",
    responses((status = 200, description = "Every version, oldest first", body = StandardVersionList), (status = 304, description = "Not modified"))
)]
async fn list_standard_versions(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    let base = &state.public_url;
    let items = StandardVersion::ALL
        .iter()
        .map(|v| StandardVersionSummary {
            version: v.as_str().to_owned(),
            current: *v == StandardVersion::CURRENT,
            fields: standard(*v).fields.len(),
            links: StandardVersionLinks {
                self_: Link {
                    href: format!("{base}/api/v1/standard/{}", v.as_str()),
                },
                schema: Link {
                    href: format!("{base}/api/v1/standard/{}/schema.json", v.as_str()),
                },
            },
        })
        .collect();
    match json(&StandardVersionList { items }) {
        Ok(body) => conditional(&headers, CacheKind::Static, body, "application/json", &[]),
        Err(p) => p.into_response(),
    }
}

/// Get one version of the standard: its groups and fields, with types, limits, allowed values and
/// labels, help texts and examples in Dutch, English and Frisian.
#[utoipa::path(
    get,
    path = "/api/v1/standard/{version}",
    tag = "standard",
    params(("version" = String, Path, description = "`0.1`, `0.2.3`, `0.3.1`, `0.4` or `1.0`")),
    responses(
        (status = 200, description = "The definition of that version", body = Object),
        (status = 304, description = "Not modified"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_standard(
    Path(v): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let result = (|| {
        no_params(&uri)?;
        json(standard(version(&v)?))
    })();
    match result {
        Ok(body) => conditional(&headers, CacheKind::Static, body, "application/json", &[]),
        Err(p) => p.into_response(),
    }
}

/// Get the JSON Schema (draft 2020-12) of one version, to check description files before sending them.
#[utoipa::path(
    get,
    path = "/api/v1/standard/{version}/schema.json",
    tag = "standard",
    params(("version" = String, Path, description = "`0.1`, `0.2.3`, `0.3.1`, `0.4` or `1.0`"), SchemaParams),
    responses(
        (status = 200, description = "The JSON Schema", body = Object, content_type = "application/schema+json"),
        (status = 304, description = "Not modified"),
        (status = 400, description = "A bad parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_schema(
    State(state): State<SharedState>,
    Path(v): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let result = (|| {
        let lang = only_lang(&uri)?;
        json(&json_schema(version(&v)?, lang, &state.public_url)).map(|b| (b, lang))
    })();
    match result {
        Ok((body, lang)) => conditional(
            &headers,
            CacheKind::Static,
            body,
            "application/schema+json",
            &[(
                header::CONTENT_LANGUAGE,
                HeaderValue::from_static(lang.as_str()),
            )],
        ),
        Err(p) => p.into_response(),
    }
}
