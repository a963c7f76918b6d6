//! The description page, its history and comparison, the page of a withdrawn description, and the
//! addresses that lead there (canonical, old shapes of the existing register, language prefixes).

use algoreg_register::domain::{Actor, AlgorithmId, OrgRole, UserId};
use algoreg_register::search_index::{SearchQuery, Sort};
use algoreg_register::{NewUserRequest, Register, RegisterError};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::site::{SiteWorld, assert_well_formed, between, fetch, site_worlds};

async fn actor(reg: &Register, email: &str, role: OrgRole) -> Actor {
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

/// A world with a description of our own, published by an editor and an approver of gm0363.
struct Own {
    id: AlgorithmId,
    editor: Actor,
    approver: Actor,
}

/// A provider that organisations other than gm0363 use in the demo data.
fn demo_provider(w: &SiteWorld) -> String {
    let mut q = SearchQuery::new("");
    q.sort = Sort::Newest;
    q.page_size = 100;
    w.reg
        .search(&q)
        .unwrap()
        .hits
        .into_iter()
        .filter(|h| h.org_code != "gm0363")
        .filter_map(|h| h.provider)
        .find(|p| p != "Intern ontwikkeld")
        .expect("the demo data has providers")
}

async fn publish_own(w: &SiteWorld) -> Own {
    let editor = actor(&w.reg, "eva@example.nl", OrgRole::Editor).await;
    let approver = actor(&w.reg, "abel@example.nl", OrgRole::Approver).await;
    let doc = json!({
        "name": "Kademuren bewaken met sensoren",
        "description_short": "Sensoren meten of kademuren bewegen. Zo zien we op tijd welke kade onderhoud nodig heeft.",
        "organization": "Gemeente Amsterdam",
        "category": ["Ruimte en infrastructuur"],
        "status": "In gebruik",
        "contact_email": "algoritmes@example.nl",
        "publication_category": "Hoog-risico AI-systeem",
        "goal": "<p>Veilige kades voor iedereen die erlangs loopt of vaart.</p><ul><li>Eerder ingrijpen</li></ul>",
        "impacttoetsen_grouping": [{"title": "DPIA kademuren", "link": "https://example.nl/dpia"}],
        "provider": demo_provider(w),
        "begin_date": "2024-03",
        "tags": "geheim zoekwoord",
        "lang": "nld",
        "standard_version": "1.0"
    });
    let id = w
        .reg
        .create(&editor, "gm0363", doc.as_object().unwrap())
        .await
        .unwrap()
        .id;
    w.reg.submit(&editor, id, None).await.unwrap();
    w.reg.publish(&approver, id, None).await.unwrap();
    w.reg.sync_search().await.unwrap();
    Own {
        id,
        editor,
        approver,
    }
}

/// A valid Algoritme-ID that no description has.
async fn unknown_id(reg: &Register) -> AlgorithmId {
    for n in 0u8..9 {
        let id = AlgorithmId::from_digits([9, 8, 7, 6, 5, 4, n.max(1)]).unwrap();
        if matches!(reg.public_withdrawn(id).await, Err(RegisterError::NotFound))
            && reg.public_description(id).await.is_err()
        {
            return id;
        }
    }
    panic!("no free ID");
}

async fn location(w: &SiteWorld, uri: &str) -> String {
    let p = fetch(&w.app, uri, &[]).await;
    assert_eq!(p.status, StatusCode::MOVED_PERMANENTLY, "{uri}");
    p.header("location").to_owned()
}

#[tokio::test]
async fn addresses_that_last() {
    for w in site_worlds(40).await {
        let own = publish_own(&w).await;
        let id = own.id.as_string();
        let canonical = format!("/algoritme/{id}/kademuren-bewaken-met-sensoren");
        assert_eq!(fetch(&w.app, &canonical, &[]).await.status, StatusCode::OK);
        for lang in ["", "/en", "/fy"] {
            let want = format!("{lang}{canonical}");
            assert_eq!(location(&w, &format!("{lang}/algoritme/{id}")).await, want);
            assert_eq!(
                location(&w, &format!("{lang}/algoritme/{id}/kademuren")).await,
                want,
                "a wrong slug"
            );
            assert_eq!(fetch(&w.app, &want, &[]).await.status, StatusCode::OK);
        }
        // The existing register's shapes.
        for old in [
            format!("/nl/algoritme/gm0363/{id}/kademuren-bewaken"),
            format!("/nl/algoritme/{id}"),
            format!("/nl/algoritme/{id}/iets-anders"),
            format!("/nl/algoritme/kademuren-bewaken-met-sensoren/{id}"),
        ] {
            assert_eq!(location(&w, &old).await, canonical, "{old}");
        }
        // Not an ID, or nobody's: our 404 page, in the language of the address.
        let unknown = unknown_id(&w.reg).await.as_string();
        for (uri, lang) in [
            ("/nl/algoritme/00000000".to_owned(), "nl"),
            ("/nl/algoritme/gm0363/bruggen/x".to_owned(), "nl"),
            (format!("/nl/algoritme/{unknown}"), "nl"),
            (format!("/algoritme/{unknown}/iets"), "nl"),
            ("/algoritme/abc".to_owned(), "nl"),
            (format!("/en/algoritme/{unknown}"), "en"),
            (format!("/fy/algoritme/{unknown}/vergelijk?van=1"), "fy"),
        ] {
            let p = fetch(&w.app, &uri, &[]).await;
            assert_eq!(p.status, StatusCode::NOT_FOUND, "{uri}");
            assert_well_formed(&p, lang);
        }
    }
}

#[tokio::test]
async fn the_page_of_a_description() {
    for w in site_worlds(60).await {
        let own = publish_own(&w).await;
        let id = own.id.as_string();
        let uri = format!("/algoritme/{id}/kademuren-bewaken-met-sensoren");
        let p = fetch(&w.app, &uri, &[]).await;
        assert_eq!(p.status, StatusCode::OK);
        assert_well_formed(&p, "nl");
        let b = &p.body;
        assert!(b.len() < 60_000, "page weight {}", b.len());
        assert_eq!(
            between(b, "<h1", "</h1>"),
            " id=\"title\" lang=\"nl\">Kademuren bewaken met sensoren"
        );
        assert!(
            b.contains("<meta name=\"description\" content=\"Sensoren meten of kademuren bewegen.")
        );
        assert!(b.contains(&format!(
            "<link rel=\"canonical\" href=\"https://register.example{uri}\">"
        )));
        assert!(b.contains("href=\"/organisatie/gm0363\""));
        // Badges in words; the high-risk one stands out and is explained.
        assert!(b.contains("badge badge-high-risk"));
        assert!(b.contains("Hoog-risico AI-systeem</span>"));
        assert!(b.contains("In gebruik</span>"));
        assert!(b.contains("class=\"high-risk-note\""));
        // ID, version of the standard and dates.
        assert!(b.contains(&format!("<dt>Algoritme-ID</dt><dd>{id}</dd>")));
        assert!(b.contains("<dt>Versie van de standaard</dt><dd>1.0</dd>"));
        let today = chrono::Utc::now().date_naive();
        let shown = algoreg_site::i18n::tr(algoreg_site::Lang::Nl).date(
            chrono::Datelike::year(&today),
            chrono::Datelike::month(&today),
            chrono::Datelike::day(&today),
        );
        assert!(b.contains(&format!(
            "<dt>Voor het eerst gepubliceerd</dt><dd>{shown}</dd>"
        )));
        // The standard's groups, in a table of contents and as sections.
        let def =
            algoreg_register::standard::standard(algoreg_register::standard::StandardVersion::V1_0);
        let toc = between(b, "<nav class=\"toc", "</nav>");
        for g in &def.groups {
            assert!(
                toc.contains(&format!("href=\"#groep-{}\"", g.key)),
                "{}",
                g.key
            );
            assert!(b.contains(&format!("<h2 id=\"groep-{}\">{}</h2>", g.key, g.label.nl)));
        }
        // Fields with their label and help text; always-shown empty fields say so in words.
        let goal = def.field("goal").unwrap();
        assert!(b.contains(&format!("<h3>{}</h3>", goal.label.nl)));
        assert!(b.contains(&askama_escape(&goal.help.nl)));
        assert!(b.contains("<li>Eerder ingrijpen</li>"), "rich text as HTML");
        let risks = def.field("risks").unwrap();
        assert!(risks.always_shown);
        let risks_block = between(b, &format!("<h3>{}</h3>", risks.label.nl), "<h3>");
        assert!(risks_block.contains("Niet ingevuld"), "{risks_block}");
        assert!(b.matches("Niet ingevuld").count() >= 3);
        assert!(
            !b.contains("end_date"),
            "empty fields that are not always shown stay out"
        );
        assert!(
            b.contains("<dd><p lang=\"nl\">maart 2024</p></dd>"),
            "a month in words"
        );
        assert!(b.contains("<a href=\"mailto:algoritmes@example.nl\""));
        assert!(b.contains("<li><a href=\"https://example.nl/dpia\">DPIA kademuren</a></li>"));
        assert!(!b.contains("geheim"), "search words are not shown");
        // Downloads and the API.
        for f in ["csv", "xlsx", "json"] {
            let href = format!("/api/v1/algorithms/{id}/download?format={f}");
            assert!(b.contains(&format!("href=\"{href}\"")));
            if f == "xlsx" {
                continue; // not text; the API's own tests read it
            }
            assert_eq!(
                fetch(&w.app, &href, &[]).await.status,
                StatusCode::OK,
                "{f}"
            );
        }
        assert!(b.contains(&format!("href=\"/api/v1/algorithms/{id}\"")));
        // Similar descriptions, and other organisations with the same provider (never this one).
        assert!(b.contains("id=\"lijkt-hierop\""));
        let provider = between(b, "id=\"leverancier\"", "</section>");
        assert!(provider.contains("class=\"summary"));
        assert!(!provider.contains("/organisatie/gm0363\""));
        // One version so far: nothing to compare.
        assert!(b.contains("Er is nog maar één versie gepubliceerd."));

        // Conditional GET.
        let again = fetch(&w.app, &uri, &[("if-none-match", p.header("etag"))]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);

        // English and Frisian: the interface translated, the content marked as Dutch.
        let en = fetch(&w.app, &format!("/en{uri}"), &[]).await;
        assert_eq!(en.status, StatusCode::OK);
        assert_well_formed(&en, "en");
        assert!(en.body.contains("notice-lang"));
        assert!(en.body.contains(&format!("<h3>{}</h3>", goal.label.en)));
        assert!(en.body.contains(&askama_escape(&goal.help.en)));
        assert!(en.body.contains("Not filled in"));
        assert!(en.body.contains("<dt>Algorithm ID</dt>"));
        assert!(en.body.contains("<dd><p lang=\"nl\">March 2024</p></dd>"));
        assert!(en.body.contains("href=\"/en/organisatie/gm0363\""));
        assert_ne!(en.header("etag"), p.header("etag"));
        let fy = fetch(&w.app, &format!("/fy{uri}"), &[]).await;
        assert_well_formed(&fy, "fy");
        assert!(fy.body.contains("Net ynfolle"));
    }
}

fn askama_escape(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('\'', "&#39;")
        .replace('"', "&#34;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
}

#[tokio::test]
async fn history_and_comparison() {
    for w in site_worlds(30).await {
        let own = publish_own(&w).await;
        let id = own.id.as_string();
        // A second published version: another status and a longer purpose.
        let view = w.reg.get(Some(&own.editor), own.id).await.unwrap();
        let mut doc: serde_json::Map<String, Value> =
            serde_json::from_str(&view.versions[0].document).unwrap();
        doc.insert("status".into(), json!("Buiten gebruik"));
        doc.insert(
            "goal".into(),
            json!("<p>Veilige kades voor iedereen die erlangs fietst of vaart.</p><ul><li>Eerder ingrijpen</li></ul>"),
        );
        w.reg
            .save_draft(&own.editor, own.id, view.description.head_n, &doc)
            .await
            .unwrap();
        w.reg.submit(&own.editor, own.id, None).await.unwrap();
        w.reg.publish(&own.approver, own.id, None).await.unwrap();
        let versions: Vec<i64> = w
            .reg
            .public_description(own.id)
            .await
            .unwrap()
            .history
            .iter()
            .map(|v| v.version)
            .collect();
        let [first, second] = versions[..] else {
            panic!("two published versions: {versions:?}")
        };

        let page = fetch(
            &w.app,
            &format!("/algoritme/{id}/kademuren-bewaken-met-sensoren"),
            &[],
        )
        .await;
        let history = between(
            &page.body,
            "<section aria-labelledby=\"versies\"",
            "</section>",
        );
        assert!(history.contains(&format!("<strong>Versie {second}</strong>")));
        assert!(history.contains(&format!("<strong>Versie {first}</strong>")));
        let compare = format!("/algoritme/{id}/vergelijk?van={first}&#38;naar={second}");
        assert!(history.contains(&compare), "{history}");
        assert!(history.contains("<select id=\"van\" name=\"van\">"));
        assert!(history.contains("<label for=\"naar\">"));

        let uri = format!("/algoritme/{id}/vergelijk?van={first}&naar={second}");
        let p = fetch(&w.app, &uri, &[]).await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        assert_well_formed(&p, "nl");
        let b = &p.body;
        assert!(b.contains("2 velden zijn veranderd."));
        let status = between(b, "<h3>Status", "</section>");
        assert!(status.contains("(Veranderd)"));
        assert!(
            status.contains("In gebruik") && status.contains("Buiten gebruik"),
            "{status}"
        );
        let goal = between(b, "<h3>Doel en impact", "</section>");
        assert!(
            goal.contains("<del><span class=\"visually-hidden\">[weggehaald: </span>loopt "),
            "{goal}"
        );
        assert!(
            goal.contains("<ins><span class=\"visually-hidden\">[nieuw: </span>fietst "),
            "{goal}"
        );
        assert!(!b.contains("<h3>Naam"), "unchanged fields are left out");
        let again = fetch(&w.app, &uri, &[("if-none-match", p.header("etag"))]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        // Without parameters: the current version against the one before.
        let plain = fetch(&w.app, &format!("/algoritme/{id}/vergelijk"), &[]).await;
        assert_eq!(plain.status, StatusCode::OK);
        assert!(plain.body.contains("2 velden zijn veranderd."));

        let en = fetch(&w.app, &format!("/en{uri}"), &[]).await;
        assert_eq!(en.status, StatusCode::OK);
        assert_well_formed(&en, "en");
        assert!(en.body.contains("2 fields have changed."));
        assert!(en.body.contains("[taken out: "));

        // Bad and unknown versions: a 400 page naming the parameter, in the page's language.
        let bad = fetch(
            &w.app,
            &format!("/en/algoritme/{id}/vergelijk?van=twee&naar=99"),
            &[],
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_well_formed(&bad, "en");
        assert!(
            bad.body
                .contains("<code>van</code>: “twee” is not a version number")
        );
        assert!(
            bad.body
                .contains("<code>naar</code>: Version 99 was never published.")
        );
        let bad = fetch(&w.app, &format!("/algoritme/{id}/vergelijk?van=0"), &[]).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("<code>van</code>"));
        let unknown = unknown_id(&w.reg).await.as_string();
        let p = fetch(
            &w.app,
            &format!("/algoritme/{unknown}/vergelijk?van=1&naar=2"),
            &[],
        )
        .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_withdrawn_description_says_so() {
    for w in site_worlds(20).await {
        let own = publish_own(&w).await;
        let id = own.id.as_string();
        w.reg
            .retract(&own.approver, own.id, "Niet meer nodig.")
            .await
            .unwrap();
        let uri = format!("/algoritme/{id}/kademuren-bewaken-met-sensoren");
        assert_eq!(location(&w, &format!("/algoritme/{id}")).await, uri);
        let p = fetch(&w.app, &uri, &[]).await;
        assert_eq!(p.status, StatusCode::GONE);
        assert_well_formed(&p, "nl");
        assert!(p.body.contains("Deze beschrijving is teruggetrokken"));
        assert!(p.body.contains("Kademuren bewaken met sensoren"));
        assert!(p.body.contains("noindex"));
        // The organisation's reason is public: "withdrawn on … because …".
        assert!(p.body.contains("Niet meer nodig."), "the reason is shown");
        let en = fetch(&w.app, &format!("/en{uri}"), &[]).await;
        assert_eq!(en.status, StatusCode::GONE);
        assert!(en.body.contains("This description was withdrawn"));
        // The comparison of a withdrawn description is not found.
        let c = fetch(&w.app, &format!("/algoritme/{id}/vergelijk"), &[]).await;
        assert_eq!(c.status, StatusCode::NOT_FOUND);
    }
}
