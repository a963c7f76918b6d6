//! An organisation's security settings: whether its members must use two-step verification. For its
//! admins and platform admins (the register's services apply `domain::authorize_admin`); others get
//! "not found". Kept small and on its own: an organisation profile page may join it later.

use algoreg_register::RegisterError;
use algoreg_register::domain::{AdminAction, OrgRole};
use algoreg_site::Lang;
use algoreg_site::views::beheer::Security;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::{chosen_org, field, frame, not_found, page, prefixed, require, require_form};
use crate::SharedState;

#[derive(serde::Deserialize, Default)]
pub(super) struct OrgParam {
    org: Option<String>,
}

async fn render(
    state: &SharedState,
    lang: Lang,
    s: &algoreg_register::Session,
    org: &str,
    notice: Option<&str>,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let required = match state.register.org_requires_totp(&s.actor, org).await {
        Ok(r) => r,
        Err(e) => return refused(e, lang),
    };
    let org_name = state
        .register
        .organisation(org)
        .await
        .map_or_else(|_| org.to_owned(), |o| o.name);
    let mut other_orgs = Vec::new();
    for o in s.actor.organisations() {
        if o.as_str() != org && s.actor.has_org_role(o, OrgRole::OrgAdmin) {
            let name = state
                .register
                .organisation(o.as_str())
                .await
                .map_or_else(|_| o.to_string(), |x| x.name);
            other_orgs.push((
                name,
                prefixed(lang, &format!("/beheer/beveiliging?org={o}")),
            ));
        }
    }
    let view = Security {
        org: (org.to_owned(), org_name),
        other_orgs,
        required,
        notice: notice.map(|k| t.t(k).to_owned()),
        action: prefixed(lang, "/beheer/beveiliging"),
        frame: frame(
            state,
            lang,
            &format!("/beheer/beveiliging?org={org}"),
            t.t("office-security-title").to_owned(),
            Some(s),
        ),
    };
    page(StatusCode::OK, &view, lang)
}

/// `GET /beheer/beveiliging?org=`.
pub(super) async fn show(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(q): Query<OrgParam>,
) -> Response {
    let back = prefixed(lang, "/beheer/beveiliging");
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let Some(org) = chosen_org(&s.actor, q.org.as_deref(), AdminAction::ManageSecurity) else {
        return not_found(lang);
    };
    render(&state, lang, &s, &org, None).await
}

/// `POST /beheer/beveiliging`: `org`, and `require_totp=on` when required.
pub(super) async fn save(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, "/beheer/beveiliging");
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let org = field(&pairs, "org").unwrap_or("").trim().to_owned();
    let required = field(&pairs, "require_totp") == Some("on");
    if let Err(e) = state
        .register
        .set_org_requires_totp(&s.actor, &org, required)
        .await
    {
        return refused(e, lang);
    }
    render(&state, lang, &s, &org, Some("office-security-saved")).await
}

/// Another organisation, or no right to manage it: "not found", never a hint.
fn refused(e: RegisterError, lang: Lang) -> Response {
    match e {
        RegisterError::Denied(_)
        | RegisterError::NotFound
        | RegisterError::UnknownOrganisation(_) => not_found(lang),
        other => super::internal(other, lang),
    }
}
