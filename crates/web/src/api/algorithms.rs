//! `/api/v1/algorithms`: published descriptions, their versions and comparisons.

use algoreg_register::PublicSummaryRow;
use algoreg_register::{PublicQuery, Register};
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::problem::InvalidParam;
use super::{Problem, cached, json, no_params, query_pairs};
use crate::SharedState;

pub fn router() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(list_algorithms))
        .routes(routes!(get_algorithm))
        .routes(routes!(list_versions))
        .routes(routes!(get_version))
        .routes(routes!(diff_versions))
}

/// A link.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Link {
    pub href: String,
}

/// The organisation a description belongs to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationRef {
    /// The national organisation code, e.g. `gm0363`.
    pub code: String,
    pub name: String,
    /// One of the 25 organisation types, e.g. `gemeente`.
    #[serde(rename = "type")]
    pub org_type: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SummaryLinks {
    /// This description in the API.
    #[serde(rename = "self")]
    pub self_: Link,
    /// The description's public page.
    pub html: Link,
}

/// A published description, in short: what a list of results needs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlgorithmSummary {
    /// The Algoritme-ID: 8 digits, the last a check digit.
    #[schema(example = "15888639")]
    pub id: String,
    pub name: String,
    /// The short description, as plain text.
    pub description_short: String,
    pub organisation: OrganisationRef,
    /// `In ontwikkeling`, `In gebruik` or `Buiten gebruik` (absent in some older versions).
    pub status: Option<String>,
    /// `Hoog-risico AI-systeem`, `Impactvolle algoritmes` or `Overige algoritmes`.
    pub publication_category: Option<String>,
    /// Themes (policy areas) of standard 1.0.
    pub themes: Vec<String>,
    /// Codes of the impact assessments done (`dpia`, `iama`, …), `other`, or `none`.
    pub impact_assessments: Vec<String>,
    pub provider: Option<String>,
    /// The version of the publication standard the description is written in.
    pub standard_version: String,
    /// The language of the description (`nld`).
    pub lang: String,
    /// The number of the published version.
    pub version: i64,
    pub first_published_at: Option<DateTime<Utc>>,
    /// When the current version was published.
    pub published_at: Option<DateTime<Utc>>,
    /// The canonical public page of the description.
    pub url: String,
    #[serde(rename = "_links")]
    pub links: SummaryLinks,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PageLinks {
    #[serde(rename = "self")]
    pub self_: Link,
    pub first: Link,
    pub last: Link,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Link>,
}

/// One page of published descriptions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlgorithmList {
    /// How many descriptions match, on all pages.
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    #[serde(rename = "_links")]
    pub links: PageLinks,
    pub items: Vec<AlgorithmSummary>,
}

/// Filters, sort order and page. Several values of one filter (repeated, or separated by commas)
/// combine as OR; different filters as AND. Values are the slugs given here, or the standard's own
/// values (e.g. `in-gebruik` or `In gebruik`).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// Organisation code, e.g. `gm0363`.
    organisation: Option<Vec<String>>,
    /// Organisation type, e.g. `gemeente`, `provincie`, `waterschap`, `ministerie`.
    organisation_type: Option<Vec<String>>,
    /// Theme, e.g. `verkeer`, `zorg-en-gezondheid`.
    theme: Option<Vec<String>>,
    /// `in-ontwikkeling`, `in-gebruik` or `buiten-gebruik`.
    status: Option<Vec<String>>,
    /// `hoog-risico-ai-systeem`, `impactvolle-algoritmes` or `overige-algoritmes`.
    publication_category: Option<Vec<String>>,
    /// Impact assessment code (`dpia`, `iama`, `fria`, …), `other` (a title outside the list) or `none`.
    impact_assessment: Option<Vec<String>>,
    /// The provider's name, exactly.
    provider: Option<Vec<String>>,
    /// `0.1`, `0.2.3`, `0.3.1`, `0.4` or `1.0`.
    standard_version: Option<Vec<String>>,
    /// The description's language: `nld`.
    lang: Option<Vec<String>>,
    /// `-published` (newest first, the default), `published`, `name` or `-name`.
    sort: Option<String>,
    /// Page number, from 1.
    page: Option<i64>,
    /// Results per page, 1 to 100 (default 20).
    page_size: Option<i64>,
}

