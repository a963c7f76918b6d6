//! The XLSX (Excel) download: the same rows and columns as the CSV (see [`columns`](mod@crate::columns)), for people
//! who work in a spreadsheet.
//!
//! - Sheet 1 (`Algoritmes` / `Algorithms` / `Algoritmen`): a header row with the column **labels** in the
//!   chosen language (bold, frozen, with a filter), then one row per record.
//! - Sheet 2 (`Toelichting` / `Explanation` / `Taljochting`): one row per column of sheet 1 with its key
//!   (the CSV header), its label and a short explanation (the field's help text from the standard, or our
//!   own sentence for the meta columns).
//!
//! Every value is a text cell, except `version` (history downloads), which is a number. Times are text in
//! RFC 3339, UTC (`2024-03-01T09:00:00Z`), exactly as in the CSV: no time-zone conversion happens, and the
//! text sorts in time order. A cell holds at most 32,767 characters (counted as Excel does, in UTF-16
//! units); a longer value is cut and ends with `…`. No value is ever read as a formula.
//!
//! Rows go to a temporary file as they are written (`rust_xlsxwriter`'s constant-memory mode), so memory
//! stays flat; [`XlsxWriter::finish`] zips the workbook.

use std::io::{Seek, Write};
use std::path::PathBuf;

use algoreg_standard::{FieldKind, Lang};
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, Worksheet};

use crate::OpenDataError;
use crate::PublicRecord;
use crate::columns::{Column, Meta, Row, Source, columns};

/// The most characters (UTF-16 units) Excel accepts in one cell.
pub const MAX_CELL_LEN: usize = 32_767;

/// How to write an XLSX download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XlsxOptions {
    /// The language of the header row, the sheet names and the explanation sheet.
    pub lang: Lang,
    /// Add the history columns.
    pub history: bool,
    /// Where the temporary row file goes; the system's temporary directory when `None`.
    pub tempdir: Option<PathBuf>,
}

impl XlsxOptions {
    /// Options with the system's temporary directory.
    pub fn new(lang: Lang, history: bool) -> Self {
        Self {
            lang,
            history,
            tempdir: None,
        }
    }
}

/// The name of the data sheet in `lang`.
pub fn data_sheet_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Algoritmes",
        Lang::En => "Algorithms",
        Lang::Fy => "Algoritmen",
    }
}

/// The name of the explanation sheet in `lang`.
pub fn explanation_sheet_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Toelichting",
        Lang::En => "Explanation",
        Lang::Fy => "Taljochting",
    }
}

/// The header row of the explanation sheet in `lang`: key, label, explanation.
pub fn explanation_headers(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Nl => ["Sleutel", "Kolomnaam", "Uitleg"],
        Lang::En => ["Key", "Column name", "Explanation"],
        Lang::Fy => ["Kaai", "Kolomnamme", "Utlis"],
    }
}

/// Writes an XLSX download one record at a time.
pub struct XlsxWriter {
    workbook: Workbook,
    history: bool,
    /// The next row to write on the data sheet.
    next_row: RowNum,
}

const DATA_SHEET: usize = 0;

impl XlsxWriter {
    /// Starts the workbook: the data sheet with its header row, and the explanation sheet.
    pub fn new(options: XlsxOptions) -> Result<Self, OpenDataError> {
        let lang = options.lang;
        let cols = columns(options.history);
        let bold = Format::new().set_bold();
        let mut workbook = Workbook::new();
        if let Some(dir) = &options.tempdir {
            workbook.set_tempdir(dir)?;
        }

        let data = workbook.add_worksheet_with_constant_memory()?;
        data.set_name(data_sheet_name(lang))?;
        for (i, c) in cols.iter().enumerate() {
            let col = col_num(i);
            data.set_column_width(col, width(c, lang))?;
            data.write_string_with_format(0, col, c.label(lang), &bold)?;
        }
        data.set_freeze_panes(1, 0)?;

        let wrap = Format::new().set_text_wrap();
        let explain = workbook.add_worksheet();
        explain.set_name(explanation_sheet_name(lang))?;
        for (i, h) in explanation_headers(lang).into_iter().enumerate() {
            explain.write_string_with_format(0, col_num(i), h, &bold)?;
        }
        explain.set_column_width(0, 24)?;
        explain.set_column_width(1, 40)?;
        explain.set_column_width(2, 100)?;
        explain.set_freeze_panes(1, 0)?;
        for (i, c) in cols.iter().enumerate() {
            let row = (i + 1) as RowNum;
            explain.write_string(row, 0, c.key)?;
            explain.write_string(row, 1, c.label(lang))?;
            explain.write_string_with_format(row, 2, c.explanation(lang), &wrap)?;
        }

        Ok(Self {
            workbook,
            history: options.history,
            next_row: 1,
        })
    }

