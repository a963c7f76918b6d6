//! The outbox of notifications in the back-office (`/beheer/berichten`): what the register sent, or
//! will send, about the organisation's descriptions. Organisation admins read their organisations'
//! messages, platform admins all; the register decides (`register.outbox`).

use std::collections::HashMap;

use algoreg_register::domain::{AdminAction, authorize_admin};
use algoreg_register::{MessageState, OutboxQuery, RegisterError};
use algoreg_site::Lang;
use algoreg_site::views::beheer::{MessageView, Option_, Outbox};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::users::when;
use super::{frame, not_found, page, prefixed, require};
use crate::SharedState;

/// `?organisatie=&status=&pagina=`: the filters of the page.
#[derive(serde::Deserialize, Default)]
pub(super) struct OutboxParams {
    organisatie: Option<String>,
    status: Option<String>,
    pagina: Option<String>,
}

pub(super) async fn outbox(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(params): Query<OutboxParams>,
) -> Response {
    let path = "/beheer/berichten";
    let s = match require(&state, &headers, lang, &prefixed(lang, path)).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    // Filters that cannot be read are named, and the page shows what it can (all, or page 1).
    let mut problems = Vec::new();
    let filled = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let state_filter = match filled(&params.status) {
        None => None,
        Some(v) => MessageState::parse(&v).or_else(|| {
            problems.push(t.t("office-outbox-bad-state").to_owned());
            None
        }),
    };
    let page_no = match filled(&params.pagina) {
        None => 1,
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n >= 1 => n,
            _ => {
                problems.push(t.t("office-outbox-bad-page").to_owned());
                1
            }
        },
    };
    let q = OutboxQuery {
        org: filled(&params.organisatie),
        state: state_filter,
        page: page_no,
    };
    let result = match state.register.outbox(&s.actor, &q).await {
        Ok(r) => r,
        Err(RegisterError::Denied(_) | RegisterError::NotFound) => return not_found(lang),
        Err(e) => return super::internal(e, lang),
    };
    let messages = result.messages;
    let mut names: HashMap<String, String> = HashMap::new();
    let mut rows = Vec::with_capacity(messages.len());
    for m in messages {
        let org = m.org.to_string();
        if !names.contains_key(&org) {
            let name = state
                .register
                .organisation(&org)
                .await
                .map_or_else(|_| org.clone(), |o| o.name);
            names.insert(org.clone(), name);
        }
        let (state_key, state_text) = match (&m.sent_at, &m.last_error) {
            (Some(_), _) => ("sent", "office-outbox-sent"),
            (None, Some(_)) => ("error", "office-outbox-error"),
            (None, None) => ("waiting", "office-outbox-waiting"),
        };
        rows.push(MessageView {
            created: when(t, m.created_at),
            kind: t.t(&format!("office-outbox-kind-{}", m.kind)).to_owned(),
            recipient: m.name,
            email: m.email,
            subject: m.subject,
            body: m.body,
            description_href: m
                .description_id
                .as_ref()
                .map(|id| prefixed(lang, &format!("/beheer/algoritme/{id}"))),
            organisation: names.get(&org).cloned().unwrap_or(org),
            state_key,
            state: if state_key == "error" {
                t.f("office-outbox-error", &[("attempts", &m.attempts)])
            } else {
                t.t(state_text).to_owned()
            },
            last_error: m.last_error.filter(|_| m.sent_at.is_none()),
        });
    }
    // The same filters on the pages before and after.
    let link = |page: u64| {
        let mut query = vec![];
        if let Some(org) = &q.org {
            query.push(format!(
                "organisatie={}",
                crate::urls::encode_component(org)
            ));
        }
        if let Some(st) = q.state {
            query.push(format!("status={}", st.as_str()));
        }
        query.push(format!("pagina={page}"));
        format!("{}?{}", prefixed(lang, path), query.join("&"))
    };
    let mut orgs: Vec<Option_> = Vec::new();
    if !s.actor.is_admin() {
        for code in s.actor.organisations() {
            if authorize_admin(&s.actor, AdminAction::ReadOutbox, code).is_ok() {
                let label = match names.get(code.as_str()) {
                    Some(name) => name.clone(),
                    None => state
                        .register
                        .organisation(code.as_str())
                        .await
                        .map_or_else(|_| code.to_string(), |o| o.name),
                };
                orgs.push(Option_ {
                    value: code.to_string(),
                    label,
                    selected: q.org.as_deref() == Some(code.as_str()),
                });
            }
        }
        if orgs.len() < 2 {
            orgs.clear();
        }
    }
    let states = MessageState::ALL
        .iter()
        .map(|m| Option_ {
            value: m.as_str().to_owned(),
            label: t
                .t(&format!("office-outbox-state-{}", m.as_str()))
                .to_owned(),
            selected: q.state == Some(*m),
        })
        .collect();
    let view = Outbox {
        count: t.count("office-outbox-count", result.total),
        rows,
        problems,
        orgs,
        states,
        page_text: t.f(
            "office-outbox-page",
            &[("page", &result.page), ("pages", &result.pages)],
        ),
        prev: (result.page > 1).then(|| link(result.page - 1)),
        next: (result.page < result.pages).then(|| link(result.page + 1)),
        frame: frame(
            &state,
            lang,
            path,
            t.t("office-outbox-title").to_owned(),
            Some(&s),
        ),
    };
    let status = if view.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    page(status, &view, lang)
}