pub(crate) fn organisation_ref(code: &str, name: &str, org_type: &str) -> OrganisationRef {
    OrganisationRef {
        code: code.to_owned(),
        name: name.to_owned(),
        org_type: org_type.to_owned(),
    }
}

pub(crate) fn summary(base: &str, r: PublicSummaryRow) -> AlgorithmSummary {
    let id = r.id.as_string();
    AlgorithmSummary {
        url: crate::urls::algorithm(base, &id, &r.name),
        links: SummaryLinks {
            self_: Link {
                href: format!("{base}/api/v1/algorithms/{id}"),
            },
            html: Link {
                href: crate::urls::algorithm(base, &id, &r.name),
            },
        },
        organisation: organisation_ref(&r.org_code, &r.org_name, r.org_type.as_str()),
        id,
        name: r.name,
        description_short: r.summary,
        status: r.status,
        publication_category: r.publication_category,
        themes: r.themes,
        impact_assessments: r.impact_codes,
        provider: r.provider,
        standard_version: r.standard_version,
        lang: r.lang,
        version: r.version,
        first_published_at: r.first_published_at,
        published_at: r.published_at,
    }
}

/// Links to other pages of the same query.
pub(crate) fn page_links(
    base: &str,
    path: &str,
    pairs: &[(String, String)],
    page: i64,
    last: i64,
) -> PageLinks {
    let link = |p: i64| {
        let mut q: Vec<(String, String)> =
            pairs.iter().filter(|(k, _)| k != "page").cloned().collect();
        q.push(("page".into(), p.to_string()));
        let qs: Vec<String> = q
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    crate::urls::encode_component(k),
                    crate::urls::encode_component(v)
                )
            })
            .collect();
        Link {
            href: format!("{base}{path}?{}", qs.join("&")),
        }
    };
    PageLinks {
        self_: link(page),
        first: link(1),
        last: link(last),
        prev: (page > 1).then(|| link((page - 1).min(last))),
        next: (page < last).then(|| link(page + 1)),
    }
}

