//! Reads of the public register: published descriptions with filters, organisations with counts, and
//! streams for open-data downloads. Only published data leaves these functions.

use algoreg_domain::{AlgorithmId, OrgType, Organisation, VersionState};
use chrono::{DateTime, Utc};
use futures_util::stream::{BoxStream, StreamExt};
use sqlx::{AssertSqlSafe, Row};

use crate::read_model::OrgInfo;
use crate::rows::{
    DESCRIPTION_COLUMNS, DescriptionRow, ExportCells, VERSION_COLUMNS, VersionRow, corrupt,
    description_from_row, parse_id, parse_state, split_list, version_from_row,
};
use crate::{Store, StoreError, with_pool};

/// Filters on published descriptions: values within one filter combine as OR, filters as AND.
/// Values are the stored ones (e.g. `In gebruik`, `gemeente`, `dpia`), checked by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicFilter {
    pub ids: Vec<String>,
    pub orgs: Vec<String>,
    pub org_types: Vec<String>,
    pub themes: Vec<String>,
    pub statuses: Vec<String>,
    pub categories: Vec<String>,
    pub impact_codes: Vec<String>,
    pub providers: Vec<String>,
    pub standard_versions: Vec<String>,
    pub langs: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PublicSort {
    /// Newest publication first.
    #[default]
    Newest,
    Oldest,
    Name,
    NameDesc,
}

/// One published description in a list: what a result card needs, without the document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PublicSummaryRow {
    pub id: AlgorithmId,
    pub org_code: String,
    pub org_name: String,
    pub org_type: OrgType,
    pub version: i64,
    pub name: String,
    pub summary: String,
    pub status: Option<String>,
    pub publication_category: Option<String>,
    pub provider: Option<String>,
    pub standard_version: String,
    pub lang: String,
    pub themes: Vec<String>,
    pub impact_codes: Vec<String>,
    pub first_published_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

/// The current public version of a description, with its organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicCurrentRow {
    pub id: AlgorithmId,
    pub organisation: Organisation,
    pub first_published_at: Option<DateTime<Utc>>,
    pub n: i64,
    pub state: VersionState,
    pub state_reason: Option<String>,
    pub standard_version: String,
    /// JSON text, as stored.
    pub document: String,
    pub published_at: Option<DateTime<Utc>>,
    pub superseded_at: Option<DateTime<Utc>>,
}

/// A version with its description and organisation name, for downloads.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicVersionRow {
    pub description: DescriptionRow,
    pub org_name: String,
    pub org_type: String,
    pub version: VersionRow,
}

/// A version for the tabular downloads (CSV, XLSX): its facts, and its download cells when they were
/// rendered in the wanted format, else its document to render them from.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicExportRow {
    pub id: AlgorithmId,
    pub org_code: String,
    pub org_name: String,
    pub first_published_at: Option<DateTime<Utc>>,
    pub n: i64,
    pub state: VersionState,
    pub state_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub superseded_at: Option<DateTime<Utc>>,
    pub standard_version: String,
    pub name: String,
    pub content: ExportContent,
}

/// What a [`PublicExportRow`] carries of the version itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportContent {
    /// The stored download cells.
    Cells(String),
    /// The document (JSON text): the version has no cells of the wanted format.
    Document(String),
}

/// An organisation with the number of its published descriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationCount {
    pub organisation: Organisation,
    pub published: i64,
}

/// Builds `WHERE` clauses with numbered placeholders, starting after `first` bound parameters.
struct Where {
    clauses: Vec<String>,
    binds: Vec<String>,
    /// For a page of a list: leave the indexes of columns that match many rows to the ORDER BY, so the
    /// database walks the sort index and stops after a page instead of sorting the whole selection.
    for_page: bool,
}

impl Where {
    fn new() -> Self {
        Self {
            clauses: Vec::new(),
            binds: Vec::new(),
            for_page: false,
        }
    }

    fn next(&mut self, value: String) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    fn any_of(&mut self, column: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let marks: Vec<String> = values.iter().map(|v| self.next(v.clone())).collect();
        self.clauses
            .push(format!("{column} IN ({})", marks.join(", ")));
    }

    /// Organisations of these types (a subquery, so lists and counts need no join).
    fn org_types(&mut self, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let marks: Vec<String> = values.iter().map(|v| self.next(v.clone())).collect();
        let column = if self.for_page {
            "COALESCE(p.org_code, '')"
        } else {
            "p.org_code"
        };
        self.clauses.push(format!(
            "{column} IN (SELECT code FROM organisations WHERE org_type IN ({}))",
            marks.join(", ")
        ));
    }

