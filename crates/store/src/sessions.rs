//! Back-office sessions and failed logins. Rows only: the time-outs and limits are the register's.

use algoreg_domain::UserId;
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::{Store, StoreError, WritePool, with_pool};

/// A stored session, found by the hash of its cookie value.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub user_id: UserId,
    /// The token every form of this session must carry.
    pub csrf: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// The supplier of the session's user, if any (read with the session: no query of its own).
    pub provider: Option<String>,
}

impl std::fmt::Debug for SessionRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The CSRF token stays out of logs.
        f.debug_struct("SessionRow")
            .field("user_id", &self.user_id)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// A login through an identity provider: the provider's id and the ID token it gave (kept to end
/// the provider's session at logout).
#[derive(Clone, PartialEq, Eq)]
pub struct ProviderLogin {
    pub provider: String,
    pub id_token: String,
}

impl std::fmt::Debug for ProviderLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token stays out of logs.
        f.debug_struct("ProviderLogin")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Stores a new session (started through an identity provider when `via` is given), and notes the
    /// time as the user's last login.
    pub async fn create_session(
        &self,
        id_hash: &str,
        user: UserId,
        csrf: &str,
        at: DateTime<Utc>,
        via: Option<&ProviderLogin>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen_at, oidc_provider, id_token) \
                 VALUES ($1, $2, $3, $4, $4, $5, $6)",
            )
            .bind(id_hash)
            .bind(user.0)
            .bind(csrf)
            .bind(at)
            .bind(via.map(|v| v.provider.as_str()))
            .bind(via.map(|v| v.id_token.as_str()))
            .execute(pool)
            .await?;
            sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
                .bind(at)
                .bind(user.0)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The session with this hash; [`StoreError::NotFound`] when there is none.
    pub async fn session(&self, id_hash: &str) -> Result<SessionRow, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT s.user_id, s.csrf, s.created_at, s.last_seen_at, u.provider \
                 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            Ok(SessionRow {
                user_id: UserId(row.try_get("user_id")?),
                csrf: row.try_get("csrf")?,
                created_at: row.try_get("created_at")?,
                last_seen_at: row.try_get("last_seen_at")?,
                provider: row.try_get("provider")?,
            })
        })
    }

    /// Records that the session was used at `at`.
    pub async fn touch_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
                .bind(at)
                .bind(id_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Ends one session and answers the identity provider it was started through, if any (`None` also
    /// when the session is gone already).
    pub async fn end_session(&self, id_hash: &str) -> Result<Option<ProviderLogin>, StoreError> {
        with_pool!(self, write, |pool| {
            let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
                "DELETE FROM sessions WHERE id_hash = $1 RETURNING oidc_provider, id_token",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await?;
            Ok(row.and_then(|(provider, id_token)| {
                provider
                    .zip(id_token)
                    .map(|(provider, id_token)| ProviderLogin { provider, id_token })
            }))
        })
    }

    /// Ends one session (no error when it is gone already).
    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Removes sessions last used before `idle_before` or started before `started_before`.
    pub async fn delete_expired_sessions(
        &self,
        idle_before: DateTime<Utc>,
        started_before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        with_pool!(self, write, |pool| {
            let done =
                sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                    .bind(idle_before)
                    .bind(started_before)
                    .execute(pool)
                    .await?;
            Ok(done.rows_affected())
        })
    }

    /// How many failed logins `subject` has had since `since`.
    pub async fn login_failures(
        &self,
        subject: &str,
        since: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        with_pool!(self, read, |pool| {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at >= $2",
            )
            .bind(subject)
            .bind(since)
            .fetch_one(pool)
            .await?;
            Ok(n)
        })
    }

    /// Records a failed login for each subject, and forgets failures of these subjects older than
    /// `forget_before`, in one transaction.
    pub async fn record_login_failure(
        &self,
        subjects: &[&str],
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            for subject in subjects {
                sqlx::query("DELETE FROM login_failures WHERE subject = $1 AND at < $2")
                    .bind(subject)
                    .bind(forget_before)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
                    .bind(subject)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Forgets the failed logins of `subject` (after a successful login).
    pub async fn clear_login_failures(&self, subject: &str) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM login_failures WHERE subject = $1")
                .bind(subject)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
