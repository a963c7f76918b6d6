//! The publication flows, exhaustively.
//!
//! Part one checks `authorize` for every combination of head state, `has_published`, action, flow,
//! actor and author of the newest version against an expected outcome that is written out here from
//! the specification. That expectation never calls `authorize`: it is a table of who may do what
//! ([`grants`]), a table of what each action does in each state ([`expected_by_state`]) and the order in
//! which the checks apply ([`expected`]). Part two tells the flows as stories, on a small model of a
//! description that applies the decisions the way the store does.

use std::collections::BTreeSet;

use algoreg_domain::{
    Action, Actor, Decision, Denied, Membership, OrgCode, OrgRole, PlatformRole, PublicationFlow,
    Situation, UserId, VersionState, authorize,
};

use OrgRole::{Approver, Editor, OrgAdmin};
use PlatformRole::{Admin, CentralPublisher, Supervisor};
use VersionState::{Archived, Draft, Published, Rejected, Retracted, Submitted, Superseded};

// ---------------------------------------------------------------------------------------------------
// The specification, written out.
// ---------------------------------------------------------------------------------------------------

/// One way to be allowed to do something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    /// This role in the description's own organisation.
    Org(OrgRole),
    /// This platform role.
    Platform(PlatformRole),
}

/// Who may do `action` for an organisation with `flow`. Platform admins may do everything.
fn grants(action: Action, flow: PublicationFlow) -> &'static [Grant] {
    use Grant::{Org, Platform};
    use PublicationFlow::{Central, TwoStep};
    match (action, flow) {
        (Action::SaveDraft | Action::Submit, _) => {
            &[Org(Editor), Org(Approver), Org(OrgAdmin), Platform(Admin)]
        }
        (Action::Publish | Action::Reject, TwoStep) => &[Org(Approver), Platform(Admin)],
        (Action::Publish | Action::Reject, Central) => {
            &[Platform(CentralPublisher), Platform(Admin)]
        }
        (Action::Retract, TwoStep) => &[Org(Approver), Platform(Admin)],
        (Action::Retract, Central) => &[Org(Approver), Platform(CentralPublisher), Platform(Admin)],
        (Action::Archive, TwoStep) => &[Org(Approver), Org(OrgAdmin), Platform(Admin)],
        (Action::Archive, Central) => &[
            Org(Approver),
            Org(OrgAdmin),
            Platform(CentralPublisher),
            Platform(Admin),
        ],
    }
}

/// The wire names, spelt out here rather than taken from `as_str`, so that a renamed role, action or
/// state shows up as a failure.
fn grant_name(g: Grant) -> &'static str {
    match g {
        Grant::Org(Editor) => "editor",
        Grant::Org(Approver) => "approver",
        Grant::Org(OrgAdmin) => "org-admin",
        Grant::Platform(Admin) => "admin",
        Grant::Platform(CentralPublisher) => "central-publisher",
        Grant::Platform(Supervisor) => "supervisor",
    }
}

fn action_name(a: Action) -> &'static str {
    match a {
        Action::SaveDraft => "save-draft",
        Action::Submit => "submit",
        Action::Publish => "publish",
        Action::Reject => "reject",
        Action::Retract => "retract",
        Action::Archive => "archive",
    }
}

fn state_name(s: VersionState) -> &'static str {
    match s {
        Draft => "draft",
        Submitted => "submitted",
        Published => "published",
        Rejected => "rejected",
        Retracted => "retracted",
        Superseded => "superseded",
        Archived => "archived",
    }
}

/// A member who lacks the role is told which roles would do: every grant but the admin's.
fn missing_role(action: Action, flow: PublicationFlow) -> Denied {
    Denied::MissingRole {
        needed: grants(action, flow)
            .iter()
            .filter(|g| **g != Grant::Platform(Admin))
            .map(|g| grant_name(*g).to_owned())
            .collect(),
    }
}

/// An actor, described by the roles that matter: in the description's organisation, in another one,
/// and on the platform.
#[derive(Debug)]
struct Profile {
    label: &'static str,
    here: &'static [OrgRole],
    elsewhere: &'static [OrgRole],
    platform: &'static [PlatformRole],
}

impl Profile {
    fn holds(&self, g: Grant) -> bool {
        match g {
            Grant::Org(r) => self.here.contains(&r),
            Grant::Platform(r) => self.platform.contains(&r),
        }
    }

    fn actor(&self, id: UserId) -> Actor {
        let memberships = (self.here.iter().map(|r| (here(), *r)))
            .chain(self.elsewhere.iter().map(|r| (elsewhere(), *r)))
            .map(|(org, role)| Membership { org, role })
            .collect();
        Actor {
            id,
            name: self.label.to_owned(),
            memberships,
            platform_roles: self.platform.to_vec(),
            scope: None,
        }
    }
}

