//! `/api/v1` end to end, on SQLite always and on PostgreSQL when `ALGOREG_TEST_POSTGRES_URL` is set.
//! Every JSON answer is checked against the OpenAPI document's schema for its route and status, and
//! the OpenAPI document itself is kept as a snapshot.

use std::collections::BTreeSet;
use std::time::Duration;

use algoreg_register::domain::{Actor, OrgRole, UserId};
use algoreg_register::{NewUserRequest, Register};
use algoreg_store::test_support::{TestDb, backends};
use algoreg_web::{WebConfig, router};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

const BASE: &str = "https://register.example";

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }
}

/// The OpenAPI document, compiled for checking answers.
pub struct Contract {
    spec: Value,
    compiler: boon::Compiler,
    schemas: boon::Schemas,
}

impl Contract {
    pub fn new(spec: Value) -> Self {
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        compiler
            .add_resource("http://spec.test/openapi.json", spec.clone())
            .unwrap();
        Self {
            spec,
            compiler,
            schemas: boon::Schemas::new(),
        }
    }

    /// Checks an answer against the schema the spec gives for (template, status, content type).
    fn check(&mut self, template: &str, a: &Answer) {
        self.check_op("get", template, a);
    }

    /// Checks an answer to `method` (lower case) on `template` against its documented schema.
    pub fn check_op(&mut self, method: &str, template: &str, a: &Answer) {
        let status = a.status.as_u16().to_string();
        if a.status == StatusCode::NOT_MODIFIED {
            return;
        }
        let responses = &self.spec["paths"][template][method]["responses"];
        assert!(
            responses.get(&status).is_some(),
            "{template} documents no {status} answer"
        );
        let ct = a
            .header("content-type")
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let content = &responses[&status]["content"];
        assert!(
            content.get(&ct).is_some(),
            "{template} {status} documents no content type {ct}: {content}"
        );
        if !ct.contains("json") || content[&ct].get("schema").is_none() {
            return;
        }
        let ptr = format!(
            "http://spec.test/openapi.json#/paths/{}/{method}/responses/{status}/content/{}/schema",
            template.replace('~', "~0").replace('/', "~1"),
            ct.replace('~', "~0").replace('/', "~1")
        );
        let idx = self
            .compiler
            .compile(&ptr, &mut self.schemas)
            .unwrap_or_else(|e| panic!("{ptr}: {e:#}"));
        let value = a.json();
        if let Err(e) = self.schemas.validate(&value, idx) {
            panic!("{template} {status} does not match its schema: {e:#}\n{value:#}");
        }
    }
}

struct World {
    app: axum::Router,
    reg: Register,
    editor: Actor,
    approver: Actor,
    contract: Contract,
    _db: TestDb,
}

pub async fn actor(reg: &Register, email: &str, role: OrgRole) -> Actor {
    let id: UserId = reg
        .add_user(NewUserRequest {
            email: email.into(),
            name: email.into(),
            password: None,
            memberships: vec![("gm0363".into(), role)],
            platform_roles: vec![],
        })
        .await
        .unwrap();
    reg.actor(id).await.unwrap()
}

async fn worlds(cache: bool) -> Vec<World> {
    let until = chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
        .unwrap()
        .to_utc();
    let mut out = Vec::new();
    for db in backends().await {
        let reg = Register::new(db.store.clone())
            .with_search(algoreg_register::search_index::SearchIndex::in_memory().unwrap());
        reg.seed_organisations().await.unwrap();
        reg.load_demo(150, 11, until).await.unwrap();
        reg.rebuild_search().await.unwrap();
        let editor = actor(&reg, "eva@example.nl", OrgRole::Editor).await;
        let approver = actor(&reg, "abel@example.nl", OrgRole::Approver).await;
        let config = WebConfig {
            public_url: BASE.into(),
            api_cache: cache,
            cache_poll: Duration::ZERO,
            ..Default::default()
        };
        let app = router(reg.clone(), config);
        let spec = get(&app, "/api/v1/openapi.json", &[]).await.json();
        out.push(World {
            app,
            reg,
            editor,
            approver,
            contract: Contract::new(spec),
            _db: db,
        });
    }
    out
}