/// List published descriptions.
///
/// Newest publication first unless `sort` says otherwise. Unknown parameters or values are a 400
/// problem that lists what is allowed.
#[utoipa::path(
    get,
    path = "/api/v1/algorithms",
    tag = "algorithms",
    params(ListParams),
    responses(
        (status = 200, description = "One page of published descriptions", body = AlgorithmList),
        (status = 304, description = "Not modified (the ETag in If-None-Match still holds)"),
        (status = 400, description = "A parameter cannot be used", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_algorithms(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    cached(&state.clone(), &uri.clone(), &headers, || async move {
        let pairs = query_pairs(&uri)?;
        let q = PublicQuery::parse(&pairs, &[])
            .map_err(|e| Problem::invalid_params(e.into_iter().map(Into::into).collect()))?;
        let page = state.register.public_list(&q).await?;
        let last = ((page.total + page.page_size - 1) / page.page_size).max(1);
        let base = &state.public_url;
        let list = AlgorithmList {
            total: page.total,
            page: page.page,
            page_size: page.page_size,
            links: page_links(base, "/api/v1/algorithms", &pairs, page.page, last),
            items: page.items.into_iter().map(|r| summary(base, r)).collect(),
        };
        Ok((json(&list)?, vec![]))
    })
    .await
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlgorithmLinks {
    #[serde(rename = "self")]
    pub self_: Link,
    pub html: Link,
    pub versions: Link,
    pub organisation: Link,
}

/// A published description, complete: every field of its standard version (empty fields as null).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Algorithm {
    pub id: String,
    /// The number of this version within the description.
    pub version: i64,
    /// `published` for the current version; `superseded`, `retracted` or `archived` for older ones.
    pub state: String,
    /// Why this version was retracted or archived, when it was.
    pub state_reason: Option<String>,
    pub standard_version: String,
    /// The language the description is written in (`nl`).
    pub lang: String,
    pub organisation: OrganisationRef,
    pub first_published_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// When a newer version replaced this one.
    pub superseded_at: Option<DateTime<Utc>>,
    pub url: String,
    /// The fields of the publication standard under their keys. Rich-text fields hold sanitised HTML
    /// (`p br ul ol li div` only).
    #[schema(value_type = Object)]
    pub document: serde_json::Value,
    #[serde(rename = "_links")]
    pub links: AlgorithmLinks,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct LangParams {
    /// `nl` (default), `en` or `fy`. Descriptions are written in Dutch; when no translation exists
    /// the Dutch text is returned with the header `Translation-Fallback: nl`.
    lang: Option<String>,
}

fn parse_id(id: &str) -> Result<algoreg_register::domain::AlgorithmId, Problem> {
    Register::parse_id(id).map_err(Problem::from)
}

/// Reads `lang` (and rejects anything else); answers the extra headers for the response.
fn language(pairs: &[(String, String)]) -> Result<Vec<(HeaderName, HeaderValue)>, Problem> {
    let mut headers = vec![(header::CONTENT_LANGUAGE, HeaderValue::from_static("nl"))];
    for (k, v) in pairs {
        match (k.as_str(), v.as_str()) {
            ("lang", "nl") => {}
            ("lang", "en" | "fy") => headers.push((
                HeaderName::from_static("translation-fallback"),
                HeaderValue::from_static("nl"),
            )),
            ("lang", other) => {
                return Err(Problem::invalid_params(vec![InvalidParam {
                    name: "lang".into(),
                    reason: format!("unknown language {other:?}"),
                    allowed: vec!["nl".into(), "en".into(), "fy".into()],
                }]));
            }
            (other, _) => {
                return Err(Problem::invalid_params(vec![InvalidParam {
                    name: other.into(),
                    reason: "unknown parameter".into(),
                    allowed: vec!["lang".into()],
                }]));
            }
        }
    }
    Ok(headers)
}

/// Every field of the standard version, null where empty, in the standard's order.
fn complete(
    version: algoreg_register::standard::StandardVersion,
    doc: &serde_json::Map<String, serde_json::Value>,
) -> serde_json::Value {
    let def = algoreg_register::standard::standard(version);
    let mut out = serde_json::Map::new();
    for f in &def.fields {
        if f.key == "tags" {
            continue;
        }
        out.insert(
            f.key.clone(),
            doc.get(&f.key).cloned().unwrap_or(serde_json::Value::Null),
        );
    }
    serde_json::Value::Object(out)
}

/// What [`algorithm`] needs of a description besides the version shown.
struct Described<'a> {
    id: algoreg_register::domain::AlgorithmId,
    organisation: &'a algoreg_register::domain::Organisation,
    first_published_at: Option<DateTime<Utc>>,
}

impl<'a> From<&'a algoreg_register::PublicDescription> for Described<'a> {
    fn from(d: &'a algoreg_register::PublicDescription) -> Self {
        Self {
            id: d.id,
            organisation: &d.organisation,
            first_published_at: d.first_published_at,
        }
    }
}

impl<'a> From<&'a algoreg_register::PublicCurrent> for Described<'a> {
    fn from(d: &'a algoreg_register::PublicCurrent) -> Self {
        Self {
            id: d.id,
            organisation: &d.organisation,
            first_published_at: d.first_published_at,
        }
    }
}

