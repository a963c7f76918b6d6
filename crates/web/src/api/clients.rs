//! `/api/v1/clients`: an organisation's API clients — machines that publish through the APIs — for its
//! organisation admins (and the register's administrators): create (the secret is shown once), list
//! with when each was last used, rotate the secret, revoke. Who may is decided by the register.

use algoreg_register::domain::{Action, Actor};
use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Problem;
use super::algorithms::Link;
use super::input::{DOCUMENT_LIMIT, idempotent, parse_json, read_body};
use super::problem::InvalidParam;
use super::query_pairs;
use super::write::private_json;
use crate::SharedState;
use crate::auth::ApiActor;

pub fn router() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(create_client, list_clients))
        .routes(routes!(rotate_client))
        .routes(routes!(revoke_client))
}

/// Not found, in the words of these routes.
fn problem(e: algoreg_register::RegisterError) -> Problem {
    match e {
        algoreg_register::RegisterError::NotFound => {
            Problem::not_found("There is no API client with this ID among those you manage.")
        }
        other => Problem::from(other),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientLinks {
    #[serde(rename = "self")]
    pub self_: Link,
}

/// An API client.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiClient {
    /// The client's ID, for the token endpoint (`client_id`).
    pub client_id: String,
    /// The organisation it acts for.
    pub organisation: String,
    pub name: String,
    /// What it may do: `save-draft`, `submit`, `publish`, `reject`, `retract`, `archive` — within
    /// what the organisation's roles allow.
    pub allowed_actions: Vec<String>,
    pub created_at: DateTime<Utc>,
    /// When its current secret was made.
    pub secret_set_at: DateTime<Utc>,
    /// When it last got in (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked; a revoked client cannot get tokens, and its tokens stop working.
    pub revoked_at: Option<DateTime<Utc>>,
    #[serde(rename = "_links")]
    pub links: ClientLinks,
}

/// A client with its secret: shown this once, never again.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiClientWithSecret {
    #[serde(flatten)]
    pub client: ApiClient,
    /// The secret, for the token endpoint (`client_secret`). Store it safely: it cannot be shown
    /// again (rotate to get a new one).
    pub client_secret: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiClientList {
    pub items: Vec<ApiClient>,
}

fn client(base: &str, c: algoreg_register::ApiClient) -> ApiClient {
    ApiClient {
        links: ClientLinks {
            self_: Link {
                href: format!("{base}/api/v1/clients/{}", c.client_id),
            },
        },
        client_id: c.client_id,
        organisation: c.org.as_str().to_owned(),
        name: c.name,
        allowed_actions: c
            .allowed_actions
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect(),
        created_at: c.created_at,
        secret_set_at: c.secret_set_at,
        last_used_at: c.last_used_at,
        revoked_at: c.revoked_at,
    }
}

fn with_secret(base: &str, c: algoreg_register::ClientWithSecret) -> ApiClientWithSecret {
    ApiClientWithSecret {
        client_secret: c.secret.expose().to_owned(),
        client: client(base, c.client),
    }
}

/// A new API client.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateClientRequest {
    /// The organisation it acts for; may be left out by an admin of one organisation only.
    pub organisation: Option<String>,
    /// A name that says which system it is, e.g. "Algoritmebeheer (leverancier X)".
    pub name: String,
    /// What it may do: any of `save-draft`, `submit`, `publish`, `reject`, `retract`, `archive`.
    pub allowed_actions: Vec<String>,
}

fn actions(names: &[String]) -> Result<Vec<Action>, Problem> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, n) in names.iter().enumerate() {
        match Action::parse(n.trim()) {
            Some(a) => out.push(a),
            None => bad.push(InvalidParam {
                name: format!("allowed_actions[{i}]"),
                reason: format!("unknown action {n:?}"),
                allowed: Action::ALL.iter().map(|a| a.as_str().to_owned()).collect(),
            }),
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-body",
            "Invalid body",
            "Some allowed actions are unknown.",
        );
        p.invalid_params = bad;
        Err(p)
    }
}

/// The organisation an admin means: the one named, or the only one they work for.
fn organisation_of(actor: &Actor, named: Option<String>) -> Result<String, Problem> {
    super::write::organisation_of(actor, named)
}

