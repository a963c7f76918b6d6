//! The register's services: the only way to change data. Each takes the acting user, asks the domain
//! whether the action is allowed in the current state, runs one store transaction, and returns a typed
//! result or a typed [`RegisterError`]. Every front door (site, back-office, APIs, CLI) calls these.

mod admin;
mod auth;
mod descriptions;
mod error;
mod exchange;
mod https;
mod limits;
mod notify;
mod oidc;
mod orgs;
mod public;
mod sealing;
mod search;
mod sessions;
mod templates;
#[cfg(feature = "test-support")]
pub mod test_support;
mod tls;
mod totp;
mod users;
mod write;

pub use admin::{
    Delivery, INVITATION_TTL, IssuedLink, LOG_PAGE_SIZE, LinkInfo, LinkState, LogPage, LogQuery,
    MAX_ABOUT_LEN, MAX_FOUND_ACCOUNTS, Members, NewOrganisation, Oversight, RESET_TTL,
};
pub use algoreg_store::MessageState;
pub use auth::{
    ApiClient, AuthSettings, ClientWithSecret, IssuedToken, MAX_CLIENT_NAME_LEN, Secret,
};
pub use descriptions::{DescriptionView, ListQuery, Page, Saved, Summary};
pub use error::{RegisterError, TwoFactorProblem};
pub use exchange::{DemoReport, ImportReport};
pub use limits::RateLimits;
pub use notify::{
    MAX_SEND_ATTEMPTS, MailSettings, Mailer, NotifySettings, OUTBOX_PAGE_SIZE, OutboxPage,
    OutboxQuery, backoff, redact_url,
};
pub use oidc::{
    OIDC_LOGIN_TIMEOUT, OidcDone, OidcProblem, OidcProvider, OidcStart, oidc_return_path,
};
pub use public::{
    DEFAULT_PAGE_SIZE, FilterDef, InvalidParam, MAX_PAGE_SIZE, PublicCurrent, PublicDescription,
    PublicPage, PublicQuery, PublicVersion, SORTS, WithdrawnDescription, public_filters, slug,
};
pub use sealing::SecretKey;
pub use sessions::{
    CODE_STEP_TIMEOUT, LOGIN_WINDOW, LoggedIn, LoginStep, MAX_ACCOUNT_FAILURES,
    MAX_ADDRESS_FAILURES, Session, SessionPolicy, random_secret, same_secret,
};
pub use templates::{MAX_PROVIDER_LEN, TEMPLATE_PUBLISH_FIELDS, TemplateView};
pub use tls::TrustRoots;
pub use totp::{
    Enrolment, TOTP_DIGITS, TOTP_STEP_SECONDS, TwoFactorStatus, base32_decode, base32_encode, hotp,
    matching_step, otpauth_uri, totp_code,
};
pub use users::NewUserRequest;
pub use write::{
    BulkItem, BulkItemReport, BulkReport, BulkResult, IDEMPOTENCY_TTL, MAX_BULK_ITEMS,
    MAX_IDEMPOTENCY_KEY_LEN, Validation,
};

pub use algoreg_domain as domain;
pub use algoreg_search as search_index;
pub use algoreg_standard as standard;
pub use algoreg_store::{
    AccountRow, Backend, Claim, EventRow, LinkKind, LinkRow, MemberRow, MessageRow,
    OrganisationCount, PublicSummaryRow, SameTemplateRow, Store, StoreError, StoredAnswer,
    TemplateRow, VersionRow,
};

/// The services, over one store (and, when attached, a search index). Cheap to clone.
#[derive(Clone, Debug)]
pub struct Register {
    store: Store,
    search: Option<std::sync::Arc<search::Search>>,
    auth: AuthSettings,
    limits: RateLimits,
    notify: notify::NotifySettings,
    /// The SMTP connection when configured: single-use links are e-mailed with it.
    mailer: Option<notify::Mailer>,
    /// The identity providers people may log in through, when configured.
    oidc: Option<std::sync::Arc<oidc::Oidc>>,
    /// The key stored TOTP secrets are sealed with, when configured.
    secret_key: Option<std::sync::Arc<sealing::SecretKey>>,
}

impl Register {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            search: None,
            auth: AuthSettings::default(),
            limits: RateLimits::default(),
            notify: notify::NotifySettings::default(),
            mailer: None,
            oidc: None,
            secret_key: None,
        }
    }

    /// Connects to the database by URL and runs the migrations that have not run yet.
    pub async fn open(database_url: &str) -> Result<Self, RegisterError> {
        let store = Store::connect(database_url).await?;
        store.migrate().await?;
        Ok(Self::new(store))
    }

    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    /// Whether the database answers (for `/ready`).
    pub async fn ready(&self) -> Result<(), RegisterError> {
        Ok(self.store.ping().await?)
    }

    pub async fn close(&self) {
        self.store.close().await;
    }
}
