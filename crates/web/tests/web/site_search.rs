//! The search results page: facets agree with the API, chips remove one value, pagination, errors,
//! and the labels of the standard's values in every language.

use algoreg_site::{Lang, i18n};
use axum::http::StatusCode;
use serde_json::Value;

use crate::site::{Page, SiteWorld, assert_well_formed, between, fetch, site_worlds};

async fn api(w: &SiteWorld, uri: &str) -> Value {
    let p = fetch(&w.app, uri, &[]).await;
    assert_eq!(p.status, StatusCode::OK, "{uri}: {}", p.body);
    serde_json::from_str(&p.body).unwrap()
}

/// The count shown beside a facet's checkbox, if the page has it.
fn shown_count(page: &Page, param: &str, value: &str) -> Option<u64> {
    let at = page
        .body
        .find(&format!("name=\"{param}\" value=\"{}\"", html(value)))?;
    let count = between(&page.body[at..], "<span class=\"count\">(", ")");
    Some(count.replace(['.', ','], "").parse().unwrap())
}

/// `value` as askama escapes it in an attribute.
fn html(value: &str) -> String {
    value
        .replace('&', "&#38;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
}

/// Every `href` of the links with `class`.
fn hrefs(body: &str, class: &str) -> Vec<String> {
    body.split(&format!("class=\"{class}\" href=\""))
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].replace("&#38;", "&"))
        .collect()
}

fn the_total(page: &Page) -> u64 {
    let status = between(&page.body, "role=\"status\">", "<");
    status
        .split_whitespace()
        .next()
        .unwrap()
        .replace(['.', ','], "")
        .parse()
        .unwrap_or(0)
}

