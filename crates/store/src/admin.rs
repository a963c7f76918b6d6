//! Administration rows: single-use links (invitations, password resets), an organisation's members
//! and their roles, disabling accounts, the organisation's audit log, organisation settings, and the
//! counts the supervisors' overview shows. Rows only: who may do what is the domain's, applied by
//! the register. Every change writes its audit event in its transaction.

use algoreg_domain::{OrgCode, OrgRole, Organisation, UserId, VersionState};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::orgs::{log_org_change, upsert_org};
use crate::rows::{EventRow, corrupt, parse_org, parse_state};
use crate::{Store, StoreError, WritePool, with_pool};

/// What a single-use link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Join an organisation (and make an account when there is none).
    Invite,
    /// Set a new password.
    Reset,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invite => "invite",
            Self::Reset => "reset",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        match s {
            "invite" => Ok(Self::Invite),
            "reset" => Ok(Self::Reset),
            other => Err(corrupt("link kind", other)),
        }
    }
}

/// A link to store (by the hash of its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink {
    pub token_hash: String,
    pub kind: LinkKind,
    pub email: String,
    pub org: OrgCode,
    pub roles: Vec<OrgRole>,
    pub user: Option<UserId>,
    pub expires_at: DateTime<Utc>,
}

/// A stored link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub id: i64,
    pub kind: LinkKind,
    pub email: String,
    pub org: OrgCode,
    pub roles: Vec<OrgRole>,
    pub user: Option<UserId>,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// A member of an organisation with their roles in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub roles: Vec<OrgRole>,
    pub disabled: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    /// Logs in with a one-time code after the password.
    pub two_factor: bool,
}

/// A person's account as platform admins find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub disabled: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    /// Platform roles by name (`admin`, `supervisor`, …).
    pub platform_roles: Vec<String>,
    pub two_factor: bool,
    pub memberships: Vec<(OrgCode, OrgRole)>,
    /// The supplier the account writes templates for, if any.
    pub provider: Option<String>,
}

/// An audit event about an organisation's set-up (no description).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminEvent {
    pub at: DateTime<Utc>,
    pub actor: Option<UserId>,
    pub actor_name: String,
    pub org: OrgCode,
    pub kind: String,
    pub reason: Option<String>,
}

/// Which events of an organisation to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub kind: Option<String>,
    pub actor: Option<UserId>,
    pub limit: i64,
    pub offset: i64,
}

/// A new account made by accepting an invitation.
#[derive(Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub name: String,
    /// `None` for an account that logs in only through its organisation's identity provider.
    pub password_hash: Option<String>,
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Descriptions of one organisation whose newest version is in `head` state, split by whether a
/// version is public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateCount {
    pub org: OrgCode,
    pub head: VersionState,
    pub has_published: bool,
    pub count: i64,
}

