//! Administrative actions on an organisation (as opposed to actions on a description): who may manage
//! its API clients, and later its users and profile. Pure, like the flows.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::flow::Denied;
use crate::org::{OrgCode, string_enum};
use crate::user::{Actor, OrgRole, PlatformRole};

string_enum! {
    /// Something done to an organisation's set-up rather than to a description.
    AdminAction {
        /// Create, list, rotate the secret of, and revoke the organisation's API clients.
        ManageClients = "manage-clients",
        /// Read the outbox of notifications about the organisation's descriptions.
        ReadOutbox = "read-outbox",
    }
}

/// Whether `actor` may do `action` for organisation `org`: the organisation's own org admins and the
/// platform's admins may; a machine client never may (it cannot hand out credentials); supervisors
/// read but change nothing.
pub fn authorize_admin(actor: &Actor, action: AdminAction, org: &OrgCode) -> Result<(), Denied> {
    if actor.is_client() {
        return Err(Denied::OutOfScope {
            action: action.as_str().to_owned(),
        });
    }
    if actor.is_admin() || actor.has_org_role(org, OrgRole::OrgAdmin) {
        return Ok(());
    }
    if actor.is_member(org) {
        return Err(Denied::MissingRole {
            needed: vec![OrgRole::OrgAdmin.as_str().to_owned()],
        });
    }
    if actor.has_platform_role(PlatformRole::Supervisor) {
        return Err(Denied::ReadOnly);
    }
    Err(Denied::NotMember)
}
