//! The CSV download: RFC 4180 (comma, CRLF line ends, fields quoted only when they contain a comma, a
//! quote or a line break, quotes doubled), UTF-8, with an optional byte-order mark so that Excel reads the
//! text as UTF-8.
//!
//! The header row holds the stable column keys (see [`columns`](mod@crate::columns)), in every language: the CSV is the
//! machine-friendly download. One row per record, written as it arrives, so memory stays flat however many
//! rows there are.
//!
//! Values are written as they are; a value that starts with `=`, `+`, `-` or `@` (such as a list item
//! `- …` in rich text) is not escaped. Spreadsheet users should open the XLSX download instead.

use std::io::Write;

use algoreg_standard::Lang;

use crate::OpenDataError;
use crate::PublicRecord;
use crate::columns::{Row, column_keys, columns};

/// The UTF-8 byte-order mark written first when [`CsvOptions::bom`] is set.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to write a CSV download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    /// The language of the request. The header row holds the stable keys in every language, and the
    /// content of descriptions is always Dutch, so today this does not change a byte of the output.
    pub lang: Lang,
    /// Start with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// Add the history columns and accept every once-published version.
    pub history: bool,
}

/// The column keys of the CSV download, in order: its header row.
pub fn csv_columns(history: bool) -> Vec<&'static str> {
    column_keys(history)
}

/// Writes a CSV download one record at a time.
pub struct CsvWriter<W: Write> {
    inner: ::csv::Writer<W>,
    history: bool,
    rows: u64,
}

fn csv_writer<W: Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .has_headers(false)
        .from_writer(out)
}

impl<W: Write> CsvWriter<W> {
    /// Starts the download: writes the byte-order mark (when asked) and the header row.
    pub fn new(mut out: W, options: CsvOptions) -> Result<Self, OpenDataError> {
        if options.bom {
            out.write_all(BOM)?;
        }
        let mut inner = csv_writer(out);
        inner.write_record(csv_columns(options.history))?;
        Ok(Self {
            inner,
            history: options.history,
            rows: 0,
        })
    }

    /// Writes the row of one record.
    pub fn write(&mut self, record: &PublicRecord) -> Result<(), OpenDataError> {
        let row = Row::new(record);
        self.inner.write_record(row.values(columns(self.history)))?;
        self.rows += 1;
        Ok(())
    }

    /// The number of records written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Passes everything written so far on to the underlying writer.
    pub fn flush(&mut self) -> Result<(), OpenDataError> {
        self.inner.flush()?;
        Ok(())
    }

    /// Ends the download and returns the underlying writer, flushed.
    pub fn finish(self) -> Result<W, OpenDataError> {
        let mut out = self
            .inner
            .into_inner()
            .map_err(|e| OpenDataError::Io(e.into_error()))?;
        out.flush()?;
        Ok(out)
    }
}

impl CsvWriter<Vec<u8>> {
    /// Takes the bytes written so far, to send them as one chunk; the writer goes on with an empty buffer.
    /// Concatenating every chunk and then [`CsvWriter::finish`]'s buffer gives the whole file.
    pub fn take_output(&mut self) -> Result<Vec<u8>, OpenDataError> {
        let old = std::mem::replace(&mut self.inner, csv_writer(Vec::new()));
        old.into_inner()
            .map_err(|e| OpenDataError::Io(e.into_error()))
    }
}