pub async fn get(app: &axum::Router, uri: &str, headers: &[(&str, &str)]) -> Answer {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

impl World {
    /// GETs `uri`, checks the answer against the contract for `template`, and returns it.
    async fn get(&mut self, template: &str, uri: &str) -> Answer {
        let a = get(&self.app, uri, &[]).await;
        assert_eq!(a.header("api-version"), "1.0.0", "{uri}");
        assert!(
            a.status != StatusCode::INTERNAL_SERVER_ERROR,
            "{uri}: {}",
            String::from_utf8_lossy(&a.body)
        );
        self.contract.check(template, &a);
        a
    }

    /// Publishes a description with the given name and returns its ID.
    async fn publish(&self, name: &str, theme: &str) -> String {
        let doc = json!({
            "name": name,
            "description_short": "Een algoritme dat helpt bij het plannen van onderhoud aan bruggen.",
            "organization": "Gemeente Amsterdam",
            "category": [theme],
            "status": "In gebruik",
            "contact_email": "algoritmes@example.nl",
            "publication_category": "Impactvolle algoritmes",
            "goal": "<p>Veilige bruggen, met komma's, \"aanhalingstekens\" en\neen nieuwe regel.</p>",
            "impacttoetsen_grouping": [{"title": "DPIA", "link": "https://example.nl/dpia"}],
            "tags": "geheim zoekwoord",
            "lang": "nld",
            "standard_version": "1.0"
        });
        let doc = doc.as_object().unwrap();
        let id = self
            .reg
            .create(&self.editor, "gm0363", doc)
            .await
            .unwrap()
            .id;
        self.reg.submit(&self.editor, id, None).await.unwrap();
        self.reg.publish(&self.approver, id, None).await.unwrap();
        id.as_string()
    }
}

/// Every item of every page of an unfiltered list.
async fn all_items(w: &mut World) -> Vec<Value> {
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let a = w
            .get(
                "/api/v1/algorithms",
                &format!("/api/v1/algorithms?page_size=100&page={page}"),
            )
            .await;
        let v = a.json();
        items.extend(v["items"].as_array().unwrap().iter().cloned());
        if v["_links"].get("next").is_none() {
            assert_eq!(items.len() as i64, v["total"].as_i64().unwrap());
            return items;
        }
        page += 1;
    }
}