/// Create an API client.
///
/// For the organisation's admins. The answer holds the client's secret: it is shown this once.
#[utoipa::path(
    post,
    path = "/api/v1/clients",
    tag = "clients",
    request_body = CreateClientRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Any unique text: a repeat within 24 hours gets the first answer again")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created, with its secret", body = ApiClientWithSecret,
            headers(("Location" = String, description = "The new client"))),
        (status = 400, description = "Malformed JSON or a bad parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still being answered", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body cannot be used (a missing name, unknown actions)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_client(
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
            let input: CreateClientRequest = parse_json(&bytes)?;
            let allowed = actions(&input.allowed_actions)?;
            let org = organisation_of(&actor, input.organisation)?;
            let c = state
                .register
                .create_client(&actor, &org, &input.name, &allowed)
                .await
                .map_err(problem)?;
            let answer = with_secret(&state.public_url, c);
            let mut res = private_json(StatusCode::CREATED, &answer, None)?;
            if let Ok(v) = HeaderValue::from_str(&answer.client.links.self_.href) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            Ok(res)
        },
    )
    .await
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ClientListParams {
    /// The organisation; may be left out by an admin of one organisation only.
    organisation: Option<String>,
}

/// List an organisation's API clients.
///
/// Revoked ones too, newest first, with when each was last used. Never their secrets.
#[utoipa::path(
    get,
    path = "/api/v1/clients",
    tag = "clients",
    params(ClientListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The clients", body = ApiClientList),
        (status = 400, description = "A bad parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_clients(
    State(state): State<SharedState>,
    ApiActor(actor): ApiActor,
    OriginalUri(uri): OriginalUri,
) -> Response {
    let run = async {
        let mut org = None;
        for (k, v) in query_pairs(&uri)? {
            match k.as_str() {
                "organisation" => org = Some(v),
                other => {
                    return Err(Problem::invalid_params(vec![InvalidParam {
                        name: other.into(),
                        reason: "unknown parameter".into(),
                        allowed: vec!["organisation".into()],
                    }]));
                }
            }
        }
        let org = organisation_of(&actor, org)?;
        let list = state
            .register
            .list_clients(&actor, &org)
            .await
            .map_err(problem)?;
        let base = &state.public_url;
        private_json(
            StatusCode::OK,
            &ApiClientList {
                items: list.into_iter().map(|c| client(base, c)).collect(),
            },
            None,
        )
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// Give an API client a new secret.
///
/// The old secret stops working at once. The answer holds the new secret: it is shown this once.
#[utoipa::path(
    post,
    path = "/api/v1/clients/{client_id}/rotate",
    tag = "clients",
    params(
        ("client_id" = String, Path, description = "The client's ID"),
        ("Idempotency-Key" = Option<String>, Header, description = "Any unique text: a repeat within 24 hours gets the first answer again"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The client with its new secret", body = ApiClientWithSecret),
        (status = 400, description = "A bad Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of the client's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client among those the caller manages", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The client is revoked, or a request with this Idempotency-Key is still being answered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "This Idempotency-Key was used for another request", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn rotate_client(
    State(state): State<SharedState>,
    ApiActor(actor): ApiActor,
    OriginalUri(uri): OriginalUri,
    Path(client_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    idempotent(
        &state,
        &actor,
        &headers,
        &Method::POST,
        &uri,
        b"",
        || async {
            let c = state
                .register
                .rotate_client_secret(&actor, &client_id)
                .await
                .map_err(problem)?;
            private_json(StatusCode::OK, &with_secret(&state.public_url, c), None)
        },
    )
    .await
}

/// Revoke an API client.
///
/// For good: it can no longer get tokens, and the tokens it has stop working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/clients/{client_id}",
    tag = "clients",
    params(("client_id" = String, Path, description = "The client's ID")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Revoked: the client as it is now", body = ApiClient),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of the client's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client among those the caller manages", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn revoke_client(
    State(state): State<SharedState>,
    ApiActor(actor): ApiActor,
    Path(client_id): Path<String>,
) -> Response {
    let run = async {
        let c = state
            .register
            .revoke_client(&actor, &client_id)
            .await
            .map_err(problem)?;
        private_json(StatusCode::OK, &client(&state.public_url, c), None)
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}
