//! Error pages: not found, bad request, unavailable, internal.

use askama::Template;

use crate::Page;

/// A parameter of the URL that cannot be used.
#[derive(Debug, Clone)]
pub struct Problem {
    pub param: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: Page,
    /// `not-found`, `bad-request`, `unavailable` or `internal`.
    pub kind: &'static str,
    pub problems: Vec<Problem>,
}
