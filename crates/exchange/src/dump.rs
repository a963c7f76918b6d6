//! The full-register dump: a stable, documented JSON shape (see `docs/DATA-FORMATS.md`).
//!
//! ```json
//! { "format": "algoreg-dump", "format_version": 1,
//!   "organisations": [ { "code": "gm0363", "name": "…", "type": "gemeente", … } ],
//!   "templates": [ { "id": 1, "provider": "…", "name": "…", "document": { … }, … } ],
//!   "descriptions": [ { "id": "12345674", "organisation": "gm0363", "created_at": "…",
//!       "versions": [ { "n": 1, "state": "published", "standard_version": "1.0", "document": { … }, … } ] } ] }
//! ```
//! Export writes descriptions one by one from a database stream, so memory stays flat.

use std::io::Write;

use algoreg_domain::{OrgCode, OrgType, Organisation, PublicationFlow};
use algoreg_store::{ExportRow, StoreError, TemplateRow};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "algoreg-dump";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpOrganisation {
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub org_type: String,
    #[serde(default)]
    pub parent: Option<String>,
    pub flow: String,
    pub public_page: bool,
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub contact: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpVersion {
    pub n: i64,
    pub state: String,
    pub standard_version: String,
    pub created_at: DateTime<Utc>,
    pub author: String,
    pub state_changed_at: DateTime<Utc>,
    #[serde(default)]
    pub state_reason: Option<String>,
    #[serde(default)]
    pub published_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub superseded_at: Option<DateTime<Utc>>,
    pub document: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpDescription {
    pub id: String,
    pub organisation: String,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub source_id: Option<String>,
    #[serde(default)]
    pub archived_at: Option<DateTime<Utc>>,
    /// The supplier's template it was started from (an `id` in `templates`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<i64>,
    pub versions: Vec<DumpVersion>,
}

/// A supplier's template description of its product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DumpTemplate {
    pub id: i64,
    pub provider: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub published_at: Option<DateTime<Utc>>,
    pub document: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dump {
    pub format: String,
    pub format_version: u32,
    pub organisations: Vec<DumpOrganisation>,
    /// Absent in dumps written before templates existed.
    #[serde(default)]
    pub templates: Vec<DumpTemplate>,
    pub descriptions: Vec<DumpDescription>,
}

#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("reading the database: {0}")]
    Store(#[from] StoreError),
}

impl From<&Organisation> for DumpOrganisation {
    fn from(o: &Organisation) -> Self {
        Self {
            code: o.code.to_string(),
            name: o.name.clone(),
            org_type: o.org_type.as_str().to_owned(),
            parent: o.parent.as_ref().map(ToString::to_string),
            flow: o.flow.as_str().to_owned(),
            public_page: o.public_page,
            about: o.about.clone(),
            contact: o.contact.clone(),
        }
    }
}

impl DumpOrganisation {
    /// The organisation, or the name of the first field that is wrong.
    pub fn to_domain(&self) -> Result<Organisation, &'static str> {
        Ok(Organisation {
            code: OrgCode::parse(&self.code).map_err(|_| "code")?,
            name: Some(self.name.trim())
                .filter(|n| !n.is_empty())
                .ok_or("name")?
                .to_owned(),
            org_type: OrgType::parse(&self.org_type).ok_or("type")?,
            parent: self
                .parent
                .as_deref()
                .map(OrgCode::parse)
                .transpose()
                .map_err(|_| "parent")?,
            flow: PublicationFlow::parse(&self.flow).ok_or("flow")?,
            public_page: self.public_page,
            about: self.about.clone(),
            contact: self.contact.clone(),
        })
    }
}

fn version_of(row: &ExportRow) -> Result<DumpVersion, DumpError> {
    let v = &row.version;
    Ok(DumpVersion {
        n: v.n,
        state: v.state.as_str().to_owned(),
        standard_version: v.columns.standard_version.clone(),
        created_at: v.created_at,
        author: v.author_name.clone(),
        state_changed_at: v.state_changed_at,
        state_reason: v.state_reason.clone(),
        published_at: v.published_at,
        superseded_at: v.superseded_at,
        document: serde_json::from_str(&v.document)?,
    })
}

/// Writes the dump: the organisations, then every description as it streams from the database
/// (rows ordered by description and version). Returns the number of descriptions written.
pub async fn write<W: Write>(
    out: &mut W,
    organisations: &[Organisation],
    templates: &[TemplateRow],
    rows: impl Stream<Item = Result<ExportRow, StoreError>>,
) -> Result<u64, DumpError> {
    write!(
        out,
        "{{\"format\":\"{FORMAT}\",\"format_version\":{FORMAT_VERSION},\"organisations\":["
    )?;
    for (i, o) in organisations.iter().enumerate() {
        element(out, i == 0, &DumpOrganisation::from(o))?;
    }
    out.write_all(b"\n],\"templates\":[")?;
    for (i, t) in templates.iter().enumerate() {
        let t = DumpTemplate {
            id: t.id,
            provider: t.provider.clone(),
            name: t.name.clone(),
            created_at: t.created_at,
            updated_at: t.updated_at,
            published_at: t.published_at,
            document: serde_json::from_str(&t.document)?,
        };
        element(out, i == 0, &t)?;
    }
    out.write_all(b"\n],\"descriptions\":[")?;
    let mut rows = std::pin::pin!(rows);
    let mut current: Option<DumpDescription> = None;
    let mut written = 0u64;
    let mut flush = |out: &mut W, d: DumpDescription| -> Result<(), DumpError> {
        element(out, written == 0, &d)?;
        written += 1;
        Ok(())
    };
    while let Some(row) = rows.next().await {
        let row = row?;
        let version = version_of(&row)?;
        match &mut current {
            Some(d) if d.id == row.description.id.as_string() => d.versions.push(version),
            _ => {
                if let Some(d) = current.take() {
                    flush(out, d)?;
                }
                let d = &row.description;
                current = Some(DumpDescription {
                    id: d.id.as_string(),
                    organisation: d.org.to_string(),
                    created_at: d.created_at,
                    source_id: d.source_id.clone(),
                    archived_at: d.archived_at,
                    template: d.template_id,
                    versions: vec![version],
                });
            }
        }
    }
    if let Some(d) = current.take() {
        flush(out, d)?;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()?;
    Ok(written)
}

/// Writes an element of a JSON array on a line of its own (the brackets are the caller's).
fn element<W: Write, T: Serialize>(out: &mut W, first: bool, item: &T) -> Result<(), DumpError> {
    if !first {
        out.write_all(b",")?;
    }
    out.write_all(b"\n")?;
    serde_json::to_writer(&mut *out, item)?;
    Ok(())
}

/// Reads a dump. A file that is not JSON of this shape is one error with its line and column.
pub fn read(bytes: &[u8]) -> Result<Dump, serde_json::Error> {
    serde_json::from_slice(bytes)
}
