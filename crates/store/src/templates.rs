//! Provider templates: a supplier's description of its product that organisations start from, and
//! the accounts of suppliers (`users.provider`).

use algoreg_domain::{AlgorithmId, OrgCode, UserId};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::rows::parse_org;
use crate::{Store, StoreError, with_pool};

/// A template as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TemplateRow {
    pub id: i64,
    /// The supplier's name.
    pub provider: String,
    /// The product's name (from the document's `name`).
    pub name: String,
    /// The normalised JSON document of the standard.
    pub document: String,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A published description started from the same template as another one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SameTemplateRow {
    pub description_id: String,
    pub name: String,
    pub org: OrgCode,
    pub org_name: String,
}

const TEMPLATE_COLUMNS: &str =
    "id, provider, name, document, created_by, created_at, updated_at, published_at";

fn template_from_row<'r, R>(row: &'r R) -> Result<TemplateRow, StoreError>
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(TemplateRow {
        id: row.try_get("id")?,
        provider: row.try_get("provider")?,
        name: row.try_get("name")?,
        document: row.try_get("document")?,
        created_by: row.try_get::<Option<i64>, _>("created_by")?.map(UserId),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        published_at: row.try_get("published_at")?,
    })
}

impl Store {
    /// The supplier a user's account belongs to, if any.
    pub async fn user_provider(&self, id: UserId) -> Result<Option<String>, StoreError> {
        with_pool!(self, read, |pool| {
            let p: Option<Option<String>> =
                sqlx::query_scalar("SELECT provider FROM users WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(pool)
                    .await?;
            p.ok_or(StoreError::NotFound)
        })
    }

    /// Makes a user's account one of a supplier (or, with `None`, no longer).
    pub async fn set_user_provider(
        &self,
        id: UserId,
        provider: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let done = sqlx::query("UPDATE users SET provider = $1 WHERE id = $2")
                .bind(provider)
                .bind(id.0)
                .execute(pool)
                .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    pub async fn create_template(
        &self,
        provider: &str,
        name: &str,
        document: &str,
        created_by: UserId,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        with_pool!(self, write, |pool| {
            Ok(sqlx::query_scalar(
                "INSERT INTO templates (provider, name, document, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            )
            .bind(provider)
            .bind(name)
            .bind(document)
            .bind(created_by.0)
            .bind(at)
            .fetch_one(pool)
            .await?)
        })
    }

    pub async fn template(&self, id: i64) -> Result<TemplateRow, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {TEMPLATE_COLUMNS} FROM templates WHERE id = $1"
            )))
            .bind(id)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            template_from_row(&row)
        })
    }

    /// Replaces a template's name and document (the newest save wins: a template has no versions).
    pub async fn update_template(
        &self,
        id: i64,
        name: &str,
        document: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let done = sqlx::query(
                "UPDATE templates SET name = $1, document = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(name)
            .bind(document)
            .bind(at)
            .bind(id)
            .execute(pool)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Publishes (`Some(time)`) or withdraws (`None`) a template.
    pub async fn set_template_published(
        &self,
        id: i64,
        published_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let done = sqlx::query("UPDATE templates SET published_at = $1 WHERE id = $2")
                .bind(published_at)
                .bind(id)
                .execute(pool)
                .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// A supplier's templates, published or not, newest first.
    pub async fn templates_of(&self, provider: &str) -> Result<Vec<TemplateRow>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {TEMPLATE_COLUMNS} FROM templates WHERE provider = $1 ORDER BY id DESC"
            )))
            .bind(provider)
            .fetch_all(pool)
            .await?;
            rows.iter().map(template_from_row).collect()
        })
    }

    /// Every template, published or not, by id (for the full-register dump).
    pub async fn all_templates(&self) -> Result<Vec<TemplateRow>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {TEMPLATE_COLUMNS} FROM templates ORDER BY id"
            )))
            .fetch_all(pool)
            .await?;
            rows.iter().map(template_from_row).collect()
        })
    }

    /// Every published template, by supplier and product name.
    pub async fn published_templates(&self) -> Result<Vec<TemplateRow>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {TEMPLATE_COLUMNS} FROM templates WHERE published_at IS NOT NULL \
                 ORDER BY LOWER(provider), LOWER(name), id"
            )))
            .fetch_all(pool)
            .await?;
            rows.iter().map(template_from_row).collect()
        })
    }

    /// The template description `id` was started from, if any.
    pub async fn description_template(&self, id: AlgorithmId) -> Result<Option<i64>, StoreError> {
        with_pool!(self, read, |pool| {
            let t: Option<Option<i64>> =
                sqlx::query_scalar("SELECT template_id FROM descriptions WHERE id = $1")
                    .bind(id.as_string())
                    .fetch_optional(pool)
                    .await?;
            t.ok_or(StoreError::NotFound)
        })
    }

    /// The published descriptions started from template `template`, but `except`, by organisation
    /// name.
    pub async fn published_with_template(
        &self,
        template: i64,
        except: AlgorithmId,
    ) -> Result<Vec<SameTemplateRow>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT p.description_id, p.name, p.org_code, o.name AS org_name \
                 FROM published p JOIN descriptions d ON d.id = p.description_id \
                 JOIN organisations o ON o.code = p.org_code \
                 WHERE d.template_id = $1 AND p.description_id <> $2 \
                 ORDER BY LOWER(o.name), p.description_id LIMIT 200",
            )
            .bind(template)
            .bind(except.as_string())
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(SameTemplateRow {
                        description_id: r.try_get("description_id")?,
                        name: r.try_get("name")?,
                        org: parse_org(&r.try_get::<String, _>("org_code")?)?,
                        org_name: r.try_get("org_name")?,
                    })
                })
                .collect()
        })
    }
}
