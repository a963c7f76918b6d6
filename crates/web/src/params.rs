//! Reading the URL parameters of a search (`q`, `sort`, `page`, `page_size` and the filters) in one
//! place, so that every front door — the API's `/api/v1/search`, the website's `/zoeken` and its
//! organisation pages — reads them the same way and reports the same problems. Also writes them back
//! into query strings, for links that keep or change a selection.

use algoreg_register::search_index::{FACET_NAMES, Filters, SearchQuery, Sort};
use algoreg_register::{InvalidParam, PublicQuery, slug};
use axum::extract::Query;
use axum::http::Uri;

/// The sort orders of a search, as the URL spells them.
pub const SORT_VALUES: [&str; 3] = ["relevance", "newest", "name"];

/// The `(name, value)` pairs of a URL's query string, in order.
pub fn pairs(uri: &Uri) -> Result<Vec<(String, String)>, InvalidParam> {
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| InvalidParam {
            name: "query".into(),
            reason: format!("the query string cannot be read: {e}"),
            allowed: vec![],
        })
}

/// A search read from URL parameters: the words (`q`, the last one counts), the sort order, the page
/// and the filters of `GET /api/v1/algorithms`. Every problem is reported at once.
pub fn search_query(pairs: &[(String, String)]) -> Result<SearchQuery, Vec<InvalidParam>> {
    let mut text = String::new();
    let mut sort = Sort::Relevance;
    let mut bad = Vec::new();
    let mut rest = Vec::new();
    for (k, v) in pairs {
        match k.as_str() {
            "q" => text = v.clone(),
            "sort" => match SORT_VALUES
                .contains(&v.as_str())
                .then(|| Sort::from_param(v))
                .flatten()
            {
                Some(s) => sort = s,
                None => bad.push(InvalidParam {
                    name: "sort".into(),
                    reason: format!("unknown sort order {v:?}"),
                    allowed: SORT_VALUES.map(String::from).to_vec(),
                }),
            },
            _ => rest.push((k.clone(), v.clone())),
        }
    }
    let q = match PublicQuery::parse(&rest, &["q", "sort"]) {
        Ok(q) => Some(q),
        Err(e) => {
            bad.extend(e);
            None
        }
    };
    let Some(q) = q.filter(|_| bad.is_empty()) else {
        return Err(bad);
    };
    let f = q.filter;
    Ok(SearchQuery {
        text,
        filters: Filters {
            orgs: f.orgs,
            org_types: f.org_types,
            themes: f.themes,
            statuses: f.statuses,
            categories: f.categories,
            impact_codes: f.impact_codes,
            providers: f.providers,
            standard_versions: f.standard_versions,
            langs: f.langs,
        },
        sort,
        page: q.page as usize,
        page_size: q.page_size as usize,
    })
}

/// How a stored value is written in its filter parameter: the standard's lists by their slug
/// (`In gebruik` → `in-gebruik`), everything else as stored.
pub fn filter_value(param: &str, value: &str) -> String {
    if matches!(param, "theme" | "status" | "publication_category") {
        slug(value)
    } else {
        value.to_owned()
    }
}

/// The stored values of one filter, by its parameter name.
pub fn filter_values<'a>(f: &'a Filters, param: &str) -> &'a [String] {
    match param {
        "organisation" => &f.orgs,
        "organisation_type" => &f.org_types,
        "theme" => &f.themes,
        "status" => &f.statuses,
        "publication_category" => &f.categories,
        "impact_assessment" => &f.impact_codes,
        "provider" => &f.providers,
        "standard_version" => &f.standard_versions,
        "lang" => &f.langs,
        _ => &[],
    }
}

/// The filters as `(parameter, value)` pairs in the order of the facets (then `lang`).
pub fn filter_pairs(f: &Filters) -> Vec<(&'static str, String)> {
    FACET_NAMES
        .iter()
        .chain(["lang"].iter())
        .flat_map(|p| {
            filter_values(f, p)
                .iter()
                .map(move |v| (*p, filter_value(p, v)))
        })
        .collect()
}

/// A search as URL parameters, leaving out what is the default (no words, relevance, page 1, the
/// default page size).
pub fn search_pairs(q: &SearchQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if !q.text.is_empty() {
        out.push(("q", q.text.clone()));
    }
    out.extend(filter_pairs(&q.filters));
    if q.sort != Sort::Relevance {
        out.push(("sort", q.sort.as_param().to_owned()));
    }
    if q.page > 1 {
        out.push(("page", q.page.to_string()));
    }
    if q.page_size as i64 != algoreg_register::DEFAULT_PAGE_SIZE {
        out.push(("page_size", q.page_size.to_string()));
    }
    out
}

/// `?a=1&b=2` (empty when there are no pairs), every value encoded for a URL.
pub fn query_string<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        encode(k.as_ref(), &mut out);
        out.push('=');
        encode(v.as_ref(), &mut out);
    }
    out
}

/// Form encoding: letters, digits and `-._~` stay, a space becomes `+`, the rest `%XX`.
fn encode(s: &str, out: &mut String) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &[(&str, &str)]) -> Vec<(String, String)> {
        s.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn reads_and_writes_a_search() {
        let q = search_query(&p(&[
            ("q", "parkeren of afval"),
            ("theme", "verkeer,Zorg en gezondheid"),
            ("status", "in-gebruik"),
            ("sort", "newest"),
            ("page", "2"),
        ]))
        .unwrap();
        assert_eq!(q.filters.themes, ["Verkeer", "Zorg en gezondheid"]);
        assert_eq!(q.filters.statuses, ["In gebruik"]);
        assert_eq!(q.sort, Sort::Newest);
        assert_eq!(q.page, 2);
        assert_eq!(
            query_string(&search_pairs(&q)),
            "?q=parkeren+of+afval&theme=verkeer&theme=zorg-en-gezondheid&status=in-gebruik&sort=newest&page=2"
        );
        // Read back, it is the same search.
        let back: Vec<(String, String)> = search_pairs(&q)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        assert_eq!(search_query(&back).unwrap(), q);
    }

    #[test]
    fn reports_every_problem() {
        let bad = search_query(&p(&[
            ("page", "abc"),
            ("theme", "sterrenkunde"),
            ("sort", "random"),
            ("colour", "blue"),
        ]))
        .unwrap_err();
        let names: Vec<&str> = bad.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["sort", "page", "colour", "theme"]);
        assert_eq!(query_string(&[("q", "a&b=ë")]), "?q=a%26b%3D%C3%AB");
    }
}
