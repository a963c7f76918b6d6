//! The information pages, the standard explained, open data, `robots.txt` and the sitemap.

use algoreg_register::PublicQuery;
use algoreg_register::standard::{Lang, StandardVersion, standard};
use axum::http::StatusCode;

use crate::site::{BASE, Page, assert_well_formed, between, fetch, site_worlds};

const PAGES: &[&str] = &[
    "/over",
    "/vragen",
    "/toegankelijkheid",
    "/privacy",
    "/standaard",
    "/open-data",
];

fn prefixed(lang: &str, path: &str) -> String {
    if lang == "nl" {
        path.to_owned()
    } else {
        format!("/{lang}{path}")
    }
}

/// Headings in order, as their levels: no level is skipped on the way down.
fn assert_heading_tree(p: &Page, path: &str) {
    let mut last = 0;
    for (i, _) in p.body.match_indices("<h") {
        let Some(level) = p.body[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(level <= last + 1, "{path}: h{level} after h{last}");
        last = level;
    }
    assert!(last >= 2, "{path}: sections with h2s");
}

#[tokio::test]
async fn information_pages_in_three_languages() {
    for w in site_worlds(12).await {
        for path in PAGES {
            for lang in ["nl", "en", "fy"] {
                let uri = prefixed(lang, path);
                let p = fetch(&w.app, &uri, &[]).await;
                assert_eq!(p.status, StatusCode::OK, "{uri}");
                assert_well_formed(&p, lang);
                assert_heading_tree(&p, &uri);
                assert!(!p.body.contains("<script>"), "{uri}: no inline script");
                assert!(p.body.len() < 60_000, "{uri}: {} bytes", p.body.len());
                // Its own canonical URL and meta description, not the site's default.
                assert!(
                    p.body
                        .contains(&format!("<link rel=\"canonical\" href=\"{BASE}{uri}\">")),
                    "{uri}"
                );
                let description = between(&p.body, "<meta name=\"description\" content=\"", "\"");
                let site = algoreg_site::i18n::tr(Lang::parse(lang).unwrap()).t("site-description");
                assert_ne!(description, site, "{uri}: own meta description");
                let h1 = between(&p.body, "<h1>", "</h1>");
                assert!(
                    !h1.is_empty() && !h1.contains('-'),
                    "{uri}: h1 {h1:?} is a text"
                );
                assert!(
                    between(&p.body, "<title>", "</title>").starts_with(h1),
                    "{uri}"
                );
                let again = fetch(&w.app, &uri, &[("if-none-match", p.header("etag"))]).await;
                assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
            }
        }

        // The accessibility statement says where to report a problem.
        let p = fetch(&w.app, "/toegankelijkheid", &[]).await;
        assert!(p.body.contains("mailto:register@example.nl"));
        assert!(p.body.contains("WCAG"));
        // Open data links to the downloads, the API and the standard.
        let p = fetch(&w.app, "/en/open-data", &[]).await;
        for href in [
            "/api/v1/downloads/algorithms?format=csv",
            "/api/v1/downloads/algorithms?format=xlsx&amp;lang=en",
            "/api/v1/downloads/algorithms?format=json",
            "/api/v1/docs",
            "/api/v1/openapi.json",
            "/api/v1/standard/1.0/schema.json",
            "/en/standaard",
        ] {
            assert!(p.body.contains(&format!("href=\"{href}")), "{href}");
        }
        assert!(p.body.contains("aria-current=\"page\""));
    }
}

#[tokio::test]
async fn the_standard_explained_field_by_field() {
    let def = standard(StandardVersion::CURRENT);
    for w in site_worlds(1).await {
        for lang in Lang::ALL {
            let uri = prefixed(lang.as_str(), "/standaard");
            let p = fetch(&w.app, &uri, &[]).await;
            assert_eq!(p.status, StatusCode::OK);
            for f in &def.fields {
                let key = format!("<code>{}</code>", f.key);
                if f.public {
                    assert!(p.body.contains(&key), "{uri}: {}", f.key);
                    assert!(
                        p.body.contains(&format!(
                            "<h3 id=\"field-{}\">{}</h3>",
                            f.key,
                            f.label.get(lang)
                        )),
                        "{uri}: label of {}",
                        f.key
                    );
                } else {
                    assert!(!p.body.contains(&key), "{uri}: {} is not public", f.key);
                }
            }
            for g in &def.groups {
                assert!(p.body.contains(&format!(">{}</h2>", g.label.get(lang))));
            }
            // Allowed values, with the stored value for API users.
            assert!(p.body.contains("Hoog-risico AI-systeem"));
            assert!(p.body.contains("Zorg en gezondheid"));
            for v in StandardVersion::ALL {
                assert!(
                    p.body
                        .contains(&format!("href=\"/api/v1/standard/{}\"", v.as_str())),
                    "{v}"
                );
            }
        }
        // The English page explains in English.
        let p = fetch(&w.app, "/en/standaard", &[]).await;
        let help = &def.field("description_short").unwrap().help.en;
        assert!(
            p.body.contains(&askama_escape(help)),
            "help text in English"
        );
        assert!(p.body.contains("At most 400 characters"));
    }
}

/// The HTML escaping askama applies to text.
fn askama_escape(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn robots_and_sitemap_list_every_published_description() {
    for w in site_worlds(40).await {
        let robots = fetch(&w.app, "/robots.txt", &[]).await;
        assert_eq!(robots.status, StatusCode::OK);
        assert!(robots.header("content-type").starts_with("text/plain"));
        assert!(
            robots
                .body
                .contains(&format!("Sitemap: {BASE}/sitemap.xml"))
        );
        assert!(robots.body.contains("Disallow: /beheer"));
        assert!(robots.body.contains("Allow: /\n"));

        let index = fetch(&w.app, "/sitemap.xml", &[]).await;
        assert_eq!(index.status, StatusCode::OK);
        assert!(index.header("content-type").starts_with("application/xml"));
        assert!(
            index
                .body
                .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        );
        assert!(index.body.contains("<sitemapindex"));
        let parts: Vec<&str> = index
            .body
            .split("<loc>")
            .skip(1)
            .map(|s| &s[..s.find("</loc>").unwrap()])
            .collect();
        assert_eq!(
            parts,
            [
                format!("{BASE}/sitemaps/pages.xml"),
                format!("{BASE}/sitemaps/1.xml")
            ]
        );

        // Every published description, in three languages, with its alternates.
        let published = w
            .reg
            .public_list(&PublicQuery {
                page: 1,
                page_size: 1000,
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(published.total > 10);
        let part = fetch(&w.app, "/sitemaps/1.xml", &[]).await;
        assert_eq!(part.status, StatusCode::OK);
        assert_well_formed_xml(&part.body);
        assert_eq!(
            part.body.matches("<url>").count() as i64,
            3 * published.total,
            "one <url> per description and language"
        );
        for row in &published.items {
            let canonical = algoreg_web::urls::algorithm(BASE, &row.id.as_string(), &row.name);
            let path = canonical.strip_prefix(BASE).unwrap();
            for lang in ["nl", "en", "fy"] {
                let loc = format!("<loc>{BASE}{}</loc>", prefixed(lang, path));
                assert!(part.body.contains(&loc), "{loc}");
                let alt = format!(
                    "hreflang=\"{lang}\" href=\"{BASE}{}\"",
                    prefixed(lang, path)
                );
                assert_eq!(part.body.matches(&alt).count(), 3, "{alt}");
            }
            let d = row.published_at.unwrap().format("%Y-%m-%d").to_string();
            assert!(part.body.contains(&format!("<lastmod>{d}</lastmod>")));
        }

        // The fixed pages and the organisations with published descriptions.
        let pages = fetch(&w.app, "/sitemaps/pages.xml", &[]).await;
        assert_eq!(pages.status, StatusCode::OK);
        assert_well_formed_xml(&pages.body);
        for path in ["/", "/over", "/standaard", "/open-data", "/organisaties"] {
            assert!(
                pages.body.contains(&format!("<loc>{BASE}{path}</loc>")),
                "{path}"
            );
        }
        assert!(pages.body.contains(&format!("<loc>{BASE}/en</loc>")));
        let org = &published.items[0].org_code;
        assert!(
            pages
                .body
                .contains(&format!("<loc>{BASE}/fy/organisatie/{org}</loc>"))
        );

        // Parts that do not exist.
        for bad in [
            "/sitemaps/2.xml",
            "/sitemaps/0.xml",
            "/sitemaps/01.xml",
            "/sitemaps/x.xml",
            "/sitemaps/1",
        ] {
            assert_eq!(
                fetch(&w.app, bad, &[]).await.status,
                StatusCode::NOT_FOUND,
                "{bad}"
            );
        }
        // Conditional GET.
        let again = fetch(
            &w.app,
            "/sitemaps/1.xml",
            &[("if-none-match", part.header("etag"))],
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    }
}

/// Every element that opens closes again, in order (the sitemap has no text that needs more).
fn assert_well_formed_xml(xml: &str) {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "));
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = &xml[xml.find("?>").unwrap() + 2..];
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i + 1..end];
        rest = &rest[end + 1..];
        let text = &rest[..rest.find('<').unwrap_or(rest.len())];
        for (j, _) in text.match_indices('&') {
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| text[j..].starts_with(e)),
                "unescaped & in {text:?}"
            );
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "closing {name}");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap());
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}