    fn data_sheet(&mut self) -> Result<&mut Worksheet, OpenDataError> {
        Ok(self.workbook.worksheet_from_index(DATA_SHEET)?)
    }

    /// Writes the row of one record.
    pub fn write(&mut self, record: &PublicRecord) -> Result<(), OpenDataError> {
        let row_num = self.next_row;
        let cols = columns(self.history);
        let row = Row::new(record);
        let sheet = self.data_sheet()?;
        for (i, c) in cols.iter().enumerate() {
            let col = col_num(i);
            if matches!(c.source, Source::Meta(Meta::Version)) {
                sheet.write_number(row_num, col, record.version as f64)?;
            } else {
                let text = row.text(c);
                if !text.is_empty() {
                    sheet.write_string(row_num, col, fit_cell(text))?;
                }
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// The number of records written so far.
    pub fn rows(&self) -> u64 {
        u64::from(self.next_row - 1)
    }

    fn close(&mut self) -> Result<(), OpenDataError> {
        let last_row = self.next_row - 1;
        let last_col = col_num(columns(self.history).len() - 1);
        self.data_sheet()?.autofilter(0, 0, last_row, last_col)?;
        Ok(())
    }

    /// Ends the workbook and returns its bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, OpenDataError> {
        self.close()?;
        Ok(self.workbook.save_to_buffer()?)
    }

    /// Ends the workbook and writes it to `out` (a file, say), without holding the zipped workbook in memory.
    pub fn finish_to<W: Write + Seek + Send>(mut self, out: W) -> Result<(), OpenDataError> {
        self.close()?;
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

fn col_num(i: usize) -> ColNum {
    ColNum::try_from(i).expect("fewer columns than Excel allows")
}

/// A sensible width (in characters) for a column.
fn width(c: &Column, lang: Lang) -> f64 {
    let by_content: usize = match c.source {
        Source::Meta(m) => match m {
            Meta::AlgorithmId | Meta::StandardVersion | Meta::Version => 12,
            Meta::OrganisationCode | Meta::State => 14,
            Meta::FirstPublishedAt | Meta::PublishedAt | Meta::SupersededAt => 22,
            Meta::OrganisationName | Meta::StateReason => 36,
            Meta::RegisterUrl => 45,
        },
        Source::Field(f) => match (f.key.as_str(), f.kind) {
            ("description_short", _) => 60,
            (_, FieldKind::RichText | FieldKind::LongText | FieldKind::LinkGroup) => 60,
            (_, FieldKind::Url) => 40,
            (_, FieldKind::Month) => 12,
            (_, FieldKind::Enum) => 22,
            _ => 30,
        },
    };
    let by_label = c.label(lang).chars().count() + 4;
    by_content.max(by_label.min(50)) as f64
}

/// `text`, cut to what one cell holds: at most [`MAX_CELL_LEN`] UTF-16 units, ending in `…` when cut.
pub fn fit_cell(text: String) -> String {
    // A text of at most MAX_CELL_LEN bytes has at most that many UTF-16 units.
    if text.len() <= MAX_CELL_LEN
        || text.chars().map(char::len_utf16).sum::<usize>() <= MAX_CELL_LEN
    {
        return text;
    }
    let mut units = 0;
    let mut end = 0;
    for (i, ch) in text.char_indices() {
        // Keep one unit for the ellipsis.
        if units + ch.len_utf16() > MAX_CELL_LEN - 1 {
            break;
        }
        units += ch.len_utf16();
        end = i + ch.len_utf8();
    }
    let mut cut = text;
    cut.truncate(end);
    cut.push('…');
    cut
}
