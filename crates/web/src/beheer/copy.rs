//! "New description from a copy of …": the user picks a description of an organisation they write
//! for; the register makes the copy (`register.create_copy`) and the form opens on it.

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

/// Descriptions offered per organisation at most.
const MAX_OPTIONS: i64 = 100;

const PATH: &str = "/beheer/algoritme/kopie";

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
    for org in s.actor.organisations() {
        let writes = [OrgRole::Editor, OrgRole::Approver, OrgRole::OrgAdmin]
            .into_iter()
            .any(|r| s.actor.has_org_role(org, r));
        if !writes {
            continue;
        }
        let name = state
            .register
            .organisation(org.as_str())
            .await
            .map_or_else(|_| org.to_string(), |o| o.name);
        let q = ListQuery {
            org: Some(org.to_string()),
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
        action: prefixed(lang, PATH),
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
        Err(RegisterError::NotFound) => not_found(lang),
        Err(RegisterError::Denied(d)) => {
            tracing::info!(reason = %d, "back-office copy refused");
            let t = algoreg_site::i18n::tr(lang);
            (StatusCode::FORBIDDEN, t.t("office-denied-now").to_owned()).into_response()
        }
        Err(e) => super::internal(e, lang),
    }
}