/// The first checks: may this actor take part at all, and do they have a role that allows the action?
fn expected_standing(p: &Profile, action: Action, flow: PublicationFlow) -> Option<Denied> {
    if p.holds(Grant::Platform(Admin)) || grants(action, flow).iter().any(|g| p.holds(*g)) {
        return None;
    }
    Some(if !p.here.is_empty() {
        // Works for the organisation, but not in a role that allows this.
        missing_role(action, flow)
    } else if p.platform.contains(&CentralPublisher) {
        // A central publisher outside what the central flow lets them do.
        Denied::NotMember
    } else if p.platform.contains(&Supervisor) {
        Denied::ReadOnly
    } else {
        // No role here: roles in another organisation count for nothing.
        Denied::NotMember
    })
}

fn decision(
    head_to: VersionState,
    previous_head_to: Option<VersionState>,
    published_to: Option<VersionState>,
) -> Decision {
    Decision {
        head_to,
        previous_head_to,
        published_to,
    }
}

/// What `action` does to a description whose newest version is in `head` (`None`: does not exist).
/// `published_to` speaks of the published version only when that is not the head.
fn expected_by_state(
    action: Action,
    head: Option<VersionState>,
    has_published: bool,
) -> Result<Decision, Denied> {
    let Some(head) = head else {
        return match action {
            Action::SaveDraft => Ok(decision(Draft, None, None)),
            _ => Err(Denied::NoDescription),
        };
    };
    let wrong = || {
        Err(Denied::WrongState {
            action: action_name(action).to_owned(),
            state: state_name(head).to_owned(),
        })
    };
    let older_published = |to: VersionState| (has_published && head != Published).then_some(to);
    match action {
        Action::SaveDraft => match head {
            Draft | Submitted | Rejected => Ok(decision(Draft, Some(Superseded), None)),
            Published | Retracted | Superseded => Ok(decision(Draft, None, None)),
            Archived => wrong(),
        },
        Action::Submit => match head {
            Draft => Ok(decision(Submitted, None, None)),
            Submitted | Published | Rejected | Retracted | Superseded | Archived => wrong(),
        },
        Action::Publish => match head {
            Submitted => Ok(decision(Published, None, older_published(Superseded))),
            Draft | Published | Rejected | Retracted | Superseded | Archived => wrong(),
        },
        Action::Reject => match head {
            Submitted => Ok(decision(Rejected, None, None)),
            Draft | Published | Rejected | Retracted | Superseded | Archived => wrong(),
        },
        Action::Retract if !has_published => Err(Denied::NothingPublished),
        Action::Retract => match head {
            Published => Ok(decision(Retracted, None, None)),
            _ => Ok(decision(head, None, Some(Retracted))),
        },
        Action::Archive => match head {
            Archived => wrong(),
            _ => Ok(decision(Archived, None, older_published(Archived))),
        },
    }
}

/// Who made the newest version, seen from the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Author {
    /// Imported: nobody known.
    Imported,
    /// Someone else.
    Colleague,
    /// The actor themselves.
    Themselves,
}

/// The whole rule, in the specified order: standing and role, state, four eyes.
fn expected(
    p: &Profile,
    author: Author,
    action: Action,
    flow: PublicationFlow,
    head: Option<VersionState>,
    has_published: bool,
) -> Result<Decision, Denied> {
    if let Some(denied) = expected_standing(p, action, flow) {
        return Err(denied);
    }
    let outcome = expected_by_state(action, head, has_published)?;
    if matches!(action, Action::Publish | Action::Reject) && author == Author::Themselves {
        return Err(Denied::FourEyes);
    }
    Ok(outcome)
}

// ---------------------------------------------------------------------------------------------------
// The combinations.
// ---------------------------------------------------------------------------------------------------

fn here() -> OrgCode {
    OrgCode::parse("gm0363").unwrap()
}

fn elsewhere() -> OrgCode {
    OrgCode::parse("gm0599").unwrap()
}

const COLLEAGUE: UserId = UserId(1);