/// Checks that every facet value the API gives for `query` shows on the page with the same count.
async fn facets_agree(w: &SiteWorld, prefix: &str, query: &str) {
    let page = fetch(&w.app, &format!("{prefix}/zoeken?{query}"), &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{query}");
    let a = api(w, &format!("/api/v1/search?{query}")).await;
    assert_eq!(the_total(&page), a["total"].as_u64().unwrap(), "{query}");
    let mut checked = 0;
    for f in a["facets"].as_array().unwrap() {
        let param = f["param"].as_str().unwrap();
        for (i, v) in f["values"].as_array().unwrap().iter().enumerate() {
            let slug = v["slug"].as_str().unwrap();
            let count = v["count"].as_u64().unwrap();
            match shown_count(&page, param, slug) {
                Some(shown) => {
                    assert_eq!(shown, count, "{query}: {param}={slug}");
                    checked += 1;
                }
                // Long lists of organisations and providers are cut after the largest 40.
                None => assert!(
                    count == 0 || (i >= 40 && matches!(param, "organisation" | "provider")),
                    "{query}: {param}={slug} missing"
                ),
            }
        }
    }
    assert!(checked > 3, "{query}: only {checked} facet values");
}

#[tokio::test]
async fn facets_chips_sort_and_pages() {
    for w in site_worlds(60).await {
        let all = api(&w, "/api/v1/search?q=").await;
        let total = all["total"].as_u64().unwrap();
        assert!(total > 40, "{total}");
        let theme = |i: usize| {
            all["facets"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["param"] == "theme")
                .unwrap()["values"][i]["slug"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let (t0, t1) = (theme(0), theme(1));
        let word = all["items"][0]["name"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .find(|w| w.len() > 5)
            .unwrap()
            .to_lowercase();
        for prefix in ["", "/en"] {
            facets_agree(&w, prefix, "q=").await;
            facets_agree(&w, prefix, &format!("theme={t0}&status=in-gebruik")).await;
            facets_agree(&w, prefix, &format!("q={word}&theme={t0}")).await;
        }

        // The page itself, in two languages: one h1, the query in the title, no index, the count
        // for screen readers, marked words.
        for (prefix, lang, found) in [("", "nl", "gevonden voor"), ("/en", "en", "found for")] {
            let p = fetch(&w.app, &format!("{prefix}/zoeken?q={word}"), &[]).await;
            assert_well_formed(&p, lang);
            assert!(between(&p.body, "<title>", "</title>").contains(&word));
            assert!(
                p.body
                    .contains("<meta name=\"robots\" content=\"noindex\">")
            );
            assert!(between(&p.body, "role=\"status\">", "<").contains(found));
            let a = api(&w, &format!("/api/v1/search?q={word}")).await;
            let marked = a["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["snippet"].as_str().unwrap().contains("<mark>"))
                .count();
            assert_eq!(
                p.body.matches("<mark>").count() > 0,
                marked > 0,
                "snippets as the API gives them"
            );
            assert!(
                p.body
                    .contains(&format!("href=\"/api/v1/search?q={word}\""))
            );
        }
        let p = fetch(&w.app, "/en/zoeken", &[]).await;
        assert!(
            !p.body.contains("noindex"),
            "the plain search page is indexed"
        );

        // Chips: each removes exactly its own value and keeps the rest.
        let uri = format!("/en/zoeken?q=&theme={t0}&theme={t1}&status=in-gebruik&sort=name");
        let p = fetch(&w.app, &uri, &[]).await;
        assert_eq!(p.status, StatusCode::OK);
        let chips = hrefs(&p.body, "chip");
        assert_eq!(chips.len(), 3, "{chips:?}");
        let set = |href: &str| -> std::collections::BTreeSet<String> {
            let (path, query) = href.split_once('?').unwrap_or((href, ""));
            std::iter::once(path.to_owned())
                .chain(
                    query
                        .split('&')
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                )
                .collect()
        };
        let chip_for = |removed: &str| {
            let want = set(&format!(
                "/en/zoeken?theme={t0}&theme={t1}&status=in-gebruik&sort=name"
            ))
            .into_iter()
            .filter(|p| p != removed)
            .collect::<std::collections::BTreeSet<_>>();
            assert!(
                chips.iter().any(|c| set(c) == want),
                "no chip removes only {removed}: {chips:?}"
            );
        };
        chip_for(&format!("theme={t0}"));
        chip_for(&format!("theme={t1}"));
        chip_for("status=in-gebruik");
        assert_eq!(hrefs(&p.body, "clear-all"), ["/en/zoeken?sort=name"]);
        for chip in &chips {
            let after = fetch(&w.app, chip, &[]).await;
            let a = api(&w, &chip.replace("/en/zoeken", "/api/v1/search")).await;
            assert_eq!(the_total(&after), a["total"].as_u64().unwrap(), "{chip}");
            assert_eq!(hrefs(&after.body, "chip").len(), 2, "{chip}");
        }
        assert!(p.body.contains("<option value=\"name\" selected>"));
        // Downloads take the filters; the API link the whole query.
        let xlsx = p
            .body
            .split("href=\"")
            .map(|s| s[..s.find('"').unwrap()].replace("&#38;", "&"))
            .find(|h| h.starts_with("/api/v1/downloads/algorithms?format=xlsx"))
            .unwrap();
        assert_eq!(
            set(&xlsx),
            set(&format!(
                "/api/v1/downloads/algorithms?format=xlsx&theme={t0}&theme={t1}&status=in-gebruik"
            ))
        );
        let dl = fetch(
            &w.app,
            &format!(
                "/api/v1/downloads/algorithms?format=csv&theme={t0}&theme={t1}&status=in-gebruik"
            ),
            &[],
        )
        .await;
        assert_eq!(dl.status, StatusCode::OK);

        // Pagination: 20 a page; the current page marked, previous and next.
        let last = total.div_ceil(20);
        for (prefix, lang) in [("", "nl"), ("/fy", "fy")] {
            let p = fetch(&w.app, &format!("{prefix}/zoeken?page=2"), &[]).await;
            assert_well_formed(&p, lang);
            let nav = between(&p.body, "<nav class=\"pagination\" aria-label=\"", "</nav>");
            assert!(nav.contains(&format!(
                "<a href=\"{prefix}/zoeken?page=2\" aria-current=\"page\">"
            )));
            assert!(nav.contains(&format!("<a href=\"{prefix}/zoeken\" rel=\"prev\">")));
            assert!(nav.contains(&format!(
                "<a href=\"{prefix}/zoeken?page={}\" rel=\"next\">",
                3.min(last)
            )));
            assert_eq!(p.body.matches("<article class=\"summary").count(), 20);
        }

        // A direct hit: the Algoritme-ID leads to its description.
        let id = all["items"][0]["id"].as_str().unwrap();
        let p = fetch(&w.app, &format!("/zoeken?q={id}"), &[]).await;
        assert!(
            between(&p.body, "notice-direct\"><a href=\"", "\"")
                .starts_with(&format!("/algoritme/{id}")),
            "direct link"
        );
    }
}

#[tokio::test]
async fn bad_parameters_give_the_400_page() {
    for w in site_worlds(25).await {
        for (uri, lang, param) in [
            ("/zoeken?page=abc", "nl", "page"),
            ("/en/zoeken?page=abc", "en", "page"),
            ("/en/zoeken?theme=sterrenkunde", "en", "theme"),
            ("/fy/zoeken?sort=random", "fy", "sort"),
            ("/zoeken?colour=blue", "nl", "colour"),
            ("/zoeken?page_size=1000", "nl", "page_size"),
            ("/zoeken?organisation=gm9999", "nl", "organisation"),
            ("/zoeken?organisation=nonsense!", "nl", "organisation"),
            ("/en/zoeken?page=99", "en", "page"),
            ("/zoeken?page=100000", "nl", "page"),
        ] {
            let p = fetch(&w.app, uri, &[]).await;
            assert_eq!(p.status, StatusCode::BAD_REQUEST, "{uri}");
            assert_well_formed(&p, lang);
            assert!(
                p.body.contains(&format!("<code>{param}</code>")),
                "{uri} names {param}"
            );
        }
        // The API reads the same parameters the same way.
        let a = fetch(&w.app, "/api/v1/search?theme=sterrenkunde&page=abc", &[]).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert!(a.body.contains("\"theme\"") && a.body.contains("\"page\""));
    }
}

#[test]
fn every_value_of_the_lists_has_a_label_in_every_language() {
    let lists = [
        "organisation_type",
        "theme",
        "status",
        "publication_category",
        "impact_assessment",
    ];
    let mut n = 0;
    for def in algoreg_register::public_filters() {
        if !lists.contains(&def.param) {
            continue;
        }
        for (_, stored) in def.values.unwrap() {
            let key = format!("value-{}", i18n::key_slug(&stored));
            for lang in Lang::ALL {
                assert!(
                    i18n::tr(lang).keys().any(|k| k == key),
                    "{lang} lacks {key} ({stored})"
                );
            }
            n += 1;
        }
    }
    assert_eq!(n, 25 + 16 + 3 + 3 + 14);
    assert_eq!(i18n::tr(Lang::En).value("In gebruik"), "In use");
}
