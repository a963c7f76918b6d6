//! Rows of two-factor authentication: a user's TOTP secret (pending during enrolment, then confirmed),
//! the last 30-second step whose code was accepted, an organisation's requirement, and logins waiting
//! for their code. Rows only: codes are checked by the register.

use algoreg_domain::{OrgCode, UserId};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::admin::{AdminEvent, write_event};
use crate::sessions::ProviderLogin;
use crate::{Store, StoreError, WritePool, with_pool};

/// A user's second factor as stored, and whether one of their organisations requires it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct TotpRow {
    /// The confirmed secret as stored (base32, or sealed by the register); `None` when the user has
    /// no second factor.
    pub secret: Option<String>,
    /// A secret shown during enrolment and not confirmed yet.
    pub pending: Option<String>,
    /// The newest step whose code was accepted.
    pub last_step: Option<i64>,
    /// An organisation the user belongs to requires a second factor.
    pub required: bool,
}

impl std::fmt::Debug for TotpRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets stay out of logs.
        f.debug_struct("TotpRow")
            .field("enabled", &self.secret.is_some())
            .field("required", &self.required)
            .finish_non_exhaustive()
    }
}

/// A login waiting for its one-time code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeRow {
    pub user_id: UserId,
    pub created_at: DateTime<Utc>,
    /// The identity provider the first step went through, if any (for the session).
    pub via: Option<ProviderLogin>,
}

