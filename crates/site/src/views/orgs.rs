//! The directory of organisations and the page of one organisation.

use askama::Template;

use super::search::{Link, Pagination, Results};
use crate::Page;

/// An organisation in the directory.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub name: String,
    pub href: String,
    /// Its kind, in the page's language.
    pub kind: String,
    /// "12 descriptions", or that it has published nothing yet.
    pub published: String,
}

/// The organisations whose name starts with one letter.
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub letter: String,
    pub entries: Vec<Entry>,
}

/// A letter of the A–Z row: a link when organisations start with it.
#[derive(Debug, Clone, Default)]
pub struct Letter {
    pub letter: String,
    pub href: Option<String>,
    pub current: bool,
}

/// A kind of organisation in the type filter, with how many there are.
#[derive(Debug, Clone, Default)]
pub struct Kind {
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "orgs.html")]
pub struct Directory {
    pub page: Page,
    pub q: String,
    pub kinds: Vec<Kind>,
    /// Also list organisations that have published nothing yet.
    pub all: bool,
    pub letters: Vec<Letter>,
    /// Every letter again (when one letter is chosen).
    pub all_letters: Option<String>,
    pub groups: Vec<Group>,
    /// "23 organisations", read out to screen readers.
    pub status: String,
    /// Remove the name, type and letter.
    pub clear_href: Option<String>,
    pub pagination: Pagination,
}

/// How to reach an organisation with questions.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub text: String,
    /// `mailto:` or an `https` link; `None` for other text.
    pub href: Option<String>,
}

#[derive(Template)]
#[template(path = "organisation.html")]
pub struct OrganisationPage {
    pub page: Page,
    pub name: String,
    pub code: String,
    pub kind: String,
    pub about: String,
    pub contact: Option<Contact>,
    /// How many descriptions it has published.
    pub published: String,
    pub has_published: bool,
    /// The organisation in the API.
    pub api: Link,
    pub results: Results,
}
