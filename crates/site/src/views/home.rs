//! The home page.

use askama::Template;

use super::{Choice, Summary};
use crate::Page;

#[derive(Template)]
#[template(path = "home.html")]
pub struct Home {
    pub page: Page,
    /// Published descriptions.
    pub descriptions: u64,
    /// Organisations with at least one published description.
    pub organisations: u64,
    pub high_risk: u64,
    pub latest: Vec<Summary>,
    pub themes: Vec<Choice>,
    pub categories: Vec<Choice>,
}
