//! The write API end to end, with real tokens, on SQLite always and on PostgreSQL when
//! `ALGOREG_TEST_POSTGRES_URL` is set. Every answer is checked against the OpenAPI document's schema
//! for its route, method and status.

use std::time::Duration;

use algoreg_register::domain::{Action, OrgRole, PlatformRole};
use algoreg_register::{AuthSettings, NewUserRequest, Register};
use algoreg_store::test_support::{TestDb, backends};
use algoreg_web::{WebConfig, router};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::api::{Answer, Contract, get};

const BASE: &str = "https://register.example";
const PASSWORD: &str = "correct horse battery staple";

struct World {
    app: axum::Router,
    reg: Register,
    contract: Contract,
    editor: String,
    approver: String,
    org_admin: String,
    other_admin: String,
    supervisor: String,
    admin: String,
    _db: TestDb,
}

async fn person(
    reg: &Register,
    email: &str,
    memberships: &[(&str, OrgRole)],
    platform: &[PlatformRole],
) -> String {
    reg.add_user(NewUserRequest {
        email: email.into(),
        name: email.split('@').next().unwrap().into(),
        password: Some(PASSWORD.into()),
        memberships: memberships
            .iter()
            .map(|(o, r)| ((*o).to_owned(), *r))
            .collect(),
        platform_roles: platform.to_vec(),
    })
    .await
    .unwrap();
    reg.token_for_password(email, PASSWORD, None)
        .await
        .unwrap()
        .access_token
        .expose()
        .to_owned()
}

async fn worlds(cache: bool) -> Vec<World> {
    let mut out = Vec::new();
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let app = router(
            reg.clone(),
            WebConfig {
                public_url: BASE.into(),
                api_cache: cache,
                cache_poll: Duration::ZERO,
                ..Default::default()
            },
        );
        let spec = get(&app, "/api/v1/openapi.json", &[]).await.json();
        out.push(World {
            editor: person(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await,
            approver: person(
                &reg,
                "abel@example.nl",
                &[("gm0363", OrgRole::Approver)],
                &[],
            )
            .await,
            org_admin: person(
                &reg,
                "olga@example.nl",
                &[("gm0363", OrgRole::OrgAdmin)],
                &[],
            )
            .await,
            other_admin: person(
                &reg,
                "otto@example.nl",
                &[("gm0599", OrgRole::OrgAdmin)],
                &[],
            )
            .await,
            supervisor: person(&reg, "sara@example.nl", &[], &[PlatformRole::Supervisor]).await,
            admin: person(&reg, "ada@example.nl", &[], &[PlatformRole::Admin]).await,
            app,
            contract: Contract::new(spec),
            reg,
            _db: db,
        });
    }
    out
}

fn valid_doc(name: &str) -> Value {
    json!({
        "name": name,
        "description_short": "Dit algoritme helpt bij het plannen van de route van de vuilniswagen.",
        "organization": "Gemeente Amsterdam",
        "category": ["Natuur en milieu"],
        "status": "In gebruik",
        "begin_date": "2023-04",
        "contact_email": "algoritmes@example.nl",
        "publication_category": "Overige algoritmes",
        "goal": "<p>Minder kilometers rijden.</p>",
        "lawful_basis_grouping": [{"title": "Wet milieubeheer", "link": "https://wetten.overheid.nl/BWBR0003245"}],
        "lang": "nld",
        "standard_version": "1.0"
    })
}

/// A request with a token (or none), headers and a body (JSON unless given as raw bytes).
struct Req {
    method: &'static str,
    uri: String,
    token: Option<String>,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
}

fn req(method: &'static str, uri: impl Into<String>, token: &str) -> Req {
    Req {
        method,
        uri: uri.into(),
        token: Some(token.to_owned()),
        headers: vec![],
        body: None,
    }
}

impl Req {
    fn json(mut self, v: Value) -> Self {
        self.body = Some(serde_json::to_vec(&v).unwrap());
        self.headers
            .push(("content-type", "application/json".into()));
        self
    }
    fn raw(mut self, bytes: Vec<u8>, content_type: &str) -> Self {
        self.body = Some(bytes);
        self.headers.push(("content-type", content_type.into()));
        self
    }
    fn header(mut self, k: &'static str, v: impl Into<String>) -> Self {
        self.headers.push((k, v.into()));
        self
    }
    fn anonymous(mut self) -> Self {
        self.token = None;
        self
    }
}

