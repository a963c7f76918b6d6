//! Stored answers of requests sent with an `Idempotency-Key`: claimed before the request acts, filled
//! in with the answer afterwards, replayed to a repeat of the same request.

use algoreg_domain::UserId;
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::{Store, StoreError, WritePool, with_pool};

/// An answer as it was sent the first time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    /// The headers worth repeating (e.g. `Location`, `ETag`, `Content-Type`), in order.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What a claim of a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new (or its earlier use expired): the caller acts, then stores its answer.
    New,
    /// The same request was answered before: send this answer again.
    Replay(StoredAnswer),
    /// The key was used for a different request.
    Mismatch,
    /// The first request with this key is still being answered.
    InProgress,
}

impl Store {
    /// Claims `key` of `user` for a request with fingerprint `request_hash`. Keys created before
    /// `expired_before` are forgotten (every user's, so the table does not grow); a claim whose answer
    /// never came (a crash) is taken over once it is older than `stale_before`.
    pub async fn claim_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        request_hash: &str,
        at: DateTime<Utc>,
        expired_before: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> Result<Claim, StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                .bind(expired_before)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2 \
                 AND status IS NULL AND created_at < $3",
            )
            .bind(user.0)
            .bind(key)
            .bind(stale_before)
            .execute(&mut *tx)
            .await?;
            let inserted = sqlx::query(
                "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, idem_key) DO NOTHING",
            )
            .bind(user.0)
            .bind(key)
            .bind(request_hash)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            let claim = if inserted.rows_affected() == 1 {
                Claim::New
            } else {
                let row = sqlx::query(
                    "SELECT request_hash, status, headers, body FROM idempotency_keys \
                     WHERE user_id = $1 AND idem_key = $2",
                )
                .bind(user.0)
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
                let hash: String = row.try_get("request_hash")?;
                let status: Option<i32> = row.try_get("status")?;
                if hash != request_hash {
                    Claim::Mismatch
                } else if let Some(status) = status {
                    let headers: Option<String> = row.try_get("headers")?;
                    let headers = match headers {
                        Some(h) => serde_json::from_str(&h).map_err(|e| {
                            StoreError::Corrupt(format!("stored answer headers: {e}"))
                        })?,
                        None => Vec::new(),
                    };
                    Claim::Replay(StoredAnswer {
                        status: u16::try_from(status).map_err(|_| {
                            StoreError::Corrupt(format!("stored answer status {status}"))
                        })?,
                        headers,
                        body: row
                            .try_get::<Option<String>, _>("body")?
                            .unwrap_or_default(),
                    })
                } else {
                    Claim::InProgress
                }
            };
            tx.commit().await?;
            Ok(claim)
        })
    }

    /// Stores the answer to a claimed key.
    pub async fn finish_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        answer: &StoredAnswer,
    ) -> Result<(), StoreError> {
        let headers = serde_json::to_string(&answer.headers)
            .map_err(|e| StoreError::Corrupt(format!("answer headers: {e}")))?;
        with_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE idempotency_keys SET status = $1, headers = $2, body = $3 \
                 WHERE user_id = $4 AND idem_key = $5",
            )
            .bind(i32::from(answer.status))
            .bind(&headers)
            .bind(&answer.body)
            .bind(user.0)
            .bind(key)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Forgets a claimed key whose request could not be answered (so that a retry may act).
    pub async fn release_idempotency_key(&self, user: UserId, key: &str) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2 AND status IS NULL",
            )
            .bind(user.0)
            .bind(key)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}