const PROFILES: &[Profile] = &[
    Profile {
        label: "nobody",
        here: &[],
        elsewhere: &[],
        platform: &[],
    },
    Profile {
        label: "editor",
        here: &[Editor],
        elsewhere: &[],
        platform: &[],
    },
    Profile {
        label: "approver",
        here: &[Approver],
        elsewhere: &[],
        platform: &[],
    },
    Profile {
        label: "org-admin",
        here: &[OrgAdmin],
        elsewhere: &[],
        platform: &[],
    },
    Profile {
        label: "editor and approver",
        here: &[Editor, Approver],
        elsewhere: &[],
        platform: &[],
    },
    Profile {
        label: "editor elsewhere",
        here: &[],
        elsewhere: &[Editor],
        platform: &[],
    },
    Profile {
        label: "approver elsewhere",
        here: &[],
        elsewhere: &[Approver],
        platform: &[],
    },
    Profile {
        label: "org-admin elsewhere",
        here: &[],
        elsewhere: &[OrgAdmin],
        platform: &[],
    },
    Profile {
        label: "every role elsewhere",
        here: &[],
        elsewhere: &[Editor, Approver, OrgAdmin],
        platform: &[],
    },
    Profile {
        label: "supervisor",
        here: &[],
        elsewhere: &[],
        platform: &[Supervisor],
    },
    Profile {
        label: "supervisor, approver elsewhere",
        here: &[],
        elsewhere: &[Approver],
        platform: &[Supervisor],
    },
    Profile {
        label: "supervisor and editor here",
        here: &[Editor],
        elsewhere: &[],
        platform: &[Supervisor],
    },
    Profile {
        label: "central publisher",
        here: &[],
        elsewhere: &[],
        platform: &[CentralPublisher],
    },
    Profile {
        label: "central publisher, approver elsewhere",
        here: &[],
        elsewhere: &[Approver],
        platform: &[CentralPublisher],
    },
    Profile {
        label: "central publisher and editor here",
        here: &[Editor],
        elsewhere: &[],
        platform: &[CentralPublisher],
    },
    Profile {
        label: "admin",
        here: &[],
        elsewhere: &[],
        platform: &[Admin],
    },
];

/// The head states with the values of `has_published` that can go with them. A published head is the
/// published version; an archived description has nothing public left; a retracted head was the public
/// version until it was retracted, and nothing newer was published since. A superseded head does not
/// occur in practice, but the rules still answer for it.
fn heads() -> Vec<(Option<VersionState>, bool)> {
    let mut v = vec![(None, false)];
    for &state in VersionState::ALL {
        for has_published in [false, true] {
            let consistent = match state {
                Published => has_published,
                Retracted | Archived => !has_published,
                Draft | Submitted | Rejected | Superseded => true,
            };
            if consistent {
                v.push((Some(state), has_published));
            }
        }
    }
    v
}

fn authors(head: Option<VersionState>) -> &'static [Author] {
    match head {
        None => &[Author::Imported],
        Some(_) => &[Author::Imported, Author::Colleague, Author::Themselves],
    }
}

fn kind(r: &Result<Decision, Denied>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(Denied::NotMember) => "not-member",
        Err(Denied::MissingRole { .. }) => "missing-role",
        Err(Denied::ReadOnly) => "read-only",
        Err(Denied::FourEyes) => "four-eyes",
        Err(Denied::WrongState { .. }) => "wrong-state",
        Err(Denied::NoDescription) => "no-description",
        Err(Denied::NothingPublished) => "nothing-published",
        Err(Denied::OutOfScope { .. }) => "out-of-scope",
        Err(Denied::LastAdmin | Denied::OwnAccount) => "admin-only",
    }
}

/// 1 non-existent + 11 consistent (head, has_published) pairs; 3 authors for an existing head.
const SITUATIONS_PER_ACTOR_ACTION_FLOW: usize = 1 + 11 * 3;

#[test]
fn every_combination_follows_the_specification() {
    assert_eq!(VersionState::ALL.len(), 7);
    assert_eq!(Action::ALL.len(), 6);
    assert_eq!(PublicationFlow::ALL.len(), 2);
    assert_eq!(heads().len(), 12);

    let mut checked = 0usize;
    let mut failures = Vec::new();
    let mut outcomes_seen = BTreeSet::new();
    for (i, p) in PROFILES.iter().enumerate() {
        let actor = p.actor(UserId(100 + i64::try_from(i).unwrap()));
        let org = here();
        for &flow in PublicationFlow::ALL {
            for (head, has_published) in heads() {
                for &author in authors(head) {
                    let head_author = match author {
                        Author::Imported => None,
                        Author::Colleague => Some(COLLEAGUE),
                        Author::Themselves => Some(actor.id),
                    };
                    let situation = Situation {
                        org: &org,
                        flow,
                        head,
                        head_author,
                        has_published,
                    };
                    for &action in Action::ALL {
                        let want = expected(p, author, action, flow, head, has_published);
                        let got = authorize(&actor, action, &situation);
                        outcomes_seen.insert(kind(&want));
                        if got != want {
                            failures.push(format!(
                                "{} / {action} / {flow} / head {head:?} / has_published \
                                 {has_published} / author {author:?}:\n    expected {want:?}\n    \
                                 got      {got:?}",
                                p.label
                            ));
                        }
                        checked += 1;
                    }
                }
            }
        }
    }

    assert!(
        failures.is_empty(),
        "{} of {checked} combinations disagree with the specification:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        checked,
        PROFILES.len()
            * PublicationFlow::ALL.len()
            * Action::ALL.len()
            * SITUATIONS_PER_ACTOR_ACTION_FLOW
    );
    // The matrix is not vacuous: every kind of outcome occurs in it.
    assert_eq!(
        outcomes_seen.into_iter().collect::<Vec<_>>(),
        [
            "four-eyes",
            "missing-role",
            "no-description",
            "not-member",
            "nothing-published",
            "ok",
            "read-only",
            "wrong-state",
        ]
    );
    println!("checked {checked} combinations");
}