impl Store {
    /// The second factor of `user`; [`StoreError::NotFound`] for an unknown user.
    pub async fn totp(&self, user: UserId) -> Result<TotpRow, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT totp_secret, totp_pending, totp_last_step, \
                 EXISTS (SELECT 1 FROM memberships m JOIN organisations o ON o.code = m.org_code \
                         WHERE m.user_id = users.id AND o.require_totp) AS required \
                 FROM users WHERE id = $1",
            )
            .bind(user.0)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            Ok(TotpRow {
                secret: row.try_get("totp_secret")?,
                pending: row.try_get("totp_pending")?,
                last_step: row.try_get("totp_last_step")?,
                required: row.try_get("required")?,
            })
        })
    }

    /// Sets (or with `None` clears) the secret shown during enrolment.
    pub async fn set_totp_pending(
        &self,
        user: UserId,
        secret: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
                .bind(secret)
                .bind(user.0)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Confirms the pending secret `secret` (only if it is still the pending one), with the step of
    /// the code that confirmed it as used, and `events` (one per organisation of the user), in one
    /// transaction. Answers whether it was confirmed.
    pub async fn confirm_totp(
        &self,
        user: UserId,
        secret: &str,
        step: i64,
        events: &[AdminEvent],
    ) -> Result<bool, StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $1 \
                 WHERE id = $2 AND totp_pending = $3",
            )
            .bind(step)
            .bind(user.0)
            .bind(secret)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            for e in events {
                write_event!(tx, e);
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Removes the user's second factor, with `events` (one per organisation of the user), in one
    /// transaction.
    pub async fn clear_totp(&self, user: UserId, events: &[AdminEvent]) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL \
                 WHERE id = $1",
            )
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
            for e in events {
                write_event!(tx, e);
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Marks `step` used, if it is newer than every step used before: one atomic update, so that two
    /// nodes cannot both accept the same code. Answers whether it was newer.
    pub async fn use_totp_step(&self, user: UserId, step: i64) -> Result<bool, StoreError> {
        with_pool!(self, write, |pool| {
            let done = sqlx::query(
                "UPDATE users SET totp_last_step = $1 \
                 WHERE id = $2 AND totp_secret IS NOT NULL \
                 AND (totp_last_step IS NULL OR totp_last_step < $1)",
            )
            .bind(step)
            .bind(user.0)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Some user's TOTP secret (or pending secret) that starts with `prefix`, if there is one.
    pub async fn a_sealed_totp_secret(
        &self,
        prefix: &str,
    ) -> Result<Option<(UserId, String)>, StoreError> {
        let like = format!("{prefix}%");
        with_pool!(self, read, |pool| {
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT id, COALESCE(CASE WHEN totp_secret LIKE $1 THEN totp_secret END, totp_pending) \
                 FROM users WHERE totp_secret LIKE $1 OR totp_pending LIKE $1 LIMIT 1",
            )
            .bind(&like)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(id, v)| (UserId(id), v)))
        })
    }

    /// Users with a TOTP secret or pending secret that does not start with `prefix`: (user, secret,
    /// pending).
    pub async fn unsealed_totp_secrets(
        &self,
        prefix: &str,
    ) -> Result<Vec<(UserId, Option<String>, Option<String>)>, StoreError> {
        let like = format!("{prefix}%");
        with_pool!(self, read, |pool| {
            let rows: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT id, totp_secret, totp_pending FROM users \
                 WHERE (totp_secret IS NOT NULL AND totp_secret NOT LIKE $1) \
                 OR (totp_pending IS NOT NULL AND totp_pending NOT LIKE $1) ORDER BY id",
            )
            .bind(&like)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|(id, s, p)| (UserId(id), s, p))
                .collect())
        })
    }

    /// Replaces the user's TOTP secret (or with `pending` their pending secret) with `new` if it
    /// still holds `old`. Answers whether it did.
    pub async fn replace_totp_value(
        &self,
        user: UserId,
        pending: bool,
        old: &str,
        new: &str,
    ) -> Result<bool, StoreError> {
        let sql = if pending {
            "UPDATE users SET totp_pending = $1 WHERE id = $2 AND totp_pending = $3"
        } else {
            "UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3"
        };
        with_pool!(self, write, |pool| {
            let done = sqlx::query(sql)
                .bind(new)
                .bind(user.0)
                .bind(old)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Whether the organisation requires its members to use a second factor.
    pub async fn org_requires_totp(&self, org: &OrgCode) -> Result<bool, StoreError> {
        with_pool!(self, read, |pool| {
            let v: bool =
                sqlx::query_scalar("SELECT require_totp FROM organisations WHERE code = $1")
                    .bind(org.as_str())
                    .fetch_optional(pool)
                    .await?
                    .ok_or(StoreError::NotFound)?;
            Ok(v)
        })
    }

    /// Sets whether the organisation requires a second factor, with an audit event of who did it
    /// (`require-two-factor` or `two-factor-optional`), in one transaction. Requiring it revokes the
    /// access tokens of members who have none.
    pub async fn set_org_requires_totp(
        &self,
        org: &OrgCode,
        required: bool,
        actor: UserId,
        actor_name: &str,
    ) -> Result<(), StoreError> {
        let at = crate::now();
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query("UPDATE organisations SET require_totp = $1 WHERE code = $2")
                .bind(required)
                .bind(org.as_str())
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            if required {
                // Members without a second factor lose the tokens they got with a password alone
                // (their sessions are sent to set it up at their next request).
                sqlx::query(
                    "DELETE FROM access_tokens WHERE client_ref IS NULL AND user_id IN \
                     (SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id \
                      WHERE m.org_code = $1 AND u.totp_secret IS NULL)",
                )
                .bind(org.as_str())
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO events (at, actor_id, actor_name, org_code, kind) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(at)
            .bind(actor.0)
            .bind(actor_name)
            .bind(org.as_str())
            .bind(if required {
                "require-two-factor"
            } else {
                "two-factor-optional"
            })
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Stores a login waiting for its code (its first step through an identity provider when `via`
    /// is given), and forgets those started before `forget_before`.
    pub async fn create_login_challenge(
        &self,
        id_hash: &str,
        user: UserId,
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
        via: Option<&ProviderLogin>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM login_challenges WHERE created_at < $1")
                .bind(forget_before)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO login_challenges (id_hash, user_id, created_at, oidc_provider, id_token) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id_hash)
            .bind(user.0)
            .bind(at)
            .bind(via.map(|v| v.provider.as_str()))
            .bind(via.map(|v| v.id_token.as_str()))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The login waiting for its code with this hash; [`StoreError::NotFound`] when there is none.
    pub async fn login_challenge(&self, id_hash: &str) -> Result<ChallengeRow, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT user_id, created_at, oidc_provider, id_token FROM login_challenges \
                 WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            let provider: Option<String> = row.try_get("oidc_provider")?;
            let id_token: Option<String> = row.try_get("id_token")?;
            Ok(ChallengeRow {
                user_id: UserId(row.try_get("user_id")?),
                created_at: row.try_get("created_at")?,
                via: provider
                    .zip(id_token)
                    .map(|(provider, id_token)| ProviderLogin { provider, id_token }),
            })
        })
    }

    /// Ends a login waiting for its code (no error when it is gone already).
    pub async fn delete_login_challenge(&self, id_hash: &str) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM login_challenges WHERE id_hash = $1")
                .bind(id_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