#[tokio::test]
async fn openapi_document_is_valid_and_matches_its_snapshot() {
    let app = router(
        Register::new(algoreg_store::test_support::sqlite().await.store.clone()),
        WebConfig::default(),
    );
    let a = get(&app, "/api/v1/openapi.json", &[]).await;
    assert_eq!(a.status, StatusCode::OK);
    let spec = a.json();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1"));
    // The document parses as OpenAPI 3.1 with a typed model of the specification.
    let typed = oas3::from_json(String::from_utf8(a.body.clone()).unwrap())
        .expect("a valid OpenAPI 3.1 document");
    assert_eq!(typed.validate_version().unwrap().minor, 1);
    for (path, item) in typed.paths.iter().flatten() {
        let ops: Vec<_> = [&item.get, &item.post, &item.put, &item.delete]
            .into_iter()
            .flatten()
            .collect();
        assert!(!ops.is_empty(), "{path} has no operation");
        for op in ops {
            assert!(
                op.summary.is_some() && op.responses.as_ref().is_some_and(|r| !r.is_empty()),
                "{path}"
            );
            // Every path parameter in the template is declared.
            for name in path
                .split('{')
                .skip(1)
                .map(|p| p.split('}').next().unwrap())
            {
                let declared = serde_json::to_value(&op.parameters)
                    .unwrap()
                    .to_string()
                    .contains(&format!("\"name\":\"{name}\""));
                assert!(declared, "{path}: parameter {name} is not declared");
            }
        }
    }
    // Every path of the API is documented with its answers, and its $refs resolve.
    for p in [
        "/api/v1/algorithms",
        "/api/v1/algorithms/{id}",
        "/api/v1/algorithms/{id}/versions",
        "/api/v1/algorithms/{id}/versions/{n}",
        "/api/v1/algorithms/{id}/diff",
        "/api/v1/algorithms/{id}/download",
        "/api/v1/downloads/algorithms",
        "/api/v1/organizations",
        "/api/v1/organizations/{code}",
        "/api/v1/standard/versions",
        "/api/v1/standard/{version}",
        "/api/v1/standard/{version}/schema.json",
        "/api/v1/search",
        "/api/v1/suggest",
        "/api/v1/my/algorithms",
        "/api/v1/my/algorithms/{id}",
        "/api/v1/algorithms/{id}/submit",
        "/api/v1/algorithms/{id}/publish",
        "/api/v1/algorithms/{id}/reject",
        "/api/v1/algorithms/{id}/retract",
        "/api/v1/algorithms/{id}/archive",
        "/api/v1/validate",
        "/api/v1/organizations/{code}/algorithms/bulk",
        "/api/v1/clients",
        "/api/v1/clients/{client_id}",
        "/api/v1/clients/{client_id}/rotate",
    ] {
        assert!(spec["paths"].get(p).is_some(), "{p} is not documented");
    }
    let text = serde_json::to_string(&spec).unwrap();
    for r in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = r.split('"').next().unwrap();
        assert!(
            spec["components"]["schemas"].get(name).is_some(),
            "dangling $ref {name}"
        );
    }
    let snapshot =
        std::path::Path::new(&crate::manifest_dir()).join("tests/snapshots/openapi.json");
    let pretty = serde_json::to_string_pretty(&spec).unwrap() + "\n";
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(&snapshot, &pretty).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot)
        .expect("snapshot (run with UPDATE_SNAPSHOTS=1 to write it)");
    assert!(
        expected == pretty,
        "the OpenAPI document changed; review and run with UPDATE_SNAPSHOTS=1"
    );
    let docs = get(&app, "/api/v1/docs", &[]).await;
    let html = String::from_utf8(docs.body).unwrap();
    assert!(html.contains("/api/v1/algorithms/{id}/diff") && !html.contains("<script"));
}

