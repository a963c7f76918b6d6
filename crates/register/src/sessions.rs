//! Back-office sessions: logging in with e-mail and password (with throttling per account and per
//! address), finding the session of a request, logging out. Sessions live in the database so that every
//! node knows them; only the SHA-256 of a session's secret is stored.

use std::time::Duration;

use algoreg_domain::Actor;
use algoreg_store::{StoreError, now};

use crate::{Register, RegisterError};

/// How long sessions last.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session not used for this long has ended.
    pub idle: Duration,
    /// A session ends this long after logging in, however busy.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
        }
    }
}

/// Failed logins are counted over this window.
pub const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed logins of one account within the window before it is locked for the rest of the window.
pub const MAX_ACCOUNT_FAILURES: i64 = 5;
/// Failed logins from one address within the window before it is locked for the rest of the window.
pub const MAX_ADDRESS_FAILURES: i64 = 30;

/// The session of a request: who is logged in, and the token its forms must carry.
#[derive(Clone)]
pub struct Session {
    pub actor: Actor,
    pub csrf: String,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("actor", &self.actor.id)
            .finish_non_exhaustive()
    }
}

/// A new session: its secret (for the cookie, never stored) and the session itself.
pub struct LoggedIn {
    pub secret: String,
    pub session: Session,
}

impl std::fmt::Debug for LoggedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoggedIn")
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

/// A random secret of 256 bits, as 64 hexadecimal characters.
pub fn random_secret() -> String {
    crate::auth::random_hex(32)
}

/// The key a session is stored under: the SHA-256 of its secret.
fn session_key(secret: &str) -> String {
    crate::auth::token_hash(secret)
}

fn chrono_of(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Register {
    /// Logs in with e-mail address and password from network address `address`. Too many failures of
    /// the account or the address within [`LOGIN_WINDOW`] answer [`RegisterError::Throttled`] without
    /// checking the password; a wrong address or password is [`RegisterError::NotFound`] (the caller
    /// cannot tell which). Every login starts a new session with a new secret.
    pub async fn log_in(
        &self,
        email: &str,
        password: &str,
        address: &str,
    ) -> Result<LoggedIn, RegisterError> {
        let at = now();
        let since = at - chrono_of(LOGIN_WINDOW);
        let account = format!("account:{}", email.trim().to_lowercase());
        let addr = format!("address:{address}");
        if self.store.login_failures(&account, since).await? >= MAX_ACCOUNT_FAILURES
            || self.store.login_failures(&addr, since).await? >= MAX_ADDRESS_FAILURES
        {
            return Err(RegisterError::Throttled {
                retry_after: LOGIN_WINDOW,
            });
        }
        let actor = match self.verify_password(email, password).await {
            Ok(actor) => actor,
            Err(RegisterError::NotFound) => {
                self.store
                    .record_login_failure(&[&account, &addr], at, since)
                    .await?;
                return Err(RegisterError::NotFound);
            }
            Err(e) => return Err(e),
        };
        self.store.clear_login_failures(&account).await?;
        let secret = random_secret();
        let csrf = random_secret();
        self.store
            .create_session(&session_key(&secret), actor.id, &csrf, at)
            .await?;
        tracing::info!(user = %actor.id, "logged in");
        Ok(LoggedIn {
            secret,
            session: Session { actor, csrf },
        })
    }

    /// The session with this secret, if it exists and has not timed out (an ended session is removed).
    pub async fn session(
        &self,
        secret: &str,
        policy: SessionPolicy,
    ) -> Result<Option<Session>, RegisterError> {
        let key = session_key(secret);
        let row = match self.store.session(&key).await {
            Ok(row) => row,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let at = now();
        if row.last_seen_at + chrono_of(policy.idle) < at
            || row.created_at + chrono_of(policy.absolute) < at
        {
            self.store.delete_session(&key).await?;
            return Ok(None);
        }
        let actor = match self.store.actor(row.user_id).await {
            Ok(actor) => actor,
            // A disabled or removed account has no sessions.
            Err(StoreError::NotFound) => {
                self.store.delete_session(&key).await?;
                return Ok(None);
            }
            Err(e) => return Err(e.into()),
        };
        // Write the time of use at most once a minute: a page with many requests costs one write.
        if at - row.last_seen_at > chrono::Duration::seconds(60) {
            self.store.touch_session(&key, at).await?;
        }
        Ok(Some(Session {
            actor,
            csrf: row.csrf,
        }))
    }

    /// Ends the session with this secret.
    pub async fn log_out(&self, secret: &str) -> Result<(), RegisterError> {
        Ok(self.store.delete_session(&session_key(secret)).await?)
    }

    /// Removes every session that has timed out; answers how many.
    pub async fn remove_expired_sessions(
        &self,
        policy: SessionPolicy,
    ) -> Result<u64, RegisterError> {
        let at = now();
        Ok(self
            .store
            .delete_expired_sessions(at - chrono_of(policy.idle), at - chrono_of(policy.absolute))
            .await?)
    }
}