    /// For `|a|b|` list columns: any of the values is in the list.
    fn any_in_list(&mut self, column: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let parts: Vec<String> = values
            .iter()
            .map(|v| format!("{column} LIKE {}", self.next(format!("%|{v}|%"))))
            .collect();
        self.clauses.push(format!("({})", parts.join(" OR ")));
    }

    fn from(f: &PublicFilter) -> Self {
        Self::build(f, false)
    }

    fn for_page(f: &PublicFilter) -> Self {
        Self::build(f, true)
    }

    fn build(f: &PublicFilter, for_page: bool) -> Self {
        let mut w = Self::new();
        w.for_page = for_page;
        w.any_of("p.description_id", &f.ids);
        w.any_of("p.org_code", &f.orgs);
        w.org_types(&f.org_types);
        w.any_in_list("p.themes", &f.themes);
        w.any_of("p.status", &f.statuses);
        w.any_of("p.publication_category", &f.categories);
        w.any_in_list("p.impact_codes", &f.impact_codes);
        w.any_of("p.provider", &f.providers);
        w.any_of("p.standard_version", &f.standard_versions);
        w.any_of("p.lang", &f.langs);
        w
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }
}

fn order_by(sort: PublicSort) -> &'static str {
    match sort {
        // Each order matches an index (ties in the same direction), so a page is read, not sorted.
        PublicSort::Newest => "ORDER BY p.published_at DESC, p.description_id DESC",
        PublicSort::Oldest => "ORDER BY p.published_at ASC, p.description_id ASC",
        PublicSort::Name => "ORDER BY p.name_key ASC, p.description_id ASC",
        PublicSort::NameDesc => "ORDER BY p.name_key DESC, p.description_id DESC",
    }
}

/// The key lists sort names by: lower case with the accents of Latin letters folded (`Één` → `één` →
/// `een`), compared byte by byte — the same order on both backends (PostgreSQL compares the column with
/// the `C` collation) and in the read model.
pub fn name_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

pub(crate) const SUMMARY_COLUMNS: &str = "p.description_id AS id, p.org_code, p.n, p.name, p.summary, p.status, \
     p.publication_category, p.provider, p.standard_version, p.lang, p.themes, p.impact_codes, \
     p.first_published_at, p.published_at";

/// A summary row without its organisation's name and type (the caller adds them).
pub(crate) fn summary_from_row<R>(r: &R) -> Result<PublicSummaryRow, StoreError>
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(PublicSummaryRow {
        id: parse_id(&r.try_get::<String, _>("id")?)?,
        org_code: r.try_get("org_code")?,
        org_name: String::new(),
        org_type: OrgType::Overig,
        version: r.try_get("n")?,
        name: r.try_get("name")?,
        summary: r.try_get("summary")?,
        status: r.try_get("status")?,
        publication_category: r.try_get("publication_category")?,
        provider: r.try_get("provider")?,
        standard_version: r.try_get("standard_version")?,
        lang: r.try_get("lang")?,
        themes: split_list(&r.try_get::<String, _>("themes")?),
        impact_codes: split_list(&r.try_get::<String, _>("impact_codes")?),
        first_published_at: r.try_get("first_published_at")?,
        published_at: r.try_get("published_at")?,
    })
}

macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = q.bind(b);
        }
        q
    }};
}

impl Store {
    /// Published descriptions matching `f`, sorted, one page; and the total count. Answered by the read
    /// model, without a query (unless it has to follow the change log first).
    pub async fn public_list(
        &self,
        f: &PublicFilter,
        sort: PublicSort,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PublicSummaryRow>, i64), StoreError> {
        let snap = self.model.get(self).await?;
        let limit = usize::try_from(limit).unwrap_or(0);
        let offset = usize::try_from(offset).unwrap_or(0);
        let (page, total) = snap.page(f, sort, limit, offset);
        let mut items = Vec::with_capacity(page.len());
        for e in page {
            let code = e.org_code(&snap.vocab);
            let org = match snap.orgs.get(code) {
                Some(o) => o.clone(),
                // An organisation newer than the model's list of them.
                None => self.org_info(code).await?,
            };
            items.push(e.summary(&snap.vocab, &org));
        }
        Ok((items, i64::try_from(total).unwrap_or(i64::MAX)))
    }

    /// Builds (or brings up to date) the read model that answers public lists, so that the first list
    /// after a start does not wait for it (about 1.5 s for 100,000 descriptions).
    pub async fn warm_public_lists(&self) -> Result<(), StoreError> {
        self.model.get(self).await.map(|_| ())
    }

