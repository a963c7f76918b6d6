//! API clients, access tokens and rate-limit counters. Only hashes of secrets and tokens are stored;
//! what they may do is decided by the domain and the register, not here.

use algoreg_domain::{Action, OrgCode, OrgRole, UserId};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::rows::{corrupt, parse_org};
use crate::{Store, StoreError, WritePool, now, with_pool};

/// A new API client: a `users` row of kind `client` (so versions and events name it) with the roles
/// its allowed actions need in its organisation, and the client row itself.
#[derive(Clone, PartialEq, Eq)]
pub struct NewClient {
    pub client_id: String,
    pub org: OrgCode,
    pub name: String,
    /// An Argon2id PHC string.
    pub secret_hash: String,
    pub allowed_actions: Vec<Action>,
    pub created_by: Option<UserId>,
    /// The name of who created it, for the audit event.
    pub created_by_name: String,
}

impl std::fmt::Debug for NewClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewClient")
            .field("client_id", &self.client_id)
            .field("org", &self.org)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// An API client as its managers see it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    /// The row's number (internal).
    pub id: i64,
    pub client_id: String,
    /// The user row that acts for this client.
    pub user_id: UserId,
    pub org: OrgCode,
    pub name: String,
    pub allowed_actions: Vec<Action>,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub secret_set_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A client with the hash of its secret, to check a secret against.
#[derive(Clone)]
pub struct ClientCredentials {
    pub client: ClientRow,
    pub secret_hash: String,
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// A token to store: its SHA-256 (hex), never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub token_hash: String,
    pub user_id: UserId,
    /// The API client's row number, for a client's token.
    pub client_ref: Option<i64>,
    /// The one organisation a client's token acts for.
    pub org: Option<OrgCode>,
    pub expires_at: DateTime<Utc>,
}

