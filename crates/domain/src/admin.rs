//! Administrative actions (as opposed to actions on a description): who may manage an organisation's
//! API clients, users and profile and read its log, and who may manage the platform's organisations
//! and accounts or oversee them all. Pure, like the flows.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::flow::Denied;
use crate::org::{OrgCode, string_enum};
use crate::user::{Actor, OrgRole, PlatformRole, UserId};

string_enum! {
    /// Something done to an organisation's set-up rather than to a description.
    AdminAction {
        /// Create, list, rotate the secret of, and revoke the organisation's API clients.
        ManageClients = "manage-clients",
        /// Invite people, change their roles, remove them, make password-reset links.
        ManageUsers = "manage-users",
        /// Change the organisation's public profile (about text, contact link, public page).
        EditProfile = "edit-profile",
        /// Read the organisation's audit log.
        ReadLog = "read-log",
        /// Set the organisation's security settings (whether members must use two-factor
        /// authentication).
        ManageSecurity = "manage-security",
        /// Read the outbox of notifications about the organisation's descriptions.
        ReadOutbox = "read-outbox",
    }
}

string_enum! {
    /// Something done to the platform as a whole.
    PlatformAction {
        /// Add organisations; set each one's flow and public page.
        ManageOrganisations = "manage-organisations",
        /// Disable and enable any account.
        ManageAccounts = "manage-accounts",
        /// Read the overview of every organisation (read-only).
        Oversee = "oversee",
    }
}

/// Whether `actor` may do `action` for organisation `org`. The organisation's own org admins and the
/// platform's admins may do everything; the organisation's approvers and the supervisors may also
/// read the log; a machine client never may (it cannot hand out credentials); supervisors read but
/// change nothing.
pub fn authorize_admin(actor: &Actor, action: AdminAction, org: &OrgCode) -> Result<(), Denied> {
    if actor.is_client() {
        return Err(Denied::OutOfScope {
            action: action.as_str().to_owned(),
        });
    }
    if actor.is_admin() || actor.has_org_role(org, OrgRole::OrgAdmin) {
        return Ok(());
    }
    let supervisor = actor.has_platform_role(PlatformRole::Supervisor);
    if action == AdminAction::ReadLog && (supervisor || actor.has_org_role(org, OrgRole::Approver))
    {
        return Ok(());
    }
    if actor.is_member(org) {
        let mut needed = vec![OrgRole::OrgAdmin.as_str().to_owned()];
        if action == AdminAction::ReadLog {
            needed.push(OrgRole::Approver.as_str().to_owned());
        }
        return Err(Denied::MissingRole { needed });
    }
    if supervisor {
        return Err(Denied::ReadOnly);
    }
    Err(Denied::NotMember)
}

/// Whether `actor` may do `action` on the platform: its admins may do everything, supervisors may
/// oversee; nobody else (and never a machine client).
pub fn authorize_platform(actor: &Actor, action: PlatformAction) -> Result<(), Denied> {
    if actor.is_client() {
        return Err(Denied::OutOfScope {
            action: action.as_str().to_owned(),
        });
    }
    if actor.is_admin() {
        return Ok(());
    }
    let supervisor = actor.has_platform_role(PlatformRole::Supervisor);
    match action {
        PlatformAction::Oversee if supervisor => Ok(()),
        _ if supervisor => Err(Denied::ReadOnly),
        PlatformAction::Oversee => Err(Denied::MissingRole {
            needed: vec![
                PlatformRole::Admin.as_str().to_owned(),
                PlatformRole::Supervisor.as_str().to_owned(),
            ],
        }),
        _ => Err(Denied::MissingRole {
            needed: vec![PlatformRole::Admin.as_str().to_owned()],
        }),
    }
}

