//! Administration services: invitations and password resets by single-use, expiring links; an
//! organisation's members and roles; disabling accounts; the organisation's profile and settings; its
//! audit log; the supervisors' overview. Every service asks the domain (`authorize_admin`,
//! `authorize_platform`, `keeps_an_admin`) first; another organisation's people, links and events are
//! "not found". Each change writes an audit event in its transaction.
//!
//! Links: a random 256-bit secret goes in the link; only its SHA-256 is stored. E-mail delivery is a
//! later step: [`Register::deliver`] is the seam, and for now it answers that the link must be shown
//! to the admin who made it.

use std::collections::BTreeMap;
use std::time::Duration;

use algoreg_domain::{
    Actor, AdminAction, DescriptionStatus, OrgCode, OrgRole, OrgType, Organisation, PlatformAction,
    PublicationFlow, UserId, authorize_admin, authorize_platform, keeps_an_admin, may_disable,
};
use algoreg_standard::validate::{is_email, is_https_url};
use algoreg_standard::{Problem, ProblemKind};
use algoreg_store::{
    AccountRow, AdminEvent, EventFilter, LinkKind, LinkRow, MemberRow, NewAccount, NewLink,
    StoreError, now,
};

use crate::auth::{random_hex, token_hash};
use crate::users::{hash_password, looks_like_email, password_problem};
use crate::{Register, RegisterError, Secret};

/// How long an invitation can be used.
pub const INVITATION_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// How long a password-reset link can be used.
pub const RESET_TTL: Duration = Duration::from_secs(60 * 60);
/// The longest about text of an organisation, in characters.
pub const MAX_ABOUT_LEN: usize = 1000;
/// The longest name of a new organisation, in characters.
pub const MAX_ORG_NAME_LEN: usize = 200;
/// Events per page of an organisation's log.
pub const LOG_PAGE_SIZE: i64 = 50;

/// A link just made. Its secret is in [`IssuedLink::secret`]: handed to the admin (or, later, mailed)
/// and never stored.
#[derive(Debug, Clone)]
pub struct IssuedLink {
    pub kind: LinkKind,
    pub email: String,
    pub org: OrgCode,
    pub secret: Secret,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// How a link reaches its person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// E-mailed to the person; the admin does not see the link.
    Mailed,
    /// No mail is configured, or sending failed: the admin who made it sees it and passes it on.
    ShowToAdmin,
}

/// Whether a link can still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Usable,
    Used,
    Expired,
}

/// What the page of a link shows.
#[derive(Debug, Clone)]
pub struct LinkInfo {
    pub kind: LinkKind,
    pub email: String,
    pub organisation: Organisation,
    pub roles: Vec<OrgRole>,
    pub state: LinkState,
    /// An account with this address exists (an invitation then only adds the roles).
    pub has_account: bool,
}

/// An organisation's people and open invitations, as its admins see them.
#[derive(Debug, Clone)]
pub struct Members {
    pub organisation: Organisation,
    pub members: Vec<MemberRow>,
    pub invitations: Vec<LinkRow>,
}

/// One page of an organisation's audit log, newest first, with what its filters can choose.
#[derive(Debug, Clone)]
pub struct LogPage {
    pub organisation: Organisation,
    pub events: Vec<algoreg_store::EventRow>,
    pub total: i64,
    pub page: i64,
    pub kinds: Vec<String>,
    pub people: Vec<(UserId, String)>,
}

/// One organisation in the supervisors' overview: its descriptions per status.
#[derive(Debug, Clone)]
pub struct Oversight {
    pub organisation: Organisation,
    pub counts: BTreeMap<DescriptionStatus, i64>,
}

/// Which log entries to show.
#[derive(Debug, Clone, Default)]
pub struct LogQuery {
    pub kind: Option<String>,
    pub actor: Option<UserId>,
    pub page: i64,
}

/// A new organisation as a platform admin enters it.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub code: String,
    pub name: String,
    pub org_type: Option<OrgType>,
}

/// Administrative denials: outsiders learn nothing about another organisation.
fn denied(d: algoreg_domain::Denied) -> RegisterError {
    match d {
        algoreg_domain::Denied::NotMember => RegisterError::NotFound,
        other => RegisterError::Denied(other),
    }
}

