//! The store: one repository API over SQLite (the embedded default) and PostgreSQL (by URL).
//!
//! Every query is written once, with `$n` placeholders that both backends read; the [`with_pool!`]
//! macro runs the same code against whichever pool is configured, so the two backends cannot drift.
//! Every state change writes its version, its audit event and a change-log row in one transaction.
//!
//! This crate knows rows and transactions, not rules: who may do what is decided in `algoreg-domain`
//! and applied by `algoreg-register`, the only caller that writes.

mod admin;
mod auth;
mod descriptions;
mod error;
mod idempotency;
mod migrate;
mod oidc;
mod orgs;
mod outbox;
mod public;
mod read_model;
mod rows;
mod sessions;
mod templates;
#[cfg(feature = "test-support")]
pub mod test_support;
mod totp;
mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

pub use admin::{
    AccountRow, AdminEvent, EventFilter, LinkKind, LinkRow, MemberRow, NewAccount, NewLink,
    StateCount,
};
pub use auth::{ClientCredentials, ClientRow, NewClient, NewToken, TokenClient, TokenRow};
pub use descriptions::{BulkWrite, ExportRow, ListFilter, ListRow, Transition};
pub use error::StoreError;
pub use idempotency::{Claim, StoredAnswer};
pub use oidc::OidcLoginRow;
pub use outbox::{MessageRow, MessageState, NewMessage, Recipient};
pub use public::{
    ExportContent, MissingCells, OrganisationCount, PublicCurrentRow, PublicExportRow,
    PublicFilter, PublicSort, PublicSummaryRow, PublicVersionRow, name_key,
};
pub use read_model::{GAP_WAIT, POLL};
pub use rows::{
    DescriptionRow, EventRow, ExportCells, ImportDescription, NewDescription, NewEvent, NewVersion,
    VersionColumns, VersionRow,
};
pub use sessions::{ProviderLogin, SessionRow};
pub use templates::{SameTemplateRow, TemplateRow};
pub use totp::{ChallengeRow, TotpRow};
pub use users::{NewUser, UserRow};

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
enum Db {
    /// SQLite allows one writer at a time: writes go through a pool of one connection (so writers in
    /// this process queue instead of failing), reads use several.
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
    },
    Postgres(PgPool),
}

/// A handle to the database. Cheap to clone; clones share the read model of the public register.
#[derive(Clone)]
pub struct Store {
    db: Db,
    model: std::sync::Arc<read_model::ReadModel>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the URL: it may hold a password.
        f.debug_struct("Store")
            .field("backend", &self.backend())
            .finish()
    }
}

/// Runs `$body` with `$pool` bound to the read (`read`) or write (`write`) pool of either backend.
/// The body is compiled once per backend, so each query is written once and checked against both.
macro_rules! with_pool {
    ($store:expr, $kind:ident, |$pool:ident| $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite { $kind: $pool, .. } => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// Starting a write transaction. SQLite takes the write lock at once (`BEGIN IMMEDIATE`): a deferred
/// transaction that reads and then writes fails straight away under contention instead of waiting.
pub(crate) trait WritePool {
    type Db: sqlx::Database;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>;
}

impl WritePool for SqlitePool {
    type Db = sqlx::Sqlite;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl WritePool for PgPool {
    type Db = sqlx::Postgres;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

/// The current time as the store keeps it: UTC, whole microseconds (what PostgreSQL stores), so a
/// value read back equals the value written on both backends.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

impl Store {
    /// Connects by URL: `postgres://…` or `postgresql://…` for PostgreSQL; `sqlite://PATH`,
    /// `sqlite:PATH` or a plain path for SQLite (the file and its folder are created when missing).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts =
                PgConnectOptions::from_str(url).map_err(|e| StoreError::Config(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            return Ok(Self::with_db(Db::Postgres(pool)));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() || path == ":memory:" {
            return Err(StoreError::Config(
                "an SQLite database needs a file path, such as sqlite://data/algoreg.db".into(),
            ));
        }
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Config(format!("cannot create the folder {}: {e}", dir.display()))
            })?;
        }
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            .pragma("cache_size", "-32000");
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            // Readers look up few pages per request (lists are answered by the read model) and the
            // operating system caches the file anyway; a large cache per reader would only add up
            // (8 × 32 MB) on the node's memory after scans such as a full download.
            .connect_with(opts.read_only(true).pragma("cache_size", "-4000"))
            .await?;
        Ok(Self::with_db(Db::Sqlite { read, write }))
    }

    fn with_db(db: Db) -> Self {
        Self {
            db,
            model: std::sync::Arc::new(read_model::ReadModel::new()),
        }
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the embedded migrations that have not run yet; returns how many ran.
    pub async fn migrate(&self) -> Result<usize, StoreError> {
        migrate::run(self).await
    }

    /// Applies the migrations numbered up to `last` only: for tests of migrating older databases.
    #[cfg(feature = "test-support")]
    pub async fn migrate_until(&self, last: i64) -> Result<usize, StoreError> {
        migrate::run_until(self, last).await
    }

    /// Refreshes the planner's statistics (after bulk loads), so filtered lists use the right indexes.
    pub async fn analyze(&self) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query("ANALYZE").execute(pool).await?;
        });
        Ok(())
    }

    /// Answers whether the database can be reached (for `/ready`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pool!(self, read, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Every (table, column) of the schema, sorted: lets a test check that both backends' migrations
    /// build the same tables.
    pub async fn schema_columns(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut cols: Vec<(String, String)> =
            match &self.db {
                Db::Sqlite { read, .. } => sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
                )
                .fetch_all(read)
                .await?,
                Db::Postgres(pool) => sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema()",
                )
                .fetch_all(pool)
                .await?,
            };
        cols.sort();
        Ok(cols)
    }

    /// Closes all connections (and, on SQLite, folds the write-ahead log back into the file).
    pub async fn close(&self) {
        match &self.db {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}
