//! The publication flows as one explicit state machine: given who acts, on what, in which state, either
//! a [`Decision`] (what changes) or a [`Denied`] (why not).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::org::{OrgCode, PublicationFlow, string_enum};
use crate::state::VersionState;
use crate::user::{Actor, OrgRole, PlatformRole, UserId};

string_enum! {
    /// What someone wants to do with a description.
    Action {
        /// Save a new version as a draft (also: create a description).
        SaveDraft = "save-draft",
        /// Hand the newest draft on for approval.
        Submit = "submit",
        /// Make the submitted version the public one.
        Publish = "publish",
        /// Send the submitted version back, with a reason.
        Reject = "reject",
        /// Take the public version off the register, with a reason.
        Retract = "retract",
        /// Archive the whole description.
        Archive = "archive",
    }
}

/// The facts about a description that the rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Situation<'a> {
    pub org: &'a OrgCode,
    pub flow: PublicationFlow,
    /// The newest version's state; `None` when the description does not exist yet.
    pub head: Option<VersionState>,
    /// Who made the newest version (for the four-eyes rule); `None` for imported versions.
    pub head_author: Option<UserId>,
    /// Whether a version is public now.
    pub has_published: bool,
}

/// What an allowed action changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The state the newest version gets (for `SaveDraft`: the state of the new version).
    pub head_to: VersionState,
    /// For `SaveDraft`: what becomes of the previous newest version, when it was work in progress.
    pub previous_head_to: Option<VersionState>,
    /// What becomes of the published version, if one exists and it is not the head.
    pub published_to: Option<VersionState>,
}

/// Why an action is not allowed. Each variant is specific enough to tell the user what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Denied {
    #[error("you do not work for this organisation")]
    NotMember,
    #[error("this needs one of the roles: {}", .needed.join(", "))]
    MissingRole { needed: Vec<String> },
    #[error("supervisors can read but not change descriptions")]
    ReadOnly,
    #[error("four-eyes rule: someone other than the author of the last change must do this")]
    FourEyes,
    #[error("cannot {action} a description whose newest version is {state}")]
    WrongState { action: String, state: String },
    #[error("the description does not exist yet")]
    NoDescription,
    #[error("there is no published version to retract")]
    NothingPublished,
    /// A machine client whose allowed actions do not include this one.
    #[error("this API client is not allowed to {action}")]
    OutOfScope { action: String },
    /// The change would leave an organisation without an organisation admin.
    #[error("an organisation keeps at least one organisation admin")]
    LastAdmin,
    /// Something one may not do to one's own account (such as disabling it).
    #[error("you cannot do this to your own account")]
    OwnAccount,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "head → {}", self.head_to)
    }
}

fn missing(roles: &[&str]) -> Denied {
    Denied::MissingRole {
        needed: roles.iter().map(|r| (*r).to_owned()).collect(),
    }
}

fn wrong_state(action: Action, state: VersionState) -> Denied {
    Denied::WrongState {
        action: action.as_str().to_owned(),
        state: state.as_str().to_owned(),
    }
}

