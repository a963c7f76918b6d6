//! Users: creating accounts with roles, and loading the acting user.

use algoreg_domain::{Actor, OrgCode, OrgRole, PlatformRole, UserId};
use algoreg_standard::{Problem, ProblemKind};
use algoreg_store::NewUser;

use crate::{Register, RegisterError};

/// What an admin (or the CLI) gives to create a user.
#[derive(Clone)]
pub struct NewUserRequest {
    pub email: String,
    pub name: String,
    pub password: Option<String>,
    pub memberships: Vec<(String, OrgRole)>,
    pub platform_roles: Vec<PlatformRole>,
}

impl std::fmt::Debug for NewUserRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUserRequest")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// The shortest password we accept.
pub const MIN_PASSWORD_LEN: usize = 12;

pub(crate) fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(' ')
}

/// What is wrong with a new password, if anything (the one rule every way of setting one shares).
pub(crate) fn password_problem(password: &str) -> Option<Problem> {
    let len = password.chars().count();
    (len < MIN_PASSWORD_LEN).then(|| Problem {
        path: "password".into(),
        kind: ProblemKind::TooShort {
            min: MIN_PASSWORD_LEN,
            actual: len,
        },
    })
}

pub(crate) fn hash_password(password: &str) -> Result<String, RegisterError> {
    use argon2::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| RegisterError::Internal(format!("password hashing failed: {e}")))
}

impl Register {
    /// Creates a user. Checks every field at once; hashes the password with Argon2id off the async
    /// threads. Unknown organisations and taken e-mail addresses are reported, nothing half-written.
    pub async fn add_user(&self, req: NewUserRequest) -> Result<UserId, RegisterError> {
        let mut problems = Vec::new();
        let email = req.email.trim().to_lowercase();
        if !looks_like_email(&email) {
            problems.push(Problem {
                path: "email".into(),
                kind: ProblemKind::NotContact,
            });
        }
        if req.name.trim().is_empty() {
            problems.push(Problem {
                path: "name".into(),
                kind: ProblemKind::Required,
            });
        }
        if let Some(p) = &req.password {
            problems.extend(password_problem(p));
        }
        let mut memberships = Vec::new();
        for (i, (code, role)) in req.memberships.iter().enumerate() {
            match OrgCode::parse(code) {
                Ok(c) => memberships.push((c, *role)),
                Err(_) => problems.push(Problem {
                    path: format!("memberships[{i}].org"),
                    kind: ProblemKind::UnknownOrganisation,
                }),
            }
        }
        if !problems.is_empty() {
            return Err(RegisterError::Invalid(problems));
        }
        let password_hash = match req.password {
            Some(p) => Some(
                tokio::task::spawn_blocking(move || hash_password(&p))
                    .await
                    .map_err(|e| RegisterError::Internal(e.to_string()))??,
            ),
            None => None,
        };
        let user = NewUser {
            email,
            name: req.name.trim().to_owned(),
            password_hash,
            platform_roles: req.platform_roles,
            memberships,
        };
        Ok(self.store.create_user(&user).await?)
    }

    /// Loads the acting user with their roles. A disabled or unknown user is `NotFound`.
    pub async fn actor(&self, id: UserId) -> Result<Actor, RegisterError> {
        Ok(self.store.actor(id).await?)
    }

    /// The e-mail address (login name) of a user.
    pub async fn user_email(&self, id: UserId) -> Result<String, RegisterError> {
        Ok(self.store.user_email(id).await?)
    }

    /// Checks an e-mail address and password; answers the actor, or `NotFound` for any mismatch (the
    /// caller cannot tell an unknown address from a wrong password).
    pub async fn verify_password(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Actor, RegisterError> {
        let user = self.store.user_by_email(email).await?;
        let Some(hash) = user.password_hash.clone().filter(|_| !user.disabled) else {
            return Err(RegisterError::NotFound);
        };
        let password = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || {
            use argon2::PasswordVerifier;
            argon2::PasswordHash::new(&hash)
                .map(|h| {
                    argon2::Argon2::default()
                        .verify_password(password.as_bytes(), &h)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .map_err(|e| RegisterError::Internal(e.to_string()))?;
        if !ok {
            return Err(RegisterError::NotFound);
        }
        self.actor(user.id).await
    }
}
