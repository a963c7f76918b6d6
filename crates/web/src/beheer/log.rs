//! An organisation's audit log (`/beheer/logboek`: its admins and approvers, supervisors, platform
//! admins), newest first, paged, filtered by kind and person; and the supervisors' overview
//! (`/beheer/toezicht`): every organisation with descriptions, counted per status, each count linking
//! to the dashboard filtered on it (where a supervisor reads, and the edit page shows no form).

use algoreg_register::domain::{
    AdminAction, DescriptionStatus, PlatformAction, UserId, authorize_platform,
};
use algoreg_register::{LOG_PAGE_SIZE, LogQuery, RegisterError};
use algoreg_site::Lang;
use algoreg_site::views::admin::{Log, LogRow, OversightPage, OversightRow};
use algoreg_site::views::beheer::Option_;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::users::when;
use super::{admin_refused, chosen_org, frame, other_orgs, page, prefixed, require, see_other};
use crate::SharedState;

#[derive(serde::Deserialize, Default)]
pub(super) struct LogParams {
    org: Option<String>,
    soort: Option<String>,
    persoon: Option<String>,
    pagina: Option<i64>,
}

/// The label of an event kind; a kind without a text shows as itself.
fn kind_label(t: &algoreg_site::i18n::Tr, kind: &str) -> String {
    let key = format!("office-event-{kind}");
    let label = t.t(&key);
    if label == key {
        kind.to_owned()
    } else {
        label.to_owned()
    }
}

pub(super) async fn log(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(p): Query<LogParams>,
) -> Response {
    let back = prefixed(lang, "/beheer/logboek");
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let Some(org) = chosen_org(&s.actor, p.org.as_deref(), AdminAction::ReadLog) else {
        if authorize_platform(&s.actor, PlatformAction::Oversee).is_ok() {
            return see_other(&prefixed(lang, "/beheer/toezicht"));
        }
        return admin_refused(
            &state,
            lang,
            &s,
            RegisterError::Denied(algoreg_register::domain::Denied::MissingRole {
                needed: vec!["org-admin".into(), "approver".into()],
            }),
        );
    };
    let t = algoreg_site::i18n::tr(lang);
    let kind = p.soort.clone().filter(|k| !k.is_empty());
    let person = p
        .persoon
        .as_deref()
        .and_then(|x| x.parse::<i64>().ok())
        .map(UserId);
    let q = LogQuery {
        kind: kind.clone(),
        actor: person,
        page: p.pagina.unwrap_or(1).max(1),
    };
    let l = match state.register.org_log(&s.actor, &org, &q).await {
        Ok(l) => l,
        Err(e) => return admin_refused(&state, lang, &s, e),
    };
    let code = l.organisation.code.to_string();
    let href = |page: i64| {
        let mut h = format!("/beheer/logboek?org={code}");
        if let Some(k) = &kind {
            h.push_str(&format!("&soort={}", crate::urls::encode_component(k)));
        }
        if let Some(u) = person {
            h.push_str(&format!("&persoon={u}"));
        }
        h.push_str(&format!("&pagina={page}"));
        prefixed(lang, &h)
    };
    let view = Log {
        other_orgs: other_orgs(
            &state,
            lang,
            &s.actor,
            &code,
            AdminAction::ReadLog,
            "/beheer/logboek",
        )
        .await,
        kinds: l
            .kinds
            .iter()
            .map(|k| Option_ {
                value: k.clone(),
                label: kind_label(t, k),
                selected: kind.as_deref() == Some(k.as_str()),
            })
            .collect(),
        people: l
            .people
            .iter()
            .map(|(id, name)| Option_ {
                value: id.to_string(),
                label: name.clone(),
                selected: person == Some(*id),
            })
            .collect(),
        rows: l
            .events
            .iter()
            .map(|e| LogRow {
                at: when(t, e.at),
                who: e.actor_name.clone(),
                what: kind_label(t, &e.kind),
                description: e.description_id.as_ref().map(|id| {
                    (
                        match e.version_n {
                            Some(n) => format!("{id} (v{n})"),
                            None => id.clone(),
                        },
                        prefixed(lang, &format!("/beheer/algoritme/{id}")),
                    )
                }),
                reason: e.reason.clone().unwrap_or_default(),
            })
            .collect(),
        count: t.count("office-log-count", u64::try_from(l.total).unwrap_or(0)),
        prev_href: (l.page > 1).then(|| href(l.page - 1)),
        next_href: (l.page * LOG_PAGE_SIZE < l.total).then(|| href(l.page + 1)),
        action: prefixed(lang, "/beheer/logboek"),
        org: (code.clone(), l.organisation.name),
        frame: frame(
            &state,
            lang,
            &format!("/beheer/logboek?org={code}"),
            t.t("office-log-title").to_owned(),
            Some(&s),
        ),
    };
    page(StatusCode::OK, &view, lang)
}

/// The statuses in the overview's columns, in workflow order.
const STATUSES: [DescriptionStatus; 7] = [
    DescriptionStatus::Draft,
    DescriptionStatus::Submitted,
    DescriptionStatus::Rejected,
    DescriptionStatus::Published,
    DescriptionStatus::PublishedWithDraft,
    DescriptionStatus::Retracted,
    DescriptionStatus::Archived,
];

pub(super) async fn oversight(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let back = prefixed(lang, "/beheer/toezicht");
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let all = match state.register.oversight(&s.actor).await {
        Ok(a) => a,
        Err(e) => return admin_refused(&state, lang, &s, e),
    };
    let t = algoreg_site::i18n::tr(lang);
    let view = OversightPage {
        statuses: STATUSES
            .iter()
            .map(|st| t.t(&format!("office-status-{}", st.as_str())).to_owned())
            .collect(),
        rows: all
            .iter()
            .map(|o| {
                let code = o.organisation.code.to_string();
                OversightRow {
                    counts: STATUSES
                        .iter()
                        .map(|st| {
                            (
                                o.counts.get(st).copied().unwrap_or(0),
                                prefixed(
                                    lang,
                                    &format!("/beheer?organisatie={code}&status={}", st.as_str()),
                                ),
                            )
                        })
                        .collect(),
                    total: o.counts.values().sum(),
                    href: prefixed(lang, &format!("/beheer?organisatie={code}")),
                    log_href: prefixed(lang, &format!("/beheer/logboek?org={code}")),
                    name: o.organisation.name.clone(),
                    code,
                }
            })
            .collect(),
        frame: frame(
            &state,
            lang,
            "/beheer/toezicht",
            t.t("office-oversight-title").to_owned(),
            Some(&s),
        ),
    };
    page(StatusCode::OK, &view, lang)
}
