//! `/aanleverapi/v1_0/organizations/{org}/…`: an organisation's descriptions in the old register's
//! shapes. Each handler resolves the organisation and ID, calls one register service, and translates.

use algoreg_register::domain::{Actor, AlgorithmId, Organisation};
use algoreg_register::standard::{Document, ProblemKind, StandardVersion};
use algoreg_register::{DescriptionView, ListQuery, Register, VersionRow};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::errors::{problem_item, validation_item};
use super::{CompatError, organisation_for, state_name};
use crate::SharedState;
use crate::auth::CompatActor;

/// The fields `AlgorithmIn` requires.
const REQUIRED: [&str; 7] = [
    "name",
    "description_short",
    "organization",
    "status",
    "contact_email",
    "publication_category",
    "lang",
];

/// Keys that clients send but the register fills in itself.
const IGNORED: [&str; 4] = ["lars", "publication_dt", "create_dt", "state"];

/// The reason recorded (and shown publicly) when a description is withdrawn through this API, which
/// asks for none.
const RETRACT_REASON: &str = "Ingetrokken door de organisatie.";

/// Reads a request body as a description of standard 1.0, with the old register's leniency: ignored
/// system keys, empty strings and nulls as absent, a missing version as 1.0. Problems of shape (a
/// missing required field, a wrong type, a value outside a list) are a 422 and nothing is saved;
/// other problems are kept with the draft, as in every door.
fn read_document(body: &Bytes) -> Result<Document, CompatError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        CompatError::unprocessable(vec![validation_item(
            vec![json!("body"), json!(e.column())],
            "The body is not valid JSON",
            "json_invalid",
        )])
    })?;
    let Value::Object(mut doc) = value else {
        return Err(CompatError::unprocessable(vec![validation_item(
            vec![json!("body")],
            "The body must be a JSON object",
            "model_attributes_type",
        )]));
    };
    for k in IGNORED {
        doc.remove(k);
    }
    doc.retain(|_, v| !(v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty())));
    doc.entry("standard_version")
        .or_insert_with(|| json!("1.0"));
    if doc.get("standard_version") != Some(&json!("1.0")) {
        return Err(CompatError::unprocessable(vec![validation_item(
            vec![json!("body"), json!("standard_version")],
            "The value must be '1.0' at this address",
            "enum",
        )]));
    }
    let shape: Vec<Value> = algoreg_register::standard::validate(StandardVersion::V1_0, &doc)
        .iter()
        .filter(|p| match &p.kind {
            ProblemKind::Required => {
                REQUIRED.contains(&p.path.as_str()) || p.path.contains(['[', '.'])
            }
            ProblemKind::WrongType { .. }
            | ProblemKind::NotAllowed { .. }
            | ProblemKind::UnknownVersion => true,
            _ => false,
        })
        .map(problem_item)
        .collect();
    if !shape.is_empty() {
        return Err(CompatError::unprocessable(shape));
    }
    Ok(doc)
}

fn language(lang: &str) -> &'static str {
    match lang {
        "eng" => "ENG",
        "fry" => "FRY",
        _ => "NLD",
    }
}

/// A version as the old register's algorithm object: every field of 1.0, plus `lars`, `create_dt`,
/// `language` and `state`.
fn algorithm_object(id: AlgorithmId, v: &VersionRow) -> Result<Value, CompatError> {
    let doc: Document = serde_json::from_str(&v.document).map_err(|e| {
        CompatError::from(algoreg_register::RegisterError::Internal(format!(
            "stored document unreadable: {e}"
        )))
    })?;
    let version =
        StandardVersion::parse(&v.columns.standard_version).unwrap_or(StandardVersion::V1_0);
    let mut doc = if version == StandardVersion::V1_0 {
        doc
    } else {
        algoreg_register::standard::to_v1(version, &doc)
    };
    // Drafts saved through other doors may lack required fields; clients expect the keys.
    for k in REQUIRED {
        doc.entry(k).or_insert_with(|| json!(""));
    }
    if doc
        .get("lang")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        doc.insert("lang".into(), json!("nld"));
    }
    doc.insert("standard_version".into(), json!("1.0"));
    let lang = doc.get("lang").and_then(Value::as_str).unwrap_or("nld");
    let language = language(lang);
    doc.insert("lars".into(), json!(id.to_string()));
    doc.insert(
        "publication_dt".into(),
        v.published_at.map_or(Value::Null, |t| {
            json!(t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        }),
    );
    doc.insert(
        "create_dt".into(),
        json!(
            v.created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        ),
    );
    doc.insert("language".into(), json!(language));
    doc.insert("state".into(), json!(state_name(v.state)));
    Ok(Value::Object(doc))
}

/// The organisation and description a path names, when the actor may work with both and the
/// description belongs to the organisation; otherwise "not found".
async fn description_in(
    state: &SharedState,
    actor: &Actor,
    org: &str,
    id: &str,
) -> Result<(Organisation, DescriptionView), CompatError> {
    let org = organisation_for(state, actor, org).await?;
    let id = Register::parse_id(id)?;
    let view = state.register.get(Some(actor), id).await?;
    if view.description.org != org.code || !actor.may_read_internal(&org.code) {
        return Err(CompatError::not_found());
    }
    Ok((org, view))
}

type Answer = Result<Json<Value>, CompatError>;

