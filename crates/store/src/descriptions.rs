//! Descriptions and their versions: the writes that change state, and the reads front doors need.

use algoreg_domain::{AlgorithmId, OrgCode, Organisation, UserId, VersionState};
use chrono::{DateTime, Utc};
use futures_util::stream::{BoxStream, StreamExt};
use sqlx::{AssertSqlSafe, Row};

use crate::rows::{
    DESCRIPTION_COLUMNS, DescriptionRow, EventRow, ExportCells, ImportDescription, NewDescription,
    NewEvent, NewVersion, VERSION_COLUMNS, VersionRow, description_from_row, join_list,
    version_from_row,
};
use crate::{Store, StoreError, WritePool, with_pool};

/// A state change of a description, as the domain decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub id: AlgorithmId,
    /// The newest version the caller saw; anything else is a conflict.
    pub expected_head: i64,
    pub head_to: VersionState,
    /// What becomes of the published version when it is not the head.
    pub published_to: Option<VersionState>,
    /// When the head is published: its download cells.
    pub export_cells: Option<ExportCells>,
    pub event: NewEvent,
    /// The notifications that announce the change: written to the outbox in its transaction.
    pub messages: Vec<crate::NewMessage>,
}

/// What to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Only these organisations (`None`: all).
    pub orgs: Option<Vec<OrgCode>>,
    /// Only descriptions with a public version.
    pub published_only: bool,
    /// Only descriptions whose newest version is in one of these states (`None`: any).
    pub head_states: Option<Vec<VersionState>>,
    pub limit: i64,
    pub offset: i64,
}

/// One line of a list: the description and its newest version's summary columns.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ListRow {
    pub description: DescriptionRow,
    pub head: VersionRow,
}

/// One write of a bulk upsert.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkWrite {
    /// A new description with its first version.
    Create {
        description: NewDescription,
        version: NewVersion,
        event: NewEvent,
    },
    /// A new newest version of an existing description (as [`Store::save_version`]).
    Save {
        id: AlgorithmId,
        base: i64,
        version: NewVersion,
        previous_head_to: Option<VersionState>,
        event: NewEvent,
        source_id: Option<String>,
    },
}

/// One version with its description, in export order (description id, then version number).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub description: DescriptionRow,
    pub version: VersionRow,
}

macro_rules! insert_version {
    ($conn:expr, $id:expr, $n:expr, $v:expr) => {{
        let v: &NewVersion = $v;
        sqlx::query(
            "INSERT INTO versions (description_id, n, state, standard_version, document, name, summary, status, \
             publication_category, provider, lang, themes, impact_codes, completeness, created_at, created_by, \
             author_name, state_changed_at, state_changed_by, state_reason, published_at, superseded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)",
        )
        .bind($id)
        .bind($n)
        .bind(v.state.as_str())
        .bind(&v.columns.standard_version)
        .bind(&v.document)
        .bind(&v.columns.name)
        .bind(&v.columns.summary)
        .bind(&v.columns.status)
        .bind(&v.columns.publication_category)
        .bind(&v.columns.provider)
        .bind(&v.columns.lang)
        .bind(join_list(&v.columns.themes))
        .bind(join_list(&v.columns.impact_codes))
        .bind(i64::from(v.columns.completeness))
        .bind(v.created_at)
        .bind(v.created_by.map(|u| u.0))
        .bind(&v.author_name)
        .bind(v.state_changed_at)
        .bind(v.state_changed_by.map(|u| u.0))
        .bind(&v.state_reason)
        .bind(v.published_at)
        .bind(v.superseded_at)
        .execute(&mut *$conn)
        .await?;
        if let Some(c) = &v.export_cells {
            write_export_cells!($conn, $id, $n, c);
        }
    }};
}

/// Keeps the download cells of a description's public version `$n`.
macro_rules! write_export_cells {
    ($conn:expr, $id:expr, $n:expr, $cells:expr) => {{
        let c: &ExportCells = $cells;
        sqlx::query(
            "INSERT INTO export_cells (description_id, n, format, cells) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (description_id) DO UPDATE SET n = excluded.n, format = excluded.format, cells = excluded.cells",
        )
        .bind($id)
        .bind($n)
        .bind(c.format)
        .bind(&c.cells)
        .execute(&mut *$conn)
        .await?;
    }};
}

