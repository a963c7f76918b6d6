//! The home page: search box, counts, the latest publications, browse by kind and by theme.

use crate::params::filter_value;
use algoreg_register::search_index::{SearchQuery, Sort};
use algoreg_site::page::Section;
use algoreg_site::views::home::Home;
use algoreg_site::views::{Choice, Summary};
use algoreg_site::{Lang, Page, i18n};
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use super::{OrPage, PageResult, render};
use crate::SharedState;

pub async fn home(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> PageResult {
    let t = i18n::tr(lang);
    let mut q = SearchQuery::new("");
    q.sort = Sort::Newest;
    q.page_size = 5;
    let r = state.register.search(&q).or_page(lang)?;
    let organisations = state
        .register
        .organisation_counts()
        .await
        .or_page(lang)?
        .iter()
        .filter(|c| c.published > 0)
        .count() as u64;
    let page = Page::new(lang, &state.public_url, "/", t.t("home-page-title"))
        .section(Section::Home)
        .without_header_search();
    let facet = |name: &str| {
        r.facets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
            .unwrap_or_default()
    };
    let choices = |name: &str| -> Vec<Choice> {
        facet(name)
            .iter()
            .map(|v| Choice {
                label: t.value(&v.label).to_owned(),
                href: page.href(&format!("/zoeken?{name}={}", filter_value(name, &v.value))),
                count: v.count,
            })
            .collect()
    };
    // Every publication category of the standard, in its order (high-risk AI systems first), also
    // those with no descriptions yet.
    let counted = facet("publication_category");
    let categories: Vec<Choice> =
        algoreg_register::standard::standard(algoreg_register::standard::StandardVersion::CURRENT)
            .field("publication_category")
            .map(|f| f.allowed.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|v| Choice {
                label: t.value(v).to_owned(),
                href: page.href(&format!(
                    "/zoeken?publication_category={}",
                    filter_value("publication_category", v)
                )),
                count: counted
                    .iter()
                    .find(|c| c.value == *v)
                    .map_or(0, |c| c.count),
            })
            .collect();
    let mut themes = choices("theme");
    themes.sort_by(|a, b| a.label.cmp(&b.label));
    let high_risk = counted
        .iter()
        .filter(|c| algoreg_site::views::is_high_risk(&c.value))
        .map(|c| c.count)
        .sum();
    let latest = r
        .hits
        .into_iter()
        .map(|h| super::search::summary(&page, h, false))
        .collect::<Vec<Summary>>();
    let view = Home {
        descriptions: r.total as u64,
        organisations,
        high_risk,
        latest,
        themes,
        categories,
        page,
    };
    Ok(render(&headers, lang, StatusCode::OK, &view))
}
