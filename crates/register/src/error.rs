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
    /// Too many attempts (e.g. failed logins); try again after this long.
    #[error("too many attempts: try again in {} s", .retry_after.as_secs())]
    Throttled { retry_after: std::time::Duration },
    #[error("storage: {0}")]
    Store(StoreError),
    #[error("internal: {0}")]
    Internal(String),
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
