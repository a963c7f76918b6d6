//! The public JSON download: the published register (or its history) as one JSON document, written as a
//! stream, one algorithm at a time.
//!
//! # Shape (format `algoreg-open-data`, format version 1)
//!
//! ```json
//! {"format":"algoreg-open-data","format_version":1,
//! "organisations":[
//! {"code":"gm0363","name":"Gemeente Amsterdam","type":"gemeente"}
//! ],"algorithms":[
//! {"id":"12345674","organisation":{"code":"gm0363","name":"Gemeente Amsterdam"},
//!  "url":"https://…/algoritme/12345674","first_published_at":"2024-03-01T09:00:00Z",
//!  "published_at":"2025-01-10T14:30:00Z","standard_version":"1.0","version":3,
//!  "document":{"name":"…","goal":"<p>…</p>", …}}
//! ]}
//! ```
//!
//! - `format` is always `"algoreg-open-data"`, `format_version` is `1`. A change that could break a reader
//!   raises the format version; new keys may be added without it.
//! - `organisations`: the organisations the caller passes, in the order given: `code` (TOOI code, lower
//!   case), `name`, `type` (`gemeente`, `provincie`, …).
//! - `algorithms`: one object per record, in the order written:
//!   - `id`: the Algoritme-ID (8 digits, as a string);
//!   - `organisation`: `code` and `name` of the publishing organisation;
//!   - `url`: the canonical public link to the description;
//!   - `first_published_at`, `published_at`: when the description was first published and when this
//!     version was published, RFC 3339 in UTC to the second, or `null`;
//!   - `standard_version`: the version of the standard the document follows (`"1.0"`, `"0.4"`, …);
//!   - `version`: the version number of the description (1, 2, …);
//!   - `document`: the description as stored, in **its own** version of the standard, keys as in the
//!     delivery API and in the stored order. Rich text stays sanitised HTML (only `p br ul ol li div`, no
//!     attributes). Fields that are not public (`tags`) are left out; nothing else is changed.
//! - Times are never the moment of the download: the same data gives the same bytes.
//!
//! ## History variant
//!
//! With `history`, every algorithm carries `id`, `organisation`, `url` and `first_published_at` as above,
//! and instead of `published_at`, `standard_version`, `version` and `document` a list `versions`, oldest
//! first, of every version that was ever public:
//!
//! ```json
//! {"id":"12345674","organisation":{"code":"gm0363","name":"Gemeente Amsterdam"},"url":"…",
//!  "first_published_at":"2024-03-01T09:00:00Z","versions":[
//! {"version":1,"state":"superseded","state_reason":null,"published_at":"2024-03-01T09:00:00Z",
//!  "superseded_at":"2025-01-10T14:30:00Z","standard_version":"0.4","document":{…}},
//! {"version":3,"state":"published","state_reason":null,"published_at":"2025-01-10T14:30:00Z",
//!  "superseded_at":null,"standard_version":"1.0","document":{…}}]}
//! ```
//!
//! `state` is `published`, `superseded`, `retracted` or `archived`; `state_reason` says why a version was
//! retracted or archived, or is `null`. Records of one description must arrive one after the other, in
//! increasing version order; the writer never holds more than the record it is writing.
//!
//! The file starts every organisation, algorithm and version on a new line, so that it diffs well; it is
//! one JSON value all the same.

use std::io::Write;

use algoreg_domain::Organisation;
use algoreg_standard::{Document, StandardVersion, standard};
use chrono::{DateTime, Utc};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::OpenDataError;
use crate::PublicRecord;
use crate::columns::format_time;

/// The value of the `format` key.
pub const FORMAT: &str = "algoreg-open-data";
/// The value of the `format_version` key.
pub const FORMAT_VERSION: u32 = 1;

/// An organisation as the public JSON lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PublicOrganisation {
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub org_type: String,
}

impl From<&Organisation> for PublicOrganisation {
    fn from(o: &Organisation) -> Self {
        Self {
            code: o.code.to_string(),
            name: o.name.clone(),
            org_type: o.org_type.as_str().to_owned(),
        }
    }
}

/// The document without its non-public fields, serialised in stored order.
struct PublicDocument<'a> {
    doc: &'a Document,
    version: StandardVersion,
}

impl Serialize for PublicDocument<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let def = standard(self.version);
        let mut map = s.serialize_map(None)?;
        for (k, v) in self.doc {
            let private = k == "tags" || def.field(k).is_some_and(|f| !f.public);
            if !private {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

#[derive(Serialize)]
struct OrgRef<'a> {
    code: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Algorithm<'a> {
    id: &'a str,
    organisation: OrgRef<'a>,
    url: &'a str,
    first_published_at: Option<String>,
    published_at: Option<String>,
    standard_version: StandardVersion,
    version: i64,
    document: PublicDocument<'a>,
}

#[derive(Serialize)]
struct Version<'a> {
    version: i64,
    state: &'a str,
    state_reason: Option<&'a str>,
    published_at: Option<String>,
    superseded_at: Option<String>,
    standard_version: StandardVersion,
    document: PublicDocument<'a>,
}