    async fn org_info(&self, code: &str) -> Result<OrgInfo, StoreError> {
        with_pool!(self, read, |pool| {
            let (name, org_type): (String, String) =
                sqlx::query_as("SELECT name, org_type FROM organisations WHERE code = $1")
                    .bind(code)
                    .fetch_optional(pool)
                    .await?
                    .ok_or_else(|| corrupt("organisation", code))?;
            Ok(OrgInfo {
                name,
                org_type: OrgType::parse(&org_type)
                    .ok_or_else(|| corrupt("organisation type", &org_type))?,
            })
        })
    }

    /// The answer of [`Store::public_list`] computed by the database alone: the reference the read
    /// model is tested against.
    pub async fn public_list_sql(
        &self,
        f: &PublicFilter,
        sort: PublicSort,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PublicSummaryRow>, i64), StoreError> {
        let w = Where::from(f);
        let filter = w.sql();
        let count_sql = format!("SELECT COUNT(*) FROM published p {filter}");
        // The same conditions and parameters, written so that a page walks the sort order's index.
        let page_filter = Where::for_page(f).sql();
        // LIMIT and OFFSET are numbers we computed; written into the SQL so that the planner knows a
        // page is small (as parameters, SQLite may choose to sort the whole selection).
        let list_sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM published p {page_filter} {} LIMIT {} OFFSET {}",
            order_by(sort),
            limit.max(0),
            offset.max(0)
        );
        with_pool!(self, read, |pool| {
            let total: i64 = bind_all!(sqlx::query_scalar(AssertSqlSafe(count_sql)), &w.binds)
                .fetch_one(pool)
                .await?;
            let rows = bind_all!(sqlx::query(AssertSqlSafe(list_sql)), &w.binds)
                .fetch_all(pool)
                .await?;
            // The organisations of this page, in one small query (a join would steer the planner away
            // from walking the sort index).
            let mut codes: Vec<String> = rows
                .iter()
                .map(|r| r.try_get("org_code"))
                .collect::<Result<_, _>>()?;
            codes.sort();
            codes.dedup();
            let mut orgs = std::collections::HashMap::new();
            if !codes.is_empty() {
                let marks: Vec<String> = (1..=codes.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "SELECT code, name, org_type FROM organisations WHERE code IN ({})",
                    marks.join(", ")
                );
                let found: Vec<(String, String, String)> =
                    bind_all!(sqlx::query_as(AssertSqlSafe(sql)), &codes)
                        .fetch_all(pool)
                        .await?;
                for (code, name, org_type) in found {
                    orgs.insert(code, (name, org_type));
                }
            }
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let mut row = summary_from_row(r)?;
                let (org_name, org_type) = orgs
                    .get(&row.org_code)
                    .cloned()
                    .ok_or_else(|| corrupt("organisation", &row.org_code))?;
                row.org_name = org_name;
                row.org_type = OrgType::parse(&org_type)
                    .ok_or_else(|| corrupt("organisation type", &org_type))?;
                out.push(row);
            }
            Ok((out, total))
        })
    }

    /// Streams published versions (or, with `history`, every once-published version) of the
    /// descriptions matching `f`, ordered by description and version, straight from the database.
    pub fn public_stream(
        &self,
        f: &PublicFilter,
        history: bool,
    ) -> BoxStream<'static, Result<PublicVersionRow, StoreError>> {
        let w = Where::from(f);
        // The filters select descriptions by their current public version (the `published` row); with
        // history, every once-published version of those descriptions follows.
        let versions = if history {
            "v.description_id = d.id AND v.published_at IS NOT NULL"
        } else {
            "v.description_id = d.id AND v.n = d.published_n"
        };
        let sql = format!(
            "SELECT {DESCRIPTION_COLUMNS}, {VERSION_COLUMNS}, o.name AS org_name, o.org_type \
             FROM published p JOIN organisations o ON o.code = p.org_code \
             JOIN descriptions d ON d.id = p.description_id JOIN versions v ON {versions} {} ORDER BY d.id, v.n",
            w.sql()
        );
        let binds = w.binds;
        let store = self.clone();
        // The stream owns its store handle and SQL, so it can outlive the caller's borrow (HTTP bodies).
        async_stream(store, sql, binds)
    }

    /// Streams what the tabular downloads need of the same versions as [`Store::public_stream`], in
    /// the same order: the download cells of `cells_format` where the store has them, the document
    /// elsewhere. Reads neither documents nor descriptions for versions with cells.
    pub fn public_export_stream(
        &self,
        f: &PublicFilter,
        history: bool,
        cells_format: i64,
    ) -> BoxStream<'static, Result<PublicExportRow, StoreError>> {
        let w = Where::from(f);
        let versions = if history {
            "v.description_id = p.description_id AND v.published_at IS NOT NULL"
        } else {
            "v.description_id = p.description_id AND v.n = p.n"
        };
        // The format is our own number, written into the SQL; the filters' values are parameters.
        let sql = format!(
            "SELECT p.description_id AS id, p.org_code, o.name AS org_name, p.first_published_at, v.n, \
             v.state, v.state_reason, v.published_at, v.superseded_at, v.standard_version, v.name, e.cells, \
             CASE WHEN e.cells IS NULL THEN v.document END AS document \
             FROM published p JOIN organisations o ON o.code = p.org_code JOIN versions v ON {versions} \
             LEFT JOIN export_cells e ON e.description_id = v.description_id AND e.n = v.n AND e.format = {cells_format} \
             {} ORDER BY p.description_id, v.n",
            w.sql()
        );
        async_stream(self.clone(), sql, w.binds)
    }

    /// Current public versions without download cells of `format` — published before the store kept
    /// cells, or kept in an older format — in ID order after `after`, at most `limit`.
    pub async fn versions_missing_cells(
        &self,
        format: i64,
        after: Option<&AlgorithmId>,
        limit: i64,
    ) -> Result<Vec<MissingCells>, StoreError> {
        let after = after.map(AlgorithmId::as_string).unwrap_or_default();
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT p.description_id, p.n, v.standard_version, v.document FROM published p \
                 JOIN versions v ON v.description_id = p.description_id AND v.n = p.n \
                 LEFT JOIN export_cells e ON e.description_id = p.description_id AND e.n = p.n AND e.format >= $1 \
                 WHERE e.description_id IS NULL AND p.description_id > $2 ORDER BY p.description_id LIMIT $3",
            )
            .bind(format)
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(MissingCells {
                        id: parse_id(r.try_get("description_id")?)?,
                        n: r.try_get("n")?,
                        standard_version: r.try_get("standard_version")?,
                        document: r.try_get("document")?,
                    })
                })
                .collect()
        })
    }

    /// Keeps download cells rendered for [`Store::versions_missing_cells`], in one transaction. Each is
    /// written only while its version is still the public one, and never over cells of a newer
    /// version or format (a publication meanwhile wins). Returns how many were written.
    pub async fn put_export_cells(
        &self,
        items: &[(AlgorithmId, i64, ExportCells)],
    ) -> Result<u64, StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = crate::WritePool::begin_write(pool).await?;
            let mut written = 0;
            for (id, n, c) in items {
                written += sqlx::query(
                    "INSERT INTO export_cells (description_id, n, format, cells) SELECT $1, $2, $3, $4 \
                     WHERE EXISTS (SELECT 1 FROM published WHERE description_id = $1 AND n = $2) \
                     ON CONFLICT (description_id) DO UPDATE SET n = excluded.n, format = excluded.format, cells = excluded.cells \
                     WHERE export_cells.n < excluded.n OR (export_cells.n = excluded.n AND export_cells.format < excluded.format)",
                )
                .bind(id.as_string())
                .bind(n)
                .bind(c.format)
                .bind(&c.cells)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            tx.commit().await?;
            Ok(written)
        })
    }

    /// Organisations with the number of their published descriptions, ordered by name.
    pub async fn organisation_counts(&self) -> Result<Vec<OrganisationCount>, StoreError> {
        let orgs = self.organisations().await?;
        let counts: Vec<(String, i64)> = with_pool!(self, read, |pool| {
            sqlx::query_as("SELECT org_code, COUNT(*) FROM published GROUP BY org_code")
                .fetch_all(pool)
                .await?
        });
        let counts: std::collections::HashMap<String, i64> = counts.into_iter().collect();
        let mut out: Vec<OrganisationCount> = orgs
            .into_iter()
            .map(|o| {
                let published = counts.get(o.code.as_str()).copied().unwrap_or(0);
                OrganisationCount {
                    organisation: o,
                    published,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            a.organisation
                .name
                .to_lowercase()
                .cmp(&b.organisation.name.to_lowercase())
        });
        Ok(out)
    }

    /// The newest change-log sequence number: changes whenever anything is written. Caches key on it
    /// (and the read model is brought up to it before its next answer).
    pub async fn generation(&self) -> Result<i64, StoreError> {
        let seq = with_pool!(self, read, |pool| {
            let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM change_log")
                .fetch_one(pool)
                .await?;
            seq.unwrap_or(0)
        });
        self.model.saw(seq);
        Ok(seq)
    }

    /// The current public version of a description with its organisation, in one query; `NotFound`
    /// when it is not published. (`IN (VALUES …)` rather than `=`: SQLite, built with STAT4, would
    /// prepare `= $1` on an analysed key again for every new value, to estimate its rows.)
    pub async fn public_current(&self, id: AlgorithmId) -> Result<PublicCurrentRow, StoreError> {
        with_pool!(self, read, |pool| {
            let r = sqlx::query(
                "SELECT p.first_published_at, v.n, v.state, v.state_reason, v.standard_version, v.document, \
                 v.published_at, v.superseded_at, o.code, o.name, o.org_type, o.parent_code, o.flow, o.public_page, \
                 o.about, o.contact FROM published p JOIN versions v ON v.description_id = p.description_id AND v.n = p.n \
                 JOIN organisations o ON o.code = p.org_code WHERE p.description_id IN (VALUES ($1))",
            )
            .bind(id.as_string())
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            Ok(PublicCurrentRow {
                id,
                organisation: crate::orgs::org_from_row(&r)?,
                first_published_at: r.try_get("first_published_at")?,
                n: r.try_get("n")?,
                state: parse_state(&r.try_get::<String, _>("state")?)?,
                state_reason: r.try_get("state_reason")?,
                standard_version: r.try_get("standard_version")?,
                document: r.try_get("document")?,
                published_at: r.try_get("published_at")?,
                superseded_at: r.try_get("superseded_at")?,
            })
        })
    }
}

