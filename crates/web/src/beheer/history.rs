//! A description's history in the back-office: every version (drafts, submissions, rejections too)
//! with who, when and why, and a field-by-field comparison of any two.

use algoreg_register::RegisterError;
use algoreg_register::domain::AlgorithmId;
use algoreg_site::Lang;
use algoreg_site::views::beheer::{History, HistoryRow};
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Datelike;

use super::{frame, not_found, page, prefixed, require};
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
    let rows = view
        .versions
        .iter()
        .rev()
        .map(|v| {
            let d = v.state_changed_at.date_naive();
            HistoryRow {
                n: v.n,
                state: t
                    .t(&format!("office-version-{}", v.state.as_str()))
                    .to_owned(),
                author: v.author_name.clone(),
                at: t.date(d.year(), d.month(), d.day()),
                reason: v.state_reason.clone(),
            }
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
        frame: f,
    };
    page(StatusCode::OK, &v, lang)
}