/// The one place that says who may do what. Checks, in order: read-only roles, role, the scope of a
/// machine client, state, four eyes.
pub fn authorize(actor: &Actor, action: Action, s: &Situation<'_>) -> Result<Decision, Denied> {
    let admin = actor.is_admin();
    let central = actor.has_platform_role(PlatformRole::CentralPublisher);
    let role = |r: OrgRole| actor.has_org_role(s.org, r);
    let member = actor.is_member(s.org);

    if !admin && !member && !central {
        return Err(if actor.has_platform_role(PlatformRole::Supervisor) {
            Denied::ReadOnly
        } else {
            Denied::NotMember
        });
    }

    // Role check per action.
    let allowed = match action {
        Action::SaveDraft | Action::Submit => {
            admin || role(OrgRole::Editor) || role(OrgRole::Approver) || role(OrgRole::OrgAdmin)
        }
        Action::Publish | Action::Reject => match s.flow {
            PublicationFlow::TwoStep => admin || role(OrgRole::Approver),
            PublicationFlow::Central => admin || central,
        },
        Action::Retract => {
            admin || role(OrgRole::Approver) || (s.flow == PublicationFlow::Central && central)
        }
        Action::Archive => {
            admin
                || role(OrgRole::Approver)
                || role(OrgRole::OrgAdmin)
                || (s.flow == PublicationFlow::Central && central)
        }
    };
    if !allowed {
        if !member && !admin {
            // A central publisher acting for an organisation with the two-step flow.
            return Err(Denied::NotMember);
        }
        return Err(match action {
            Action::SaveDraft | Action::Submit => missing(&["editor", "approver", "org-admin"]),
            Action::Publish | Action::Reject => match s.flow {
                PublicationFlow::TwoStep => missing(&["approver"]),
                PublicationFlow::Central => missing(&["central-publisher"]),
            },
            Action::Retract => match s.flow {
                PublicationFlow::TwoStep => missing(&["approver"]),
                PublicationFlow::Central => missing(&["approver", "central-publisher"]),
            },
            Action::Archive => match s.flow {
                PublicationFlow::TwoStep => missing(&["approver", "org-admin"]),
                PublicationFlow::Central => {
                    missing(&["approver", "org-admin", "central-publisher"])
                }
            },
        });
    }

    if !actor.in_scope(action) {
        return Err(Denied::OutOfScope {
            action: action.as_str().to_owned(),
        });
    }

    let published_to = |to: VersionState| if s.has_published { Some(to) } else { None };

    let Some(head) = s.head else {
        return match action {
            Action::SaveDraft => Ok(Decision {
                head_to: VersionState::Draft,
                previous_head_to: None,
                published_to: None,
            }),
            _ => Err(Denied::NoDescription),
        };
    };

    match action {
        Action::SaveDraft => match head {
            VersionState::Archived => Err(wrong_state(action, head)),
            _ => Ok(Decision {
                head_to: VersionState::Draft,
                previous_head_to: head
                    .is_work_in_progress()
                    .then_some(VersionState::Superseded),
                published_to: None,
            }),
        },
        Action::Submit => match head {
            VersionState::Draft => Ok(Decision {
                head_to: VersionState::Submitted,
                previous_head_to: None,
                published_to: None,
            }),
            _ => Err(wrong_state(action, head)),
        },
        Action::Publish | Action::Reject => {
            if head != VersionState::Submitted {
                return Err(wrong_state(action, head));
            }
            if s.head_author == Some(actor.id) {
                return Err(Denied::FourEyes);
            }
            Ok(if action == Action::Publish {
                Decision {
                    head_to: VersionState::Published,
                    previous_head_to: None,
                    published_to: published_to(VersionState::Superseded),
                }
            } else {
                Decision {
                    head_to: VersionState::Rejected,
                    previous_head_to: None,
                    published_to: None,
                }
            })
        }
        Action::Retract => {
            if !s.has_published {
                return Err(Denied::NothingPublished);
            }
            // When the head itself is the published version, it becomes retracted; otherwise the head
            // (a newer draft) stays as it is and only the public version is withdrawn.
            Ok(if head == VersionState::Published {
                Decision {
                    head_to: VersionState::Retracted,
                    previous_head_to: None,
                    published_to: None,
                }
            } else {
                Decision {
                    head_to: head,
                    previous_head_to: None,
                    published_to: Some(VersionState::Retracted),
                }
            })
        }
        Action::Archive => match head {
            VersionState::Archived => Err(wrong_state(action, head)),
            // A published head is archived as the head; `published_to` is only for an older one.
            VersionState::Published => Ok(Decision {
                head_to: VersionState::Archived,
                previous_head_to: None,
                published_to: None,
            }),
            _ => Ok(Decision {
                head_to: VersionState::Archived,
                previous_head_to: None,
                published_to: published_to(VersionState::Archived),
            }),
        },
    }
}
