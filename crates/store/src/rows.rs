//! The shapes that go in and out of the store.

use algoreg_domain::{AlgorithmId, OrgCode, UserId, VersionState};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::StoreError;

/// The columns that filters and lists need, taken from a version's document by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionColumns {
    pub standard_version: String,
    pub name: String,
    /// The short description (plain text), for result lists.
    pub summary: String,
    pub status: Option<String>,
    pub publication_category: Option<String>,
    pub provider: Option<String>,
    pub lang: String,
    pub themes: Vec<String>,
    pub impact_codes: Vec<String>,
    pub completeness: u8,
}

/// The cells of the tabular downloads of a published version, rendered by the caller
/// (`algoreg_exchange::FieldCells`), with the version of that rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportCells {
    pub format: i64,
    pub cells: String,
}

/// A version to write. Its document is JSON text, stored as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVersion {
    pub document: String,
    pub columns: VersionColumns,
    /// For the published version: its download cells.
    pub export_cells: Option<ExportCells>,
    pub state: VersionState,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<UserId>,
    pub author_name: String,
    pub state_changed_at: DateTime<Utc>,
    pub state_changed_by: Option<UserId>,
    pub state_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub superseded_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDescription {
    pub id: AlgorithmId,
    pub org: OrgCode,
    pub created_at: DateTime<Utc>,
    pub source_id: Option<String>,
}

/// An audit event, written in the same transaction as the change it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub at: DateTime<Utc>,
    pub actor: Option<UserId>,
    pub actor_name: String,
    pub kind: String,
    pub reason: Option<String>,
}

/// A whole description with its history, for imports and demo data.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportDescription {
    pub description: NewDescription,
    /// The supplier's template it was started from (imported with it, or already in the register).
    pub template_id: Option<i64>,
    pub archived_at: Option<DateTime<Utc>>,
    /// Oldest first; numbered 1, 2, … in this order.
    pub versions: Vec<NewVersion>,
    pub event: NewEvent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescriptionRow {
    pub id: AlgorithmId,
    pub org: OrgCode,
    pub created_at: DateTime<Utc>,
    pub head_n: i64,
    pub published_n: Option<i64>,
    pub first_published_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub source_id: Option<String>,
    /// The supplier's template it was started from.
    pub template_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionRow {
    pub description_id: AlgorithmId,
    pub n: i64,
    pub state: VersionState,
    pub document: String,
    pub columns: VersionColumns,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<UserId>,
    pub author_name: String,
    pub state_changed_at: DateTime<Utc>,
    pub state_changed_by: Option<UserId>,
    pub state_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub superseded_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<UserId>,
    pub actor_name: String,
    pub org: String,
    pub description_id: Option<String>,
    pub version_n: Option<i64>,
    pub kind: String,
    pub reason: Option<String>,
}

/// Lists are stored between bars (`|a|b|`) so that `LIKE '%|a|%'` filters on both backends.
pub(crate) fn join_list(items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!("|{}|", items.join("|"))
    }
}

pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what}: {value:?}"))
}

pub(crate) fn parse_id(s: &str) -> Result<AlgorithmId, StoreError> {
    AlgorithmId::parse(s).map_err(|_| corrupt("algorithm id", s))
}

pub(crate) fn parse_org(s: &str) -> Result<OrgCode, StoreError> {
    OrgCode::parse(s).map_err(|_| corrupt("organisation code", s))
}

pub(crate) fn parse_state(s: &str) -> Result<VersionState, StoreError> {
    VersionState::parse(s).ok_or_else(|| corrupt("version state", s))
}

pub(crate) fn user(id: Option<i64>) -> Option<UserId> {
    id.map(UserId)
}

/// Column list for [`description_from_row`], with the table alias `d`.
pub(crate) const DESCRIPTION_COLUMNS: &str = "d.id, d.org_code, d.created_at, d.head_n, d.published_n, d.first_published_at, d.archived_at, d.source_id, d.template_id";

/// Column list for [`version_from_row`], with the table alias `v`.
pub(crate) const VERSION_COLUMNS: &str = "v.description_id, v.n, v.state, v.standard_version, v.document, v.name, v.summary, \
     v.status, v.publication_category, v.provider, v.lang, v.themes, v.impact_codes, v.completeness, v.created_at AS v_created_at, \
     v.created_by, v.author_name, v.state_changed_at, v.state_changed_by, v.state_reason, v.published_at, v.superseded_at";

pub(crate) fn description_from_row<'r, R>(row: &'r R) -> Result<DescriptionRow, StoreError>
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(DescriptionRow {
        id: parse_id(&row.try_get::<String, _>("id")?)?,
        org: parse_org(&row.try_get::<String, _>("org_code")?)?,
        created_at: row.try_get("created_at")?,
        head_n: row.try_get("head_n")?,
        published_n: row.try_get("published_n")?,
        first_published_at: row.try_get("first_published_at")?,
        archived_at: row.try_get("archived_at")?,
        source_id: row.try_get("source_id")?,
        template_id: row.try_get("template_id")?,
    })
}

pub(crate) fn version_from_row<'r, R>(row: &'r R) -> Result<VersionRow, StoreError>
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let completeness: i64 = row.try_get("completeness")?;
    Ok(VersionRow {
        description_id: parse_id(&row.try_get::<String, _>("description_id")?)?,
        n: row.try_get("n")?,
        state: parse_state(&row.try_get::<String, _>("state")?)?,
        document: row.try_get("document")?,
        columns: VersionColumns {
            standard_version: row.try_get("standard_version")?,
            name: row.try_get("name")?,
            summary: row.try_get("summary")?,
            status: row.try_get("status")?,
            publication_category: row.try_get("publication_category")?,
            provider: row.try_get("provider")?,
            lang: row.try_get("lang")?,
            themes: split_list(&row.try_get::<String, _>("themes")?),
            impact_codes: split_list(&row.try_get::<String, _>("impact_codes")?),
            completeness: u8::try_from(completeness)
                .map_err(|_| corrupt("completeness", &completeness.to_string()))?,
        },
        created_at: row.try_get("v_created_at")?,
        created_by: user(row.try_get("created_by")?),
        author_name: row.try_get("author_name")?,
        state_changed_at: row.try_get("state_changed_at")?,
        state_changed_by: user(row.try_get("state_changed_by")?),
        state_reason: row.try_get("state_reason")?,
        published_at: row.try_get("published_at")?,
        superseded_at: row.try_get("superseded_at")?,
    })
}
