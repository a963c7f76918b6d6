//! `/zoeken`: the search results page. The parameters are read by [`crate::params`], exactly as the
//! API's `/api/v1/search` reads them. The pieces below the search box ([`results`]) are shared with an
//! organisation's page.

use algoreg_register::InvalidParam;
use algoreg_register::search_index::{Direct, SearchQuery, SearchResults, Sort};
use algoreg_site::page::Section;
use algoreg_site::views::search::{
    Chip, Facet, FacetOption, Hidden, Link, PageLink, Pagination, Results, SearchPage, SortOption,
};
use algoreg_site::{Lang, Page, i18n};
use axum::Extension;
use axum::Router;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::get;

use super::{OrPage, PageError, PageResult, SiteError, render};
use crate::SharedState;
use crate::params::{self, filter_pairs, filter_value, filter_values, query_string, search_pairs};

pub fn routes() -> Router<SharedState> {
    Router::new().route("/zoeken", get(search))
}

async fn search(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> PageResult {
    let t = i18n::tr(lang);
    let query = read_query(lang, &uri, false)?;
    check_organisations(&state, lang, &query).await?;
    let r = state.register.search(&query).or_page(lang)?;
    past_the_end(lang, &query, &r)?;
    let title = if query.text.trim().is_empty() {
        t.t("search-title").to_owned()
    } else {
        t.f("search-title-query", &[("query", &query.text.trim())])
    };
    let mut page = Page::new(lang, &state.public_url, own_path("/zoeken", &uri), title)
        .section(Section::Search)
        .without_header_search()
        .dutch_content();
    if !query.text.trim().is_empty() {
        page = page.noindex();
    }
    let correction = r.correction.as_ref().map(|c| {
        let key = if c.original_total == 0 {
            "search-corrected-none"
        } else {
            "search-corrected-few"
        };
        t.f(
            key,
            &[
                ("original", &c.original),
                ("corrected", &c.corrected),
                ("count", &t.number(c.original_total as u64)),
            ],
        )
    });
    let direct = r.direct.as_ref().map(|d| direct_link(&page, d, &r));
    let results = results(&page, "/zoeken", None, &query, r);
    let view = SearchPage {
        page,
        results,
        correction,
        direct,
    };
    Ok(render(&headers, lang, StatusCode::OK, &view))
}

/// This page's path with its query string, for the language switch.
pub(super) fn own_path(path: &str, uri: &Uri) -> String {
    match uri.query() {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_owned(),
    }
}

/// Reads the search of the URL; `organisation_fixed`: the page is an organisation's own, so the
/// `organisation` filter cannot be given.
pub(super) fn read_query(
    lang: Lang,
    uri: &Uri,
    organisation_fixed: bool,
) -> Result<SearchQuery, PageError> {
    let pairs = params::pairs(uri).map_err(|p| bad_request(lang, vec![p]))?;
    let mut bad = Vec::new();
    if organisation_fixed && pairs.iter().any(|(k, _)| k == "organisation") {
        bad.push(InvalidParam {
            name: "organisation".into(),
            reason: "unknown parameter".into(),
            allowed: vec![],
        });
    }
    let query = match params::search_query(&pairs) {
        Ok(q) => Some(q),
        Err(e) => {
            bad.extend(e);
            None
        }
    };
    match query {
        Some(q) if bad.is_empty() => {
            // The search answers only the first results; deeper pages are a bad parameter.
            if (q.page - 1).saturating_mul(q.page_size) >= SearchQuery::MAX_WINDOW {
                return Err(bad_request(
                    lang,
                    vec![InvalidParam {
                        name: "page".into(),
                        reason: format!("{:?}", q.page.to_string()),
                        allowed: vec![],
                    }],
                ));
            }
            Ok(q)
        }
        _ => Err(bad_request(lang, bad)),
    }
}

/// A page after the last one (while there are results) is a bad parameter.
pub(super) fn past_the_end(
    lang: Lang,
    q: &SearchQuery,
    r: &SearchResults,
) -> Result<(), PageError> {
    if r.total > 0 && r.hits.is_empty() && q.page > 1 {
        return Err(bad_request(
            lang,
            vec![InvalidParam {
                name: "page".into(),
                reason: format!("{:?}", q.page.to_string()),
                allowed: vec![],
            }],
        ));
    }
    Ok(())
}

/// An organisation code in the filters that the register does not know is a bad parameter, not an
/// empty result.
pub(super) async fn check_organisations(
    state: &SharedState,
    lang: Lang,
    q: &SearchQuery,
) -> Result<(), PageError> {
    for code in &q.filters.orgs {
        if state.register.organisation(code).await.is_err() {
            return Err(bad_request(
                lang,
                vec![InvalidParam {
                    name: "organisation".into(),
                    reason: format!("{code:?}"),
                    allowed: vec![],
                }],
            ));
        }
    }
    Ok(())
}

/// The 400 page, each problem said in the page's language.
pub(super) fn bad_request(lang: Lang, problems: Vec<InvalidParam>) -> PageError {
    let t = i18n::tr(lang);
    let shown = problems
        .into_iter()
        .map(|p| {
            // The value as given is quoted in the register's reason.
            let value = match (p.reason.find('"'), p.reason.rfind('"')) {
                (Some(a), Some(b)) if b > a => p.reason[a..=b].to_owned(),
                _ => String::new(),
            };
            let reason = if p.reason == "unknown parameter" {
                t.t("search-bad-unknown").to_owned()
            } else {
                match p.name.as_str() {
                    "page" => t.f("search-bad-page", &[("value", &value)]),
                    "page_size" => t.f("search-bad-page-size", &[("value", &value)]),
                    "query" => t.t("search-bad-query").to_owned(),
                    "organisation" => t.f("search-bad-organisation", &[("value", &value)]),
                    _ if !p.allowed.is_empty() => t.f(
                        "search-bad-value",
                        &[("value", &value), ("allowed", &p.allowed.join(", "))],
                    ),
                    _ => p.reason,
                }
            };
            (p.name, reason)
        })
        .collect();
    PageError(lang, SiteError::BadRequest(shown))
}

fn direct_link(page: &Page, d: &Direct, r: &SearchResults) -> Link {
    let t = page.t;
    match d {
        Direct::Algorithm(id) => {
            let hit = r.hits.iter().find(|h| &h.id == id);
            let (href, name) = match hit {
                Some(h) => (crate::urls::algorithm("", id, &h.name), h.name.as_str()),
                None => (format!("/algoritme/{id}"), id.as_str()),
            };
            Link {
                label: t.f("search-direct-algorithm", &[("name", &name)]),
                href: page.href(&href),
            }
        }
        Direct::Organisation(code) => {
            let name = facet(r, "organisation")
                .iter()
                .find(|v| &v.value == code)
                .map_or(code.as_str(), |v| v.label.as_str());
            Link {
                label: t.f("search-direct-organisation", &[("name", &name)]),
                href: page.href(&format!("/organisatie/{code}")),
            }
        }
    }
}

fn facet<'a>(r: &'a SearchResults, name: &str) -> &'a [algoreg_register::search_index::FacetValue] {
    r.facets
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_slice())
        .unwrap_or_default()
}

