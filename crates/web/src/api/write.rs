//! The write API under `/api/v1`: create and update descriptions (`If-Match` on updates), state
//! changes, the caller's own descriptions in every state, validation without saving, and bulk upserts
//! by `source_id`. Every route needs a bearer token; answers are never cached (`no-store`) and never go
//! through the public answer cache. Handlers read the request, call one register service and render.

use algoreg_register::domain::{Action, Actor, AlgorithmId, VersionState};
use algoreg_register::standard::Document;
use algoreg_register::{
    BulkItem, BulkReport, BulkResult, DescriptionView, ListQuery, Register, RegisterError,
};
use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::algorithms::{Link, OrganisationRef, PageLinks, organisation_ref, page_links};
use super::input::{
    BULK_LIMIT, DOCUMENT_LIMIT, etag, idempotent, if_match, parse_json, precondition, read_body,
    require_if_match,
};
use super::problem::{FieldProblem, InvalidParam};
use super::{Problem, json, query_pairs};
use crate::SharedState;
use crate::auth::ApiActor;

pub fn router() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(create_algorithm))
        .routes(routes!(update_algorithm))
        .routes(routes!(submit_algorithm))
        .routes(routes!(publish_algorithm))
        .routes(routes!(reject_algorithm))
        .routes(routes!(retract_algorithm))
        .routes(routes!(archive_algorithm))
        .routes(routes!(list_my_algorithms))
        .routes(routes!(get_my_algorithm))
        .routes(routes!(validate_document))
        .routes(routes!(bulk_upsert))
}

/// Service errors of the write routes: as everywhere, except that "not found" does not say
/// "published" (these routes see drafts too).
pub(crate) fn problem(e: RegisterError) -> Problem {
    match e {
        RegisterError::NotFound => {
            Problem::not_found("There is no description with this ID among those you work on.")
        }
        other => Problem::from(other),
    }
}

/// A JSON answer that no cache may keep (it depends on who asks).
pub(crate) fn private_json<T: Serialize>(
    status: StatusCode,
    value: &T,
    version: Option<i64>,
) -> Result<Response, Problem> {
    let mut res = (status, json(value)?).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(v) = version.and_then(|v| HeaderValue::from_str(&etag(v)).ok()) {
        h.insert(header::ETAG, v);
    }
    Ok(res)
}

fn parse_id(id: &str) -> Result<AlgorithmId, Problem> {
    Register::parse_id(id).map_err(Problem::from)
}

/// A new description: its organisation and its document.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRequest {
    /// The organisation's code, e.g. `gm0363`. May be left out by a caller who works for one
    /// organisation only (such as an API client).
    pub organisation: Option<String>,
    /// The description: the publication standard's fields under their keys (`name`,
    /// `description_short`, …); `standard_version` defaults to `1.0`. Unknown keys are dropped.
    #[schema(value_type = Object)]
    pub document: Document,
}

/// A new version of a description's document.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRequest {
    /// The whole document (not a patch), as in `CreateRequest`.
    #[schema(value_type = Object)]
    pub document: Document,
}

/// What a state change may carry.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    /// Why: required to reject or retract (shown to the public for a retraction), optional to
    /// archive, not taken by submit and publish. At most 1,000 characters.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WriteLinks {
    /// The description as its organisation sees it.
    #[serde(rename = "self")]
    pub self_: Link,
}

/// A saved draft.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SavedAlgorithm {
    pub id: String,
    /// The number of the new version (also in the `ETag` header, as `"v{version}"`).
    pub version: i64,
    /// The version's ETag: send it in `If-Match` to change the description.
    pub etag: String,
    /// Always `draft`.
    pub state: String,
    /// What still keeps this draft from being submitted (required fields that are empty).
    pub problems: Vec<FieldProblem>,
    #[serde(rename = "_links")]
    pub links: WriteLinks,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyAlgorithmLinks {
    #[serde(rename = "self")]
    pub self_: Link,
    /// The public description, when a version is published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public: Option<Link>,
}

