//! The back-office through the router, as a browser without JavaScript uses it: a cookie jar, forms
//! posted as `application/x-www-form-urlencoded`, redirects followed by hand. The whole story of a
//! description (write with mistakes, fix, submit, reject, resubmit, publish, conflict, retract) on
//! SQLite and PostgreSQL, with sessions, CSRF and organisation boundaries.

use std::collections::BTreeMap;

use algoreg_register::domain::{Actor, OrgRole, PlatformRole, UserId};
use algoreg_register::{NewUserRequest, Register};
use algoreg_store::test_support::{TestDb, backends};
use algoreg_web::{WebConfig, router};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use crate::site::{BASE, Page, between};

const PASSWORD: &str = "correct horse battery staple";

/// A browser: the app and its cookies.
pub(crate) struct Browser {
    app: axum::Router,
    pub(crate) cookies: BTreeMap<String, String>,
    /// The `Set-Cookie` headers of the last answer.
    last_set_cookie: Vec<String>,
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Browser {
    pub(crate) fn new(app: &axum::Router) -> Browser {
        Browser {
            app: app.clone(),
            cookies: BTreeMap::new(),
            last_set_cookie: Vec::new(),
        }
    }

    async fn send(&mut self, req: axum::http::request::Builder, body: Body) -> Page {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let req = if cookie.is_empty() {
            req
        } else {
            req.header("cookie", cookie)
        };
        let res = self
            .app
            .clone()
            .oneshot(req.body(body).unwrap())
            .await
            .unwrap();
        self.last_set_cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for c in &self.last_set_cookie {
            let pair = c.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        Page {
            status,
            headers,
            body: String::from_utf8(body.to_vec()).unwrap(),
        }
    }

    pub(crate) async fn get(&mut self, uri: &str) -> Page {
        self.send(Request::get(uri), Body::empty()).await
    }

    pub(crate) async fn post(&mut self, uri: &str, form: &[(&str, &str)]) -> Page {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::post(uri).header("content-type", "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    pub(crate) async fn log_in(&mut self, email: &str, password: &str) -> Page {
        let form = self.get("/beheer/inloggen").await;
        assert_eq!(form.status, StatusCode::OK);
        let csrf = csrf_of(&form.body);
        self.post(
            "/beheer/inloggen",
            &[
                ("csrf", &csrf),
                ("email", email),
                ("password", password),
                ("next", "/beheer"),
            ],
        )
        .await
    }
}

/// The CSRF token in a page's first form.
pub(crate) fn csrf_of(body: &str) -> String {
    between(body, "name=\"csrf\" value=\"", "\"").to_owned()
}

pub(crate) fn location(p: &Page) -> &str {
    p.header("location")
}

pub(crate) struct World {
    pub(crate) app: axum::Router,
    pub(crate) reg: Register,
    pub(crate) db: TestDb,
}

async fn user(reg: &Register, email: &str, memberships: &[(&str, OrgRole)]) -> UserId {
    platform_user(reg, email, memberships, &[]).await
}

pub(crate) async fn platform_user(
    reg: &Register,
    email: &str,
    memberships: &[(&str, OrgRole)],
    platform: &[PlatformRole],
) -> UserId {
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
    .unwrap()
}

pub(crate) async fn worlds() -> Vec<World> {
    let mut out = Vec::new();
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)]).await;
        user(&reg, "abel@example.nl", &[("gm0363", OrgRole::Approver)]).await;
        user(&reg, "otto@example.nl", &[("gm0599", OrgRole::Editor)]).await;
        user(&reg, "oda@example.nl", &[("gm0363", OrgRole::OrgAdmin)]).await;
        let config = WebConfig {
            public_url: BASE.into(),
            api_cache: false,
            cache_poll: std::time::Duration::ZERO,
            ..Default::default()
        };
        out.push(World {
            app: router(reg.clone(), config),
            reg,
            db,
        });
    }
    out
}

/// The fields of a complete, valid 1.0 description, as the form posts them.
fn complete(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_owned()),
        (
            "description_short",
            "Dit algoritme helpt medewerkers om aanvragen voor een parkeervergunning sneller te beoordelen."
                .to_owned(),
        ),
        ("organization", "Gemeente Amsterdam".to_owned()),
        ("status", "In gebruik".to_owned()),
        ("contact_email", "algoritmes@example.nl".to_owned()),
        ("publication_category", "Overige algoritmes".to_owned()),
        ("lang", "nld".to_owned()),
        (
            "goal",
            "Aanvragen sneller beoordelen.\n\n- minder wachttijd\n- gelijke behandeling".to_owned(),
        ),
        ("lawful_basis_grouping.0.title", "Wegenverkeerswet".to_owned()),
        (
            "lawful_basis_grouping.0.link",
            "https://wetten.example.nl/wvw".to_owned(),
        ),
    ]
}

fn with_csrf<'a>(
    csrf: &'a str,
    base: Option<&'a str>,
    fields: &'a [(&'static str, String)],
) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![("csrf", csrf)];
    if let Some(b) = base {
        form.push(("base", b));
    }
    form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    form
}