/// The expectation itself, spot-checked against sentences of the specification, so that a slip in the
/// tables above cannot make the matrix agree with a wrong implementation unnoticed.
#[test]
fn the_written_out_specification_says_what_the_spec_says() {
    use PublicationFlow::{Central, TwoStep};
    let by = |label: &str| PROFILES.iter().find(|p| p.label == label).unwrap();
    let sub = Some(Submitted);

    // Four eyes, also for admins, and only after the state check.
    for who in ["approver", "admin"] {
        let e = |author, head| expected(by(who), author, Action::Publish, TwoStep, head, false);
        assert_eq!(e(Author::Themselves, sub), Err(Denied::FourEyes));
        assert!(e(Author::Colleague, sub).is_ok());
        assert!(e(Author::Imported, sub).is_ok());
        assert!(matches!(
            e(Author::Themselves, Some(Draft)),
            Err(Denied::WrongState { .. })
        ));
    }
    // The central publisher: only in the central flow, and never for saving or submitting.
    let cp = by("central publisher");
    assert!(expected(cp, Author::Colleague, Action::Publish, Central, sub, false).is_ok());
    for a in Action::ALL {
        assert_eq!(
            expected(cp, Author::Colleague, *a, TwoStep, sub, true),
            Err(Denied::NotMember),
            "{a}"
        );
    }
    assert_eq!(
        expected(
            cp,
            Author::Colleague,
            Action::Submit,
            Central,
            Some(Draft),
            false
        ),
        Err(Denied::NotMember)
    );
    // Members lacking the role are told which one they need.
    assert_eq!(
        expected(
            by("editor"),
            Author::Colleague,
            Action::Publish,
            Central,
            sub,
            false
        ),
        Err(Denied::MissingRole {
            needed: vec!["central-publisher".into()]
        })
    );
    assert_eq!(
        expected(
            by("org-admin"),
            Author::Colleague,
            Action::Retract,
            TwoStep,
            sub,
            true
        ),
        Err(Denied::MissingRole {
            needed: vec!["approver".into()]
        })
    );
    // Standing and role come before state: a supervisor gets `ReadOnly` even where nothing exists.
    assert_eq!(
        expected(
            by("supervisor"),
            Author::Imported,
            Action::Publish,
            TwoStep,
            None,
            false
        ),
        Err(Denied::ReadOnly)
    );
    assert_eq!(
        expected(
            by("editor"),
            Author::Imported,
            Action::Publish,
            TwoStep,
            None,
            false
        ),
        Err(Denied::MissingRole {
            needed: vec!["approver".into()]
        })
    );
    assert_eq!(
        expected(
            by("approver elsewhere"),
            Author::Imported,
            Action::SaveDraft,
            TwoStep,
            None,
            false
        ),
        Err(Denied::NotMember)
    );
    // Publishing supersedes the older public version; archiving a published head archives just it.
    assert_eq!(
        expected(
            by("admin"),
            Author::Colleague,
            Action::Publish,
            Central,
            sub,
            true
        ),
        Ok(decision(Published, None, Some(Superseded)))
    );
    assert_eq!(
        expected(
            by("approver"),
            Author::Colleague,
            Action::Archive,
            TwoStep,
            Some(Published),
            true
        ),
        Ok(decision(Archived, None, None))
    );
    assert_eq!(
        expected(
            by("approver"),
            Author::Colleague,
            Action::Archive,
            TwoStep,
            Some(Draft),
            true
        ),
        Ok(decision(Archived, None, Some(Archived)))
    );
}

// ---------------------------------------------------------------------------------------------------
// Stories.
// ---------------------------------------------------------------------------------------------------

/// A description as a list of versions, oldest first, applying decisions the way the store does.
struct Description {
    org: OrgCode,
    flow: PublicationFlow,
    versions: Vec<(VersionState, UserId)>,
}

impl Description {
    fn new(org: &str, flow: PublicationFlow) -> Self {
        Self {
            org: OrgCode::parse(org).unwrap(),
            flow,
            versions: Vec::new(),
        }
    }

    fn published(&self) -> Option<usize> {
        self.versions.iter().position(|(s, _)| *s == Published)
    }

