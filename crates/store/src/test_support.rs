//! Fresh databases for tests: SQLite in a temporary folder always, and PostgreSQL (a new schema in the
//! database named by `ALGOREG_TEST_POSTGRES_URL`) when that variable is set.

use crate::Store;

/// A migrated store; the temporary folder of an SQLite database lives as long as this value.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// The environment variable that names the PostgreSQL test database.
pub const POSTGRES_ENV: &str = "ALGOREG_TEST_POSTGRES_URL";

/// A fresh, migrated SQLite database.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = Store::connect(&url).await.expect("sqlite");
    store.migrate().await.expect("migrate sqlite");
    TestDb {
        store,
        url,
        _dir: Some(dir),
    }
}

/// A URL for a fresh, empty PostgreSQL schema, when a server is configured.
pub async fn postgres_url() -> Option<String> {
    let pg = std::env::var(POSTGRES_ENV).ok()?;
    let schema = format!("t{}", rand::random::<u64>());
    let admin = sqlx::PgPool::connect(&pg)
        .await
        .expect("connecting to ALGOREG_TEST_POSTGRES_URL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .expect("schema");
    admin.close().await;
    let sep = if pg.contains('?') { '&' } else { '?' };
    Some(format!("{pg}{sep}options=-csearch_path%3D{schema}"))
}

/// Fresh stores migrated up to migration `last` only: SQLite, then PostgreSQL when configured.
pub async fn backends_at(last: i64) -> Vec<TestDb> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = Store::connect(&url).await.expect("sqlite");
    store.migrate_until(last).await.expect("migrate sqlite");
    let mut out = vec![TestDb {
        store,
        url,
        _dir: Some(dir),
    }];
    if let Some(url) = postgres_url().await {
        let store = Store::connect(&url).await.expect("postgres");
        store.migrate_until(last).await.expect("migrate postgres");
        out.push(TestDb {
            store,
            url,
            _dir: None,
        });
    }
    out
}

/// Fresh, migrated stores: SQLite, then PostgreSQL when configured.
pub async fn backends() -> Vec<TestDb> {
    let mut out = vec![sqlite().await];
    if let Some(url) = postgres_url().await {
        let store = Store::connect(&url).await.expect("postgres");
        store.migrate().await.expect("migrate postgres");
        out.push(TestDb {
            store,
            url,
            _dir: None,
        });
    }
    out
}

/// Waits, when needed, until at least 20 seconds remain of the current clock minute: tests that count
/// requests in the rate limits' fixed one-minute windows must not straddle the end of one.
pub async fn within_one_window() {
    let second = chrono::Utc::now().timestamp().rem_euclid(60);
    if second >= 40 {
        let wait = u64::try_from(60 - second).unwrap_or(20);
        tokio::time::sleep(std::time::Duration::from_millis(wait * 1000 + 100)).await;
    }
}

/// Makes every single-use link (invitation, password reset) expired, as if its time had passed.
pub async fn expire_links(store: &Store) {
    let past = crate::now() - chrono::Duration::seconds(1);
    crate::with_pool!(store, write, |pool| {
        sqlx::query("UPDATE user_links SET expires_at = $1")
            .bind(past)
            .execute(pool)
            .await
            .expect("expire links");
    });
}

/// Runs one SQL statement on a store's database, for setting up what no service writes yet (e.g. a
/// disabled account).
pub async fn execute(store: &Store, sql: &str) {
    crate::with_pool!(store, write, |pool| {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(pool)
            .await
            .expect("test SQL");
    });
}
