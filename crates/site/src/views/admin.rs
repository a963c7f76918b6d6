//! The back-office's administration pages: an organisation's users and invitations, the pages of
//! single-use links (accepting an invitation, setting a new password), organisations, an
//! organisation's profile, its audit log, and the supervisors' overview.

use askama::Template;

use super::beheer::{Frame, Option_};

/// A short page with a title, a text and maybe a link: "not allowed", "this link has expired", "done".
#[derive(Template)]
#[template(path = "beheer/message.html")]
pub struct Message {
    pub frame: Frame,
    pub title: String,
    pub text: String,
    /// (label, href)
    pub link: Option<(String, String)>,
}

/// A link just made, shown to the admin who made it.
#[derive(Debug, Clone)]
pub struct ShownLink {
    /// What the link is and for whom.
    pub label: String,
    pub url: String,
    /// Until when it can be used.
    pub until: String,
}

/// A member of the organisation.
#[derive(Debug, Clone)]
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles_text: String,
    /// Every role, with the member's checked.
    pub roles: Vec<Option_>,
    pub last_login: String,
    pub disabled: bool,
    /// Logs in with a one-time code (an admin can remove it for a lost phone).
    pub two_factor: bool,
}

/// An invitation not used yet.
#[derive(Debug, Clone)]
pub struct InvitationView {
    pub id: i64,
    pub email: String,
    pub roles_text: String,
    pub by: String,
    pub until: String,
}

#[derive(Template)]
#[template(path = "beheer/users.html")]
pub struct Users {
    pub frame: Frame,
    /// Code and name.
    pub org: (String, String),
    /// Other organisations this user manages: (name, href).
    pub other_orgs: Vec<(String, String)>,
    pub members: Vec<MemberView>,
    pub invitations: Vec<InvitationView>,
    /// The roles to invite with: value, label, checked.
    pub roles: Vec<Option_>,
    pub email: String,
    pub problems: Vec<String>,
    pub notice: Option<String>,
    pub new_link: Option<ShownLink>,
    pub action: String,
    /// The viewer may disable and enable accounts.
    pub manages_accounts: bool,
}

/// The page of an invitation or password-reset link that can be used.
#[derive(Template)]
#[template(path = "beheer/link.html")]
pub struct LinkPage {
    pub frame: Frame,
    pub title: String,
    pub intro: String,
    /// `invite` or `reset`.
    pub kind: &'static str,
    pub email: String,
    /// The person has no account yet: ask for a name (invitations only).
    pub asks_name: bool,
    /// A password is asked for (reset, or a new account).
    pub asks_password: bool,
    pub name: String,
    pub problems: Vec<(String, String)>,
    pub action: String,
    pub button: String,
    /// The organisation's identity providers, to accept the invitation by logging in there:
    /// (button text, link).
    pub providers: Vec<(String, String)>,
    /// What logging in there does, naming the address to use.
    pub providers_intro: String,
}

/// An organisation in the platform admins' list.
#[derive(Debug, Clone)]
pub struct OrgView {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub flows: Vec<Option_>,
    pub public_page: bool,
    pub users_href: String,
    pub profile_href: String,
    pub log_href: String,
}

#[derive(Template)]
#[template(path = "beheer/organisations.html")]
pub struct Organisations {
    pub frame: Frame,
    pub q: String,
    pub types: Vec<Option_>,
    pub rows: Vec<OrgView>,
    /// "12 organisations", and whether the list was cut short.
    pub count: String,
    pub more: bool,
    /// National-list organisations the register lacks: value (code), label (name).
    pub missing: Vec<Option_>,
    pub new_name: String,
    pub new_code: String,
    pub new_types: Vec<Option_>,
    pub problems: Vec<String>,
    pub notice: Option<String>,
    pub action: String,
}

#[derive(Template)]
#[template(path = "beheer/profile.html")]
pub struct Profile {
    pub frame: Frame,
    pub org: (String, String),
    pub other_orgs: Vec<(String, String)>,
    pub about: String,
    pub about_max: usize,
    pub contact: String,
    pub public_page: bool,
    pub public_href: String,
    /// (field id, message)
    pub problems: Vec<(String, String)>,
    pub notice: Option<String>,
    pub action: String,
}

/// One entry of the audit log.
#[derive(Debug, Clone)]
pub struct LogRow {
    pub at: String,
    pub who: String,
    pub what: String,
    /// (ID, href) of the description, if the entry is about one.
    pub description: Option<(String, String)>,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "beheer/log.html")]
pub struct Log {
    pub frame: Frame,
    pub org: (String, String),
    pub other_orgs: Vec<(String, String)>,
    pub kinds: Vec<Option_>,
    pub people: Vec<Option_>,
    pub rows: Vec<LogRow>,
    pub count: String,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
    pub action: String,
}

/// An organisation in the supervisors' overview.
#[derive(Debug, Clone)]
pub struct OversightRow {
    pub name: String,
    pub code: String,
    /// Per status (in the order of the header): count and the dashboard filtered on it.
    pub counts: Vec<(i64, String)>,
    pub total: i64,
    pub href: String,
    pub log_href: String,
}

#[derive(Template)]
#[template(path = "beheer/oversight.html")]
pub struct OversightPage {
    pub frame: Frame,
    pub statuses: Vec<String>,
    pub rows: Vec<OversightRow>,
}

/// A person's account, as platform admins find it.
#[derive(Debug, Clone)]
pub struct AccountView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub disabled: bool,
    pub two_factor: bool,
    pub last_login: String,
    /// Platform roles, in the page's language (empty when none).
    pub platform_roles: String,
    /// "Gemeente Amsterdam: Editor, Approver", one per organisation (empty: none).
    pub memberships: Vec<(String, String)>,
    /// The supplier whose templates the account writes (empty: none).
    pub provider: String,
}

/// Every person's account, found by address or name (platform admins).
#[derive(Template)]
#[template(path = "beheer/accounts.html")]
pub struct Accounts {
    pub frame: Frame,
    pub q: String,
    /// A search was made (so "nobody found" can be said).
    pub searched: bool,
    pub rows: Vec<AccountView>,
    pub count: String,
    pub problems: Vec<String>,
    pub notice: Option<String>,
    pub action: String,
}
