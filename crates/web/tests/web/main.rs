//! The HTTP front doors end to end: one test binary for the crate.

mod api;
mod auth;
mod beheer;
mod beheer_oidc;
mod beheer_templates;
mod beheer_totp;
mod compat;
mod site;
mod site_content;
mod site_description;
mod site_orgs;
mod site_search;
mod write;

/// This crate's folder, read when the test runs: a test binary built in another checkout of a shared
/// target folder must read this checkout's files.
pub fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo")
}
