//! `/api/v1/organizations`: the organisations in the register, with counts of their published
//! descriptions.

use algoreg_register::PublicQuery;
use algoreg_register::domain::OrgType;
use axum::extract::{OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::algorithms::{AlgorithmSummary, Link, PageLinks, page_links, summary};
use super::problem::InvalidParam;
use super::{Problem, cached, json, no_params, query_pairs};
use crate::SharedState;

pub fn router() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(list_organizations))
        .routes(routes!(get_organization))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganizationLinks {
    #[serde(rename = "self")]
    pub self_: Link,
    /// The organisation's published descriptions in the API.
    pub algorithms: Link,
}

/// An organisation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Organization {
    /// The national organisation code, e.g. `gm0363`.
    pub code: String,
    pub name: String,
    /// One of the 25 organisation types.
    #[serde(rename = "type")]
    pub org_type: String,
    /// The code of the parent organisation, if any.
    pub parent: Option<String>,
    /// Short public text about the organisation.
    pub about: String,
    /// Where the public can ask questions (e-mail address or https link).
    pub contact: String,
    /// How many descriptions it has published now.
    pub published_algorithms: i64,
    #[serde(rename = "_links")]
    pub links: OrganizationLinks,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganizationList {
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    #[serde(rename = "_links")]
    pub links: PageLinks,
    pub items: Vec<Organization>,
}

/// An organisation with its published descriptions (the newest 100; follow `_links.algorithms`
/// for all of them).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganizationDetail {
    #[serde(flatten)]
    pub organization: Organization,
    pub algorithms: Vec<AlgorithmSummary>,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct OrganizationParams {
    /// Organisation type, e.g. `gemeente`.
    #[param(rename = "type")]
    org_type: Option<Vec<String>>,
    /// Part of the name, any case.
    q: Option<String>,
    /// `true`: only organisations with published descriptions.
    has_algorithms: Option<bool>,
    /// Page number, from 1.
    page: Option<i64>,
    /// Results per page, 1 to 100 (default 20).
    page_size: Option<i64>,
}

fn organization(
    base: &str,
    o: &algoreg_register::domain::Organisation,
    published: i64,
) -> Organization {
    Organization {
        code: o.code.to_string(),
        name: o.name.clone(),
        org_type: o.org_type.as_str().to_owned(),
        parent: o.parent.as_ref().map(ToString::to_string),
        about: o.about.clone(),
        contact: o.contact.clone(),
        published_algorithms: published,
        links: OrganizationLinks {
            self_: Link {
                href: format!("{base}/api/v1/organizations/{}", o.code),
            },
            algorithms: Link {
                href: format!("{base}/api/v1/algorithms?organisation={}", o.code),
            },
        },
    }
}

/// List organisations, by name.
#[utoipa::path(
    get,
    path = "/api/v1/organizations",
    tag = "organizations",
    params(OrganizationParams),
    responses(
        (status = 200, description = "One page of organisations", body = OrganizationList),
        (status = 304, description = "Not modified"),
        (status = 400, description = "A parameter cannot be used", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_organizations(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    cached(&state.clone(), &uri.clone(), &headers, || async move {
        let pairs = query_pairs(&uri)?;
        let mut types = Vec::new();
        let mut q = None;
        let mut has = None;
        let mut page = 1i64;
        let mut page_size = algoreg_register::DEFAULT_PAGE_SIZE;
        let mut bad = Vec::new();
        for (k, v) in &pairs {
            match k.as_str() {
                "type" => {
                    for t in v.split(',').filter(|t| !t.is_empty()) {
                        match OrgType::parse(t) {
                            Some(t) => types.push(t),
                            None => bad.push(InvalidParam {
                                name: "type".into(),
                                reason: format!("unknown organisation type {t:?}"),
                                allowed: OrgType::ALL
                                    .iter()
                                    .map(|t| t.as_str().to_owned())
                                    .collect(),
                            }),
                        }
                    }
                }
                "q" => q = Some(v.to_lowercase()),
                "has_algorithms" => match v.as_str() {
                    "true" => has = Some(true),
                    "false" => has = Some(false),
                    _ => bad.push(InvalidParam {
                        name: k.clone(),
                        reason: format!("{v:?} is not true or false"),
                        allowed: vec!["true".into(), "false".into()],
                    }),
                },
                "page" | "page_size" => {
                    // The same rules as the algorithm list.
                    match PublicQuery::parse(&[(k.clone(), v.clone())], &[]) {
                        Ok(p) if k == "page" => page = p.page,
                        Ok(p) => page_size = p.page_size,
                        Err(e) => bad.extend(e.into_iter().map(Into::into)),
                    }
                }
                _ => bad.push(InvalidParam {
                    name: k.clone(),
                    reason: "unknown parameter".into(),
                    allowed: ["type", "q", "has_algorithms", "page", "page_size"]
                        .map(String::from)
                        .to_vec(),
                }),
            }
        }
        if !bad.is_empty() {
            return Err(Problem::invalid_params(bad));
        }
        let all = state.register.organisation_counts().await?;
        let matching: Vec<_> = all
            .into_iter()
            .filter(|c| types.is_empty() || types.contains(&c.organisation.org_type))
            .filter(|c| {
                q.as_ref()
                    .is_none_or(|q| c.organisation.name.to_lowercase().contains(q.as_str()))
            })
            .filter(|c| has.is_none_or(|h| (c.published > 0) == h))
            .collect();
        let total = matching.len() as i64;
        let last = ((total + page_size - 1) / page_size).max(1);
        let base = &state.public_url;
        let items = matching
            .iter()
            .skip(((page - 1) * page_size) as usize)
            .take(page_size as usize)
            .map(|c| organization(base, &c.organisation, c.published))
            .collect();
        let list = OrganizationList {
            total,
            page,
            page_size,
            links: page_links(base, "/api/v1/organizations", &pairs, page, last),
            items,
        };
        Ok((json(&list)?, vec![]))
    })
    .await
}

/// Get an organisation with its published descriptions.
#[utoipa::path(
    get,
    path = "/api/v1/organizations/{code}",
    tag = "organizations",
    params(("code" = String, Path, description = "The organisation code, e.g. gm0363")),
    responses(
        (status = 200, description = "The organisation", body = OrganizationDetail),
        (status = 304, description = "Not modified"),
        (status = 404, description = "No organisation with this code", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_organization(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    cached(&state.clone(), &uri.clone(), &headers, || async move {
        no_params(&uri)?;
        let org = state.register.organisation(&code).await?;
        let q = PublicQuery::parse(
            &[
                ("organisation".into(), org.code.to_string()),
                ("page_size".into(), "100".into()),
            ],
            &[],
        )
        .map_err(|e| Problem::invalid_params(e.into_iter().map(Into::into).collect()))?;
        let page = state.register.public_list(&q).await?;
        let base = &state.public_url;
        let detail = OrganizationDetail {
            organization: organization(base, &org, page.total),
            algorithms: page.items.into_iter().map(|r| summary(base, r)).collect(),
        };
        Ok((json(&detail)?, vec![]))
    })
    .await
}