/// The name of a facet in the page's language.
fn legend(t: &i18n::Tr, param: &str) -> String {
    match param {
        "organisation" => t.t("facet-organisation"),
        "organisation_type" => t.t("facet-organisation-type"),
        "theme" => t.t("facet-theme"),
        "status" => t.t("facet-status"),
        "publication_category" => t.t("facet-publication-category"),
        "impact_assessment" => t.t("facet-impact-assessment"),
        "provider" => t.t("facet-provider"),
        "standard_version" => t.t("facet-standard-version"),
        other => other,
    }
    .to_owned()
}

/// Values shown at once in a long facet; the rest are behind "show all".
const SHOWN: usize = 6;
/// A facet up to this long is shown whole.
const WHOLE: usize = 12;
/// Organisations and providers listed at most (the page stays light); the others are found by
/// searching.
const MOST_OPEN: usize = 40;

/// The pieces below the search box. `path`: the page (without language prefix); `fixed_org`: the
/// organisation whose page this is (its filter is not shown and not in the page's links).
pub(super) fn results(
    page: &Page,
    path: &str,
    fixed_org: Option<&str>,
    query: &SearchQuery,
    r: SearchResults,
) -> Results {
    let t = page.t;
    // The selection as this page's URLs carry it.
    let mut own = query.clone();
    if fixed_org.is_some() {
        own.filters.orgs.clear();
    }
    let href = |q: &SearchQuery| page.href(&format!("{path}{}", query_string(&search_pairs(q))));
    let mut first = own.clone();
    first.page = 1;

    let mut facets = Vec::new();
    let mut chips = Vec::new();
    let mut n = 0usize;
    for (param, values) in &r.facets {
        // On an organisation's page, its name and kind say nothing new.
        if fixed_org.is_some() && matches!(param.as_str(), "organisation" | "organisation_type") {
            continue;
        }
        let selected = filter_values(&own.filters, param);
        let label = |v: &algoreg_register::search_index::FacetValue| match param.as_str() {
            "organisation" => v.label.clone(),
            "provider" => v.value.clone(),
            _ => t.value(&v.value).to_owned(),
        };
        let mut options: Vec<FacetOption> = Vec::new();
        for v in values
            .iter()
            .filter(|v| v.count > 0 || selected.contains(&v.value))
        {
            n += 1;
            options.push(FacetOption {
                id: format!("f{n}"),
                value: filter_value(param, &v.value),
                label: label(v),
                count: v.count,
                checked: selected.contains(&v.value),
            });
        }
        for v in selected {
            let mut without = first.clone();
            let list = match param.as_str() {
                "organisation" => &mut without.filters.orgs,
                "organisation_type" => &mut without.filters.org_types,
                "theme" => &mut without.filters.themes,
                "status" => &mut without.filters.statuses,
                "publication_category" => &mut without.filters.categories,
                "impact_assessment" => &mut without.filters.impact_codes,
                "provider" => &mut without.filters.providers,
                "standard_version" => &mut without.filters.standard_versions,
                _ => continue,
            };
            list.retain(|x| x != v);
            let shown = values
                .iter()
                .find(|fv| &fv.value == v)
                .map_or_else(|| v.clone(), label);
            chips.push(Chip {
                facet: legend(t, param),
                label: shown,
                href: href(&without),
            });
        }
        if options.is_empty() {
            continue;
        }
        let (mut shown, mut more) = (Vec::new(), Vec::new());
        let whole = options.len() <= WHOLE;
        let open = matches!(param.as_str(), "organisation" | "provider");
        let mut left_out = 0u64;
        for (i, o) in options.into_iter().enumerate() {
            if whole || i < SHOWN || o.checked {
                shown.push(o);
            } else if !open || shown.len() + more.len() < MOST_OPEN {
                more.push(o);
            } else {
                left_out += 1;
            }
        }
        facets.push(Facet {
            legend: legend(t, param),
            param: param.clone(),
            shown,
            more,
            left_out,
        });
    }
    // Filters the search has no facet for (language) still show as chips.
    for v in &own.filters.langs {
        let mut without = first.clone();
        without.filters.langs.retain(|x| x != v);
        chips.push(Chip {
            facet: t.t("facet-lang").to_owned(),
            label: v.clone(),
            href: href(&without),
        });
    }
    let mut cleared = SearchQuery::new(own.text.clone());
    cleared.sort = own.sort;
    cleared.page_size = own.page_size;

    let total = r.total as u64;
    let q = query.text.trim();
    let searched = r.correction.as_ref().map_or(q, |c| c.corrected.as_str());
    let status = if searched.is_empty() {
        t.count("search-found", total)
    } else {
        let key = if total == 1 {
            "search-found-query-one"
        } else {
            "search-found-query-other"
        };
        t.f(key, &[("count", &t.number(total)), ("query", &searched)])
    };

    let size = query.page_size.max(1);
    let last = r.total.min(SearchQuery::MAX_WINDOW).div_ceil(size).max(1);
    let at = |n: usize| {
        let mut p = own.clone();
        p.page = n;
        href(&p)
    };
    let current = query.page;
    let pagination = pagination(last, current, at);
    let page_note = if last > 1 && current <= last {
        t.f(
            "search-page-of",
            &[
                ("page", &t.number(current as u64)),
                ("last", &t.number(last as u64)),
            ],
        )
    } else {
        String::new()
    };

    let sorts = [
        (Sort::Relevance, "search-sort-relevance"),
        (Sort::Newest, "search-sort-newest"),
        (Sort::Name, "search-sort-name"),
    ]
    .into_iter()
    .map(|(s, key)| SortOption {
        value: s.as_param(),
        label: t.t(key).to_owned(),
        selected: s == query.sort,
    })
    .collect();

    // Downloads take the filters (with the page's own organisation), not the words.
    let filters = filter_pairs(&query.filters);
    let downloads = [("csv", "CSV"), ("xlsx", "Excel (XLSX)"), ("json", "JSON")]
        .into_iter()
        .map(|(format, label)| {
            let mut p: Vec<(&str, String)> = vec![("format", format.to_owned())];
            p.extend(filters.iter().cloned());
            Link {
                label: label.to_owned(),
                href: format!("/api/v1/downloads/algorithms{}", query_string(&p)),
            }
        })
        .collect();
    let api_href = format!("/api/v1/search{}", query_string(&search_pairs(query)));
    let mut hidden = Vec::new();
    if query.page_size as i64 != algoreg_register::DEFAULT_PAGE_SIZE {
        hidden.push(Hidden {
            name: "page_size".into(),
            value: query.page_size.to_string(),
        });
    }

    Results {
        action: page.href(path),
        q: query.text.clone(),
        total,
        status,
        facets,
        chips,
        clear_href: href(&cleared),
        sorts,
        hits: r.hits.into_iter().map(|h| summary(page, h, true)).collect(),
        pagination,
        downloads,
        downloads_without_words: !q.is_empty(),
        api_href,
        page_note,
        hidden,
    }
}

