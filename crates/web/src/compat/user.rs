//! `/aanleverapi/user/me` and `/aanleverapi/organisation`: who is asking, and for which organisations.

use algoreg_register::domain::{
    Action, Actor, OrgRole, Organisation, PlatformRole, PublicationFlow,
};
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{CompatError, org_int_id};
use crate::SharedState;
use crate::auth::CompatActor;

/// An organisation as `OrganisationConfig`.
pub fn organisation_config(o: &Organisation) -> Value {
    json!({
        "id": org_int_id(&o.code),
        "name": o.name,
        "code": algoreg_register::slug(&o.name),
        "org_id": o.code.as_str(),
        "type": o.org_type.as_str(),
        "flow": match o.flow {
            PublicationFlow::Central => "ictu_last",
            PublicationFlow::TwoStep => "self_publish_two",
        },
        "show_page": o.public_page,
    })
}

/// The old register's role names, which clients check strictly.
fn role_names(a: &Actor) -> Vec<&'static str> {
    let mut roles = Vec::new();
    let has = |r: OrgRole| a.memberships.iter().any(|m| m.role == r);
    let editor =
        has(OrgRole::Editor) && (a.in_scope(Action::SaveDraft) || a.in_scope(Action::Submit));
    let approver = has(OrgRole::Approver)
        && [
            Action::Publish,
            Action::Reject,
            Action::Retract,
            Action::Archive,
        ]
        .into_iter()
        .any(|x| a.in_scope(x));
    if editor {
        roles.push("role_1");
    }
    if approver {
        roles.push("role_2");
    }
    if has(OrgRole::OrgAdmin) {
        roles.push("orgdetail");
    }
    if a.has_platform_role(PlatformRole::CentralPublisher) {
        roles.push("ictu");
    }
    if a.is_admin() {
        roles.push("admin");
    }
    if a.is_admin() || a.has_platform_role(PlatformRole::Supervisor) {
        roles.push("all_groups");
    }
    roles
}

/// The organisations an actor works with: all for platform roles, else their own.
async fn organisations_of(
    state: &SharedState,
    a: &Actor,
) -> Result<Vec<Organisation>, CompatError> {
    let all = state.register.organisations().await?;
    Ok(if a.platform_roles.is_empty() {
        let mine = a.organisations();
        all.into_iter()
            .filter(|o| mine.contains(&&o.code))
            .collect()
    } else {
        all
    })
}

/// `GET /aanleverapi/user/me`.
pub async fn me(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
) -> Result<Json<Value>, CompatError> {
    let username = state.register.user_email(actor.id).await?;
    let (first, last) = match actor.name.split_once(' ') {
        Some((f, l)) => (f.to_owned(), l.to_owned()),
        None => (actor.name.clone(), String::new()),
    };
    // Only the caller's own organisations, also for platform roles (the list would be the whole
    // country); those see every organisation through `/aanleverapi/organisation`.
    let mine = actor.organisations();
    let orgs: Vec<Value> = state
        .register
        .organisations()
        .await?
        .iter()
        .filter(|o| mine.contains(&&o.code))
        .map(organisation_config)
        .collect();
    Ok(Json(json!({
        "id": actor.id.to_string(),
        "username": username,
        "first_name": first,
        "last_name": last,
        "roles": role_names(&actor),
        "organisations": orgs,
    })))
}

#[derive(Deserialize)]
pub struct OrgQuery {
    limit: Option<usize>,
    skip: Option<usize>,
    q: Option<String>,
}

/// `GET /aanleverapi/organisation?limit=&skip=&q=`.
pub async fn organisations(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    query: Result<Query<OrgQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, CompatError> {
    let Ok(Query(q)) = query else {
        return Err(CompatError::unprocessable(vec![
            super::errors::validation_item(
                vec![json!("query")],
                "limit and skip must be whole numbers",
                "int_parsing",
            ),
        ]));
    };
    let needle = q.q.as_deref().map(str::to_lowercase).unwrap_or_default();
    let matching: Vec<Organisation> = organisations_of(&state, &actor)
        .await?
        .into_iter()
        .filter(|o| needle.is_empty() || o.name.to_lowercase().contains(&needle))
        .collect();
    let count = matching.len();
    let page: Vec<Value> = matching
        .iter()
        .skip(q.skip.unwrap_or(0))
        .take(q.limit.unwrap_or(usize::MAX))
        .map(organisation_config)
        .collect();
    Ok(Json(json!({ "organisations": page, "count": count })))
}
