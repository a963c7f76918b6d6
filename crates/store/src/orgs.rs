//! Organisations.

use algoreg_domain::{OrgType, Organisation, PublicationFlow};
use sqlx::Row;

use crate::rows::{corrupt, parse_org};
use crate::{Store, StoreError, WritePool, now, with_pool};

/// Inserts an organisation or overwrites every field of it, inside the transaction `$tx`.
macro_rules! upsert_org {
    ($tx:expr, $o:expr, $at:expr) => {{
        let o: &algoreg_domain::Organisation = $o;
        sqlx::query(
            "INSERT INTO organisations (code, name, org_type, parent_code, flow, public_page, about, contact, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO UPDATE SET name = $2, org_type = $3, \
             parent_code = $4, flow = $5, public_page = $6, about = $7, contact = $8",
        )
        .bind(o.code.as_str())
        .bind(&o.name)
        .bind(o.org_type.as_str())
        .bind(o.parent.as_ref().map(|p| p.as_str()))
        .bind(o.flow.as_str())
        .bind(o.public_page)
        .bind(&o.about)
        .bind(&o.contact)
        .bind($at)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use upsert_org;

/// Records in the change log that organisations changed (caches of public pages depend on them).
macro_rules! log_org_change {
    ($tx:expr, $at:expr) => {{
        sqlx::query("INSERT INTO change_log (at, subject, kind) VALUES ($1, 'organisations', 'organisations')")
            .bind($at)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use log_org_change;

const COLUMNS: &str = "code, name, org_type, parent_code, flow, public_page, about, contact";

pub(crate) fn org_from_row<R>(row: &R) -> Result<Organisation, StoreError>
where
    R: Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let org_type: String = row.try_get("org_type")?;
    let flow: String = row.try_get("flow")?;
    let parent: Option<String> = row.try_get("parent_code")?;
    Ok(Organisation {
        code: parse_org(&row.try_get::<String, _>("code")?)?,
        name: row.try_get("name")?,
        org_type: OrgType::parse(&org_type)
            .ok_or_else(|| corrupt("organisation type", &org_type))?,
        parent: parent.as_deref().map(parse_org).transpose()?,
        flow: PublicationFlow::parse(&flow).ok_or_else(|| corrupt("publication flow", &flow))?,
        public_page: row.try_get("public_page")?,
        about: row.try_get("about")?,
        contact: row.try_get("contact")?,
    })
}

impl Store {
    /// Adds organisations that are missing; existing ones keep what their admins set. Parents must come
    /// before their children in the slice. Returns how many were added.
    pub async fn insert_missing_organisations(
        &self,
        orgs: &[Organisation],
    ) -> Result<u64, StoreError> {
        let at = now();
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut added = 0;
            for o in orgs {
                let r = sqlx::query(
                    "INSERT INTO organisations (code, name, org_type, parent_code, flow, public_page, about, contact, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO NOTHING",
                )
                .bind(o.code.as_str())
                .bind(&o.name)
                .bind(o.org_type.as_str())
                .bind(o.parent.as_ref().map(|p| p.as_str()))
                .bind(o.flow.as_str())
                .bind(o.public_page)
                .bind(&o.about)
                .bind(&o.contact)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                added += r.rows_affected();
            }
            if added > 0 {
                log_org_change!(tx, at);
            }
            tx.commit().await?;
            self.model.wrote();
            Ok(added)
        })
    }

    /// Writes every field of existing organisations and adds missing ones.
    pub async fn upsert_organisations(&self, orgs: &[Organisation]) -> Result<(), StoreError> {
        let at = now();
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            for o in orgs {
                upsert_org!(tx, o, at);
            }
            log_org_change!(tx, at);
            tx.commit().await?;
            self.model.wrote();
            Ok(())
        })
    }

    pub async fn organisation(
        &self,
        code: &algoreg_domain::OrgCode,
    ) -> Result<Organisation, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM organisations WHERE code = $1"
            )))
            .bind(code.as_str())
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            org_from_row(&row)
        })
    }

    /// All organisations, ordered by code.
    pub async fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM organisations ORDER BY code"
            )))
            .fetch_all(pool)
            .await?;
            rows.iter().map(org_from_row).collect()
        })
    }
}
