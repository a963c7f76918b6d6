//! The compatible delivery API (`/aanleverapi`) as the algorithm management toolkit uses it, on SQLite
//! always and on PostgreSQL when `ALGOREG_TEST_POSTGRES_URL` is set. Every answer is checked against
//! the schema of its operation and status in the reference OpenAPI files (`tests/reference/`, copies of
//! the old register's published contract).

use std::time::Duration;

use algoreg_register::domain::{Action, OrgRole};
use algoreg_register::{AuthSettings, NewUserRequest, Register};
use algoreg_store::test_support::{TestDb, backends};
use algoreg_web::{WebConfig, router};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery staple";
const BASE: &str = "https://register.example";
const V: &str = "/aanleverapi/v1_0/organizations";

/// The reference documents, with the two non-schema quirks of the generator that wrote them removed:
/// a `type` beside `$ref` or `anyOf` (`"enum"` is no JSON Schema type, and `"array"` beside
/// `anyOf [array, null]` would forbid the null the `anyOf` allows).
fn reference(name: &str) -> Value {
    let path = format!("{}/tests/reference/{name}", crate::manifest_dir());
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    fn clean(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if m.contains_key("$ref") || m.contains_key("anyOf") {
                    m.remove("type");
                }
                m.values_mut().for_each(clean);
            }
            Value::Array(a) => a.iter_mut().for_each(clean),
            _ => {}
        }
    }
    clean(&mut v);
    v
}

struct Contract {
    specs: Vec<(String, Value)>,
    compiler: boon::Compiler,
    schemas: boon::Schemas,
    checked: usize,
}

impl Contract {
    fn new() -> Self {
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        let mut specs = Vec::new();
        for name in [
            "aanleverapi-v1_0.openapi.json",
            "aanleverapi-base.openapi.json",
        ] {
            let spec = reference(name);
            let url = format!("http://spec.test/{name}");
            compiler.add_resource(&url, spec.clone()).unwrap();
            specs.push((url, spec));
        }
        Self {
            specs,
            compiler,
            schemas: boon::Schemas::new(),
            checked: 0,
        }
    }

    /// Checks an answer against the schema of (spec, template, method, status). An undocumented
    /// status must still be FastAPI's `{"detail": "text"}`.
    fn check(&mut self, spec: usize, template: &str, method: &str, a: &Answer) {
        let (url, doc) = &self.specs[spec];
        let status = a.status.as_u16().to_string();
        let op = &doc["paths"][template][method];
        assert!(
            op.is_object(),
            "{method} {template} is not in the reference"
        );
        let schema = &op["responses"][&status]["content"]["application/json"]["schema"];
        if schema.is_null() {
            assert!(
                a.status.is_success() || a.body["detail"].is_string(),
                "{method} {template} {status}: {}",
                a.body
            );
            self.checked += 1;
            return;
        }
        let ptr = format!(
            "{url}#/paths/{}/{method}/responses/{status}/content/application~1json/schema",
            template.replace('~', "~0").replace('/', "~1"),
        );
        let idx = self
            .compiler
            .compile(&ptr, &mut self.schemas)
            .unwrap_or_else(|e| panic!("{ptr}: {e:#}"));
        if let Err(e) = self.schemas.validate(&a.body, idx) {
            panic!(
                "{method} {template} {status} does not match the reference: {e:#}\n{:#}",
                a.body
            );
        }
        self.checked += 1;
    }
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
}

async fn call(
    app: &axum::Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Answer {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_owned())),
        None => req.body(Body::empty()),
    }
    .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .unwrap();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
    };
    Answer {
        status,
        headers,
        body,
    }
}

async fn token(app: &axum::Router, email: &str) -> String {
    let req = Request::post("/realms/algreg/protocol/openid-connect/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "grant_type=password&client_id=aanleverapi&username={}&password={}&totp=",
            email.replace('@', "%40"),
            PASSWORD.replace(' ', "+")
        )))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}

struct World {
    app: axum::Router,
    reg: Register,
    _db: TestDb,
}

async fn add(reg: &Register, email: &str, name: &str, org: &str, roles: &[OrgRole]) {
    reg.add_user(NewUserRequest {
        email: email.into(),
        name: name.into(),
        password: Some(PASSWORD.into()),
        memberships: roles.iter().map(|r| (org.to_owned(), *r)).collect(),
        platform_roles: vec![],
    })
    .await
    .unwrap();
}

async fn worlds() -> Vec<World> {
    let mut out = Vec::new();
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        add(
            &reg,
            "eva@example.nl",
            "Eva de Vries",
            "gm0363",
            &[OrgRole::Editor],
        )
        .await;
        add(
            &reg,
            "abel@example.nl",
            "Abel Jansen",
            "gm0363",
            &[OrgRole::Approver],
        )
        .await;
        add(
            &reg,
            "otto@example.nl",
            "Otto",
            "gm0599",
            &[OrgRole::Editor, OrgRole::Approver],
        )
        .await;
        let config = WebConfig {
            public_url: BASE.into(),
            cache_poll: Duration::ZERO,
            ..Default::default()
        };
        out.push(World {
            app: router(reg.clone(), config),
            reg,
            _db: db,
        });
    }
    out
}

