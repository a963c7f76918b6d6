//! Provider templates in the back-office: a supplier's pages (`/beheer/sjablonen`) by role, and
//! "new from a template" for organisations, on SQLite and PostgreSQL.

use algoreg_register::domain::{OrgRole, PlatformRole, UserId};
use axum::http::StatusCode;

use crate::beheer::{Browser, csrf_of, location, platform_user, worlds};

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn templates_by_role() {
    for w in worlds().await {
        platform_user(
            &w.reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        platform_user(&w.reg, "sam@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let pia = platform_user(&w.reg, "pia@example.nl", &[], &[PlatformRole::Admin]).await;
        let piet = platform_user(&w.reg, "piet@leverancier.nl", &[], &[]).await;
        let kees = platform_user(&w.reg, "kees@ander.nl", &[], &[]).await;
        let admin = w.reg.actor(pia).await.unwrap();
        w.reg
            .set_user_provider(&admin, piet, Some("Leverancier BV"))
            .await
            .unwrap();
        w.reg
            .set_user_provider(&admin, kees, Some("Ander BV"))
            .await
            .unwrap();

        // The supplier writes a template with a mistake, fixes it, publishes it.
        let mut p = Browser::new(&w.app);
        p.log_in("piet@leverancier.nl", PASSWORD).await;
        let dash = p.get("/beheer").await;
        assert!(dash.body.contains("/beheer/sjablonen"), "{}", dash.body);
        let list = p.get("/beheer/sjablonen").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("Leverancier BV"));
        let form = p.get("/beheer/sjablonen/nieuw").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("name=\"description_short\""));
        let csrf = csrf_of(&form.body);
        assert_eq!(
            p.post("/beheer/sjablonen", &[("name", "Zonder token")])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let made = p
            .post(
                "/beheer/sjablonen",
                &[("csrf", &csrf), ("name", "Parkeerscanner <b>X</b>")],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
        let href = location(&made).split('?').next().unwrap().to_owned();
        let tid = href.rsplit('/').next().unwrap().to_owned();
        let page = p.get(location(&made)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Niet gepubliceerd"));
        assert!(page.body.contains("Sjabloon publiceren"));
        assert!(!page.body.contains("<b>X</b>"));
        let act = format!("{href}/actie");
        let refused = p
            .post(&act, &[("csrf", &csrf), ("action", "publish")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("korte beschrijving"));
        let saved = p
            .post(
                &href,
                &[
                    ("csrf", &csrf),
                    ("name", "Parkeerscanner"),
                    (
                        "description_short",
                        "De scanauto leest kentekens om te zien of er voor parkeren is betaald.",
                    ),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let done = p
            .post(&act, &[("csrf", &csrf), ("action", "publish")])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let page = p.get(location(&done)).await;
        assert!(page.body.contains("Het sjabloon is gepubliceerd"));
        assert!(page.body.contains("Sjabloon terugtrekken"));

        // Each role on the supplier's pages: exact answers.
        let mut none = Browser::new(&w.app);
        for path in [
            "/beheer/sjablonen",
            href.as_str(),
            "/beheer/algoritme/sjabloon",
        ] {
            assert_eq!(none.get(path).await.status, StatusCode::SEE_OTHER, "{path}");
        }
        for (email, list_status, page_status, act_status) in [
            (
                "eva@example.nl",
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
            ),
            (
                "abel@example.nl",
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
            ),
            (
                "olga@example.nl",
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
            ),
            (
                "sam@example.nl",
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
            ),
            (
                "pia@example.nl",
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
                StatusCode::FORBIDDEN,
            ),
            // Another supplier: reads the published template, changes nothing.
            (
                "kees@ander.nl",
                StatusCode::OK,
                StatusCode::OK,
                StatusCode::FORBIDDEN,
            ),
        ] {
            let mut b = Browser::new(&w.app);
            b.log_in(email, PASSWORD).await;
            let dash = b.get("/beheer").await;
            assert_eq!(
                dash.body.contains("href=\"/beheer/sjablonen\""),
                list_status == StatusCode::OK,
                "{email}: dashboard link"
            );
            assert_eq!(
                b.get("/beheer/sjablonen").await.status,
                list_status,
                "{email}"
            );
            let page = b.get(&href).await;
            assert_eq!(page.status, page_status, "{email}");
            let csrf = csrf_of(&dash.body);
            assert_eq!(
                b.post(&act, &[("csrf", &csrf), ("action", "withdraw")])
                    .await
                    .status,
                act_status,
                "{email}"
            );
            assert_eq!(
                b.post(&href, &[("csrf", &csrf), ("name", "Overgenomen")])
                    .await
                    .status,
                act_status,
                "{email}"
            );
        }

        // Organisations start from it.
        let mut eva = Browser::new(&w.app);
        eva.log_in("eva@example.nl", PASSWORD).await;
        let dash = eva.get("/beheer").await;
        assert!(dash.body.contains("/beheer/algoritme/sjabloon"));
        let page = eva.get("/beheer/algoritme/sjabloon").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&format!(
                "<option value=\"{tid}\">Parkeerscanner (Leverancier BV)</option>"
            )),
            "{}",
            page.body
        );
        let csrf = csrf_of(&page.body);
        let made = eva
            .post(
                "/beheer/algoritme/sjabloon",
                &[("csrf", &csrf), ("sjabloon", &tid), ("org", "gm0363")],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
        let to = location(&made).to_owned();
        assert!(
            to.starts_with("/beheer/algoritme/") && to.ends_with("?sjabloon=1"),
            "{to}"
        );
        let form = eva.get(&to).await;
        assert!(form.body.contains("value=\"Parkeerscanner\""));
        assert!(form.body.contains("sjabloon van de leverancier"));

        // Starting elsewhere or from nothing: refused with the exact answer.
        for (email, org, template, status) in [
            (
                "otto@example.nl",
                "gm0363",
                tid.as_str(),
                StatusCode::FORBIDDEN,
            ),
            (
                "sam@example.nl",
                "gm0363",
                tid.as_str(),
                StatusCode::FORBIDDEN,
            ),
            (
                "piet@leverancier.nl",
                "gm0363",
                tid.as_str(),
                StatusCode::FORBIDDEN,
            ),
            ("eva@example.nl", "gm0363", "999999", StatusCode::NOT_FOUND),
            (
                "eva@example.nl",
                "xx9999",
                tid.as_str(),
                StatusCode::NOT_FOUND,
            ),
        ] {
            let mut b = Browser::new(&w.app);
            b.log_in(email, PASSWORD).await;
            let csrf = csrf_of(&b.get("/beheer").await.body);
            assert_eq!(
                b.post(
                    "/beheer/algoritme/sjabloon",
                    &[("csrf", &csrf), ("sjabloon", template), ("org", org)],
                )
                .await
                .status,
                status,
                "{email} {org} {template}"
            );
        }
        // Withdrawn: no longer offered.
        let pcsrf = csrf_of(&p.get(&href).await.body);
        p.post(&act, &[("csrf", &pcsrf), ("action", "withdraw")])
            .await;
        let page = eva.get("/beheer/algoritme/sjabloon").await;
        assert!(page.body.contains("nog geen sjablonen"), "{}", page.body);
        // Unpublished: another supplier does not find it.
        let mut k = Browser::new(&w.app);
        k.log_in("kees@ander.nl", PASSWORD).await;
        assert_eq!(k.get(&href).await.status, StatusCode::NOT_FOUND);
        let _ = UserId(0);
    }
}

fn product_doc() -> algoreg_register::standard::Document {
    serde_json::json!({
        "name": "Parkeerscanner",
        "description_short": "De scanauto leest kentekens om te zien of er voor parkeren is betaald.",
        "organization": "Leverancier BV",
        "category": ["Verkeer"],
        "status": "In gebruik",
        "begin_date": "2023-04",
        "contact_email": "algoritmes@example.nl",
        "publication_category": "Overige algoritmes",
        "goal": "<p>Controle van betaald parkeren.</p>",
        "lawful_basis_grouping": [{"title": "Gemeentewet", "link": "https://wetten.overheid.nl/BWBR0005416"}],
        "lang": "nld",
        "standard_version": "1.0"
    })
    .as_object()
    .unwrap()
    .clone()
}

/// The public page of a description started from a template lists the other organisations whose
/// published description started from it; drafts are not listed.
#[tokio::test]
async fn public_page_shows_organisations_with_the_same_product() {
    for w in worlds().await {
        let reg = &w.reg;
        let pia = platform_user(reg, "pia@example.nl", &[], &[PlatformRole::Admin]).await;
        let piet = platform_user(reg, "piet@leverancier.nl", &[], &[]).await;
        let olga = platform_user(
            reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::Approver)],
            &[],
        )
        .await;
        let admin = reg.actor(pia).await.unwrap();
        reg.set_user_provider(&admin, piet, Some("Leverancier BV"))
            .await
            .unwrap();
        let piet = reg.actor(piet).await.unwrap();
        let olga = reg.actor(olga).await.unwrap();
        let eva = reg.actor(UserId(1)).await.unwrap();
        let abel = reg.actor(UserId(2)).await.unwrap();
        let otto = reg.actor(UserId(3)).await.unwrap();
        let (t, _) = reg.create_template(&piet, &product_doc()).await.unwrap();
        reg.publish_template(&piet, t).await.unwrap();
        let a = reg
            .create_from_template(&eva, "gm0363", t)
            .await
            .unwrap()
            .id;
        let b = reg
            .create_from_template(&otto, "gm0599", t)
            .await
            .unwrap()
            .id;
        let c = reg
            .create_from_template(&otto, "gm0599", t)
            .await
            .unwrap()
            .id;
        reg.submit(&eva, a, Some(1)).await.unwrap();
        reg.publish(&abel, a, Some(1)).await.unwrap();
        reg.submit(&otto, b, Some(1)).await.unwrap();
        reg.publish(&olga, b, Some(1)).await.unwrap();
        let other = reg.organisation("gm0599").await.unwrap().name;

        let mut browser = Browser::new(&w.app);
        for (prefix, title) in [
            ("", "Organisaties met hetzelfde product"),
            ("/en", "Organisations with the same product"),
            ("/fy", "Organisaasjes mei itselde produkt"),
        ] {
            let moved = browser.get(&format!("{prefix}/algoritme/{a}")).await;
            let page = browser.get(location(&moved)).await;
            assert_eq!(page.status, StatusCode::OK, "{prefix}");
            assert!(page.body.contains(title), "{prefix}: {}", page.body);
            assert!(page.body.contains(&other), "{prefix}");
            assert!(
                page.body.contains(&format!("{prefix}/algoritme/{b}/")),
                "{prefix}"
            );
            assert!(!page.body.contains(&format!("/algoritme/{c}")), "a draft");
        }
        // b lists a; a description not started from a template has no such section.
        let moved = browser.get(&format!("/algoritme/{b}")).await;
        let page = browser.get(location(&moved)).await;
        assert!(page.body.contains(&format!("/algoritme/{a}/")));
        let plain = reg.create(&eva, "gm0363", &product_doc()).await.unwrap().id;
        reg.submit(&eva, plain, Some(1)).await.unwrap();
        reg.publish(&abel, plain, Some(1)).await.unwrap();
        let moved = browser.get(&format!("/algoritme/{plain}")).await;
        let page = browser.get(location(&moved)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("Organisaties met hetzelfde product"));
    }
}

#[tokio::test]
async fn platform_admins_make_an_account_a_suppliers_one_on_the_accounts_page() {
    for w in worlds().await {
        platform_user(&w.reg, "pia@example.nl", &[], &[PlatformRole::Admin]).await;
        let lev = platform_user(&w.reg, "lev@leverancier.nl", &[], &[]).await;

        // Not yet a supplier: no templates.
        let mut l = Browser::new(&w.app);
        l.log_in("lev@leverancier.nl", PASSWORD).await;
        assert_eq!(
            l.get("/beheer/sjablonen/nieuw").await.status,
            StatusCode::FORBIDDEN
        );

        let mut a = Browser::new(&w.app);
        a.log_in("pia@example.nl", PASSWORD).await;
        let found = a.get("/beheer/personen?q=leverancier").await;
        assert!(found.body.contains("for=\"provider-"), "{}", found.body);
        let csrf = csrf_of(&found.body);
        let user = lev.0.to_string();
        let set = |provider: &str| {
            [
                ("csrf", csrf.clone()),
                ("op", "provider".to_owned()),
                ("user", user.clone()),
                ("q", "leverancier".to_owned()),
                ("provider", provider.to_owned()),
            ]
        };
        let f = set("  Scan & Co <b>BV</b> ");
        let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let saved = a.post("/beheer/personen", &refs).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        assert!(saved.body.contains("De leverancier is opgeslagen"));
        assert!(
            saved.body.contains("value=\"Scan &#38; Co BV\""),
            "markup is dropped: {}",
            saved.body.split("name=\"provider\"").nth(1).unwrap_or("")
        );
        // Now the person writes templates for that supplier; the menu leads there.
        let list = l.get("/beheer/sjablonen").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(
            list.body
                .contains("<li><a href=\"/beheer/sjablonen\">Sjablonen</a></li>")
        );
        assert!(list.body.contains("Scan &#38; Co BV"));

        // Too long: refused with the reason, nothing changed.
        let long = "x".repeat(algoreg_register::MAX_PROVIDER_LEN + 1);
        let f = set(&long);
        let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = a.post("/beheer/personen", &refs).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("Leverancier van dit account"));
        assert!(
            l.get("/beheer/sjablonen")
                .await
                .body
                .contains("Scan &#38; Co BV")
        );

        // Empty: no longer a supplier.
        let f = set("");
        let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let removed = a.post("/beheer/personen", &refs).await;
        assert!(removed.body.contains("hoort niet meer bij een leverancier"));
        let after = l.get("/beheer/sjablonen/nieuw").await;
        assert_eq!(after.status, StatusCode::FORBIDDEN);
        assert!(!after.body.contains("<li><a href=\"/beheer/sjablonen\">"));

        // Nobody else may: an organisation's admin gets 403, and a forged form without the token too.
        let mut oda = Browser::new(&w.app);
        oda.log_in("oda@example.nl", PASSWORD).await;
        let csrf = csrf_of(&oda.get("/beheer").await.body);
        let pairs = [
            ("csrf", csrf.as_str()),
            ("op", "provider"),
            ("user", user.as_str()),
            ("provider", "Oda BV"),
        ];
        assert_eq!(
            oda.post("/beheer/personen", &pairs).await.status,
            StatusCode::FORBIDDEN
        );
        let forged = [
            ("op", "provider"),
            ("user", user.as_str()),
            ("provider", "X"),
        ];
        assert_eq!(
            a.post("/beheer/personen", &forged).await.status,
            StatusCode::FORBIDDEN
        );
    }
}
