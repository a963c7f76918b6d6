//! Authentication for the APIs: short-lived bearer tokens for persons (e-mail and password) and for an
//! organisation's API clients (client id and secret), and the management of those clients.
//!
//! Tokens and secrets come from the operating system's CSPRNG (through `rand`'s thread generator);
//! the store keeps only the SHA-256 of a token and the Argon2id hash of a secret. Who may manage clients
//! is decided by `domain::authorize_admin`.

use std::time::Duration;

use algoreg_domain::{Action, Actor, AdminAction, Denied, OrgCode, authorize_admin};
use algoreg_standard::{Problem, ProblemKind};
use algoreg_store::{ClientRow, NewClient, NewToken, StoreError, now};
use sha2::Digest;

use crate::error::TwoFactorProblem;
use crate::{Register, RegisterError};

/// How long tokens live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthSettings {
    /// Tokens of API clients (default 15 minutes).
    pub client_token_ttl: Duration,
    /// Tokens of persons (default one hour).
    pub person_token_ttl: Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            client_token_ttl: Duration::from_secs(15 * 60),
            person_token_ttl: Duration::from_secs(60 * 60),
        }
    }
}

/// A secret text that never shows in logs: `Debug` prints a placeholder. Read it with
/// [`Secret::expose`] only where it is handed to its owner.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub(crate) fn new(s: String) -> Self {
        Self(s)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// A bearer token just issued.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub access_token: Secret,
    /// Seconds until it expires.
    pub expires_in: u64,
}

/// An API client as its managers see it.
pub type ApiClient = ClientRow;

/// A client just created (or whose secret was just replaced), with its secret: shown once, never
/// stored.
#[derive(Debug, Clone)]
pub struct ClientWithSecret {
    pub client: ApiClient,
    pub secret: Secret,
}

/// The longest name of an API client, in characters.
pub const MAX_CLIENT_NAME_LEN: usize = 200;

