//! An organisation's users (`/beheer/gebruikers`): its people with their roles and last login, open
//! invitations; invite someone, change roles, remove someone, withdraw an invitation, make a
//! password-reset link, and (platform admins) block or allow an account. Every rule is the register's
//! and the domain's; links are shown to the admin who made them until mail is sent
//! (`Register::deliver`).

use algoreg_register::domain::{AdminAction, Denied, OrgRole, PlatformAction, UserId};
use algoreg_register::{Delivery, IssuedLink, LinkKind, RegisterError, Session};
use algoreg_site::Lang;
use algoreg_site::i18n::Tr;
use algoreg_site::views::admin::{InvitationView, MemberView, ShownLink, Users};
use algoreg_site::views::beheer::Option_;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, Timelike, Utc};

use super::{
    admin_refused, chosen_org, field, frame, other_orgs, page, prefixed, require, require_form,
    see_other,
};
use crate::SharedState;

const ROLES: [OrgRole; 3] = [OrgRole::Editor, OrgRole::Approver, OrgRole::OrgAdmin];

#[derive(serde::Deserialize, Default)]
pub(super) struct OrgParam {
    org: Option<String>,
}

/// What the page shows besides the lists.
#[derive(Default)]
struct Outcome {
    new_link: Option<ShownLink>,
    notice: Option<String>,
    problems: Vec<String>,
    email: String,
    roles: Vec<OrgRole>,
}

/// The day of a moment (UTC) in the page's language.
pub(super) fn day(t: &Tr, d: DateTime<Utc>) -> String {
    t.date(d.year(), d.month(), d.day())
}

/// A moment as the back-office shows it: the day in the page's language, hours and minutes (UTC).
pub(super) fn when(t: &Tr, d: DateTime<Utc>) -> String {
    format!("{} {:02}:{:02} UTC", day(t, d), d.hour(), d.minute())
}

