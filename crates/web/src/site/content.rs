//! Filled in by its own change.

use axum::Router;

use crate::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
}

/// Routes outside the language prefixes (`robots.txt`, `sitemap.xml`).
pub fn root_routes() -> Router<SharedState> {
    Router::new()
}