fn time(t: Option<&DateTime<Utc>>) -> Option<String> {
    t.map(format_time)
}

fn document(r: &PublicRecord) -> Result<PublicDocument<'_>, OpenDataError> {
    let doc = r
        .document()
        .ok_or_else(|| OpenDataError::NoDocument { id: r.id.clone() })?;
    Ok(PublicDocument {
        doc,
        version: r.standard_version,
    })
}

/// Writes the public JSON download one record at a time (see the module documentation for the shape).
pub struct JsonWriter<W: Write> {
    out: W,
    history: bool,
    algorithms: u64,
    /// History: the description being written and its last version number.
    open: Option<(String, i64)>,
}

impl<W: Write> JsonWriter<W> {
    /// Starts the download and writes the organisations. `history` selects the history variant.
    pub fn new(
        mut out: W,
        history: bool,
        organisations: &[PublicOrganisation],
    ) -> Result<Self, OpenDataError> {
        write!(
            out,
            "{{\"format\":\"{FORMAT}\",\"format_version\":{FORMAT_VERSION},\n\"organisations\":["
        )?;
        for (i, o) in organisations.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut out, o)?;
        }
        out.write_all(b"\n],\"algorithms\":[")?;
        Ok(Self {
            out,
            history,
            algorithms: 0,
            open: None,
        })
    }

    fn start_algorithm(&mut self) -> Result<(), OpenDataError> {
        let sep: &[u8] = if self.algorithms == 0 { b"\n" } else { b",\n" };
        self.out.write_all(sep)?;
        self.algorithms += 1;
        Ok(())
    }

    /// Writes one record: an algorithm, or in the history variant one version of an algorithm.
    pub fn write(&mut self, record: &PublicRecord) -> Result<(), OpenDataError> {
        let doc = document(record)?;
        if !self.history {
            self.start_algorithm()?;
            let a = Algorithm {
                id: &record.id,
                organisation: OrgRef {
                    code: &record.org_code,
                    name: &record.org_name,
                },
                url: &record.url,
                first_published_at: time(record.first_published_at.as_ref()),
                published_at: time(record.published_at.as_ref()),
                standard_version: record.standard_version,
                version: record.version,
                document: doc,
            };
            serde_json::to_writer(&mut self.out, &a)?;
            return Ok(());
        }

        match &mut self.open {
            Some((id, last)) if *id == record.id => {
                if record.version <= *last {
                    return Err(OpenDataError::OutOfOrder {
                        id: record.id.clone(),
                        version: record.version,
                    });
                }
                *last = record.version;
                self.out.write_all(b",\n")?;
            }
            _ => {
                if self.open.take().is_some() {
                    self.out.write_all(b"]}")?;
                }
                self.start_algorithm()?;
                self.out.write_all(b"{\"id\":")?;
                serde_json::to_writer(&mut self.out, &record.id)?;
                self.out.write_all(b",\"organisation\":")?;
                serde_json::to_writer(
                    &mut self.out,
                    &OrgRef {
                        code: &record.org_code,
                        name: &record.org_name,
                    },
                )?;
                self.out.write_all(b",\"url\":")?;
                serde_json::to_writer(&mut self.out, &record.url)?;
                self.out.write_all(b",\"first_published_at\":")?;
                serde_json::to_writer(&mut self.out, &time(record.first_published_at.as_ref()))?;
                self.out.write_all(b",\"versions\":[\n")?;
                self.open = Some((record.id.clone(), record.version));
            }
        }
        let v = Version {
            version: record.version,
            state: &record.state,
            state_reason: record.state_reason.as_deref(),
            published_at: time(record.published_at.as_ref()),
            superseded_at: time(record.superseded_at.as_ref()),
            standard_version: record.standard_version,
            document: doc,
        };
        serde_json::to_writer(&mut self.out, &v)?;
        Ok(())
    }

    /// The number of algorithms started so far.
    pub fn algorithms(&self) -> u64 {
        self.algorithms
    }

    /// The underlying writer, e.g. to take the bytes written so far.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Ends the document and returns the underlying writer, flushed.
    pub fn finish(mut self) -> Result<W, OpenDataError> {
        if self.open.take().is_some() {
            self.out.write_all(b"]}")?;
        }
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl JsonWriter<Vec<u8>> {
    /// Takes the bytes written so far, to send them as one chunk. Concatenating every chunk and then
    /// [`JsonWriter::finish`]'s buffer gives the whole document.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
}