    fn act(&mut self, actor: &Actor, action: Action) -> Result<(), Denied> {
        let situation = Situation {
            org: &self.org,
            flow: self.flow,
            head: self.versions.last().map(|(s, _)| *s),
            head_author: self.versions.last().map(|(_, a)| *a),
            has_published: self.published().is_some(),
        };
        let d = authorize(actor, action, &situation)?;
        let published = self.published();
        if action == Action::SaveDraft {
            assert_eq!(
                d.published_to, None,
                "saving leaves the public version alone"
            );
            if let Some(to) = d.previous_head_to {
                self.versions.last_mut().unwrap().0 = to;
            }
            self.versions.push((d.head_to, actor.id));
        } else {
            assert_eq!(
                d.previous_head_to, None,
                "only saving touches the previous head"
            );
            let head = self.versions.len() - 1;
            if let Some(to) = d.published_to {
                let p = published.expect("published_to without a published version");
                assert_ne!(
                    p, head,
                    "published_to is for a published version that is not the head"
                );
                self.versions[p].0 = to;
            }
            self.versions[head].0 = d.head_to;
        }
        assert!(
            self.versions
                .iter()
                .filter(|(s, _)| *s == Published)
                .count()
                <= 1,
            "at most one version is published: {:?}",
            self.states()
        );
        Ok(())
    }

    fn states(&self) -> Vec<VersionState> {
        self.versions.iter().map(|(s, _)| *s).collect()
    }
}

fn person(id: i64, name: &str, roles: &[(&str, OrgRole)], platform: &[PlatformRole]) -> Actor {
    Actor {
        id: UserId(id),
        name: name.to_owned(),
        memberships: roles
            .iter()
            .map(|(org, role)| Membership {
                org: OrgCode::parse(org).unwrap(),
                role: *role,
            })
            .collect(),
        platform_roles: platform.to_vec(),
        scope: None,
    }
}

fn missing(roles: &[&str]) -> Denied {
    Denied::MissingRole {
        needed: roles.iter().map(|r| (*r).to_owned()).collect(),
    }
}

#[test]
fn two_step_an_approver_cannot_publish_their_own_work_but_a_colleague_can() {
    let eva = person(1, "Eva", &[("gm0363", Editor), ("gm0363", Approver)], &[]);
    let ahmed = person(2, "Ahmed", &[("gm0363", Approver)], &[]);
    let eddy = person(3, "Eddy", &[("gm0363", Editor)], &[]);
    let mut d = Description::new("gm0363", PublicationFlow::TwoStep);

    // Nothing exists yet: only saving a first draft makes sense.
    assert_eq!(d.act(&eva, Action::Submit), Err(Denied::NoDescription));
    d.act(&eva, Action::SaveDraft).unwrap();
    d.act(&eva, Action::Submit).unwrap();
    assert_eq!(d.states(), [Submitted]);

    // Eva wrote it, so Eva, although an approver, may not decide on it.
    assert_eq!(d.act(&eva, Action::Publish), Err(Denied::FourEyes));
    assert_eq!(d.act(&eva, Action::Reject), Err(Denied::FourEyes));
    // An editor may not decide at all.
    assert_eq!(d.act(&eddy, Action::Publish), Err(missing(&["approver"])));
    // Ahmed may.
    d.act(&ahmed, Action::Publish).unwrap();
    assert_eq!(d.states(), [Published]);
    assert!(matches!(
        d.act(&ahmed, Action::Publish),
        Err(Denied::WrongState { .. })
    ));

    // A new version is worked on while the first stays public; Ahmed sends it back.
    d.act(&eddy, Action::SaveDraft).unwrap();
    assert_eq!(d.states(), [Published, Draft]);
    d.act(&eddy, Action::Submit).unwrap();
    d.act(&ahmed, Action::Reject).unwrap();
    assert_eq!(d.states(), [Published, Rejected]);

    // Eddy fixes it; this time Eva may decide, because Eddy made the last change.
    d.act(&eddy, Action::SaveDraft).unwrap();
    assert_eq!(d.states(), [Published, Superseded, Draft]);
    d.act(&eddy, Action::Submit).unwrap();
    d.act(&eva, Action::Publish).unwrap();
    assert_eq!(d.states(), [Superseded, Superseded, Published]);
}

#[test]
fn four_eyes_looks_at_who_wrote_the_version_not_who_submitted_it() {
    let ahmed = person(2, "Ahmed", &[("gm0363", Approver)], &[]);
    let eddy = person(3, "Eddy", &[("gm0363", Editor)], &[]);
    let mut d = Description::new("gm0363", PublicationFlow::TwoStep);

    d.act(&ahmed, Action::SaveDraft).unwrap();
    d.act(&eddy, Action::Submit).unwrap();
    assert_eq!(d.act(&ahmed, Action::Publish), Err(Denied::FourEyes));

    // Once Eddy saves a version of his own, Ahmed is free to decide.
    d.act(&eddy, Action::SaveDraft).unwrap();
    d.act(&eddy, Action::Submit).unwrap();
    d.act(&ahmed, Action::Publish).unwrap();
    assert_eq!(d.states(), [Superseded, Published]);
}

