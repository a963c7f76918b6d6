//! Embedded, append-only migrations: one folder per backend, the same file names in both (a test
//! checks that they match). Each migration runs in its own transaction and is recorded by number.
//! They run in the order of [`MIGRATIONS`]; numbers need not be contiguous (each is looked up on its
//! own). A migration may need a step SQL cannot do (see [`after`]): it runs in the same transaction.

use sqlx::AssertSqlSafe;

use crate::{Store, StoreError, WritePool, now, with_pool};

/// (number, name, SQLite SQL, PostgreSQL SQL).
pub(crate) const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "init",
        include_str!("../migrations/sqlite/0001_init.sql"),
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "auth",
        include_str!("../migrations/sqlite/0002_auth.sql"),
        include_str!("../migrations/postgres/0002_auth.sql"),
    ),
    (
        3,
        "idempotency",
        include_str!("../migrations/sqlite/0003_idempotency.sql"),
        include_str!("../migrations/postgres/0003_idempotency.sql"),
    ),
    (
        4,
        "read_paths",
        include_str!("../migrations/sqlite/0004_read_paths.sql"),
        include_str!("../migrations/postgres/0004_read_paths.sql"),
    ),
    (
        5,
        "sessions",
        include_str!("../migrations/sqlite/0005_sessions.sql"),
        include_str!("../migrations/postgres/0005_sessions.sql"),
    ),
    (
        6,
        "totp",
        include_str!("../migrations/sqlite/0006_totp.sql"),
        include_str!("../migrations/postgres/0006_totp.sql"),
    ),
    (
        7,
        "admin",
        include_str!("../migrations/sqlite/0007_admin.sql"),
        include_str!("../migrations/postgres/0007_admin.sql"),
    ),
    (
        8,
        "outbox",
        include_str!("../migrations/sqlite/0008_outbox.sql"),
        include_str!("../migrations/postgres/0008_outbox.sql"),
    ),
    (
        9,
        "templates",
        include_str!("../migrations/sqlite/0009_templates.sql"),
        include_str!("../migrations/postgres/0009_templates.sql"),
    ),
    (
        10,
        "oidc",
        include_str!("../migrations/sqlite/0010_oidc.sql"),
        include_str!("../migrations/postgres/0010_oidc.sql"),
    ),
    (
        11,
        "provider_sessions",
        include_str!("../migrations/sqlite/0011_provider_sessions.sql"),
        include_str!("../migrations/postgres/0011_provider_sessions.sql"),
    ),
];

/// Rows whose name keys are written per statement by [`after`].
const NAME_KEY_CHUNK: usize = 500;

/// The part of migration `version` that SQL cannot do, in its transaction: 4 gives every `published`
/// row its `name_key` (computed by [`crate::name_key`], the same function later writes use).
macro_rules! after {
    ($tx:expr, $version:expr) => {{
        if $version == 4 {
            let rows: Vec<(String, String)> =
                sqlx::query_as("SELECT description_id, name FROM published WHERE name_key IS NULL")
                    .fetch_all(&mut *$tx)
                    .await?;
            for chunk in rows.chunks(NAME_KEY_CHUNK) {
                // Placeholders we number ourselves; the values are bound.
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                    .collect();
                let sql = format!(
                    "UPDATE published SET name_key = v.column2 FROM (VALUES {}) AS v \
                     WHERE published.description_id = v.column1",
                    values.join(", ")
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for (id, name) in chunk {
                    q = q.bind(id).bind(crate::name_key(name));
                }
                q.execute(&mut *$tx).await?;
            }
        }
    }};
}

pub(crate) async fn run(store: &Store) -> Result<usize, StoreError> {
    run_until(store, i64::MAX).await
}

/// Applies the migrations numbered up to `last` (tests start from an older schema with it).
pub(crate) async fn run_until(store: &Store, last: i64) -> Result<usize, StoreError> {
    let backend = store.backend();
    with_pool!(store, write, |pool| {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(pool)
        .await?;
        let mut ran = 0;
        for (version, name, sqlite, postgres) in MIGRATIONS.iter().filter(|m| m.0 <= last) {
            let mut tx = pool.begin_write().await?;
            let done: Option<i64> =
                sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                    .bind(version)
                    .fetch_optional(&mut *tx)
                    .await?;
            if done.is_some() {
                continue;
            }
            let sql = match backend {
                crate::Backend::Sqlite => *sqlite,
                crate::Backend::Postgres => *postgres,
            };
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
            after!(tx, *version);
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(version)
            .bind(*name)
            .bind(now().to_rfc3339())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::info!(version, name, "migration applied");
            ran += 1;
        }
        if backend == crate::Backend::Sqlite {
            // Cheap when nothing is needed; gathers statistics the planner lacks.
            sqlx::query("PRAGMA optimize").execute(pool).await?;
        }
        Ok(ran)
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn files(backend: &str) -> Vec<String> {
        // At run time: a test binary built in another checkout of a shared target folder must read
        // this checkout's files.
        let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"))
            .join("migrations")
            .join(backend);
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn both_backends_have_the_same_migrations_and_all_are_embedded() {
        let sqlite = files("sqlite");
        assert_eq!(sqlite, files("postgres"));
        let embedded: Vec<String> = super::MIGRATIONS
            .iter()
            .map(|(n, name, _, _)| format!("{n:04}_{name}.sql"))
            .collect();
        assert_eq!(sqlite, embedded);
    }
}