#[tokio::test]
async fn lists_filter_sort_and_page() {
    for mut w in worlds(true).await {
        let items = all_items(&mut w).await;
        assert!(items.len() > 100, "{}", items.len());
        let first = w.get("/api/v1/algorithms", "/api/v1/algorithms").await;
        assert_eq!(first.status, StatusCode::OK);
        let v = first.json();
        assert_eq!(v["page_size"], 20);
        assert_eq!(v["items"].as_array().unwrap().len(), 20);
        assert!(
            v["_links"]["next"]["href"]
                .as_str()
                .unwrap()
                .starts_with(BASE)
        );
        // Newest first by default.
        let dates: Vec<&str> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["published_at"].as_str().unwrap())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted);

        // Two filters: the total equals what the full list says about its items.
        let expected = items
            .iter()
            .filter(|i| i["status"] == "In gebruik" && i["organisation"]["type"] == "gemeente")
            .count();
        let a = w
            .get(
                "/api/v1/algorithms",
                "/api/v1/algorithms?status=in-gebruik&organisation_type=gemeente&page_size=100",
            )
            .await;
        let v = a.json();
        assert_eq!(v["total"].as_u64().unwrap() as usize, expected);
        assert!(expected > 10, "{expected}");
        for i in v["items"].as_array().unwrap() {
            assert_eq!(i["status"], "In gebruik");
        }

        // OR within a filter, for themes and impact assessments (with "none").
        let themes = ["Verkeer", "Werk"];
        let expected = items
            .iter()
            .filter(|i| {
                i["themes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| themes.contains(&t.as_str().unwrap()))
            })
            .count();
        let v = w
            .get(
                "/api/v1/algorithms",
                "/api/v1/algorithms?theme=verkeer,werk",
            )
            .await
            .json();
        assert_eq!(v["total"].as_u64().unwrap() as usize, expected);
        let expected = items
            .iter()
            .filter(|i| i["impact_assessments"] == json!(["none"]))
            .count();
        let v = w
            .get(
                "/api/v1/algorithms",
                "/api/v1/algorithms?impact_assessment=none",
            )
            .await
            .json();
        assert_eq!(v["total"].as_u64().unwrap() as usize, expected);
        let v = w
            .get(
                "/api/v1/algorithms",
                "/api/v1/algorithms?standard_version=0.4",
            )
            .await
            .json();
        assert_eq!(
            v["total"].as_u64().unwrap() as usize,
            items
                .iter()
                .filter(|i| i["standard_version"] == "0.4")
                .count()
        );

        // Sort by name; last page; a page past the end is empty but well-formed.
        let v = w
            .get(
                "/api/v1/algorithms",
                "/api/v1/algorithms?sort=name&page_size=100",
            )
            .await
            .json();
        let names: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_lowercase())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        let v = w
            .get("/api/v1/algorithms", "/api/v1/algorithms?page=999")
            .await
            .json();
        assert_eq!(v["items"].as_array().unwrap().len(), 0);
        assert!(v["_links"].get("next").is_none() && v["_links"]["prev"].is_object());

        // Conditional GET, CORS.
        let a = get(
            &w.app,
            "/api/v1/algorithms",
            &[("origin", "https://elsewhere.example")],
        )
        .await;
        assert_eq!(a.header("access-control-allow-origin"), "*");
        let etag = a.header("etag").to_owned();
        assert!(etag.starts_with('"'));
        let b = get(&w.app, "/api/v1/algorithms", &[("if-none-match", &etag)]).await;
        assert_eq!(b.status, StatusCode::NOT_MODIFIED);
        assert!(b.body.is_empty());

        // A publish changes the answer at once (the cache follows the change log).
        let id = w.publish("Brugonderhoud plannen", "Verkeer").await;
        let c = get(&w.app, "/api/v1/algorithms", &[("if-none-match", &etag)]).await;
        assert_eq!(c.status, StatusCode::OK);
        assert_eq!(c.json()["items"][0]["id"], id.as_str());
        assert_eq!(
            c.json()["total"].as_u64().unwrap() as usize,
            items.len() + 1
        );
    }
}