pub(super) fn roles_text(t: &Tr, roles: &[OrgRole]) -> String {
    roles
        .iter()
        .map(|r| t.t(&format!("office-role-{}", r.as_str())).to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

fn role_options(t: &Tr, checked: &[OrgRole]) -> Vec<Option_> {
    ROLES
        .iter()
        .map(|r| Option_ {
            value: r.as_str().to_owned(),
            label: t.t(&format!("office-role-{}", r.as_str())).to_owned(),
            selected: checked.contains(r),
        })
        .collect()
}

/// The address of a link's page, for the person it is for.
fn link_url(state: &SharedState, lang: Lang, link: &IssuedLink) -> String {
    let path = match link.kind {
        LinkKind::Invite => "/beheer/uitnodiging/",
        LinkKind::Reset => "/beheer/wachtwoord/",
    };
    format!(
        "{}{}{}",
        state.public_url.trim_end_matches('/'),
        prefixed(lang, path),
        link.secret.expose()
    )
}

async fn render(
    state: &SharedState,
    lang: Lang,
    s: &Session,
    org: &str,
    out: Outcome,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let m = match state.register.members(&s.actor, org).await {
        Ok(m) => m,
        Err(e) => return admin_refused(state, lang, s, e),
    };
    let code = m.organisation.code.to_string();
    let path = format!("/beheer/gebruikers?org={code}");
    let view = Users {
        other_orgs: other_orgs(
            state,
            lang,
            &s.actor,
            &code,
            AdminAction::ManageUsers,
            "/beheer/gebruikers",
        )
        .await,
        members: m
            .members
            .iter()
            .map(|u| MemberView {
                id: u.id.0,
                name: u.name.clone(),
                email: u.email.clone(),
                roles_text: roles_text(t, &u.roles),
                roles: role_options(t, &u.roles),
                last_login: u
                    .last_login_at
                    .map_or_else(|| t.t("office-users-never").to_owned(), |d| when(t, d)),
                disabled: u.disabled,
                two_factor: u.two_factor,
            })
            .collect(),
        invitations: m
            .invitations
            .iter()
            .map(|i| InvitationView {
                id: i.id,
                email: i.email.clone(),
                roles_text: roles_text(t, &i.roles),
                by: i.created_by_name.clone(),
                until: when(t, i.expires_at),
            })
            .collect(),
        roles: role_options(t, &out.roles),
        email: out.email,
        problems: out.problems,
        notice: out.notice,
        new_link: out.new_link,
        action: prefixed(lang, "/beheer/gebruikers"),
        manages_accounts: algoreg_register::domain::authorize_platform(
            &s.actor,
            PlatformAction::ManageAccounts,
        )
        .is_ok(),
        org: (code, m.organisation.name),
        frame: frame(
            state,
            lang,
            &path,
            t.t("office-users-title").to_owned(),
            Some(s),
        ),
    };
    page(status, &view, lang)
}

/// Where a user without an organisation of their own goes: platform admins to the organisations,
/// supervisors to the overview, others are not allowed.
fn no_org(state: &SharedState, lang: Lang, s: &Session) -> Response {
    use algoreg_register::domain::authorize_platform;
    if authorize_platform(&s.actor, PlatformAction::ManageOrganisations).is_ok() {
        return see_other(&prefixed(lang, "/beheer/organisaties"));
    }
    if authorize_platform(&s.actor, PlatformAction::Oversee).is_ok() {
        return see_other(&prefixed(lang, "/beheer/toezicht"));
    }
    super::admin_refused(
        state,
        lang,
        s,
        RegisterError::Denied(Denied::MissingRole {
            needed: vec![OrgRole::OrgAdmin.as_str().to_owned()],
        }),
    )
}

pub(super) async fn list(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(q): Query<OrgParam>,
) -> Response {
    let back = prefixed(lang, "/beheer/gebruikers");
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let Some(org) = chosen_org(&s.actor, q.org.as_deref(), AdminAction::ManageUsers) else {
        return no_org(&state, lang, &s);
    };
    render(&state, lang, &s, &org, Outcome::default(), StatusCode::OK).await
}

pub(super) async fn manage(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, "/beheer/gebruikers");
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let reg = &state.register;
    let org = field(&pairs, "org").unwrap_or("").trim().to_owned();
    let user = field(&pairs, "user")
        .and_then(|u| u.parse::<i64>().ok())
        .map(UserId);
    let roles: Vec<OrgRole> = pairs
        .iter()
        .filter(|(k, _)| k == "role")
        .filter_map(|(_, v)| OrgRole::parse(v))
        .collect();
    let notice = |key: &str| Outcome {
        notice: Some(t.t(key).to_owned()),
        ..Default::default()
    };
    // A new link is e-mailed when SMTP is configured; otherwise it is shown once, to pass on.
    let delivered = async |link: &IssuedLink, key: &str| {
        let url = link_url(&state, lang, link);
        match reg.deliver(link, &url).await {
            Delivery::Mailed => Outcome {
                notice: Some(t.f("office-users-link-mailed", &[("email", &link.email)])),
                ..Default::default()
            },
            Delivery::ShowToAdmin => Outcome {
                new_link: Some(ShownLink {
                    label: t.f(key, &[("email", &link.email)]),
                    url,
                    until: when(t, link.expires_at),
                }),
                ..Default::default()
            },
        }
    };
    let result: Result<Outcome, RegisterError> = match (field(&pairs, "op"), user) {
        (Some("invite"), _) => {
            let email = field(&pairs, "email").unwrap_or("").trim().to_owned();
            match reg.invite(&s.actor, &org, &email, &roles).await {
                Ok(link) => Ok(delivered(&link, "office-users-invite-made").await),
                Err(RegisterError::Invalid(ps)) => {
                    let problems = ps
                        .iter()
                        .map(|p| {
                            t.t(if p.path == "roles" {
                                "office-users-need-role"
                            } else {
                                "office-users-need-email"
                            })
                            .to_owned()
                        })
                        .collect();
                    let out = Outcome {
                        problems,
                        email,
                        roles,
                        ..Default::default()
                    };
                    return render(
                        &state,
                        lang,
                        &s,
                        &org,
                        out,
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await;
                }
                Err(e) => Err(e),
            }
        }
        (Some("roles"), Some(_)) if roles.is_empty() => {
            let out = Outcome {
                problems: vec![t.t("office-users-need-role").to_owned()],
                ..Default::default()
            };
            return render(
                &state,
                lang,
                &s,
                &org,
                out,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        (Some("roles"), Some(u)) => reg
            .set_roles(&s.actor, &org, u, &roles)
            .await
            .map(|()| notice("office-users-roles-saved")),
        (Some("reset-two-factor"), Some(u)) => reg
            .reset_member_two_factor(&s.actor, &org, u)
            .await
            .map(|()| notice("office-users-two-factor-removed")),
        (Some("remove"), Some(u)) => reg
            .remove_member(&s.actor, &org, u)
            .await
            .map(|()| notice("office-users-removed")),
        (Some("reset"), Some(u)) => match reg.reset_link(&s.actor, &org, u).await {
            Ok(link) => Ok(delivered(&link, "office-users-reset-made").await),
            Err(e) => Err(e),
        },
        (Some(op @ ("disable" | "enable")), Some(u)) => {
            // Only accounts of the organisation shown: someone elsewhere is not found here.
            match reg.members(&s.actor, &org).await {
                Ok(m) if m.members.iter().any(|x| x.id == u) => {
                    let disable = op == "disable";
                    reg.set_account_disabled(&s.actor, u, disable)
                        .await
                        .map(|()| {
                            notice(if disable {
                                "office-users-account-disabled"
                            } else {
                                "office-users-account-enabled"
                            })
                        })
                }
                Ok(_) => Err(RegisterError::NotFound),
                Err(e) => Err(e),
            }
        }
        (Some("withdraw"), _) => match field(&pairs, "invitation").and_then(|i| i.parse().ok()) {
            Some(id) => reg
                .withdraw_invitation(&s.actor, &org, id)
                .await
                .map(|()| notice("office-users-withdrawn")),
            None => Err(RegisterError::NotFound),
        },
        _ => return (StatusCode::BAD_REQUEST, "op?").into_response(),
    };
    match result {
        Ok(out) => render(&state, lang, &s, &org, out, StatusCode::OK).await,
        Err(RegisterError::Denied(d @ (Denied::LastAdmin | Denied::OwnAccount))) => {
            let key = if d == Denied::LastAdmin {
                "office-users-last-admin"
            } else {
                "office-users-own-account"
            };
            let out = Outcome {
                problems: vec![t.t(key).to_owned()],
                ..Default::default()
            };
            render(&state, lang, &s, &org, out, StatusCode::CONFLICT).await
        }
        Err(e) => admin_refused(&state, lang, &s, e),
    }
}