/// Who the audit log names for a change made on the command line (e.g. `algoreg user
/// reset-two-factor`).
const OPERATOR: &str = "algoreg (opdrachtregel)";

/// The most accounts [`Register::find_accounts`] answers.
pub const MAX_FOUND_ACCOUNTS: i64 = 50;

fn problem(path: &str, kind: ProblemKind) -> Problem {
    Problem {
        path: path.into(),
        kind,
    }
}

fn chrono_of(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(1))
}

fn parse_org(org: &str) -> Result<OrgCode, RegisterError> {
    OrgCode::parse(org.trim()).map_err(|_| RegisterError::NotFound)
}

fn roles_problem(roles: &[OrgRole]) -> Option<Problem> {
    roles
        .is_empty()
        .then(|| problem("roles", ProblemKind::Required))
}

fn normal_roles(roles: &[OrgRole]) -> Vec<OrgRole> {
    let mut r = roles.to_vec();
    r.sort();
    r.dedup();
    r
}

fn roles_text(roles: &[OrgRole]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// A contact link as the public page shows it: an https link or an e-mail address (`mailto:` is
/// dropped). Empty is fine.
fn normal_contact(contact: &str) -> Result<String, Problem> {
    let c = contact.trim();
    let c = c.strip_prefix("mailto:").unwrap_or(c);
    if c.is_empty() || is_email(c) || is_https_url(c) {
        Ok(c.to_owned())
    } else {
        Err(problem("contact", ProblemKind::NotContact))
    }
}

async fn hashed(password: &str) -> Result<String, RegisterError> {
    let p = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&p))
        .await
        .map_err(|e| RegisterError::Internal(e.to_string()))?
}

impl Register {
    fn event(
        &self,
        actor: &Actor,
        org: &OrgCode,
        kind: &str,
        reason: Option<String>,
    ) -> AdminEvent {
        AdminEvent {
            at: now(),
            actor: Some(actor.id),
            actor_name: actor.name.clone(),
            org: org.clone(),
            kind: kind.to_owned(),
            reason,
        }
    }

    /// One event of `kind` about account `user` in each organisation it belongs to (the reason names
    /// the account), for changes of an account rather than of one organisation. `by` is the person
    /// acting; `None` is the operator on the command line.
    pub(crate) async fn events_for_account(
        &self,
        by: Option<&Actor>,
        user: UserId,
        kind: &str,
    ) -> Result<Vec<AdminEvent>, RegisterError> {
        let email = self.store.user_email(user).await?;
        let at = now();
        Ok(self
            .store
            .user_orgs(user)
            .await?
            .into_iter()
            .map(|org| AdminEvent {
                at,
                actor: by.map(|a| a.id),
                actor_name: by.map_or_else(|| OPERATOR.to_owned(), |a| a.name.clone()),
                org,
                kind: kind.to_owned(),
                reason: Some(email.clone()),
            })
            .collect())
    }

    async fn known_org(&self, code: &OrgCode) -> Result<Organisation, RegisterError> {
        self.store.organisation(code).await.map_err(|e| match e {
            StoreError::NotFound => RegisterError::NotFound,
            other => other.into(),
        })
    }

