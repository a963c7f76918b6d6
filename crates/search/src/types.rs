//! The public data contract of the search component: what goes in
//! ([`SearchDoc`], [`SearchQuery`], [`Filters`]) and what comes out
//! ([`SearchResults`], [`Hit`], [`FacetValue`], [`Correction`], [`Direct`],
//! [`Suggestion`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest query text we read (characters); the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most search terms (words and phrases) we read from one query.
pub const MAX_QUERY_TERMS: usize = 32;

/// The facet parameters, in the order [`SearchResults::facets`] lists them.
pub const FACET_NAMES: [&str; 8] = [
    "organisation",
    "organisation_type",
    "theme",
    "status",
    "publication_category",
    "impact_assessment",
    "provider",
    "standard_version",
];

/// One published algorithm description, as the caller builds it from the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Algoritme-ID, 8 digits. The key for upserts and removals.
    pub id: String,
    /// Organisation code, e.g. `gm0363`.
    pub org_code: String,
    pub org_name: String,
    pub org_type: String,
    pub name: String,
    /// Short description, plain text.
    pub summary: String,
    /// Comma-separated extra search words (searchable, never shown).
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub provider: Option<String>,
    /// The long texts as plain text (goal, risks, legal basis, …).
    #[serde(default)]
    pub texts: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub publication_category: Option<String>,
    /// E.g. `["dpia","iama"]`, `["other"]`, `["none"]`.
    #[serde(default)]
    pub impact_codes: Vec<String>,
    /// "1.0", "0.4", …
    pub standard_version: String,
    /// "nld" (Dutch), "eng" (English) or "fry" (Frisian); anything else is
    /// analysed as Dutch.
    pub lang: String,
    pub published_at: DateTime<Utc>,
}

/// Filters on stored values (e.g. status `"In gebruik"`): values within one
/// filter combine with OR, filters combine with AND.
///
/// `orgs` takes organisation codes; an organisation's exact name works too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub orgs: Vec<String>,
    #[serde(default)]
    pub org_types: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub statuses: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub impact_codes: Vec<String>,
    #[serde(default)]
    pub providers: Vec<String>,
    #[serde(default)]
    pub standard_versions: Vec<String>,
    #[serde(default)]
    pub langs: Vec<String>,
}

impl Filters {
    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        self.groups().iter().all(|g| g.is_empty())
    }

    /// The filter values in the internal group order: the eight facets in
    /// [`FACET_NAMES`] order, then languages.
    pub(crate) fn groups(&self) -> [&Vec<String>; 9] {
        [
            &self.orgs,
            &self.org_types,
            &self.themes,
            &self.statuses,
            &self.categories,
            &self.impact_codes,
            &self.providers,
            &self.standard_versions,
            &self.langs,
        ]
    }
}

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; recency breaks ties. Without query text: newest first.
    #[default]
    Relevance,
    /// Most recently published first.
    Newest,
    /// Alphabetical by name (case and accents ignored).
    Name,
}

impl Sort {
    /// Reads a URL parameter (`relevance`/`relevantie`, `newest`/`nieuwste`,
    /// `name`/`naam`); anything else is `None`.
    pub fn from_param(value: &str) -> Option<Sort> {
        match value.trim().to_ascii_lowercase().as_str() {
            "relevance" | "relevantie" | "" => Some(Sort::Relevance),
            "newest" | "nieuwste" | "date" | "datum" => Some(Sort::Newest),
            "name" | "naam" | "alphabetical" | "alfabetisch" => Some(Sort::Name),
            _ => None,
        }
    }

    /// The canonical URL parameter.
    pub fn as_param(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Name => "name",
        }
    }
}

/// One search request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// The citizen's query text (may be empty: then everything matches).
    pub text: String,
    pub filters: Filters,
    pub sort: Sort,
    /// 1-based; 0 is read as 1.
    pub page: usize,
    /// Clamped to 1..=100.
    pub page_size: usize,
}

impl SearchQuery {
    /// Default page size.
    pub const DEFAULT_PAGE_SIZE: usize = 10;
    /// Largest page size honoured.
    pub const MAX_PAGE_SIZE: usize = 100;
    /// Deepest result position that can be paged to.
    pub const MAX_WINDOW: usize = 10_000;

    /// A relevance-sorted first page for `text`, without filters.
    pub fn new(text: impl Into<String>) -> Self {
        SearchQuery {
            text: text.into(),
            ..Default::default()
        }
    }
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            page: 1,
            page_size: Self::DEFAULT_PAGE_SIZE,
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub org_code: String,
    pub org_name: String,
    pub org_type: String,
    pub status: Option<String>,
    pub publication_category: Option<String>,
    pub themes: Vec<String>,
    pub impact_codes: Vec<String>,
    pub provider: Option<String>,
    pub standard_version: String,
    pub lang: String,
    pub published_at: DateTime<Utc>,
    /// Relevance score (0 when sorted by name or date).
    pub score: f32,
    /// HTML: escaped text with `<mark>` around matched words.
    pub snippet: String,
}

/// One facet value with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// The stored value — what goes back into [`Filters`].
    pub value: String,
    /// Display text: the organisation's name for the `organisation` facet
    /// (whose values are codes), otherwise the value itself.
    pub label: String,
    pub count: u64,
}

/// The answer to a [`SearchQuery`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Number of matching descriptions (all pages).
    pub total: usize,
    pub hits: Vec<Hit>,
    /// `(facet parameter, values)` in [`FACET_NAMES`] order. Counts are
    /// disjunctive: facet F is counted with every filter except F's own.
    /// Values are ordered by count (descending), then value; selected values
    /// are always listed, even with count 0.
    pub facets: Vec<(String, Vec<FacetValue>)>,
    /// Set when the results are for a corrected query (never silently).
    pub correction: Option<Correction>,
    /// Set when the query named one description or one organisation.
    pub direct: Option<Direct>,
    /// The query as we read it, for "we searched for …" (empty when the
    /// query had no usable terms and everything matched).
    pub interpreted: String,
}

/// "No/few results for `original`; showing results for `corrected`."
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// The query as typed (after sanitising).
    pub original: String,
    /// The query the results are for.
    pub corrected: String,
    /// How many results the original query had.
    pub original_total: usize,
}

/// The query named something directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Direct {
    /// An Algoritme-ID of an indexed description.
    Algorithm(String),
    /// An organisation code (also when the query was exactly its name).
    Organisation(String),
}

/// What a suggestion points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SuggestionKind {
    Algorithm,
    Organisation,
    Abbreviation,
}

/// One search-as-you-type suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// Display text: the description's name, the organisation's name, or
    /// the abbreviation.
    pub text: String,
    /// Algorithm: its ID. Organisation: its code. Abbreviation: none.
    pub id: Option<String>,
    /// Algorithm: organisation name. Organisation: organisation type.
    /// Abbreviation: its expansions, joined by " / ".
    pub detail: Option<String>,
}
