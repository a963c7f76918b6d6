//! API clients in the back-office: an organisation's admins create machine clients (name, allowed
//! actions), see each secret once, replace or revoke them, and see when each was last used. Who may
//! manage clients is the domain's rule (`authorize_admin`), applied by the register's services.

use algoreg_register::RegisterError;
use algoreg_register::domain::{Action, AdminAction, OrgRole};
use algoreg_site::Lang;
use algoreg_site::views::beheer::{ClientRow, Clients, NewSecret, Option_};
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{chosen_org, field, frame, not_found, page, prefixed, require, require_form};
use crate::SharedState;

/// Every action a client may be allowed, in workflow order.
const ACTIONS: [Action; 6] = [
    Action::SaveDraft,
    Action::Submit,
    Action::Publish,
    Action::Reject,
    Action::Retract,
    Action::Archive,
];

#[derive(serde::Deserialize, Default)]
pub(super) struct OrgParam {
    org: Option<String>,
}

/// What the page shows besides the list: a new secret, a notice, problems, the typed form.
#[derive(Default)]
struct Outcome {
    new_secret: Option<NewSecret>,
    notice: Option<String>,
    problems: Vec<String>,
    name: String,
    allowed: Vec<Action>,
}

async fn render(
    state: &SharedState,
    lang: Lang,
    s: &algoreg_register::Session,
    org: &str,
    out: Outcome,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let clients = match state.register.list_clients(&s.actor, org).await {
        Ok(c) => c,
        Err(RegisterError::Denied(_) | RegisterError::UnknownOrganisation(_)) => {
            return not_found(lang);
        }
        Err(e) => return super::internal(e, lang),
    };
    let org_name = state
        .register
        .organisation(org)
        .await
        .map_or_else(|_| org.to_owned(), |o| o.name);
    let date = |d| super::users::day(t, d);
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
                prefixed(lang, &format!("/beheer/koppelingen?org={o}")),
            ));
        }
    }
    let path = format!("/beheer/koppelingen?org={org}");
    let view = Clients {
        org: (org.to_owned(), org_name),
        other_orgs,
        rows: clients
            .iter()
            .map(|c| ClientRow {
                client_id: c.client_id.clone(),
                name: c.name.clone(),
                allowed: c
                    .allowed_actions
                    .iter()
                    .map(|a| t.t(&format!("office-action-{}", a.as_str())).to_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
                created: date(c.created_at),
                last_used: c
                    .last_used_at
                    .map_or_else(|| t.t("office-clients-never").to_owned(), date),
                revoked: c.revoked_at.is_some(),
            })
            .collect(),
        actions: ACTIONS
            .iter()
            .map(|a| Option_ {
                value: a.as_str().to_owned(),
                label: t.t(&format!("office-action-{}", a.as_str())).to_owned(),
                selected: out.allowed.contains(a),
            })
            .collect(),
        name: out.name,
        new_secret: out.new_secret,
        notice: out.notice,
        problems: out.problems,
        action: prefixed(lang, "/beheer/koppelingen"),
        frame: frame(
            state,
            lang,
            &path,
            t.t("office-clients-title").to_owned(),
            Some(s),
        ),
    };
    page(status, &view, lang)
}

pub(super) async fn list(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(q): Query<OrgParam>,
) -> Response {
    let back = prefixed(lang, "/beheer/koppelingen");
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let Some(org) = chosen_org(&s.actor, q.org.as_deref(), AdminAction::ManageClients) else {
        return not_found(lang);
    };
    render(&state, lang, &s, &org, Outcome::default(), StatusCode::OK).await
}

pub(super) async fn manage(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, "/beheer/koppelingen");
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let org = field(&pairs, "org").unwrap_or("").trim().to_owned();
    let client_id = field(&pairs, "client_id").unwrap_or("");
    let reg = &state.register;
    let shown = |c: &algoreg_register::ClientWithSecret| NewSecret {
        client_id: c.client.client_id.clone(),
        secret: c.secret.expose().to_owned(),
    };
    let (out, status) = match field(&pairs, "op") {
        Some("create") => {
            let name = field(&pairs, "name").unwrap_or("").trim().to_owned();
            let allowed: Vec<Action> = pairs
                .iter()
                .filter(|(k, _)| k == "allow")
                .filter_map(|(_, v)| Action::parse(v))
                .collect();
            let mut problems = Vec::new();
            if name.is_empty() {
                problems.push(t.t("office-clients-need-name").to_owned());
            }
            if allowed.is_empty() {
                problems.push(t.t("office-clients-need-action").to_owned());
            }
            if !problems.is_empty() {
                let out = Outcome {
                    problems,
                    name,
                    allowed,
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
            match reg.create_client(&s.actor, &org, &name, &allowed).await {
                Ok(c) => (
                    Outcome {
                        new_secret: Some(shown(&c)),
                        notice: Some(t.t("office-clients-created").to_owned()),
                        ..Default::default()
                    },
                    StatusCode::OK,
                ),
                Err(RegisterError::Invalid(ps)) => (
                    Outcome {
                        problems: ps.iter().map(|p| p.message(lang)).collect(),
                        name,
                        allowed,
                        ..Default::default()
                    },
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(e) => return refused(e, lang),
            }
        }
        Some("rotate") => match reg.rotate_client_secret(&s.actor, client_id).await {
            Ok(c) => (
                Outcome {
                    new_secret: Some(shown(&c)),
                    notice: Some(t.t("office-clients-rotated").to_owned()),
                    ..Default::default()
                },
                StatusCode::OK,
            ),
            Err(e) => return refused(e, lang),
        },
        Some("revoke") => match reg.revoke_client(&s.actor, client_id).await {
            Ok(_) => (
                Outcome {
                    notice: Some(t.t("office-clients-revoked-done").to_owned()),
                    ..Default::default()
                },
                StatusCode::OK,
            ),
            Err(e) => return refused(e, lang),
        },
        _ => return (StatusCode::BAD_REQUEST, "op?").into_response(),
    };
    render(&state, lang, &s, &org, out, status).await
}

/// Another organisation's clients, or no right to manage them: "not found", never a hint.
fn refused(e: RegisterError, lang: Lang) -> Response {
    match e {
        RegisterError::Denied(_)
        | RegisterError::NotFound
        | RegisterError::UnknownOrganisation(_) => not_found(lang),
        other => super::internal(other, lang),
    }
}