/// `GET …/algorithms`: every description of the organisation, in any state.
pub async fn list(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path(org): Path<String>,
) -> Answer {
    let org = organisation_for(&state, &actor, &org).await?;
    let mut out = Vec::new();
    let mut page = 1;
    loop {
        let p = state
            .register
            .list(
                Some(&actor),
                &ListQuery {
                    org: Some(org.code.to_string()),
                    page,
                    per_page: 100,
                },
            )
            .await?;
        let done = p.items.len() < 100 || page * 100 >= p.total;
        for s in p.items {
            out.push(json!({
                "name": s.name,
                "schema_version": s.standard_version,
                "last_update_dt": s.last_change_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                "lars": s.id.to_string(),
                "source_id": s.source_id,
                "published": s.published,
                "current_version_released": s.head_state == algoreg_register::domain::VersionState::Submitted,
                "current_version_published": s.head_state == algoreg_register::domain::VersionState::Published,
                "last_update_by": s.last_change_by,
            }));
        }
        if done {
            break;
        }
        page += 1;
    }
    Ok(Json(Value::Array(out)))
}

/// `POST …/algorithms`: a new description with its first draft.
pub async fn create(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path(org): Path<String>,
    body: Bytes,
) -> Answer {
    let org = organisation_for(&state, &actor, &org).await?;
    let doc = read_document(&body)?;
    let saved = state
        .register
        .create(&actor, org.code.as_str(), &doc)
        .await?;
    Ok(Json(json!({ "lars_code": saved.id.to_string() })))
}

/// `GET …/algorithms/{id}`: the newest version, in any state.
pub async fn get_one(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path((org, id)): Path<(String, String)>,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    let v = view.newest().ok_or_else(CompatError::not_found)?;
    Ok(Json(algorithm_object(view.description.id, v)?))
}

/// `PUT …/algorithms/{id}`: a new draft; `{"message": "NO_CHANGES"}` when it equals the newest one.
pub async fn update(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path((org, id)): Path<(String, String)>,
    body: Bytes,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    let doc = read_document(&body)?;
    match state
        .register
        .save_draft_if_changed(&actor, view.description.id, &doc)
        .await?
    {
        None => Ok(Json(json!({ "message": "NO_CHANGES" }))),
        Some(_) => Ok(Json(Value::Null)),
    }
}

/// `GET …/published-algorithms/{id}`: the public version; 404 when there is none.
pub async fn get_published(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path((org, id)): Path<(String, String)>,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    let v = view.published().ok_or_else(CompatError::not_found)?;
    Ok(Json(algorithm_object(view.description.id, v)?))
}

/// `GET …/algorithms/{id}/preview`: the back-office's preview of the newest version, exactly as the
/// public page will show it (for members of the organisation, after logging in).
pub async fn preview(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path((org, id)): Path<(String, String)>,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    Ok(Json(json!({
        "url": format!(
            "{}/beheer/algoritme/{}/voorbeeld",
            state.public_url, view.description.id
        )
    })))
}

/// `PUT …/algorithms/{id}/release`: the editor hands the draft on (submit).
pub async fn release(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path((org, id)): Path<(String, String)>,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    state
        .register
        .submit(&actor, view.description.id, None)
        .await?;
    Ok(Json(Value::Null))
}

/// `PUT …/algorithms/{id}/publish`: an approver (or the central team) publishes.
pub async fn publish(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path((org, id)): Path<(String, String)>,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    state
        .register
        .publish(&actor, view.description.id, None)
        .await?;
    Ok(Json(json!({ "message": "PUBLISHED" })))
}

/// `DELETE …/published-algorithms/{id}/retract`: withdraws the public version.
pub async fn retract(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path((org, id)): Path<(String, String)>,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    state
        .register
        .retract(&actor, view.description.id, RETRACT_REASON)
        .await?;
    Ok(Json(json!({})))
}

/// The version number of an `ArchiveVersionRequest`, which must be a version of this description.
fn version_in_body(body: &Bytes, view: &DescriptionView) -> Result<i64, CompatError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        CompatError::unprocessable(vec![validation_item(
            vec![json!("body"), json!(e.column())],
            "The body is not valid JSON",
            "json_invalid",
        )])
    })?;
    let n = match value.get("algorithm_version_id") {
        None => {
            return Err(CompatError::unprocessable(vec![validation_item(
                vec![json!("body"), json!("algorithm_version_id")],
                "This field is required",
                "missing",
            )]));
        }
        Some(v) => v.as_i64().ok_or_else(|| {
            CompatError::unprocessable(vec![validation_item(
                vec![json!("body"), json!("algorithm_version_id")],
                "The value must be a whole number",
                "int_type",
            )])
        })?,
    };
    // Only a version of this very description (the old server accepted any).
    if !view.versions.iter().any(|v| v.n == n) {
        return Err(CompatError::not_found());
    }
    Ok(n)
}

/// `PUT …/algorithms/{id}/archive_version`: archives the description the version belongs to.
pub async fn archive_version(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path((org, id)): Path<(String, String)>,
    body: Bytes,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    version_in_body(&body, &view)?;
    state
        .register
        .archive(&actor, view.description.id, "")
        .await?;
    Ok(Json(json!({})))
}

/// `PUT …/algorithms/{id}/unarchive_version`: the register keeps archiving final, so this answers
/// 409 for a valid request (after the same checks as archiving).
pub async fn unarchive_version(
    State(state): State<SharedState>,
    CompatActor(actor): CompatActor,
    Path((org, id)): Path<(String, String)>,
    body: Bytes,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    version_in_body(&body, &view)?;
    Err(CompatError::new(
        axum::http::StatusCode::CONFLICT,
        format!(
            "The algorithm is in state {}: archiving cannot be undone in this register",
            view.newest().map_or("ARCHIVED", |v| state_name(v.state))
        ),
    ))
}
