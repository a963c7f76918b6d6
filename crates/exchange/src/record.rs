//! The public record: one published version of a description, as open-data downloads carry it.

use algoreg_standard::{Document, StandardVersion};
use chrono::{DateTime, Utc};

use crate::FieldCells;

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
    pub content: Content,
}

/// What a record carries of the description itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// The document as stored (normalised; rich text already sanitised), in its own standard version.
    /// Every download can be written from it.
    Document(Document),
    /// The field columns of the tabular downloads, rendered when the version was published: CSV and
    /// XLSX copy them instead of converting the document again. Not enough for the JSON download.
    Cells(FieldCells),
}

impl PublicRecord {
    /// The document, when the record carries it.
    pub fn document(&self) -> Option<&Document> {
        match &self.content {
            Content::Document(d) => Some(d),
            Content::Cells(_) => None,
        }
    }
}