/// A description as its organisation sees it: the newest version in whatever state it is.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyAlgorithm {
    pub id: String,
    pub organisation: OrganisationRef,
    /// The organisation's own ID for the description, when it gave one.
    pub source_id: Option<String>,
    /// The description as a whole: `draft`, `submitted`, `published`, `published-with-draft`,
    /// `rejected`, `retracted` or `archived`.
    pub status: String,
    /// The newest version's number (also in the `ETag` header).
    pub version: i64,
    /// The newest version's ETag, for `If-Match`.
    pub etag: String,
    /// The newest version's state: `draft`, `submitted`, `published`, `rejected`, `retracted` or
    /// `archived`.
    pub state: String,
    /// Why it was rejected, retracted or archived.
    pub state_reason: Option<String>,
    /// The number of the version the public sees, if any.
    pub published_version: Option<i64>,
    pub standard_version: String,
    /// 0–100: how much of the standard is filled in.
    pub completeness: u8,
    pub created_at: DateTime<Utc>,
    pub last_change_at: DateTime<Utc>,
    pub last_change_by: String,
    /// What keeps the newest version from being submitted or published (empty when it is valid).
    pub problems: Vec<FieldProblem>,
    /// The newest version's document, normalised as stored.
    #[schema(value_type = Object)]
    pub document: serde_json::Value,
    #[serde(rename = "_links")]
    pub links: MyAlgorithmLinks,
}

fn my_algorithm(base: &str, v: &DescriptionView) -> Result<MyAlgorithm, Problem> {
    let head = v.newest().ok_or_else(|| {
        Problem::from(RegisterError::Internal(
            "a description without versions".into(),
        ))
    })?;
    let id = v.description.id.as_string();
    let doc: Document = serde_json::from_str(&head.document).map_err(|e| {
        Problem::from(RegisterError::Internal(format!(
            "stored document unreadable: {e}"
        )))
    })?;
    let problems =
        algoreg_register::standard::StandardVersion::parse(&head.columns.standard_version)
            .map(|sv| algoreg_register::standard::validate(sv, &doc))
            .unwrap_or_default();
    Ok(MyAlgorithm {
        organisation: organisation_ref(
            v.organisation.code.as_str(),
            &v.organisation.name,
            v.organisation.org_type.as_str(),
        ),
        source_id: v.description.source_id.clone(),
        status: v.status.as_str().to_owned(),
        version: head.n,
        etag: etag(head.n),
        state: head.state.as_str().to_owned(),
        state_reason: head.state_reason.clone(),
        published_version: v.description.published_n,
        standard_version: head.columns.standard_version.clone(),
        completeness: head.columns.completeness,
        created_at: v.description.created_at,
        last_change_at: head.state_changed_at,
        last_change_by: head.author_name.clone(),
        problems: problems.iter().map(FieldProblem::from).collect(),
        document: serde_json::Value::Object(doc),
        links: MyAlgorithmLinks {
            self_: Link {
                href: format!("{base}/api/v1/my/algorithms/{id}"),
            },
            public: v.description.published_n.map(|_| Link {
                href: format!("{base}/api/v1/algorithms/{id}"),
            }),
        },
        id,
    })
}

fn saved(base: &str, s: &algoreg_register::Saved) -> SavedAlgorithm {
    let id = s.id.as_string();
    SavedAlgorithm {
        version: s.version,
        etag: etag(s.version),
        state: VersionState::Draft.as_str().to_owned(),
        problems: s.problems.iter().map(FieldProblem::from).collect(),
        links: WriteLinks {
            self_: Link {
                href: format!("{base}/api/v1/my/algorithms/{id}"),
            },
        },
        id,
    }
}

