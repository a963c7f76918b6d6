//! Formats in and out of the register:
//!
//! - [`dump`]: the full-register JSON dump that `algoreg export` and `algoreg import` use (every
//!   organisation, every description, every version), written as a stream.
//! - The open-data downloads of the public register, written one [`PublicRecord`] at a time so that a
//!   caller can stream rows from the database and send chunks over HTTP: [`csv`] ([`CsvWriter`]), [`xlsx`]
//!   ([`XlsxWriter`]) and [`public_json`] ([`JsonWriter`]). CSV and XLSX share the columns of [`columns`](mod@columns).
//!   A download of one description (or its history) is the same writer with one record (or its versions).
//!
//! This crate only shapes data; validating documents against the standard and writing to the store
//! are the register's services.

pub mod cells;
pub mod columns;
pub mod csv;
pub mod dump;
pub mod public_json;
pub mod record;
pub mod xlsx;

pub use crate::csv::{CsvOptions, CsvWriter, csv_columns};
pub use cells::FieldCells;
pub use columns::{Column, column_keys, columns};
pub use public_json::{JsonWriter, PublicOrganisation};
pub use record::{Content, PublicRecord};
pub use xlsx::{XlsxOptions, XlsxWriter};

/// Why an open-data download could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OpenDataError {
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("writing XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The JSON download holds documents; this record came with its rendered cells only.
    #[error("record {id} has no document")]
    NoDocument { id: String },
    /// History downloads need the versions of a description one after the other, oldest first.
    #[error("version {version} of {id} arrived out of order")]
    OutOfOrder { id: String, version: i64 },
}