#[test]
fn central_flow_the_registers_central_publishers_decide() {
    let ed = person(1, "Ed", &[("pv27", Editor)], &[]);
    let anna = person(2, "Anna", &[("pv27", Approver)], &[]);
    let cees = person(3, "Cees", &[], &[CentralPublisher]);
    let mut d = Description::new("pv27", PublicationFlow::Central);

    // Central publishers publish; they do not write.
    assert_eq!(d.act(&cees, Action::SaveDraft), Err(Denied::NotMember));
    d.act(&ed, Action::SaveDraft).unwrap();
    d.act(&ed, Action::Submit).unwrap();

    // The organisation's own approver has no say in this flow.
    assert_eq!(
        d.act(&anna, Action::Publish),
        Err(missing(&["central-publisher"]))
    );
    d.act(&cees, Action::Publish).unwrap();
    assert_eq!(d.states(), [Published]);

    d.act(&ed, Action::SaveDraft).unwrap();
    d.act(&ed, Action::Submit).unwrap();
    d.act(&cees, Action::Reject).unwrap();
    assert_eq!(d.states(), [Published, Rejected]);

    // Central publishers may also take the public version off the register, and archive.
    d.act(&cees, Action::Retract).unwrap();
    assert_eq!(d.states(), [Retracted, Rejected]);
    assert_eq!(d.act(&cees, Action::Retract), Err(Denied::NothingPublished));
    assert_eq!(
        d.act(&ed, Action::Archive),
        Err(missing(&["approver", "org-admin", "central-publisher"]))
    );
    d.act(&cees, Action::Archive).unwrap();
    assert_eq!(d.states(), [Retracted, Archived]);
}

#[test]
fn central_publishers_have_no_say_in_the_two_step_flow() {
    let eddy = person(1, "Eddy", &[("gm0363", Editor)], &[]);
    let ahmed = person(2, "Ahmed", &[("gm0363", Approver)], &[]);
    let cees = person(3, "Cees", &[], &[CentralPublisher]);
    let mut d = Description::new("gm0363", PublicationFlow::TwoStep);

    d.act(&eddy, Action::SaveDraft).unwrap();
    d.act(&eddy, Action::Submit).unwrap();
    for action in Action::ALL {
        assert_eq!(d.act(&cees, *action), Err(Denied::NotMember), "{action}");
    }
    d.act(&ahmed, Action::Publish).unwrap();
    assert_eq!(d.act(&cees, Action::Retract), Err(Denied::NotMember));
    assert_eq!(d.act(&cees, Action::Archive), Err(Denied::NotMember));
    assert_eq!(d.states(), [Published]);
}

#[test]
fn retracting_withdraws_the_public_version_and_leaves_newer_work_alone() {
    let eddy = person(1, "Eddy", &[("gm0363", Editor)], &[]);
    let ahmed = person(2, "Ahmed", &[("gm0363", Approver)], &[]);
    let olga = person(4, "Olga", &[("gm0363", OrgAdmin)], &[]);
    let mut d = Description::new("gm0363", PublicationFlow::TwoStep);

    d.act(&eddy, Action::SaveDraft).unwrap();
    assert_eq!(
        d.act(&ahmed, Action::Retract),
        Err(Denied::NothingPublished)
    );
    d.act(&eddy, Action::Submit).unwrap();
    d.act(&ahmed, Action::Publish).unwrap();
    d.act(&eddy, Action::SaveDraft).unwrap();

    // Neither the editor nor the organisation's admin may retract.
    assert_eq!(d.act(&eddy, Action::Retract), Err(missing(&["approver"])));
    assert_eq!(d.act(&olga, Action::Retract), Err(missing(&["approver"])));
    d.act(&ahmed, Action::Retract).unwrap();
    assert_eq!(d.states(), [Retracted, Draft]);
    assert_eq!(
        d.act(&ahmed, Action::Retract),
        Err(Denied::NothingPublished)
    );

    // The draft goes on; once published it can be retracted itself.
    d.act(&eddy, Action::Submit).unwrap();
    d.act(&ahmed, Action::Publish).unwrap();
    assert_eq!(d.states(), [Retracted, Published]);
    d.act(&ahmed, Action::Retract).unwrap();
    assert_eq!(d.states(), [Retracted, Retracted]);

    // After a retraction the work starts again from a new draft.
    d.act(&eddy, Action::SaveDraft).unwrap();
    assert_eq!(d.states(), [Retracted, Retracted, Draft]);
}