impl World {
    /// Sends a request and checks the answer against the contract for (method, template).
    async fn send(&mut self, template: &str, r: Req) -> Answer {
        let mut b = Request::builder().method(r.method).uri(&r.uri);
        if let Some(t) = &r.token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in &r.headers {
            b = b.header(*k, v);
        }
        let res = self
            .app
            .clone()
            .oneshot(b.body(Body::from(r.body.unwrap_or_default())).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        let a = Answer {
            status,
            headers,
            body,
        };
        assert!(
            a.status != StatusCode::INTERNAL_SERVER_ERROR,
            "{} {}: {}",
            r.method,
            r.uri,
            String::from_utf8_lossy(&a.body)
        );
        assert_eq!(a.header("api-version"), "1.0.0");
        if a.status.is_client_error() || a.status.is_success() {
            assert_eq!(
                a.header("cache-control"),
                "no-store",
                "{} {}: a write-API answer is never kept by a cache",
                r.method,
                r.uri
            );
        }
        self.contract
            .check_op(&r.method.to_ascii_lowercase(), template, &a);
        a
    }

    /// Creates a description as `token` and returns its ID.
    async fn create(&mut self, token: &str, name: &str) -> String {
        let a = self
            .send(
                "/api/v1/algorithms",
                req("POST", "/api/v1/algorithms", token)
                    .json(json!({"organisation": "gm0363", "document": valid_doc(name)})),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.json());
        a.json()["id"].as_str().unwrap().to_owned()
    }

    async fn my_total(&mut self, token: &str) -> i64 {
        let a = self
            .send(
                "/api/v1/my/algorithms",
                req("GET", "/api/v1/my/algorithms", token),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        a.json()["total"].as_i64().unwrap()
    }

    async fn client_token(&self, allowed: &[Action]) -> String {
        let admin = self.reg.authenticate(&self.org_admin).await.unwrap();
        let c = self
            .reg
            .create_client(&admin, "gm0363", "Beheersysteem", allowed)
            .await
            .unwrap();
        self.reg
            .token_for_client(&c.client.client_id, c.secret.expose())
            .await
            .unwrap()
            .access_token
            .expose()
            .to_owned()
    }
}

fn problem_type(a: &Answer) -> String {
    assert_eq!(a.header("content-type"), "application/problem+json");
    a.json()["type"]
        .as_str()
        .unwrap()
        .trim_start_matches("https://algoreg.nl/problems/")
        .to_owned()
}

#[tokio::test]
async fn write_story_with_etags_four_eyes_and_the_public_view() {
    for mut w in worlds(true).await {
        let (editor, approver) = (w.editor.clone(), w.approver.clone());
        let a = w
            .send(
                "/api/v1/algorithms",
                req("POST", "/api/v1/algorithms", &editor).json(json!({
                    "organisation": "gm0363",
                    "document": {"name": "Route vuilniswagen", "standard_version": "1.0"}
                })),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED);
        assert_eq!(a.header("etag"), "\"v1\"");
        let v = a.json();
        let id = v["id"].as_str().unwrap().to_owned();
        assert_eq!(
            a.header("location"),
            format!("{BASE}/api/v1/my/algorithms/{id}")
        );
        assert_eq!(v["state"], "draft");
        let missing: Vec<&str> = v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["path"].as_str().unwrap())
            .collect();
        assert!(missing.contains(&"description_short"), "{v}");
        assert!(
            v["problems"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["code"] == "required")
        );

        // The public never sees a draft, also not through the answer cache.
        let my = format!("/api/v1/my/algorithms/{id}");
        let a = w
            .send("/api/v1/my/algorithms/{id}", req("GET", &my, &editor))
            .await;
        assert_eq!((a.status, a.header("etag")), (StatusCode::OK, "\"v1\""));
        assert_eq!(a.json()["state"], "draft");
        let public = format!("/api/v1/algorithms/{id}");
        assert_eq!(
            get(&w.app, &public, &[]).await.status,
            StatusCode::NOT_FOUND
        );
        let with_token = format!("Bearer {editor}");
        assert_eq!(
            get(&w.app, &public, &[("authorization", &with_token)])
                .await
                .status,
            StatusCode::NOT_FOUND,
            "the public route shows only published descriptions, whoever asks"
        );

        // Updates need If-Match with the newest version's ETag.
        let put = |etag: Option<&str>| {
            let r = req("PUT", format!("/api/v1/algorithms/{id}"), &editor)
                .json(json!({"document": valid_doc("Route vuilniswagen")}));
            match etag {
                Some(e) => r.header("if-match", e),
                None => r,
            }
        };
        let a = w.send("/api/v1/algorithms/{id}", put(None)).await;
        assert_eq!(a.status, StatusCode::PRECONDITION_REQUIRED);
        assert_eq!(problem_type(&a), "precondition-required");
        for stale in ["\"v9\"", "\"abc\"", "*"] {
            let a = w.send("/api/v1/algorithms/{id}", put(Some(stale))).await;
            assert_eq!(a.status, StatusCode::PRECONDITION_FAILED, "{stale}");
        }
        let a = w.send("/api/v1/algorithms/{id}", put(Some("\"v1\""))).await;
        assert_eq!((a.status, a.header("etag")), (StatusCode::OK, "\"v2\""));
        assert_eq!(a.json()["problems"], json!([]));
        let a = w.send("/api/v1/algorithms/{id}", put(Some("\"v1\""))).await;
        assert_eq!(
            a.status,
            StatusCode::PRECONDITION_FAILED,
            "someone saved v2 since"
        );
        assert!(a.json()["detail"].as_str().unwrap().contains("\"v2\""));

        // Submit (with a stale If-Match first), then four eyes: the editor cannot publish.
        let act = |action: &str, token: &str| {
            req("POST", format!("/api/v1/algorithms/{id}/{action}"), token)
        };
        let t = "/api/v1/algorithms/{id}/submit";
        let a = w
            .send(t, act("submit", &editor).header("if-match", "\"v1\""))
            .await;
        assert_eq!(a.status, StatusCode::PRECONDITION_FAILED);
        let a = w
            .send(t, act("submit", &editor).header("if-match", "\"v2\""))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.json());
        assert_eq!(
            (a.json()["state"].as_str(), a.json()["status"].as_str()),
            (Some("submitted"), Some("submitted"))
        );
        let a = w.send(t, act("submit", &editor)).await;
        assert_eq!(
            (a.status, problem_type(&a)),
            (StatusCode::CONFLICT, "wrong-state".into())
        );
        let t = "/api/v1/algorithms/{id}/publish";
        let a = w.send(t, act("publish", &editor)).await;
        assert_eq!(
            (a.status, problem_type(&a)),
            (StatusCode::FORBIDDEN, "forbidden".into())
        );
        let a = w
            .send(
                t,
                act("publish", &approver).json(json!({"reason": "mag niet"})),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "publish takes no reason");
        let a = w.send(t, act("publish", &approver)).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.json()["published_version"], 2);
        assert_eq!(
            a.json()["_links"]["public"]["href"],
            format!("{BASE}/api/v1/algorithms/{id}")
        );
        assert_eq!(get(&w.app, &public, &[]).await.status, StatusCode::OK);