/// Links to pages `1..=last`: the first, the last, and two either side of `current`, with gaps.
pub(super) fn pagination(last: usize, current: usize, at: impl Fn(usize) -> String) -> Pagination {
    let mut pages = Vec::new();
    for n in 1..=last {
        if n == 1 || n == last || n.abs_diff(current) <= 2 {
            pages.push(PageLink {
                number: n as u64,
                href: at(n),
                current: n == current,
            });
        } else if pages.last().is_some_and(|p: &PageLink| !p.href.is_empty()) {
            pages.push(PageLink::default());
        }
    }
    Pagination {
        previous: (current > 1 && current <= last).then(|| at(current - 1)),
        next: (current < last).then(|| at(current + 1)),
        pages,
    }
}

/// A search hit as a line in a list of descriptions (`snippet`: show where the words were found).
pub fn summary(
    page: &algoreg_site::Page,
    h: algoreg_register::search_index::Hit,
    snippet: bool,
) -> algoreg_site::views::Summary {
    use chrono::Datelike;
    let d = h.published_at.date_naive();
    algoreg_site::views::Summary {
        href: page.href(&crate::urls::algorithm("", &h.id, &h.name)),
        organisation_href: page.href(&format!("/organisatie/{}", h.org_code)),
        published: page.t.date(d.year(), d.month(), d.day()),
        snippet: (snippet && !h.snippet.is_empty()).then_some(h.snippet),
        id: h.id,
        name: h.name,
        organisation: h.org_name,
        summary: h.summary,
        status: h.status,
        category: h.publication_category,
    }
}
