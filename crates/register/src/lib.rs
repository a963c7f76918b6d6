//! The register's services: the only way to change data. Each takes the acting user, asks the domain
//! whether the action is allowed in the current state, runs one store transaction, and returns a typed
//! result or a typed [`RegisterError`]. Every front door (site, back-office, APIs, CLI) calls these.

mod descriptions;
mod error;
mod exchange;
mod orgs;
mod public;
mod search;
mod users;

pub use descriptions::{DescriptionView, ListQuery, Page, Saved, Summary};
pub use error::RegisterError;
pub use exchange::{DemoReport, ImportReport};
pub use public::{
    DEFAULT_PAGE_SIZE, FilterDef, InvalidParam, MAX_PAGE_SIZE, PublicCurrent, PublicDescription,
    PublicPage, PublicQuery, PublicVersion, SORTS, WithdrawnDescription, public_filters, slug,
};
pub use users::NewUserRequest;

pub use algoreg_domain as domain;
pub use algoreg_search as search_index;
pub use algoreg_standard as standard;
pub use algoreg_store::{Backend, OrganisationCount, PublicSummaryRow, Store, StoreError};

/// The services, over one store (and, when attached, a search index). Cheap to clone.
#[derive(Clone, Debug)]
pub struct Register {
    store: Store,
    search: Option<std::sync::Arc<search::Search>>,
}

impl Register {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            search: None,
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