/// Rewrites the `published` row of one description from its current public version (or removes it).
macro_rules! refresh_published {
    ($conn:expr, $id:expr) => {{
        sqlx::query("DELETE FROM published WHERE description_id = $1").bind($id).execute(&mut *$conn).await?;
        let name: Option<String> = sqlx::query_scalar(
            "SELECT v.name FROM descriptions d JOIN versions v ON v.description_id = d.id AND v.n = d.published_n \
             WHERE d.id = $1 AND v.published_at IS NOT NULL",
        )
        .bind($id)
        .fetch_optional(&mut *$conn)
        .await?;
        if let Some(name) = name {
            sqlx::query(
                "INSERT INTO published (description_id, org_code, n, name, summary, status, publication_category, provider, \
                 standard_version, lang, themes, impact_codes, first_published_at, published_at, name_key) \
                 SELECT d.id, d.org_code, v.n, v.name, v.summary, v.status, v.publication_category, v.provider, \
                 v.standard_version, v.lang, v.themes, v.impact_codes, d.first_published_at, v.published_at, $2 \
                 FROM descriptions d JOIN versions v ON v.description_id = d.id AND v.n = d.published_n \
                 WHERE d.id = $1",
            )
            .bind($id)
            .bind(crate::public::name_key(&name))
            .execute(&mut *$conn)
            .await?;
        } else {
            sqlx::query("DELETE FROM export_cells WHERE description_id = $1").bind($id).execute(&mut *$conn).await?;
        }
    }};
}

/// Writes the audit event and the change-log row of one change.
macro_rules! record {
    ($conn:expr, $org:expr, $id:expr, $n:expr, $e:expr) => {{
        let e: &NewEvent = $e;
        sqlx::query(
            "INSERT INTO events (at, actor_id, actor_name, org_code, description_id, version_n, kind, reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(e.at)
        .bind(e.actor.map(|u| u.0))
        .bind(&e.actor_name)
        .bind($org)
        .bind($id)
        .bind($n)
        .bind(&e.kind)
        .bind(&e.reason)
        .execute(&mut *$conn)
        .await?;
        sqlx::query("INSERT INTO change_log (at, subject, kind) VALUES ($1, $2, $3)")
            .bind(e.at)
            .bind($id)
            .bind(&e.kind)
            .execute(&mut *$conn)
            .await?;
    }};
}

/// Inserts a new description with its first version, its event and its change-log row.
macro_rules! insert_description {
    ($tx:expr, $d:expr, $v:expr, $e:expr) => {{
        let d: &NewDescription = $d;
        let id = d.id.as_string();
        sqlx::query(
            "INSERT INTO descriptions (id, org_code, created_at, head_n, published_n, source_id) VALUES ($1, $2, $3, 1, NULL, $4)",
        )
        .bind(&id)
        .bind(d.org.as_str())
        .bind(d.created_at)
        .bind(&d.source_id)
        .execute(&mut *$tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Duplicate(_) => StoreError::Duplicate(format!("description {id}")),
            StoreError::MissingReference(_) => {
                StoreError::MissingReference(format!("organisation {}", d.org))
            }
            other => other,
        })?;
        insert_version!($tx, &id, 1_i64, $v);
        record!($tx, d.org.as_str(), &id, 1_i64, $e);
    }};
}

