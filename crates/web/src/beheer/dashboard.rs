//! The dashboard: the descriptions of the user's organisations, what waits for them, filters.

use algoreg_register::ListQuery;
use algoreg_register::domain::{DescriptionStatus, OrgRole};
use algoreg_site::Lang;
use algoreg_site::views::beheer::{Dashboard, Option_, Row};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::{frame, page, prefixed, require};
use crate::SharedState;

#[derive(serde::Deserialize, Default)]
pub(super) struct Filters {
    organisatie: Option<String>,
    status: Option<String>,
}

/// The statuses a dashboard filters on, in workflow order.
const STATUSES: [DescriptionStatus; 7] = [
    DescriptionStatus::Draft,
    DescriptionStatus::Submitted,
    DescriptionStatus::Rejected,
    DescriptionStatus::Published,
    DescriptionStatus::PublishedWithDraft,
    DescriptionStatus::Retracted,
    DescriptionStatus::Archived,
];

/// Descriptions shown per organisation at most (an organisation has hundreds at the very most).
const MAX_ROWS: i64 = 2000;

pub(super) async fn dashboard(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(f): Query<Filters>,
) -> Response {
    let s = match require(&state, &headers, lang, &prefixed(lang, "/beheer")).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let org_filter = f.organisatie.filter(|o| !o.is_empty());
    let status_filter = f.status.as_deref().and_then(DescriptionStatus::parse);
    let mut items = Vec::new();
    let mut page_no = 1;
    loop {
        let q = ListQuery {
            org: org_filter.clone(),
            page: page_no,
            per_page: 100,
        };
        let page_items = match state.register.list(Some(&s.actor), &q).await {
            Ok(p) => p,
            Err(e) => return super::internal(e, lang),
        };
        let done = page_items.items.len() < 100 || page_no * 100 >= MAX_ROWS;
        items.extend(page_items.items);
        if done {
            break;
        }
        page_no += 1;
    }
    let mut names = std::collections::HashMap::new();
    for o in s.actor.organisations() {
        if let Ok(org) = state.register.organisation(o.as_str()).await {
            names.insert(o.clone(), org.name);
        }
    }
    let row = |i: &algoreg_register::Summary| Row {
        id: i.id.to_string(),
        name: if i.name.trim().is_empty() {
            t.t("office-untitled").to_owned()
        } else {
            i.name.clone()
        },
        href: prefixed(lang, &format!("/beheer/algoritme/{}", i.id)),
        organisation: names
            .get(&i.org)
            .cloned()
            .unwrap_or_else(|| i.org.to_string()),
        status: t
            .t(&format!("office-status-{}", i.status.as_str()))
            .to_owned(),
        status_key: i.status.as_str().to_owned(),
        completeness: i.completeness,
        changed_at: super::users::day(t, i.last_change_at),
        changed_by: i.last_change_by.clone(),
    };
    let waiting: Vec<Row> = items
        .iter()
        .filter(|i| i.waits_for_viewer)
        .map(row)
        .collect();
    let rows: Vec<Row> = items
        .iter()
        .filter(|i| status_filter.is_none_or(|st| i.status == st))
        .map(row)
        .collect();
    let orgs = s.actor.organisations();
    let new_links = orgs
        .iter()
        .filter(|o| {
            [OrgRole::Editor, OrgRole::Approver, OrgRole::OrgAdmin]
                .into_iter()
                .any(|r| s.actor.has_org_role(o, r))
        })
        .map(|o| {
            (
                names.get(*o).cloned().unwrap_or_else(|| o.to_string()),
                prefixed(lang, &format!("/beheer/algoritme/nieuw?org={o}")),
            )
        })
        .collect();
    let view = Dashboard {
        orgs: if orgs.len() > 1 {
            orgs.iter()
                .map(|o| Option_ {
                    value: o.to_string(),
                    label: names.get(*o).cloned().unwrap_or_else(|| o.to_string()),
                    selected: org_filter.as_deref() == Some(o.as_str()),
                })
                .collect()
        } else {
            Vec::new()
        },
        statuses: STATUSES
            .iter()
            .map(|st| Option_ {
                value: st.as_str().to_owned(),
                label: t.t(&format!("office-status-{}", st.as_str())).to_owned(),
                selected: status_filter == Some(*st),
            })
            .collect(),
        count: t.count("office-count", rows.len() as u64),
        waiting,
        rows,
        new_links,
        provider: state
            .register
            .actor_provider(&s.actor)
            .await
            .ok()
            .flatten()
            .is_some(),
        notice: None,
        frame: frame(
            &state,
            lang,
            "/beheer",
            t.t("office-dashboard-title").to_owned(),
            Some(&s),
        ),
    };
    page(StatusCode::OK, &view, lang)
}
