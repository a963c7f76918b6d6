//! The back-office (`/beheer`): the pages publishers work in. Server-rendered, usable without
//! JavaScript, in Dutch and English. The forms are generated from the standard's field definitions.

use askama::Template;

use super::description::{Piece, Shown};
use crate::Page;

/// What every back-office page shares: who is logged in, the token its forms carry, the links.
#[derive(Debug, Clone)]
pub struct Frame {
    pub page: Page,
    /// The name of who is logged in; `None` on the login page.
    pub user: Option<String>,
    pub csrf: String,
    /// The same page in the other back-office language: (language code, name, href).
    pub other_lang: (&'static str, &'static str, String),
    /// The user manages the API clients of an organisation (shows the menu item).
    pub manages_clients: bool,
    /// The administration pages this user may open: (label, href).
    pub admin_links: Vec<(String, String)>,
}

impl Frame {
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.page.t(key)
    }

    pub fn href(&self, path: &str) -> String {
        self.page.href(path)
    }
}

#[derive(Template)]
#[template(path = "beheer/login.html")]
pub struct Login {
    pub frame: Frame,
    pub email: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// Where to go after logging in (a back-office path).
    pub next: String,
    /// The identity providers people may log in through: (button text, link).
    pub providers: Vec<(String, String)>,
}

/// A description in the dashboard's table.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub href: String,
    pub organisation: String,
    /// The state as the page's language says it, and its key (for the badge's style).
    pub status: String,
    pub status_key: String,
    pub completeness: u8,
    pub changed_at: String,
    pub changed_by: String,
}

/// A filter choice: value, label, selected.
#[derive(Debug, Clone)]
pub struct Option_ {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "beheer/dashboard.html")]
pub struct Dashboard {
    pub frame: Frame,
    /// The organisations the user may pick to filter on (empty when there is only one).
    pub orgs: Vec<Option_>,
    pub statuses: Vec<Option_>,
    /// What waits for this user: submissions to judge, versions sent back.
    pub waiting: Vec<Row>,
    pub rows: Vec<Row>,
    /// "12 descriptions".
    pub count: String,
    /// Where a new description starts: (organisation name, href) per organisation the user writes for.
    pub new_links: Vec<(String, String)>,
    /// The account belongs to a supplier: link to its templates.
    pub provider: bool,
    pub notice: Option<String>,
}

/// A field of the form.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub help: String,
    pub example: String,
    pub required: bool,
    /// Shown on the public page even when empty.
    pub always_shown: bool,
    /// `text`, `rich`, `long`, `url`, `month`, `contact`, `select`, `checkboxes`, `lines`, `links`.
    pub control: &'static str,
    pub value: String,
    pub options: Vec<Option_>,
    pub links: Vec<(String, String)>,
    /// Titles offered while typing a link row's title (free text stays allowed).
    pub suggestions: Vec<String>,
    pub max_len: Option<usize>,
    /// Characters now (after stripping HTML), for the counter.
    pub len: usize,
    pub problems: Vec<String>,
    /// The value someone else saved meanwhile, when it differs from what was typed here.
    pub theirs: Option<String>,
}

impl Field {
    /// The id of the element that describes the field (help, example, counter, problems).
    pub fn described_by(&self) -> String {
        let mut ids = vec![format!("{}-help", self.key)];
        if !self.problems.is_empty() {
            ids.push(format!("{}-problems", self.key));
        }
        ids.join(" ")
    }
}

/// A group of fields, as on the public page.
#[derive(Debug, Clone)]
pub struct Group {
    pub key: String,
    pub label: String,
    pub fields: Vec<Field>,
}

/// A problem in the summary at the top: its message and the field it links to.
#[derive(Debug, Clone)]
pub struct Listed {
    pub key: String,
    pub label: String,
    pub message: String,
}

/// A workflow button: the action, its label, whether it asks for a reason.
#[derive(Debug, Clone)]
pub struct Button {
    pub action: String,
    pub label: String,
    pub reason: Option<bool>,
}

#[derive(Template)]
#[template(path = "beheer/edit.html")]
pub struct Edit {
    pub frame: Frame,
    pub title: String,
    /// The description's ID, once it exists.
    pub id: Option<String>,
    pub organisation: String,
    /// Where the form posts.
    pub action: String,
    /// The version this edit started from (for "someone else saved first").
    pub base: Option<i64>,
    pub org_code: String,
    pub state: Option<String>,
    pub groups: Vec<Group>,
    pub problems: Vec<Listed>,
    /// Someone else saved first: the fields that differ are shown beside what was typed.
    pub conflict: bool,
    pub notice: Option<String>,
    /// The newest version may be edited by this user.
    pub editable: bool,
    pub buttons: Vec<Button>,
    /// Where the workflow buttons post.
    pub act_action: String,
    /// Public page and preview links.
    pub public_href: Option<String>,
    pub preview_href: Option<String>,
}

/// One version in a description's history.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub n: i64,
    pub state: String,
    pub author: String,
    pub at: String,
    pub reason: Option<String>,
    /// For an older version, when the user may save drafts: the label of its "use as a new draft"
    /// button.
    pub restore: Option<String>,
}