fn algorithm(base: &str, d: Described<'_>, v: &algoreg_register::PublicVersion) -> Algorithm {
    let id = d.id.as_string();
    let name = v
        .document
        .get("name")
        .and_then(|n| n.as_str())
        .unwrap_or_default();
    let mut document = complete(v.standard_version, &v.document);
    if let Some(o) = document.as_object_mut() {
        o.insert("lars".into(), id.clone().into());
        if let Some(p) = v.published_at {
            o.insert(
                "publication_dt".into(),
                p.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).into(),
            );
        }
    }
    Algorithm {
        version: v.version,
        state: v.state.as_str().to_owned(),
        state_reason: v.state_reason.clone(),
        standard_version: v.standard_version.as_str().to_owned(),
        lang: "nl".into(),
        organisation: organisation_ref(
            d.organisation.code.as_str(),
            &d.organisation.name,
            d.organisation.org_type.as_str(),
        ),
        first_published_at: d.first_published_at,
        published_at: v.published_at,
        superseded_at: v.superseded_at,
        url: crate::urls::algorithm(base, &id, name),
        document,
        links: AlgorithmLinks {
            self_: Link {
                href: format!("{base}/api/v1/algorithms/{id}/versions/{}", v.version),
            },
            html: Link {
                href: crate::urls::algorithm(base, &id, name),
            },
            versions: Link {
                href: format!("{base}/api/v1/algorithms/{id}/versions"),
            },
            organisation: Link {
                href: format!("{base}/api/v1/organizations/{}", d.organisation.code),
            },
        },
        id,
    }
}

/// Get the current published version of a description.
#[utoipa::path(
    get,
    path = "/api/v1/algorithms/{id}",
    tag = "algorithms",
    params(("id" = String, Path, description = "The Algoritme-ID (8 digits)"), LangParams),
    responses(
        (status = 200, description = "The current published version, complete", body = Algorithm),
        (status = 304, description = "Not modified"),
        (status = 400, description = "Not a valid Algoritme-ID, or a bad parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published description with this ID", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_algorithm(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    cached(&state.clone(), &uri.clone(), &headers, || async move {
        let extra = language(&query_pairs(&uri)?)?;
        // The current version alone, in one query.
        let d = state.register.public_current(parse_id(&id)?).await?;
        Ok((
            json(&algorithm(&state.public_url, (&d).into(), &d.current))?,
            extra,
        ))
    })
    .await
}

/// One published version, in short.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionSummary {
    pub version: i64,
    /// `published` (the current one), `superseded`, `retracted` or `archived`.
    pub state: String,
    pub state_reason: Option<String>,
    pub standard_version: String,
    pub published_at: Option<DateTime<Utc>>,
    pub superseded_at: Option<DateTime<Utc>>,
    #[serde(rename = "_links")]
    pub links: VersionLinks,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionLinks {
    #[serde(rename = "self")]
    pub self_: Link,
}

/// Every published version of a description, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionList {
    pub id: String,
    pub total: i64,
    pub items: Vec<VersionSummary>,
}

/// List every published version of a description.
#[utoipa::path(
    get,
    path = "/api/v1/algorithms/{id}/versions",
    tag = "algorithms",
    params(("id" = String, Path, description = "The Algoritme-ID")),
    responses(
        (status = 200, description = "Published versions, oldest first", body = VersionList),
        (status = 304, description = "Not modified"),
        (status = 400, description = "Not a valid Algoritme-ID", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published description with this ID", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_versions(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    cached(&state.clone(), &uri.clone(), &headers, || async move {
        no_params(&uri)?;
        let d = state.register.public_description(parse_id(&id)?).await?;
        let base = &state.public_url;
        let id = d.id.as_string();
        let items: Vec<VersionSummary> = d
            .history
            .iter()
            .map(|v| VersionSummary {
                version: v.version,
                state: v.state.as_str().to_owned(),
                state_reason: v.state_reason.clone(),
                standard_version: v.standard_version.as_str().to_owned(),
                published_at: v.published_at,
                superseded_at: v.superseded_at,
                links: VersionLinks {
                    self_: Link {
                        href: format!("{base}/api/v1/algorithms/{id}/versions/{}", v.version),
                    },
                },
            })
            .collect();
        Ok((
            json(&VersionList {
                id,
                total: items.len() as i64,
                items,
            })?,
            vec![],
        ))
    })
    .await
}