/// A row type that [`async_stream`] reads.
trait FromStreamRow: Sized + Send + 'static {
    fn from_row<R>(row: &R) -> Result<Self, StoreError>
    where
        R: Row,
        usize: sqlx::ColumnIndex<R>,
        for<'a> &'a str: sqlx::ColumnIndex<R>,
        for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>;
}

impl FromStreamRow for PublicVersionRow {
    fn from_row<R>(r: &R) -> Result<Self, StoreError>
    where
        R: Row,
        usize: sqlx::ColumnIndex<R>,
        for<'a> &'a str: sqlx::ColumnIndex<R>,
        for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    {
        Ok(PublicVersionRow {
            description: description_from_row(r)?,
            org_name: r.try_get("org_name")?,
            org_type: r.try_get("org_type")?,
            version: version_from_row(r)?,
        })
    }
}

impl FromStreamRow for PublicExportRow {
    fn from_row<R>(r: &R) -> Result<Self, StoreError>
    where
        R: Row,
        usize: sqlx::ColumnIndex<R>,
        for<'a> &'a str: sqlx::ColumnIndex<R>,
        for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    {
        let content = match r.try_get::<Option<String>, _>("cells")? {
            Some(cells) => ExportContent::Cells(cells),
            None => ExportContent::Document(r.try_get("document")?),
        };
        Ok(PublicExportRow {
            id: parse_id(&r.try_get::<String, _>("id")?)?,
            org_code: r.try_get("org_code")?,
            org_name: r.try_get("org_name")?,
            first_published_at: r.try_get("first_published_at")?,
            n: r.try_get("n")?,
            state: parse_state(&r.try_get::<String, _>("state")?)?,
            state_reason: r.try_get("state_reason")?,
            published_at: r.try_get("published_at")?,
            superseded_at: r.try_get("superseded_at")?,
            standard_version: r.try_get("standard_version")?,
            name: r.try_get("name")?,
            content,
        })
    }
}

fn async_stream<T: FromStreamRow>(
    store: Store,
    sql: String,
    binds: Vec<String>,
) -> BoxStream<'static, Result<T, StoreError>> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<T, StoreError>>(64);
    tokio::spawn(async move {
        let result: Result<(), StoreError> = async {
            with_pool!(store, read, |pool| {
                let mut rows = bind_all!(sqlx::query(AssertSqlSafe(sql)), &binds).fetch(pool);
                while let Some(r) = rows.next().await {
                    let item = r.map_err(StoreError::from).and_then(|r| T::from_row(&r));
                    if tx.send(item).await.is_err() {
                        // The reader went away (a closed download): stop reading.
                        return Ok(());
                    }
                }
                Ok(())
            })
        }
        .await;
        if let Err(e) = result {
            let _ = tx.send(Err(e)).await;
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
    .boxed()
}

/// A current public version whose download cells are missing or of an older format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingCells {
    pub id: AlgorithmId,
    pub n: i64,
    pub standard_version: String,
    pub document: String,
}
