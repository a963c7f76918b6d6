//! The information pages (about, questions, accessibility, privacy, the standard explained, open
//! data) and, outside the language prefixes, `robots.txt` and the XML sitemap.

use std::fmt::Write as _;

use algoreg_register::standard::{StandardVersion, standard};
use algoreg_register::{PublicQuery, SORTS};
use algoreg_site::page::{Section, prefixed};
use algoreg_site::views::content::{About, Accessibility, Faq, OpenData, Privacy, Standard};
use algoreg_site::{Lang, Page, i18n};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};

use super::{OrPage, PageResult, SiteError, render};
use crate::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/over", get(about))
        .route("/vragen", get(faq))
        .route("/toegankelijkheid", get(accessibility))
        .route("/privacy", get(privacy))
        .route("/standaard", get(standard_page))
        .route("/open-data", get(open_data))
}

/// Routes outside the language prefixes (`robots.txt`, `sitemap.xml`).
pub fn root_routes() -> Router<SharedState> {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap_index))
        .route("/sitemaps/{part}", get(sitemap_part))
}

/// A fixed page at `path` with its title and meta description.
fn page(state: &SharedState, lang: Lang, path: &str, title: &str, description: &str) -> Page {
    let t = i18n::tr(lang);
    Page::new(lang, &state.public_url, path, t.t(title)).description(t.t(description))
}

async fn about(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let page = page(&state, lang, "/over", "about-title", "about-description");
    let view = About {
        page: page.section(Section::About),
    };
    render(&headers, lang, StatusCode::OK, &view)
}

async fn faq(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let page = page(&state, lang, "/vragen", "faq-title", "faq-description");
    let view = Faq {
        page: page.section(Section::About),
    };
    render(&headers, lang, StatusCode::OK, &view)
}

async fn accessibility(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let page = page(
        &state,
        lang,
        "/toegankelijkheid",
        "a11y-title",
        "a11y-description",
    );
    let view = Accessibility {
        page,
        contact: state.contact_email.clone(),
    };
    render(&headers, lang, StatusCode::OK, &view)
}

async fn privacy(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let page = page(
        &state,
        lang,
        "/privacy",
        "privacy-title",
        "privacy-description",
    );
    let view = Privacy {
        page,
        contact: state.contact_email.clone(),
    };
    render(&headers, lang, StatusCode::OK, &view)
}

async fn standard_page(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let page = page(&state, lang, "/standaard", "std-title", "std-description");
    let view = Standard::new(page, standard(StandardVersion::CURRENT));
    render(&headers, lang, StatusCode::OK, &view)
}

async fn open_data(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let page = page(&state, lang, "/open-data", "od-title", "od-description");
    let view = OpenData {
        page: page.section(Section::OpenData),
        standard_version: StandardVersion::CURRENT.as_str(),
    };
    render(&headers, lang, StatusCode::OK, &view)
}

/// Crawlers may read every public page; the back office, the generated download files and the
/// endless combinations of search filters are left out (search pages say `noindex` anyway, and
/// every description is in the sitemap).
async fn robots(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    let mut body = String::from("User-agent: *\nAllow: /\nDisallow: /beheer\n");
    body.push_str("Disallow: /api/v1/downloads/\nDisallow: /api/v1/algorithms/*/download\n");
    for lang in Lang::ALL {
        let _ = writeln!(body, "Disallow: {}?", prefixed(lang, "/zoeken"));
    }
    let _ = write!(body, "\nSitemap: {}/sitemap.xml\n", state.public_url);
    text(&headers, "text/plain; charset=utf-8", body)
}

/// Descriptions per part of the sitemap. Every description is listed in three languages, so a part
/// holds 45,000 URLs: under the limit of 50,000 (and, at about 1.5 KB per description, under 50 MB).
const PER_PART: i64 = 15_000;
/// Rows read from the database at a time while writing a part (a part is whole chunks, so that
/// every chunk is a page of the register's list).
const CHUNK: i64 = 2_500;
const _: () = assert!(PER_PART % CHUNK == 0);

/// The sitemap index: the fixed pages and organisations, then the descriptions in parts.
async fn sitemap_index(State(state): State<SharedState>, headers: HeaderMap) -> PageResult {
    let total = state
        .register
        .public_list(&all(0, 0))
        .await
        .or_page(Lang::Nl)?
        .total;
    let base = &state.public_url;
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let _ = writeln!(
        body,
        "<sitemap><loc>{}/sitemaps/pages.xml</loc></sitemap>",
        xml_escape(base)
    );
    for n in 1..=parts(total) {
        let _ = writeln!(
            body,
            "<sitemap><loc>{}/sitemaps/{n}.xml</loc></sitemap>",
            xml_escape(base)
        );
    }
    body.push_str("</sitemapindex>\n");
    Ok(text(&headers, XML, body))
}