/// The organisation a caller means: the one named, or the only one they work for.
pub(crate) fn organisation_of(actor: &Actor, named: Option<String>) -> Result<String, Problem> {
    if let Some(code) = named {
        return Ok(code);
    }
    match actor.organisations().as_slice() {
        [one] => Ok(one.as_str().to_owned()),
        _ => Err(Problem::from(RegisterError::InvalidParams(vec![
            algoreg_register::InvalidParam {
                name: "organisation".into(),
                reason: "you work for more than one organisation (or none): name the organisation"
                    .into(),
                allowed: actor
                    .organisations()
                    .iter()
                    .map(|o| o.as_str().to_owned())
                    .collect(),
            },
        ]))),
    }
}

/// Create a description.
///
/// Saves the document as the first draft of a new description. A draft may be incomplete (the
/// answer lists what is still missing), but a document with wrong values (wrong types, values outside
/// their list, bad dates or links, too long texts) is refused with every problem and nothing is saved.
#[utoipa::path(
    post,
    path = "/api/v1/algorithms",
    tag = "write",
    request_body = CreateRequest,
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique text (such as a UUID): a repeat of this request within 24 hours gets the first answer again"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created; `Location` and `ETag` name the new description and version", body = SavedAlgorithm,
            headers(("Location" = String, description = "The new description"), ("ETag" = String, description = "The version's ETag, for If-Match"))),
        (status = 400, description = "Malformed JSON, or a bad parameter or header", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still being answered", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body or the document cannot be used; every problem with its path", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_algorithm(
    State(state): State<SharedState>,
    ApiActor(actor): ApiActor,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let bytes = match read_body(&headers, body, DOCUMENT_LIMIT).await {
        Ok(b) => b,
        Err(p) => return p.into_response(),
    };
    idempotent(
        &state,
        &actor,
        &headers,
        &Method::POST,
        &uri,
        &bytes,
        || async {
            let input: CreateRequest = parse_json(&bytes)?;
            let org = organisation_of(&actor, input.organisation)?;
            let s = state
                .register
                .create_strict(&actor, &org, &input.document)
                .await
                .map_err(problem)?;
            let answer = saved(&state.public_url, &s);
            let mut res = private_json(StatusCode::CREATED, &answer, Some(s.version))?;
            if let Ok(v) = HeaderValue::from_str(&answer.links.self_.href) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            Ok(res)
        },
    )
    .await
}

/// Update a description.
///
/// Saves a new draft version. `If-Match` with the ETag of the version the change started from is
/// required: without it the answer is 428, and when someone saved since, 412 (nothing is
/// overwritten). A published version stays public until the new one is published.
#[utoipa::path(
    put,
    path = "/api/v1/algorithms/{id}",
    tag = "write",
    request_body = UpdateRequest,
    params(
        ("id" = String, Path, description = "The Algoritme-ID"),
        ("If-Match" = String, Header, description = "The ETag of the version this change started from, e.g. \"v3\""),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved as a new draft version", body = SavedAlgorithm,
            headers(("ETag" = String, description = "The new version's ETag"))),
        (status = 400, description = "Malformed JSON or a bad ID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such description among those the caller works on", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Archived descriptions cannot be changed", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match does not name the newest version", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body or the document cannot be used", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update_algorithm(
    State(state): State<SharedState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let run = async {
        let id = parse_id(&id)?;
        let base = require_if_match(&headers)?;
        let bytes = read_body(&headers, body, DOCUMENT_LIMIT).await?;
        let input: UpdateRequest = parse_json(&bytes)?;
        let s = state
            .register
            .save_draft_strict(&actor, id, base, &input.document)
            .await
            .map_err(|e| precondition(e, true))?;
        private_json(
            StatusCode::OK,
            &saved(&state.public_url, &s),
            Some(s.version),
        )
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// One state change, answered with the description as it is afterwards.
async fn act(
    state: SharedState,
    actor: Actor,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Body,
    id: String,
    action: Action,
) -> Response {
    let bytes = match read_body(&headers, body, DOCUMENT_LIMIT).await {
        Ok(b) => b,
        Err(p) => return p.into_response(),
    };
    idempotent(
        &state,
        &actor,
        &headers,
        &Method::POST,
        &uri,
        &bytes,
        || async {
            let id = parse_id(&id)?;
            let version = if_match(&headers)?;
            let input: ActionRequest = if bytes.is_empty() {
                ActionRequest::default()
            } else {
                parse_json(&bytes)?
            };
            state
                .register
                .act_on(&actor, id, version, action, input.reason.as_deref())
                .await
                .map_err(|e| precondition(e, version.is_some()))?;
            let view = state
                .register
                .get_internal(&actor, id)
                .await
                .map_err(problem)?;
            let answer = my_algorithm(&state.public_url, &view)?;
            private_json(StatusCode::OK, &answer, Some(answer.version))
        },
    )
    .await
}

macro_rules! action_route {
    ($name:ident, $action:expr, $path:literal, $summary:literal, $doc:literal, $conflict:literal) => {
        #[doc = $summary]
        #[doc = ""]
        #[doc = $doc]
        #[utoipa::path(
            post,
            path = $path,
            tag = "write",
            request_body(content = Option<ActionRequest>, description = "Optional: `{\"reason\": \"…\"}`"),
            params(
                ("id" = String, Path, description = "The Algoritme-ID"),
                ("If-Match" = Option<String>, Header, description = "Optional: the ETag of the newest version as the caller knows it; a stale one is a 412"),
                ("Idempotency-Key" = Option<String>, Header, description = "Any unique text: a repeat within 24 hours gets the first answer again"),
            ),
            security(("bearer" = [])),
            responses(
                (status = 200, description = "Done: the description as it is now", body = MyAlgorithm,
                    headers(("ETag" = String, description = "The newest version's ETag"))),
                (status = 400, description = "A bad ID, header or reason", body = Problem, content_type = "application/problem+json"),
                (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
                (status = 403, description = "Not allowed for this caller (role, four-eyes rule, client scope)", body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such description among those the caller works on", body = Problem, content_type = "application/problem+json"),
                (status = 409, description = $conflict, body = Problem, content_type = "application/problem+json"),
                (status = 413, description = "The body is larger than 1 MiB", body = Problem, content_type = "application/problem+json"),
                (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
                (status = 412, description = "If-Match does not name the newest version", body = Problem, content_type = "application/problem+json"),
                (status = 422, description = "A problem with the body, a missing reason, or (submit, publish) a document that is not valid", body = Problem, content_type = "application/problem+json"),
            )
        )]
        async fn $name(
            State(state): State<SharedState>,
            ApiActor(actor): ApiActor,
            OriginalUri(uri): OriginalUri,
            Path(id): Path<String>,
            headers: HeaderMap,
            body: Body,
        ) -> Response {
            act(state, actor, uri, headers, body, id, $action).await
        }
    };
}

action_route!(
    submit_algorithm,
    Action::Submit,
    "/api/v1/algorithms/{id}/submit",
    "Submit the newest draft for approval.",
    "The draft must be valid against the standard (a 422 lists every problem otherwise).",
    "The newest version is not a draft"
);
action_route!(
    publish_algorithm,
    Action::Publish,
    "/api/v1/algorithms/{id}/publish",
    "Publish the submitted version.",
    "Four eyes: not by whoever made the last change. Two-step flow: an approver of the organisation; central flow: the register's central publishers.",
    "The newest version is not submitted"
);
action_route!(
    reject_algorithm,
    Action::Reject,
    "/api/v1/algorithms/{id}/reject",
    "Send the submitted version back, with a reason.",
    "Who may: as for publishing.",
    "The newest version is not submitted"
);
action_route!(
    retract_algorithm,
    Action::Retract,
    "/api/v1/algorithms/{id}/retract",
    "Take the public version off the register, with a reason.",
    "The reason is shown to the public.",
    "Nothing is published"
);
action_route!(
    archive_algorithm,
    Action::Archive,
    "/api/v1/algorithms/{id}/archive",
    "Archive the description.",
    "It leaves the public register and can no longer be changed. A reason is optional.",
    "It is archived already"
);

/// One description in the list of the caller's descriptions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyAlgorithmSummary {
    pub id: String,
    /// The organisation's code.
    pub organisation: String,
    pub source_id: Option<String>,
    pub name: String,
    /// The description as a whole (see `MyAlgorithm.status`).
    pub status: String,
    /// The newest version's number and state.
    pub version: i64,
    pub state: String,
    pub completeness: u8,
    pub last_change_at: DateTime<Utc>,
    pub last_change_by: String,
    #[serde(rename = "_links")]
    pub links: WriteLinks,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyAlgorithmList {
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    #[serde(rename = "_links")]
    pub links: PageLinks,
    pub items: Vec<MyAlgorithmSummary>,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MyListParams {
    /// Only this organisation (one the caller works for).
    organisation: Option<String>,
    /// Only descriptions whose newest version is in these states: `draft`, `submitted`,
    /// `published`, `rejected`, `retracted`, `archived` (repeated or comma-separated).
    state: Option<Vec<String>>,
    /// Page number, from 1.
    page: Option<i64>,
    /// Results per page, 1 to 100 (default 20).
    page_size: Option<i64>,
}

const STATES: [VersionState; 6] = [
    VersionState::Draft,
    VersionState::Submitted,
    VersionState::Published,
    VersionState::Rejected,
    VersionState::Retracted,
    VersionState::Archived,
];

/// List the descriptions the caller works on, in every state.
///
/// Newest change first: every description of the caller's organisations (platform roles: of all
/// organisations), whatever the state of its newest version.
#[utoipa::path(
    get,
    path = "/api/v1/my/algorithms",
    tag = "write",
    params(MyListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page", body = MyAlgorithmList),
        (status = 400, description = "A parameter cannot be used", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_my_algorithms(
    State(state): State<SharedState>,
    ApiActor(actor): ApiActor,
    OriginalUri(uri): OriginalUri,
) -> Response {
    let run = async {
        let pairs = query_pairs(&uri)?;
        let mut q = ListQuery {
            org: None,
            page: 1,
            per_page: 20,
        };
        let mut states = Vec::new();
        let mut bad = Vec::new();
        let number = |name: &str, v: &str, max: i64, bad: &mut Vec<InvalidParam>| {
            let n = v.parse::<i64>().ok().filter(|n| (1..=max).contains(n));
            if n.is_none() {
                bad.push(InvalidParam {
                    name: name.into(),
                    reason: format!("{v:?} is not a number from 1 to {max}"),
                    allowed: vec![],
                });
            }
            n
        };
        for (k, v) in &pairs {
            match k.as_str() {
                "organisation" => q.org = Some(v.clone()),
                "state" => {
                    for s in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        match STATES.iter().find(|st| st.as_str() == s) {
                            Some(st) => states.push(*st),
                            None => bad.push(InvalidParam {
                                name: "state".into(),
                                reason: format!("unknown state {s:?}"),
                                allowed: STATES.iter().map(|s| s.as_str().to_owned()).collect(),
                            }),
                        }
                    }
                }
                "page" => q.page = number("page", v, i64::MAX, &mut bad).unwrap_or(1),
                "page_size" => q.per_page = number("page_size", v, 100, &mut bad).unwrap_or(20),
                other => bad.push(InvalidParam {
                    name: other.into(),
                    reason: "unknown parameter".into(),
                    allowed: ["organisation", "state", "page", "page_size"]
                        .map(String::from)
                        .to_vec(),
                }),
            }
        }
        if !bad.is_empty() {
            return Err(Problem::invalid_params(bad));
        }
        let page = state
            .register
            .list_in_states(Some(&actor), &q, &states)
            .await
            .map_err(problem)?;
        let base = &state.public_url;
        let last = ((page.total + page.per_page - 1) / page.per_page).max(1);
        let list = MyAlgorithmList {
            total: page.total,
            page: page.page,
            page_size: page.per_page,
            links: page_links(base, "/api/v1/my/algorithms", &pairs, page.page, last),
            items: page
                .items
                .into_iter()
                .map(|s| {
                    let id = s.id.as_string();
                    MyAlgorithmSummary {
                        links: WriteLinks {
                            self_: Link {
                                href: format!("{base}/api/v1/my/algorithms/{id}"),
                            },
                        },
                        id,
                        organisation: s.org.as_str().to_owned(),
                        source_id: s.source_id,
                        name: s.name,
                        status: s.status.as_str().to_owned(),
                        version: s.head,
                        state: s.head_state.as_str().to_owned(),
                        completeness: s.completeness,
                        last_change_at: s.last_change_at,
                        last_change_by: s.last_change_by,
                    }
                })
                .collect(),
        };
        private_json(StatusCode::OK, &list, None)
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// Get a description the caller works on, in whatever state.
///
/// The newest version with its document, what keeps it from being submitted, and its ETag for
/// `If-Match`. Descriptions of other organisations are 404, also when they are published.
#[utoipa::path(
    get,
    path = "/api/v1/my/algorithms/{id}",
    tag = "write",
    params(("id" = String, Path, description = "The Algoritme-ID")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The description", body = MyAlgorithm,
            headers(("ETag" = String, description = "The newest version's ETag, for If-Match"))),
        (status = 400, description = "Not a valid Algoritme-ID", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such description among those the caller works on", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_my_algorithm(
    State(state): State<SharedState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Response {
    let run = async {
        let id = parse_id(&id)?;
        let view = state
            .register
            .get_internal(&actor, id)
            .await
            .map_err(problem)?;
        let answer = my_algorithm(&state.public_url, &view)?;
        private_json(StatusCode::OK, &answer, Some(answer.version))
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// A document to check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
    /// The description, as in `CreateRequest`.
    #[schema(value_type = Object)]
    pub document: Document,
}

/// The result of a check.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ValidationResult {
    /// True when there are no problems: the document could be submitted and published as it is.
    pub valid: bool,
    /// The version of the standard it was checked against.
    pub standard_version: String,
    /// Every problem, with its field path, in the standard's field order.
    pub problems: Vec<FieldProblem>,
    /// The document as it would be stored: rich text sanitised, unknown keys dropped.
    #[schema(value_type = Object)]
    pub document: serde_json::Value,
}

/// Check a document without saving it.
///
/// Answers every problem with its field path. Nothing is saved.
#[utoipa::path(
    post,
    path = "/api/v1/validate",
    tag = "write",
    request_body = ValidateRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The result (also when the document has problems)", body = ValidationResult),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body is not of this shape", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn validate_document(ApiActor(_actor): ApiActor, headers: HeaderMap, body: Body) -> Response {
    let run = async {
        let bytes = read_body(&headers, body, DOCUMENT_LIMIT).await?;
        let input: ValidateRequest = parse_json(&bytes)?;
        let v = Register::validate_document(&input.document);
        private_json(
            StatusCode::OK,
            &ValidationResult {
                valid: v.valid,
                standard_version: v.standard_version.as_str().to_owned(),
                problems: v.problems.iter().map(FieldProblem::from).collect(),
                document: serde_json::Value::Object(v.document),
            },
            None,
        )
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// One description of a bulk upsert.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkItemRequest {
    /// The organisation's own ID for the description (at most 100 characters); it is stored as the
    /// document's `source_id`.
    pub source_id: String,
    /// The description, as in `CreateRequest`. It must be valid against the standard.
    #[schema(value_type = Object)]
    pub document: Document,
}

/// Many descriptions of one organisation, at most 1,000.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    pub items: Vec<BulkItemRequest>,
}

/// What became of one item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BulkItemResult {
    /// The item's place in the request, from 0.
    pub index: usize,
    pub source_id: String,
    /// `created`, `updated` (a new draft version), `unchanged` (nothing written) or `invalid`. When
    /// the batch was refused, the results of the other items say what would have happened.
    pub result: String,
    /// The Algoritme-ID (absent for items that would have been created).
    pub id: Option<String>,
    /// The newest version after the upsert (absent when the batch was refused).
    pub version: Option<i64>,
    /// For `invalid`: every problem of the document, with its field path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<FieldProblem>,
    /// For `invalid`: why the description cannot be changed, when that is the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer of a bulk upsert.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BulkResultList {
    /// True when the batch was written (all of it); false when nothing was written.
    pub committed: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub invalid: usize,
    pub items: Vec<BulkItemResult>,
}

/// A refused bulk upsert: a problem report, with every item's result when the items were checked
/// (`bulk-refused`); without them when the body itself cannot be used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BulkRefused {
    #[serde(flatten)]
    pub problem: Problem,
    /// Always false: nothing was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unchanged: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid: Option<usize>,
    /// Every item's result (see `BulkResultList`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<BulkItemResult>>,
}

fn bulk_result(r: BulkReport) -> BulkResultList {
    BulkResultList {
        committed: r.committed,
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
        invalid: r.invalid,
        items: r
            .items
            .into_iter()
            .map(|i| BulkItemResult {
                index: i.index,
                source_id: i.source_id,
                result: match i.result {
                    BulkResult::Created => "created",
                    BulkResult::Updated => "updated",
                    BulkResult::Unchanged => "unchanged",
                    BulkResult::Invalid => "invalid",
                }
                .to_owned(),
                id: i.id.map(|id| id.as_string()),
                version: i.version,
                problems: i.problems.iter().map(FieldProblem::from).collect(),
                reason: i.denied.map(|d| d.to_string()),
            })
            .collect(),
    }
}

/// Create or update many descriptions of one organisation by their `source_id`.
///
/// All or nothing, in one transaction: an item whose `source_id` is new creates a description, one
/// whose document changed saves a new draft version, one whose document is the same writes nothing.
/// Every document must be valid; when any item is invalid (or its description cannot be changed),
/// nothing is written and the 422 lists every item's result. At most 1,000 items (32 MiB) per call.
#[utoipa::path(
    post,
    path = "/api/v1/organizations/{code}/algorithms/bulk",
    tag = "write",
    request_body = BulkRequest,
    params(
        ("code" = String, Path, description = "The organisation's code, e.g. `gm0363`"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique text: a repeat within 24 hours gets the first answer again"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Written: every item's result", body = BulkResultList),
        (status = 400, description = "Malformed JSON, or no or too many items", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A concurrent change, or a request with this Idempotency-Key still being answered", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 32 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An item is invalid (nothing written; every item's result), or the body is not of this shape", body = BulkRefused, content_type = "application/problem+json"),
    )
)]
async fn bulk_upsert(
    State(state): State<SharedState>,
    ApiActor(actor): ApiActor,
    OriginalUri(uri): OriginalUri,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let bytes = match read_body(&headers, body, BULK_LIMIT).await {
        Ok(b) => b,
        Err(p) => return p.into_response(),
    };
    idempotent(&state, &actor, &headers, &Method::POST, &uri, &bytes, || async {
        let input: BulkRequest = parse_json(&bytes)?;
        let items = input
            .items
            .into_iter()
            .map(|i| BulkItem {
                source_id: i.source_id,
                document: i.document,
            })
            .collect();
        let report = state
            .register
            .bulk_upsert(&actor, &code, items)
            .await
            .map_err(problem)?;
        if report.committed {
            return private_json(StatusCode::OK, &bulk_result(report), None);
        }
        let report = bulk_result(report);
        let problem = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bulk-refused",
            "Nothing was written",
            format!(
                "{} of {} items cannot be used, so nothing was written. See each item's result.",
                report.invalid,
                report.items.len()
            ),
        );
        let refused = BulkRefused {
            problem,
            committed: Some(false),
            created: Some(report.created),
            updated: Some(report.updated),
            unchanged: Some(report.unchanged),
            invalid: Some(report.invalid),
            items: Some(report.items),
        };
        let mut res = private_json(StatusCode::UNPROCESSABLE_ENTITY, &refused, None)?;
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        Ok(res)
    })
    .await
}
