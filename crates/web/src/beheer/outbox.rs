//! The outbox of notifications in the back-office (`/beheer/berichten`): what the register sent, or
//! will send, about the organisation's descriptions. Organisation admins read their organisations'
//! messages, platform admins all; the register decides (`register.outbox`).

use std::collections::HashMap;

use algoreg_register::RegisterError;
use algoreg_site::Lang;
use algoreg_site::views::beheer::{MessageView, Outbox};
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{Datelike, Timelike};

use super::{frame, not_found, page, prefixed, require};
use crate::SharedState;

pub(super) async fn outbox(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let path = "/beheer/berichten";
    let s = match require(&state, &headers, lang, &prefixed(lang, path)).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let messages = match state.register.outbox(&s.actor).await {
        Ok(m) => m,
        Err(RegisterError::Denied(_)) => return not_found(lang),
        Err(e) => return super::internal(e, lang),
    };
    let t = algoreg_site::i18n::tr(lang);
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
        let at = m.created_at;
        rows.push(MessageView {
            created: format!(
                "{} {:02}:{:02} UTC",
                t.date(at.year(), at.month(), at.day()),
                at.hour(),
                at.minute()
            ),
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
    let view = Outbox {
        count: t.count("office-outbox-count", rows.len() as u64),
        rows,
        frame: frame(
            &state,
            lang,
            path,
            t.t("office-outbox-title").to_owned(),
            Some(&s),
        ),
    };
    page(StatusCode::OK, &view, lang)
}