/// Adds a new newest version on top of `base` (compare-and-set on `head_n`), updates the previous
/// head's state and the description's `source_id`, and records the change. Evaluates to the new
/// version's number.
macro_rules! save_in_tx {
    ($tx:expr, $id:expr, $base:expr, $v:expr, $previous_head_to:expr, $e:expr, $source_id:expr) => {{
        let id: &str = $id;
        let base: i64 = $base;
        let e: &NewEvent = $e;
        let source_id: Option<&str> = $source_id;
        let row = sqlx::query("SELECT org_code, head_n FROM descriptions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *$tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let org: String = row.try_get("org_code")?;
        let head: i64 = row.try_get("head_n")?;
        if head != base {
            return Err(StoreError::Conflict { current: head });
        }
        let n = head + 1;
        // The compare-and-set makes the check hold on PostgreSQL's read-committed level too.
        let updated = sqlx::query(
            "UPDATE descriptions SET head_n = $1, source_id = $2 WHERE id = $3 AND head_n = $4",
        )
        .bind(n)
        .bind(source_id)
        .bind(id)
        .bind(head)
        .execute(&mut *$tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::Conflict { current: head + 1 });
        }
        if let Some(to) = $previous_head_to {
            let to: VersionState = to;
            sqlx::query(
                "UPDATE versions SET state = $1, state_changed_at = $2, state_changed_by = $3, \
                 superseded_at = CASE WHEN $1 = 'superseded' THEN $2 ELSE superseded_at END \
                 WHERE description_id = $4 AND n = $5",
            )
            .bind(to.as_str())
            .bind(e.at)
            .bind(e.actor.map(|u| u.0))
            .bind(id)
            .bind(head)
            .execute(&mut *$tx)
            .await?;
        }
        insert_version!($tx, id, n, $v);
        record!($tx, &org, id, n, e);
        n
    }};
}

fn published_n_after(head_n: i64, published_n: Option<i64>, t: &Transition) -> Option<i64> {
    match t.head_to {
        VersionState::Published => Some(head_n),
        VersionState::Retracted | VersionState::Archived if published_n == Some(head_n) => None,
        _ if t.published_to.is_some() => None,
        _ => published_n,
    }
}