#[derive(Template)]
#[template(path = "beheer/history.html")]
pub struct History {
    pub frame: Frame,
    /// The frame's page again, for the shared comparison partial.
    pub page: Page,
    pub title: String,
    pub back_href: String,
    pub action: String,
    /// Newest first.
    pub rows: Vec<HistoryRow>,
    pub from: i64,
    pub to: i64,
    pub groups: Vec<super::description::ChangeGroup>,
    pub before_label: String,
    pub after_label: String,
    pub changed_text: String,
    /// Where "use this version as a new draft" posts, when the user may save drafts.
    pub restore_action: Option<String>,
    /// The newest version (the base of a restore).
    pub head: i64,
}

/// An API client in the back-office's list.
#[derive(Debug, Clone)]
pub struct ClientRow {
    pub client_id: String,
    pub name: String,
    /// The allowed actions, in the page's language.
    pub allowed: String,
    pub created: String,
    /// When it last asked for a token, or that it never did.
    pub last_used: String,
    pub revoked: bool,
}

/// A secret just made: shown once.
#[derive(Debug, Clone)]
pub struct NewSecret {
    pub client_id: String,
    pub secret: String,
}

#[derive(Template)]
#[template(path = "beheer/clients.html")]
pub struct Clients {
    pub frame: Frame,
    /// The organisation whose clients these are: code and name.
    pub org: (String, String),
    /// Other organisations this user manages clients for: (name, href).
    pub other_orgs: Vec<(String, String)>,
    pub rows: Vec<ClientRow>,
    /// The actions a client may be allowed: value, label, checked.
    pub actions: Vec<Option_>,
    pub name: String,
    pub new_secret: Option<NewSecret>,
    pub notice: Option<String>,
    pub problems: Vec<String>,
    pub action: String,
}

/// The second step of logging in: the one-time code.
#[derive(Template)]
#[template(path = "beheer/code.html")]
pub struct CodeStep {
    pub frame: Frame,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// Where to go after logging in (a back-office path).
    pub next: String,
}

/// Two-step verification of the logged-in user: set it up, or switch it off.
#[derive(Template)]
#[template(path = "beheer/twofactor.html")]
pub struct TwoFactor {
    pub frame: Frame,
    pub enabled: bool,
    /// An organisation of the user requires it.
    pub required: bool,
    /// The secret being set up, in groups of four characters; `None` when it is on.
    pub secret: Option<String>,
    /// The secret's `otpauth://` URI.
    pub uri: Option<String>,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub action: String,
}

/// An organisation's security settings: whether its members must use two-step verification.
#[derive(Template)]
#[template(path = "beheer/security.html")]
pub struct Security {
    pub frame: Frame,
    /// The organisation: code and name.
    pub org: (String, String),
    /// Other organisations this user manages: (name, href).
    pub other_orgs: Vec<(String, String)>,
    pub required: bool,
    pub notice: Option<String>,
    pub action: String,
}

/// A message in the outbox page.
#[derive(Debug, Clone)]
pub struct MessageView {
    pub created: String,
    /// What it announces, in the page's language.
    pub kind: String,
    pub recipient: String,
    pub email: String,
    pub subject: String,
    pub body: String,
    /// The back-office page of the description the message is about.
    pub description_href: Option<String>,
    pub organisation: String,
    /// `sent`, `waiting` or `error` (for the badge's style), and in the page's language.
    pub state_key: &'static str,
    pub state: String,
    pub last_error: Option<String>,
}

#[derive(Template)]
#[template(path = "beheer/outbox.html")]
pub struct Outbox {
    pub frame: Frame,
    pub rows: Vec<MessageView>,
    /// "12 messages".
    pub count: String,
    /// What was wrong with the filters asked for (then every message is shown).
    pub problems: Vec<String>,
    /// The organisations to filter on (the reader's own; none for a platform admin, who may use
    /// `?organisatie=`).
    pub orgs: Vec<Option_>,
    pub states: Vec<Option_>,
    /// "Page 2 of 5", and the links to the pages before and after, with the same filters.
    pub page_text: String,
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Template)]
#[template(path = "beheer/copy.html")]
pub struct CopyForm {
    pub frame: Frame,
    /// What a new description may start from: value (a description's ID or a template's number),
    /// label (its name and organisation or supplier).
    pub options: Vec<Option_>,
    /// The name of the chosen value in the posted form (`van`, `sjabloon`).
    pub name: &'static str,
    /// The organisations the new description may be made in (empty: the one of the copied
    /// description; one: given without asking).
    pub orgs: Vec<Option_>,
    pub action: String,
    /// The page's texts: title, intro, label of the choice, button, and what shows when there is
    /// nothing to choose.
    pub title: String,
    pub intro: String,
    pub choose: String,
    pub submit: String,
    pub none: String,
}

/// A supplier's templates (for its own accounts), with the button to start a new one.
#[derive(Template)]
#[template(path = "beheer/templates.html")]
pub struct TemplateList {
    pub frame: Frame,
    pub provider: String,
    /// (name, href, state in words).
    pub rows: Vec<(String, String, String)>,
}
