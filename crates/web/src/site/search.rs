//! Filled in by its own change.

use axum::Router;

use crate::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
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