#[tokio::test]
async fn login_sessions_and_csrf() {
    for w in worlds().await {
        let mut b = Browser::new(&w.app);
        // Without a session every back-office page leads to the login page, and back after it.
        let p = b.get("/beheer").await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert_eq!(location(&p), "/beheer/inloggen?next=%2Fbeheer");
        let p = b.get("/en/beheer/algoritme/nieuw?org=gm0363").await;
        assert!(location(&p).starts_with("/en/beheer/inloggen?next=%2Fen%2Fbeheer"));

        // The login form: its own CSRF cookie; a form without the matching token is refused.
        let form = b.get("/beheer/inloggen").await;
        assert!(form.body.contains("autocomplete=\"current-password\""));
        assert!(form.header("cache-control").contains("no-store"));
        let p = b
            .post(
                "/beheer/inloggen",
                &[
                    ("csrf", "forged"),
                    ("email", "eva@example.nl"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        assert!(!b.cookies.contains_key("algoreg_session"));

        // A wrong password: the form again, with the address kept and a message; no session.
        let p = b.log_in("eva@example.nl", "not the password").await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED);
        assert!(p.body.contains("value=\"eva@example.nl\""));
        assert!(p.body.contains("role=\"alert\""));
        assert!(!b.cookies.contains_key("algoreg_session"));

        // The right password: a session cookie that scripts cannot read, sent only over https.
        let p = b.log_in("eva@example.nl", PASSWORD).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        assert_eq!(location(&p), "/beheer");
        let set = b
            .last_set_cookie
            .iter()
            .find(|c| c.starts_with("algoreg_session="))
            .unwrap()
            .clone();
        for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(set.contains(part), "{set} lacks {part}");
        }
        let first = b.cookies["algoreg_session"].clone();
        let p = b.get("/beheer").await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.body.contains("eva"));
        assert!(p.body.contains("/beheer/algoritme/nieuw?org=gm0363"));

        // Logging in again gives a new session and ends the old one.
        b.log_in("eva@example.nl", PASSWORD).await;
        let second = b.cookies["algoreg_session"].clone();
        assert_ne!(first, second);
        let mut old = Browser::new(&w.app);
        old.cookies.insert("algoreg_session".into(), first);
        assert_eq!(old.get("/beheer").await.status, StatusCode::SEE_OTHER);

        // Logging out needs the CSRF token, and ends the session.
        let page = b.get("/beheer").await;
        let csrf = csrf_of(&page.body);
        let p = b.post("/beheer/uitloggen", &[("csrf", "forged")]).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let p = b.post("/beheer/uitloggen", &[("csrf", &csrf)]).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert!(!b.cookies.contains_key("algoreg_session"));
        let mut again = Browser::new(&w.app);
        again.cookies.insert("algoreg_session".into(), second);
        assert_eq!(again.get("/beheer").await.status, StatusCode::SEE_OTHER);

        // Open redirects are not followed after login.
        let form = b.get("/beheer/inloggen?next=https://evil.example/").await;
        assert!(form.body.contains("name=\"next\" value=\"/beheer\""));
    }
}