    /// How a link reaches its person: e-mailed at once when SMTP is configured (never through the
    /// outbox, which admins read), else — or when sending fails — shown to the admin who made it.
    /// `url` is the link's page, as the person will open it.
    pub async fn deliver(&self, link: &IssuedLink, url: &str) -> Delivery {
        let Some(mailer) = self.mailer() else {
            return Delivery::ShowToAdmin;
        };
        let until = link.expires_at.format("%d-%m-%Y %H:%M UTC");
        let (subject, body) = match link.kind {
            LinkKind::Invite => {
                let org = self
                    .organisation(link.org.as_str())
                    .await
                    .map_or_else(|_| link.org.as_str().to_owned(), |o| o.name);
                (
                    format!("Uitnodiging voor het algoritmeregister van {org}"),
                    format!(
                        "U bent uitgenodigd om voor {org} te werken in het algoritmeregister.\n\n\
                         Open deze link om uw account te maken of de uitnodiging aan te nemen:\n{url}\n\n\
                         De link werkt één keer, tot {until}. Verwacht u deze uitnodiging niet? \
                         Dan kunt u dit bericht negeren.\n"
                    ),
                )
            }
            LinkKind::Reset => (
                "Een nieuw wachtwoord voor het algoritmeregister".to_owned(),
                format!(
                    "Er is een link gemaakt om een nieuw wachtwoord te kiezen voor uw account in het \
                     algoritmeregister.\n\nOpen deze link om een nieuw wachtwoord te kiezen:\n{url}\n\n\
                     De link werkt één keer, tot {until}. Daarna bent u overal uitgelogd. Heeft u \
                     niet om een nieuw wachtwoord gevraagd? Neem dan contact op met de beheerder van \
                     uw organisatie.\n"
                ),
            ),
        };
        match mailer.send_text("", &link.email, &subject, &body).await {
            Ok(()) => Delivery::Mailed,
            Err(error) => {
                // The error never holds the link (lettre reports the exchange, not the message).
                tracing::warn!(error = %error, "a link could not be e-mailed; it is shown to the admin");
                Delivery::ShowToAdmin
            }
        }
    }

    /// Invites `email` to organisation `org` with `roles` (org admins of `org` and platform admins).
    /// The link is valid for [`INVITATION_TTL`]; an unused earlier invitation of the same address to
    /// the same organisation stops working.
    pub async fn invite(
        &self,
        actor: &Actor,
        org: &str,
        email: &str,
        roles: &[OrgRole],
    ) -> Result<IssuedLink, RegisterError> {
        let code = parse_org(org)?;
        authorize_admin(actor, AdminAction::ManageUsers, &code).map_err(denied)?;
        self.known_org(&code).await?;
        let email = email.trim().to_lowercase();
        let roles = normal_roles(roles);
        let mut problems = Vec::new();
        // `.invalid` is never a real address (API clients' own rows use it).
        if !looks_like_email(&email) || email.ends_with(".invalid") {
            problems.push(problem("email", ProblemKind::NotContact));
        }
        problems.extend(roles_problem(&roles));
        if !problems.is_empty() {
            return Err(RegisterError::Invalid(problems));
        }
        let reason = format!("{email} ({})", roles_text(&roles));
        self.issue_link(
            actor,
            LinkKind::Invite,
            email,
            code,
            roles,
            None,
            INVITATION_TTL,
            "user-invited",
            reason,
        )
        .await
    }