fn roles_text(roles: &[OrgRole]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_roles(s: &str) -> Result<Vec<OrgRole>, StoreError> {
    s.split(',')
        .filter(|r| !r.is_empty())
        .map(|r| OrgRole::parse(r).ok_or_else(|| corrupt("role", r)))
        .collect()
}

/// Writes an [`AdminEvent`] inside the transaction `$tx`.
macro_rules! write_event {
    ($tx:expr, $e:expr) => {{
        let e: &AdminEvent = $e;
        sqlx::query(
            "INSERT INTO events (at, actor_id, actor_name, org_code, kind, reason) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(e.at)
        .bind(e.actor.map(|u| u.0))
        .bind(&e.actor_name)
        .bind(e.org.as_str())
        .bind(&e.kind)
        .bind(&e.reason)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use write_event;

const LINK_COLUMNS: &str =
    "id, kind, email, org_code, roles, user_id, created_by_name, created_at, expires_at, used_at";

macro_rules! link_from_row {
    ($row:expr) => {{
        let row = $row;
        LinkRow {
            id: row.try_get("id")?,
            kind: LinkKind::parse(&row.try_get::<String, _>("kind")?)?,
            email: row.try_get("email")?,
            org: parse_org(&row.try_get::<String, _>("org_code")?)?,
            roles: parse_roles(&row.try_get::<String, _>("roles")?)?,
            user: row.try_get::<Option<i64>, _>("user_id")?.map(UserId),
            created_by_name: row.try_get("created_by_name")?,
            created_at: row.try_get("created_at")?,
            expires_at: row.try_get("expires_at")?,
            used_at: row.try_get("used_at")?,
        }
    }};
}

impl Store {
    /// Stores a link, replacing any unused link of the same kind for the same person and
    /// organisation, and writes its event, in one transaction.
    pub async fn insert_link(&self, link: &NewLink, event: &AdminEvent) -> Result<i64, StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "DELETE FROM user_links WHERE kind = $1 AND org_code = $2 AND email = $3 AND used_at IS NULL",
            )
            .bind(link.kind.as_str())
            .bind(link.org.as_str())
            .bind(&link.email)
            .execute(&mut *tx)
            .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO user_links (token_hash, kind, email, org_code, roles, user_id, created_by, \
                 created_by_name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 RETURNING id",
            )
            .bind(&link.token_hash)
            .bind(link.kind.as_str())
            .bind(&link.email)
            .bind(link.org.as_str())
            .bind(roles_text(&link.roles))
            .bind(link.user.map(|u| u.0))
            .bind(event.actor.map(|u| u.0))
            .bind(&event.actor_name)
            .bind(event.at)
            .bind(link.expires_at)
            .fetch_one(&mut *tx)
            .await?;
            write_event!(tx, event);
            tx.commit().await?;
            Ok(id)
        })
    }

    /// The link with this hash (used or not, expired or not).
    pub async fn link(&self, token_hash: &str) -> Result<LinkRow, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {LINK_COLUMNS} FROM user_links WHERE token_hash = $1"
            )))
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            Ok(link_from_row!(&row))
        })
    }

    /// An organisation's invitations that can still be used at `at`, newest first.
    pub async fn open_invitations(
        &self,
        org: &OrgCode,
        at: DateTime<Utc>,
    ) -> Result<Vec<LinkRow>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {LINK_COLUMNS} FROM user_links WHERE org_code = $1 AND kind = 'invite' \
                 AND used_at IS NULL AND expires_at > $2 ORDER BY id DESC"
            )))
            .bind(org.as_str())
            .bind(at)
            .fetch_all(pool)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                out.push(link_from_row!(row));
            }
            Ok(out)
        })
    }

    /// Withdraws an unused invitation of `org`; [`StoreError::NotFound`] when there is none.
    pub async fn withdraw_invitation(&self, id: i64, event: &AdminEvent) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "DELETE FROM user_links WHERE id = $1 AND org_code = $2 AND kind = 'invite' AND used_at IS NULL",
            )
            .bind(id)
            .bind(event.org.as_str())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            write_event!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Removes the second factor of `user` for an admin of the event's organisation (a lost phone),
    /// with the event, in one transaction; `NotFound` when the user is not a member there. Their
    /// sessions and person tokens end: whoever holds them may hold the lost phone too.
    pub async fn reset_member_totp(
        &self,
        user: UserId,
        event: &AdminEvent,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL \
                 WHERE id = $1 AND EXISTS (SELECT 1 FROM memberships WHERE user_id = $1 AND org_code = $2)",
            )
            .bind(user.0)
            .bind(event.org.as_str())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM access_tokens WHERE user_id = $1 AND client_ref IS NULL")
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
            write_event!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Uses an invitation at `at`: marks it used (only if unused and not expired: otherwise
    /// [`StoreError::NotFound`], nothing changed), makes the account when `account` is given and none
    /// exists for the address, and gives the invited roles, in one transaction. Answers the user.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
        account: Option<&NewAccount>,
    ) -> Result<UserId, StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let row = sqlx::query(
                "UPDATE user_links SET used_at = $1 WHERE token_hash = $2 AND kind = 'invite' \
                 AND used_at IS NULL AND expires_at > $1 RETURNING email, org_code, roles",
            )
            .bind(at)
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
            let email: String = row.try_get("email")?;
            let org = parse_org(&row.try_get::<String, _>("org_code")?)?;
            let roles = parse_roles(&row.try_get::<String, _>("roles")?)?;
            let existing: Option<(i64, String)> =
                sqlx::query_as("SELECT id, name FROM users WHERE email = $1 AND kind = 'person'")
                    .bind(&email)
                    .fetch_optional(&mut *tx)
                    .await?;
            let (id, name) = match (existing, account) {
                (Some(found), _) => found,
                (None, Some(a)) => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO users (email, name, password_hash, platform_roles, disabled, created_at) \
                         VALUES ($1, $2, $3, '', $4, $5) RETURNING id",
                    )
                    .bind(&email)
                    .bind(&a.name)
                    .bind(&a.password_hash)
                    .bind(false)
                    .bind(at)
                    .fetch_one(&mut *tx)
                    .await?;
                    (id, a.name.clone())
                }
                (None, None) => return Err(StoreError::NotFound),
            };
            for role in &roles {
                sqlx::query(
                    "INSERT INTO memberships (user_id, org_code, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(org.as_str())
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
            }
            write_event!(
                tx,
                &AdminEvent {
                    at,
                    actor: Some(UserId(id)),
                    actor_name: name,
                    org,
                    kind: "invitation-accepted".into(),
                    reason: Some(roles_text(&roles)),
                }
            );
            tx.commit().await?;
            Ok(UserId(id))
        })
    }

    /// Uses a password-reset link at `at` (only if unused and not expired: otherwise
    /// [`StoreError::NotFound`]): sets the password and ends every session and person token of the
    /// user, in one transaction. Answers the user.
    pub async fn reset_password(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
        password_hash: &str,
    ) -> Result<UserId, StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let row = sqlx::query(
                "UPDATE user_links SET used_at = $1 WHERE token_hash = $2 AND kind = 'reset' \
                 AND used_at IS NULL AND expires_at > $1 RETURNING user_id, org_code",
            )
            .bind(at)
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
            let id: i64 = row
                .try_get::<Option<i64>, _>("user_id")?
                .ok_or_else(|| corrupt("reset link", "without user"))?;
            let org = parse_org(&row.try_get::<String, _>("org_code")?)?;
            let name: String = sqlx::query_scalar(
                "UPDATE users SET password_hash = $1 WHERE id = $2 RETURNING name",
            )
            .bind(password_hash)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM access_tokens WHERE user_id = $1 AND client_ref IS NULL")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            write_event!(
                tx,
                &AdminEvent {
                    at,
                    actor: Some(UserId(id)),
                    actor_name: name,
                    org,
                    kind: "password-reset".into(),
                    reason: None,
                }
            );
            tx.commit().await?;
            Ok(UserId(id))
        })
    }

    /// The people (not API clients) of an organisation with their roles in it, by name.
    pub async fn members(&self, org: &OrgCode) -> Result<Vec<MemberRow>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT u.id, u.email, u.name, u.disabled, u.last_login_at, u.totp_secret IS NOT NULL AS two_factor, \
                 m.role FROM memberships m \
                 JOIN users u ON u.id = m.user_id WHERE m.org_code = $1 AND u.kind = 'person' \
                 ORDER BY LOWER(u.name), u.id, m.role",
            )
            .bind(org.as_str())
            .fetch_all(pool)
            .await?;
            let mut out: Vec<MemberRow> = Vec::new();
            for row in &rows {
                let id = UserId(row.try_get("id")?);
                let role: String = row.try_get("role")?;
                let role = OrgRole::parse(&role).ok_or_else(|| corrupt("role", &role))?;
                match out.last_mut() {
                    Some(m) if m.id == id => m.roles.push(role),
                    _ => out.push(MemberRow {
                        id,
                        email: row.try_get("email")?,
                        name: row.try_get("name")?,
                        roles: vec![role],
                        disabled: row.try_get("disabled")?,
                        last_login_at: row.try_get("last_login_at")?,
                        two_factor: row.try_get("two_factor")?,
                    }),
                }
            }
            Ok(out)
        })
    }

    /// Gives `user` exactly `roles` in the organisation of `event` (none: removes them from it), with
    /// the event, in one transaction. With `keep_admin`, a change that leaves the organisation without
    /// an active org admin is undone and answered [`StoreError::Conflict`]: checked inside the
    /// transaction, after taking the organisation's row lock, so two admins removing each other at
    /// once cannot both succeed.
    pub async fn set_roles(
        &self,
        user: UserId,
        roles: &[OrgRole],
        event: &AdminEvent,
        keep_admin: bool,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            // A no-op write that locks the organisation's row until the end of the transaction (SQLite
            // holds the whole database already).
            sqlx::query("UPDATE organisations SET code = code WHERE code = $1")
                .bind(event.org.as_str())
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND org_code = $2")
                .bind(user.0)
                .bind(event.org.as_str())
                .execute(&mut *tx)
                .await?;
            for role in roles {
                sqlx::query(
                    "INSERT INTO memberships (user_id, org_code, role) VALUES ($1, $2, $3)",
                )
                .bind(user.0)
                .bind(event.org.as_str())
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
            }
            if keep_admin {
                let admins: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id \
                     WHERE m.org_code = $1 AND m.role = $2 AND u.disabled = $3",
                )
                .bind(event.org.as_str())
                .bind(OrgRole::OrgAdmin.as_str())
                .bind(false)
                .fetch_one(&mut *tx)
                .await?;
                if admins == 0 {
                    return Err(StoreError::Conflict { current: 0 });
                }
            }
            write_event!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Disables or enables an account (disabling ends its sessions and person tokens), with one event
    /// per organisation it belongs to, in one transaction.
    pub async fn set_disabled(
        &self,
        user: UserId,
        disabled: bool,
        events: &[AdminEvent],
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let done =
                sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2 AND kind = 'person'")
                    .bind(disabled)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            if disabled {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM access_tokens WHERE user_id = $1 AND client_ref IS NULL")
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
            }
            for e in events {
                write_event!(tx, e);
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Person accounts whose e-mail address or name contains `text` (case does not matter), by
    /// address, at most `limit`, each with its memberships.
    pub async fn find_accounts(
        &self,
        text: &str,
        limit: i64,
    ) -> Result<Vec<AccountRow>, StoreError> {
        // LIKE's own characters in the text are matched as themselves.
        let pattern = format!(
            "%{}%",
            text.to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT id, email, name, disabled, last_login_at, platform_roles, totp_secret IS NOT NULL AS two_factor, provider \
                 FROM users WHERE kind = 'person' AND (LOWER(email) LIKE $1 ESCAPE '\\' OR LOWER(name) LIKE $1 ESCAPE '\\') \
                 ORDER BY email LIMIT $2",
            )
            .bind(&pattern)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            // Every found account's memberships in one query (ids are numbers, safe to inline).
            let ids: Vec<String> = rows
                .iter()
                .map(|r| r.try_get::<i64, _>("id").map(|id| id.to_string()))
                .collect::<Result<_, _>>()?;
            let memberships: Vec<(i64, String, String)> = if ids.is_empty() {
                Vec::new()
            } else {
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT user_id, org_code, role FROM memberships WHERE user_id IN ({}) \
                     ORDER BY user_id, org_code, role",
                    ids.join(",")
                )))
                .fetch_all(pool)
                .await?
            };
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                let id = UserId(row.try_get("id")?);
                let memberships = memberships
                    .iter()
                    .filter(|(u, _, _)| *u == id.0)
                    .map(|(_, o, r)| {
                        Ok((
                            parse_org(o)?,
                            OrgRole::parse(r).ok_or_else(|| corrupt("role", r))?,
                        ))
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                let roles: String = row.try_get("platform_roles")?;
                out.push(AccountRow {
                    id,
                    email: row.try_get("email")?,
                    name: row.try_get("name")?,
                    disabled: row.try_get("disabled")?,
                    last_login_at: row.try_get("last_login_at")?,
                    provider: row.try_get("provider")?,
                    platform_roles: roles
                        .split(',')
                        .filter(|r| !r.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    two_factor: row.try_get("two_factor")?,
                    memberships,
                });
            }
            Ok(out)
        })
    }

    /// The organisations a user belongs to (whatever the role).
    pub async fn user_orgs(&self, user: UserId) -> Result<Vec<OrgCode>, StoreError> {
        with_pool!(self, read, |pool| {
            let codes: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT org_code FROM memberships WHERE user_id = $1 ORDER BY org_code",
            )
            .bind(user.0)
            .fetch_all(pool)
            .await?;
            codes.iter().map(|c| parse_org(c)).collect()
        })
    }

    /// An organisation's audit events, newest first, with how many match in all.
    pub async fn org_events(
        &self,
        org: &OrgCode,
        f: &EventFilter,
    ) -> Result<(Vec<EventRow>, i64), StoreError> {
        with_pool!(self, read, |pool| {
            let cond =
                "org_code = $1 AND ($2 IS NULL OR kind = $2) AND ($3 IS NULL OR actor_id = $3)";
            let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM events WHERE {cond}"
            )))
            .bind(org.as_str())
            .bind(f.kind.as_deref())
            .bind(f.actor.map(|a| a.0))
            .fetch_one(pool)
            .await?;
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT id, at, actor_id, actor_name, org_code, description_id, version_n, kind, reason \
                 FROM events WHERE {cond} ORDER BY id DESC LIMIT $4 OFFSET $5"
            )))
            .bind(org.as_str())
            .bind(f.kind.as_deref())
            .bind(f.actor.map(|a| a.0))
            .bind(f.limit)
            .bind(f.offset)
            .fetch_all(pool)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push(EventRow {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get::<Option<i64>, _>("actor_id")?.map(UserId),
                    actor_name: r.try_get("actor_name")?,
                    org: r.try_get("org_code")?,
                    description_id: r.try_get("description_id")?,
                    version_n: r.try_get("version_n")?,
                    kind: r.try_get("kind")?,
                    reason: r.try_get("reason")?,
                });
            }
            Ok((out, total))
        })
    }

    /// The kinds of event and the people in an organisation's log (for its filters).
    pub async fn org_event_facets(
        &self,
        org: &OrgCode,
    ) -> Result<(Vec<String>, Vec<(UserId, String)>), StoreError> {
        with_pool!(self, read, |pool| {
            let kinds: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT kind FROM events WHERE org_code = $1 ORDER BY kind",
            )
            .bind(org.as_str())
            .fetch_all(pool)
            .await?;
            let people: Vec<(i64, String)> = sqlx::query_as(
                "SELECT actor_id, MAX(actor_name) FROM events WHERE org_code = $1 AND actor_id IS NOT NULL \
                 GROUP BY actor_id ORDER BY MAX(actor_name)",
            )
            .bind(org.as_str())
            .fetch_all(pool)
            .await?;
            Ok((
                kinds,
                people.into_iter().map(|(id, n)| (UserId(id), n)).collect(),
            ))
        })
    }

    /// Writes every field of an existing organisation (or adds it when `create`; an existing code is
    /// then [`StoreError::Duplicate`]), with its event and a change-log row, in one transaction.
    pub async fn write_organisation(
        &self,
        org: &Organisation,
        create: bool,
        event: &AdminEvent,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let exists: Option<String> =
                sqlx::query_scalar("SELECT code FROM organisations WHERE code = $1")
                    .bind(org.code.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            match (exists.is_some(), create) {
                (true, true) => {
                    return Err(StoreError::Duplicate(format!("organisation {}", org.code)));
                }
                (false, false) => return Err(StoreError::NotFound),
                _ => {}
            }
            let at = event.at;
            upsert_org!(tx, org, at);
            log_org_change!(tx, at);
            write_event!(tx, event);
            tx.commit().await?;
            self.model.wrote();
            Ok(())
        })
    }

    /// How many descriptions each organisation has per state of its newest version.
    pub async fn state_counts(&self) -> Result<Vec<StateCount>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT d.org_code, v.state, CASE WHEN d.published_n IS NULL THEN 0 ELSE 1 END AS public, \
                 COUNT(*) AS n FROM descriptions d JOIN versions v ON v.description_id = d.id AND v.n = d.head_n \
                 GROUP BY d.org_code, v.state, CASE WHEN d.published_n IS NULL THEN 0 ELSE 1 END",
            )
            .fetch_all(pool)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let public: i32 = r.try_get("public")?;
                out.push(StateCount {
                    org: parse_org(&r.try_get::<String, _>("org_code")?)?,
                    head: parse_state(&r.try_get::<String, _>("state")?)?,
                    has_published: public == 1,
                    count: r.try_get("n")?,
                });
            }
            Ok(out)
        })
    }
}