        // Retract needs a reason; archive does not; an archived description cannot change.
        let t = "/api/v1/algorithms/{id}/retract";
        let a = w.send(t, act("retract", &approver)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(a.json()["problems"][0]["path"], "reason");
        let a = w
            .send(
                t,
                act("retract", &approver).json(json!({"reason": "Niet meer in gebruik"})),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.json()["state_reason"], "Niet meer in gebruik");
        assert_eq!(
            get(&w.app, &public, &[]).await.status,
            StatusCode::NOT_FOUND
        );
        let a = w
            .send("/api/v1/algorithms/{id}/archive", act("archive", &approver))
            .await;
        assert_eq!(
            (a.status, a.json()["status"].as_str()),
            (StatusCode::OK, Some("archived"))
        );
        let a = w.send("/api/v1/algorithms/{id}", put(Some("\"v2\""))).await;
        assert_eq!(a.status, StatusCode::CONFLICT);

        // Reject, on a second description.
        let id2 = w.create(&editor, "Tweede").await;
        let act2 = |action: &str, token: &str| {
            req("POST", format!("/api/v1/algorithms/{id2}/{action}"), token)
        };
        assert_eq!(
            w.send("/api/v1/algorithms/{id}/submit", act2("submit", &editor))
                .await
                .status,
            StatusCode::OK
        );
        let t = "/api/v1/algorithms/{id}/reject";
        assert_eq!(
            w.send(t, act2("reject", &approver)).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let a = w
            .send(
                t,
                act2("reject", &approver).json(json!({"reason": "Doel is onduidelijk"})),
            )
            .await;
        assert_eq!(
            (a.status, a.json()["state"].as_str()),
            (StatusCode::OK, Some("rejected"))
        );

        // The caller's list: every state, filtered by state.
        let a = w
            .send(
                "/api/v1/my/algorithms",
                req(
                    "GET",
                    "/api/v1/my/algorithms?state=archived,rejected",
                    &editor,
                ),
            )
            .await;
        assert_eq!(a.json()["total"], 2);
        let a = w
            .send(
                "/api/v1/my/algorithms",
                req("GET", "/api/v1/my/algorithms?state=draft", &editor),
            )
            .await;
        assert_eq!(a.json()["total"], 0);
        let actor = w.reg.authenticate(&editor).await.unwrap();
        let events = w
            .reg
            .events(&actor, Register::parse_id(&id).unwrap())
            .await
            .unwrap();
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "create",
                "save-draft",
                "submit",
                "publish",
                "retract",
                "archive"
            ]
        );
    }
}

