//! The token endpoint and the bearer-token extractors, on SQLite always and on PostgreSQL when
//! `ALGOREG_TEST_POSTGRES_URL` is set.

use algoreg_register::domain::{Action, OrgRole};
use algoreg_register::{NewUserRequest, Register};
use algoreg_store::test_support::{TestDb, backends};
use algoreg_web::auth::{ApiActor, CompatActor};
use algoreg_web::{WebConfig, app_state, router};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery staple";
const TOKEN_PATH: &str = "/realms/algreg/protocol/openid-connect/token";

struct World {
    app: axum::Router,
    /// Two routes that only say who is asking: one behind each extractor.
    probe: axum::Router,
    client_id: String,
    secret: String,
    _reg: Register,
    _db: TestDb,
}

async fn worlds() -> Vec<World> {
    let mut out = Vec::new();
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let admin_id = reg
            .add_user(NewUserRequest {
                email: "olga@example.nl".into(),
                name: "Olga".into(),
                password: Some(PASSWORD.into()),
                memberships: vec![("gm0363".into(), OrgRole::OrgAdmin)],
                platform_roles: vec![],
            })
            .await
            .unwrap();
        let olga = reg.actor(admin_id).await.unwrap();
        let made = reg
            .create_client(
                &olga,
                "gm0363",
                "Toolkit",
                &[Action::SaveDraft, Action::Submit],
            )
            .await
            .unwrap();
        let config = WebConfig {
            public_url: "https://register.example".into(),
            ..Default::default()
        };
        let probe = axum::Router::new()
            .route(
                "/probe/api",
                axum::routing::get(|ApiActor(a): ApiActor| async move {
                    axum::Json(json!({ "name": a.name, "client": a.is_client() }))
                }),
            )
            .route(
                "/probe/compat",
                axum::routing::get(|CompatActor(a): CompatActor| async move {
                    axum::Json(json!({ "name": a.name, "client": a.is_client() }))
                }),
            )
            .with_state(app_state(reg.clone(), config.clone()));
        out.push(World {
            app: router(reg.clone(), config),
            probe,
            client_id: made.client.client_id.clone(),
            secret: made.secret.expose().to_owned(),
            _reg: reg,
            _db: db,
        });
    }
    out
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
}

async fn send(app: &axum::Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
    }
}

async fn post_form(app: &axum::Router, path: &str, form: &str, auth: Option<&str>) -> Answer {
    let mut req =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    send(app, req.body(Body::from(form.to_owned())).unwrap()).await
}

async fn get(app: &axum::Router, path: &str, auth: Option<&str>) -> Answer {
    let mut req = Request::get(path);
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

fn header<'a>(a: &'a Answer, name: &str) -> &'a str {
    a.headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test]
async fn the_token_endpoint_speaks_keycloak() {
    for w in worlds().await {
        // Password grant, as the toolkit sends it (client_id and an empty totp included).
        let a = post_form(
            &w.app,
            TOKEN_PATH,
            "grant_type=password&client_id=aanleverapi&username=olga%40example.nl&password=correct+horse+battery+staple&totp=",
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["token_type"], "Bearer");
        assert_eq!(a.body["expires_in"], 3600);
        assert_eq!(a.body["access_token"].as_str().unwrap().len(), 64);
        assert_eq!(header(&a, "cache-control"), "no-store");
        let person = format!("Bearer {}", a.body["access_token"].as_str().unwrap());

        // Wrong password, unknown user: 401 with OAuth's error code.
        for form in [
            "grant_type=password&username=olga%40example.nl&password=wrong-password",
            "grant_type=password&username=nobody%40example.nl&password=correct+horse+battery+staple",
        ] {
            let a = post_form(&w.app, TOKEN_PATH, form, None).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED);
            assert_eq!(a.body["error"], "invalid_grant");
        }

        // Client credentials, in the form and as HTTP Basic.
        let form = format!(
            "grant_type=client_credentials&client_id={}&client_secret={}",
            w.client_id, w.secret
        );
        let a = post_form(&w.app, TOKEN_PATH, &form, None).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["expires_in"], 900);
        let client = format!("Bearer {}", a.body["access_token"].as_str().unwrap());
        use base64::Engine;
        let basic = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", w.client_id, w.secret))
        );
        let a = post_form(
            &w.app,
            TOKEN_PATH,
            "grant_type=client_credentials",
            Some(&basic),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let form = format!(
            "grant_type=client_credentials&client_id={}&client_secret=wrong",
            w.client_id
        );
        let a = post_form(&w.app, TOKEN_PATH, &form, None).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        assert_eq!(a.body["error"], "invalid_client");

        // Requests that cannot be used: each a 400 with its own code.
        for (form, code) in [
            (
                "grant_type=authorization_code&code=x",
                "unsupported_grant_type",
            ),
            ("username=olga%40example.nl&password=x", "invalid_request"),
            (
                "grant_type=password&username=olga%40example.nl",
                "invalid_request",
            ),
            (
                "grant_type=client_credentials&client_id=x",
                "invalid_request",
            ),
        ] {
            let a = post_form(&w.app, TOKEN_PATH, form, None).await;
            assert_eq!(a.status, StatusCode::BAD_REQUEST, "{form}");
            assert_eq!(a.body["error"], code, "{form}");
        }
        let a = send(
            &w.app,
            Request::post(TOKEN_PATH)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"grant_type":"password"}"#))
                .unwrap(),
        )
        .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert_eq!(a.body["error"], "invalid_request");

        // Another realm does not exist; the discovery document names our endpoint.
        let a = post_form(
            &w.app,
            "/realms/master/protocol/openid-connect/token",
            "grant_type=password&username=a&password=b",
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = get(
            &w.app,
            "/realms/algreg/.well-known/openid-configuration",
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(
            a.body["token_endpoint"],
            "https://register.example/realms/algreg/protocol/openid-connect/token"
        );
        assert_eq!(
            a.body["grant_types_supported"],
            json!(["password", "client_credentials"])
        );

        // Both tokens open both doors.
        for (auth, name, is_client) in [(&person, "Olga", false), (&client, "Toolkit", true)] {
            for path in ["/probe/api", "/probe/compat"] {
                let a = get(&w.probe, path, Some(auth)).await;
                assert_eq!(a.status, StatusCode::OK, "{path}");
                assert_eq!(a.body, json!({ "name": name, "client": is_client }));
            }
        }
    }
}

