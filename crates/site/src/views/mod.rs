//! The page templates, one module per part of the site, and the small pieces they share.

pub mod admin;
pub mod beheer;
pub mod content;
pub mod description;
pub mod errors;
pub mod home;
pub mod orgs;
pub mod search;

/// A published description in a list (home, search results, an organisation's page).
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub id: String,
    pub name: String,
    /// The canonical page, with language prefix.
    pub href: String,
    pub organisation: String,
    /// The organisation's page, with language prefix.
    pub organisation_href: String,
    /// The short description, plain text.
    pub summary: String,
    /// HTML, escaped except for `<mark>`: where the words were found.
    pub snippet: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    /// The publication date as written in the page's language.
    pub published: String,
}

impl Summary {
    /// The publication category is "high-risk AI system" (shown with extra weight).
    pub fn high_risk(&self) -> bool {
        self.category.as_deref().is_some_and(is_high_risk)
    }
}

/// Whether a publication category is that of high-risk AI systems.
pub fn is_high_risk(category: &str) -> bool {
    category.to_lowercase().contains("hoog-risico")
}

/// A link with a count (a theme, a category, a facet value).
#[derive(Debug, Clone, Default)]
pub struct Choice {
    pub label: String,
    pub href: String,
    pub count: u64,
}
