//! The register's domain: identities, organisations, roles, description versions and their states, and
//! the publication flows as an explicit state machine.
//!
//! Pure: no I/O, no clock (times are passed in), no HTTP or SQL. Every business rule about *who may do
//! what, when* lives here once; the services in `algoreg-register` ask this crate before they write.

pub mod admin;
pub mod flow;
pub mod id;
pub mod org;
pub mod state;
pub mod template;
pub mod user;

pub use admin::{
    AdminAction, PlatformAction, authorize_admin, authorize_platform, keeps_an_admin, may_disable,
};
pub use flow::{Action, Decision, Denied, Situation, authorize};
pub use id::{AlgorithmId, AlgorithmIdError};
pub use org::{OrgCode, OrgCodeError, OrgType, Organisation, PublicationFlow};
pub use state::{DescriptionStatus, VersionState};
pub use template::{PROVIDER_ROLE, TemplateAction, authorize_template};
pub use user::{Actor, Membership, OrgRole, PlatformRole, UserId};