#[tokio::test]
async fn roles_client_scopes_and_other_organisations() {
    for mut w in worlds(false).await {
        let (editor, approver) = (w.editor.clone(), w.approver.clone());
        let id = w.create(&editor, "Route").await;
        let my = format!("/api/v1/my/algorithms/{id}");
        let doc = json!({"document": valid_doc("Anders")});

        // No token, a wrong token, an expired token: 401 with WWW-Authenticate, nothing saved.
        let expired = Register::new(w._db.store.clone())
            .with_auth_settings(AuthSettings {
                person_token_ttl: Duration::ZERO,
                ..AuthSettings::default()
            })
            .token_for_password("eva@example.nl", PASSWORD, None)
            .await
            .unwrap()
            .access_token
            .expose()
            .to_owned();
        for token in [None, Some("nonsense"), Some(expired.as_str())] {
            let mut r = req("POST", "/api/v1/algorithms", token.unwrap_or(""))
                .json(json!({"organisation": "gm0363", "document": valid_doc("Stiekem")}));
            if token.is_none() {
                r = r.anonymous();
            }
            let a = w.send("/api/v1/algorithms", r).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{token:?}");
            assert!(a.header("www-authenticate").starts_with("Bearer"));
            assert_eq!(problem_type(&a), "unauthenticated");
            let r = req("GET", &my, token.unwrap_or(""));
            let r = if token.is_none() { r.anonymous() } else { r };
            assert_eq!(
                w.send("/api/v1/my/algorithms/{id}", r).await.status,
                StatusCode::UNAUTHORIZED
            );
        }

        // Another organisation's admin: the ID does not exist for them (404, never 403).
        let other = w.other_admin.clone();
        assert_eq!(
            w.send("/api/v1/my/algorithms/{id}", req("GET", &my, &other))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let a = w
            .send(
                "/api/v1/algorithms/{id}",
                req("PUT", format!("/api/v1/algorithms/{id}"), &other)
                    .json(doc.clone())
                    .header("if-match", "\"v1\""),
            )
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        for action in ["submit", "publish", "reject", "retract", "archive"] {
            let a = w
                .send(
                    &format!("/api/v1/algorithms/{{id}}/{action}"),
                    req("POST", format!("/api/v1/algorithms/{id}/{action}"), &other)
                        .json(json!({"reason": "weg"})),
                )
                .await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{action}");
        }
        assert_eq!(w.my_total(&other).await, 0);
        // Creating in an organisation one does not work for is forbidden (organisations are public).
        let a = w
            .send(
                "/api/v1/algorithms",
                req("POST", "/api/v1/algorithms", &other)
                    .json(json!({"organisation": "gm0363", "document": valid_doc("X")})),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);

        // A supervisor reads everything and changes nothing.
        let sup = w.supervisor.clone();
        assert_eq!(
            w.send("/api/v1/my/algorithms/{id}", req("GET", &my, &sup))
                .await
                .status,
            StatusCode::OK
        );
        let a = w
            .send(
                "/api/v1/algorithms",
                req("POST", "/api/v1/algorithms", &sup)
                    .json(json!({"organisation": "gm0363", "document": valid_doc("X")})),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = w
            .send(
                "/api/v1/algorithms/{id}/submit",
                req("POST", format!("/api/v1/algorithms/{id}/submit"), &sup),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);

        // The organisation admin may save and submit, not publish (no approver role); the platform
        // admin may act in any organisation.
        let org_admin = w.org_admin.clone();
        let a = w
            .send(
                "/api/v1/algorithms/{id}/submit",
                req(
                    "POST",
                    format!("/api/v1/algorithms/{id}/submit"),
                    &org_admin,
                ),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        let a = w
            .send(
                "/api/v1/algorithms/{id}/publish",
                req(
                    "POST",
                    format!("/api/v1/algorithms/{id}/publish"),
                    &org_admin,
                ),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let admin = w.admin.clone();
        let a = w
            .send(
                "/api/v1/algorithms",
                req("POST", "/api/v1/algorithms", &admin)
                    .json(json!({"organisation": "gm0599", "document": valid_doc("Elders")})),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED);
        let a = w
            .send(
                "/api/v1/algorithms",
                req("POST", "/api/v1/algorithms", &admin)
                    .json(json!({"document": valid_doc("Waar?")})),
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::BAD_REQUEST,
            "the platform admin must name the organisation"
        );

        // A client that may save and submit, but not publish.
        let client = w.client_token(&[Action::SaveDraft, Action::Submit]).await;
        let a = w
            .send(
                "/api/v1/algorithms",
                req("POST", "/api/v1/algorithms", &client)
                    .json(json!({"document": valid_doc("Machinaal")})),
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::CREATED,
            "a client's one organisation is implied"
        );
        let cid = a.json()["id"].as_str().unwrap().to_owned();
        let act = |action: &str, token: &str| {
            req("POST", format!("/api/v1/algorithms/{cid}/{action}"), token)
        };
        assert_eq!(
            w.send("/api/v1/algorithms/{id}/submit", act("submit", &client))
                .await
                .status,
            StatusCode::OK
        );
        let a = w
            .send("/api/v1/algorithms/{id}/publish", act("publish", &client))
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        assert!(
            a.json()["detail"].as_str().unwrap().contains("publish"),
            "{}",
            a.json()
        );
        let a = w
            .send(
                "/api/v1/algorithms/{id}/reject",
                act("reject", &client).json(json!({"reason": "nee"})),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        // The client cannot reach another organisation.
        let a = w
            .send(
                "/api/v1/algorithms",
                req("POST", "/api/v1/algorithms", &client)
                    .json(json!({"organisation": "gm0599", "document": valid_doc("Elders")})),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        // The approver publishes what the client submitted.
        assert_eq!(
            w.send("/api/v1/algorithms/{id}/publish", act("publish", &approver))
                .await
                .status,
            StatusCode::OK
        );
        // A client that may publish still meets the four-eyes rule for its own submission.
        let publisher = w
            .client_token(&[Action::SaveDraft, Action::Submit, Action::Publish])
            .await;
        let pid = w.create(&publisher, "Snel").await;
        let act = |action: &str| {
            req(
                "POST",
                format!("/api/v1/algorithms/{pid}/{action}"),
                &publisher,
            )
        };
        assert_eq!(
            w.send("/api/v1/algorithms/{id}/submit", act("submit"))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            w.send("/api/v1/algorithms/{id}/publish", act("publish"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn idempotency_keys_replay_the_first_answer() {
    for mut w in worlds(false).await {
        let editor = w.editor.clone();
        let body = json!({"organisation": "gm0363", "document": valid_doc("Eenmalig")});
        let post = |token: &str, key: &str, body: &Value| {
            req("POST", "/api/v1/algorithms", token)
                .json(body.clone())
                .header("idempotency-key", key.to_owned())
        };
        let first = w
            .send("/api/v1/algorithms", post(&editor, "k-1", &body))
            .await;
        assert_eq!(first.status, StatusCode::CREATED);
        assert_eq!(first.header("idempotent-replayed"), "");
        let again = w
            .send("/api/v1/algorithms", post(&editor, "k-1", &body))
            .await;
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(again.header("idempotent-replayed"), "true");
        assert_eq!(again.body, first.body);
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), "\"v1\"");
        assert_eq!(
            w.my_total(&editor).await,
            1,
            "the repeat did not create a second description"
        );
        // The same key with another body: 422, nothing saved.
        let other = json!({"organisation": "gm0363", "document": valid_doc("Anders")});
        let a = w
            .send("/api/v1/algorithms", post(&editor, "k-1", &other))
            .await;
        assert_eq!(
            (a.status, problem_type(&a)),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused".into()
            )
        );
        assert_eq!(w.my_total(&editor).await, 1);
        // Keys are per caller: the approver's k-1 is a new request.
        let approver = w.approver.clone();
        let a = w
            .send("/api/v1/algorithms", post(&approver, "k-1", &body))
            .await;
        assert_eq!(a.status, StatusCode::CREATED);
        assert_eq!(a.header("idempotent-replayed"), "");
        assert_ne!(a.json()["id"], first.json()["id"]);
        // A bad key is a 400; state changes replay too.
        let a = w
            .send("/api/v1/algorithms", post(&editor, "met spatie", &body))
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        let id = first.json()["id"].as_str().unwrap().to_owned();
        let submit = || {
            req("POST", format!("/api/v1/algorithms/{id}/submit"), &editor)
                .header("idempotency-key", "s-1")
        };
        let a = w.send("/api/v1/algorithms/{id}/submit", submit()).await;
        assert_eq!(a.status, StatusCode::OK);
        let b = w.send("/api/v1/algorithms/{id}/submit", submit()).await;
        assert_eq!(
            (b.status, b.header("idempotent-replayed")),
            (StatusCode::OK, "true")
        );
        assert_eq!(a.body, b.body);
        let c = w
            .send(
                "/api/v1/algorithms/{id}/submit",
                req("POST", format!("/api/v1/algorithms/{id}/submit"), &editor),
            )
            .await;
        assert_eq!(
            c.status,
            StatusCode::CONFLICT,
            "without the key it acts again: already submitted"
        );
    }
}

#[tokio::test]
async fn bulk_upserts_are_all_or_nothing_with_a_report() {
    for mut w in worlds(false).await {
        let client = w.client_token(&[Action::SaveDraft]).await;
        let url = "/api/v1/organizations/gm0363/algorithms/bulk";
        let t = "/api/v1/organizations/{code}/algorithms/bulk";
        let items = |names: &[(&str, &str)]| json!({"items": names.iter().map(|(s, n)| json!({"source_id": s, "document": valid_doc(n)})).collect::<Vec<_>>()});
        let a = w
            .send(
                t,
                req("POST", url, &client).json(items(&[("A-1", "Een"), ("A-2", "Twee")])),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.json());
        let v = a.json();
        assert_eq!(
            (v["committed"].as_bool(), v["created"].as_i64()),
            (Some(true), Some(2))
        );
        assert_eq!(v["items"][1]["version"], 1);
        let a = w
            .send(
                t,
                req("POST", url, &client).json(items(&[
                    ("A-1", "Een"),
                    ("A-2", "Twee, nieuw"),
                    ("A-3", "Drie"),
                ])),
            )
            .await;
        let v = a.json();
        let results: Vec<&str> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["result"].as_str().unwrap())
            .collect();
        assert_eq!(results, ["unchanged", "updated", "created"]);
        let editor = w.editor.clone();
        assert_eq!(w.my_total(&editor).await, 3);

        // One wrong item: 422 problem with every item's result, nothing written.
        let mut bad = items(&[("A-1", "Een, nieuw"), ("A-4", "Vier")]);
        bad["items"][1]["document"]["status"] = json!("Kapot");
        let a = w.send(t, req("POST", url, &client).json(bad)).await;
        assert_eq!(
            (a.status, problem_type(&a)),
            (StatusCode::UNPROCESSABLE_ENTITY, "bulk-refused".into())
        );
        let v = a.json();
        assert_eq!(v["committed"], false);
        assert_eq!(v["items"][0]["result"], "updated");
        assert_eq!(v["items"][1]["result"], "invalid");
        assert_eq!(v["items"][1]["problems"][0]["path"], "status");
        assert_eq!(v["items"][1]["problems"][0]["code"], "not_allowed");
        assert_eq!(w.my_total(&editor).await, 3);
        let a = w
            .send(
                "/api/v1/my/algorithms",
                req("GET", "/api/v1/my/algorithms?state=draft", &editor),
            )
            .await;
        let versions: Vec<i64> = a.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["version"].as_i64().unwrap())
            .collect();
        assert_eq!(
            versions.iter().sum::<i64>(),
            4,
            "A-1 still at version 1: {versions:?}"
        );

        // Shapes and limits.
        let a = w
            .send(t, req("POST", url, &client).json(json!({"items": []})))
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        let a = w
            .send(
                t,
                req("POST", url, &client)
                    .json(json!({"items": [{"source_id": 5, "document": {}}]})),
            )
            .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(a.json()["invalid-params"][0]["name"], "items[0].source_id");
        let a = w
            .send(
                t,
                req(
                    "POST",
                    "/api/v1/organizations/gm0599/algorithms/bulk",
                    &client,
                )
                .json(items(&[("B-1", "Een")])),
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::FORBIDDEN,
            "the client's organisation only"
        );
        let a = w
            .send(
                t,
                req(
                    "POST",
                    "/api/v1/organizations/xx9999/algorithms/bulk",
                    &client,
                )
                .json(items(&[("B-1", "Een")])),
            )
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn bad_input_is_a_precise_4xx_and_nothing_is_saved() {
    for mut w in worlds(false).await {
        let editor = w.editor.clone();
        let t = "/api/v1/algorithms";
        let post = || req("POST", "/api/v1/algorithms", &editor);
        let cases: Vec<(Req, StatusCode, &str, Option<&str>)> = vec![
            (post().raw(b"{\"organisation\": ".to_vec(), "application/json"), StatusCode::BAD_REQUEST, "malformed-json", None),
            (post(), StatusCode::BAD_REQUEST, "malformed-json", None),
            (post().json(json!({"organisation": "gm0363", "document": "tekst"})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-body", Some("document")),
            (post().json(json!({"organisation": 363, "document": {}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-body", Some("organisation")),
            (post().json(json!({"organisation": "gm0363", "documnet": {}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-body", None),
            (post().json(json!({"organisation": "gm0363", "document": {"name": 5}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-document", Some("name")),
            (post().json(json!({"organisation": "gm0363", "document": {"name": "X", "status": "Kapot"}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-document", Some("status")),
            (post().json(json!({"organisation": "gm0363", "document": {"name": "X", "standard_version": "9.9"}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-document", Some("standard_version")),
            (post().json(json!({"organisation": "gm0363", "document": {"name": "X", "begin_date": "2023-13"}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-document", Some("begin_date")),
            (post().raw(b"<xml/>".to_vec(), "text/xml"), StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", None),
            (post().json(json!({"organisation": "gm0363", "document": {"name": "X", "goal": "a".repeat(1024 * 1024)}})), StatusCode::PAYLOAD_TOO_LARGE, "too-large", None),
            (post().json(json!({"organisation": "nope", "document": valid_doc("X")})), StatusCode::NOT_FOUND, "not-found", None),
        ];
        for (r, status, kind, path) in cases {
            let a = w.send(t, r).await;
            assert_eq!(a.status, status, "{}", String::from_utf8_lossy(&a.body));
            assert_eq!(problem_type(&a), kind);
            if let Some(path) = path {
                let v = a.json();
                let named = v["invalid-params"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| &p["name"])
                    .chain(
                        v["problems"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|p| &p["path"]),
                    )
                    .any(|n| n == path);
                assert!(named, "{path} not named: {v}");
            }
        }
        let a = w
            .send(
                t,
                post().raw(b"{\"document\": [1, 2".to_vec(), "application/json"),
            )
            .await;
        assert!(
            a.json()["detail"].as_str().unwrap().contains("line 1"),
            "{}",
            a.json()
        );
        assert_eq!(w.my_total(&editor).await, 0, "nothing was saved");

        // Bad IDs, parameters and an unknown route.
        let a = w
            .send(
                "/api/v1/algorithms/{id}",
                req("PUT", "/api/v1/algorithms/12345678", &editor)
                    .json(json!({"document": {}}))
                    .header("if-match", "\"v1\""),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        for q in ["state=kapot", "page=0", "page_size=101", "sort=name"] {
            let a = w
                .send(
                    "/api/v1/my/algorithms",
                    req("GET", format!("/api/v1/my/algorithms?{q}"), &editor),
                )
                .await;
            assert_eq!(a.status, StatusCode::BAD_REQUEST, "{q}");
        }

        // Validation answers every problem and saves nothing.
        let mut doc = valid_doc("Route");
        doc["status"] = json!("Kapot");
        doc.as_object_mut().unwrap().remove("contact_email");
        let a = w
            .send(
                "/api/v1/validate",
                req("POST", "/api/v1/validate", &editor).json(json!({"document": doc})),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        let v = a.json();
        assert_eq!(v["valid"], false);
        let paths: Vec<&str> = v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, ["status", "contact_email"]);
        assert_eq!(v["problems"][0]["allowed"].as_array().unwrap().len(), 3);
        let a = w
            .send(
                "/api/v1/validate",
                req("POST", "/api/v1/validate", &editor)
                    .json(json!({"document": valid_doc("Goed")})),
            )
            .await;
        assert_eq!(
            (
                a.json()["valid"].as_bool(),
                a.json()["standard_version"].as_str()
            ),
            (Some(true), Some("1.0"))
        );
        assert_eq!(w.my_total(&editor).await, 0);
    }
}

#[tokio::test]
async fn organisation_admins_manage_api_clients() {
    for mut w in worlds(false).await {
        let admin = w.org_admin.clone();
        let t = "/api/v1/clients";
        let a = w
            .send(
                t,
                req("POST", t, &admin).json(
                    json!({"name": "Leverancier X", "allowed_actions": ["save-draft", "submit"]}),
                ),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.json());
        let v = a.json();
        let client_id = v["client_id"].as_str().unwrap().to_owned();
        let secret = v["client_secret"].as_str().unwrap().to_owned();
        assert_eq!(v["organisation"], "gm0363");
        assert_eq!(
            a.header("location"),
            format!("{BASE}/api/v1/clients/{client_id}")
        );
        let token = w.reg.token_for_client(&client_id, &secret).await.unwrap();
        // The list shows when it was last used, never the secret.
        w.reg
            .authenticate(token.access_token.expose())
            .await
            .unwrap();
        let a = w
            .send(t, req("GET", "/api/v1/clients?organisation=gm0363", &admin))
            .await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(!String::from_utf8_lossy(&a.body).contains(&secret));
        assert!(
            a.json()["items"][0]["last_used_at"].is_string(),
            "{}",
            a.json()
        );

        // Bad input, other roles, other organisations.
        let a = w
            .send(
                t,
                req("POST", t, &admin).json(json!({"name": "Y", "allowed_actions": ["fly"]})),
            )
            .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(a.json()["invalid-params"][0]["name"], "allowed_actions[0]");
        let a = w
            .send(
                t,
                req("POST", t, &admin).json(json!({"name": " ", "allowed_actions": ["submit"]})),
            )
            .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        let editor = w.editor.clone();
        let a = w
            .send(
                t,
                req("POST", t, &editor).json(json!({"name": "Z", "allowed_actions": ["submit"]})),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let other = w.other_admin.clone();
        let rotate = format!("/api/v1/clients/{client_id}/rotate");
        assert_eq!(
            w.send(
                "/api/v1/clients/{client_id}/rotate",
                req("POST", &rotate, &other)
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        let a = w
            .send(t, req("GET", "/api/v1/clients?organisation=gm0363", &other))
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let client = token.access_token.expose().to_owned();
        let a = w.send(t, req("GET", "/api/v1/clients", &client)).await;
        assert!(
            a.status == StatusCode::FORBIDDEN || a.status == StatusCode::NOT_FOUND,
            "a client manages no clients"
        );

        // Rotate: the old secret stops working. Revoke: tokens stop working.
        let a = w
            .send(
                "/api/v1/clients/{client_id}/rotate",
                req("POST", &rotate, &admin),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        let new_secret = a.json()["client_secret"].as_str().unwrap().to_owned();
        assert_ne!(new_secret, secret);
        assert!(w.reg.token_for_client(&client_id, &secret).await.is_err());
        let fresh = w
            .reg
            .token_for_client(&client_id, &new_secret)
            .await
            .unwrap();
        let fresh = fresh.access_token.expose().to_owned();
        assert_eq!(w.my_total(&fresh).await, 0);
        let del = format!("/api/v1/clients/{client_id}");
        let a = w
            .send("/api/v1/clients/{client_id}", req("DELETE", &del, &admin))
            .await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(a.json()["revoked_at"].is_string());
        let a = w
            .send(
                "/api/v1/my/algorithms",
                req("GET", "/api/v1/my/algorithms", &fresh),
            )
            .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    }
}

/// The state of a description's newest version, as the write API says.
async fn state_of(w: &mut World, token: &str, id: &str) -> String {
    let r = req("GET", format!("/api/v1/my/algorithms/{id}"), token);
    let a = w.send("/api/v1/my/algorithms/{id}", r).await;
    a.json()["state"].as_str().unwrap().to_owned()
}

/// `If-Match` on the state changes: optional; when sent it must name the newest version (a stale or
/// malformed one is 412 and nothing changes). A change the state does not allow stays a 409 whatever
/// `If-Match` says (RFC 9110 §13.2.1: preconditions are evaluated only when the request would
/// otherwise succeed).
#[tokio::test]
async fn if_match_is_optional_on_state_changes_and_checked_when_sent() {
    for mut w in worlds(false).await {
        let (editor, approver) = (w.editor.clone(), w.approver.clone());
        let id = w.create(&editor, "Route").await;
        let save = |etag: &str| {
            req("PUT", format!("/api/v1/algorithms/{id}"), &editor)
                .json(json!({"document": valid_doc("Route plannen")}))
                .header("if-match", etag)
        };
        let a = w.send("/api/v1/algorithms/{id}", save("\"v1\"")).await;
        assert_eq!(a.status, StatusCode::OK);
        // (action, who, reason, stale If-Match, If-Match that works (None: send none), state after)
        for (action, token, reason, stale, current, after) in [
            (
                "submit",
                &editor,
                None,
                "\"v1\"",
                Some("\"v2\""),
                "submitted",
            ),
            (
                "reject",
                &approver,
                Some("Graag het doel uitleggen."),
                "\"v1\"",
                None,
                "rejected",
            ),
        ] {
            let template = format!("/api/v1/algorithms/{{id}}/{action}");
            let body = reason.map_or(json!({}), |r| json!({"reason": r}));
            let before = state_of(&mut w, &editor, &id).await;
            for bad in [stale, "*", "W/\"v2\""] {
                let r = req("POST", format!("/api/v1/algorithms/{id}/{action}"), token)
                    .json(body.clone())
                    .header("if-match", bad);
                let a = w.send(&template, r).await;
                assert_eq!(a.status, StatusCode::PRECONDITION_FAILED, "{action} {bad}");
                assert_eq!(problem_type(&a), "precondition-failed");
                assert_eq!(
                    state_of(&mut w, &editor, &id).await,
                    before,
                    "{action} {bad}: nothing changed"
                );
            }
            let mut r =
                req("POST", format!("/api/v1/algorithms/{id}/{action}"), token).json(body.clone());
            if let Some(c) = current {
                r = r.header("if-match", c);
            }
            let a = w.send(&template, r).await;
            assert_eq!(a.status, StatusCode::OK, "{action}: {}", a.json());
            assert_eq!(a.header("etag"), "\"v2\"", "a state change keeps the ETag");
            assert_eq!(state_of(&mut w, &editor, &id).await, after);
        }
        let a = w.send("/api/v1/algorithms/{id}", save("\"v2\"")).await;
        assert_eq!(a.status, StatusCode::OK);
        for (action, token, reason, stale, current, after) in [
            ("submit", &editor, None, "\"v2\"", None, "submitted"),
            (
                "publish",
                &approver,
                None,
                "\"v2\"",
                Some("\"v3\""),
                "published",
            ),
            (
                "retract",
                &approver,
                Some("Niet meer in gebruik."),
                "\"v1\"",
                Some("\"v3\""),
                "retracted",
            ),
            (
                "archive",
                &approver,
                None,
                "\"v2\"",
                Some("\"v3\""),
                "archived",
            ),
        ] {
            let template = format!("/api/v1/algorithms/{{id}}/{action}");
            let body = reason.map_or(json!({}), |r| json!({"reason": r}));
            let before = state_of(&mut w, &editor, &id).await;
            let r = req("POST", format!("/api/v1/algorithms/{id}/{action}"), token)
                .json(body.clone())
                .header("if-match", stale);
            let a = w.send(&template, r).await;
            assert_eq!(a.status, StatusCode::PRECONDITION_FAILED, "{action}");
            assert!(a.json()["detail"].as_str().unwrap().contains("\"v3\""));
            assert_eq!(state_of(&mut w, &editor, &id).await, before);
            let mut r =
                req("POST", format!("/api/v1/algorithms/{id}/{action}"), token).json(body.clone());
            if let Some(c) = current {
                r = r.header("if-match", c);
            }
            let a = w.send(&template, r).await;
            assert_eq!(a.status, StatusCode::OK, "{action}: {}", a.json());
            assert_eq!(state_of(&mut w, &editor, &id).await, after);
        }
        // Not possible in this state: 409, also with a stale If-Match.
        let r = req(
            "POST",
            format!("/api/v1/algorithms/{id}/archive"),
            &approver,
        )
        .json(json!({}))
        .header("if-match", "\"v1\"");
        let a = w.send("/api/v1/algorithms/{id}/archive", r).await;
        assert_eq!(a.status, StatusCode::CONFLICT);
    }
}

/// The API's workflow actions notify as the back-office's do (the register decides, once): the
/// submission reaches the approver, the publication the author.
#[tokio::test]
async fn api_actions_notify_like_the_back_office() {
    for mut w in worlds(false).await {
        let (editor, approver) = (w.editor.clone(), w.approver.clone());
        let a = w
            .send(
                "/api/v1/algorithms",
                req("POST", "/api/v1/algorithms", &editor).json(json!({
                    "organisation": "gm0363",
                    "document": valid_doc("Meldingen")
                })),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED);
        let id = a.json()["id"].as_str().unwrap().to_owned();
        for (action, token) in [("submit", &editor), ("publish", &approver)] {
            let t = format!("/api/v1/algorithms/{{id}}/{action}");
            let a = w
                .send(
                    &t,
                    req("POST", format!("/api/v1/algorithms/{id}/{action}"), token),
                )
                .await;
            assert_eq!(a.status, StatusCode::OK, "{action}");
        }
        let admin = w.reg.authenticate(&w.admin).await.unwrap();
        let got: Vec<(String, String)> = w
            .reg
            .outbox(&admin, &Default::default())
            .await
            .unwrap()
            .messages
            .into_iter()
            .filter(|m| m.description_id.as_deref() == Some(id.as_str()))
            .map(|m| (m.kind, m.email))
            .collect();
        assert_eq!(
            got,
            [
                ("published".to_owned(), "eva@example.nl".to_owned()),
                ("submitted".to_owned(), "abel@example.nl".to_owned())
            ]
        );
    }
}
