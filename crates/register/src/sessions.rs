//! Back-office sessions: logging in with e-mail and password (with throttling per account and per
//! address), finding the session of a request, logging out. Sessions live in the database so that every
//! node knows them; only the SHA-256 of a session's secret is stored.

use std::time::Duration;

use algoreg_domain::Actor;
use algoreg_store::{ProviderLogin, StoreError, now};

use crate::error::TwoFactorProblem;
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

/// A login waiting for its one-time code lasts this long.
pub const CODE_STEP_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The session of a request: who is logged in, and the token its forms must carry.
#[derive(Clone)]
pub struct Session {
    pub actor: Actor,
    pub csrf: String,
    /// An organisation of the user requires a second factor they have not set up: until they do,
    /// the session may only be used to set it up (every front door sends them there).
    pub must_enrol: bool,
    /// The supplier whose templates the user writes, if any (for the menu; the register checks again
    /// on every template action).
    pub provider: Option<String>,
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

/// What a correct password leads to.
#[derive(Debug)]
pub enum LoginStep {
    /// Logged in: a new session.
    Done(LoggedIn),
    /// The user has a second factor: no session yet. The secret names the login waiting for its code
    /// (for a short cookie; only its hash is stored) in [`Register::finish_login`].
    NeedsCode { challenge: String },
}

impl LoginStep {
    /// The new session, when the login is complete.
    pub fn done(self) -> Option<LoggedIn> {
        match self {
            LoginStep::Done(l) => Some(l),
            LoginStep::NeedsCode { .. } => None,
        }
    }
}

/// The throttling subject of an account.
pub(crate) fn account_subject(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
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
    /// Refuses with [`RegisterError::RateLimited`] when `account` (or `address`) failed too often within
    /// [`LOGIN_WINDOW`].
    pub(crate) async fn check_not_locked(
        &self,
        account: &str,
        address: Option<&str>,
    ) -> Result<(), RegisterError> {
        let since = now() - chrono_of(LOGIN_WINDOW);
        let locked = self.store.login_failures(account, since).await? >= MAX_ACCOUNT_FAILURES
            || match address {
                Some(a) => {
                    self.store
                        .login_failures(&format!("address:{a}"), since)
                        .await?
                        >= MAX_ADDRESS_FAILURES
                }
                None => false,
            };
        if locked {
            return Err(RegisterError::RateLimited {
                retry_after: LOGIN_WINDOW.as_secs(),
            });
        }
        Ok(())
    }

    /// Counts a failed login (a wrong password or code) of `account` and `address`.
    pub(crate) async fn record_failure(
        &self,
        account: &str,
        address: Option<&str>,
    ) -> Result<(), RegisterError> {
        let at = now();
        let addr = address.map(|a| format!("address:{a}"));
        let mut subjects = vec![account];
        if let Some(a) = &addr {
            subjects.push(a);
        }
        Ok(self
            .store
            .record_login_failure(&subjects, at, at - chrono_of(LOGIN_WINDOW))
            .await?)
    }

    async fn start_session(
        &self,
        actor: Actor,
        via: Option<&ProviderLogin>,
    ) -> Result<LoggedIn, RegisterError> {
        let secret = random_secret();
        let csrf = random_secret();
        self.store
            .create_session(&session_key(&secret), actor.id, &csrf, now(), via)
            .await?;
        let must_enrol = self.two_factor(actor.id).await?.must_enrol();
        let provider = self.actor_provider(&actor).await?;
        tracing::info!(user = %actor.id, "logged in");
        Ok(LoggedIn {
            secret,
            session: Session {
                actor,
                csrf,
                must_enrol,
                provider,
            },
        })
    }

    /// Logs in with e-mail address and password from network address `address`. Too many failures of
    /// the account or the address within [`LOGIN_WINDOW`] answer [`RegisterError::RateLimited`] without
    /// checking the password; a wrong address or password is [`RegisterError::NotFound`] (the caller
    /// cannot tell which). A user without a second factor gets a new session with a new secret; a user
    /// with one gets [`LoginStep::NeedsCode`] and no session until [`Register::finish_login`].
    pub async fn log_in(
        &self,
        email: &str,
        password: &str,
        address: &str,
    ) -> Result<LoginStep, RegisterError> {
        let account = account_subject(email);
        self.check_not_locked(&account, Some(address)).await?;
        let actor = match self.verify_password(email, password).await {
            Ok(actor) => actor,
            Err(RegisterError::NotFound) => {
                self.record_failure(&account, Some(address)).await?;
                return Err(RegisterError::NotFound);
            }
            Err(e) => return Err(e),
        };
        self.after_first_factor(actor, Some(&account), None).await
    }

    /// After a correct password (or a login through an identity provider, `via`): a user with a
    /// second factor gets [`LoginStep::NeedsCode`], any other a new session. The failures of `account`
    /// are cleared with the session (for a user with a second factor, only when the code is right too).
    pub(crate) async fn after_first_factor(
        &self,
        actor: Actor,
        account: Option<&str>,
        via: Option<&ProviderLogin>,
    ) -> Result<LoginStep, RegisterError> {
        if self.two_factor(actor.id).await?.enabled {
            let challenge = random_secret();
            let at = now();
            self.store
                .create_login_challenge(
                    &session_key(&challenge),
                    actor.id,
                    at,
                    at - chrono_of(CODE_STEP_TIMEOUT),
                    via,
                )
                .await?;
            return Ok(LoginStep::NeedsCode { challenge });
        }
        if let Some(account) = account {
            self.store.clear_login_failures(account).await?;
        }
        Ok(LoginStep::Done(self.start_session(actor, via).await?))
    }

    /// The second step of a login: the one-time code for the login waiting under `challenge`. A wrong,
    /// missing or reused code counts as a failed login of the account and the address (and is
    /// [`TwoFactorProblem::WrongCode`]); an unknown or expired login is [`TwoFactorProblem::Expired`];
    /// too many failures are [`RegisterError::RateLimited`]. A right code starts a new session.
    pub async fn finish_login(
        &self,
        challenge: &str,
        code: &str,
        address: &str,
    ) -> Result<LoggedIn, RegisterError> {
        let expired = || RegisterError::TwoFactor(TwoFactorProblem::Expired);
        let key = session_key(challenge);
        let row = match self.store.login_challenge(&key).await {
            Ok(r) => r,
            Err(StoreError::NotFound) => return Err(expired()),
            Err(e) => return Err(e.into()),
        };
        if row.created_at + chrono_of(CODE_STEP_TIMEOUT) < now() {
            self.store.delete_login_challenge(&key).await?;
            return Err(expired());
        }
        let account = account_subject(&self.store.user_email(row.user_id).await?);
        self.check_not_locked(&account, Some(address)).await?;
        let actor = match self.store.actor(row.user_id).await {
            Ok(a) => a,
            Err(StoreError::NotFound) => return Err(expired()),
            Err(e) => return Err(e.into()),
        };
        if let Err(e) = self.check_code(actor.id, code).await {
            if matches!(e, RegisterError::TwoFactor(_)) {
                self.record_failure(&account, Some(address)).await?;
            }
            return Err(e);
        }
        self.store.delete_login_challenge(&key).await?;
        self.store.clear_login_failures(&account).await?;
        self.start_session(actor, row.via.as_ref()).await
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
        let must_enrol = self.two_factor(actor.id).await?.must_enrol();
        Ok(Some(Session {
            actor,
            csrf: row.csrf,
            must_enrol,
            provider: row.provider,
        }))
    }

    /// Ends the session with this secret. A session started through an identity provider that offers
    /// logging out (`end_session_endpoint`) answers where to send the browser to end the provider's
    /// session too, so the next person at the computer is not logged in through it.
    pub async fn log_out(&self, secret: &str) -> Result<Option<String>, RegisterError> {
        match self.store.end_session(&session_key(secret)).await? {
            Some(via) => Ok(self.oidc_logout_url(&via).await),
            None => Ok(None),
        }
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
