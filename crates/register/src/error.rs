//! The services' errors: each says what went wrong specifically enough for every front door to answer
//! well (a 404 is not a 400, a typo in an ID is not "not found").

use algoreg_domain::{AlgorithmIdError, Denied};
use algoreg_standard::Problem;
use algoreg_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The text is not a valid Algoritme-ID (wrong length, not digits, wrong check digit).
    #[error("not a valid Algoritme-ID: {0}")]
    InvalidId(#[from] AlgorithmIdError),
    /// Not a valid organisation code, or no such organisation.
    #[error("unknown organisation: {0}")]
    UnknownOrganisation(String),
    /// No such description, or the caller may not see it (never leaks that it exists elsewhere).
    #[error("not found")]
    NotFound,
    /// No valid credentials: an unknown, expired or revoked token, or a wrong password or secret. The
    /// text says which, for the caller's own eyes.
    #[error("not authenticated: {0}")]
    Unauthenticated(String),
    /// A one-time code was needed and is missing, wrong or used already, the login waiting for it has
    /// expired, or the user's organisation requires a second factor they have not set up.
    #[error("two-factor authentication: {0}")]
    TwoFactor(TwoFactorProblem),
    /// A login through an identity provider did not succeed.
    #[error("login through an identity provider: {0}")]
    Oidc(crate::oidc::OidcProblem),
    /// Too many requests; try again after this many seconds.
    #[error("too many requests: try again in {retry_after} s")]
    RateLimited { retry_after: u64 },
    /// The domain does not allow this action for this user in this state.
    #[error("not allowed: {0}")]
    Denied(#[from] Denied),
    /// Someone else saved first; the caller's version is out of date.
    #[error("someone else saved first: the newest version is {current}")]
    Conflict { current: i64 },
    /// The input has problems; every one of them is listed with its field path.
    #[error("the input has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    /// Query parameters that cannot be used, each with what is allowed.
    #[error("{} parameter(s) cannot be used", .0.len())]
    InvalidParams(Vec<crate::public::InvalidParam>),
    /// Something with this key exists already (an e-mail address, an ID).
    #[error("already exists: {0}")]
    Duplicate(String),
    /// An import file that cannot be read; every problem with its record and field.
    #[error("the import file has {} problem(s)", .0.len())]
    Import(Vec<crate::exchange::ImportProblem>),
    /// A part of the register that is not available right now (e.g. search while its index is built).
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("storage: {0}")]
    Store(StoreError),
    #[error("internal: {0}")]
    Internal(String),
}

/// What is wrong with the second factor of a login or an enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TwoFactorProblem {
    /// The code is missing, wrong, or was used already.
    #[error("the code is missing, wrong or used already")]
    WrongCode,
    /// The login that waited for a code has expired or is unknown: log in again.
    #[error("the login has expired")]
    Expired,
    /// The user's organisation requires a second factor, which they have not set up.
    #[error("the organisation requires two-factor authentication, which is not set up")]
    NotSetUp,
    /// The organisation requires a second factor: it cannot be switched off.
    #[error("the organisation requires two-factor authentication")]
    Required,
}

impl From<StoreError> for RegisterError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict { current } => Self::Conflict { current },
            StoreError::Duplicate(what) => Self::Duplicate(what),
            StoreError::MissingReference(what) => Self::UnknownOrganisation(what),
            other => Self::Store(other),
        }
    }
}