#[tokio::test]
async fn missing_and_bad_tokens_are_refused_in_each_api_shape() {
    for w in worlds().await {
        for auth in [
            None,
            Some("Bearer"),
            Some("Basic b2xnYTp4"),
            Some("Bearer nonsense"),
        ] {
            // Our API: problem+json.
            let a = get(&w.probe, "/probe/api", auth).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{auth:?}");
            assert_eq!(header(&a, "content-type"), "application/problem+json");
            assert!(header(&a, "www-authenticate").starts_with("Bearer"));
            assert_eq!(a.body["status"], 401);
            assert_eq!(
                a.body["type"],
                "https://algoreg.nl/problems/unauthenticated"
            );
            // The compatible API: FastAPI's shape.
            let a = get(&w.probe, "/probe/compat", auth).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{auth:?}");
            assert!(header(&a, "content-type").starts_with("application/json"));
            assert!(header(&a, "www-authenticate").starts_with("Bearer"));
            assert!(a.body["detail"].is_string(), "{}", a.body);
            assert_eq!(a.body.as_object().unwrap().len(), 1);
        }
        let a = get(&w.probe, "/probe/compat", None).await;
        assert_eq!(a.body["detail"], "Not authenticated");
        let a = get(&w.probe, "/probe/compat", Some("Bearer nonsense")).await;
        assert_eq!(
            a.body["detail"],
            "Could not validate credentials: the token is not valid"
        );
        assert_eq!(
            header(&a, "www-authenticate"),
            r#"Bearer error="invalid_token""#
        );

        // An expired token: issued by a register whose tokens live no time at all.
        let instant = w
            ._reg
            .clone()
            .with_auth_settings(algoreg_register::AuthSettings {
                client_token_ttl: std::time::Duration::ZERO,
                person_token_ttl: std::time::Duration::ZERO,
            });
        let t = instant
            .token_for_client(&w.client_id, &w.secret)
            .await
            .unwrap();
        let auth = format!("Bearer {}", t.access_token.expose());
        let a = get(&w.probe, "/probe/compat", Some(&auth)).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            a.body["detail"],
            "Could not validate credentials: the token has expired"
        );
        let a = get(&w.probe, "/probe/api", Some(&auth)).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            a.body["detail"],
            "The access token cannot be used: the token has expired."
        );
    }
}

#[tokio::test]
async fn over_the_limit_is_429_with_retry_after() {
    for w in worlds().await {
        let reg = w
            ._reg
            .clone()
            .with_rate_limits(algoreg_register::RateLimits {
                per_actor: 2,
                per_address: 0,
                token_per_address: 2,
            });
        algoreg_store::test_support::within_one_window().await;
        let t = reg.token_for_client(&w.client_id, &w.secret).await.unwrap();
        let auth = format!("Bearer {}", t.access_token.expose());
        let probe = axum::Router::new()
            .route(
                "/probe/api",
                axum::routing::get(|ApiActor(_): ApiActor| async { "ok" }),
            )
            .route(
                "/probe/compat",
                axum::routing::get(|CompatActor(_): CompatActor| async { "ok" }),
            )
            .with_state(app_state(reg.clone(), WebConfig::default()));
        assert_eq!(
            get(&probe, "/probe/api", Some(&auth)).await.status,
            StatusCode::OK
        );
        assert_eq!(
            get(&probe, "/probe/compat", Some(&auth)).await.status,
            StatusCode::OK
        );
        let a = get(&probe, "/probe/compat", Some(&auth)).await;
        assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(a.body["detail"].is_string());
        let secs: u64 = header(&a, "retry-after").parse().unwrap();
        assert!((1..=60).contains(&secs));
        let a = get(&probe, "/probe/api", Some(&auth)).await;
        assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(header(&a, "content-type"), "application/problem+json");
        assert!(!header(&a, "retry-after").is_empty());

        // The token endpoint, per address (the peer, as `serve` provides it).
        let app = router(reg.clone(), WebConfig::default()).layer(
            axum::extract::connect_info::MockConnectInfo(std::net::SocketAddr::from((
                [192, 0, 2, 7],
                4000,
            ))),
        );
        let form = "grant_type=password&username=olga%40example.nl&password=wrong-password";
        for _ in 0..2 {
            let a = post_form(&app, TOKEN_PATH, form, None).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        }
        let a = post_form(&app, TOKEN_PATH, form, None).await;
        assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(!header(&a, "retry-after").is_empty());
    }
}
