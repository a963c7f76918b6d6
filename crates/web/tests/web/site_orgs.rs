//! The directory of organisations and an organisation's page.

use axum::http::StatusCode;
use serde_json::Value;

use crate::site::{assert_well_formed, between, fetch, site_worlds};

/// The entries of the directory: (name, kind and count).
fn entries(body: &str) -> Vec<(String, String)> {
    body.split("<ul class=\"org-list\">")
        .skip(1)
        .flat_map(|list| {
            let list = &list[..list.find("</ul>").unwrap()];
            list.split("<li>").skip(1).map(|li| {
                (
                    between(li, "\">", "</a>").to_owned(),
                    between(li, "<span class=\"org-meta\">", "</span>").to_owned(),
                )
            })
        })
        .collect()
}

#[tokio::test]
async fn directory_filters_by_kind_name_and_letter() {
    for w in site_worlds(60).await {
        let api: Value = serde_json::from_str(
            &fetch(
                &w.app,
                "/api/v1/organizations?has_algorithms=true&page_size=100",
                &[],
            )
            .await
            .body,
        )
        .unwrap();
        let publishing = api["total"].as_u64().unwrap();
        for (prefix, lang, kind) in [("", "nl", "Gemeente"), ("/en", "en", "Municipality")] {
            let p = fetch(&w.app, &format!("{prefix}/organisaties"), &[]).await;
            assert_eq!(p.status, StatusCode::OK);
            assert_well_formed(&p, lang);
            let all = entries(&p.body);
            assert_eq!(all.len() as u64, publishing.min(100));
            let status = between(&p.body, "role=\"status\">", "<").replace(['.', ','], "");
            assert!(status.starts_with(&publishing.to_string()), "{status}");

            // By kind: only that kind, as many as the select said.
            let p = fetch(&w.app, &format!("{prefix}/organisaties?type=gemeente"), &[]).await;
            assert_eq!(p.status, StatusCode::OK);
            let some = entries(&p.body);
            assert!(!some.is_empty());
            assert!(
                some.iter().all(|(_, meta)| meta.starts_with(kind)),
                "{some:?}"
            );
            let option = between(&p.body, "<option value=\"gemeente\" selected>", "</option>");
            assert!(option.ends_with(&format!("({})", some.len())), "{option}");

            // A–Z: the letter of "Gemeente Amsterdam" is A.
            let p = fetch(
                &w.app,
                &format!("{prefix}/organisaties?type=gemeente&letter=a"),
                &[],
            )
            .await;
            for (name, _) in entries(&p.body) {
                let rest = name.strip_prefix("Gemeente ").unwrap();
                assert!(rest.starts_with('A'), "{name}");
            }
            assert!(p.body.contains("aria-current=\"page\">A</a>"));

            // By name, any case.
            let first = &some[0].0;
            let part = first.split_whitespace().last().unwrap().to_uppercase();
            let p = fetch(&w.app, &format!("{prefix}/organisaties?q={part}"), &[]).await;
            assert!(entries(&p.body).iter().any(|(n, _)| n == first), "{part}");

            // Also those that published nothing yet.
            let p = fetch(
                &w.app,
                &format!("{prefix}/organisaties?show=all&type=provincie"),
                &[],
            )
            .await;
            assert_eq!(entries(&p.body).len(), 12);
        }
        for uri in [
            "/organisaties?type=bank",
            "/en/organisaties?letter=ab",
            "/organisaties?page=0",
            "/organisaties?x=1",
        ] {
            let p = fetch(&w.app, uri, &[]).await;
            assert_eq!(p.status, StatusCode::BAD_REQUEST, "{uri}");
        }
    }
}

#[tokio::test]
async fn an_organisation_lists_its_descriptions() {
    for w in site_worlds(60).await {
        let all: Value =
            serde_json::from_str(&fetch(&w.app, "/api/v1/search?q=", &[]).await.body).unwrap();
        let top = &all["facets"][0]["values"][0];
        assert_eq!(all["facets"][0]["param"], "organisation");
        let code = top["value"].as_str().unwrap();
        let count = top["count"].as_u64().unwrap();
        for (prefix, lang) in [("", "nl"), ("/en", "en")] {
            let p = fetch(&w.app, &format!("{prefix}/organisatie/{code}"), &[]).await;
            assert_eq!(p.status, StatusCode::OK);
            assert_well_formed(&p, lang);
            assert_eq!(
                between(&p.body, "<h1>", "</h1>"),
                top["label"].as_str().unwrap()
            );
            let shown: u64 = between(&p.body, "role=\"status\">", " ").parse().unwrap();
            assert_eq!(shown, count);
            let summaries = p.body.matches("<article class=\"summary").count() as u64;
            assert_eq!(summaries, count.min(20));
            assert_eq!(
                p.body
                    .matches("<p class=\"summary-org\"><a href=\"")
                    .count() as u64,
                summaries
            );
            assert_eq!(
                p.body
                    .matches(&format!(
                        "<p class=\"summary-org\"><a href=\"{prefix}/organisatie/{code}\">"
                    ))
                    .count() as u64,
                summaries,
                "all its own"
            );
            assert!(
                p.body
                    .contains(&format!("href=\"/api/v1/organizations/{code}\""))
            );
            assert!(p.body.contains(&format!(
                "href=\"/api/v1/downloads/algorithms?format=csv&#38;organisation={code}\""
            )));
            assert!(
                !p.body.contains("name=\"organisation\""),
                "no organisation facet"
            );
            // Its facets narrow its own list; the chip goes back to the organisation's page.
            let p = fetch(
                &w.app,
                &format!("{prefix}/organisatie/{code}?status=in-gebruik"),
                &[],
            )
            .await;
            assert_eq!(p.status, StatusCode::OK);
            assert!(p.body.contains(&format!(
                "<a class=\"chip\" href=\"{prefix}/organisatie/{code}\">"
            )));
        }
        let p = fetch(&w.app, "/en/organisatie/gm9999", &[]).await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
        assert_well_formed(&p, "en");
        let p = fetch(
            &w.app,
            &format!("/organisatie/{code}?organisation=gm0363"),
            &[],
        )
        .await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST);
        let p = fetch(&w.app, &format!("/organisatie/{code}?page=abc"), &[]).await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST);
    }
}
