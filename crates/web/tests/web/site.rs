//! The public website through the router: what every page type shares (languages, `ETag`, errors,
//! assets). Each part of the site has its own module beside this one; they use [`SiteWorld`].

use std::time::Duration;

use algoreg_register::Register;
use algoreg_store::test_support::{TestDb, backends};
use algoreg_web::{WebConfig, router};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

pub const BASE: &str = "https://register.example";

/// A register with demo data and a built search index, behind the whole router.
pub struct SiteWorld {
    pub app: axum::Router,
    pub reg: Register,
    pub _db: TestDb,
}

/// An answer as text.
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
}

/// One world per backend (SQLite always, PostgreSQL when configured), with `count` demo descriptions.
pub async fn site_worlds(count: usize) -> Vec<SiteWorld> {
    let until = chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
        .unwrap()
        .to_utc();
    let mut out = Vec::new();
    for db in backends().await {
        let reg = Register::new(db.store.clone())
            .with_search(algoreg_register::search_index::SearchIndex::in_memory().unwrap());
        reg.seed_organisations().await.unwrap();
        reg.load_demo(count, 11, until).await.unwrap();
        reg.rebuild_search().await.unwrap();
        let config = WebConfig {
            public_url: BASE.into(),
            api_cache: false,
            cache_poll: Duration::ZERO,
            ..Default::default()
        };
        out.push(SiteWorld {
            app: router(reg.clone(), config),
            reg,
            _db: db,
        });
    }
    out
}

/// GETs `uri` with the given headers.
pub async fn fetch(app: &axum::Router, uri: &str, headers: &[(&str, &str)]) -> Page {
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
        .unwrap();
    Page {
        status,
        headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

/// The text between the first `start` and the next `end` after it.
pub fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let i = s
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in page"));
    let rest = &s[i + start.len()..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Checks what every HTML page must have: language, one h1, landmarks, skip link, `hreflang`.
pub fn assert_well_formed(p: &Page, lang: &str) {
    assert!(
        p.header("content-type").starts_with("text/html"),
        "{}",
        p.header("content-type")
    );
    assert!(p.body.starts_with("<!doctype html>"));
    assert!(
        p.body.contains(&format!("<html lang=\"{lang}\">")),
        "lang {lang}"
    );
    assert_eq!(p.body.matches("<h1").count(), 1, "exactly one h1");
    assert!(p.body.contains("<main id=\"main\""));
    assert!(p.body.contains("href=\"#main\""));
    for l in ["nl", "en", "fy"] {
        assert!(
            p.body.contains(&format!("hreflang=\"{l}\"")),
            "hreflang {l}"
        );
    }
    assert!(!p.body.contains("{{"), "unrendered template syntax");
    assert!(!p.header("etag").is_empty());
}

#[tokio::test]
async fn home_in_three_languages_with_etag_and_errors() {
    for w in site_worlds(60).await {
        for (path, lang) in [("/", "nl"), ("/en", "en"), ("/fy", "fy")] {
            let p = fetch(&w.app, path, &[]).await;
            assert_eq!(p.status, StatusCode::OK, "{path}");
            assert_well_formed(&p, lang);
            // The counts are the register's: as many published as the search index holds.
            let n = w.reg.search_len().unwrap();
            assert!(n > 0);
            let shown = between(&p.body, "<strong>", "</strong>").replace(['.', ','], "");
            assert_eq!(shown, n.to_string(), "{path}");
            // Conditional GET.
            let again = fetch(&w.app, path, &[("if-none-match", p.header("etag"))]).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED);
            assert!(again.body.is_empty());
        }
        let en = fetch(&w.app, "/en", &[]).await;
        assert!(
            en.body.contains("href=\"/en/zoeken\""),
            "links keep the language"
        );
        assert!(en.body.contains("Skip to main content"));

        // Not found, in the language of the path.
        let p = fetch(&w.app, "/fy/bestaat-niet", &[]).await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
        assert_well_formed(&p, "fy");
        assert!(p.body.contains("noindex"));

        // The stylesheet under its hashed name, kept for a year; another name is not found.
        let css_path = between(&en.body, "<link rel=\"stylesheet\" href=\"", "\"").to_owned();
        let css = fetch(&w.app, &css_path, &[]).await;
        assert_eq!(css.status, StatusCode::OK);
        assert!(css.header("cache-control").contains("immutable"));
        assert!(css.body.contains(".skip-link"));
        let stale = fetch(&w.app, "/assets/site.00000000.css", &[]).await;
        assert_eq!(stale.status, StatusCode::NOT_FOUND);

        // The API keeps its own problem answers.
        let api = fetch(&w.app, "/api/v1/nothing-here", &[]).await;
        assert_eq!(api.status, StatusCode::NOT_FOUND);
        assert!(api.header("content-type").contains("problem+json"));
    }
}

#[tokio::test]
async fn pages_are_kept_until_the_register_changes() {
    use algoreg_register::domain::OrgRole;
    for db in backends().await {
        let reg = Register::new(db.store.clone())
            .with_search(algoreg_register::search_index::SearchIndex::in_memory().unwrap());
        reg.seed_organisations().await.unwrap();
        let config = WebConfig {
            public_url: BASE.into(),
            api_cache: true,
            cache_poll: Duration::ZERO,
            ..Default::default()
        };
        let app = router(reg.clone(), config);
        let before = fetch(&app, "/en", &[]).await;
        assert_eq!(before.status, StatusCode::OK);
        assert_eq!(between(&before.body, "<strong>", "</strong>"), "0");
        let again = fetch(&app, "/en", &[]).await;
        assert_eq!(again.body, before.body, "served from the cache");
        assert_eq!(again.header("etag"), before.header("etag"));
        let hit = fetch(&app, "/en", &[("if-none-match", before.header("etag"))]).await;
        assert_eq!(hit.status, StatusCode::NOT_MODIFIED);

        // A publication moves the register's generation: the page is rendered anew.
        let editor = crate::api::actor(&reg, "e@example.nl", OrgRole::Editor).await;
        let approver = crate::api::actor(&reg, "a@example.nl", OrgRole::Approver).await;
        let doc = serde_json::json!({
            "name": "Routeplanner veegwagens",
            "description_short": "Plant de routes van de veegwagens zo dat elke straat op tijd schoon is.",
            "organization": "Gemeente Amsterdam",
            "category": ["Verkeer"],
            "status": "In gebruik",
            "contact_email": "algoritmes@example.nl",
            "publication_category": "Overige algoritmes",
            "lang": "nld",
            "standard_version": "1.0"
        });
        let id = reg
            .create(&editor, "gm0363", doc.as_object().unwrap())
            .await
            .unwrap()
            .id;
        reg.submit(&editor, id, None).await.unwrap();
        reg.publish(&approver, id, None).await.unwrap();
        reg.sync_search().await.unwrap();
        let after = fetch(&app, "/en", &[]).await;
        assert_eq!(between(&after.body, "<strong>", "</strong>"), "1");
        assert!(after.body.contains("Routeplanner veegwagens"));
        assert_ne!(after.header("etag"), before.header("etag"));
    }
}
