//! `/api/v1/search` and `/api/v1/suggest`: ranked full-text search with facets, and suggestions while
//! typing. The filters are those of `GET /api/v1/algorithms`.

use algoreg_register::search_index as si;
use axum::extract::{OriginalUri, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::algorithms::{Link, OrganisationRef, PageLinks, organisation_ref, page_links};
use super::problem::InvalidParam;
use super::{CacheKind, Problem, conditional, json, query_pairs};
use crate::SharedState;

pub fn router() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(suggest))
}

/// One result: a published description with a snippet of where the words were found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchItem {
    pub id: String,
    pub name: String,
    pub description_short: String,
    pub organisation: OrganisationRef,
    pub status: Option<String>,
    pub publication_category: Option<String>,
    pub themes: Vec<String>,
    pub impact_assessments: Vec<String>,
    pub provider: Option<String>,
    pub standard_version: String,
    pub lang: String,
    pub published_at: DateTime<Utc>,
    /// Relevance (higher is better; only comparable within one query).
    pub score: f32,
    /// HTML: the text is escaped, the matched words are in `<mark>`.
    pub snippet: String,
    /// The canonical public page.
    pub url: String,
    #[serde(rename = "_links")]
    pub links: super::algorithms::SummaryLinks,
}

/// A facet value and how many results have it (with every other filter applied).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FacetCount {
    /// The stored value, e.g. `In gebruik`.
    pub value: String,
    /// The value to use in the filter parameter, e.g. `in-gebruik`.
    pub slug: String,
    /// A readable label (organisation name for codes, the title of an impact assessment).
    pub label: String,
    pub count: u64,
}

/// A facet: the filter parameter and its values with counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Facet {
    /// The filter parameter, e.g. `theme`.
    pub param: String,
    pub values: Vec<FacetCount>,
}

/// The query as typed found nothing or little; these results are for the correction.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Correction {
    /// The query as typed.
    pub original: String,
    /// The query the results are for.
    pub corrected: String,
    /// How many results the query as typed had.
    pub original_total: usize,
}