    /// A password-reset link for member `user` of `org` (its admins and platform admins), valid for
    /// [`RESET_TTL`]. Someone who is not a member of `org` is "not found".
    pub async fn reset_link(
        &self,
        actor: &Actor,
        org: &str,
        user: UserId,
    ) -> Result<IssuedLink, RegisterError> {
        let code = parse_org(org)?;
        authorize_admin(actor, AdminAction::ManageUsers, &code).map_err(denied)?;
        let member = self.member(&code, user).await?;
        let reason = member.email.clone();
        self.issue_link(
            actor,
            LinkKind::Reset,
            member.email,
            code,
            Vec::new(),
            Some(user),
            RESET_TTL,
            "password-reset-link",
            reason,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn issue_link(
        &self,
        actor: &Actor,
        kind: LinkKind,
        email: String,
        org: OrgCode,
        roles: Vec<OrgRole>,
        user: Option<UserId>,
        ttl: Duration,
        event_kind: &str,
        reason: String,
    ) -> Result<IssuedLink, RegisterError> {
        let secret = random_hex(32);
        let event = self.event(actor, &org, event_kind, Some(reason));
        let expires_at = event.at + chrono_of(ttl);
        self.store
            .insert_link(
                &NewLink {
                    token_hash: token_hash(&secret),
                    kind,
                    email: email.clone(),
                    org: org.clone(),
                    roles,
                    user,
                    expires_at,
                },
                &event,
            )
            .await?;
        Ok(IssuedLink {
            kind,
            email,
            org,
            secret: Secret::new(secret),
            expires_at,
        })
    }

    async fn member(&self, org: &OrgCode, user: UserId) -> Result<MemberRow, RegisterError> {
        self.store
            .members(org)
            .await?
            .into_iter()
            .find(|m| m.id == user)
            .ok_or(RegisterError::NotFound)
    }

    /// What a link is for and whether it can be used. An unknown secret is "not found".
    pub async fn link_info(&self, secret: &str) -> Result<LinkInfo, RegisterError> {
        let secret = secret.trim();
        if secret.is_empty() || secret.len() > 128 {
            return Err(RegisterError::NotFound);
        }
        let link = self.store.link(&token_hash(secret)).await?;
        let at = now();
        let state = if link.used_at.is_some() {
            LinkState::Used
        } else if link.expires_at <= at {
            LinkState::Expired
        } else {
            LinkState::Usable
        };
        let has_account = match self.store.user_by_email(&link.email).await {
            Ok(_) => true,
            Err(StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        };
        Ok(LinkInfo {
            kind: link.kind,
            email: link.email,
            organisation: self.known_org(&link.org).await?,
            roles: link.roles,
            state,
            has_account,
        })
    }

    /// The usable link of `kind` with this secret: unknown is "not found"; used or expired is
    /// `Unauthenticated` (the link no longer counts as a credential).
    async fn usable(&self, secret: &str, kind: LinkKind) -> Result<LinkInfo, RegisterError> {
        let info = self.link_info(secret).await?;
        if info.kind != kind {
            return Err(RegisterError::NotFound);
        }
        match info.state {
            LinkState::Usable => Ok(info),
            LinkState::Used => Err(RegisterError::Unauthenticated(
                "the link has been used".into(),
            )),
            LinkState::Expired => Err(RegisterError::Unauthenticated(
                "the link has expired".into(),
            )),
        }
    }

    /// Accepts an invitation. Without an account for the address, `name` and `password` make one
    /// (the usual password rules); with one, the invited roles are added to it and both are ignored.
    /// Answers the user, who then logs in.
    pub async fn accept_invitation(
        &self,
        secret: &str,
        name: &str,
        password: &str,
    ) -> Result<UserId, RegisterError> {
        let info = self.usable(secret, LinkKind::Invite).await?;
        let account = if info.has_account {
            None
        } else {
            let mut problems = Vec::new();
            if name.trim().is_empty() {
                problems.push(problem("name", ProblemKind::Required));
            }
            problems.extend(password_problem(password));
            if !problems.is_empty() {
                return Err(RegisterError::Invalid(problems));
            }
            Some(NewAccount {
                name: name.trim().to_owned(),
                password_hash: Some(hashed(password).await?),
            })
        };
        let hash = token_hash(secret.trim());
        match self
            .store
            .accept_invitation(&hash, now(), account.as_ref())
            .await
        {
            Ok(id) => Ok(id),
            // Used or expired meanwhile.
            Err(StoreError::NotFound) => Err(RegisterError::Unauthenticated(
                "the link can no longer be used".into(),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// Sets a new password through a reset link; every session and person token of the user ends.
    pub async fn use_reset_link(
        &self,
        secret: &str,
        password: &str,
    ) -> Result<UserId, RegisterError> {
        self.usable(secret, LinkKind::Reset).await?;
        if let Some(p) = password_problem(password) {
            return Err(RegisterError::Invalid(vec![p]));
        }
        let hash = hashed(password).await?;
        match self
            .store
            .reset_password(&token_hash(secret.trim()), now(), &hash)
            .await
        {
            Ok(id) => Ok(id),
            Err(StoreError::NotFound) => Err(RegisterError::Unauthenticated(
                "the link can no longer be used".into(),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// The people of `org` with their roles, and its open invitations (its admins and platform
    /// admins).
    pub async fn members(&self, actor: &Actor, org: &str) -> Result<Members, RegisterError> {
        let code = parse_org(org)?;
        authorize_admin(actor, AdminAction::ManageUsers, &code).map_err(denied)?;
        Ok(Members {
            organisation: self.known_org(&code).await?,
            members: self.store.members(&code).await?,
            invitations: self.store.open_invitations(&code, now()).await?,
        })
    }

    /// Gives member `user` of `org` exactly `roles` (at least one; to take every role away, remove
    /// them). The organisation keeps at least one org admin.
    pub async fn set_roles(
        &self,
        actor: &Actor,
        org: &str,
        user: UserId,
        roles: &[OrgRole],
    ) -> Result<(), RegisterError> {
        let roles = normal_roles(roles);
        if let Some(p) = roles_problem(&roles) {
            return Err(RegisterError::Invalid(vec![p]));
        }
        self.change_membership(actor, org, user, &roles, "roles-changed")
            .await
    }

    /// Removes member `user` from `org` (their account stays). The organisation keeps at least one
    /// org admin.
    pub async fn remove_member(
        &self,
        actor: &Actor,
        org: &str,
        user: UserId,
    ) -> Result<(), RegisterError> {
        self.change_membership(actor, org, user, &[], "member-removed")
            .await
    }

    /// Removes the two-step verification of a member of `org` who lost their phone (admins of `org`
    /// and platform admins; another organisation's people are "not found"). They log in with their
    /// password again (and set it up anew if the organisation requires it); their sessions end.
    pub async fn reset_member_two_factor(
        &self,
        actor: &Actor,
        org: &str,
        user: UserId,
    ) -> Result<(), RegisterError> {
        let code = parse_org(org)?;
        authorize_admin(actor, AdminAction::ManageUsers, &code).map_err(denied)?;
        let members = self.store.members(&code).await?;
        let target = members
            .iter()
            .find(|m| m.id == user)
            .ok_or(RegisterError::NotFound)?;
        let event = self.event(actor, &code, "two-factor-reset", Some(target.email.clone()));
        self.store
            .reset_member_totp(user, &event)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => RegisterError::NotFound,
                other => other.into(),
            })
    }

    async fn change_membership(
        &self,
        actor: &Actor,
        org: &str,
        user: UserId,
        roles: &[OrgRole],
        kind: &str,
    ) -> Result<(), RegisterError> {
        let code = parse_org(org)?;
        authorize_admin(actor, AdminAction::ManageUsers, &code).map_err(denied)?;
        let members = self.store.members(&code).await?;
        let target = members
            .iter()
            .find(|m| m.id == user)
            .ok_or(RegisterError::NotFound)?;
        let admins: Vec<UserId> = members
            .iter()
            .filter(|m| !m.disabled && m.roles.contains(&OrgRole::OrgAdmin))
            .map(|m| m.id)
            .collect();
        keeps_an_admin(&admins, user, roles)?;
        let reason = if roles.is_empty() {
            target.email.clone()
        } else {
            format!("{} ({})", target.email, roles_text(roles))
        };
        let event = self.event(actor, &code, kind, Some(reason));
        match self
            .store
            .set_roles(user, roles, &event, !admins.is_empty())
            .await
        {
            Ok(()) => Ok(()),
            // Another admin stepped down at the same moment.
            Err(StoreError::Conflict { .. }) => Err(algoreg_domain::Denied::LastAdmin.into()),
            Err(e) => Err(e.into()),
        }
    }

    /// Withdraws an open invitation of `org`.
    pub async fn withdraw_invitation(
        &self,
        actor: &Actor,
        org: &str,
        id: i64,
    ) -> Result<(), RegisterError> {
        let code = parse_org(org)?;
        authorize_admin(actor, AdminAction::ManageUsers, &code).map_err(denied)?;
        let email = self
            .store
            .open_invitations(&code, now())
            .await?
            .into_iter()
            .find(|l| l.id == id)
            .map(|l| l.email)
            .ok_or(RegisterError::NotFound)?;
        let event = self.event(actor, &code, "invitation-withdrawn", Some(email));
        Ok(self.store.withdraw_invitation(id, &event).await?)
    }

    /// Disables or enables an account (platform admins; never their own). Disabling ends its
    /// sessions; the account keeps its memberships and its name in the history.
    pub async fn set_account_disabled(
        &self,
        actor: &Actor,
        user: UserId,
        disabled: bool,
    ) -> Result<(), RegisterError> {
        may_disable(actor, user)?;
        let kind = if disabled {
            "account-disabled"
        } else {
            "account-enabled"
        };
        let events = self.events_for_account(Some(actor), user, kind).await?;
        Ok(self.store.set_disabled(user, disabled, &events).await?)
    }

    /// Person accounts whose e-mail address or name contains `text` (at least 2 characters), for
    /// platform admins, who manage every account — also one that belongs to no organisation (any
    /// more). At most [`MAX_FOUND_ACCOUNTS`].
    pub async fn find_accounts(
        &self,
        actor: &Actor,
        text: &str,
    ) -> Result<Vec<AccountRow>, RegisterError> {
        authorize_platform(actor, PlatformAction::ManageAccounts)?;
        let text = text.trim();
        if text.chars().count() < 2 {
            return Err(RegisterError::Invalid(vec![problem(
                "q",
                ProblemKind::Required,
            )]));
        }
        Ok(self.store.find_accounts(text, MAX_FOUND_ACCOUNTS).await?)
    }

    /// The audit log of `org`, newest first (its admins and approvers, supervisors, platform admins).
    pub async fn org_log(
        &self,
        actor: &Actor,
        org: &str,
        q: &LogQuery,
    ) -> Result<LogPage, RegisterError> {
        let code = parse_org(org)?;
        authorize_admin(actor, AdminAction::ReadLog, &code).map_err(denied)?;
        let organisation = self.known_org(&code).await?;
        let page = q.page.max(1);
        let (events, total) = self
            .store
            .org_events(
                &code,
                &EventFilter {
                    kind: q.kind.clone().filter(|k| !k.is_empty()),
                    actor: q.actor,
                    limit: LOG_PAGE_SIZE,
                    offset: (page - 1).saturating_mul(LOG_PAGE_SIZE),
                },
            )
            .await?;
        let (kinds, people) = self.store.org_event_facets(&code).await?;
        Ok(LogPage {
            organisation,
            events,
            total,
            page,
            kinds,
            people,
        })
    }

    /// Organisations whose profile this actor may change (for the back-office's menu and choices).
    pub fn profile_orgs<'a>(&self, actor: &'a Actor) -> Vec<&'a OrgCode> {
        actor
            .organisations()
            .into_iter()
            .filter(|o| authorize_admin(actor, AdminAction::EditProfile, o).is_ok())
            .collect()
    }

    /// Changes the public profile of `org` (its admins and platform admins): about text (plain,
    /// at most [`MAX_ABOUT_LEN`] characters), contact (https link or e-mail address), public page.
    pub async fn update_profile(
        &self,
        actor: &Actor,
        org: &str,
        about: &str,
        contact: &str,
        public_page: bool,
    ) -> Result<Organisation, RegisterError> {
        let code = parse_org(org)?;
        authorize_admin(actor, AdminAction::EditProfile, &code).map_err(denied)?;
        let mut o = self.known_org(&code).await?;
        let about = about.trim().replace("\r\n", "\n");
        let mut problems = Vec::new();
        let len = about.chars().count();
        if len > MAX_ABOUT_LEN {
            problems.push(problem(
                "about",
                ProblemKind::TooLong {
                    max: MAX_ABOUT_LEN,
                    actual: len,
                },
            ));
        }
        let contact = normal_contact(contact).unwrap_or_else(|p| {
            problems.push(p);
            String::new()
        });
        if !problems.is_empty() {
            return Err(RegisterError::Invalid(problems));
        }
        // Plain text: markup is never interpreted (pages escape it), but it is not kept either.
        o.about = algoreg_standard::html::strip_html_lines(&about);
        o.contact = contact;
        o.public_page = public_page;
        let event = self.event(actor, &code, "profile-changed", None);
        self.store.write_organisation(&o, false, &event).await?;
        Ok(o)
    }

    /// Sets the flow and public page of any organisation (platform admins).
    pub async fn set_org_settings(
        &self,
        actor: &Actor,
        org: &str,
        flow: PublicationFlow,
        public_page: bool,
    ) -> Result<Organisation, RegisterError> {
        authorize_platform(actor, PlatformAction::ManageOrganisations)?;
        let code = parse_org(org)?;
        let mut o = self.known_org(&code).await?;
        o.flow = flow;
        o.public_page = public_page;
        let reason = format!(
            "{}, {}",
            flow.as_str(),
            if public_page {
                "public-page"
            } else {
                "no-public-page"
            }
        );
        let event = self.event(actor, &code, "settings-changed", Some(reason));
        self.store.write_organisation(&o, false, &event).await?;
        Ok(o)
    }

    /// The organisations of the national lists that the register does not have (platform admins).
    pub async fn missing_national_organisations(
        &self,
        actor: &Actor,
    ) -> Result<Vec<Organisation>, RegisterError> {
        authorize_platform(actor, PlatformAction::ManageOrganisations)?;
        let have: std::collections::HashSet<OrgCode> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .map(|o| o.code)
            .collect();
        Ok(crate::orgs::national_organisations()
            .into_iter()
            .filter(|o| !have.contains(&o.code))
            .collect())
    }

    /// Adds an organisation (platform admins): one of the national lists by its code alone, or a new
    /// one with name and type, whose code must have the form of its type (`gm` and four digits for a
    /// municipality, …). It starts with the two-step flow and a public page.
    pub async fn create_organisation(
        &self,
        actor: &Actor,
        new: &NewOrganisation,
    ) -> Result<Organisation, RegisterError> {
        authorize_platform(actor, PlatformAction::ManageOrganisations)?;
        let national = OrgCode::parse(&new.code).ok().and_then(|c| {
            crate::orgs::national_organisations()
                .into_iter()
                .find(|o| o.code == c)
        });
        let org = match national {
            Some(o) if new.name.trim().is_empty() && new.org_type.is_none() => o,
            _ => {
                let mut problems = Vec::new();
                let name = new.name.trim();
                let len = name.chars().count();
                if len == 0 {
                    problems.push(problem("name", ProblemKind::Required));
                } else if len > MAX_ORG_NAME_LEN {
                    problems.push(problem(
                        "name",
                        ProblemKind::TooLong {
                            max: MAX_ORG_NAME_LEN,
                            actual: len,
                        },
                    ));
                }
                if new.org_type.is_none() {
                    problems.push(problem("org_type", ProblemKind::Required));
                }
                let code = OrgCode::parse(&new.code)
                    .ok()
                    .filter(|c| new.org_type.is_none_or(|t| c.fits(t)));
                if code.is_none() {
                    problems.push(problem("code", ProblemKind::UnknownOrganisation));
                }
                match (code, new.org_type) {
                    (Some(code), Some(org_type)) if problems.is_empty() => Organisation {
                        code,
                        name: name.to_owned(),
                        org_type,
                        parent: None,
                        flow: PublicationFlow::TwoStep,
                        public_page: true,
                        about: String::new(),
                        contact: String::new(),
                    },
                    _ => return Err(RegisterError::Invalid(problems)),
                }
            }
        };
        let event = self.event(
            actor,
            &org.code,
            "organisation-created",
            Some(org.name.clone()),
        );
        match self.store.write_organisation(&org, true, &event).await {
            Ok(()) => Ok(org),
            Err(StoreError::Duplicate(_)) => Err(RegisterError::Invalid(vec![problem(
                "code",
                ProblemKind::Duplicate,
            )])),
            Err(e) => Err(e.into()),
        }
    }

    /// Every organisation with descriptions, with how many it has per status (supervisors and
    /// platform admins), by name.
    pub async fn oversight(&self, actor: &Actor) -> Result<Vec<Oversight>, RegisterError> {
        authorize_platform(actor, PlatformAction::Oversee)?;
        let mut per_org: BTreeMap<OrgCode, BTreeMap<DescriptionStatus, i64>> = BTreeMap::new();
        for c in self.store.state_counts().await? {
            *per_org
                .entry(c.org)
                .or_default()
                .entry(DescriptionStatus::derive(c.head, c.has_published))
                .or_default() += c.count;
        }
        let mut out: Vec<Oversight> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .filter_map(|o| {
                per_org.remove(&o.code).map(|counts| Oversight {
                    organisation: o,
                    counts,
                })
            })
            .collect();
        out.sort_by_key(|o| o.organisation.name.to_lowercase());
        Ok(out)
    }
}
