//! Logging in through an organisation's identity provider (OpenID Connect), on SQLite and
//! PostgreSQL, against a small provider of our own that listens on the loopback address: over http,
//! and over https with a certificate authority the register is told to trust. The provider checks what
//! a real one checks (client secret, single-use code, redirect URI, PKCE) and can be told to misbehave.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use algoreg_register::domain::OrgRole;
use algoreg_register::{OidcProvider, Register, TrustRoots};
use algoreg_web::{WebConfig, router};
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::json;
use sha2::Digest;
use tower::ServiceExt;

use crate::beheer::{Browser, csrf_of, location, platform_user, worlds};
use crate::site::BASE;

const CLIENT_ID: &str = "algoreg";
const CLIENT_SECRET: &str = "provider-secret";

/// A code the provider gave out, waiting for the token request.
struct Grant {
    email: String,
    nonce: String,
    challenge: String,
    redirect_uri: String,
}

/// How the provider should misbehave in the next ID token.
#[derive(Default, Clone)]
struct Tamper {
    nonce: Option<String>,
    aud: Option<String>,
    unverified: bool,
}

#[derive(Default)]
struct Idp {
    issuer: String,
    codes: HashMap<String, Grant>,
    tamper: Tamper,
    token_requests: usize,
    /// The last ID token given out.
    last_id_token: String,
}

type Shared = Arc<Mutex<Idp>>;

async fn discovery(State(idp): State<Shared>) -> Response {
    let issuer = idp.lock().unwrap().issuer.clone();
    axum::Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "end_session_endpoint": format!("{issuer}/logout"),
    }))
    .into_response()
}

/// The person `login_as` logs in at the provider: back to the register with a code.
async fn authorize(
    State(idp): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], CLIENT_ID);
    assert_eq!(q["code_challenge_method"], "S256");
    assert!(q["scope"].split(' ').any(|s| s == "openid"));
    let redirect = q["redirect_uri"].clone();
    if let Some(e) = q.get("deny") {
        return (
            StatusCode::FOUND,
            [(
                "location",
                format!("{redirect}?error={e}&state={}", q["state"]),
            )],
        )
            .into_response();
    }
    let code = algoreg_register::random_secret();
    idp.lock().unwrap().codes.insert(
        code.clone(),
        Grant {
            email: q["login_as"].clone(),
            nonce: q["nonce"].clone(),
            challenge: q["code_challenge"].clone(),
            redirect_uri: redirect.clone(),
        },
    );
    (
        StatusCode::FOUND,
        [(
            "location",
            format!(
                "{redirect}?code={code}&state={}&session_state=x",
                q["state"]
            ),
        )],
    )
        .into_response()
}

async fn token(
    State(idp): State<Shared>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let mut idp = idp.lock().unwrap();
    idp.token_requests += 1;
    let expected = format!(
        "Basic {}",
        STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let bad = || {
        (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "invalid_grant"})),
        )
            .into_response()
    };
    if f.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return bad();
    }
    let Some(grant) = f.get("code").and_then(|c| idp.codes.remove(c)) else {
        return bad();
    };
    let verifier = f.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes())) != grant.challenge
        || f.get("redirect_uri") != Some(&grant.redirect_uri)
    {
        return bad();
    }
    let now = chrono::Utc::now().timestamp();
    let t = idp.tamper.clone();
    let claims = json!({
        "iss": idp.issuer,
        "sub": format!("sub-{}", grant.email),
        "aud": t.aud.unwrap_or_else(|| CLIENT_ID.into()),
        "exp": now + 300,
        "iat": now,
        "nonce": t.nonce.unwrap_or(grant.nonce),
        "email": grant.email,
        "email_verified": !t.unverified,
        "name": "Nieuwe Collega",
    });
    let id_token = format!(
        "{}.{}.c2lnbmF0dXJl",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    idp.last_id_token = id_token.clone();
    axum::Json(json!({"access_token": "at", "token_type": "Bearer", "id_token": id_token}))
        .into_response()
}

fn idp_app(idp: Shared) -> axum::Router {
    axum::Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .with_state(idp)
}

/// The provider over plain http on the loopback address.
async fn http_idp() -> (Shared, axum::Router) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let idp: Shared = Arc::new(Mutex::new(Idp {
        issuer,
        ..Default::default()
    }));
    let app = idp_app(idp.clone());
    let served = app.clone();
    tokio::spawn(async move { axum::serve(listener, served).await.unwrap() });
    (idp, app)
}

