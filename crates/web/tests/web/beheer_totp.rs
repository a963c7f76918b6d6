//! Two-step verification through the back-office and the token endpoint, on SQLite and PostgreSQL:
//! enrolment, the code step of logging in (wrong codes, replays, CSRF), an organisation that
//! requires it, and the password grant with and without a code.

use algoreg_register::domain::{OrgRole, PlatformRole};
use algoreg_register::{base32_decode, totp_code};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

use crate::beheer::{Browser, csrf_of, location, platform_user, worlds};
use crate::site::between;

const PASSWORD: &str = "correct horse battery staple";

/// The code of `secret` `offset` steps from now.
fn code(secret: &str, offset: i64) -> String {
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    totp_code(
        &base32_decode(secret).unwrap(),
        unix.saturating_add_signed(offset * 30),
    )
}

/// Sets up two-step verification for the browser's user on the page; answers the secret.
async fn enrol(b: &mut Browser) -> String {
    let p = b.get("/beheer/tweestapsverificatie").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let secret = between(&p.body, "id=\"totp-secret\">", "</code>").replace(' ', "");
    let csrf = csrf_of(&p.body);
    let p = b
        .post(
            "/beheer/tweestapsverificatie",
            &[
                ("csrf", &csrf),
                ("op", "enable"),
                ("code", &code(&secret, 0)),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(p.body.contains("Tweestapsverificatie staat nu aan"));
    secret
}

async fn token(app: &axum::Router, email: &str, totp: Option<&str>) -> (StatusCode, Value) {
    let mut form = format!(
        "grant_type=password&client_id=x&username={}&password={}",
        email.replace('@', "%40"),
        PASSWORD.replace(' ', "+")
    );
    if let Some(t) = totp {
        form.push_str(&format!("&totp={t}"));
    }
    let req = Request::post("/realms/algreg/protocol/openid-connect/token")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn enrolment_and_the_code_step_of_logging_in() {
    for w in worlds().await {
        let mut b = Browser::new(&w.app);
        b.log_in("eva@example.nl", PASSWORD).await;
        // The page shows the secret as text and as an otpauth:// link; a wrong code does not switch
        // it on.
        let p = b.get("/en/beheer/tweestapsverificatie").await;
        assert!(p.body.contains("Two-step verification is off."));
        let p = b.get("/beheer/tweestapsverificatie").await;
        assert!(
            p.body
                .contains("otpauth://totp/Algoritmeregister:eva%40example.nl?secret=")
        );
        let csrf = csrf_of(&p.body);
        let p = b
            .post(
                "/beheer/tweestapsverificatie",
                &[("csrf", &csrf), ("op", "enable"), ("code", "000000")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.body.contains("Deze code klopt niet"));
        let p = b
            .post(
                "/beheer/tweestapsverificatie",
                &[("csrf", "forged"), ("op", "enable"), ("code", "000000")],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let secret = enrol(&mut b).await;
        let used = code(&secret, 0);

        // Logging in now asks for a code; the password alone gives no session.
        let mut b = Browser::new(&w.app);
        let p = b.log_in("eva@example.nl", PASSWORD).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(location(&p), "/beheer/inloggen/code?next=%2Fbeheer");
        assert!(!b.cookies.contains_key("algoreg_session"));
        assert!(b.cookies.contains_key("algoreg_code"));
        let p = b.get("/beheer").await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "no access before the code");
        let form = b.get("/beheer/inloggen/code?next=%2Fbeheer").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("autocomplete=\"one-time-code\""));
        let csrf = csrf_of(&form.body);
        let p = b
            .post(
                "/beheer/inloggen/code",
                &[
                    ("csrf", "forged"),
                    ("code", &code(&secret, 1)),
                    ("next", "/beheer"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let csrf2 = csrf_of(&p.body);
        assert_ne!(csrf, csrf2);
        // A wrong code, and the code used at enrolment (a replay): refused.
        for wrong in ["123456", used.as_str()] {
            let csrf = csrf_of(&b.get("/beheer/inloggen/code").await.body);
            let p = b
                .post(
                    "/beheer/inloggen/code",
                    &[("csrf", &csrf), ("code", wrong), ("next", "/beheer")],
                )
                .await;
            assert_eq!(p.status, StatusCode::UNAUTHORIZED, "{wrong}");
            assert!(p.body.contains("Deze code klopt niet"));
            assert!(!b.cookies.contains_key("algoreg_session"));
        }
        // The right code: a session, and on to where the user was going.
        let next = code(&secret, 1);
        let csrf = csrf_of(&b.get("/beheer/inloggen/code").await.body);
        let p = b
            .post(
                "/beheer/inloggen/code",
                &[("csrf", &csrf), ("code", &next), ("next", "/beheer")],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert_eq!(location(&p), "/beheer");
        assert!(b.cookies.contains_key("algoreg_session"));
        assert!(!b.cookies.contains_key("algoreg_code"));
        assert_eq!(b.get("/beheer").await.status, StatusCode::OK);

        // The same code in another login: a replay, refused.
        let mut c = Browser::new(&w.app);
        c.log_in("eva@example.nl", PASSWORD).await;
        let csrf = csrf_of(&c.get("/beheer/inloggen/code").await.body);
        let p = c
            .post(
                "/beheer/inloggen/code",
                &[("csrf", &csrf), ("code", &next), ("next", "/beheer")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED);
        // Without a waiting login, the code step sends back to the login page.
        let mut d = Browser::new(&w.app);
        let p = d.get("/beheer/inloggen/code").await;
        assert_eq!(location(&p), "/beheer/inloggen");

        // Switching off takes a fresh code.
        let p = b.get("/beheer/tweestapsverificatie").await;
        assert!(p.body.contains("Tweestapsverificatie staat aan."));
        let csrf = csrf_of(&p.body);
        let p = b
            .post(
                "/beheer/tweestapsverificatie",
                &[("csrf", &csrf), ("op", "disable"), ("code", &next)],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "used already");
        let p = b
            .post(
                "/beheer/tweestapsverificatie",
                &[
                    ("csrf", &csrf),
                    ("op", "disable"),
                    ("code", &code(&secret, -1)),
                ],
            )
            .await;
        assert_eq!(
            p.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "older than a used one"
        );
        let eva = w
            .reg
            .verify_password("eva@example.nl", PASSWORD)
            .await
            .unwrap();
        assert!(w.reg.two_factor(eva.id).await.unwrap().enabled, "still on");
    }
}

#[tokio::test]
async fn an_organisation_that_requires_it_and_the_token_grant() {
    for w in worlds().await {
        // Eva is logged in before her organisation requires a second factor.
        let mut eva = Browser::new(&w.app);
        eva.log_in("eva@example.nl", PASSWORD).await;
        assert_eq!(eva.get("/beheer").await.status, StatusCode::OK);
        let (status, _) = token(&w.app, "eva@example.nl", None).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "no second factor yet: the password is enough"
        );

        // Only the organisation's admins see and change the setting.
        let mut otto = Browser::new(&w.app);
        otto.log_in("otto@example.nl", PASSWORD).await;
        assert_eq!(
            otto.get("/beheer/beveiliging?org=gm0363").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            eva.get("/beheer/beveiliging").await.status,
            StatusCode::NOT_FOUND
        );
        let mut oda = Browser::new(&w.app);
        oda.log_in("oda@example.nl", PASSWORD).await;
        let p = oda.get("/beheer/beveiliging").await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(!p.body.contains(" checked"));
        let csrf = csrf_of(&p.body);
        let otto_csrf = csrf_of(&otto.get("/beheer").await.body);
        let p = otto
            .post(
                "/beheer/beveiliging",
                &[
                    ("csrf", &otto_csrf),
                    ("org", "gm0363"),
                    ("require_totp", "on"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
        let p = oda
            .post(
                "/beheer/beveiliging",
                &[
                    ("csrf", "forged"),
                    ("org", "gm0363"),
                    ("require_totp", "on"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let p = oda
            .post(
                "/beheer/beveiliging",
                &[("csrf", &csrf), ("org", "gm0363"), ("require_totp", "on")],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.body.contains("De instelling is opgeslagen."));
        assert!(p.body.contains(" checked"));

        // Members without a second factor may now only set it up: pages and forms lead there.
        for path in [
            "/beheer",
            "/beheer/algoritme/nieuw?org=gm0363",
            "/en/beheer",
        ] {
            let p = eva.get(path).await;
            assert_eq!(p.status, StatusCode::SEE_OTHER, "{path}");
            assert!(
                location(&p).ends_with("/beheer/tweestapsverificatie"),
                "{path}"
            );
        }
        let p = oda.get("/beheer/beveiliging").await;
        assert_eq!(
            location(&p),
            "/beheer/tweestapsverificatie",
            "also the admin"
        );
        let p = eva.get("/beheer/tweestapsverificatie").await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(
            p.body
                .contains("Uw organisatie vraagt om tweestapsverificatie")
        );
        // A new login goes straight to it; the token grant is refused.
        let mut again = Browser::new(&w.app);
        let p = again.log_in("eva@example.nl", PASSWORD).await;
        assert_eq!(location(&p), "/beheer/tweestapsverificatie");
        let (status, body) = token(&w.app, "eva@example.nl", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error_description"], "Account is not fully set up");
        // Other organisations are not affected.
        assert_eq!(otto.get("/beheer").await.status, StatusCode::OK);

        // Once set up, everything is open again, and it cannot be switched off.
        let secret = enrol(&mut eva).await;
        assert_eq!(eva.get("/beheer").await.status, StatusCode::OK);
        let p = eva.get("/beheer/tweestapsverificatie").await;
        assert!(p.body.contains("Daarom kunt u het niet uitzetten"));
        assert!(!p.body.contains("value=\"disable\""));

        // The password grant: a missing, empty or wrong code is 401; the right one once.
        for totp in [None, Some(""), Some("000000")] {
            let (status, body) = token(&w.app, "eva@example.nl", totp).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{totp:?}");
            assert_eq!(body["error"], "invalid_grant");
        }
        let c = code(&secret, 1);
        let (status, body) = token(&w.app, "eva@example.nl", Some(&c)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body["access_token"].is_string());
        let (status, _) = token(&w.app, "eva@example.nl", Some(&c)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a replay");
        // Wrong codes lock the account like wrong passwords: five in the window since the last
        // success (the replay was one).
        for _ in 0..4 {
            let (status, _) = token(&w.app, "eva@example.nl", Some("000000")).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let (status, body) = token(&w.app, "eva@example.nl", Some(&code(&secret, 1))).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    }
}

/// Every role on the two new pages: each person's own two-step verification, and an organisation's
/// security settings (its admins and platform admins only; others "not found").
#[tokio::test]
async fn who_reaches_the_two_step_pages() {
    for w in worlds().await {
        platform_user(
            &w.reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        platform_user(&w.reg, "sam@example.nl", &[], &[PlatformRole::Supervisor]).await;
        platform_user(&w.reg, "pia@example.nl", &[], &[PlatformRole::Admin]).await;
        // (who, own page, gm0363's security settings)
        for (email, own, security) in [
            ("", 303, 303),
            ("eva@example.nl", 200, 404),
            ("abel@example.nl", 200, 404),
            ("oda@example.nl", 200, 200),
            ("olga@example.nl", 200, 404),
            ("sam@example.nl", 200, 404),
            ("pia@example.nl", 200, 200),
        ] {
            let mut b = Browser::new(&w.app);
            if !email.is_empty() {
                b.log_in(email, PASSWORD).await;
            }
            let got = (
                b.get("/beheer/tweestapsverificatie").await.status.as_u16(),
                b.get("/beheer/beveiliging?org=gm0363")
                    .await
                    .status
                    .as_u16(),
            );
            assert_eq!(got, (own, security), "{email}");
        }
    }
}
