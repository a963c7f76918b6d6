//! "New description from a copy of …" and "… from a template": the user picks a description of an
//! organisation they write for, or a supplier's published template (and the organisation); the
//! register makes the draft (`register.create_copy`, `register.create_from_template`) and the form
//! opens on it. Both pages are one view (`CopyForm`).

use algoreg_register::domain::{AlgorithmId, OrgRole};
use algoreg_register::{ListQuery, RegisterError};
use algoreg_site::Lang;
use algoreg_site::views::beheer::{CopyForm, Option_};
use axum::Extension;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{field, frame, not_found, page, prefixed, require, require_form, see_other};
use crate::SharedState;
use algoreg_register::Session;

/// Descriptions offered per organisation at most.
const MAX_OPTIONS: i64 = 100;

const PATH: &str = "/beheer/algoritme/kopie";
const TEMPLATE_PATH: &str = "/beheer/algoritme/sjabloon";

/// The organisations the actor writes for: (code, name), by code.
async fn writable_orgs(state: &SharedState, s: &Session) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for org in s.actor.organisations() {
        let writes = [OrgRole::Editor, OrgRole::Approver, OrgRole::OrgAdmin]
            .into_iter()
            .any(|r| s.actor.has_org_role(org, r));
        if writes {
            let name = state
                .register
                .organisation(org.as_str())
                .await
                .map_or_else(|_| org.to_string(), |o| o.name);
            out.push((org.to_string(), name));
        }
    }
    out
}

/// The answer to a refused start (a copy, a template): "not found" or "not allowed now".
fn refused(e: RegisterError, lang: Lang) -> Response {
    match e {
        RegisterError::NotFound | RegisterError::UnknownOrganisation(_) => not_found(lang),
        RegisterError::Denied(d) => {
            tracing::info!(reason = %d, "back-office start refused");
            let t = algoreg_site::i18n::tr(lang);
            (StatusCode::FORBIDDEN, t.t("office-denied-now").to_owned()).into_response()
        }
        e => super::internal(e, lang),
    }
}

pub(super) async fn form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let s = match require(&state, &headers, lang, &prefixed(lang, PATH)).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let mut options = Vec::new();
    for (org, name) in writable_orgs(&state, &s).await {
        let q = ListQuery {
            org: Some(org.clone()),
            page: 1,
            per_page: MAX_OPTIONS,
        };
        let list = match state.register.list(Some(&s.actor), &q).await {
            Ok(l) => l,
            Err(e) => return super::internal(e, lang),
        };
        let mut items = list.items;
        items.sort_by_key(|i| i.name.to_lowercase());
        for i in items {
            let label = if i.name.trim().is_empty() {
                t.t("office-untitled").to_owned()
            } else {
                i.name.clone()
            };
            options.push(Option_ {
                value: i.id.to_string(),
                label: format!("{label} ({name})"),
                selected: false,
            });
        }
    }
    let view = CopyForm {
        options,
        name: "van",
        orgs: Vec::new(),
        action: prefixed(lang, PATH),
        title: t.t("office-copy-title").to_owned(),
        intro: t.t("office-copy-intro").to_owned(),
        choose: t.t("office-copy-choose").to_owned(),
        submit: t.t("office-copy-submit").to_owned(),
        none: t.t("office-copy-none").to_owned(),
        frame: frame(
            &state,
            lang,
            PATH,
            t.t("office-copy-title").to_owned(),
            Some(&s),
        ),
    };
    page(StatusCode::OK, &view, lang)
}

pub(super) async fn create(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let s = match require_form(&state, &headers, lang, &prefixed(lang, PATH), &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let Some(from) = field(&pairs, "van").and_then(|v| AlgorithmId::parse(v.trim()).ok()) else {
        return not_found(lang);
    };
    match state.register.create_copy(&s.actor, from).await {
        Ok(saved) => see_other(&prefixed(
            lang,
            &format!("/beheer/algoritme/{}?kopie=1", saved.id),
        )),
        Err(e) => refused(e, lang),
    }
}

pub(super) async fn template_form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let s = match require(&state, &headers, lang, &prefixed(lang, TEMPLATE_PATH)).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let orgs = writable_orgs(&state, &s).await;
    let templates = if orgs.is_empty() {
        Vec::new()
    } else {
        match state.register.published_templates(&s.actor).await {
            Ok(l) => l,
            Err(e) => return refused(e, lang),
        }
    };
    let view = CopyForm {
        options: templates
            .into_iter()
            .map(|tp| Option_ {
                value: tp.id.to_string(),
                label: format!("{} ({})", tp.name, tp.provider),
                selected: false,
            })
            .collect(),
        name: "sjabloon",
        orgs: orgs
            .into_iter()
            .map(|(value, label)| Option_ {
                value,
                label,
                selected: false,
            })
            .collect(),
        action: prefixed(lang, TEMPLATE_PATH),
        title: t.t("office-from-template-title").to_owned(),
        intro: t.t("office-from-template-intro").to_owned(),
        choose: t.t("office-from-template-choose").to_owned(),
        submit: t.t("office-from-template-submit").to_owned(),
        none: t.t("office-from-template-none").to_owned(),
        frame: frame(
            &state,
            lang,
            TEMPLATE_PATH,
            t.t("office-from-template-title").to_owned(),
            Some(&s),
        ),
    };
    page(StatusCode::OK, &view, lang)
}

pub(super) async fn create_from_template(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, TEMPLATE_PATH);
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let Some(template) = field(&pairs, "sjabloon").and_then(|v| v.trim().parse::<i64>().ok())
    else {
        return not_found(lang);
    };
    let org = field(&pairs, "org").unwrap_or("").trim();
    match state
        .register
        .create_from_template(&s.actor, org, template)
        .await
    {
        Ok(saved) => see_other(&prefixed(
            lang,
            &format!("/beheer/algoritme/{}?sjabloon=1", saved.id),
        )),
        Err(e) => refused(e, lang),
    }
}
