//! Users and their memberships.

use algoreg_domain::{Actor, Membership, OrgCode, OrgRole, PlatformRole, UserId};
use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::rows::{corrupt, parse_org};
use crate::{Store, StoreError, WritePool, now, with_pool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Stored in lower case; unique.
    pub email: String,
    pub name: String,
    /// An Argon2id PHC string; `None` for an account that cannot log in with a password.
    pub password_hash: Option<String>,
    pub platform_roles: Vec<PlatformRole>,
    pub memberships: Vec<(OrgCode, OrgRole)>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password hash stays out of logs.
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

fn roles_text(roles: &[PlatformRole]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

impl Store {
    /// Creates a user with their memberships in one transaction. A taken e-mail address is
    /// [`StoreError::Duplicate`]; an unknown organisation is [`StoreError::MissingReference`].
    pub async fn create_user(&self, user: &NewUser) -> Result<UserId, StoreError> {
        let at = now();
        let email = user.email.trim().to_lowercase();
        with_pool!(self, write, |pool| {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (email, name, password_hash, platform_roles, disabled, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(&email)
            .bind(&user.name)
            .bind(&user.password_hash)
            .bind(roles_text(&user.platform_roles))
            .bind(false)
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Duplicate(_) => StoreError::Duplicate(format!("user {email}")),
                other => other,
            })?;
            for (org, role) in &user.memberships {
                sqlx::query("INSERT INTO memberships (user_id, org_code, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                    .bind(id)
                    .bind(org.as_str())
                    .bind(role.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| match StoreError::from(e) {
                        StoreError::MissingReference(_) => StoreError::MissingReference(format!("organisation {org}")),
                        other => other,
                    })?;
            }
            tx.commit().await?;
            Ok(UserId(id))
        })
    }

    pub async fn user_by_email(&self, email: &str) -> Result<UserRow, StoreError> {
        let email = email.trim().to_lowercase();
        with_pool!(self, read, |pool| {
            let row = sqlx::query(
                "SELECT id, email, name, password_hash, disabled, created_at FROM users WHERE email = $1",
            )
            .bind(&email)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
            Ok(UserRow {
                id: UserId(row.try_get("id")?),
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                password_hash: row.try_get("password_hash")?,
                disabled: row.try_get("disabled")?,
                created_at: row.try_get("created_at")?,
            })
        })
    }

    /// Loads a user with their roles, as the services need them.
    pub async fn actor(&self, id: UserId) -> Result<Actor, StoreError> {
        with_pool!(self, read, |pool| {
            let row = sqlx::query("SELECT name, platform_roles, disabled FROM users WHERE id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?
                .ok_or(StoreError::NotFound)?;
            let disabled: bool = row.try_get("disabled")?;
            if disabled {
                return Err(StoreError::NotFound);
            }
            let roles: String = row.try_get("platform_roles")?;
            let platform_roles = roles
                .split(',')
                .filter(|r| !r.is_empty())
                .map(|r| PlatformRole::parse(r).ok_or_else(|| corrupt("platform role", r)))
                .collect::<Result<Vec<_>, _>>()?;
            let rows = sqlx::query(
                "SELECT org_code, role FROM memberships WHERE user_id = $1 ORDER BY org_code, role",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await?;
            let mut memberships = Vec::with_capacity(rows.len());
            for r in &rows {
                let role: String = r.try_get("role")?;
                memberships.push(Membership {
                    org: parse_org(&r.try_get::<String, _>("org_code")?)?,
                    role: OrgRole::parse(&role).ok_or_else(|| corrupt("role", &role))?,
                });
            }
            Ok(Actor {
                id,
                name: row.try_get("name")?,
                memberships,
                platform_roles,
                scope: None,
            })
        })
    }
}
