//! The search results page, and the pieces of it that an organisation's page reuses: facets, active
//! filters, sort, result list, pagination and downloads (`partials/search-*.html`).

use askama::Template;

use super::Summary;
use crate::Page;

/// One value of a facet: a checkbox with its count.
#[derive(Debug, Clone, Default)]
pub struct FacetOption {
    /// The `id` of the checkbox (unique on the page).
    pub id: String,
    /// The value as the filter parameter takes it.
    pub value: String,
    pub label: String,
    pub count: u64,
    pub checked: bool,
}

/// A facet: a fieldset of checkboxes for one filter parameter.
#[derive(Debug, Clone, Default)]
pub struct Facet {
    /// The filter parameter, e.g. `theme`.
    pub param: String,
    pub legend: String,
    /// Shown at once: the largest values and every checked one.
    pub shown: Vec<FacetOption>,
    /// Behind "show all".
    pub more: Vec<FacetOption>,
    /// Values left out of a very long list (found through the directory or the search box).
    pub left_out: u64,
}

impl Facet {
    /// How many values are behind "show all".
    pub fn more_count(&self) -> u64 {
        self.more.len() as u64
    }
}

/// An active filter as a link that removes it.
#[derive(Debug, Clone, Default)]
pub struct Chip {
    /// The facet's name, e.g. `Onderwerp`.
    pub facet: String,
    pub label: String,
    /// This selection without this one value.
    pub href: String,
}

/// A choice of the sort select.
#[derive(Debug, Clone, Default)]
pub struct SortOption {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

/// An item of the pagination: a page link, or a gap (`…`) when `href` is empty.
#[derive(Debug, Clone, Default)]
pub struct PageLink {
    pub number: u64,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Pagination {
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

impl Pagination {
    pub fn is_needed(&self) -> bool {
        self.pages.len() > 1
    }
}

/// A link with its text (downloads, the same query in the API).
#[derive(Debug, Clone, Default)]
pub struct Link {
    pub label: String,
    pub href: String,
}

/// A hidden field the form carries along (e.g. the sort order when filters are applied).
#[derive(Debug, Clone, Default)]
pub struct Hidden {
    pub name: String,
    pub value: String,
}

/// Everything below the search box: shared by the search page and an organisation's page.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// The form's action (the page's own path, with language prefix).
    pub action: String,
    /// The query as typed.
    pub q: String,
    pub total: u64,
    /// The sentence read out to screen readers: "63 descriptions found for ‘parkeren’".
    pub status: String,
    pub facets: Vec<Facet>,
    pub chips: Vec<Chip>,
    /// The page without any filter (keeps the words).
    pub clear_href: String,
    pub sorts: Vec<SortOption>,
    pub hits: Vec<Summary>,
    pub pagination: Pagination,
    pub downloads: Vec<Link>,
    /// The downloads leave out the words of the query (they take only the filters).
    pub downloads_without_words: bool,
    pub api_href: String,
    /// Page `n` of `last`, for the heading of the list when there are several pages.
    pub page_note: String,
    /// Fields the form carries along unchanged.
    pub hidden: Vec<Hidden>,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub page: Page,
    pub results: Results,
    /// The results are for a corrected query: the sentence that says so.
    pub correction: Option<String>,
    /// The query named one description or organisation exactly.
    pub direct: Option<Link>,
}
