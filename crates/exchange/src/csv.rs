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

use crate::columns::{Row, column_keys, columns, meta_values};
use crate::{Content, OpenDataError, PublicRecord};

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
    out: W,
    /// The row being encoded; handed to `out` after each row.
    line: Vec<u8>,
    history: bool,
    rows: u64,
}

/// The CSV dialect of the downloads (see the module documentation).
pub(crate) fn csv_writer<W: Write>(out: W) -> ::csv::Writer<W> {
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
        let mut w = Self {
            out,
            line: Vec::new(),
            history: options.history,
            rows: 0,
        };
        w.encode(csv_columns(options.history))?;
        w.send_line()?;
        Ok(w)
    }

    /// Appends one CSV record (with its line end) to the row being written.
    fn encode<I, T>(&mut self, record: I) -> Result<(), OpenDataError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut w = csv_writer(std::mem::take(&mut self.line));
        w.write_record(record)?;
        self.line = w
            .into_inner()
            .map_err(|e| OpenDataError::Io(e.into_error()))?;
        Ok(())
    }

    fn send_line(&mut self) -> Result<(), OpenDataError> {
        self.out.write_all(&self.line)?;
        self.line.clear();
        Ok(())
    }

    /// Writes the row of one record: the stored field cells as they are, when the record has them.
    pub fn write(&mut self, record: &PublicRecord) -> Result<(), OpenDataError> {
        let cols = columns(self.history);
        match &record.content {
            Content::Cells(cells) => {
                self.encode(meta_values(record, cols))?;
                if self.line.ends_with(b"\r\n") {
                    self.line.truncate(self.line.len() - 2);
                }
                self.line.push(b',');
                self.line.extend_from_slice(cells.as_str().as_bytes());
                self.line.extend_from_slice(b"\r\n");
            }
            Content::Document(_) => self.encode(Row::new(record).values(cols))?,
        }
        self.send_line()?;
        self.rows += 1;
        Ok(())
    }

    /// The number of records written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Passes everything written so far on to the underlying writer.
    pub fn flush(&mut self) -> Result<(), OpenDataError> {
        self.send_line()?;
        self.out.flush()?;
        Ok(())
    }

    /// Ends the download and returns the underlying writer, flushed.
    pub fn finish(mut self) -> Result<W, OpenDataError> {
        self.flush()?;
        Ok(self.out)
    }
}

impl CsvWriter<Vec<u8>> {
    /// Takes the bytes written so far, to send them as one chunk; the writer goes on with an empty buffer.
    /// Concatenating every chunk and then [`CsvWriter::finish`]'s buffer gives the whole file.
    pub fn take_output(&mut self) -> Result<Vec<u8>, OpenDataError> {
        self.send_line()?;
        Ok(std::mem::take(&mut self.out))
    }
}
