//! The outbox of notifications: messages are written in the transaction of the change they announce
//! (see [`crate::Transition::messages`]) and sent later by whichever node claims them first.

use algoreg_domain::{OrgCode, UserId};
use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, Row};

use crate::rows::parse_org;
use crate::{Store, StoreError, WritePool, with_pool};

/// A message to write, in the transaction of the change it announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// What it announces: `submitted`, `published`, `rejected`.
    pub kind: String,
    pub recipient: UserId,
    pub email: String,
    pub name: String,
    pub subject: String,
    /// Plain text.
    pub body: String,
}

/// Where a message stands, for filtering the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageState {
    Sent,
    /// Not sent, and no attempt failed (no mail server, or not yet due).
    Waiting,
    /// Not sent: the last attempt failed.
    Error,
}

impl MessageState {
    pub const ALL: [MessageState; 3] = [Self::Sent, Self::Waiting, Self::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Waiting => "waiting",
            Self::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// A message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MessageRow {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub kind: String,
    pub recipient: Option<UserId>,
    pub email: String,
    pub name: String,
    pub subject: String,
    pub body: String,
    /// The description the message is about, when it is about one.
    pub description_id: Option<String>,
    pub org: OrgCode,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

/// A person who may receive messages: a person's account (not a machine client's) that is not
/// disabled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub id: UserId,
    pub email: String,
    pub name: String,
}

const MESSAGE_COLUMNS: &str = "id, created_at, kind, recipient_id, recipient_email, recipient_name, subject, \
     body, description_id, org_code, sent_at, attempts, next_attempt_at, last_error";

fn message_from_row<'r, R>(r: &'r R) -> Result<MessageRow, StoreError>
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    DateTime<Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(MessageRow {
        id: r.try_get("id")?,
        created_at: r.try_get("created_at")?,
        kind: r.try_get("kind")?,
        recipient: r.try_get::<Option<i64>, _>("recipient_id")?.map(UserId),
        email: r.try_get("recipient_email")?,
        name: r.try_get("recipient_name")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        description_id: r.try_get("description_id")?,
        org: parse_org(&r.try_get::<String, _>("org_code")?)?,
        sent_at: r.try_get("sent_at")?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        last_error: r.try_get("last_error")?,
    })
}

