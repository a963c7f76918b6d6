//! Provider templates: a supplier's accounts describe its products once; organisations start their own
//! description from one. Who may write a template. Pure, like the flows.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::flow::Denied;
use crate::org::string_enum;
use crate::user::{Actor, PlatformRole};

string_enum! {
    /// Something done to a template.
    TemplateAction {
        /// Start a new template for one's own supplier.
        Create = "create",
        /// Save a template's document.
        Edit = "edit",
        /// Publish or withdraw a template (make it one organisations can start from, or no longer).
        Publish = "publish",
    }
}

/// The role name a template action needs (for [`Denied::MissingRole`]).
pub const PROVIDER_ROLE: &str = "provider";

/// Whether `actor`, whose account belongs to supplier `actor_provider` (if any), may do `action` to a
/// template of supplier `template_provider` (`None` for a template still to be created). Only a
/// supplier's own accounts write its templates; never a machine client; supervisors read only; the
/// platform's admins do not write in a supplier's name.
pub fn authorize_template(
    actor: &Actor,
    actor_provider: Option<&str>,
    action: TemplateAction,
    template_provider: Option<&str>,
) -> Result<(), Denied> {
    if actor.is_client() {
        return Err(Denied::OutOfScope {
            action: action.as_str().to_owned(),
        });
    }
    let Some(mine) = actor_provider.filter(|p| !p.trim().is_empty()) else {
        if actor.has_platform_role(PlatformRole::Supervisor) {
            return Err(Denied::ReadOnly);
        }
        return Err(Denied::MissingRole {
            needed: vec![PROVIDER_ROLE.to_owned()],
        });
    };
    match template_provider {
        Some(theirs) if theirs != mine => Err(Denied::NotMember),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::UserId;

    fn person(platform_roles: Vec<PlatformRole>) -> Actor {
        Actor {
            id: UserId(1),
            name: "P".into(),
            memberships: Vec::new(),
            platform_roles,
            scope: None,
        }
    }

    #[test]
    fn only_a_suppliers_own_accounts_write_its_templates() {
        let p = person(Vec::new());
        let edit = TemplateAction::Edit;
        assert_eq!(authorize_template(&p, Some("A"), edit, Some("A")), Ok(()));
        assert_eq!(
            authorize_template(&p, Some("A"), TemplateAction::Create, None),
            Ok(())
        );
        assert_eq!(
            authorize_template(&p, Some("A"), edit, Some("B")),
            Err(Denied::NotMember)
        );
        assert!(matches!(
            authorize_template(&p, None, edit, Some("A")),
            Err(Denied::MissingRole { .. })
        ));
        assert!(matches!(
            authorize_template(&person(vec![PlatformRole::Admin]), None, edit, Some("A")),
            Err(Denied::MissingRole { .. })
        ));
        assert_eq!(
            authorize_template(
                &person(vec![PlatformRole::Supervisor]),
                None,
                edit,
                Some("A")
            ),
            Err(Denied::ReadOnly)
        );
        let mut client = p.clone();
        client.scope = Some(Vec::new());
        assert!(matches!(
            authorize_template(&client, Some("A"), edit, Some("A")),
            Err(Denied::OutOfScope { .. })
        ));
    }
}
