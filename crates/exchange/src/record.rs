//! The public record: one published version of a description, as open-data downloads carry it.

use algoreg_standard::{Document, StandardVersion};
use chrono::{DateTime, Utc};

/// One published (or once-published, for history downloads) version of a description, with the facts
/// every download row carries. Only public data: never drafts, never the `tags` field.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicRecord {
    /// The Algoritme-ID.
    pub id: String,
    pub org_code: String,
    pub org_name: String,
    /// The canonical public URL of the description.
    pub url: String,
    /// When the description was first published.
    pub first_published_at: Option<DateTime<Utc>>,
    /// When this version was published.
    pub published_at: Option<DateTime<Utc>>,
    /// When a newer version replaced this one (history downloads only).
    pub superseded_at: Option<DateTime<Utc>>,
    /// The version number within the description.
    pub version: i64,
    /// `published`, or for history rows also `superseded`, `retracted`, `archived`.
    pub state: String,
    /// Why it was retracted or archived, when it was.
    pub state_reason: Option<String>,
    pub standard_version: StandardVersion,
    /// The document as stored (normalised; rich text already sanitised), in its own standard version.
    pub document: Document,
}
