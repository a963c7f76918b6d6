//! Embedded, append-only migrations: one folder per backend, the same file names in both (a test
//! checks that they match). Each migration runs in its own transaction and is recorded by number.

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
        5,
        "sessions",
        include_str!("../migrations/sqlite/0005_sessions.sql"),
        include_str!("../migrations/postgres/0005_sessions.sql"),
    ),
];

pub(crate) async fn run(store: &Store) -> Result<usize, StoreError> {
    let backend = store.backend();
    with_pool!(store, write, |pool| {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(pool)
        .await?;
        let mut ran = 0;
        for (version, name, sqlite, postgres) in MIGRATIONS {
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
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
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
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
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