/// `pages.xml` (home, the fixed pages, the organisations) or `{n}.xml` (descriptions).
async fn sitemap_part(
    State(state): State<SharedState>,
    Path(part): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let not_found = || super::PageError(Lang::Nl, SiteError::NotFound);
    let name = part.strip_suffix(".xml").ok_or_else(not_found)?;
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let base = state.public_url.as_str();
    if name == "pages" {
        for path in FIXED {
            url(&mut body, base, path, None);
        }
        let orgs = state
            .register
            .organisation_counts()
            .await
            .or_page(Lang::Nl)?;
        for c in orgs.iter().filter(|c| c.published > 0) {
            url(
                &mut body,
                base,
                &format!("/organisatie/{}", c.organisation.code),
                None,
            );
        }
    } else {
        // Only the numbers the index lists: `1`, `2`, … (no `01`, no `0`).
        let n: i64 = name
            .parse()
            .ok()
            .filter(|n| *n >= 1 && name.starts_with(|c: char| c != '0'))
            .ok_or_else(not_found)?;
        let mut offset = (n - 1) * PER_PART;
        let end = n * PER_PART;
        let mut listed = 0;
        while offset < end {
            let limit = CHUNK.min(end - offset);
            let page = state
                .register
                .public_list(&all(limit, offset))
                .await
                .or_page(Lang::Nl)?;
            for row in &page.items {
                let path = crate::urls::algorithm("", &row.id.as_string(), &row.name);
                let lastmod = row.published_at.map(|t| t.format("%Y-%m-%d").to_string());
                url(&mut body, base, &path, lastmod.as_deref());
            }
            listed += page.items.len();
            if (page.items.len() as i64) < limit {
                break;
            }
            offset += limit;
        }
        if listed == 0 {
            return Err(not_found());
        }
    }
    body.push_str("</urlset>\n");
    Ok(text(&headers, XML, body))
}

const XML: &str = "application/xml; charset=utf-8";

/// The pages without parameters that are the same for everyone.
const FIXED: &[&str] = &[
    "/",
    "/zoeken",
    "/organisaties",
    "/open-data",
    "/over",
    "/vragen",
    "/standaard",
    "/toegankelijkheid",
    "/privacy",
];

/// Every published description, oldest publication first (so that new ones are added at the end
/// and the earlier parts stay the same), `limit` from `offset`.
fn all(limit: i64, offset: i64) -> PublicQuery {
    // `published`: the API's name of this order.
    let sort = SORTS
        .iter()
        .find(|(name, _)| *name == "published")
        .map(|(_, s)| *s)
        .unwrap_or_default();
    PublicQuery {
        sort,
        page: 1 + offset / limit.max(1),
        page_size: limit,
        ..Default::default()
    }
}

/// How many parts the descriptions need.
fn parts(total: i64) -> i64 {
    (total + PER_PART - 1) / PER_PART
}

/// One `<url>` per language, each naming all three languages as alternates (and Dutch as the
/// default), the way search engines ask for pages in several languages.
fn url(out: &mut String, base: &str, path: &str, lastmod: Option<&str>) {
    let alternates: Vec<(&str, String)> = Lang::ALL
        .iter()
        .map(|l| {
            (
                l.as_str(),
                xml_escape(&format!("{base}{}", prefixed(*l, path))),
            )
        })
        .collect();
    for (_, loc) in &alternates {
        let _ = write!(out, "<url><loc>{loc}</loc>");
        if let Some(d) = lastmod {
            let _ = write!(out, "<lastmod>{d}</lastmod>");
        }
        for (code, href) in &alternates {
            let _ = write!(
                out,
                "<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{href}\"/>"
            );
        }
        let _ = writeln!(
            out,
            "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/></url>",
            alternates[0].1
        );
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// A text answer with an `ETag` made from its bytes; `304` when the client has it already.
fn text(headers: &HeaderMap, content_type: &'static str, body: String) -> Response {
    let mut res = super::html(headers, StatusCode::OK, body);
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_pages() {
        assert_eq!(parts(0), 0);
        assert_eq!(parts(1), 1);
        assert_eq!(parts(PER_PART), 1);
        assert_eq!(parts(PER_PART + 1), 2);
        // Offsets that are whole chunks map onto pages of the register's list.
        let q = all(CHUNK, PER_PART + CHUNK);
        assert_eq!((q.page - 1) * q.page_size, PER_PART + CHUNK);
        assert_eq!(xml_escape("a&b<\"'>"), "a&amp;b&lt;&quot;&apos;&gt;");
    }
}