#[tokio::test]
async fn bad_input_is_a_precise_problem_never_a_500() {
    for mut w in worlds(false).await {
        let cases: &[(&str, &str, u16, &str)] = &[
            (
                "/api/v1/algorithms",
                "/api/v1/algorithms?colour=red",
                400,
                "colour",
            ),
            (
                "/api/v1/algorithms",
                "/api/v1/algorithms?theme=sport",
                400,
                "theme",
            ),
            (
                "/api/v1/algorithms",
                "/api/v1/algorithms?page_size=500",
                400,
                "page_size",
            ),
            (
                "/api/v1/algorithms",
                "/api/v1/algorithms?page=0",
                400,
                "page",
            ),
            (
                "/api/v1/algorithms",
                "/api/v1/algorithms?sort=best",
                400,
                "sort",
            ),
            (
                "/api/v1/algorithms",
                "/api/v1/algorithms?organisation=gm9999",
                400,
                "organisation",
            ),
            (
                "/api/v1/algorithms",
                "/api/v1/algorithms?organisation=%%",
                400,
                "organisation",
            ),
            (
                "/api/v1/algorithms",
                "/api/v1/algorithms?organisation=%FF",
                400,
                "organisation",
            ),
            (
                "/api/v1/algorithms/{id}",
                "/api/v1/algorithms/15888638",
                400,
                "id",
            ),
            (
                "/api/v1/algorithms/{id}",
                "/api/v1/algorithms/abc",
                400,
                "id",
            ),
            (
                "/api/v1/algorithms/{id}",
                "/api/v1/algorithms/15888639",
                404,
                "",
            ),
            (
                "/api/v1/algorithms/{id}",
                "/api/v1/algorithms/15888639?lang=de",
                400,
                "lang",
            ),
            (
                "/api/v1/algorithms/{id}/versions/{n}",
                "/api/v1/algorithms/15888639/versions/x",
                400,
                "n",
            ),
            (
                "/api/v1/algorithms/{id}/diff",
                "/api/v1/algorithms/15888639/diff?from=a",
                400,
                "from",
            ),
            (
                "/api/v1/organizations",
                "/api/v1/organizations?type=club",
                400,
                "type",
            ),
            (
                "/api/v1/organizations/{code}",
                "/api/v1/organizations/gm9999",
                404,
                "",
            ),
            (
                "/api/v1/standard/{version}",
                "/api/v1/standard/2.0",
                404,
                "version",
            ),
            (
                "/api/v1/standard/{version}/schema.json",
                "/api/v1/standard/1.0/schema.json?lang=de",
                400,
                "lang",
            ),
            (
                "/api/v1/downloads/algorithms",
                "/api/v1/downloads/algorithms?format=pdf",
                400,
                "format",
            ),
            (
                "/api/v1/downloads/algorithms",
                "/api/v1/downloads/algorithms?history=maybe&theme=sport",
                400,
                "history",
            ),
            (
                "/api/v1/algorithms/{id}/download",
                "/api/v1/algorithms/12345678/download",
                400,
                "id",
            ),
        ];
        for (template, uri, status, param) in cases {
            let a = w.get(template, uri).await;
            assert_eq!(
                a.status.as_u16(),
                *status,
                "{uri}: {}",
                String::from_utf8_lossy(&a.body)
            );
            assert_eq!(
                a.header("content-type"),
                "application/problem+json",
                "{uri}"
            );
            let p = a.json();
            assert_eq!(p["status"], *status);
            if !param.is_empty() {
                let names: Vec<&str> = p["invalid-params"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["name"].as_str().unwrap())
                    .collect();
                assert!(names.contains(param), "{uri}: {names:?}");
            }
        }
        // Unknown values list what is allowed.
        let p = w
            .get("/api/v1/algorithms", "/api/v1/algorithms?theme=sport")
            .await
            .json();
        assert!(
            p["invalid-params"][0]["allowed"]
                .as_array()
                .unwrap()
                .contains(&json!("zorg-en-gezondheid"))
        );
        let a = get(&w.app, "/api/v1/nothing-here", &[]).await;
        assert_eq!(
            (a.status, a.header("content-type")),
            (StatusCode::NOT_FOUND, "application/problem+json")
        );
    }
}

