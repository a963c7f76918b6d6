//! Users and their roles: per organisation, and on the platform.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::flow::Action;
use crate::org::{OrgCode, string_enum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

string_enum! {
    /// A role a user holds in one organisation.
    OrgRole {
        Editor = "editor",
        Approver = "approver",
        OrgAdmin = "org-admin",
    }
}

string_enum! {
    /// A role a user holds on the whole platform.
    PlatformRole {
        /// The register's administrators: manage organisations and users, may act in any organisation
        /// (the four-eyes rule still holds).
        Admin = "admin",
        /// The register's central team: publishes and rejects for organisations with the central flow.
        CentralPublisher = "central-publisher",
        /// Supervisors: read everything, change nothing.
        Supervisor = "supervisor",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Membership {
    pub org: OrgCode,
    pub role: OrgRole,
}

/// Who is acting: a person (or machine client) with the roles loaded for this request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: UserId,
    pub name: String,
    pub memberships: Vec<Membership>,
    pub platform_roles: Vec<PlatformRole>,
    /// `None` for a person: their roles are the only limit. For a machine client (an API client of
    /// one organisation): the only actions it may take, whatever its roles would allow; and it never
    /// administers anything.
    #[serde(default)]
    pub scope: Option<Vec<Action>>,
}

impl Actor {
    pub fn has_org_role(&self, org: &OrgCode, role: OrgRole) -> bool {
        self.memberships
            .iter()
            .any(|m| &m.org == org && m.role == role)
    }

    pub fn is_member(&self, org: &OrgCode) -> bool {
        self.memberships.iter().any(|m| &m.org == org)
    }

    pub fn has_platform_role(&self, role: PlatformRole) -> bool {
        self.platform_roles.contains(&role)
    }

    /// A machine client rather than a person.
    pub fn is_client(&self) -> bool {
        self.scope.is_some()
    }

    /// Whether the actor's scope lets it take `action` at all (a person's always does; their roles
    /// decide).
    pub fn in_scope(&self, action: Action) -> bool {
        self.scope.as_ref().is_none_or(|s| s.contains(&action))
    }

    pub fn is_admin(&self) -> bool {
        self.has_platform_role(PlatformRole::Admin)
    }

    /// May this actor see the non-public versions (drafts, submissions) of this organisation?
    pub fn may_read_internal(&self, org: &OrgCode) -> bool {
        self.is_member(org) || !self.platform_roles.is_empty()
    }

    /// The organisations this actor works for, without duplicates, in a stable order.
    pub fn organisations(&self) -> Vec<&OrgCode> {
        let mut orgs: Vec<&OrgCode> = self.memberships.iter().map(|m| &m.org).collect();
        orgs.sort();
        orgs.dedup();
        orgs
    }
}