impl Store {
    /// Creates a description with its first version. An ID that exists is [`StoreError::Duplicate`].
    pub async fn create_description(
        &self,
        d: &NewDescription,
        v: &NewVersion,
        e: &NewEvent,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            insert_description!(tx, d, v, e);
            tx.commit().await?;
            self.model.wrote();
            Ok(())
        })
    }

    /// As [`Store::create_description`], for a description started from template `template`
    /// (kept in `descriptions.template_id`, in the same transaction).
    pub async fn create_description_from_template(
        &self,
        d: &NewDescription,
        v: &NewVersion,
        e: &NewEvent,
        template: i64,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            insert_description!(tx, d, v, e);
            sqlx::query("UPDATE descriptions SET template_id = $1 WHERE id = $2")
                .bind(template)
                .bind(d.id.as_string())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            self.model.wrote();
            Ok(())
        })
    }

    /// Adds a new newest version, started from version `base`, and sets the description's
    /// `source_id` (the organisation's own ID, from the new document). Returns the new version's
    /// number, or [`StoreError::Conflict`] when someone saved after `base`.
    pub async fn save_version(
        &self,
        id: AlgorithmId,
        base: i64,
        v: &NewVersion,
        previous_head_to: Option<VersionState>,
        e: &NewEvent,
        source_id: Option<&str>,
    ) -> Result<i64, StoreError> {
        let id = id.as_string();
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let n = save_in_tx!(tx, &id, base, v, previous_head_to, e, source_id);
            tx.commit().await?;
            self.model.wrote();
            Ok(n)
        })
    }

    /// Creates and saves many descriptions of one organisation in one transaction: all or nothing.
    /// The organisation's row is locked first, so bulk writes of one organisation run one at a time
    /// on PostgreSQL too. A create whose `source_id` is already used in the organisation is
    /// [`StoreError::Duplicate`]; a save whose base is not the newest version is
    /// [`StoreError::Conflict`]. Returns the version number each write made, in order.
    pub async fn bulk_write(
        &self,
        org: &OrgCode,
        writes: &[BulkWrite],
    ) -> Result<Vec<i64>, StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let locked = sqlx::query("UPDATE organisations SET code = code WHERE code = $1")
                .bind(org.as_str())
                .execute(&mut *tx)
                .await?;
            if locked.rows_affected() != 1 {
                return Err(StoreError::MissingReference(format!("organisation {org}")));
            }
            let mut out = Vec::with_capacity(writes.len());
            for w in writes {
                match w {
                    BulkWrite::Create {
                        description: d,
                        version: v,
                        event: e,
                    } => {
                        if d.org != *org {
                            return Err(StoreError::MissingReference(format!(
                                "description {} is not of organisation {org}",
                                d.id
                            )));
                        }
                        if let Some(source) = &d.source_id {
                            let taken: Option<String> = sqlx::query_scalar(
                                "SELECT id FROM descriptions WHERE org_code = $1 AND source_id = $2 LIMIT 1",
                            )
                            .bind(org.as_str())
                            .bind(source)
                            .fetch_optional(&mut *tx)
                            .await?;
                            if let Some(taken) = taken {
                                return Err(StoreError::Duplicate(format!(
                                    "source_id {source:?} (description {taken})"
                                )));
                            }
                        }
                        insert_description!(tx, d, v, e);
                        out.push(1);
                    }
                    BulkWrite::Save {
                        id,
                        base,
                        version: v,
                        previous_head_to,
                        event: e,
                        source_id,
                    } => {
                        let id = id.as_string();
                        let org_of: Option<String> =
                            sqlx::query_scalar("SELECT org_code FROM descriptions WHERE id = $1")
                                .bind(&id)
                                .fetch_optional(&mut *tx)
                                .await?;
                        if org_of.as_deref() != Some(org.as_str()) {
                            return Err(StoreError::NotFound);
                        }
                        let n = save_in_tx!(
                            tx,
                            &id,
                            *base,
                            v,
                            *previous_head_to,
                            e,
                            source_id.as_deref()
                        );
                        out.push(n);
                    }
                }
            }
            tx.commit().await?;
            Ok(out)
        })
    }

    /// The descriptions of `org` with these `source_id`s, with their newest version:
    /// `(source_id, row)`. A `source_id` used twice in the organisation gives both rows.
    pub async fn by_source_ids(
        &self,
        org: &OrgCode,
        source_ids: &[String],
    ) -> Result<Vec<ListRow>, StoreError> {
        let mut out = Vec::new();
        // In chunks, to stay far below both backends' limits on bound parameters.
        for chunk in source_ids.chunks(500) {
            let placeholders: Vec<String> =
                (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT {DESCRIPTION_COLUMNS}, {VERSION_COLUMNS} FROM descriptions d \
                 JOIN versions v ON v.description_id = d.id AND v.n = d.head_n \
                 WHERE d.org_code = $1 AND d.source_id IN ({}) ORDER BY d.created_at, d.id",
                placeholders.join(", ")
            );
            with_pool!(self, read, |pool| {
                let mut q = sqlx::query(AssertSqlSafe(sql.clone())).bind(org.as_str());
                for s in chunk {
                    q = q.bind(s);
                }
                for r in q.fetch_all(pool).await? {
                    out.push(ListRow {
                        description: description_from_row(&r)?,
                        head: version_from_row(&r)?,
                    });
                }
            });
        }
        Ok(out)
    }

    /// Which of these IDs are taken.
    pub async fn existing_ids(&self, ids: &[AlgorithmId]) -> Result<Vec<AlgorithmId>, StoreError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> =
                (0..chunk.len()).map(|i| format!("${}", i + 1)).collect();
            let sql = format!(
                "SELECT id FROM descriptions WHERE id IN ({})",
                placeholders.join(", ")
            );
            with_pool!(self, read, |pool| {
                let mut q = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql.clone()));
                for id in chunk {
                    q = q.bind(id.as_string());
                }
                for id in q.fetch_all(pool).await? {
                    out.push(crate::rows::parse_id(&id)?);
                }
            });
        }
        Ok(out)
    }

    /// Applies a state change decided by the domain, with its event, in one transaction.
    pub async fn transition(&self, t: &Transition) -> Result<(), StoreError> {
        let id = t.id.as_string();
        let at = t.event.at;
        let actor = t.event.actor.map(|u| u.0);
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let row =
                sqlx::query("SELECT org_code, head_n, published_n FROM descriptions WHERE id = $1")
                    .bind(&id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::NotFound)?;
            let org: String = row.try_get("org_code")?;
            let head: i64 = row.try_get("head_n")?;
            let published: Option<i64> = row.try_get("published_n")?;
            if head != t.expected_head {
                return Err(StoreError::Conflict { current: head });
            }
            let new_published = published_n_after(head, published, t);
            let is_published = t.head_to == VersionState::Published;
            sqlx::query(
                "UPDATE versions SET state = $1, state_changed_at = $2, state_changed_by = $3, state_reason = $4, \
                 published_at = CASE WHEN $5 THEN $2 ELSE published_at END \
                 WHERE description_id = $6 AND n = $7",
            )
            .bind(t.head_to.as_str())
            .bind(at)
            .bind(actor)
            .bind(&t.event.reason)
            .bind(is_published)
            .bind(&id)
            .bind(head)
            .execute(&mut *tx)
            .await?;
            if let Some(c) = t.export_cells.as_ref().filter(|_| is_published) {
                write_export_cells!(tx, &id, head, c);
            }
            if let (Some(to), Some(p)) = (t.published_to, published.filter(|p| *p != head)) {
                sqlx::query(
                    "UPDATE versions SET state = $1, state_changed_at = $2, state_changed_by = $3, state_reason = $4, \
                     superseded_at = CASE WHEN $1 = 'superseded' THEN $2 ELSE superseded_at END \
                     WHERE description_id = $5 AND n = $6",
                )
                .bind(to.as_str())
                .bind(at)
                .bind(actor)
                .bind(if to == VersionState::Superseded { None } else { t.event.reason.clone() })
                .bind(&id)
                .bind(p)
                .execute(&mut *tx)
                .await?;
            }
            let archived = t.head_to == VersionState::Archived;
            sqlx::query(
                "UPDATE descriptions SET published_n = $1, \
                 first_published_at = CASE WHEN $2 THEN COALESCE(first_published_at, $3) ELSE first_published_at END, \
                 archived_at = CASE WHEN $4 THEN $3 ELSE archived_at END WHERE id = $5",
            )
            .bind(new_published)
            .bind(is_published)
            .bind(at)
            .bind(archived)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
            refresh_published!(tx, &id);
            record!(tx, &org, &id, head, &t.event);
            crate::outbox::write_messages!(tx, &org, &id, at, &t.messages);
            tx.commit().await?;
            self.model.wrote();
            Ok(())
        })
    }

    /// Writes organisations (added or updated) and whole descriptions with their history, in one
    /// transaction: all or nothing.
    pub async fn import(
        &self,
        orgs: &[Organisation],
        items: &[ImportDescription],
    ) -> Result<(), StoreError> {
        self.import_with_templates(orgs, &[], items).await
    }

    /// [`Store::import`] with suppliers' templates, kept with their ids (descriptions refer to them);
    /// a template id that exists already is [`StoreError::Duplicate`] and nothing is written.
    pub async fn import_with_templates(
        &self,
        orgs: &[Organisation],
        templates: &[crate::TemplateRow],
        items: &[ImportDescription],
    ) -> Result<(), StoreError> {
        let at = crate::now();
        let postgres = self.backend() == crate::Backend::Postgres;
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            for o in orgs {
                crate::orgs::upsert_org!(tx, o, at);
            }
            if !orgs.is_empty() {
                crate::orgs::log_org_change!(tx, at);
            }
            for t in templates {
                let done = sqlx::query(
                    "INSERT INTO templates (id, provider, name, document, created_at, updated_at, published_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
                )
                .bind(t.id)
                .bind(&t.provider)
                .bind(&t.name)
                .bind(&t.document)
                .bind(t.created_at)
                .bind(t.updated_at)
                .bind(t.published_at)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::Duplicate(format!("template {}", t.id)));
                }
            }
            if postgres && !templates.is_empty() {
                // Ids were given: new templates continue after the highest.
                sqlx::query(
                    "SELECT setval(pg_get_serial_sequence('templates', 'id'), (SELECT MAX(id) FROM templates))",
                )
                .execute(&mut *tx)
                .await?;
            }
            for item in items {
                let d = &item.description;
                let id = d.id.as_string();
                let head = i64::try_from(item.versions.len()).unwrap_or(i64::MAX);
                if head == 0 {
                    return Err(StoreError::Corrupt(format!(
                        "description {id} has no versions"
                    )));
                }
                let published = item
                    .versions
                    .iter()
                    .position(|v| v.state == VersionState::Published)
                    .and_then(|i| i64::try_from(i + 1).ok());
                let first_published_at = item.versions.iter().filter_map(|v| v.published_at).min();
                sqlx::query(
                    "INSERT INTO descriptions (id, org_code, created_at, head_n, published_n, first_published_at, archived_at, source_id, template_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(&id)
                .bind(d.org.as_str())
                .bind(d.created_at)
                .bind(head)
                .bind(published)
                .bind(first_published_at)
                .bind(item.archived_at)
                .bind(&d.source_id)
                .bind(item.template_id)
                .execute(&mut *tx)
                .await
                .map_err(|e| match StoreError::from(e) {
                    StoreError::Duplicate(_) => StoreError::Duplicate(format!("description {id}")),
                    StoreError::MissingReference(_) => {
                        StoreError::MissingReference(format!("organisation {} of description {id}", d.org))
                    }
                    other => other,
                })?;
                for (i, v) in item.versions.iter().enumerate() {
                    let n = i64::try_from(i + 1).unwrap_or(i64::MAX);
                    insert_version!(tx, &id, n, v);
                }
                if published.is_some() {
                    refresh_published!(tx, &id);
                }
                record!(tx, d.org.as_str(), &id, head, &item.event);
            }
            tx.commit().await?;
            self.model.wrote();
            Ok(())
        })
    }

    pub async fn description(&self, id: AlgorithmId) -> Result<DescriptionRow, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(AssertSqlSafe(format!(
                "SELECT {DESCRIPTION_COLUMNS} FROM descriptions d WHERE d.id = $1"
            )))
            .bind(id.as_string())
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            description_from_row(&row)
        })
    }

    /// Every version of a description, oldest first.
    pub async fn versions(&self, id: AlgorithmId) -> Result<Vec<VersionRow>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(AssertSqlSafe(format!(
                "SELECT {VERSION_COLUMNS} FROM versions v WHERE v.description_id = $1 ORDER BY v.n"
            )))
            .bind(id.as_string())
            .fetch_all(pool)
            .await?;
            rows.iter().map(version_from_row).collect()
        })
    }

    pub async fn version(&self, id: AlgorithmId, n: i64) -> Result<VersionRow, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(AssertSqlSafe(format!(
                "SELECT {VERSION_COLUMNS} FROM versions v WHERE v.description_id = $1 AND v.n = $2"
            )))
            .bind(id.as_string())
            .bind(n)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            version_from_row(&row)
        })
    }

    /// Descriptions with their newest version, newest change first, and the total count.
    pub async fn list(&self, f: &ListFilter) -> Result<(Vec<ListRow>, i64), StoreError> {
        let mut clauses = Vec::new();
        if let Some(orgs) = &f.orgs {
            if orgs.is_empty() {
                return Ok((Vec::new(), 0));
            }
            // Organisation codes are validated values (letters and digits), safe to inline.
            let list = orgs
                .iter()
                .map(|o| format!("'{}'", o.as_str()))
                .collect::<Vec<_>>()
                .join(",");
            clauses.push(format!("d.org_code IN ({list})"));
        }
        if f.published_only {
            clauses.push("d.published_n IS NOT NULL".to_owned());
        }
        let mut count_join = "";
        if let Some(states) = &f.head_states {
            if states.is_empty() {
                return Ok((Vec::new(), 0));
            }
            // States are a closed list of fixed words, safe to inline.
            let list = states
                .iter()
                .map(|s| format!("'{}'", s.as_str()))
                .collect::<Vec<_>>()
                .join(",");
            clauses.push(format!("v.state IN ({list})"));
            count_join = "JOIN versions v ON v.description_id = d.id AND v.n = d.head_n";
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let count_sql = format!("SELECT COUNT(*) FROM descriptions d {count_join} {filter}");
        let list_sql = format!(
            "SELECT {DESCRIPTION_COLUMNS}, {VERSION_COLUMNS} FROM descriptions d \
             JOIN versions v ON v.description_id = d.id AND v.n = d.head_n {filter} \
             ORDER BY v.state_changed_at DESC, d.id LIMIT $1 OFFSET $2"
        );
        with_pool!(self, read, |pool| {
            let total: i64 = sqlx::query_scalar(AssertSqlSafe(count_sql))
                .fetch_one(pool)
                .await?;
            let rows = sqlx::query(AssertSqlSafe(list_sql))
                .bind(f.limit)
                .bind(f.offset)
                .fetch_all(pool)
                .await?;
            let list = rows
                .iter()
                .map(|r| {
                    Ok(ListRow {
                        description: description_from_row(r)?,
                        head: version_from_row(r)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok((list, total))
        })
    }

    /// (all descriptions, those with a public version).
    pub async fn counts(&self) -> Result<(i64, i64), StoreError> {
        with_pool!(self, read, |pool| {
            let all: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM descriptions")
                .fetch_one(pool)
                .await?;
            let public: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM descriptions WHERE published_n IS NOT NULL",
            )
            .fetch_one(pool)
            .await?;
            Ok((all, public))
        })
    }

    /// The audit events of one description, oldest first.
    pub async fn events(&self, id: AlgorithmId) -> Result<Vec<EventRow>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT id, at, actor_id, actor_name, org_code, description_id, version_n, kind, reason \
                 FROM events WHERE description_id = $1 ORDER BY id",
            )
            .bind(id.as_string())
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(EventRow {
                        id: r.try_get("id")?,
                        at: r.try_get("at")?,
                        actor: r.try_get::<Option<i64>, _>("actor_id")?.map(UserId),
                        actor_name: r.try_get("actor_name")?,
                        org: r.try_get("org_code")?,
                        description_id: r.try_get("description_id")?,
                        version_n: r.try_get("version_n")?,
                        kind: r.try_get("kind")?,
                        reason: r.try_get("reason")?,
                    })
                })
                .collect()
        })
    }

    /// Adds a change-log row that is not a change of a description (e.g. `search`/`reindex`: every
    /// node rebuilds its search index).
    pub async fn log_change(&self, subject: &str, kind: &str) -> Result<i64, StoreError> {
        with_pool!(self, write, |pool| {
            let seq: i64 = sqlx::query_scalar(
                "INSERT INTO change_log (at, subject, kind) VALUES ($1, $2, $3) RETURNING seq",
            )
            .bind(crate::now())
            .bind(subject)
            .bind(kind)
            .fetch_one(pool)
            .await?;
            self.model.wrote();
            Ok(seq)
        })
    }

    /// Change-log entries after `seq`, oldest first: `(seq, at, subject, kind)`; the subject is a
    /// description ID, or `organisations`.
    pub async fn changes_since(
        &self,
        seq: i64,
        limit: i64,
    ) -> Result<Vec<(i64, DateTime<Utc>, String, String)>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT seq, at, subject, kind FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(seq)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok((
                        r.try_get("seq")?,
                        r.try_get("at")?,
                        r.try_get("subject")?,
                        r.try_get("kind")?,
                    ))
                })
                .collect()
        })
    }

    /// The change-log entries with these numbers that exist (committed): `(seq, subject)`.
    pub async fn changes_at(&self, seqs: &[i64]) -> Result<Vec<(i64, String)>, StoreError> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        // Numbers we hold, written into the SQL.
        let list: Vec<String> = seqs.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT seq, subject FROM change_log WHERE seq IN ({}) ORDER BY seq",
            list.join(", ")
        );
        with_pool!(self, read, |pool| {
            Ok(sqlx::query_as(AssertSqlSafe(sql)).fetch_all(pool).await?)
        })
    }

    /// Every version of every description, streamed from the database in (description, version)
    /// order, so an export of any size uses little memory.
    pub fn export_stream(&self) -> BoxStream<'_, Result<ExportRow, StoreError>> {
        let sql = format!(
            "SELECT {DESCRIPTION_COLUMNS}, {VERSION_COLUMNS} \
             FROM descriptions d JOIN versions v ON v.description_id = d.id ORDER BY d.id, v.n"
        );
        with_pool!(self, read, |pool| {
            sqlx::query(AssertSqlSafe(sql))
                .fetch(pool)
                .map(|r| {
                    let r = r?;
                    Ok(ExportRow {
                        description: description_from_row(&r)?,
                        version: version_from_row(&r)?,
                    })
                })
                .boxed()
        })
    }
}