#[test]
fn archiving_ends_the_description() {
    let eddy = person(1, "Eddy", &[("gm0363", Editor)], &[]);
    let ahmed = person(2, "Ahmed", &[("gm0363", Approver)], &[]);
    let olga = person(4, "Olga", &[("gm0363", OrgAdmin)], &[]);
    let mut d = Description::new("gm0363", PublicationFlow::TwoStep);

    d.act(&eddy, Action::SaveDraft).unwrap();
    d.act(&eddy, Action::Submit).unwrap();
    d.act(&ahmed, Action::Publish).unwrap();
    d.act(&eddy, Action::SaveDraft).unwrap();

    assert_eq!(
        d.act(&eddy, Action::Archive),
        Err(missing(&["approver", "org-admin"]))
    );
    d.act(&olga, Action::Archive).unwrap();
    assert_eq!(d.states(), [Archived, Archived]);

    let archived = |action: &str| Denied::WrongState {
        action: action.to_owned(),
        state: "archived".to_owned(),
    };
    assert_eq!(d.act(&eddy, Action::SaveDraft), Err(archived("save-draft")));
    assert_eq!(d.act(&eddy, Action::Submit), Err(archived("submit")));
    assert_eq!(d.act(&olga, Action::Archive), Err(archived("archive")));
    assert_eq!(
        d.act(&ahmed, Action::Retract),
        Err(Denied::NothingPublished)
    );
}

#[test]
fn archiving_a_published_head_archives_that_one_version() {
    let eddy = person(1, "Eddy", &[("gm0363", Editor)], &[]);
    let ahmed = person(2, "Ahmed", &[("gm0363", Approver)], &[]);
    let mut d = Description::new("gm0363", PublicationFlow::TwoStep);

    d.act(&eddy, Action::SaveDraft).unwrap();
    d.act(&eddy, Action::Submit).unwrap();
    d.act(&ahmed, Action::Publish).unwrap();
    // `Description::act` insists that `published_to` never names the head.
    d.act(&ahmed, Action::Archive).unwrap();
    assert_eq!(d.states(), [Archived]);
}

#[test]
fn admins_act_in_any_organisation_but_four_eyes_still_holds() {
    let root = person(9, "Root", &[], &[Admin]);
    let sam = person(8, "Sam", &[], &[Admin]);
    for flow in PublicationFlow::ALL {
        let mut d = Description::new("ws0155", *flow);
        d.act(&root, Action::SaveDraft).unwrap();
        d.act(&root, Action::Submit).unwrap();
        assert_eq!(
            d.act(&root, Action::Publish),
            Err(Denied::FourEyes),
            "{flow}"
        );
        d.act(&sam, Action::Publish).unwrap();
        d.act(&root, Action::Retract).unwrap();
        assert_eq!(d.states(), [Retracted], "{flow}");
        d.act(&root, Action::Archive).unwrap();
        assert_eq!(d.states(), [Archived], "{flow}");
    }
}

#[test]
fn outsiders_and_supervisors_change_nothing() {
    let eddy = person(1, "Eddy", &[("gm0363", Editor)], &[]);
    let stranger = person(
        5,
        "Stranger",
        &[("gm0599", Approver), ("gm0599", OrgAdmin)],
        &[],
    );
    let nobody = person(6, "Nobody", &[], &[]);
    let vera = person(7, "Vera", &[], &[Supervisor]);
    let mut d = Description::new("gm0363", PublicationFlow::TwoStep);

    for action in Action::ALL {
        assert_eq!(d.act(&vera, *action), Err(Denied::ReadOnly), "{action}");
        assert_eq!(d.act(&nobody, *action), Err(Denied::NotMember), "{action}");
        assert_eq!(
            d.act(&stranger, *action),
            Err(Denied::NotMember),
            "{action}"
        );
    }
    d.act(&eddy, Action::SaveDraft).unwrap();
    d.act(&eddy, Action::Submit).unwrap();
    for action in Action::ALL {
        assert_eq!(d.act(&vera, *action), Err(Denied::ReadOnly), "{action}");
        assert_eq!(
            d.act(&stranger, *action),
            Err(Denied::NotMember),
            "{action}"
        );
    }
    assert_eq!(d.states(), [Submitted]);
}

#[test]
fn denials_tell_the_user_what_to_do() {
    assert_eq!(
        missing(&["approver", "org-admin", "central-publisher"]).to_string(),
        "this needs one of the roles: approver, org-admin, central-publisher"
    );
    let wrong = Denied::WrongState {
        action: "submit".into(),
        state: "published".into(),
    };
    assert_eq!(
        wrong.to_string(),
        "cannot submit a description whose newest version is published"
    );
}

// ---------------------------------------------------------------------------------------------------
// Part three: machine clients, whose allowed actions (their scope) limit what their roles allow.
// ---------------------------------------------------------------------------------------------------

/// The rule for a scoped actor: standing and role as for a person, then the scope, then state and four
/// eyes as for a person.
fn expected_scoped(
    p: &Profile,
    scope: &[Action],
    author: Author,
    action: Action,
    flow: PublicationFlow,
    head: Option<VersionState>,
    has_published: bool,
) -> Result<Decision, Denied> {
    if let Some(denied) = expected_standing(p, action, flow) {
        return Err(denied);
    }
    if !scope.contains(&action) {
        return Err(Denied::OutOfScope {
            action: action_name(action).to_owned(),
        });
    }
    expected(p, author, action, flow, head, has_published)
}

