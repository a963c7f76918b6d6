//! `/aanleverapi/{v1_0,v0_4,v0_1}/organizations/{org}/…`: an organisation's descriptions in the old
//! register's shapes. Each handler resolves the organisation and ID, calls one register service, and
//! translates. The same handlers serve every version, parameterised by [`AddressVersion`]:
//!
//! - A document posted to an address is read as that address's version of the standard (a missing
//!   `standard_version` is filled in with it; another one is a 422) and stored in it, as the register
//!   keeps every version in the standard it was written in.
//! - A description is answered at every address in the version of the standard it was written in,
//!   which its `standard_version` says: the old register's contract answers "any of the algorithm
//!   standards" (`anyOf` 0.1 … 1.0) at `v1_0` too. Mapping an old description to 1.0 would answer a
//!   1.0 object that is not valid (`publication_category` cannot be derived), and no mapping from 1.0
//!   back to an older version exists.

use algoreg_register::domain::{Actor, AlgorithmId, Organisation};
use algoreg_register::standard::{Document, ProblemKind, StandardVersion};
use algoreg_register::{DescriptionView, ListQuery, Register, VersionRow};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use super::errors::{problem_item, validation_item};
use super::{AddressVersion, CompatError, organisation_for, state_name};
use crate::SharedState;
use crate::auth::CompatActor;

/// The fields the old register's `AlgorithmIn` requires: those its version of the standard requires
/// (for 1.0: `name`, `description_short`, `organization`, `status`, `contact_email`,
/// `publication_category`, `lang`).
fn required(version: StandardVersion) -> impl Iterator<Item = &'static str> {
    algoreg_register::standard::standard(version)
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key.as_str())
}

/// The largest body this API reads (1 MiB, as the write API).
const BODY_LIMIT: usize = 1024 * 1024;

/// A request body of at most [`BODY_LIMIT`] bytes; a larger one is a 413 in FastAPI's shape.
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = CompatError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let too_large = || {
            CompatError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "Request body too large: it may be at most {} KiB",
                    BODY_LIMIT / 1024
                ),
            )
        };
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > BODY_LIMIT) {
            return Err(too_large());
        }
        axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map(Body)
            .map_err(|_| too_large())
    }
}

/// Keys that clients send but the register fills in itself.
const IGNORED: [&str; 4] = ["lars", "publication_dt", "create_dt", "state"];

/// The reason recorded (and shown publicly) when a description is withdrawn through this API, which
/// asks for none.
const RETRACT_REASON: &str = "Ingetrokken door de organisatie.";

/// Reads a request body as a description of the address's version of the standard, with the old
/// register's leniency: ignored system keys, empty strings and nulls as absent, a missing version as
/// the address's. Problems of shape (a missing required field, a wrong type, a value outside a list)
/// are a 422 and nothing is saved; other problems are kept with the draft, as in every door.
fn read_document(version: StandardVersion, body: &Bytes) -> Result<Document, CompatError> {
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
    let wire = version.as_str();
    let stated = doc.entry("standard_version").or_insert_with(|| json!(wire));
    if stated.as_str() != Some(wire) {
        return Err(CompatError::unprocessable(vec![validation_item(
            vec![json!("body"), json!("standard_version")],
            &format!("The value must be '{wire}' at this address"),
            "enum",
        )]));
    }
    let shape: Vec<Value> = algoreg_register::standard::validate(version, &doc)
        .iter()
        .filter(|p| match &p.kind {
            ProblemKind::Required => {
                required(version).any(|k| k == p.path) || p.path.contains(['[', '.'])
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

/// A version as the old register's algorithm object, in the version of the standard it was written in
/// (see the module's documentation): every field, plus `lars`, `create_dt`, `language` and `state`.
fn algorithm_object(id: AlgorithmId, v: &VersionRow) -> Result<Value, CompatError> {
    let mut doc: Document = serde_json::from_str(&v.document).map_err(|e| {
        CompatError::from(algoreg_register::RegisterError::Internal(format!(
            "stored document unreadable: {e}"
        )))
    })?;
    let version =
        StandardVersion::parse(&v.columns.standard_version).unwrap_or(StandardVersion::V1_0);
    // Drafts saved through other doors may lack required fields; clients expect the keys.
    for k in required(version) {
        doc.entry(k).or_insert_with(|| json!(""));
    }
    if version == StandardVersion::V1_0
        && doc
            .get("lang")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
    {
        doc.insert("lang".into(), json!("nld"));
    }
    doc.insert("standard_version".into(), json!(version.as_str()));
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
    AddressVersion(version): AddressVersion,
    Path(org): Path<String>,
    Body(body): Body,
) -> Answer {
    let org = organisation_for(&state, &actor, &org).await?;
    let doc = read_document(version, &body)?;
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
    AddressVersion(version): AddressVersion,
    Path((org, id)): Path<(String, String)>,
    Body(body): Body,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    let doc = read_document(version, &body)?;
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
    Body(body): Body,
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
    Body(body): Body,
) -> Answer {
    let (_, view) = description_in(&state, &actor, &org, &id).await?;
    version_in_body(&body, &view)?;
    Err(CompatError::new(
        StatusCode::CONFLICT,
        format!(
            "The algorithm is in state {}: archiving cannot be undone in this register",
            view.newest().map_or("ARCHIVED", |v| state_name(v.state))
        ),
    ))
}
