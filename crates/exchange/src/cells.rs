//! The field columns of a tabular download, rendered once: when a version is published, the register
//! renders its cells and the store keeps them beside the version. A CSV download then copies stored
//! text instead of parsing every document, mapping it to standard 1.0 and turning rich text into plain
//! text again (what made a full export slow); XLSX splits the same text into its cells.
//!
//! The text is the field cells of one CSV row of the download (every column after the meta columns, see
//! [`columns`](mod@crate::columns)), encoded exactly as [`CsvWriter`](crate::CsvWriter) encodes them,
//! without a line end. Stored cells are only valid for the [`FieldCells::FORMAT`] they were rendered
//! with: whoever changes what a cell holds (the columns, `plain_text`, the mapping of older versions)
//! changes the format, and older cells are rendered again from the document when they are read.

use std::borrow::Cow;

use algoreg_standard::{Document, StandardVersion, to_v1};

use crate::columns::{field_columns, field_text};
use crate::csv::csv_writer;

/// The rendered field cells of one published version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldCells(String);

impl FieldCells {
    /// The version of the rendering. A test pins the cells of fixed documents to this number: when the
    /// output changes, it fails until this number goes up.
    pub const FORMAT: i64 = 1;

    /// Renders the field cells of `doc`, a document in standard `version`.
    pub fn render(version: StandardVersion, doc: &Document) -> Self {
        let doc = if version == StandardVersion::V1_0 {
            Cow::Borrowed(doc)
        } else {
            Cow::Owned(to_v1(version, doc))
        };
        let values = field_columns().iter().map(|c| {
            c.field()
                .and_then(|f| doc.get(&f.key).map(|v| field_text(f, v)))
                .unwrap_or_default()
        });
        let mut w = csv_writer(Vec::new());
        // Writing to memory does not fail.
        let written = w.write_record(values).is_ok();
        let mut bytes = match w.into_inner() {
            Ok(bytes) if written => bytes,
            _ => Vec::new(),
        };
        if bytes.ends_with(b"\r\n") {
            bytes.truncate(bytes.len() - 2);
        }
        // The csv writer wrote the UTF-8 of Rust strings and ASCII punctuation.
        Self(String::from_utf8(bytes).unwrap_or_default())
    }

    /// Cells as the store kept them (rendered with [`FieldCells::FORMAT`]).
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    /// The encoded cells, as they are stored and as they appear in a CSV row.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// The cells one by one, in column order.
    pub fn values(&self) -> Vec<String> {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(self.0.as_bytes());
        let mut record = ::csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) => record.iter().map(str::to_owned).collect(),
            _ => Vec::new(),
        }
    }
}