/// Clients touch `last_used_at` at most this often, so authenticating stays a read.
const LAST_USED_RESOLUTION: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// `bytes` random bytes from the operating system's generator, as hexadecimal.
pub(crate) fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex(&buf)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The SHA-256 of a token or secret, as hexadecimal: what the database keeps instead of it.
pub(crate) fn token_hash(token: &str) -> String {
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

fn unauthenticated(why: &str) -> RegisterError {
    RegisterError::Unauthenticated(why.to_owned())
}

async fn hash_secret(secret: String) -> Result<String, RegisterError> {
    tokio::task::spawn_blocking(move || crate::users::hash_password(&secret))
        .await
        .map_err(|e| RegisterError::Internal(e.to_string()))?
}

async fn verify_secret(secret: String, hash: String) -> Result<bool, RegisterError> {
    tokio::task::spawn_blocking(move || {
        use argon2::PasswordVerifier;
        argon2::PasswordHash::new(&hash)
            .map(|h| {
                argon2::Argon2::default()
                    .verify_password(secret.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|e| RegisterError::Internal(e.to_string()))
}

fn ttl(d: Duration) -> chrono::TimeDelta {
    chrono::TimeDelta::from_std(d).unwrap_or(chrono::TimeDelta::minutes(15))
}

/// Administrative denials: outsiders learn nothing about another organisation's clients.
fn admin_denied(d: Denied) -> RegisterError {
    match d {
        Denied::NotMember => RegisterError::NotFound,
        other => RegisterError::Denied(other),
    }
}

impl Register {
    /// Sets how long tokens live.
    pub fn with_auth_settings(mut self, settings: AuthSettings) -> Self {
        self.auth = settings;
        self
    }

    pub fn auth_settings(&self) -> AuthSettings {
        self.auth
    }

    async fn issue(
        &self,
        actor_id: algoreg_domain::UserId,
        client: Option<(i64, OrgCode)>,
        lifetime: Duration,
    ) -> Result<IssuedToken, RegisterError> {
        let token = random_hex(32);
        let (client_ref, org) = match client {
            Some((id, org)) => (Some(id), Some(org)),
            None => (None, None),
        };
        self.store
            .insert_token(&NewToken {
                token_hash: token_hash(&token),
                user_id: actor_id,
                client_ref,
                org,
                expires_at: now() + ttl(lifetime),
            })
            .await?;
        Ok(IssuedToken {
            access_token: Secret(token),
            expires_in: lifetime.as_secs(),
        })
    }

    /// A person's token, for their e-mail address and password, and their one-time code (`totp`) when
    /// they have a second factor. Any mismatch of address or password (unknown address, wrong
    /// password, disabled account) is the same `Unauthenticated`; a missing, wrong or reused code is
    /// [`TwoFactorProblem::WrongCode`] and counts as a failed login of the account (five lock it for
    /// [`crate::LOGIN_WINDOW`], as in the back-office); a member of an organisation that requires a
    /// second factor who has none is [`TwoFactorProblem::NotSetUp`].
    pub async fn token_for_password(
        &self,
        email: &str,
        password: &str,
        totp: Option<&str>,
    ) -> Result<IssuedToken, RegisterError> {
        let actor = match self.verify_password(email, password).await {
            Ok(a) => a,
            Err(RegisterError::NotFound) => {
                return Err(unauthenticated("wrong e-mail address or password"));
            }
            Err(e) => return Err(e),
        };
        let status = self.two_factor(actor.id).await?;
        if status.must_enrol() {
            return Err(RegisterError::TwoFactor(TwoFactorProblem::NotSetUp));
        }
        if status.enabled {
            let account = crate::sessions::account_subject(email);
            self.check_not_locked(&account, None).await?;
            if let Err(e) = self.check_code(actor.id, totp.unwrap_or("")).await {
                if matches!(e, RegisterError::TwoFactor(_)) {
                    self.record_failure(&account, None).await?;
                }
                return Err(e);
            }
            self.store.clear_login_failures(&account).await?;
        }
        self.issue(actor.id, None, self.auth.person_token_ttl).await
    }

    /// An API client's token, for its id and secret; scoped to the client's organisation. Unknown,
    /// revoked and wrong secrets are the same `Unauthenticated`.
    pub async fn token_for_client(
        &self,
        client_id: &str,
        secret: &str,
    ) -> Result<IssuedToken, RegisterError> {
        let bad = || unauthenticated("unknown client or wrong secret");
        let creds = match self.store.client_credentials(client_id.trim()).await {
            Ok(c) => c,
            Err(StoreError::NotFound) => return Err(bad()),
            Err(e) => return Err(e.into()),
        };
        if creds.client.revoked_at.is_some() {
            return Err(bad());
        }
        if !verify_secret(secret.to_owned(), creds.secret_hash).await? {
            return Err(bad());
        }
        let c = creds.client;
        self.issue(c.user_id, Some((c.id, c.org)), self.auth.client_token_ttl)
            .await
    }

    /// The actor a bearer token stands for. Unknown, expired and revoked tokens, and tokens of disabled
    /// accounts, are `Unauthenticated`. A client's actor has its allowed actions as scope and roles in
    /// its one organisation only.
    pub async fn authenticate(&self, bearer: &str) -> Result<Actor, RegisterError> {
        let bearer = bearer.trim();
        if bearer.is_empty() || bearer.len() > 256 {
            return Err(unauthenticated("the token is not valid"));
        }
        let row = match self.store.token(&token_hash(bearer)).await {
            Ok(r) => r,
            Err(StoreError::NotFound) => return Err(unauthenticated("the token is not valid")),
            Err(e) => return Err(e.into()),
        };
        let at = now();
        if row.expires_at <= at {
            return Err(unauthenticated("the token has expired"));
        }
        let mut actor = match self.store.actor(row.user_id).await {
            Ok(a) => a,
            Err(StoreError::NotFound) => {
                return Err(unauthenticated("the account is no longer active"));
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(client) = row.client {
            if client.revoked_at.is_some() {
                return Err(unauthenticated("the client has been revoked"));
            }
            let Some(org) = row.org else {
                return Err(RegisterError::Internal(
                    "a client token without organisation".into(),
                ));
            };
            actor.memberships.retain(|m| m.org == org);
            actor.platform_roles.clear();
            actor.scope = Some(client.allowed_actions);
            if client
                .last_used_at
                .is_none_or(|t| at - t >= LAST_USED_RESOLUTION)
            {
                // Bookkeeping only: a failure here must not refuse the request.
                if let Err(e) = self.store.touch_client(client.id, at).await {
                    tracing::warn!(error = %e, "could not note when an API client was last used");
                }
            }
        }
        Ok(actor)
    }

    /// Creates an API client for `org` that may take `allowed` actions. Answers the client and its
    /// secret, which is shown this once and stored only as a hash.
    pub async fn create_client(
        &self,
        actor: &Actor,
        org: &str,
        name: &str,
        allowed: &[Action],
    ) -> Result<ClientWithSecret, RegisterError> {
        let code = OrgCode::parse(org.trim())
            .map_err(|_| RegisterError::UnknownOrganisation(org.to_owned()))?;
        authorize_admin(actor, AdminAction::ManageClients, &code).map_err(admin_denied)?;
        self.insert_client(Some(actor), code, name, allowed).await
    }

    /// Creates an API client on the operator's say-so (the command line, which holds the database
    /// credentials and so stands above every role), recorded as done by the operator.
    pub async fn create_client_as_operator(
        &self,
        org: &str,
        name: &str,
        allowed: &[Action],
    ) -> Result<ClientWithSecret, RegisterError> {
        let code = OrgCode::parse(org.trim())
            .map_err(|_| RegisterError::UnknownOrganisation(org.to_owned()))?;
        self.insert_client(None, code, name, allowed).await
    }

    async fn insert_client(
        &self,
        by: Option<&Actor>,
        org: OrgCode,
        name: &str,
        allowed: &[Action],
    ) -> Result<ClientWithSecret, RegisterError> {
        self.store.organisation(&org).await.map_err(|e| match e {
            StoreError::NotFound => RegisterError::UnknownOrganisation(org.to_string()),
            other => other.into(),
        })?;
        let name = name.trim();
        let mut problems = Vec::new();
        let len = name.chars().count();
        if len == 0 {
            problems.push(Problem {
                path: "name".into(),
                kind: ProblemKind::Required,
            });
        } else if len > MAX_CLIENT_NAME_LEN {
            problems.push(Problem {
                path: "name".into(),
                kind: ProblemKind::TooLong {
                    max: MAX_CLIENT_NAME_LEN,
                    actual: len,
                },
            });
        }
        if allowed.is_empty() {
            problems.push(Problem {
                path: "allowed_actions".into(),
                kind: ProblemKind::Required,
            });
        }
        if !problems.is_empty() {
            return Err(RegisterError::Invalid(problems));
        }
        let mut allowed = allowed.to_vec();
        allowed.sort();
        allowed.dedup();
        let secret = random_hex(32);
        let client = self
            .store
            .create_client(&NewClient {
                client_id: format!("client-{}", random_hex(10)),
                org,
                name: name.to_owned(),
                secret_hash: hash_secret(secret.clone()).await?,
                allowed_actions: allowed,
                created_by: by.map(|a| a.id),
                created_by_name: by
                    .map_or_else(|| "operator (command line)".into(), |a| a.name.clone()),
            })
            .await?;
        Ok(ClientWithSecret {
            client,
            secret: Secret(secret),
        })
    }

    /// Gives a live client a new secret (shown once); tokens issued with the old one stop working.
    pub async fn rotate_client_secret(
        &self,
        actor: &Actor,
        client_id: &str,
    ) -> Result<ClientWithSecret, RegisterError> {
        let current = self.store.client(client_id.trim()).await?;
        authorize_admin(actor, AdminAction::ManageClients, &current.org).map_err(admin_denied)?;
        let secret = random_hex(32);
        let hash = hash_secret(secret.clone()).await?;
        let client = self
            .store
            .set_client_secret(&current.client_id, &hash, Some(actor.id), &actor.name)
            .await?;
        Ok(ClientWithSecret {
            client,
            secret: Secret(secret),
        })
    }

    /// Revokes a client for good; its tokens stop working at once.
    pub async fn revoke_client(
        &self,
        actor: &Actor,
        client_id: &str,
    ) -> Result<ApiClient, RegisterError> {
        let current = self.store.client(client_id.trim()).await?;
        authorize_admin(actor, AdminAction::ManageClients, &current.org).map_err(admin_denied)?;
        Ok(self
            .store
            .revoke_client(&current.client_id, Some(actor.id), &actor.name)
            .await?)
    }

    /// An organisation's clients (revoked ones too), newest first, with when each was last used.
    pub async fn list_clients(
        &self,
        actor: &Actor,
        org: &str,
    ) -> Result<Vec<ApiClient>, RegisterError> {
        let org = OrgCode::parse(org.trim())
            .map_err(|_| RegisterError::UnknownOrganisation(org.to_owned()))?;
        authorize_admin(actor, AdminAction::ManageClients, &org).map_err(admin_denied)?;
        Ok(self.store.clients(&org).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let t = IssuedToken {
            access_token: Secret("abc123secret".into()),
            expires_in: 900,
        };
        let shown = format!("{t:?}");
        assert!(!shown.contains("abc123secret"), "{shown}");
        assert!(shown.contains("900"));
    }

    #[test]
    fn tokens_are_random_and_hashed_as_hex() {
        let a = random_hex(32);
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_hex(32));
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
