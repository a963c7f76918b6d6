//! Every person's account (`/beheer/personen`, platform admins): find it by address or name — also
//! someone who belongs to no organisation (any more) — and block it or allow it again. Roles are given
//! on an organisation's users page. The register decides who may (`register.find_accounts`).

use std::collections::HashMap;

use algoreg_register::domain::{PlatformAction, UserId, authorize_platform};
use algoreg_register::{RegisterError, Session};
use algoreg_site::Lang;
use algoreg_site::views::admin::{AccountView, Accounts};
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::users::{roles_text, when};
use super::{admin_refused, field, frame, page, prefixed, require, require_form};
use crate::SharedState;

const PATH: &str = "/beheer/personen";

#[derive(serde::Deserialize, Default)]
pub(super) struct Search {
    q: Option<String>,
}

async fn render(
    state: &SharedState,
    lang: Lang,
    s: &Session,
    q: &str,
    notice: Option<String>,
    problem: Option<String>,
) -> Response {
    // The page is for platform admins, also before a search (the domain decides).
    if let Err(d) = authorize_platform(&s.actor, PlatformAction::ManageAccounts) {
        return admin_refused(state, lang, s, RegisterError::Denied(d));
    }
    let t = algoreg_site::i18n::tr(lang);
    let q = q.trim();
    let mut problems: Vec<String> = problem.into_iter().collect();
    let found = if q.is_empty() {
        Vec::new()
    } else {
        match state.register.find_accounts(&s.actor, q).await {
            Ok(found) => found,
            Err(RegisterError::Invalid(_)) => {
                problems.push(t.t("office-accounts-need-text").to_owned());
                Vec::new()
            }
            Err(e) => return admin_refused(state, lang, s, e),
        }
    };
    let mut names: HashMap<String, String> = HashMap::new();
    let mut rows = Vec::with_capacity(found.len());
    for a in found {
        let mut memberships: Vec<(String, String)> = Vec::new();
        let mut by_org: Vec<(String, Vec<_>)> = Vec::new();
        for (org, role) in &a.memberships {
            match by_org.last_mut() {
                Some((o, roles)) if o == org.as_str() => roles.push(*role),
                _ => by_org.push((org.to_string(), vec![*role])),
            }
        }
        for (org, roles) in by_org {
            if !names.contains_key(&org) {
                let name = state
                    .register
                    .organisation(&org)
                    .await
                    .map_or_else(|_| org.clone(), |o| o.name);
                names.insert(org.clone(), name);
            }
            memberships.push((names[&org].clone(), roles_text(t, &roles)));
        }
        rows.push(AccountView {
            id: a.id.0,
            name: a.name,
            email: a.email,
            disabled: a.disabled,
            two_factor: a.two_factor,
            last_login: a
                .last_login_at
                .map_or_else(|| t.t("office-users-never").to_owned(), |d| when(t, d)),
            platform_roles: a
                .platform_roles
                .iter()
                .map(|r| t.t(&format!("office-platform-role-{r}")).to_owned())
                .collect::<Vec<_>>()
                .join(", "),
            memberships,
            provider: a.provider.unwrap_or_default(),
        });
    }
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let view = Accounts {
        count: t.count("office-accounts-count", rows.len() as u64),
        searched: !q.is_empty() && problems.is_empty(),
        q: q.to_owned(),
        rows,
        problems,
        notice,
        action: prefixed(lang, PATH),
        frame: frame(
            state,
            lang,
            PATH,
            t.t("office-accounts-title").to_owned(),
            Some(s),
        ),
    };
    page(status, &view, lang)
}

/// `GET /beheer/personen?q=`.
pub(super) async fn list(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(search): Query<Search>,
) -> Response {
    let s = match require(&state, &headers, lang, &prefixed(lang, PATH)).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    render(
        &state,
        lang,
        &s,
        search.q.as_deref().unwrap_or(""),
        None,
        None,
    )
    .await
}

/// `POST /beheer/personen`: `op` (`disable`, `enable`, or `provider` with the supplier's name in
/// `provider`, empty for none), `user`, and the search `q` to show again.
pub(super) async fn manage(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let s = match require_form(&state, &headers, lang, &prefixed(lang, PATH), &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let user = field(&pairs, "user").and_then(|u| u.trim().parse::<i64>().ok());
    let q = field(&pairs, "q").unwrap_or("").to_owned();
    let (Some(op @ ("disable" | "enable" | "provider")), Some(user)) = (field(&pairs, "op"), user)
    else {
        return super::not_found(lang);
    };
    if op == "provider" {
        let provider = field(&pairs, "provider").map(str::trim).unwrap_or("");
        let provider = (!provider.is_empty()).then_some(provider);
        return match state
            .register
            .set_user_provider(&s.actor, UserId(user), provider)
            .await
        {
            Ok(()) => {
                let key = if provider.is_some() {
                    "office-accounts-provider-saved"
                } else {
                    "office-accounts-provider-removed"
                };
                render(&state, lang, &s, &q, Some(t.t(key).to_owned()), None).await
            }
            Err(RegisterError::Invalid(ps)) => {
                let what = ps
                    .iter()
                    .map(|p| p.message(lang))
                    .collect::<Vec<_>>()
                    .join(" ");
                let problem = format!("{}: {what}", t.t("office-accounts-provider-label"));
                render(&state, lang, &s, &q, None, Some(problem)).await
            }
            Err(e) => admin_refused(&state, lang, &s, e),
        };
    }
    let disable = op == "disable";
    match state
        .register
        .set_account_disabled(&s.actor, UserId(user), disable)
        .await
    {
        Ok(()) => {
            let key = if disable {
                "office-users-account-disabled"
            } else {
                "office-users-account-enabled"
            };
            render(&state, lang, &s, &q, Some(t.t(key).to_owned()), None).await
        }
        Err(RegisterError::Denied(algoreg_register::domain::Denied::OwnAccount)) => {
            render(
                &state,
                lang,
                &s,
                &q,
                Some(t.t("office-users-own-account").to_owned()),
                None,
            )
            .await
        }
        Err(e) => admin_refused(&state, lang, &s, e),
    }
}
