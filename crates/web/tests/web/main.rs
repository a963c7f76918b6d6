//! The HTTP front doors end to end: one test binary for the crate.

mod api;
mod auth;
mod beheer;
mod beheer_totp;
mod compat;
mod site;
mod site_content;
mod site_description;
mod site_orgs;
mod site_search;
mod write;