/// Every subset of the six actions as a scope, for every profile, flow, situation and action.
#[test]
fn every_scope_limits_exactly_what_it_leaves_out() {
    let mut checked = 0usize;
    let mut failures = Vec::new();
    let mut outcomes_seen = BTreeSet::new();
    for mask in 0u32..(1 << Action::ALL.len()) {
        let scope: Vec<Action> = Action::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, a)| *a)
            .collect();
        for (i, p) in PROFILES.iter().enumerate() {
            let mut actor = p.actor(UserId(100 + i64::try_from(i).unwrap()));
            actor.scope = Some(scope.clone());
            assert!(actor.is_client());
            let org = here();
            for &flow in PublicationFlow::ALL {
                for (head, has_published) in heads() {
                    for &author in authors(head) {
                        let head_author = match author {
                            Author::Imported => None,
                            Author::Colleague => Some(COLLEAGUE),
                            Author::Themselves => Some(actor.id),
                        };
                        let situation = Situation {
                            org: &org,
                            flow,
                            head,
                            head_author,
                            has_published,
                        };
                        for &action in Action::ALL {
                            let want = expected_scoped(
                                p,
                                &scope,
                                author,
                                action,
                                flow,
                                head,
                                has_published,
                            );
                            let got = authorize(&actor, action, &situation);
                            outcomes_seen.insert(kind(&want));
                            if got != want && failures.len() < 50 {
                                failures.push(format!(
                                    "scope {scope:?} / {} / {action} / {flow} / head {head:?} / \
                                     has_published {has_published} / author {author:?}:\n    \
                                     expected {want:?}\n    got      {got:?}",
                                    p.label
                                ));
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "combinations disagree with the specification (first 50):\n{}",
        failures.join("\n")
    );
    assert_eq!(
        checked,
        64 * PROFILES.len()
            * PublicationFlow::ALL.len()
            * Action::ALL.len()
            * SITUATIONS_PER_ACTOR_ACTION_FLOW
    );
    assert!(outcomes_seen.contains("out-of-scope"));
    assert!(outcomes_seen.contains("ok"));
}

#[test]
fn a_client_that_may_submit_but_not_publish() {
    let mut bot = person(
        7,
        "Toolkit",
        &[("gm0363", Editor), ("gm0363", Approver)],
        &[],
    );
    bot.scope = Some(vec![Action::SaveDraft, Action::Submit]);
    let abel = person(2, "Abel", &[("gm0363", Approver)], &[]);
    let mut d = Description::new("gm0363", PublicationFlow::TwoStep);
    d.act(&bot, Action::SaveDraft).unwrap();
    d.act(&bot, Action::Submit).unwrap();
    for action in [
        Action::Publish,
        Action::Reject,
        Action::Retract,
        Action::Archive,
    ] {
        assert_eq!(
            d.act(&bot, action),
            Err(Denied::OutOfScope {
                action: action_name(action).to_owned()
            }),
            "{action}"
        );
    }
    d.act(&abel, Action::Publish).unwrap();
    assert_eq!(d.states(), [Published]);
    assert_eq!(
        Denied::OutOfScope {
            action: "publish".into()
        }
        .to_string(),
        "this API client is not allowed to publish"
    );
}

// ---------------------------------------------------------------------------------------------------
// Part four: administrative actions.
// ---------------------------------------------------------------------------------------------------

#[test]
fn only_org_admins_of_the_organisation_and_platform_admins_manage_clients() {
    use algoreg_domain::{AdminAction, authorize_admin};
    let org = here();
    for (i, p) in PROFILES.iter().enumerate() {
        let actor = p.actor(UserId(100 + i64::try_from(i).unwrap()));
        let want = if p.platform.contains(&Admin) || p.here.contains(&OrgAdmin) {
            Ok(())
        } else if !p.here.is_empty() {
            Err(Denied::MissingRole {
                needed: vec!["org-admin".into()],
            })
        } else if p.platform.contains(&Supervisor) {
            Err(Denied::ReadOnly)
        } else {
            Err(Denied::NotMember)
        };
        assert_eq!(
            authorize_admin(&actor, AdminAction::ManageClients, &org),
            want,
            "{}",
            p.label
        );
        // The same actor as a machine client never manages clients, whatever its scope and roles.
        let mut client = actor.clone();
        client.scope = Some(Action::ALL.to_vec());
        assert_eq!(
            authorize_admin(&client, AdminAction::ManageClients, &org),
            Err(Denied::OutOfScope {
                action: "manage-clients".into()
            }),
            "{} as a client",
            p.label
        );
    }
}