/// Writes messages about description `$id` of organisation `$org`, at `$at`, in transaction `$tx`.
macro_rules! write_messages {
    ($tx:expr, $org:expr, $id:expr, $at:expr, $messages:expr) => {{
        for m in $messages {
            let m: &$crate::outbox::NewMessage = m;
            sqlx::query(
                "INSERT INTO outbox (created_at, kind, recipient_id, recipient_email, recipient_name, subject, body, \
                 description_id, org_code, attempts, next_attempt_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $1)",
            )
            .bind($at)
            .bind(&m.kind)
            .bind(m.recipient.0)
            .bind(&m.email)
            .bind(&m.name)
            .bind(&m.subject)
            .bind(&m.body)
            .bind($id)
            .bind($org)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}
pub(crate) use write_messages;

impl Store {
    /// The people who hold `role` in organisation `org` and may receive messages.
    pub async fn recipients_with_org_role(
        &self,
        org: &OrgCode,
        role: algoreg_domain::OrgRole,
    ) -> Result<Vec<Recipient>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT DISTINCT u.id, u.email, u.name FROM users u JOIN memberships m ON m.user_id = u.id \
                 WHERE m.org_code = $1 AND m.role = $2 AND u.disabled = $3 AND u.kind = 'person' ORDER BY u.id",
            )
            .bind(org.as_str())
            .bind(role.as_str())
            .bind(false)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(Recipient {
                        id: UserId(r.try_get("id")?),
                        email: r.try_get("email")?,
                        name: r.try_get("name")?,
                    })
                })
                .collect()
        })
    }

    /// The people who hold platform role `role` and may receive messages.
    pub async fn recipients_with_platform_role(
        &self,
        role: algoreg_domain::PlatformRole,
    ) -> Result<Vec<Recipient>, StoreError> {
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(
                "SELECT id, email, name, platform_roles FROM users \
                 WHERE platform_roles <> '' AND disabled = $1 AND kind = 'person' ORDER BY id",
            )
            .bind(false)
            .fetch_all(pool)
            .await?;
            let mut out = Vec::new();
            for r in &rows {
                let roles: String = r.try_get("platform_roles")?;
                if roles.split(',').any(|x| x == role.as_str()) {
                    out.push(Recipient {
                        id: UserId(r.try_get("id")?),
                        email: r.try_get("email")?,
                        name: r.try_get("name")?,
                    });
                }
            }
            Ok(out)
        })
    }

    /// User `id`, when they may receive messages (a person, not disabled).
    pub async fn recipient(&self, id: UserId) -> Result<Option<Recipient>, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT id, email, name FROM users WHERE id = $1 AND disabled = $2 AND kind = 'person'",
            )
            .bind(id.0)
            .bind(false)
            .fetch_optional(pool)
            .await?;
            row.map(|r| {
                Ok(Recipient {
                    id: UserId(r.try_get("id")?),
                    email: r.try_get("email")?,
                    name: r.try_get("name")?,
                })
            })
            .transpose()
        })
    }

    /// The messages about these organisations' descriptions (`None`: all) in state `state` (`None`:
    /// any), newest first, `limit` from `offset`, with how many there are in all.
    pub async fn messages(
        &self,
        orgs: Option<&[OrgCode]>,
        state: Option<MessageState>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<MessageRow>, i64), StoreError> {
        let mut conditions = Vec::new();
        match orgs {
            Some([]) => return Ok((Vec::new(), 0)),
            // Organisation codes are validated values (letters and digits), safe to inline.
            Some(orgs) => conditions.push(format!(
                "org_code IN ({})",
                orgs.iter()
                    .map(|o| format!("'{}'", o.as_str()))
                    .collect::<Vec<_>>()
                    .join(",")
            )),
            None => {}
        }
        if let Some(state) = state {
            conditions.push(
                match state {
                    MessageState::Sent => "sent_at IS NOT NULL",
                    MessageState::Waiting => "sent_at IS NULL AND last_error IS NULL",
                    MessageState::Error => "sent_at IS NULL AND last_error IS NOT NULL",
                }
                .to_owned(),
            );
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox {filter} ORDER BY id DESC LIMIT $1 OFFSET $2"
        );
        let count = format!("SELECT COUNT(*) FROM outbox {filter}");
        with_pool!(self, read, |pool| {
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?;
            let total: i64 = sqlx::query_scalar(AssertSqlSafe(count))
                .fetch_one(pool)
                .await?;
            let rows = rows
                .iter()
                .map(message_from_row)
                .collect::<Result<Vec<_>, _>>()?;
            Ok((rows, total))
        })
    }

    /// Claims up to `limit` unsent messages that are due (and not claimed by a live claim of another
    /// node) with `token` until `until`. A message is claimed by one node only: the claim is one
    /// update that checks the claim again on the row it changes. Messages that failed
    /// `max_attempts` times are left alone.
    pub async fn claim_messages(
        &self,
        token: &str,
        at: DateTime<Utc>,
        until: DateTime<Utc>,
        max_attempts: i64,
        limit: i64,
    ) -> Result<Vec<MessageRow>, StoreError> {
        let due = "sent_at IS NULL AND attempts < $4 AND next_attempt_at <= $2 \
                   AND (claimed_until IS NULL OR claimed_until < $2)";
        let sql = format!(
            "UPDATE outbox SET claim_token = $1, claimed_until = $3 \
             WHERE id IN (SELECT id FROM outbox WHERE {due} ORDER BY id LIMIT $5) AND {due} \
             RETURNING {MESSAGE_COLUMNS}"
        );
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(token)
                .bind(at)
                .bind(until)
                .bind(max_attempts)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            let mut out = rows
                .iter()
                .map(message_from_row)
                .collect::<Result<Vec<_>, _>>()?;
            out.sort_by_key(|m| m.id);
            Ok(out)
        })
    }

    /// Marks a claimed message as sent (only while the claim is this node's).
    pub async fn message_sent(
        &self,
        id: i64,
        token: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL, \
                 claim_token = NULL, claimed_until = NULL WHERE id = $2 AND claim_token = $3",
            )
            .bind(at)
            .bind(id)
            .bind(token)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Records a failed attempt of a claimed message: the error (without secrets) and when to try
    /// again.
    pub async fn message_failed(
        &self,
        id: i64,
        token: &str,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, \
                 claim_token = NULL, claimed_until = NULL WHERE id = $3 AND claim_token = $4",
            )
            .bind(error)
            .bind(next_attempt_at)
            .bind(id)
            .bind(token)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}
