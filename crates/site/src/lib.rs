//! The public website's presentation: askama templates, the interface texts in Dutch, English and
//! Frisian, and the embedded stylesheet and script. No I/O and no knowledge of the database: handlers in
//! `algoreg-web` fill the view structs defined here and render them.
//!
//! Kept in its own small crate so that editing a template or a text rebuilds little.

pub mod assets;
pub mod i18n;
pub mod page;
pub mod views;

pub use algoreg_standard::Lang;
pub use i18n::Tr;
pub use page::Page;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