/// Whether giving user `target` the roles `new_roles` in an organisation (none: removing them from it)
/// keeps the organisation administered: an organisation with an org admin always keeps at least one.
/// `admins` are the organisation's org admins now. This holds for everyone, platform admins too: to
/// hand over, first make someone else admin.
pub fn keeps_an_admin(
    admins: &[UserId],
    target: UserId,
    new_roles: &[OrgRole],
) -> Result<(), Denied> {
    let losing = admins.contains(&target) && !new_roles.contains(&OrgRole::OrgAdmin);
    if losing && admins.iter().all(|a| *a == target) {
        return Err(Denied::LastAdmin);
    }
    Ok(())
}

/// Whether `actor` may disable account `target`: not their own (a platform admin cannot lock
/// themselves out).
pub fn may_disable(actor: &Actor, target: UserId) -> Result<(), Denied> {
    authorize_platform(actor, PlatformAction::ManageAccounts)?;
    if actor.id == target {
        return Err(Denied::OwnAccount);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::Membership;

    fn actor(id: i64, memberships: &[(&str, OrgRole)], platform: &[PlatformRole]) -> Actor {
        Actor {
            id: UserId(id),
            name: "x".into(),
            memberships: memberships
                .iter()
                .map(|(o, r)| Membership {
                    org: OrgCode::parse(o).unwrap(),
                    role: *r,
                })
                .collect(),
            platform_roles: platform.to_vec(),
            scope: None,
        }
    }

    #[test]
    fn who_administers_an_organisation() {
        let org = OrgCode::parse("gm0363").unwrap();
        let admin = actor(1, &[("gm0363", OrgRole::OrgAdmin)], &[]);
        let approver = actor(2, &[("gm0363", OrgRole::Approver)], &[]);
        let editor = actor(3, &[("gm0363", OrgRole::Editor)], &[]);
        let other = actor(4, &[("gm0599", OrgRole::OrgAdmin)], &[]);
        let sup = actor(5, &[], &[PlatformRole::Supervisor]);
        let pa = actor(6, &[], &[PlatformRole::Admin]);
        for a in AdminAction::ALL {
            assert!(authorize_admin(&admin, *a, &org).is_ok());
            assert!(authorize_admin(&pa, *a, &org).is_ok());
            assert_eq!(authorize_admin(&other, *a, &org), Err(Denied::NotMember));
            assert!(matches!(
                authorize_admin(&editor, *a, &org),
                Err(Denied::MissingRole { .. })
            ));
            let reads = *a == AdminAction::ReadLog;
            assert_eq!(authorize_admin(&approver, *a, &org).is_ok(), reads);
            assert_eq!(authorize_admin(&sup, *a, &org).is_ok(), reads);
            if !reads {
                assert_eq!(authorize_admin(&sup, *a, &org), Err(Denied::ReadOnly));
            }
        }
        for a in PlatformAction::ALL {
            assert!(authorize_platform(&pa, *a).is_ok());
            assert_eq!(
                authorize_platform(&sup, *a).is_ok(),
                *a == PlatformAction::Oversee
            );
            assert!(authorize_platform(&admin, *a).is_err());
        }
    }

    #[test]
    fn an_organisation_keeps_an_admin() {
        let (a, b, c) = (UserId(1), UserId(2), UserId(3));
        assert_eq!(
            keeps_an_admin(&[a], a, &[OrgRole::Editor]),
            Err(Denied::LastAdmin)
        );
        assert_eq!(keeps_an_admin(&[a], a, &[]), Err(Denied::LastAdmin));
        assert!(keeps_an_admin(&[a], a, &[OrgRole::OrgAdmin, OrgRole::Editor]).is_ok());
        assert!(keeps_an_admin(&[a, b], a, &[]).is_ok());
        assert!(keeps_an_admin(&[a], c, &[]).is_ok());
        // An organisation without admins (a new one) may stay without.
        assert!(keeps_an_admin(&[], c, &[]).is_ok());
        let pa = actor(1, &[], &[PlatformRole::Admin]);
        assert_eq!(may_disable(&pa, UserId(1)), Err(Denied::OwnAccount));
        assert!(may_disable(&pa, UserId(2)).is_ok());
    }
}
