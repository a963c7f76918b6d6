//! A description's history in the back-office: every version (drafts, submissions, rejections too)
//! with who, when and why, and a field-by-field comparison of any two.

use algoreg_register::RegisterError;
use algoreg_register::domain::{Action, AlgorithmId};
use algoreg_site::Lang;
use algoreg_site::views::beheer::{History, HistoryRow};
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{field, frame, not_found, page, prefixed, require, require_form, see_other};
use crate::SharedState;

#[derive(serde::Deserialize, Default)]
pub(super) struct Versions {
    van: Option<String>,
    naar: Option<String>,
}

pub(super) async fn history(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Query(q): Query<Versions>,
) -> Response {
    let path = format!("/beheer/algoritme/{raw}/geschiedenis");
    let s = match require(&state, &headers, lang, &prefixed(lang, &path)).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let Ok(id) = AlgorithmId::parse(&raw) else {
        return not_found(lang);
    };
    let (view, versions) = match state.register.history(&s.actor, id).await {
        Ok(v) => v,
        Err(RegisterError::NotFound) => return not_found(lang),
        Err(e) => return super::internal(e, lang),
    };
    let t = algoreg_site::i18n::tr(lang);
    let Some(newest) = versions.last() else {
        return not_found(lang);
    };
    // Unknown or unreadable numbers fall back to the newest version and the one before it.
    let pick = |raw: &Option<String>| {
        raw.as_deref()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .and_then(|n| versions.iter().find(|v| v.version == n))
    };
    let to = pick(&q.naar).unwrap_or(newest);
    let from = pick(&q.van).unwrap_or_else(|| {
        versions
            .iter()
            .rev()
            .find(|v| v.version < to.version)
            .unwrap_or(to)
    });
    let (groups, changed) = crate::site::description::changes(t, lang, from, to);
    // "Use this version as a new draft" for those who may save now (the register checks again).
    let may_save = state
        .register
        .possible_actions(&s.actor, id)
        .await
        .is_ok_and(|a| a.contains(&Action::SaveDraft));
    let head = view.description.head_n;
    let rows = view
        .versions
        .iter()
        .rev()
        .map(|v| HistoryRow {
            n: v.n,
            state: t
                .t(&format!("office-version-{}", v.state.as_str()))
                .to_owned(),
            author: v.author_name.clone(),
            at: super::users::day(t, v.state_changed_at),
            reason: v.state_reason.clone(),
            restore: (may_save && v.n < head).then(|| t.f("office-restore", &[("number", &v.n)])),
        })
        .collect();
    let name = view
        .newest()
        .map(|h| h.columns.name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| t.t("office-untitled").to_owned());
    let f = frame(
        &state,
        lang,
        &path,
        format!("{}: {name}", t.t("office-history-title")),
        Some(&s),
    );
    let v = History {
        page: f.page.clone(),
        title: name,
        back_href: prefixed(lang, &format!("/beheer/algoritme/{id}")),
        action: prefixed(lang, &path),
        rows,
        from: from.version,
        to: to.version,
        groups,
        before_label: t.f("cmp-before", &[("number", &from.version)]),
        after_label: t.f("cmp-after", &[("number", &to.version)]),
        changed_text: t.count("cmp-changed", changed as u64),
        restore_action: may_save
            .then(|| prefixed(lang, &format!("/beheer/algoritme/{id}/herstel"))),
        head,
        frame: f,
    };
    page(StatusCode::OK, &v, lang)
}

/// Uses an older version as the new draft (`register.restore_version`), then shows the form.
pub(super) async fn restore(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, &format!("/beheer/algoritme/{raw}/geschiedenis"));
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let Ok(id) = AlgorithmId::parse(&raw) else {
        return not_found(lang);
    };
    let number = |name: &str| field(&pairs, name).and_then(|v| v.trim().parse::<i64>().ok());
    let (Some(n), Some(base)) = (number("versie"), number("base")) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match state.register.restore_version(&s.actor, id, n, base).await {
        Ok(_) => see_other(&prefixed(
            lang,
            &format!("/beheer/algoritme/{id}?hersteld={n}"),
        )),
        Err(RegisterError::NotFound) => not_found(lang),
        Err(RegisterError::Denied(d)) => {
            tracing::info!(reason = %d, "back-office restore refused");
            let t = algoreg_site::i18n::tr(lang);
            (StatusCode::FORBIDDEN, t.t("office-denied-now").to_owned()).into_response()
        }
        // Someone saved meanwhile: the history shows what is newest now.
        Err(RegisterError::Conflict { .. }) => see_other(&prefixed(
            lang,
            &format!("/beheer/algoritme/{id}/geschiedenis"),
        )),
        Err(RegisterError::InvalidParams(_)) => StatusCode::BAD_REQUEST.into_response(),
        Err(e) => super::internal(e, lang),
    }
}