/// What the toolkit sends: a complete 1.0 description with its quirks.
fn toolkit_document(name: &str) -> Value {
    json!({
        "name": name,
        "description_short": "Dit algoritme helpt bij het plannen van de route van de vuilniswagen.",
        "organization": "Gemeente Amsterdam",
        "category": ["Natuur en milieu"],
        "status": "In gebruik",
        "begin_date": "2023-04",
        "end_date": "",
        "contact_email": "algoritmes@example.nl",
        "publication_category": "Overige algoritmes",
        "goal": "<p>Minder kilometers rijden.</p>",
        "lawful_basis_grouping": [{"title": "Wet milieubeheer", "link": "https://wetten.overheid.nl/BWBR0003245"}],
        "lang": "nld",
        "standard_version": null,
        "lars": "placeholder",
        "publication_dt": "placeholder",
        "id": 17,
        "type": "an old field",
    })
}

const ALGORITHMS: &str = "/organizations/{organisation_id}/algorithms";
const ALGORITHM: &str = "/organizations/{organisation_id}/algorithms/{algorithm_id}";
const PUBLISHED: &str = "/organizations/{organisation_id}/published-algorithms/{algorithm_id}";

#[tokio::test]
async fn the_toolkit_story_matches_the_reference_contract() {
    for w in worlds().await {
        let mut c = Contract::new();
        let app = &w.app;
        let eva = token(app, "eva@example.nl").await;
        let abel = token(app, "abel@example.nl").await;

        // Who am I, and for which organisations?
        let a = call(app, Method::GET, "/aanleverapi/user/me", Some(&eva), None).await;
        assert_eq!(a.status, StatusCode::OK);
        c.check(1, "/user/me", "get", &a);
        assert_eq!(a.body["username"], "eva@example.nl");
        assert_eq!(a.body["first_name"], "Eva");
        assert_eq!(a.body["last_name"], "de Vries");
        assert_eq!(a.body["roles"], json!(["role_1"]));
        let org = &a.body["organisations"][0];
        assert_eq!(org["org_id"], "gm0363");
        assert_eq!(org["code"], "gemeente-amsterdam");
        assert_eq!(org["type"], "gemeente");
        assert_eq!(org["flow"], "self_publish_two");
        assert!(org["id"].is_i64());
        let a = call(
            app,
            Method::GET,
            "/aanleverapi/organisation?limit=10&skip=0",
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["count"], 1);
        assert_eq!(a.body["organisations"][0]["org_id"], "gm0363");

        // Create, with the toolkit's quirks; the organisation may be named by slug, code or number.
        let body = toolkit_document("Route vuilniswagen").to_string();
        let a = call(
            app,
            Method::POST,
            &format!("{V}/gemeente-amsterdam/algorithms"),
            Some(&eva),
            Some(&body),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        c.check(0, ALGORITHMS, "post", &a);
        let id = a.body["lars_code"].as_str().unwrap().to_owned();
        assert_eq!(id.len(), 8);
        let int_id = org["id"].as_i64().unwrap();
        for key in ["gm0363", "gemeente-amsterdam", &int_id.to_string()] {
            let a = call(
                app,
                Method::GET,
                &format!("{V}/{key}/algorithms/{id}"),
                Some(&eva),
                None,
            )
            .await;
            assert_eq!(a.status, StatusCode::OK, "{key}");
        }
        let at = |rest: &str| format!("{V}/gm0363/{rest}");

        // Update: a change is saved (null); the same content again is NO_CHANGES.
        let body = toolkit_document("Route vuilniswagen plannen").to_string();
        let a = call(
            app,
            Method::PUT,
            &at(&format!("algorithms/{id}")),
            Some(&eva),
            Some(&body),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body, Value::Null);
        c.check(0, ALGORITHM, "put", &a);
        let a = call(
            app,
            Method::PUT,
            &at(&format!("algorithms/{id}")),
            Some(&eva),
            Some(&body),
        )
        .await;
        assert_eq!(a.body, json!({ "message": "NO_CHANGES" }));
        c.check(0, ALGORITHM, "put", &a);

        // Get and list.
        let a = call(
            app,
            Method::GET,
            &at(&format!("algorithms/{id}")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        c.check(0, ALGORITHM, "get", &a);
        assert_eq!(a.body["name"], "Route vuilniswagen plannen");
        assert_eq!(a.body["state"], "STATE_1");
        assert_eq!(a.body["lars"], id.as_str());
        assert_eq!(a.body["language"], "NLD");
        assert_eq!(a.body["standard_version"], "1.0");
        assert!(a.body.get("type").is_none() && a.body.get("id").is_none());
        let a = call(app, Method::GET, &at("algorithms"), Some(&eva), None).await;
        assert_eq!(a.status, StatusCode::OK);
        c.check(0, ALGORITHMS, "get", &a);
        assert_eq!(a.body.as_array().unwrap().len(), 1);
        assert_eq!(a.body[0]["lars"], id.as_str());
        assert_eq!(a.body[0]["published"], false);
        assert_eq!(a.body[0]["last_update_by"], "Eva de Vries");

        // Preview, release.
        let a = call(
            app,
            Method::GET,
            &at(&format!("algorithms/{id}/preview")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        c.check(0, &format!("{ALGORITHM}/preview"), "get", &a);
        assert_eq!(
            a.body["url"],
            format!("{BASE}/beheer/algoritme/{id}/voorbeeld")
        );
        let a = call(
            app,
            Method::PUT,
            &at(&format!("algorithms/{id}/release")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        c.check(0, &format!("{ALGORITHM}/release"), "put", &a);
        // Releasing twice: 409 with the state.
        let a = call(
            app,
            Method::PUT,
            &at(&format!("algorithms/{id}/release")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        c.check(0, &format!("{ALGORITHM}/release"), "put", &a);
        assert!(
            a.body["detail"].as_str().unwrap().contains("STATE_2"),
            "{}",
            a.body
        );
        // Not yet published.
        let a = call(
            app,
            Method::GET,
            &at(&format!("published-algorithms/{id}")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        c.check(0, PUBLISHED, "get", &a);

        // Publish: not by the editor (no approver role), by an approver (four eyes).
        let a = call(
            app,
            Method::PUT,
            &at(&format!("algorithms/{id}/publish")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        assert!(a.body["detail"].is_string());
        let a = call(
            app,
            Method::PUT,
            &at(&format!("algorithms/{id}/publish")),
            Some(&abel),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert!(a.body["message"].is_string());

        // The published version, and the list says so.
        let a = call(
            app,
            Method::GET,
            &at(&format!("published-algorithms/{id}")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        c.check(0, PUBLISHED, "get", &a);
        assert_eq!(a.body["state"], "PUBLISHED");
        assert!(a.body["publication_dt"].is_string());
        let a = call(app, Method::GET, &at("algorithms"), Some(&eva), None).await;
        c.check(0, ALGORITHMS, "get", &a);
        assert_eq!(a.body[0]["published"], true);
        assert_eq!(a.body[0]["current_version_published"], true);

        // Retract (by the approver; the editor may not).
        let a = call(
            app,
            Method::DELETE,
            &at(&format!("published-algorithms/{id}/retract")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = call(
            app,
            Method::DELETE,
            &at(&format!("published-algorithms/{id}/retract")),
            Some(&abel),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        c.check(0, &format!("{PUBLISHED}/retract"), "delete", &a);
        let a = call(
            app,
            Method::GET,
            &at(&format!("published-algorithms/{id}")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = call(
            app,
            Method::DELETE,
            &at(&format!("published-algorithms/{id}/retract")),
            Some(&abel),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        c.check(0, &format!("{PUBLISHED}/retract"), "delete", &a);

        // The legacy prefix redirects, keeping the method.
        let a = call(
            app,
            Method::PUT,
            &format!("/aanleverapi/v1_0_0/organizations/gm0363/algorithms/{id}/release?x=1"),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(
            a.headers.get(header::LOCATION).unwrap(),
            &format!("/aanleverapi/v1_0/organizations/gm0363/algorithms/{id}/release?x=1")
        );

        // Archive a version of this algorithm; an unknown version number is 404, a bad body 422.
        let a = call(
            app,
            Method::PUT,
            &at(&format!("algorithms/{id}/archive_version")),
            Some(&abel),
            Some(r#"{"algorithm_version_id": 99}"#),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = call(
            app,
            Method::PUT,
            &at(&format!("algorithms/{id}/archive_version")),
            Some(&abel),
            Some(r#"{"algorithm_version_id": "x"}"#),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        c.check(0, &format!("{ALGORITHM}/archive_version"), "put", &a);
        let a = call(
            app,
            Method::PUT,
            &at(&format!("algorithms/{id}/archive_version")),
            Some(&abel),
            Some(r#"{"algorithm_version_id": 1}"#),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        c.check(0, &format!("{ALGORITHM}/archive_version"), "put", &a);
        let a = call(
            app,
            Method::GET,
            &at(&format!("algorithms/{id}")),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.body["state"], "ARCHIVED");
        c.check(0, ALGORITHM, "get", &a);

        assert_eq!(c.checked, 17, "every answer above was checked");
    }
}

#[tokio::test]
async fn other_organisations_bad_input_and_missing_tokens() {
    for w in worlds().await {
        let mut c = Contract::new();
        let app = &w.app;
        let eva = token(app, "eva@example.nl").await;
        let otto = token(app, "otto@example.nl").await;
        let body = toolkit_document("Route").to_string();
        let a = call(
            app,
            Method::POST,
            &format!("{V}/gm0363/algorithms"),
            Some(&eva),
            Some(&body),
        )
        .await;
        let id = a.body["lars_code"].as_str().unwrap().to_owned();

        // Another organisation: 404 for its own path and for our ID under its path, never 403.
        for path in [
            format!("{V}/gm0363/algorithms"),
            format!("{V}/gm0363/algorithms/{id}"),
            format!("{V}/gm0599/algorithms/{id}"),
            format!("{V}/gm0599/published-algorithms/{id}"),
        ] {
            let a = call(app, Method::GET, &path, Some(&otto), None).await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
            c.check(0, ALGORITHMS, "get", &a);
        }
        let a = call(
            app,
            Method::PUT,
            &format!("{V}/gm0599/algorithms/{id}"),
            Some(&otto),
            Some(&body),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = call(
            app,
            Method::POST,
            &format!("{V}/gm0363/algorithms"),
            Some(&otto),
            Some(&body),
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = call(
            app,
            Method::GET,
            &format!("{V}/gm0363/algorithms/99999999"),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = call(
            app,
            Method::GET,
            &format!("{V}/nowhere/algorithms"),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);

        // Bad input: each a 422 with where and what; nothing saved.
        let mut wrong_type = toolkit_document("X");
        wrong_type["name"] = json!(5);
        let mut unknown_enum = toolkit_document("X");
        unknown_enum["status"] = json!("Bijna klaar");
        let mut missing = toolkit_document("X");
        missing.as_object_mut().unwrap().remove("contact_email");
        let mut bad_version = toolkit_document("X");
        bad_version["standard_version"] = json!("0.4");
        for (body, loc, kind) in [
            ("{\"name\": ".to_owned(), None, "json_invalid"),
            (
                "[1, 2]".to_owned(),
                Some(json!(["body"])),
                "model_attributes_type",
            ),
            (
                wrong_type.to_string(),
                Some(json!(["body", "name"])),
                "string_type",
            ),
            (
                unknown_enum.to_string(),
                Some(json!(["body", "status"])),
                "enum",
            ),
            (
                missing.to_string(),
                Some(json!(["body", "contact_email"])),
                "missing",
            ),
            (
                bad_version.to_string(),
                Some(json!(["body", "standard_version"])),
                "enum",
            ),
        ] {
            for (method, path, template) in [
                (Method::POST, format!("{V}/gm0363/algorithms"), ALGORITHMS),
                (
                    Method::PUT,
                    format!("{V}/gm0363/algorithms/{id}"),
                    ALGORITHM,
                ),
            ] {
                let a = call(app, method.clone(), &path, Some(&eva), Some(&body)).await;
                assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
                c.check(0, template, &method.as_str().to_lowercase(), &a);
                let first = &a.body["detail"][0];
                assert_eq!(first["type"], kind, "{body}: {}", a.body);
                if let Some(loc) = &loc {
                    assert_eq!(&first["loc"], loc, "{body}");
                }
            }
        }
        let a = call(
            app,
            Method::GET,
            &format!("{V}/gm0363/algorithms"),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.body.as_array().unwrap().len(), 1, "nothing was saved");
        let a = call(
            app,
            Method::GET,
            &format!("{V}/gm0363/algorithms/{id}"),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.body["name"], "Route");

        // Missing, unknown and expired tokens: 401 in FastAPI's shape.
        let instant = w.reg.clone().with_auth_settings(AuthSettings {
            client_token_ttl: Duration::ZERO,
            person_token_ttl: Duration::ZERO,
        });
        let expired = instant
            .token_for_password("eva@example.nl", PASSWORD, None)
            .await
            .unwrap();
        for t in [None, Some("nonsense"), Some(expired.access_token.expose())] {
            let a = call(app, Method::GET, &format!("{V}/gm0363/algorithms"), t, None).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{t:?}");
            c.check(0, ALGORITHMS, "get", &a);
            assert!(a.headers.get(header::WWW_AUTHENTICATE).is_some());
            let a = call(app, Method::GET, "/aanleverapi/user/me", t, None).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{t:?}");
        }
    }
}

#[tokio::test]
async fn an_api_client_works_within_its_scope() {
    for w in worlds().await {
        let app = &w.app;
        let made = w
            .reg
            .create_client_as_operator("gm0363", "Toolkit", &[Action::SaveDraft, Action::Submit])
            .await
            .unwrap();
        let t = w
            .reg
            .token_for_client(&made.client.client_id, made.secret.expose())
            .await
            .unwrap();
        let bot = t.access_token.expose();
        let a = call(app, Method::GET, "/aanleverapi/user/me", Some(bot), None).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["roles"], json!(["role_1"]));
        let body = toolkit_document("Van de toolkit").to_string();
        let a = call(
            app,
            Method::POST,
            &format!("{V}/gm0363/algorithms"),
            Some(bot),
            Some(&body),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let id = a.body["lars_code"].as_str().unwrap().to_owned();
        let a = call(
            app,
            Method::PUT,
            &format!("{V}/gm0363/algorithms/{id}/release"),
            Some(bot),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        let a = call(
            app,
            Method::PUT,
            &format!("{V}/gm0363/algorithms/{id}/publish"),
            Some(bot),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        assert_eq!(
            a.body["detail"],
            "This API client is not allowed to publish"
        );
        // Its token is for its own organisation only.
        let a = call(
            app,
            Method::GET,
            &format!("{V}/gm0599/algorithms"),
            Some(bot),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }
}

/// The contract check is not vacuous: answers of the wrong shape fail it.
#[test]
fn the_contract_check_rejects_wrong_shapes() {
    let mut c = Contract::new();
    for (spec, template, method, body) in [
        (0, ALGORITHMS, "post", json!({ "lars_code": 5 })),
        (0, ALGORITHMS, "get", json!([{ "lars": "12345678" }])),
        (0, ALGORITHM, "put", json!({ "message": 1 })),
        (
            1,
            "/user/me",
            "get",
            json!({ "id": "1", "username": "x", "first_name": "x", "last_name": "x", "roles": ["editor"], "organisations": [] }),
        ),
    ] {
        let a = Answer {
            status: StatusCode::OK,
            headers: axum::http::HeaderMap::new(),
            body: body.clone(),
        };
        let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            c.check(spec, template, method, &a);
        }))
        .is_err();
        assert!(failed, "{method} {template} accepted {body}");
    }
}

/// The roles: a supervisor reads but changes nothing; with the central flow the editor releases and
/// the central team (`ictu`) publishes, not the organisation's approver.
#[tokio::test]
async fn roles_and_the_central_flow() {
    use algoreg_register::domain::{PlatformRole, PublicationFlow};
    for w in worlds().await {
        let app = &w.app;
        for (email, platform) in [
            ("sara@example.nl", PlatformRole::Supervisor),
            ("cor@example.nl", PlatformRole::CentralPublisher),
            ("root@example.nl", PlatformRole::Admin),
        ] {
            w.reg
                .add_user(NewUserRequest {
                    email: email.into(),
                    name: email.into(),
                    password: Some(PASSWORD.into()),
                    memberships: vec![],
                    platform_roles: vec![platform],
                })
                .await
                .unwrap();
        }
        add(
            &w.reg,
            "olga@example.nl",
            "Olga",
            "gm0363",
            &[OrgRole::OrgAdmin],
        )
        .await;
        let root = w
            .reg
            .verify_password("root@example.nl", PASSWORD)
            .await
            .unwrap();
        let mut org = w.reg.organisation("gm0363").await.unwrap();
        org.flow = PublicationFlow::Central;
        w.reg.put_organisation(&root, org).await.unwrap();

        let eva = token(app, "eva@example.nl").await;
        let abel = token(app, "abel@example.nl").await;
        let sara = token(app, "sara@example.nl").await;
        let cor = token(app, "cor@example.nl").await;
        let olga = token(app, "olga@example.nl").await;

        let a = call(app, Method::GET, "/aanleverapi/user/me", Some(&cor), None).await;
        assert_eq!(a.body["roles"], json!(["ictu"]));
        let a = call(app, Method::GET, "/aanleverapi/user/me", Some(&olga), None).await;
        assert_eq!(a.body["roles"], json!(["orgdetail"]));
        assert_eq!(a.body["organisations"][0]["flow"], "ictu_last");
        let a = call(
            app,
            Method::GET,
            "/aanleverapi/organisation?q=gemeente%20amsterdam",
            Some(&sara),
            None,
        )
        .await;
        assert_eq!(
            a.body["count"], 1,
            "a supervisor sees every organisation: {}",
            a.body
        );

        let body = toolkit_document("Centraal").to_string();
        let a = call(
            app,
            Method::POST,
            &format!("{V}/gm0363/algorithms"),
            Some(&sara),
            Some(&body),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = call(
            app,
            Method::POST,
            &format!("{V}/gm0363/algorithms"),
            Some(&eva),
            Some(&body),
        )
        .await;
        let id = a.body["lars_code"].as_str().unwrap().to_owned();
        let at = |rest: &str| format!("{V}/gm0363/algorithms/{id}{rest}");
        let a = call(app, Method::GET, &at(""), Some(&sara), None).await;
        assert_eq!(a.status, StatusCode::OK, "a supervisor reads");
        let a = call(app, Method::PUT, &at(""), Some(&sara), Some(&body)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        call(app, Method::PUT, &at("/release"), Some(&eva), None).await;
        // Central flow: the organisation's approver may not publish; the central team may.
        let a = call(app, Method::PUT, &at("/publish"), Some(&abel), None).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
        let a = call(app, Method::PUT, &at("/publish"), Some(&sara), None).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = call(app, Method::PUT, &at("/publish"), Some(&cor), None).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let a = call(app, Method::GET, &at(""), Some(&eva), None).await;
        assert_eq!(a.body["state"], "PUBLISHED");
        // Publishing again: 409 naming the state.
        let a = call(app, Method::PUT, &at("/publish"), Some(&cor), None).await;
        assert_eq!(a.status, StatusCode::CONFLICT);
        assert!(a.body["detail"].as_str().unwrap().contains("PUBLISHED"));
    }
}

/// What a tool that still speaks 0.4 sends.
fn document_v04(name: &str) -> Value {
    json!({
        "name": name,
        "organization": "Gemeente Amsterdam",
        "description_short": "Het algoritme voorspelt welke gemalen binnenkort onderhoud nodig hebben.",
        "type": "Ja",
        "category": ["Natuur en milieu", "Financiën"],
        "status": "In gebruik",
        "begin_date": "2021-02",
        "end_date": "",
        "goal": "<p>Storingen voorkomen.</p>",
        "lawful_basis_link": "https://wetten.overheid.nl/BWBR0005108",
        "impacttoetsen": ["Data Protection Impact Assessment (DPIA)"],
        "contact_email": "algoritmes@example.nl",
        "lang": "nld",
        "standard_version": null,
        "lars": "placeholder",
        "publication_dt": "placeholder",
    })
}

/// What a tool that still speaks 0.1 sends.
fn document_v01(name: &str) -> Value {
    json!({
        "name": name,
        "organization": "Gemeente Amsterdam",
        "department": "Stadsbeheer",
        "description_short": "Het algoritme deelt parkeervergunningen eerlijk toe.",
        "category": "Verkeer, parkeren",
        "status": "in gebruik",
        "goal": "Eerlijk verdelen van vergunningen.",
        "iama": "Nee",
        "lang": "NL",
        "standard_version": "0.1",
        "lars": "placeholder",
    })
}

/// `/aanleverapi/v0_4` and `/aanleverapi/v0_1`: the same routes as `v1_0`, speaking their own version
/// of the standard. Documents are read, checked and stored in the address's version and answered in
/// it; the envelopes (`lars_code`, `NO_CHANGES`, summaries, errors) are the 1.0 contract's.
#[tokio::test]
async fn older_versions_of_the_standard_at_their_own_addresses() {
    for w in worlds().await {
        let mut c = Contract::new();
        let app = &w.app;
        let eva = token(app, "eva@example.nl").await;
        let abel = token(app, "abel@example.nl").await;
        for (prefix, version, make, changed_key, kept_key) in [
            (
                "v0_4",
                "0.4",
                document_v04 as fn(&str) -> Value,
                "impacttoetsen",
                "lawful_basis_link",
            ),
            (
                "v0_1",
                "0.1",
                document_v01 as fn(&str) -> Value,
                "department",
                "iama",
            ),
        ] {
            let base = format!("/aanleverapi/{prefix}/organizations/gm0363");
            let at = |rest: &str| format!("{base}/{rest}");

            // Create: stored as a version of the address's standard.
            let body = make("Onderhoud gemalen").to_string();
            let a = call(
                app,
                Method::POST,
                &at("algorithms"),
                Some(&eva),
                Some(&body),
            )
            .await;
            assert_eq!(a.status, StatusCode::OK, "{prefix}: {}", a.body);
            c.check(0, ALGORITHMS, "post", &a);
            let id = a.body["lars_code"].as_str().unwrap().to_owned();
            let view = w
                .reg
                .get_internal(
                    &w.reg
                        .verify_password("eva@example.nl", PASSWORD)
                        .await
                        .unwrap(),
                    id.parse().unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(view.newest().unwrap().columns.standard_version, version);

            // Update: a change is saved; the same content again is NO_CHANGES.
            let mut doc = make("Onderhoud gemalen voorspellen");
            doc[changed_key] = match doc[changed_key] {
                Value::Array(_) => json!(["IAMA"]),
                _ => json!("Wijkbeheer"),
            };
            let body = doc.to_string();
            let a = call(
                app,
                Method::PUT,
                &at(&format!("algorithms/{id}")),
                Some(&eva),
                Some(&body),
            )
            .await;
            assert_eq!(
                (a.status, &a.body),
                (StatusCode::OK, &Value::Null),
                "{prefix}"
            );
            c.check(0, ALGORITHM, "put", &a);
            let a = call(
                app,
                Method::PUT,
                &at(&format!("algorithms/{id}")),
                Some(&eva),
                Some(&body),
            )
            .await;
            assert_eq!(a.body, json!({ "message": "NO_CHANGES" }), "{prefix}");
            c.check(0, ALGORITHM, "put", &a);

            // Get: in the address's version, with the old register's extra keys.
            let a = call(
                app,
                Method::GET,
                &at(&format!("algorithms/{id}")),
                Some(&eva),
                None,
            )
            .await;
            assert_eq!(a.status, StatusCode::OK);
            assert_eq!(a.body["standard_version"], version, "{prefix}: {}", a.body);
            assert_eq!(a.body["name"], "Onderhoud gemalen voorspellen");
            assert_eq!(a.body[changed_key], doc[changed_key]);
            assert_eq!(a.body[kept_key], doc[kept_key]);
            assert_eq!(a.body["state"], "STATE_1");
            assert_eq!(a.body["lars"], id.as_str());
            assert_eq!(a.body["language"], "NLD");
            assert!(a.body["create_dt"].is_string());
            assert!(a.body.get("publication_category").is_none(), "no 1.0 keys");

            // List: the summary names the version.
            let a = call(app, Method::GET, &at("algorithms"), Some(&eva), None).await;
            c.check(0, ALGORITHMS, "get", &a);
            let mine = a
                .body
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["lars"] == id.as_str())
                .unwrap()
                .clone();
            assert_eq!(mine["schema_version"], version);
            assert_eq!(mine["name"], "Onderhoud gemalen voorspellen");

            // Release, publish (four eyes), read the published version, retract.
            let a = call(
                app,
                Method::PUT,
                &at(&format!("algorithms/{id}/release")),
                Some(&eva),
                None,
            )
            .await;
            assert_eq!(a.status, StatusCode::OK, "{prefix}: {}", a.body);
            c.check(0, &format!("{ALGORITHM}/release"), "put", &a);
            let a = call(
                app,
                Method::PUT,
                &at(&format!("algorithms/{id}/publish")),
                Some(&eva),
                None,
            )
            .await;
            assert_eq!(a.status, StatusCode::FORBIDDEN);
            let a = call(
                app,
                Method::PUT,
                &at(&format!("algorithms/{id}/publish")),
                Some(&abel),
                None,
            )
            .await;
            assert_eq!(a.status, StatusCode::OK, "{prefix}: {}", a.body);
            let a = call(
                app,
                Method::GET,
                &at(&format!("published-algorithms/{id}")),
                Some(&eva),
                None,
            )
            .await;
            assert_eq!(a.status, StatusCode::OK);
            c.check(0, PUBLISHED, "get", &a);
            assert_eq!(
                (&a.body["state"], &a.body["standard_version"]),
                (&json!("PUBLISHED"), &json!(version))
            );
            assert!(a.body["publication_dt"].is_string());

            // The same description at v1_0: in its own version, as the reference contract allows
            // ("any of the algorithm standards").
            let a = call(
                app,
                Method::GET,
                &format!("{V}/gm0363/published-algorithms/{id}"),
                Some(&eva),
                None,
            )
            .await;
            assert_eq!(a.status, StatusCode::OK);
            c.check(0, PUBLISHED, "get", &a);
            assert_eq!(a.body["standard_version"], version);

            let a = call(
                app,
                Method::DELETE,
                &at(&format!("published-algorithms/{id}/retract")),
                Some(&abel),
                None,
            )
            .await;
            assert_eq!(a.status, StatusCode::OK, "{prefix}: {}", a.body);
            c.check(0, &format!("{PUBLISHED}/retract"), "delete", &a);

            // Another version at this address: 422, nothing saved. So is a wrong value of this
            // version, and a missing required field.
            let mut other = make("Anders");
            other["standard_version"] = json!(if version == "0.4" { "1.0" } else { "0.4" });
            let mut wrong = make("Anders");
            wrong["name"] = json!(["lijst"]);
            let mut missing = make("Anders");
            missing.as_object_mut().unwrap().remove("organization");
            for (body, loc, kind) in [
                (other, "standard_version", "enum"),
                (wrong, "name", "string_type"),
                (missing, "organization", "missing"),
            ] {
                let body = body.to_string();
                for (method, path, template) in [
                    (Method::POST, at("algorithms"), ALGORITHMS),
                    (Method::PUT, at(&format!("algorithms/{id}")), ALGORITHM),
                ] {
                    let a = call(app, method.clone(), &path, Some(&eva), Some(&body)).await;
                    assert_eq!(
                        a.status,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "{prefix} {body}"
                    );
                    c.check(0, template, &method.as_str().to_lowercase(), &a);
                    assert_eq!(
                        a.body["detail"][0]["loc"],
                        json!(["body", loc]),
                        "{prefix}: {}",
                        a.body
                    );
                    assert_eq!(a.body["detail"][0]["type"], kind, "{prefix}: {}", a.body);
                }
            }
            if version == "0.4" {
                let a = call(
                    app,
                    Method::POST,
                    &at("algorithms"),
                    Some(&eva),
                    Some(
                        &json!({"name": "x", "organization": "y", "standard_version": "1.0"})
                            .to_string(),
                    ),
                )
                .await;
                assert!(
                    a.body["detail"][0]["msg"]
                        .as_str()
                        .unwrap()
                        .contains("'0.4'"),
                    "{}",
                    a.body
                );
            }
        }

        // A 1.0 description read at an older address is answered in its own version.
        let body = toolkit_document("Route").to_string();
        let a = call(
            app,
            Method::POST,
            &format!("{V}/gm0363/algorithms"),
            Some(&eva),
            Some(&body),
        )
        .await;
        let id = a.body["lars_code"].as_str().unwrap().to_owned();
        for prefix in ["v0_4", "v0_1"] {
            let a = call(
                app,
                Method::GET,
                &format!("/aanleverapi/{prefix}/organizations/gm0363/algorithms/{id}"),
                Some(&eva),
                None,
            )
            .await;
            assert_eq!(a.status, StatusCode::OK);
            assert_eq!(a.body["standard_version"], "1.0");
            assert_eq!(a.body["publication_category"], "Overige algoritmes");
        }
        // Unknown versions are unknown paths.
        let a = call(
            app,
            Method::GET,
            "/aanleverapi/v0_3/organizations/gm0363/algorithms",
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(
            (a.status, &a.body),
            (StatusCode::NOT_FOUND, &json!({"detail": "Not Found"}))
        );
        let a = call(
            app,
            Method::GET,
            "/aanleverapi/v0_4/organizations/gm0363/algorithms/1",
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        // Another organisation's description is not found at every address.
        let otto = token(app, "otto@example.nl").await;
        let a = call(
            app,
            Method::GET,
            &format!("/aanleverapi/v0_4/organizations/gm0599/algorithms/{id}"),
            Some(&otto),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }
}

/// An oversized body is a 413 in FastAPI's shape at every address (declared or streamed), and nothing
/// is saved.
#[tokio::test]
async fn oversized_bodies_are_refused_in_fastapi_shape() {
    for w in worlds().await {
        let app = &w.app;
        let eva = token(app, "eva@example.nl").await;
        let mut doc = toolkit_document("Groot");
        doc["goal"] = json!("x".repeat(1024 * 1024 + 1));
        let body = doc.to_string();
        for prefix in ["v1_0", "v0_4", "v0_1"] {
            let path = format!("/aanleverapi/{prefix}/organizations/gm0363/algorithms");
            // With Content-Length (as every client sends it) and without (a stream).
            let declared = Request::post(&path)
                .header(header::CONTENT_LENGTH, body.len())
                .body(Body::from(body.clone()));
            let streamed =
                Request::post(&path).body(Body::from_stream(futures_util::stream::iter(
                    body.as_bytes()
                        .chunks(64 * 1024)
                        .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
                        .collect::<Vec<_>>(),
                )));
            for req in [declared, streamed] {
                let mut req = req.unwrap();
                let h = req.headers_mut();
                h.insert(
                    header::AUTHORIZATION,
                    format!("Bearer {eva}").parse().unwrap(),
                );
                h.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
                let res = app.clone().oneshot(req).await.unwrap();
                assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "{prefix}");
                let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let body: Value = serde_json::from_slice(&bytes).unwrap();
                assert!(
                    body["detail"].as_str().unwrap().contains("1024 KiB"),
                    "{body}"
                );
                assert_eq!(body.as_object().unwrap().len(), 1, "{body}");
            }
        }
        let a = call(
            app,
            Method::GET,
            &format!("{V}/gm0363/algorithms"),
            Some(&eva),
            None,
        )
        .await;
        assert_eq!(a.body, json!([]), "nothing was saved");
    }
}

/// The delivery API's release and publish notify as every other door does: the approvers hear of
/// the release, the author of the publication.
#[tokio::test]
async fn release_and_publish_notify() {
    for w in worlds().await {
        let app = &w.app;
        w.reg
            .add_user(NewUserRequest {
                email: "root@example.nl".into(),
                name: "Root".into(),
                password: Some(PASSWORD.into()),
                memberships: vec![],
                platform_roles: vec![algoreg_register::domain::PlatformRole::Admin],
            })
            .await
            .unwrap();
        let root = w
            .reg
            .verify_password("root@example.nl", PASSWORD)
            .await
            .unwrap();
        let eva = token(app, "eva@example.nl").await;
        let abel = token(app, "abel@example.nl").await;
        let body = toolkit_document("Meldingen").to_string();
        let a = call(
            app,
            Method::POST,
            &format!("{V}/gm0363/algorithms"),
            Some(&eva),
            Some(&body),
        )
        .await;
        let id = a.body["lars_code"].as_str().unwrap().to_owned();
        let at = |rest: &str| format!("{V}/gm0363/algorithms/{id}{rest}");
        let a = call(app, Method::PUT, &at("/release"), Some(&eva), None).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let a = call(app, Method::PUT, &at("/publish"), Some(&abel), None).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let got: Vec<(String, String)> = w
            .reg
            .outbox(&root, &Default::default())
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