#[tokio::test]
async fn descriptions_versions_and_diffs() {
    for mut w in worlds(true).await {
        let id = w.publish("Bruggen inspecteren", "Verkeer").await;
        let a = w
            .get(
                "/api/v1/algorithms/{id}",
                &format!("/api/v1/algorithms/{id}"),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.header("content-language"), "nl");
        let v = a.json();
        let doc = &v["document"];
        assert_eq!(doc["name"], "Bruggen inspecteren");
        assert_eq!(doc["lars"], id.as_str());
        assert!(doc.get("tags").is_none(), "search words are never public");
        assert!(
            doc.get("risks").unwrap().is_null(),
            "empty fields are present as null"
        );
        assert_eq!(
            v["url"],
            format!("{BASE}/algoritme/{id}/bruggen-inspecteren")
        );
        let en = w
            .get(
                "/api/v1/algorithms/{id}",
                &format!("/api/v1/algorithms/{id}?lang=en"),
            )
            .await;
        assert_eq!(en.header("translation-fallback"), "nl");

        // A second published version, with a new name and status.
        let rid = Register::parse_id(&id).unwrap();
        let view = w.reg.get(Some(&w.editor), rid).await.unwrap();
        let mut doc: serde_json::Map<String, Value> =
            serde_json::from_str(&view.versions[0].document).unwrap();
        doc.insert("name".into(), json!("Bruggen inspecteren met drones"));
        doc.insert("status".into(), json!("In ontwikkeling"));
        w.reg.save_draft(&w.editor, rid, 1, &doc).await.unwrap();
        // A draft is not public.
        let still = w
            .get(
                "/api/v1/algorithms/{id}",
                &format!("/api/v1/algorithms/{id}"),
            )
            .await
            .json();
        assert_eq!(still["document"]["name"], "Bruggen inspecteren");
        w.reg.submit(&w.editor, rid, None).await.unwrap();
        w.reg.publish(&w.approver, rid, None).await.unwrap();

        let versions = w
            .get(
                "/api/v1/algorithms/{id}/versions",
                &format!("/api/v1/algorithms/{id}/versions"),
            )
            .await
            .json();
        let states: Vec<&str> = versions["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["state"].as_str().unwrap())
            .collect();
        assert_eq!(states, ["superseded", "published"]);
        assert!(versions["items"][0]["superseded_at"].is_string());
        let old = w
            .get(
                "/api/v1/algorithms/{id}/versions/{n}",
                &format!("/api/v1/algorithms/{id}/versions/1"),
            )
            .await
            .json();
        assert_eq!(old["document"]["name"], "Bruggen inspecteren");
        let a = w
            .get(
                "/api/v1/algorithms/{id}/versions/{n}",
                &format!("/api/v1/algorithms/{id}/versions/9"),
            )
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);

        let diff = w
            .get(
                "/api/v1/algorithms/{id}/diff",
                &format!("/api/v1/algorithms/{id}/diff"),
            )
            .await
            .json();
        assert_eq!(
            (diff["from"].as_i64(), diff["to"].as_i64()),
            (Some(1), Some(2))
        );
        let keys: Vec<&str> = diff["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["key"].as_str().unwrap())
            .collect();
        assert_eq!(keys, ["name", "status"]);
        assert_eq!(diff["changes"][0]["before"], "Bruggen inspecteren");
        let a = w
            .get(
                "/api/v1/algorithms/{id}/diff",
                &format!("/api/v1/algorithms/{id}/diff?from=1&to=3"),
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::BAD_REQUEST,
            "version 3 does not exist"
        );

        // Retracted: gone from the API.
        w.reg
            .retract(&w.approver, rid, "Niet meer nodig.")
            .await
            .unwrap();
        let a = w
            .get(
                "/api/v1/algorithms/{id}",
                &format!("/api/v1/algorithms/{id}"),
            )
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn organisations_and_the_standard() {
    for mut w in worlds(true).await {
        let v = w
            .get(
                "/api/v1/organizations",
                "/api/v1/organizations?type=provincie&page_size=100",
            )
            .await
            .json();
        assert_eq!(v["total"], 12);
        let v = w
            .get("/api/v1/organizations", "/api/v1/organizations?q=amsterdam")
            .await
            .json();
        assert_eq!(v["items"][0]["code"], "gm0363");
        let with = w
            .get(
                "/api/v1/organizations",
                "/api/v1/organizations?has_algorithms=true&page_size=100",
            )
            .await
            .json();
        assert!(
            with["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|o| o["published_algorithms"].as_i64().unwrap() > 0)
        );
        let list = w
            .get(
                "/api/v1/algorithms",
                "/api/v1/algorithms?organisation=gm0363&page_size=100",
            )
            .await
            .json();
        let org = w
            .get(
                "/api/v1/organizations/{code}",
                "/api/v1/organizations/GM0363",
            )
            .await
            .json();
        assert_eq!(org["published_algorithms"], list["total"]);
        assert_eq!(
            org["algorithms"].as_array().unwrap().len() as u64,
            list["total"].as_u64().unwrap().min(100)
        );

        let versions = w
            .get("/api/v1/standard/versions", "/api/v1/standard/versions")
            .await
            .json();
        let names: Vec<&str> = versions["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["version"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["0.1", "0.2.3", "0.3.1", "0.4", "1.0"]);
        let def = w
            .get("/api/v1/standard/{version}", "/api/v1/standard/1.0")
            .await
            .json();
        assert_eq!(def["fields"].as_array().unwrap().len(), 31);
        let schema = w
            .get(
                "/api/v1/standard/{version}/schema.json",
                "/api/v1/standard/1.0/schema.json?lang=en",
            )
            .await;
        assert_eq!(schema.header("content-type"), "application/schema+json");
        assert_eq!(
            schema.json()["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}

#[tokio::test]
async fn downloads_match_the_api() {
    for mut w in worlds(true).await {
        w.publish("Bruggen, \"kades\" en sluizen", "Verkeer").await;
        let items = all_items(&mut w).await;
        let ids: BTreeSet<String> = items
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect();

        // CSV: one row per published description, the same IDs, organisations and names as the API.
        let a = w
            .get(
                "/api/v1/downloads/algorithms",
                "/api/v1/downloads/algorithms?format=csv&bom=true",
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(
            a.header("content-disposition")
                .starts_with("attachment; filename=\"algoritmeregister-")
        );
        assert!(a.body.starts_with(b"\xEF\xBB\xBF"));
        let mut reader = csv::Reader::from_reader(&a.body[3..]);
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("no column {name}"))
        };
        assert!(headers.iter().all(|h| h != "tags"));
        let mut seen = BTreeSet::new();
        for row in reader.records() {
            let row = row.unwrap();
            let id = row[col("algoritme_id")].to_owned();
            let item = items
                .iter()
                .find(|i| i["id"] == id.as_str())
                .unwrap_or_else(|| panic!("{id} not in the API"));
            assert_eq!(
                &row[col("organisation_code")],
                item["organisation"]["code"].as_str().unwrap()
            );
            assert_eq!(
                &row[col("organisation_name")],
                item["organisation"]["name"].as_str().unwrap()
            );
            assert_eq!(&row[col("register_url")], item["url"].as_str().unwrap());
            if item["standard_version"] == "1.0" {
                assert_eq!(&row[col("name")], item["name"].as_str().unwrap());
            }
            assert!(
                !row[col("goal")].contains("<p>"),
                "rich text is clean text in CSV"
            );
            seen.insert(id);
        }
        assert_eq!(seen, ids);

        // A filtered selection as XLSX: the same rows as the filtered list.
        let list = w
            .get(
                "/api/v1/algorithms",
                "/api/v1/algorithms?theme=verkeer&page_size=100",
            )
            .await
            .json();
        let a = w
            .get(
                "/api/v1/downloads/algorithms",
                "/api/v1/downloads/algorithms?format=xlsx&theme=verkeer&lang=en",
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::Xlsx::new(std::io::Cursor::new(a.body.clone())).unwrap();
        let sheets = book.sheet_names();
        assert_eq!(sheets.len(), 2, "{sheets:?}");
        let range = book.worksheet_range(&sheets[0]).unwrap();
        let rows: Vec<_> = range.rows().collect();
        assert_eq!(rows.len() as u64 - 1, list["total"].as_u64().unwrap());
        let xlsx_ids: BTreeSet<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
        let list_ids: BTreeSet<String> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(xlsx_ids, list_ids);

        // JSON with history: every published version, with organisations.
        let a = w
            .get(
                "/api/v1/downloads/algorithms",
                "/api/v1/downloads/algorithms?format=json&history=true",
            )
            .await;
        let dump = a.json();
        assert_eq!(dump["format"], "algoreg-open-data");
        let algos = dump["algorithms"].as_array().unwrap();
        assert_eq!(algos.len(), ids.len());
        assert!(
            algos
                .iter()
                .any(|a| a["versions"].as_array().unwrap().len() > 1)
        );
        assert!(!dump["organisations"].as_array().unwrap().is_empty());

        // One description.
        let id = items[0]["id"].as_str().unwrap();
        let a = w
            .get(
                "/api/v1/algorithms/{id}/download",
                &format!("/api/v1/algorithms/{id}/download?format=csv"),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        let rows = csv::Reader::from_reader(&a.body[..]).records().count();
        assert_eq!(rows, 1);
        let etag = a.header("etag").to_owned();
        let b = get(
            &w.app,
            &format!("/api/v1/algorithms/{id}/download?format=csv"),
            &[("if-none-match", &etag)],
        )
        .await;
        assert_eq!(b.status, StatusCode::NOT_MODIFIED);
    }
}

#[tokio::test]
async fn search_ranks_filters_counts_and_follows_publications() {
    for mut w in worlds(true).await {
        let id = w.publish("Kademuren bewaken met sensoren", "Verkeer").await;
        w.reg.sync_search().await.unwrap();
        let a = w.get("/api/v1/search", "/api/v1/search?q=kademuren").await;
        assert_eq!(a.status, StatusCode::OK);
        let v = a.json();
        assert_eq!(v["items"][0]["id"], id.as_str());
        let v = w
            .get("/api/v1/search", "/api/v1/search?q=kademuren+onderhoud")
            .await
            .json();
        assert_eq!(v["items"][0]["id"], id.as_str());
        assert!(
            v["items"][0]["snippet"]
                .as_str()
                .unwrap()
                .contains("<mark>onderhoud</mark>"),
            "{v}"
        );
        // A page beyond the result window is a bad parameter, not a server error.
        let deep = w
            .get(
                "/api/v1/search",
                "/api/v1/search?q=&page=5000&page_size=100",
            )
            .await;
        assert_eq!(deep.status, StatusCode::BAD_REQUEST);
        assert_eq!(deep.json()["invalid-params"][0]["name"], "page");
        // Facets cover the whole result set; a theme filter keeps the other themes' counts.
        let all = w.get("/api/v1/search", "/api/v1/search?q=").await.json();
        let total = all["total"].as_u64().unwrap();
        let themes = all["facets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["param"] == "theme")
            .unwrap()
            .clone();
        let verkeer = themes["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["value"] == "Verkeer")
            .unwrap()["count"]
            .as_u64()
            .unwrap();
        let filtered = w
            .get("/api/v1/search", "/api/v1/search?q=&theme=verkeer")
            .await
            .json();
        assert_eq!(filtered["total"].as_u64().unwrap(), verkeer);
        let list = w
            .get("/api/v1/algorithms", "/api/v1/algorithms?theme=verkeer")
            .await
            .json();
        assert_eq!(
            list["total"].as_u64().unwrap(),
            verkeer,
            "search and list agree"
        );
        let still = filtered["facets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["param"] == "theme")
            .unwrap();
        assert!(
            still["values"].as_array().unwrap().len() > 1,
            "other themes keep their counts"
        );
        assert!(total >= verkeer);
        // The ID finds the description directly; bad input is read as well as it can be.
        let d = w
            .get("/api/v1/search", &format!("/api/v1/search?q={id}"))
            .await
            .json();
        assert_eq!(d["direct"]["id"], id.as_str());
        for q in ["%22unbalanced", "-", "or", "%01%02"] {
            let a = w
                .get("/api/v1/search", &format!("/api/v1/search?q={q}"))
                .await;
            assert_eq!(a.status, StatusCode::OK, "{q}");
        }
        let s = w
            .get("/api/v1/suggest", "/api/v1/suggest?q=kadem")
            .await
            .json();
        assert!(
            s["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == id.as_str()),
            "{s}"
        );
        // A retraction leaves the index once the change log is applied.
        let rid = Register::parse_id(&id).unwrap();
        w.reg.retract(&w.approver, rid, "Gestopt.").await.unwrap();
        w.reg.sync_search().await.unwrap();
        let v = w
            .get("/api/v1/search", "/api/v1/search?q=kademuren")
            .await
            .json();
        assert!(
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["id"] != id.as_str())
        );
    }
}