/// The query named one thing exactly: a description by its ID, or an organisation by its code or name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Direct {
    /// `algorithm` or `organisation`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The Algoritme-ID or the organisation code.
    pub id: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchAnswer {
    /// The query as given.
    pub query: String,
    /// The query as we read it (operators, phrases, corrections).
    pub interpreted: String,
    pub total: usize,
    pub page: usize,
    pub page_size: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction: Option<Correction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct: Option<Direct>,
    pub facets: Vec<Facet>,
    pub items: Vec<SearchItem>,
    #[serde(rename = "_links")]
    pub links: PageLinks,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParams {
    /// The words to find. Words are combined with AND; `of` or `or` between words gives OR; `-word`
    /// excludes; `"exact phrase"`; an Algoritme-ID or an organisation code finds it directly.
    q: Option<String>,
    /// `relevance` (default), `newest` or `name`.
    sort: Option<String>,
}

fn item(base: &str, h: si::Hit) -> SearchItem {
    SearchItem {
        url: crate::urls::algorithm(base, &h.id, &h.name),
        links: super::algorithms::SummaryLinks {
            self_: Link {
                href: format!("{base}/api/v1/algorithms/{}", h.id),
            },
            html: Link {
                href: crate::urls::algorithm(base, &h.id, &h.name),
            },
        },
        organisation: organisation_ref(&h.org_code, &h.org_name, &h.org_type),
        id: h.id,
        name: h.name,
        description_short: h.summary,
        status: h.status,
        publication_category: h.publication_category,
        themes: h.themes,
        impact_assessments: h.impact_codes,
        provider: h.provider,
        standard_version: h.standard_version,
        lang: h.lang,
        published_at: h.published_at,
        score: h.score,
        snippet: h.snippet,
    }
}

/// Search the published descriptions.
///
/// Ranked by relevance (the name weighs most, then the short description, search words, organisation
/// and provider, then the long texts; newer first when equal). Abbreviations find their full forms and
/// back; a misspelt word still finds its matches, and when the query as typed finds little the answer
/// is for the best correction, said in `correction`. Facet counts cover the whole result set: for each
/// facet, with every filter applied except its own.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    params(SearchParams, super::algorithms::ListParams),
    responses(
        (status = 200, description = "Results, facets and any correction", body = SearchAnswer),
        (status = 304, description = "Not modified"),
        (status = 400, description = "A parameter cannot be used", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn search(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let result = (|| {
        let pairs = query_pairs(&uri)?;
        let query = crate::params::search_query(&pairs)
            .map_err(|bad| Problem::invalid_params(bad.into_iter().map(Into::into).collect()))?;
        let text = query.text.clone();
        let r = state.register.search(&query)?;
        let base = &state.public_url;
        let last = r.total.div_ceil(query.page_size).max(1) as i64;
        let answer = SearchAnswer {
            query: text,
            interpreted: r.interpreted,
            total: r.total,
            page: query.page,
            page_size: query.page_size,
            correction: r.correction.map(|c| Correction {
                original: c.original,
                corrected: c.corrected,
                original_total: c.original_total,
            }),
            direct: r.direct.map(|d| match d {
                si::Direct::Algorithm(id) => Direct {
                    kind: "algorithm".into(),
                    href: format!("{base}/api/v1/algorithms/{id}"),
                    id,
                },
                si::Direct::Organisation(code) => Direct {
                    kind: "organisation".into(),
                    href: format!("{base}/api/v1/organizations/{code}"),
                    id: code,
                },
            }),
            facets: r
                .facets
                .into_iter()
                .map(|(param, values)| Facet {
                    values: values
                        .into_iter()
                        .map(|v| FacetCount {
                            slug: crate::params::filter_value(&param, &v.value),
                            value: v.value,
                            label: v.label,
                            count: v.count,
                        })
                        .collect(),
                    param,
                })
                .collect(),
            items: r.hits.into_iter().map(|h| item(base, h)).collect(),
            links: page_links(base, "/api/v1/search", &pairs, query.page as i64, last),
        };
        json(&answer)
    })();
    match result {
        Ok(body) => conditional(&headers, CacheKind::Data, body, "application/json", &[]),
        Err(p) => p.into_response(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuggestItem {
    /// `algorithm`, `organisation` or `abbreviation`.
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    /// The Algoritme-ID or organisation code, when the suggestion is one.
    pub id: Option<String>,
    /// More about the suggestion (the organisation of a description, the meaning of an abbreviation).
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuggestAnswer {
    pub items: Vec<SuggestItem>,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SuggestParams {
    /// What has been typed so far.
    q: String,
    /// How many suggestions, 1 to 20 (default 8).
    limit: Option<usize>,
}

/// Suggestions while typing: descriptions, organisations and abbreviations that start with what was
/// typed.
#[utoipa::path(
    get,
    path = "/api/v1/suggest",
    tag = "search",
    params(SuggestParams),
    responses(
        (status = 200, description = "Suggestions, best first", body = SuggestAnswer),
        (status = 304, description = "Not modified"),
        (status = 400, description = "A parameter cannot be used", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn suggest(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let result = (|| {
        let mut q = None;
        let mut limit = 8;
        let mut bad = Vec::new();
        for (k, v) in query_pairs(&uri)? {
            match k.as_str() {
                "q" => q = Some(v),
                "limit" => match v.parse::<usize>() {
                    Ok(n) if (1..=20).contains(&n) => limit = n,
                    _ => bad.push(InvalidParam {
                        name: k,
                        reason: format!("{v:?} is not a number from 1 to 20"),
                        allowed: vec![],
                    }),
                },
                _ => bad.push(InvalidParam {
                    name: k,
                    reason: "unknown parameter".into(),
                    allowed: vec!["q".into(), "limit".into()],
                }),
            }
        }
        let Some(q) = q else {
            bad.push(InvalidParam {
                name: "q".into(),
                reason: "required".into(),
                allowed: vec![],
            });
            return Err(Problem::invalid_params(bad));
        };
        if !bad.is_empty() {
            return Err(Problem::invalid_params(bad));
        }
        let items = state
            .register
            .suggest(&q, limit)?
            .into_iter()
            .map(|s| SuggestItem {
                kind: match s.kind {
                    si::SuggestionKind::Algorithm => "algorithm",
                    si::SuggestionKind::Organisation => "organisation",
                    si::SuggestionKind::Abbreviation => "abbreviation",
                }
                .into(),
                text: s.text,
                id: s.id,
                detail: s.detail,
            })
            .collect();
        json(&SuggestAnswer { items })
    })();
    match result {
        Ok(body) => conditional(&headers, CacheKind::Data, body, "application/json", &[]),
        Err(p) => p.into_response(),
    }
}