#[tokio::test]
async fn the_story_of_a_description() {
    for w in worlds().await {
        let mut eva = Browser::new(&w.app);
        assert_eq!(
            eva.log_in("eva@example.nl", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );

        // The form has every field of the standard a publisher fills in, each with its label.
        let form = eva.get("/beheer/algoritme/nieuw?org=gm0363").await;
        assert_eq!(form.status, StatusCode::OK);
        let def =
            algoreg_register::standard::standard(algoreg_register::standard::StandardVersion::V1_0);
        for f in def.input_fields().filter(|f| f.key != "standard_version") {
            assert!(
                form.body.contains(&format!("id=\"f-{}\"", f.key)),
                "field {} missing",
                f.key
            );
        }
        assert!(form.body.contains("(verplicht)"));
        // The impact assessments' titles are suggested (a datalist the title inputs use).
        assert!(
            form.body
                .contains("list=\"f-impacttoetsen_grouping-titles\"")
        );
        assert!(form.body.contains("<datalist id=\"f-impacttoetsen_grouping-titles\"><option value=\"DPIA\"><option value=\"IAMA\">"));
        let csrf = csrf_of(&form.body);

        // A first save with mistakes: saved anyway, as typed; the problems at the top and beside.
        let long = "x".repeat(120);
        let first = vec![
            ("name", format!("<script>alert(1)</script>{long}")),
            ("goal", "Eerste regel <script>alert(2)</script>".to_owned()),
        ];
        let p = eva
            .post(
                "/beheer/algoritme/nieuw",
                &[&[("org", "gm0363")][..], &with_csrf(&csrf, None, &first)].concat(),
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        let edit_url = location(&p).split('?').next().unwrap().to_owned();
        let id = edit_url.rsplit('/').next().unwrap().to_owned();
        let page = eva.get(location(&p)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("class=\"error-summary\""));
        assert!(page.body.contains("href=\"#f-name\""));
        assert!(page.body.contains("href=\"#f-contact_email\""));
        assert!(page.body.contains("id=\"name-problems\""));
        // Typed markup is kept as text and shown inert: HTML is stripped from plain fields, and a
        // rich-text field keeps it as escaped text.
        assert!(
            page.body
                .contains("Eerste regel &#60;script&#62;alert(2)&#60;/script&#62;")
        );
        assert!(!page.body.contains("<script>alert("));
        // A draft with problems cannot be handed on: the button is there, the register refuses.
        let csrf = csrf_of(&page.body);
        let p = eva
            .post(
                &format!("{edit_url}/actie"),
                &[("csrf", &csrf), ("action", "submit")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.body.contains("href=\"#f-name\""));

        // A post without the CSRF token changes nothing.
        let fixed = complete("Parkeervergunning beoordelen");
        let p = eva
            .post(&edit_url, &with_csrf("forged", Some("1"), &fixed))
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let view = w
            .reg
            .get(
                Some(&w.reg.actor(UserId(1)).await.unwrap()),
                id.parse().unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(view.description.head_n, 1);

        // Fixed and saved: no problems; the rich text as typed came back as paragraphs and a list.
        let p = eva
            .post(&edit_url, &with_csrf(&csrf, Some("1"), &fixed))
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        let page = eva.get(location(&p)).await;
        assert!(
            !page.body.contains("class=\"error-summary\""),
            "{}",
            page.body
        );
        assert!(page.body.contains(
            "Aanvragen sneller beoordelen.\n\n- minder wachttijd\n- gelijke behandeling"
        ));
        assert!(
            !page.body.contains("value=\"publish\""),
            "an editor cannot publish"
        );
        // The preview shows the draft as the public page will, before it is public.
        let preview = eva.get(&format!("{edit_url}/voorbeeld")).await;
        assert_eq!(preview.status, StatusCode::OK);
        assert!(preview.body.contains(">Parkeervergunning beoordelen</h1>"));
        assert!(preview.body.contains("<li>minder wachttijd</li>"));
        assert_eq!(preview.header("cache-control"), "no-store");
        let public = crate::site::fetch(&w.app, &format!("/algoritme/{id}"), &[]).await;
        assert_eq!(public.status, StatusCode::NOT_FOUND, "not public yet");
        let p = eva
            .post(
                &format!("{edit_url}/actie"),
                &[("csrf", &csrf), ("action", "submit")],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);

        // The approver sees it waiting; rejecting needs a reason.
        let mut abel = Browser::new(&w.app);
        abel.log_in("abel@example.nl", PASSWORD).await;
        let dash = abel.get("/beheer").await;
        let waiting = between(&dash.body, "id=\"waiting-title\"", "</section>");
        assert!(
            waiting.contains("Parkeervergunning beoordelen"),
            "{waiting}"
        );
        let page = abel.get(&edit_url).await;
        assert!(page.body.contains("value=\"publish\""));
        let acsrf = csrf_of(&page.body);
        let p = abel
            .post(
                &format!("{edit_url}/actie"),
                &[("csrf", &acsrf), ("action", "reject"), ("reason", "")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        let p = abel
            .post(
                &format!("{edit_url}/actie"),
                &[
                    ("csrf", &acsrf),
                    ("action", "reject"),
                    ("reason", "Noem ook de bronnen."),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);

        // Back with the editor, with the reason; fixed and handed on again; published by the approver.
        let dash = eva.get("/beheer").await;
        let waiting = between(&dash.body, "id=\"waiting-title\"", "</section>");
        assert!(waiting.contains("Parkeervergunning beoordelen"));
        let page = eva.get(&edit_url).await;
        assert!(page.body.contains("Noem ook de bronnen."));
        let base = between(&page.body, "name=\"base\" value=\"", "\"").to_owned();
        let mut fixed2 = fixed.clone();
        fixed2.push(("source_data", "Basisregistratie Personen".to_owned()));
        let p = eva
            .post(&edit_url, &with_csrf(&csrf, Some(&base), &fixed2))
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        let p = eva
            .post(
                &format!("{edit_url}/actie"),
                &[("csrf", &csrf), ("action", "submit")],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        let p = abel
            .post(
                &format!("{edit_url}/actie"),
                &[("csrf", &acsrf), ("action", "publish")],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        assert!(location(&p).ends_with("gedaan=publish"));
        let public = crate::site::fetch(&w.app, &format!("/algoritme/{id}"), &[]).await;
        assert_eq!(public.status, StatusCode::MOVED_PERMANENTLY);
        let public = crate::site::fetch(&w.app, public.header("location"), &[]).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("Parkeervergunning beoordelen"));

        // Two people edit at once: the second save does not overwrite the first; the form comes back
        // with what was typed and what the other saved.
        let page = eva.get(&edit_url).await;
        let base = between(&page.body, "name=\"base\" value=\"", "\"").to_owned();
        let theirs = complete("Parkeervergunning beoordelen (versie abel)");
        let p = abel
            .post(&edit_url, &with_csrf(&acsrf, Some(&base), &theirs))
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
        let mine = complete("Parkeervergunning beoordelen (versie eva)");
        let p = eva
            .post(&edit_url, &with_csrf(&csrf, Some(&base), &mine))
            .await;
        assert_eq!(p.status, StatusCode::CONFLICT);
        assert!(
            p.body
                .contains("value=\"Parkeervergunning beoordelen (versie eva)\"")
        );
        assert!(
            p.body
                .contains("Parkeervergunning beoordelen (versie abel)")
        );
        // The history lists every version with who and why, and compares any two field by field.
        let history = eva.get(&format!("{edit_url}/geschiedenis")).await;
        assert_eq!(history.status, StatusCode::OK);
        assert!(
            history.body.contains("Noem ook de bronnen."),
            "the rejection's reason"
        );
        assert!(history.body.contains("abel"));
        assert!(
            history.body.contains("versie abel"),
            "newest against the one before"
        );
        let history = eva
            .get(&format!("{edit_url}/geschiedenis?van=1&naar=3"))
            .await;
        let compared = history.body.split("role=\"status\"").nth(1).unwrap();
        assert!(compared.contains("Basisregistratie Personen"));
        assert!(
            !compared.contains("versie abel"),
            "version 3 against 1 only"
        );
        // The public still sees the published version while a new draft is worked on.
        let public = crate::site::fetch(&w.app, public_path(&public), &[]).await;
        assert!(!public.body.contains("versie abel"));

        // Someone of another organisation finds nothing, and cannot act.
        let mut otto = Browser::new(&w.app);
        otto.log_in("otto@example.nl", PASSWORD).await;
        assert_eq!(otto.get(&edit_url).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            otto.get(&format!("{edit_url}/voorbeeld")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            otto.get(&format!("{edit_url}/geschiedenis")).await.status,
            StatusCode::NOT_FOUND
        );
        let ocsrf = csrf_of(&otto.get("/beheer").await.body);
        let p = otto
            .post(
                &format!("{edit_url}/actie"),
                &[("csrf", &ocsrf), ("action", "retract"), ("reason", "weg")],
            )
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
        assert!(!otto.get("/beheer").await.body.contains("Parkeervergunning"));

        // Retracting needs a reason and takes it off the public site.
        let p = abel
            .post(
                &format!("{edit_url}/actie"),
                &[
                    ("csrf", &acsrf),
                    ("action", "retract"),
                    ("reason", "Wordt niet meer gebruikt."),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        let gone = crate::site::fetch(&w.app, public_path(&public), &[]).await;
        assert_eq!(gone.status, StatusCode::GONE);
        assert!(gone.body.contains("Wordt niet meer gebruikt."));
    }
}

/// The path of a fetched public page (its canonical link, without the host).
fn public_path(p: &Page) -> &str {
    between(
        &p.body,
        "<link rel=\"canonical\" href=\"https://register.example",
        "\"",
    )
}

/// A description of gm0363 written and handed on by `author`: the state every matrix cell starts from.
async fn submitted(reg: &Register, author: &Actor) -> String {
    let doc: algoreg_register::standard::Document = serde_json::from_value(serde_json::json!({
        "standard_version": "1.0",
        "name": "Matrix",
        "description_short": "Een beschrijving om rechten mee te toetsen.",
        "organization": "Gemeente Amsterdam",
        "status": "In gebruik",
        "contact_email": "algoritmes@example.nl",
        "publication_category": "Overige algoritmes",
        "lang": "nld"
    }))
    .unwrap();
    let saved = reg.create(author, "gm0363", &doc).await.unwrap();
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
    reg.submit(author, saved.id, None).await.unwrap();
    saved.id.to_string()
}

/// Every role on every back-office route and action, each cell on a fresh description handed on by
/// the editor. The exact status is asserted: 303 is "done" (or "log in first" without a session), 403
/// "not allowed or not possible in this state", 404 "no such description for you".
#[tokio::test]
async fn role_matrix() {
    const SEE: u16 = 303;
    const NO: u16 = 403;
    const GONE: u16 = 404;
    // (role, dashboard, edit page, preview, history, save, submit, publish, reject, retract, archive)
    let expect: [(&str, [u16; 10]); 6] = [
        ("none", [SEE, SEE, SEE, SEE, SEE, SEE, SEE, SEE, SEE, SEE]),
        ("editor", [200, 200, 200, 200, SEE, NO, NO, NO, NO, NO]),
        ("approver", [200, 200, 200, 200, SEE, NO, SEE, SEE, NO, SEE]),
        (
            "other-org-admin",
            [200, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE],
        ),
        ("supervisor", [200, 200, 200, 200, NO, NO, NO, NO, NO, NO]),
        (
            "platform-admin",
            [200, 200, 200, 200, SEE, NO, SEE, SEE, NO, SEE],
        ),
    ];
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
        let author = w.reg.actor(UserId(1)).await.unwrap();
        let emails = [
            ("none", ""),
            ("editor", "eva@example.nl"),
            ("approver", "abel@example.nl"),
            ("other-org-admin", "olga@example.nl"),
            ("supervisor", "sam@example.nl"),
            ("platform-admin", "pia@example.nl"),
        ];
        for ((role, email), (role2, cells)) in emails.iter().zip(expect.iter()) {
            assert_eq!(role, role2);
            let mut b = Browser::new(&w.app);
            let csrf = if email.is_empty() {
                "none".to_owned()
            } else {
                assert_eq!(
                    b.log_in(email, PASSWORD).await.status,
                    StatusCode::SEE_OTHER
                );
                csrf_of(&b.get("/beheer").await.body)
            };
            let mut got = [0u16; 10];
            got[0] = b.get("/beheer").await.status.as_u16();
            let id = submitted(&w.reg, &author).await;
            let url = format!("/beheer/algoritme/{id}");
            got[1] = b.get(&url).await.status.as_u16();
            got[2] = b.get(&format!("{url}/voorbeeld")).await.status.as_u16();
            let fields = complete("Matrix, opnieuw opgeslagen");
            got[3] = b.get(&format!("{url}/geschiedenis")).await.status.as_u16();
            got[4] = b
                .post(&url, &with_csrf(&csrf, Some("1"), &fields))
                .await
                .status
                .as_u16();
            for (i, action) in ["submit", "publish", "reject", "retract", "archive"]
                .iter()
                .enumerate()
            {
                let id = submitted(&w.reg, &author).await;
                let p = b
                    .post(
                        &format!("/beheer/algoritme/{id}/actie"),
                        &[
                            ("csrf", &csrf),
                            ("action", action),
                            ("reason", "Omdat het moet."),
                        ],
                    )
                    .await;
                got[5 + i] = p.status.as_u16();
            }
            assert_eq!(
                &got, cells,
                "{role}: dashboard, edit, preview, history, save, submit, publish, reject, retract, archive"
            );
        }
    }
}

async fn token_with(app: &axum::Router, client_id: &str, secret: &str) -> StatusCode {
    let mut b = Browser::new(app);
    b.post(
        "/realms/algreg/protocol/openid-connect/token",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", secret),
        ],
    )
    .await
    .status
}

/// An organisation's admin manages its API clients in the back-office: the secret is shown once and
/// works at the token endpoint; a new secret replaces it; revoking ends it. Others find nothing.
#[tokio::test]
async fn api_clients_in_the_back_office() {
    for w in worlds().await {
        let mut oda = Browser::new(&w.app);
        oda.log_in("oda@example.nl", PASSWORD).await;
        let dash = oda.get("/beheer").await;
        assert!(dash.body.contains("/beheer/koppelingen"), "menu item");
        let page = oda.get("/beheer/koppelingen").await;
        assert_eq!(page.status, StatusCode::OK);
        let csrf = csrf_of(&page.body);
        // Without a name or an action: both problems, nothing made.
        let p = oda
            .post(
                "/beheer/koppelingen",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "create"),
                    ("name", ""),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p.body.matches("<li><a href=\"#client-name\">").count(), 2);
        assert!(
            w.reg
                .list_clients(&w.reg.actor(UserId(4)).await.unwrap(), "gm0363")
                .await
                .unwrap()
                .is_empty()
        );
        let p = oda
            .post(
                "/beheer/koppelingen",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "create"),
                    ("name", "Algoritmekompas"),
                    ("allow", "save-draft"),
                    ("allow", "submit"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        assert_eq!(p.header("cache-control"), "no-store");
        let client_id = between(&p.body, "<dt>client_id</dt><dd><code>", "<").to_owned();
        let secret = between(&p.body, "<dt>client_secret</dt><dd><code>", "<").to_owned();
        assert_eq!(
            token_with(&w.app, &client_id, &secret).await,
            StatusCode::OK
        );
        // The list does not show the secret again.
        let page = oda.get("/beheer/koppelingen").await;
        assert!(page.body.contains("Algoritmekompas"));
        assert!(!page.body.contains(&secret));

        // Someone who is not its admin: nothing to see, nothing to change.
        let mut eva = Browser::new(&w.app);
        eva.log_in("eva@example.nl", PASSWORD).await;
        assert_eq!(
            eva.get("/beheer/koppelingen?org=gm0363").await.status,
            StatusCode::NOT_FOUND
        );
        let ecsrf = csrf_of(&eva.get("/beheer").await.body);
        let p = eva
            .post(
                "/beheer/koppelingen",
                &[
                    ("csrf", &ecsrf),
                    ("org", "gm0363"),
                    ("op", "revoke"),
                    ("client_id", &client_id),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
        assert_eq!(
            token_with(&w.app, &client_id, &secret).await,
            StatusCode::OK
        );

        // A new secret replaces the old one.
        let p = oda
            .post(
                "/beheer/koppelingen",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "rotate"),
                    ("client_id", &client_id),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK);
        let secret2 = between(&p.body, "<dt>client_secret</dt><dd><code>", "<").to_owned();
        assert_ne!(secret, secret2);
        assert_ne!(
            token_with(&w.app, &client_id, &secret).await,
            StatusCode::OK
        );
        assert_eq!(
            token_with(&w.app, &client_id, &secret2).await,
            StatusCode::OK
        );
        // Revoked: no more tokens.
        let p = oda
            .post(
                "/beheer/koppelingen",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "revoke"),
                    ("client_id", &client_id),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK);
        assert_ne!(
            token_with(&w.app, &client_id, &secret2).await,
            StatusCode::OK
        );
    }
}

/// Every role on every administration route and action (users, links, profile, log, organisations,
/// oversight, API clients), each cell on fresh data. 303 without a session is "log in first"; 200 is
/// "done" (these pages answer with the page itself); 403 "not your role"; 404 "not found for you".
#[tokio::test]
async fn admin_role_matrix() {
    const SEE: u16 = 303;
    const NO: u16 = 403;
    const GONE: u16 = 404;
    const OK: u16 = 200;
    // users page, invite, roles, reset link, remove two-step verification, remove, withdraw, disable,
    // profile page, save profile, log, organisations page, organisation settings, new organisation,
    // oversight, API clients page
    let expect: [(&str, [u16; 16]); 7] = [
        ("none", [SEE; 16]),
        (
            "editor",
            [
                NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, GONE,
            ],
        ),
        (
            "approver",
            [
                NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, OK, NO, NO, NO, NO, GONE,
            ],
        ),
        (
            "org-admin",
            [
                OK, OK, OK, OK, OK, OK, OK, NO, OK, OK, OK, NO, NO, NO, NO, OK,
            ],
        ),
        (
            "other-org-admin",
            [
                GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE, NO, NO, NO, NO,
                GONE,
            ],
        ),
        (
            "supervisor",
            [
                NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, OK, NO, NO, NO, OK, GONE,
            ],
        ),
        (
            "platform-admin",
            [
                OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK,
            ],
        ),
    ];
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
        let oda = w.reg.actor(UserId(4)).await.unwrap();
        let eva = w.reg.actor(UserId(1)).await.unwrap();
        let emails = [
            ("none", ""),
            ("editor", "eva@example.nl"),
            ("approver", "abel@example.nl"),
            ("org-admin", "oda@example.nl"),
            ("other-org-admin", "olga@example.nl"),
            ("supervisor", "sam@example.nl"),
            ("platform-admin", "pia@example.nl"),
        ];
        for (n, ((role, email), (role2, cells))) in emails.iter().zip(expect.iter()).enumerate() {
            assert_eq!(role, role2);
            let mut b = Browser::new(&w.app);
            let csrf = if email.is_empty() {
                "none".to_owned()
            } else {
                assert_eq!(
                    b.log_in(email, PASSWORD).await.status,
                    StatusCode::SEE_OTHER
                );
                csrf_of(&b.get("/beheer").await.body)
            };
            // A member each cell may remove or block, and an invitation it may withdraw.
            let tmp = user(
                &w.reg,
                &format!("tmp{n}@example.nl"),
                &[("gm0363", OrgRole::Editor)],
            )
            .await;
            w.reg
                .invite(
                    &oda,
                    "gm0363",
                    &format!("inv{n}@example.nl"),
                    &[OrgRole::Editor],
                )
                .await
                .unwrap();
            let invitation = w.reg.members(&oda, "gm0363").await.unwrap().invitations[0].id;
            let tmp_s = tmp.0.to_string();
            let blocked = user(
                &w.reg,
                &format!("blk{n}@example.nl"),
                &[("gm0363", OrgRole::Editor)],
            )
            .await;
            let blocked_s = blocked.0.to_string();
            let eva_s = eva.id.0.to_string();
            let inv_s = invitation.to_string();
            let new_code = format!("gm98{n:02}");
            let invite_email = format!("new{n}@example.nl");
            let users_post = |op: &'static str, extra: Vec<(&'static str, String)>| {
                let mut form = vec![
                    ("csrf", csrf.clone()),
                    ("org", "gm0363".to_owned()),
                    ("op", op.to_owned()),
                ];
                form.extend(extra);
                form
            };
            let posts: Vec<(&str, Vec<(&str, String)>)> = vec![
                (
                    "/beheer/gebruikers",
                    users_post(
                        "invite",
                        vec![("email", invite_email.clone()), ("role", "editor".into())],
                    ),
                ),
                (
                    "/beheer/gebruikers",
                    users_post(
                        "roles",
                        vec![("user", eva_s.clone()), ("role", "editor".into())],
                    ),
                ),
                (
                    "/beheer/gebruikers",
                    users_post("reset", vec![("user", eva_s.clone())]),
                ),
                (
                    "/beheer/gebruikers",
                    users_post("reset-two-factor", vec![("user", tmp_s.clone())]),
                ),
                (
                    "/beheer/gebruikers",
                    users_post("remove", vec![("user", tmp_s.clone())]),
                ),
                (
                    "/beheer/gebruikers",
                    users_post("withdraw", vec![("invitation", inv_s.clone())]),
                ),
                (
                    "/beheer/gebruikers",
                    users_post("disable", vec![("user", blocked_s.clone())]),
                ),
            ];
            let mut got = Vec::new();
            got.push(b.get("/beheer/gebruikers?org=gm0363").await.status.as_u16());
            for (url, form) in &posts {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                got.push(b.post(url, &form).await.status.as_u16());
            }
            got.push(b.get("/beheer/profiel?org=gm0363").await.status.as_u16());
            got.push(
                b.post(
                    "/beheer/profiel",
                    &[
                        ("csrf", &csrf),
                        ("org", "gm0363"),
                        ("about", "Over ons."),
                        ("contact", "info@example.nl"),
                        ("public_page", "1"),
                    ],
                )
                .await
                .status
                .as_u16(),
            );
            got.push(b.get("/beheer/logboek?org=gm0363").await.status.as_u16());
            got.push(b.get("/beheer/organisaties").await.status.as_u16());
            got.push(
                b.post(
                    "/beheer/organisaties",
                    &[
                        ("csrf", &csrf),
                        ("op", "settings"),
                        ("org", "gm0363"),
                        ("flow", "two_step"),
                        ("public_page", "1"),
                    ],
                )
                .await
                .status
                .as_u16(),
            );
            got.push(
                b.post(
                    "/beheer/organisaties",
                    &[
                        ("csrf", &csrf),
                        ("op", "create"),
                        ("name", "Gemeente Proef"),
                        ("org_type", "gemeente"),
                        ("code", &new_code),
                    ],
                )
                .await
                .status
                .as_u16(),
            );
            got.push(b.get("/beheer/toezicht").await.status.as_u16());
            got.push(
                b.get("/beheer/koppelingen?org=gm0363")
                    .await
                    .status
                    .as_u16(),
            );
            assert_eq!(
                got.as_slice(),
                cells.as_slice(),
                "{role}: users, invite, roles, reset, remove, withdraw, disable, profile, save profile, \
                 log, organisations, settings, new organisation, oversight, clients"
            );
            // Re-enable the blocked member, so the world stays the same for the next role.
            let pia = w.reg.actor(UserId(7)).await.unwrap();
            let _ = w.reg.set_account_disabled(&pia, blocked, false).await;
        }
        // The menu shows each role only what it may open.
        let menu = |body: &str| {
            [
                "/beheer/gebruikers",
                "/beheer/profiel",
                "/beheer/logboek",
                "/beheer/organisaties",
                "/beheer/toezicht",
            ]
            .iter()
            .map(|p| body.contains(&format!("href=\"{p}\"")))
            .collect::<Vec<_>>()
        };
        for (email, shown) in [
            ("eva@example.nl", [false, false, false, false, false]),
            ("abel@example.nl", [false, false, true, false, false]),
            ("oda@example.nl", [true, true, true, false, false]),
            ("sam@example.nl", [false, false, false, false, true]),
            ("pia@example.nl", [false, false, false, true, true]),
        ] {
            let mut b = Browser::new(&w.app);
            b.log_in(email, PASSWORD).await;
            assert_eq!(menu(&b.get("/beheer").await.body), shown, "{email}");
        }
    }
}

/// An organisation's admin invites a new person and an existing one; the links work once; a reset
/// link ends every session; the organisation keeps an admin; the profile reaches the public page; the
/// log shows it all; a supervisor reads descriptions without a form.
#[tokio::test]
async fn administration_story() {
    for w in worlds().await {
        let mut oda = Browser::new(&w.app);
        oda.log_in("oda@example.nl", PASSWORD).await;
        let page = oda.get("/beheer/gebruikers").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("eva@example.nl"));
        assert!(page.body.contains("Nog nooit") || page.body.contains(" UTC"));
        let csrf = csrf_of(&page.body);
        // Mistakes: both listed, nothing made.
        let p = oda
            .post(
                "/beheer/gebruikers",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "invite"),
                    ("email", "nina"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p.body.matches("<li><a href=\"#invite-email\">").count(), 2);
        let p = oda
            .post(
                "/beheer/gebruikers",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "invite"),
                    ("email", "nina@example.nl"),
                    ("role", "editor"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        let link = between(
            &p.body,
            "id=\"new-link\" class=\"link-field\" readonly value=\"",
            "\"",
        )
        .to_owned();
        assert!(
            link.starts_with("https://register.example/beheer/uitnodiging/"),
            "{link}"
        );
        let path = link
            .trim_start_matches("https://register.example")
            .to_owned();
        assert!(
            p.body.contains("nina@example.nl"),
            "the open invitation is listed"
        );

        // Nina opens the link without a session, makes her account, and logs in.
        let mut nina = Browser::new(&w.app);
        let form = nina.get(&path).await;
        assert_eq!(form.status, StatusCode::OK);
        assert_eq!(form.header("referrer-policy"), "no-referrer");
        assert!(form.body.contains("Gemeente Amsterdam"), "{}", form.body);
        let ncsrf = csrf_of(&form.body);
        let p = nina
            .post(
                &path,
                &[("csrf", "forged"), ("name", "Nina"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        let p = nina
            .post(
                &path,
                &[("csrf", &ncsrf), ("name", "Nina"), ("password", "kort")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.body.contains("href=\"#link-password\""));
        let ncsrf = csrf_of(&p.body);
        let p = nina
            .post(
                &path,
                &[("csrf", &ncsrf), ("name", "Nina"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        assert!(p.body.contains("/beheer/inloggen"));
        assert_eq!(
            nina.log_in("nina@example.nl", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        assert!(
            nina.get("/beheer")
                .await
                .body
                .contains("/beheer/algoritme/nieuw?org=gm0363")
        );
        // Used: 410; unknown: 404.
        assert_eq!(
            Browser::new(&w.app).get(&path).await.status,
            StatusCode::GONE
        );
        let p = Browser::new(&w.app)
            .post(&path, &[("csrf", "x"), ("password", PASSWORD)])
            .await;
        assert_eq!(p.status, StatusCode::GONE);
        let unknown = format!("/en/beheer/uitnodiging/{}", "0".repeat(64));
        let p = Browser::new(&w.app).get(&unknown).await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
        assert!(p.body.contains("This link does not work"));

        // Otto, of another organisation, is invited too: his account gets the role, no new password.
        let p = oda
            .post(
                "/beheer/gebruikers",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "invite"),
                    ("email", "otto@example.nl"),
                    ("role", "approver"),
                ],
            )
            .await;
        let link = between(&p.body, "readonly value=\"", "\"").to_owned();
        let path = link
            .trim_start_matches("https://register.example")
            .to_owned();
        let mut otto = Browser::new(&w.app);
        let form = otto.get(&path).await;
        assert!(!form.body.contains("name=\"password\""));
        let p = otto.post(&path, &[("csrf", &csrf_of(&form.body))]).await;
        assert_eq!(p.status, StatusCode::OK);
        let otto_actor = w
            .reg
            .verify_password("otto@example.nl", PASSWORD)
            .await
            .unwrap();
        assert_eq!(otto_actor.organisations().len(), 2);

        // An expired invitation: 410 with its own text.
        let p = oda
            .post(
                "/beheer/gebruikers",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "invite"),
                    ("email", "laat@example.nl"),
                    ("role", "editor"),
                ],
            )
            .await;
        let late = between(&p.body, "readonly value=\"", "\"")
            .trim_start_matches("https://register.example")
            .to_owned();
        algoreg_store::test_support::expire_links(&w.db.store).await;
        let p = Browser::new(&w.app).get(&late).await;
        assert_eq!(p.status, StatusCode::GONE);
        assert!(p.body.contains("verlopen"));

        // A reset link for Eva: her sessions end; the new password works.
        let mut eva = Browser::new(&w.app);
        eva.log_in("eva@example.nl", PASSWORD).await;
        let p = oda
            .post(
                "/beheer/gebruikers",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "reset"),
                    ("user", "1"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK);
        let reset = between(&p.body, "readonly value=\"", "\"")
            .trim_start_matches("https://register.example")
            .to_owned();
        assert!(reset.starts_with("/beheer/wachtwoord/"));
        let mut anon = Browser::new(&w.app);
        let form = anon.get(&reset).await;
        let p = anon
            .post(
                &reset,
                &[
                    ("csrf", &csrf_of(&form.body)),
                    ("password", "een heel nieuw wachtwoord"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK);
        assert_eq!(
            eva.get("/beheer").await.status,
            StatusCode::SEE_OTHER,
            "logged out"
        );
        assert_eq!(
            eva.log_in("eva@example.nl", "een heel nieuw wachtwoord")
                .await
                .status,
            StatusCode::SEE_OTHER
        );

        // Oda cannot step down as the last admin.
        let p = oda
            .post(
                "/beheer/gebruikers",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("op", "roles"),
                    ("user", "4"),
                    ("role", "editor"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::CONFLICT);
        assert!(p.body.contains("minstens één beheerder"));

        // The profile, checked, and shown on the public page.
        let p = oda
            .post(
                "/beheer/profiel",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("about", "<script>alert(1)</script>De hoofdstad."),
                    ("contact", "http://example.nl"),
                    ("public_page", "1"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.body.contains("href=\"#contact\""));
        assert!(!p.body.contains("<script>alert(1)"));
        let p = oda
            .post(
                "/beheer/profiel",
                &[
                    ("csrf", &csrf),
                    ("org", "gm0363"),
                    ("about", "De hoofdstad van Nederland."),
                    ("contact", "https://www.example.nl/contact"),
                    ("public_page", "1"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::OK);
        // (The public organisation page shows these; it needs the search index, tested in site_orgs.)
        let o = w.reg.organisation("gm0363").await.unwrap();
        assert_eq!(o.about, "De hoofdstad van Nederland.");
        assert_eq!(o.contact, "https://www.example.nl/contact");

        // The log, newest first, with a filter by kind.
        let log = oda.get("/beheer/logboek").await;
        assert_eq!(log.status, StatusCode::OK);
        for what in [
            "Profiel veranderd",
            "Uitgenodigd",
            "Uitnodiging aangenomen",
            "Nieuw wachtwoord gekozen",
        ] {
            assert!(log.body.contains(what), "{what}");
        }
        let log = oda
            .get("/beheer/logboek?org=gm0363&soort=user-invited")
            .await;
        assert!(!log.body.contains("<td>Profiel veranderd</td>"));
        assert!(
            log.body.contains("3 regels"),
            "{}",
            between(&log.body, "role=\"status\">", "<")
        );

        // A supervisor reads a description: no form, no buttons.
        platform_user(&w.reg, "sam@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let id = submitted(&w.reg, &w.reg.actor(UserId(1)).await.unwrap()).await;
        let mut sam = Browser::new(&w.app);
        sam.log_in("sam@example.nl", PASSWORD).await;
        let over = sam.get("/beheer/toezicht").await;
        assert_eq!(over.status, StatusCode::OK);
        assert!(
            over.body
                .contains("/beheer?organisatie=gm0363&#38;status=submitted")
        );
        let edit = sam.get(&format!("/beheer/algoritme/{id}")).await;
        assert_eq!(edit.status, StatusCode::OK);
        assert!(
            !edit
                .body
                .contains("<form class=\"office-form description-form\"")
        );
        assert!(!edit.body.contains("workflow-form"));
        assert!(edit.body.contains("niet veranderen"));
    }
}

/// The accounts page: platform admins find anyone (also without an organisation) and block and allow
/// accounts; everyone else is refused; bad searches are named.
#[tokio::test]
async fn accounts_page_by_role() {
    for w in worlds().await {
        platform_user(&w.reg, "sam@example.nl", &[], &[PlatformRole::Supervisor]).await;
        platform_user(&w.reg, "pia@example.nl", &[], &[PlatformRole::Admin]).await;
        let lone = platform_user(&w.reg, "lone@example.nl", &[], &[]).await;
        let mut none = Browser::new(&w.app);
        assert_eq!(
            none.get("/beheer/personen").await.status,
            StatusCode::SEE_OTHER
        );
        for (email, status) in [
            ("eva@example.nl", StatusCode::FORBIDDEN),
            ("abel@example.nl", StatusCode::FORBIDDEN),
            ("oda@example.nl", StatusCode::FORBIDDEN),
            ("sam@example.nl", StatusCode::FORBIDDEN),
            ("pia@example.nl", StatusCode::OK),
        ] {
            let mut b = Browser::new(&w.app);
            b.log_in(email, PASSWORD).await;
            let dash = b.get("/beheer").await;
            assert_eq!(
                dash.body.contains("/beheer/personen"),
                status == StatusCode::OK,
                "{email}: menu item"
            );
            let p = b.get("/beheer/personen?q=lone").await;
            assert_eq!(p.status, status, "{email}");
            assert_eq!(p.body.contains("lone@example.nl"), status == StatusCode::OK);
            let csrf = csrf_of(&dash.body);
            let user = lone.0.to_string();
            let form = [
                ("csrf", csrf.as_str()),
                ("op", "disable"),
                ("user", user.as_str()),
                ("q", "lone"),
            ];
            let posted = b.post("/beheer/personen", &form).await;
            assert_eq!(posted.status, status, "{email}: block");
            let supplier = [
                ("csrf", csrf.as_str()),
                ("op", "provider"),
                ("user", user.as_str()),
                ("provider", "Lone BV"),
            ];
            let posted_supplier = b.post("/beheer/personen", &supplier).await;
            assert_eq!(posted_supplier.status, status, "{email}: supplier");
            if status == StatusCode::OK {
                assert!(posted.body.contains("Hoort bij geen enkele organisatie"));
                assert!(posted.body.contains("Het account is geblokkeerd"));
                let short = b.get("/beheer/personen?q=l").await;
                assert_eq!(short.status, StatusCode::BAD_REQUEST);
                assert!(short.body.contains("minstens 2 tekens"));
                let en = b.get("/en/beheer/personen?q=lone").await;
                assert!(en.body.contains("Belongs to no organisation"));
            }
        }
    }
}

/// The outbox page: the organisation's admins and platform admins read it; everyone else gets "not
/// found" (or the login page without a session).
#[tokio::test]
async fn outbox_page_by_role() {
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
        let eva = w.reg.actor(UserId(1)).await.unwrap();
        let id = submitted(&w.reg, &eva).await;

        let mut none = Browser::new(&w.app);
        assert_eq!(
            none.get("/beheer/berichten").await.status,
            StatusCode::SEE_OTHER
        );
        for (email, status, sees) in [
            ("eva@example.nl", StatusCode::NOT_FOUND, false),
            ("abel@example.nl", StatusCode::NOT_FOUND, false),
            ("oda@example.nl", StatusCode::OK, true),
            ("olga@example.nl", StatusCode::OK, false),
            ("sam@example.nl", StatusCode::NOT_FOUND, false),
            ("pia@example.nl", StatusCode::OK, true),
        ] {
            let mut b = Browser::new(&w.app);
            b.log_in(email, PASSWORD).await;
            let dash = b.get("/beheer").await;
            assert_eq!(
                dash.body.contains("/beheer/berichten"),
                status == StatusCode::OK,
                "{email}: menu item"
            );
            let p = b.get("/beheer/berichten").await;
            assert_eq!(p.status, status, "{email}");
            assert_eq!(p.body.contains("abel@example.nl"), sees, "{email}");
            if sees {
                assert!(
                    p.body
                        .contains("Beschrijving wacht op uw beoordeling: Matrix")
                );
                assert!(p.body.contains("Niet verstuurd"), "{}", p.body);
                assert!(p.body.contains(&format!("/beheer/algoritme/{id}")));
                let en = b.get("/en/beheer/berichten").await;
                assert_eq!(en.status, StatusCode::OK);
                assert!(en.body.contains("Not sent"));
                // Filters: by state and organisation; a page beyond the last is empty.
                let sent = b.get("/beheer/berichten?status=sent").await;
                assert_eq!(sent.status, StatusCode::OK);
                assert!(!sent.body.contains("abel@example.nl"));
                let waiting = b
                    .get("/beheer/berichten?status=waiting&organisatie=gm0363")
                    .await;
                assert!(waiting.body.contains("abel@example.nl"));
                let beyond = b.get("/beheer/berichten?pagina=2").await;
                assert!(!beyond.body.contains("abel@example.nl"));
                assert!(
                    beyond.body.contains("rel=\"prev\""),
                    "a link back to page 1"
                );
                // Bad filters are named; the page shows every message of page 1.
                let bad = b.get("/beheer/berichten?status=verzonden&pagina=nul").await;
                assert_eq!(bad.status, StatusCode::BAD_REQUEST);
                assert!(bad.body.contains("Kies bij ‘Verstuurd?’"), "{}", bad.body);
                assert!(bad.body.contains("Het paginanummer"));
                assert!(bad.body.contains("abel@example.nl"));
            }
            if email == "olga@example.nl" {
                // Another organisation's messages are not found, also through the filter.
                assert_eq!(
                    b.get("/beheer/berichten?organisatie=gm0363").await.status,
                    StatusCode::NOT_FOUND
                );
            }
        }
    }
}

/// "Use this version as a new draft" on the history page, and "new from a copy" from the dashboard:
/// shown to who may save, checked again when posted.
#[tokio::test]
async fn restore_and_copy_in_the_back_office() {
    for w in worlds().await {
        platform_user(&w.reg, "sam@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let author = w.reg.actor(UserId(1)).await.unwrap();
        let id = submitted(&w.reg, &author).await;
        let aid = Register::parse_id(&id).unwrap();
        let doc: algoreg_register::standard::Document = serde_json::from_value(
            serde_json::json!({"standard_version": "1.0", "name": "Tweede"}),
        )
        .unwrap();
        w.reg.save_draft(&author, aid, 1, &doc).await.unwrap();
        let history = format!("/beheer/algoritme/{id}/geschiedenis");
        let restore = format!("/beheer/algoritme/{id}/herstel");

        let mut eva = Browser::new(&w.app);
        eva.log_in("eva@example.nl", PASSWORD).await;
        let page = eva.get(&history).await;
        assert!(page.body.contains("Versie 1 gebruiken als nieuw concept"));
        assert!(!page.body.contains("Versie 2 gebruiken als nieuw concept"));
        let csrf = csrf_of(&page.body);
        assert_eq!(
            eva.post(&restore, &[("versie", "1"), ("base", "2")])
                .await
                .status,
            StatusCode::FORBIDDEN,
            "no CSRF token"
        );
        let done = eva
            .post(&restore, &[("csrf", &csrf), ("versie", "1"), ("base", "2")])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(&done),
            format!("/beheer/algoritme/{id}?hersteld=1")
        );
        let form = eva.get(location(&done)).await;
        assert!(form.body.contains("Versie 1 is nu het nieuwe concept"));
        assert!(form.body.contains("value=\"Matrix\""), "the restored name");
        // A stale page: back to the history, nothing saved.
        let stale = eva
            .post(&restore, &[("csrf", &csrf), ("versie", "1"), ("base", "2")])
            .await;
        assert_eq!(location(&stale), history);
        assert_eq!(
            w.reg.get(Some(&author), aid).await.unwrap().versions.len(),
            3
        );

        let mut sam = Browser::new(&w.app);
        sam.log_in("sam@example.nl", PASSWORD).await;
        let page = sam.get(&history).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("gebruiken als nieuw concept"));
        let sam_csrf = csrf_of(&page.body);
        assert_eq!(
            sam.post(
                &restore,
                &[("csrf", &sam_csrf), ("versie", "1"), ("base", "3")]
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        let mut otto = Browser::new(&w.app);
        otto.log_in("otto@example.nl", PASSWORD).await;
        let otto_csrf = csrf_of(&otto.get("/beheer").await.body);
        assert_eq!(
            otto.post(
                &restore,
                &[("csrf", &otto_csrf), ("versie", "1"), ("base", "3")]
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );

        // A copy, from the dashboard.
        assert!(
            eva.get("/beheer")
                .await
                .body
                .contains("/beheer/algoritme/kopie")
        );
        let page = eva.get("/beheer/algoritme/kopie").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&format!("<option value=\"{id}\">")),
            "{}",
            page.body
        );
        let made = eva
            .post("/beheer/algoritme/kopie", &[("csrf", &csrf), ("van", &id)])
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
        let to = location(&made).to_owned();
        assert!(to.ends_with("?kopie=1") && !to.contains(&id), "{to}");
        let form = eva.get(&to).await;
        assert!(form.body.contains("Dit is een kopie."));
        assert!(form.body.contains("value=\"Matrix (kopie)\""));
        // Outsiders: not found; supervisors: nothing to copy, and refused.
        assert_eq!(
            otto.post(
                "/beheer/algoritme/kopie",
                &[("csrf", &otto_csrf), ("van", &id)]
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        let page = sam.get("/beheer/algoritme/kopie").await;
        assert!(page.body.contains("nog geen beschrijvingen om te kopiëren"));
        assert_eq!(
            sam.post(
                "/beheer/algoritme/kopie",
                &[("csrf", &sam_csrf), ("van", &id)]
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
    }
}
