//! Logins through an identity provider (OpenID Connect) waiting for the browser to come back. Rows
//! only: the checks and time-outs are the register's.

use algoreg_domain::OrgCode;
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::{Store, StoreError, WritePool, with_pool};

/// A login sent to an identity provider, found by the hash of its `state` value.
#[derive(Clone, PartialEq, Eq)]
pub struct OidcLoginRow {
    /// The configured provider's id.
    pub provider: String,
    /// The value the provider must put in the ID token.
    pub nonce: String,
    /// The PKCE code verifier sent with the code to the token endpoint.
    pub verifier: String,
    /// The back-office page to go to after logging in.
    pub next_path: String,
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for OidcLoginRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The nonce and verifier stay out of logs.
        f.debug_struct("OidcLoginRow")
            .field("provider", &self.provider)
            .field("next_path", &self.next_path)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Stores a login sent to a provider, and forgets those started before `forget_before`.
    pub async fn create_oidc_login(
        &self,
        state_hash: &str,
        row: &OidcLoginRow,
        forget_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM oidc_logins WHERE created_at < $1")
                .bind(forget_before)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO oidc_logins (state_hash, provider, nonce, verifier, next_path, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(state_hash)
            .bind(&row.provider)
            .bind(&row.nonce)
            .bind(&row.verifier)
            .bind(&row.next_path)
            .bind(row.created_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Takes the login with this state hash out of the database (so it is used once);
    /// [`StoreError::NotFound`] when there is none.
    pub async fn take_oidc_login(&self, state_hash: &str) -> Result<OidcLoginRow, StoreError> {
        with_pool!(self, write, |pool| {
            let row = sqlx::query(
                "DELETE FROM oidc_logins WHERE state_hash = $1 \
                 RETURNING provider, nonce, verifier, next_path, created_at",
            )
            .bind(state_hash)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            Ok(OidcLoginRow {
                provider: row.try_get("provider")?,
                nonce: row.try_get("nonce")?,
                verifier: row.try_get("verifier")?,
                next_path: row.try_get("next_path")?,
                created_at: row.try_get("created_at")?,
            })
        })
    }

    /// The newest invitation for `email` into `org` that can still be used at `at`: the hash of its
    /// link's secret, or [`StoreError::NotFound`].
    pub async fn open_invitation_for(
        &self,
        email: &str,
        org: &OrgCode,
        at: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let email = email.trim().to_lowercase();
        with_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar(
                "SELECT token_hash FROM user_links WHERE email = $1 AND org_code = $2 \
                 AND kind = 'invite' AND used_at IS NULL AND expires_at > $3 ORDER BY id DESC LIMIT 1",
            )
            .bind(&email)
            .bind(org.as_str())
            .bind(at)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?)
        })
    }
}