fn provider(issuer: &str) -> OidcProvider {
    OidcProvider {
        id: "gemeente".into(),
        label: "Gemeente Amsterdam-account".into(),
        issuer: issuer.into(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        organisations: vec!["gm0363".into()],
        require_verified_email: true,
    }
}

fn app_with(reg: &Register, provider: OidcProvider, roots: &TrustRoots) -> axum::Router {
    let reg = reg.clone().with_oidc(vec![provider], BASE, roots).unwrap();
    router(
        reg,
        WebConfig {
            public_url: BASE.into(),
            api_cache: false,
            cache_poll: std::time::Duration::ZERO,
            ..Default::default()
        },
    )
}

/// The query parameters of a URL.
fn query(url: &str) -> HashMap<String, String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Starts a login in `b` and lets the provider answer for `login_as` (or deny with `deny`);
/// answers the path the provider sends the browser back to.
async fn provider_answer(
    b: &mut Browser,
    idp: &axum::Router,
    start: &str,
    login_as: &str,
    deny: Option<&str>,
) -> String {
    let p = b.get(start).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert!(b.cookies.contains_key("algoreg_oidc"));
    let to_idp = url::Url::parse(location(&p)).unwrap();
    let mut at_idp = format!(
        "{}?{}&login_as={}",
        to_idp.path(),
        to_idp.query().unwrap(),
        login_as.replace('@', "%40")
    );
    if let Some(d) = deny {
        at_idp.push_str(&format!("&deny={d}"));
    }
    let res = idp
        .clone()
        .oneshot(
            axum::http::Request::get(at_idp)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()["location"].to_str().unwrap();
    back.strip_prefix(BASE)
        .expect("back to the register")
        .to_owned()
}

/// As [`provider_answer`], and the register's page for the browser coming back.
async fn round_trip(
    b: &mut Browser,
    idp: &axum::Router,
    start: &str,
    login_as: &str,
    deny: Option<&str>,
) -> crate::site::Page {
    let back = provider_answer(b, idp, start, login_as, deny).await;
    b.get(&back).await
}

#[tokio::test]
async fn people_log_in_through_their_organisations_provider() {
    for w in worlds().await {
        let (idp, idp_router) = http_idp().await;
        let issuer = idp.lock().unwrap().issuer.clone();
        let app = app_with(&w.reg, provider(&issuer), &TrustRoots::system());

        // The login page offers the provider beside the password form.
        let mut b = Browser::new(&app);
        let page = b.get("/beheer/inloggen?next=%2Fbeheer%2Fprofiel").await;
        assert!(
            page.body
                .contains("Inloggen met Gemeente Amsterdam-account")
        );
        assert!(
            page.body
                .contains("href=\"/beheer/inloggen/oidc/gemeente?next=%2Fbeheer%2Fprofiel\"")
        );

        // Starting sends the browser to the provider with state, nonce and a PKCE challenge.
        let p = b.get("/beheer/inloggen/oidc/gemeente").await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        let q = query(location(&p));
        assert!(location(&p).starts_with(&format!("{issuer}/authorize?")));
        assert_eq!(
            q["redirect_uri"],
            format!("{BASE}/beheer/inloggen/oidc/gemeente/terug")
        );
        assert_eq!(format!("nl.{}", q["state"]), b.cookies["algoreg_oidc"]);
        assert_eq!(q["code_challenge"].len(), 43);
        assert!(q["nonce"].len() >= 32);

        // Eva (an editor of gm0363) logs in and lands on the page she asked for.
        let mut b = Browser::new(&app);
        let p = round_trip(
            &mut b,
            &idp_router,
            "/beheer/inloggen/oidc/gemeente?next=%2Fbeheer%2Fgebruikers",
            "eva@example.nl",
            None,
        )
        .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert_eq!(location(&p), "/beheer/gebruikers");
        assert!(b.cookies.contains_key("algoreg_session"));
        assert!(!b.cookies.contains_key("algoreg_oidc"));
        let home = b.get("/beheer").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.body.contains("eva"));
        // Logging out ends the provider's session too: on to its logout page with the ID token.
        let out = b
            .post("/beheer/uitloggen", &[("csrf", &csrf_of(&home.body))])
            .await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(location(&out).starts_with(&format!("{issuer}/logout?")));
        let q = query(location(&out));
        assert_eq!(q["id_token_hint"], idp.lock().unwrap().last_id_token);
        assert_eq!(q["client_id"], CLIENT_ID);
        assert_eq!(
            q["post_logout_redirect_uri"],
            format!("{BASE}/beheer/inloggen")
        );
        assert!(!b.cookies.contains_key("algoreg_session"));
        assert_eq!(b.get("/beheer").await.status, StatusCode::SEE_OTHER);

        // The same answer again (a replay): the login was used up.
        let mut b = Browser::new(&app);
        let back = provider_answer(
            &mut b,
            &idp_router,
            "/beheer/inloggen/oidc/gemeente",
            "eva@example.nl",
            None,
        )
        .await;
        let state = b.cookies["algoreg_oidc"].clone();
        // Another browser (no cookie with the state) cannot finish it.
        let mut other = Browser::new(&app);
        let p = other.get(&back).await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST);
        assert!(
            p.body
                .contains("duurde te lang, of is in een ander venster begonnen")
        );
        assert!(!other.cookies.contains_key("algoreg_session"));
        let p = b.get(&back).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        b.cookies.insert("algoreg_oidc".into(), state);
        b.cookies.remove("algoreg_session");
        let p = b.get(&back).await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST, "used once");
        assert!(!b.cookies.contains_key("algoreg_session"));

        // Otto works for gm0599: this provider is not his organisation's.
        let mut b = Browser::new(&app);
        let p = round_trip(
            &mut b,
            &idp_router,
            "/beheer/inloggen/oidc/gemeente",
            "otto@example.nl",
            None,
        )
        .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        assert!(
            p.body
                .contains("Er is geen account met dit e-mailadres bij deze organisatie")
        );
        assert!(!b.cookies.contains_key("algoreg_session"));
        // Nor does an address without an account.
        let p = round_trip(
            &mut b,
            &idp_router,
            "/en/beheer/inloggen/oidc/gemeente",
            "nobody@example.nl",
            None,
        )
        .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        assert!(
            p.body
                .contains("There is no account with this e-mail address")
        );

        // The person cancels at the provider.
        let p = round_trip(
            &mut b,
            &idp_router,
            "/beheer/inloggen/oidc/gemeente",
            "eva@example.nl",
            Some("access_denied"),
        )
        .await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED);
        assert!(!b.cookies.contains_key("algoreg_session"));

        // ID tokens that are not for this login, or without a verified address, are refused.
        for (tamper, status, text) in [
            (
                Tamper {
                    nonce: Some("another-login".into()),
                    ..Default::default()
                },
                StatusCode::BAD_GATEWAY,
                "werkt nu niet goed",
            ),
            (
                Tamper {
                    aud: Some("another-client".into()),
                    ..Default::default()
                },
                StatusCode::BAD_GATEWAY,
                "werkt nu niet goed",
            ),
            (
                Tamper {
                    unverified: true,
                    ..Default::default()
                },
                StatusCode::FORBIDDEN,
                "geen bevestigd e-mailadres",
            ),
        ] {
            idp.lock().unwrap().tamper = tamper;
            let p = round_trip(
                &mut b,
                &idp_router,
                "/beheer/inloggen/oidc/gemeente",
                "eva@example.nl",
                None,
            )
            .await;
            assert_eq!(p.status, status);
            assert!(p.body.contains(text), "{text}");
            assert!(!b.cookies.contains_key("algoreg_session"));
        }
        idp.lock().unwrap().tamper = Tamper::default();

        // A wrong client secret: the provider refuses the code; so does the register.
        let wrong_app = app_with(
            &w.reg,
            OidcProvider {
                client_secret: "wrong".into(),
                ..provider(&issuer)
            },
            &TrustRoots::system(),
        );
        let mut b = Browser::new(&wrong_app);
        let p = round_trip(
            &mut b,
            &idp_router,
            "/beheer/inloggen/oidc/gemeente",
            "eva@example.nl",
            None,
        )
        .await;
        assert_eq!(p.status, StatusCode::BAD_GATEWAY);

        // An unknown provider.
        let p = b.get("/beheer/inloggen/oidc/elders").await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn an_invitation_is_accepted_through_the_provider_and_a_second_factor_is_still_asked() {
    for w in worlds().await {
        let (idp, idp_router) = http_idp().await;
        let issuer = idp.lock().unwrap().issuer.clone();
        let app = app_with(&w.reg, provider(&issuer), &TrustRoots::system());

        // Oda (admin of gm0363) invites a new approver; the new colleague never sets a password.
        let oda = w
            .reg
            .actor(w.db.store.user_by_email("oda@example.nl").await.unwrap().id)
            .await
            .unwrap();
        let link = w
            .reg
            .invite(&oda, "gm0363", "Nieuw@Example.nl", &[OrgRole::Approver])
            .await
            .unwrap();
        // The invitation's page offers the organisation's provider beside the password form.
        let mut b = Browser::new(&app);
        let invitation = b
            .get(&format!("/en/beheer/uitnodiging/{}", link.secret.expose()))
            .await;
        assert_eq!(invitation.status, StatusCode::OK);
        assert!(
            invitation
                .body
                .contains("Log in there with nieuw@example.nl")
        );
        assert!(
            invitation
                .body
                .contains("href=\"/en/beheer/inloggen/oidc/gemeente?next=%2Fen%2Fbeheer\"")
        );
        // Not for another organisation's invitation: the provider is not theirs.
        let olga = platform_user(
            &w.reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let olga = w.reg.actor(olga).await.unwrap();
        let other = w
            .reg
            .invite(&olga, "gm0599", "elders@example.nl", &[OrgRole::Editor])
            .await
            .unwrap();
        let page = b
            .get(&format!("/beheer/uitnodiging/{}", other.secret.expose()))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("/beheer/inloggen/oidc/"));
        let p = round_trip(
            &mut b,
            &idp_router,
            "/en/beheer/inloggen/oidc/gemeente?next=%2Fen%2Fbeheer",
            "nieuw@example.nl",
            None,
        )
        .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert_eq!(location(&p), "/en/beheer");
        let user = w.db.store.user_by_email("nieuw@example.nl").await.unwrap();
        assert_eq!(user.name, "Nieuwe Collega");
        assert!(
            user.password_hash.is_none(),
            "no password: only the provider logs them in"
        );
        let actor = w.reg.actor(user.id).await.unwrap();
        assert!(actor.has_org_role(&"gm0363".parse().unwrap(), OrgRole::Approver));
        // No password works for this account.
        let mut pw = Browser::new(&app);
        let p = pw.log_in("nieuw@example.nl", "").await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED);

        // A user with a second factor gives a code after the provider, as after a password.
        let abel = platform_user(
            &w.reg,
            "totp@example.nl",
            &[("gm0363", OrgRole::Editor)],
            &[],
        )
        .await;
        let abel = w.reg.actor(abel).await.unwrap();
        let secret = w.reg.totp_enrolment(&abel).await.unwrap().unwrap().secret;
        let key = algoreg_register::base32_decode(secret.expose()).unwrap();
        let unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        w.reg
            .confirm_totp(&abel, &algoreg_register::totp_code(&key, unix))
            .await
            .unwrap();
        let mut b = Browser::new(&app);
        let p = round_trip(
            &mut b,
            &idp_router,
            "/beheer/inloggen/oidc/gemeente",
            "totp@example.nl",
            None,
        )
        .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(location(&p), "/beheer/inloggen/code?next=%2Fbeheer");
        assert!(!b.cookies.contains_key("algoreg_session"));
        assert!(b.cookies.contains_key("algoreg_code"));
        let form = b.get("/beheer/inloggen/code").await;
        let csrf = csrf_of(&form.body);
        let p = b
            .post(
                "/beheer/inloggen/code",
                &[
                    ("csrf", &csrf),
                    ("code", &algoreg_register::totp_code(&key, unix + 30)),
                    ("next", "/beheer"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert!(b.cookies.contains_key("algoreg_session"));
        // The session carries the provider login through the code step: logging out ends it there.
        let home = b.get("/beheer").await;
        let out = b
            .post("/beheer/uitloggen", &[("csrf", &csrf_of(&home.body))])
            .await;
        assert!(location(&out).starts_with(&format!("{issuer}/logout?")));

        // A session that started with a password ends here only.
        let mut pw = Browser::new(&app);
        pw.log_in("eva@example.nl", "correct horse battery staple")
            .await;
        let home = pw.get("/beheer").await;
        let out = pw
            .post("/beheer/uitloggen", &[("csrf", &csrf_of(&home.body))])
            .await;
        assert_eq!(location(&out), "/beheer/inloggen");
    }
}

#[tokio::test]
async fn the_provider_is_reached_over_https_and_its_certificate_is_checked() {
    let (ca_pem, config) = algoreg_register::test_support::test_pki();
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    let idp: Shared = Arc::new(Mutex::new(Idp {
        issuer: issuer.clone(),
        ..Default::default()
    }));
    let idp_router = idp_app(idp.clone());
    let served = idp_router.clone();
    tokio::spawn(async move {
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let acceptor = acceptor.clone();
            let app = served.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = hyper_util::service::TowerToHyperService::new(app);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                    .await;
            });
        }
    });

    for w in worlds().await {
        // Without the test CA the provider's certificate is not trusted: no login, a clear page.
        let app = app_with(&w.reg, provider(&issuer), &TrustRoots::system());
        let mut b = Browser::new(&app);
        let p = b.get("/beheer/inloggen/oidc/gemeente").await;
        assert_eq!(p.status, StatusCode::BAD_GATEWAY);
        assert!(p.body.contains("werkt nu niet goed"));
        assert!(!b.cookies.contains_key("algoreg_oidc"));

        // Trusting it, the whole login works over TLS.
        let roots = TrustRoots::with_pem(ca_pem.as_bytes()).unwrap();
        let app = app_with(&w.reg, provider(&issuer), &roots);
        let mut b = Browser::new(&app);
        let before = idp.lock().unwrap().token_requests;
        let p = round_trip(
            &mut b,
            &idp_router,
            "/beheer/inloggen/oidc/gemeente",
            "abel@example.nl",
            None,
        )
        .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert!(b.cookies.contains_key("algoreg_session"));
        assert_eq!(idp.lock().unwrap().token_requests, before + 1);
    }
    assert!(TrustRoots::with_pem(b"not a certificate").is_err());
}