/// Get one published version of a description.
#[utoipa::path(
    get,
    path = "/api/v1/algorithms/{id}/versions/{n}",
    tag = "algorithms",
    params(("id" = String, Path, description = "The Algoritme-ID"), ("n" = i64, Path, description = "The version number"), LangParams),
    responses(
        (status = 200, description = "That version, complete", body = Algorithm),
        (status = 304, description = "Not modified"),
        (status = 400, description = "Not a valid Algoritme-ID or version number", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such published version", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_version(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    Path((id, n)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    cached(&state.clone(), &uri.clone(), &headers, || async move {
        let extra = language(&query_pairs(&uri)?)?;
        let id = parse_id(&id)?;
        let n: i64 = n.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
            Problem::invalid_id("n", format!("{n:?} is not a version number (1, 2, 3, …)"))
        })?;
        let d = state.register.public_description(id).await?;
        let v = d.history.iter().find(|v| v.version == n).ok_or_else(|| {
            Problem::not_found(format!(
                "Version {n} of this description was never published."
            ))
        })?;
        Ok((json(&algorithm(&state.public_url, (&d).into(), v))?, extra))
    })
    .await
}

/// What changed in one field between two versions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldChange {
    /// The field's key in the standard.
    pub key: String,
    /// `added`, `removed` or `changed`.
    pub change: String,
    /// The value before (any JSON value; absent when the field was empty).
    pub before: Option<serde_json::Value>,
    /// The value after.
    pub after: Option<serde_json::Value>,
}

/// The field-by-field changes between two published versions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Diff {
    pub id: String,
    pub from: i64,
    pub to: i64,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct DiffParams {
    /// The older version (default: the published version before `to`).
    from: Option<i64>,
    /// The newer version (default: the current one).
    to: Option<i64>,
}

/// Compare two published versions field by field.
#[utoipa::path(
    get,
    path = "/api/v1/algorithms/{id}/diff",
    tag = "algorithms",
    params(("id" = String, Path, description = "The Algoritme-ID"), DiffParams),
    responses(
        (status = 200, description = "The changes, in the standard's field order", body = Diff),
        (status = 304, description = "Not modified"),
        (status = 400, description = "A bad ID or version", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published description with this ID", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn diff_versions(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    cached(&state.clone(), &uri.clone(), &headers, || async move {
        let mut from = None;
        let mut to = None;
        let mut bad = Vec::new();
        for (k, v) in query_pairs(&uri)? {
            let parsed = v.parse::<i64>().ok().filter(|n| *n >= 1);
            match (k.as_str(), parsed) {
                ("from", Some(n)) => from = Some(n),
                ("to", Some(n)) => to = Some(n),
                ("from" | "to", None) => bad.push(InvalidParam {
                    name: k,
                    reason: format!("{v:?} is not a version number"),
                    allowed: vec![],
                }),
                _ => bad.push(InvalidParam {
                    name: k,
                    reason: "unknown parameter".into(),
                    allowed: vec!["from".into(), "to".into()],
                }),
            }
        }
        if !bad.is_empty() {
            return Err(Problem::invalid_params(bad));
        }
        let id = parse_id(&id)?;
        let (from, to, changes) = state.register.public_diff(id, from, to).await?;
        let changes = changes
            .into_iter()
            .map(|c| FieldChange {
                key: c.key,
                change: serde_json::to_value(c.change)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                before: c.before,
                after: c.after,
            })
            .collect();
        Ok((
            json(&Diff {
                id: id.as_string(),
                from,
                to,
                changes,
            })?,
            vec![],
        ))
    })
    .await
}