/// A stored token, with what authenticating needs of its client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub user_id: UserId,
    pub org: Option<OrgCode>,
    pub expires_at: DateTime<Utc>,
    pub client: Option<TokenClient>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenClient {
    pub id: i64,
    pub allowed_actions: Vec<Action>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

fn actions_text(actions: &[Action]) -> String {
    actions
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_actions(s: &str) -> Result<Vec<Action>, StoreError> {
    s.split(',')
        .filter(|a| !a.is_empty())
        .map(|a| Action::parse(a).ok_or_else(|| corrupt("allowed action", a)))
        .collect()
}

/// The roles a client's user holds in its organisation: every role an action on descriptions needs in
/// the two-step flow, so that its scope (the allowed actions) is the one limit, and a denial names it.
/// Never org-admin: a client administers nothing.
const CLIENT_ROLES: [OrgRole; 2] = [OrgRole::Editor, OrgRole::Approver];

const CLIENT_COLUMNS: &str = "id, client_id, user_id, org_code, name, allowed_actions, created_by, \
     created_at, secret_set_at, last_used_at, revoked_at";

fn client_from_row<R>(row: &R) -> Result<ClientRow, StoreError>
where
    R: Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<i64>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> DateTime<Utc>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<DateTime<Utc>>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(ClientRow {
        id: row.try_get("id")?,
        client_id: row.try_get("client_id")?,
        user_id: UserId(row.try_get("user_id")?),
        org: parse_org(&row.try_get::<String, _>("org_code")?)?,
        name: row.try_get("name")?,
        allowed_actions: parse_actions(&row.try_get::<String, _>("allowed_actions")?)?,
        created_by: row.try_get::<Option<i64>, _>("created_by")?.map(UserId),
        created_at: row.try_get("created_at")?,
        secret_set_at: row.try_get("secret_set_at")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

/// Writes an audit event about an organisation's set-up (no description, no change-log row: nothing
/// public changes).
macro_rules! admin_event {
    ($conn:expr, $at:expr, $actor:expr, $actor_name:expr, $org:expr, $kind:expr, $reason:expr) => {{
        sqlx::query(
            "INSERT INTO events (at, actor_id, actor_name, org_code, kind, reason) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($at)
        .bind($actor)
        .bind($actor_name)
        .bind($org)
        .bind($kind)
        .bind($reason)
        .execute(&mut *$conn)
        .await?;
    }};
}

impl Store {
    /// Creates an API client with its user row and roles, and records who did it, in one transaction.
    /// A taken client id is [`StoreError::Duplicate`]; an unknown organisation
    /// [`StoreError::MissingReference`].
    pub async fn create_client(&self, c: &NewClient) -> Result<ClientRow, StoreError> {
        let at = now();
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let user_id: i64 = sqlx::query_scalar(
                "INSERT INTO users (email, name, password_hash, platform_roles, disabled, created_at, kind) \
                 VALUES ($1, $2, NULL, '', $3, $4, 'client') RETURNING id",
            )
            // A unique placeholder in a reserved domain: a client never logs in with a password.
            .bind(format!("{}@api-clients.invalid", c.client_id))
            .bind(&c.name)
            .bind(false)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            for role in CLIENT_ROLES {
                sqlx::query(
                    "INSERT INTO memberships (user_id, org_code, role) VALUES ($1, $2, $3)",
                )
                .bind(user_id)
                .bind(c.org.as_str())
                .bind(role.as_str())
                .execute(&mut *tx)
                .await
                .map_err(|e| match StoreError::from(e) {
                    StoreError::MissingReference(_) => {
                        StoreError::MissingReference(format!("organisation {}", c.org))
                    }
                    other => other,
                })?;
            }
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO api_clients (client_id, user_id, org_code, name, secret_hash, \
                 allowed_actions, created_by, created_at, secret_set_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING {CLIENT_COLUMNS}"
            )))
            .bind(&c.client_id)
            .bind(user_id)
            .bind(c.org.as_str())
            .bind(&c.name)
            .bind(&c.secret_hash)
            .bind(actions_text(&c.allowed_actions))
            .bind(c.created_by.map(|u| u.0))
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::MissingReference(_) => {
                    StoreError::MissingReference(format!("organisation {}", c.org))
                }
                other => other,
            })?;
            let client = client_from_row(&row)?;
            admin_event!(
                tx,
                at,
                c.created_by.map(|u| u.0),
                &c.created_by_name,
                c.org.as_str(),
                "client-created",
                Some(format!("{} ({})", c.name, c.client_id))
            );
            tx.commit().await?;
            Ok(client)
        })
    }

    /// One client by its public id (revoked ones too).
    pub async fn client(&self, client_id: &str) -> Result<ClientRow, StoreError> {
        Ok(self.client_credentials(client_id).await?.client)
    }

    /// One client with the hash of its secret.
    pub async fn client_credentials(
        &self,
        client_id: &str,
    ) -> Result<ClientCredentials, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {CLIENT_COLUMNS}, secret_hash FROM api_clients WHERE client_id = $1"
            )))
            .bind(client_id)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            Ok(ClientCredentials {
                client: client_from_row(&row)?,
                secret_hash: row.try_get("secret_hash")?,
            })
        })
    }

    /// An organisation's clients, newest first, revoked ones included.
    pub async fn clients(&self, org: &OrgCode) -> Result<Vec<ClientRow>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {CLIENT_COLUMNS} FROM api_clients WHERE org_code = $1 ORDER BY id DESC"
            )))
            .bind(org.as_str())
            .fetch_all(pool)
            .await?;
            rows.iter().map(client_from_row).collect()
        })
    }

    /// Replaces a live client's secret and ends the tokens issued with the old one. A revoked or
    /// unknown client is [`StoreError::NotFound`].
    pub async fn set_client_secret(
        &self,
        client_id: &str,
        secret_hash: &str,
        by: Option<UserId>,
        by_name: &str,
    ) -> Result<ClientRow, StoreError> {
        let at = now();
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE api_clients SET secret_hash = $1, secret_set_at = $2 \
                 WHERE client_id = $3 AND revoked_at IS NULL RETURNING {CLIENT_COLUMNS}"
            )))
            .bind(secret_hash)
            .bind(at)
            .bind(client_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
            let client = client_from_row(&row)?;
            sqlx::query("DELETE FROM access_tokens WHERE client_ref = $1")
                .bind(client.id)
                .execute(&mut *tx)
                .await?;
            admin_event!(
                tx,
                at,
                by.map(|u| u.0),
                by_name,
                client.org.as_str(),
                "client-secret-rotated",
                Some(format!("{} ({})", client.name, client.client_id))
            );
            tx.commit().await?;
            Ok(client)
        })
    }

    /// Revokes a client for good: its tokens end, its user row is disabled. Revoking twice is
    /// [`StoreError::NotFound`] the second time.
    pub async fn revoke_client(
        &self,
        client_id: &str,
        by: Option<UserId>,
        by_name: &str,
    ) -> Result<ClientRow, StoreError> {
        let at = now();
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE api_clients SET revoked_at = $1 \
                 WHERE client_id = $2 AND revoked_at IS NULL RETURNING {CLIENT_COLUMNS}"
            )))
            .bind(at)
            .bind(client_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
            let client = client_from_row(&row)?;
            sqlx::query("DELETE FROM access_tokens WHERE client_ref = $1")
                .bind(client.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
                .bind(true)
                .bind(client.user_id.0)
                .execute(&mut *tx)
                .await?;
            admin_event!(
                tx,
                at,
                by.map(|u| u.0),
                by_name,
                client.org.as_str(),
                "client-revoked",
                Some(format!("{} ({})", client.name, client.client_id))
            );
            tx.commit().await?;
            Ok(client)
        })
    }

    /// Notes that a client was used (callers do this at most once a minute per client).
    pub async fn touch_client(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query("UPDATE api_clients SET last_used_at = $1 WHERE id = $2")
                .bind(at)
                .bind(id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Stores a token (by its hash), and clears out tokens that have expired.
    pub async fn insert_token(&self, t: &NewToken) -> Result<(), StoreError> {
        let at = now();
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM access_tokens WHERE expires_at < $1")
                .bind(at)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO access_tokens (token_hash, user_id, client_ref, org_code, expires_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&t.token_hash)
            .bind(t.user_id.0)
            .bind(t.client_ref)
            .bind(t.org.as_ref().map(|o| o.as_str()))
            .bind(t.expires_at)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// A token by its hash, with its client's scope and state; [`StoreError::NotFound`] when unknown.
    /// Expiry is for the caller to judge.
    pub async fn token(&self, token_hash: &str) -> Result<TokenRow, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT t.user_id, t.org_code, t.expires_at, c.id AS client_id, c.allowed_actions, \
                 c.last_used_at, c.revoked_at \
                 FROM access_tokens t LEFT JOIN api_clients c ON c.id = t.client_ref \
                 WHERE t.token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            let client = match row.try_get::<Option<i64>, _>("client_id")? {
                Some(id) => Some(TokenClient {
                    id,
                    allowed_actions: parse_actions(
                        &row.try_get::<Option<String>, _>("allowed_actions")?
                            .unwrap_or_default(),
                    )?,
                    last_used_at: row.try_get("last_used_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                }),
                None => None,
            };
            Ok(TokenRow {
                user_id: UserId(row.try_get("user_id")?),
                org: row
                    .try_get::<Option<String>, _>("org_code")?
                    .map(|o| parse_org(&o))
                    .transpose()?,
                expires_at: row.try_get("expires_at")?,
                client,
            })
        })
    }

    /// Counts one request for `key` in the fixed window starting at `window_start` (seconds since
    /// the epoch) and answers the count so far, across every node. Windows older than `keep_after`
    /// are cleared out now and then.
    pub async fn count_request(
        &self,
        key: &str,
        window_start: i64,
        keep_after: i64,
    ) -> Result<i64, StoreError> {
        with_pool!(self, write, |pool| {
            let count: i64 = sqlx::query_scalar(
                "INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1) \
                 ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1 \
                 RETURNING count",
            )
            .bind(key)
            .bind(window_start)
            .fetch_one(pool)
            .await?;
            if count == 1 {
                sqlx::query("DELETE FROM rate_counters WHERE key = $1 AND window_start < $2")
                    .bind(key)
                    .bind(keep_after)
                    .execute(pool)
                    .await?;
            }
            Ok(count)
        })
    }
}
