//! Search acceptance suite.
//!
//! A fixed corpus of fictitious descriptions (`corpus.json`) and a table of
//! queries with expectations (`queries.json`), plus behavioural tests for
//! facets, sorting, paging, suggestions, similar descriptions, writes,
//! persistence, bad input and scale.
//!
//! `queries.json` entries: `q` (query text), `note`, and optionally
//! `filters`, `sort`, and the expectations `first` (ID ranked first), `must`
//! / `must_not` (IDs that must / must not be in the results), `total`,
//! `order` (the results start with these IDs in this order), `above`
//! (pairs: the first ranks above the second), `correction` (the corrected
//! query; when absent, no correction may be made), `original_total`,
//! `direct` (`{"algorithm": id}` / `{"organisation": code}`; when absent, no
//! direct answer may be given), `interpreted`, `facets` (facet → value →
//! count), `snippet_contains` / `snippet_not_contains` (some hit's snippet).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use algoreg_search::{
    Direct, FACET_NAMES, Filters, SearchDoc, SearchError, SearchIndex, SearchQuery, SearchResults,
    Sort, SuggestionKind, synonyms,
};
use chrono::{TimeZone, Utc};
use serde::Deserialize;

fn corpus() -> Vec<SearchDoc> {
    serde_json::from_str(include_str!("corpus.json")).expect("corpus.json parses")
}

fn shared() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = SearchIndex::in_memory().expect("in-memory index");
        let n = index.rebuild(corpus().into_iter()).expect("rebuild");
        assert_eq!(n, corpus().len());
        index
    })
}

fn all(index: &SearchIndex, text: &str, filters: Filters, sort: Sort) -> SearchResults {
    index
        .search(&SearchQuery {
            text: text.to_string(),
            filters,
            sort,
            page: 1,
            page_size: 100,
        })
        .expect("search")
}

fn ids(r: &SearchResults) -> Vec<String> {
    r.hits.iter().map(|h| h.id.clone()).collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    q: String,
    note: String,
    #[serde(default)]
    filters: Option<Filters>,
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    first: Option<String>,
    #[serde(default)]
    must: Vec<String>,
    #[serde(default)]
    must_not: Vec<String>,
    #[serde(default)]
    total: Option<usize>,
    #[serde(default)]
    order: Option<Vec<String>>,
    #[serde(default)]
    above: Vec<(String, String)>,
    #[serde(default)]
    correction: Option<String>,
    #[serde(default)]
    original_total: Option<usize>,
    #[serde(default)]
    direct: Option<BTreeMap<String, String>>,
    #[serde(default)]
    interpreted: Option<String>,
    #[serde(default)]
    facets: Option<BTreeMap<String, BTreeMap<String, u64>>>,
    #[serde(default)]
    snippet_contains: Option<String>,
    #[serde(default)]
    snippet_not_contains: Option<String>,
}

fn check_case(index: &SearchIndex, c: &Case) -> Vec<String> {
    let mut errs = Vec::new();
    let sort = c
        .sort
        .as_deref()
        .map(|s| Sort::from_param(s).expect("known sort"))
        .unwrap_or_default();
    let r = all(index, &c.q, c.filters.clone().unwrap_or_default(), sort);
    let got = ids(&r);
    let pos = |id: &str| got.iter().position(|g| g == id);
    if r.total != r.hits.len() {
        errs.push(format!(
            "total {} but {} hits on one page of 100",
            r.total,
            r.hits.len()
        ));
    }
    if let Some(first) = &c.first
        && got.first() != Some(first)
    {
        errs.push(format!("first: expected {first}, got {:?}", got.first()));
    }
    for m in &c.must {
        if pos(m).is_none() {
            errs.push(format!("must: {m} missing"));
        }
    }
    for m in &c.must_not {
        if pos(m).is_some() {
            errs.push(format!("must_not: {m} present"));
        }
    }
    if let Some(t) = c.total
        && r.total != t
    {
        errs.push(format!("total: expected {t}, got {}", r.total));
    }
    if let Some(order) = &c.order
        && (got.len() < order.len() || &got[..order.len()] != order.as_slice())
    {
        errs.push(format!("order: expected {order:?} first, got {got:?}"));
    }
    for (a, b) in &c.above {
        match (pos(a), pos(b)) {
            (Some(x), Some(y)) if x < y => {}
            (x, y) => errs.push(format!("above: {a}@{x:?} should rank above {b}@{y:?}")),
        }
    }
    match (&c.correction, &r.correction) {
        (None, None) => {}
        (Some(exp), Some(corr)) => {
            if &corr.corrected != exp {
                errs.push(format!(
                    "correction: expected {exp:?}, got {:?}",
                    corr.corrected
                ));
            }
            if corr.original != c.q.trim() {
                errs.push(format!("correction.original: {:?}", corr.original));
            }
            if let Some(ot) = c.original_total
                && corr.original_total != ot
            {
                errs.push(format!(
                    "original_total: expected {ot}, got {}",
                    corr.original_total
                ));
            }
        }
        (exp, got) => errs.push(format!("correction: expected {exp:?}, got {got:?}")),
    }
    let direct_exp = c.direct.as_ref().map(|m| {
        if let Some(id) = m.get("algorithm") {
            Direct::Algorithm(id.clone())
        } else {
            Direct::Organisation(m.get("organisation").expect("direct kind").clone())
        }
    });
    if direct_exp != r.direct {
        errs.push(format!(
            "direct: expected {direct_exp:?}, got {:?}",
            r.direct
        ));
    }
    if let Some(i) = &c.interpreted
        && &r.interpreted != i
    {
        errs.push(format!(
            "interpreted: expected {i:?}, got {:?}",
            r.interpreted
        ));
    }
    if let Some(facets) = &c.facets {
        for (facet, values) in facets {
            let Some((_, list)) = r.facets.iter().find(|(n, _)| n == facet) else {
                errs.push(format!("facet {facet} missing"));
                continue;
            };
            for (value, count) in values {
                let got = list.iter().find(|v| &v.value == value).map(|v| v.count);
                if got != Some(*count) {
                    errs.push(format!(
                        "facet {facet}={value}: expected {count}, got {got:?}"
                    ));
                }
            }
        }
    }
    if let Some(s) = &c.snippet_contains
        && !r.hits.iter().any(|h| h.snippet.contains(s.as_str()))
    {
        errs.push(format!(
            "snippet_contains {s:?}: {:?}",
            r.hits.iter().map(|h| &h.snippet).collect::<Vec<_>>()
        ));
    }
    if let Some(s) = &c.snippet_not_contains
        && r.hits.iter().any(|h| h.snippet.contains(s.as_str()))
    {
        errs.push(format!("snippet_not_contains {s:?}"));
    }
    errs
}

#[test]
fn acceptance_queries() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("queries.json")).expect("queries.json parses");
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let index = shared();
    let mut failures = Vec::new();
    for c in &cases {
        let errs = check_case(index, c);
        if !errs.is_empty() {
            failures.push(format!(
                "query {:?} ({}):\n    {}",
                c.q,
                c.note,
                errs.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} acceptance queries failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_is_sane() {
    let docs = corpus();
    assert!((40..=60).contains(&docs.len()));
    let mut seen = HashSet::new();
    for d in &docs {
        assert_eq!(d.id.len(), 8, "{}", d.id);
        assert!(d.id.bytes().all(|b| b.is_ascii_digit()));
        assert!(seen.insert(d.id.clone()), "duplicate {}", d.id);
    }
    assert!(docs.iter().filter(|d| d.lang == "eng").count() >= 2);
    assert!(docs.iter().any(|d| d.lang == "fry"));
}

// ------------------------------------------------------------------ facets

/// Brute-force disjunctive facet counts from the corpus for the documents
/// matched by the query text (taken from an unfiltered search).
fn expected_facets(
    docs: &[SearchDoc],
    matched: &HashSet<String>,
    f: &Filters,
) -> (HashMap<&'static str, HashMap<String, u64>>, usize) {
    fn values(d: &SearchDoc, g: usize) -> Vec<String> {
        match g {
            0 => vec![d.org_code.clone()],
            1 => vec![d.org_type.clone()],
            2 => d.themes.clone(),
            3 => d.status.clone().into_iter().collect(),
            4 => d.publication_category.clone().into_iter().collect(),
            5 => d.impact_codes.clone(),
            6 => d.provider.clone().into_iter().collect(),
            7 => vec![d.standard_version.clone()],
            _ => vec![d.lang.clone()],
        }
    }
    let groups = [
        &f.orgs,
        &f.org_types,
        &f.themes,
        &f.statuses,
        &f.categories,
        &f.impact_codes,
        &f.providers,
        &f.standard_versions,
        &f.langs,
    ];
    let passes = |d: &SearchDoc, g: usize| {
        groups[g].is_empty() || values(d, g).iter().any(|v| groups[g].contains(v))
    };
    let mut out: HashMap<&'static str, HashMap<String, u64>> = HashMap::new();
    for (g, name) in FACET_NAMES.iter().enumerate() {
        let counts = out.entry(name).or_default();
        for d in docs.iter().filter(|d| matched.contains(&d.id)) {
            if (0..9).filter(|&o| o != g).all(|o| passes(d, o)) {
                for v in values(d, g) {
                    *counts.entry(v).or_default() += 1;
                }
            }
        }
    }
    let total = docs
        .iter()
        .filter(|d| matched.contains(&d.id) && (0..9).all(|g| passes(d, g)))
        .count();
    (out, total)
}

#[test]
fn facets_are_disjunctive_and_match_brute_force() {
    let index = shared();
    let docs = corpus();
    let filter_sets = vec![
        Filters::default(),
        Filters {
            themes: vec!["Verkeer".into()],
            ..Default::default()
        },
        Filters {
            themes: vec!["Verkeer".into(), "Wonen".into()],
            statuses: vec!["In gebruik".into()],
            ..Default::default()
        },
        Filters {
            orgs: vec!["gm0363".into(), "gm0599".into()],
            impact_codes: vec!["dpia".into(), "none".into()],
            standard_versions: vec!["1.0".into()],
            ..Default::default()
        },
        Filters {
            org_types: vec!["Gemeente".into()],
            categories: vec!["Impactvolle algoritmes".into()],
            langs: vec!["nld".into()],
            ..Default::default()
        },
        Filters {
            providers: vec!["Civitas Software".into(), "Datalab Noord".into()],
            ..Default::default()
        },
    ];
    for text in [
        "",
        "gemeente",
        "woningen",
        "aanvragen of subsidie",
        "-parkeren",
    ] {
        let matched: HashSet<String> = ids(&all(index, text, Filters::default(), Sort::Relevance))
            .into_iter()
            .collect();
        for f in &filter_sets {
            let r = all(index, text, f.clone(), Sort::Relevance);
            let (expected, total) = expected_facets(&docs, &matched, f);
            assert_eq!(r.facets.len(), FACET_NAMES.len());
            for (name, list) in &r.facets {
                let got: HashMap<String, u64> = list
                    .iter()
                    .filter(|v| v.count > 0)
                    .map(|v| (v.value.clone(), v.count))
                    .collect();
                assert_eq!(
                    &got,
                    &expected[name.as_str()],
                    "facet {name} for {text:?} with {f:?}"
                );
                // Counts descending.
                assert!(list.windows(2).all(|w| w[0].count >= w[1].count));
            }
            assert_eq!(r.total, total, "total for {text:?} with {f:?}");
        }
    }
}

#[test]
fn selected_facet_values_are_listed_with_labels() {
    let r = all(
        shared(),
        "parkeerbelasting",
        Filters {
            orgs: vec!["gm0080".into()],
            ..Default::default()
        },
        Sort::Relevance,
    );
    assert_eq!(r.total, 0);
    let (_, orgs) = &r.facets[0];
    let leeuwarden = orgs
        .iter()
        .find(|v| v.value == "gm0080")
        .expect("selected value listed");
    assert_eq!(leeuwarden.count, 0);
    assert_eq!(leeuwarden.label, "Gemeente Leeuwarden");
    let utrecht = orgs
        .iter()
        .find(|v| v.value == "gm0344")
        .expect("other org counted");
    assert_eq!(
        (utrecht.count, utrecht.label.as_str()),
        (1, "Gemeente Utrecht")
    );
}

// ------------------------------------------------------- sorting and paging

fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'ö' | 'ó' => 'o',
            'é' | 'ë' => 'e',
            'â' => 'a',
            'ú' => 'u',
            c => c,
        })
        .collect()
}

#[test]
fn sort_orders_hold_over_all_results() {
    let index = shared();
    let by_id: HashMap<String, SearchDoc> =
        corpus().into_iter().map(|d| (d.id.clone(), d)).collect();
    for text in ["", "aanvragen", "gemeente"] {
        let r = all(index, text, Filters::default(), Sort::Newest);
        assert!(
            r.hits
                .windows(2)
                .all(|w| w[0].published_at >= w[1].published_at)
        );
        let r = all(index, text, Filters::default(), Sort::Name);
        let names: Vec<String> = r.hits.iter().map(|h| fold(&by_id[&h.id].name)).collect();
        for w in names.windows(2) {
            assert!(w[0] <= w[1], "{:?} before {:?}", w[0], w[1]);
        }
    }
    // Relevance: scores never increase down the list (beyond the tie band).
    let r = all(
        index,
        "aanvragen subsidie",
        Filters::default(),
        Sort::Relevance,
    );
    assert!(r.total > 1);
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score * 0.99));
}

#[test]
fn paging_is_consistent() {
    let index = shared();
    let page = |p: usize, size: usize| {
        let r = index
            .search(&SearchQuery {
                text: String::new(),
                page: p,
                page_size: size,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r.total, corpus().len());
        ids(&r)
    };
    let first10 = page(1, 10);
    let mut two = page(1, 5);
    two.extend(page(2, 5));
    assert_eq!(first10, two);
    assert_eq!(page(6, 10).len(), 2);
    assert!(page(7, 10).is_empty());
    // page 0 reads as 1, page_size 0 as 1, huge page sizes are capped.
    assert_eq!(page(0, 10), first10);
    assert_eq!(page(1, 0).len(), 1);
    assert_eq!(page(1, 1_000_000).len(), corpus().len());
    // Beyond the result window: a typed error, not a panic.
    let err = index
        .search(&SearchQuery {
            page: 1_000_000,
            ..Default::default()
        })
        .unwrap_err();
    assert!(matches!(err, SearchError::InvalidQuery(_)), "{err}");
    let err = index
        .search(&SearchQuery {
            page: usize::MAX,
            page_size: usize::MAX,
            ..Default::default()
        })
        .unwrap_err();
    assert!(matches!(err, SearchError::InvalidQuery(_)), "{err}");
}

// ---------------------------------------------------------------- snippets

#[test]
fn snippets_are_escaped_html_with_marks() {
    let r = all(
        shared(),
        "parkeerbelasting",
        Filters::default(),
        Sort::Relevance,
    );
    for h in &r.hits {
        assert!(h.snippet.contains("<mark>"), "{}", h.snippet);
        let stripped = h.snippet.replace("<mark>", "").replace("</mark>", "");
        assert!(
            !stripped.contains('<') && !stripped.contains('>'),
            "{}",
            h.snippet
        );
    }
    // Without query text: the start of the summary, escaped, no marks.
    let r = all(shared(), "11000033", Filters::default(), Sort::Relevance);
    assert_eq!(r.hits.len(), 1);
    assert!(!r.hits[0].snippet.contains("<mark>"));
}

// ------------------------------------------------------------- suggestions

#[test]
fn suggestions_by_prefix() {
    let index = shared();
    let s = index.suggest("parkeer", 10);
    let algo_ids: Vec<&str> = s
        .iter()
        .filter(|s| s.kind == SuggestionKind::Algorithm)
        .filter_map(|s| s.id.as_deref())
        .collect();
    assert!(algo_ids.contains(&"11000001"), "{s:?}");
    assert!(
        algo_ids.contains(&"11000003"),
        "word inside the name: {s:?}"
    );
    // Names starting with the prefix come before names containing it.
    assert_eq!(algo_ids[0], "11000001");

    let s = index.suggest("gemeente rot", 5);
    assert!(
        s.iter().any(|s| s.kind == SuggestionKind::Organisation
            && s.id.as_deref() == Some("gm0599")
            && s.text == "Gemeente Rotterdam"),
        "{s:?}"
    );

    let s = index.suggest("brp", 5);
    assert_eq!(s[0].kind, SuggestionKind::Abbreviation, "{s:?}");
    assert_eq!(s[0].text, "BRP");
    assert!(
        s[0].detail
            .as_deref()
            .unwrap()
            .contains("Basisregistratie Personen")
    );

    let s = index.suggest("Basisreg", 5);
    assert!(
        s.iter()
            .any(|s| s.kind == SuggestionKind::Abbreviation && s.text == "BRP"),
        "{s:?}"
    );

    let s = index.suggest("coörd", 5);
    assert!(
        s.iter().any(|s| s.id.as_deref() == Some("11000020")),
        "{s:?}"
    );

    let s = index.suggest("1100002", 20);
    assert_eq!(
        s.iter()
            .filter(|s| s.kind == SuggestionKind::Algorithm)
            .count(),
        10,
        "ID prefix: {s:?}"
    );

    assert_eq!(index.suggest("a", 3).len(), 3);
    assert!(index.suggest("", 10).is_empty());
    assert!(index.suggest("   ", 10).is_empty());
    assert!(index.suggest("zzzzqqq", 10).is_empty());
    assert!(index.suggest("\"-", 10).is_empty());
}

// ----------------------------------------------------------------- similar

#[test]
fn similar_descriptions() {
    let index = shared();
    let s = index.similar("11000002", 5);
    let got: Vec<&str> = s.iter().map(|h| h.id.as_str()).collect();
    assert!(!got.contains(&"11000002"), "never itself");
    assert!(
        got.contains(&"11000003"),
        "parking enforcement is similar: {got:?}"
    );
    assert!(s.len() <= 5);
    let s = index.similar("11000007", 3);
    assert_eq!(s.first().map(|h| h.id.as_str()), Some("11000008"), "{s:?}");
    assert!(index.similar("99999999", 5).is_empty());
    assert!(index.similar("", 5).is_empty());
    assert!(index.similar("11000002", 0).is_empty());
}

// ------------------------------------------------------------------ writes

fn doc(id: &str, name: &str, summary: &str, org: &str) -> SearchDoc {
    SearchDoc {
        id: id.into(),
        org_code: org.into(),
        org_name: format!("Organisatie {org}"),
        org_type: "Gemeente".into(),
        name: name.into(),
        summary: summary.into(),
        tags: String::new(),
        provider: None,
        texts: vec![],
        themes: vec!["Verkeer".into()],
        status: Some("In gebruik".into()),
        publication_category: None,
        impact_codes: vec!["none".into()],
        standard_version: "1.0".into(),
        lang: "nld".into(),
        published_at: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
    }
}

#[test]
fn upsert_and_remove_are_visible_immediately() {
    let index = SearchIndex::in_memory().unwrap();
    index.rebuild(corpus().into_iter()).unwrap();
    let n = index.len();
    assert_eq!(
        index
            .search(&SearchQuery::new("fietsenstalling"))
            .unwrap()
            .total,
        0
    );

    index
        .upsert(&[doc(
            "12000001",
            "Fietsenstalling bezetting",
            "Telt fietsen.",
            "gm9999",
        )])
        .unwrap();
    assert_eq!(index.len(), n + 1);
    let r = index.search(&SearchQuery::new("fietsenstalling")).unwrap();
    assert_eq!(ids(&r), ["12000001"]);
    assert!(
        index
            .suggest("fietsen", 5)
            .iter()
            .any(|s| s.id.as_deref() == Some("12000001"))
    );
    assert!(
        index
            .suggest("organisatie gm", 5)
            .iter()
            .any(|s| s.id.as_deref() == Some("gm9999"))
    );
    let r = index.search(&SearchQuery::new("gm9999")).unwrap();
    assert_eq!(r.direct, Some(Direct::Organisation("gm9999".into())));

    // Replacing by id: the old text is gone, the new one found.
    index
        .upsert(&[doc(
            "12000001",
            "Fietsparkeren drukte",
            "Telt fietsen.",
            "gm9999",
        )])
        .unwrap();
    assert_eq!(index.len(), n + 1);
    assert_eq!(
        index
            .search(&SearchQuery::new("fietsenstalling"))
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        index
            .search(&SearchQuery::new("fietsparkeren"))
            .unwrap()
            .total,
        1
    );

    // Facets follow.
    let r = index.search(&SearchQuery::new("")).unwrap();
    let orgs = &r.facets[0].1;
    assert_eq!(
        orgs.iter().find(|v| v.value == "gm9999").map(|v| v.count),
        Some(1)
    );

    index
        .remove(&["12000001".to_string(), "does-not-exist".to_string()])
        .unwrap();
    assert_eq!(index.len(), n);
    assert_eq!(
        index
            .search(&SearchQuery::new("fietsparkeren"))
            .unwrap()
            .total,
        0
    );
    let r = index.search(&SearchQuery::new("")).unwrap();
    assert!(!r.facets[0].1.iter().any(|v| v.value == "gm9999"));
    assert!(index.suggest("fietsen", 5).is_empty());
    assert_eq!(
        index.search(&SearchQuery::new("gm9999")).unwrap().direct,
        None
    );

    // A removed corpus document disappears too.
    index.remove(&["11000003".to_string()]).unwrap();
    let r = index.search(&SearchQuery::new("parkeerbelasting")).unwrap();
    assert_eq!(ids(&r), ["11000002"]);
    assert!(index.similar("11000003", 5).is_empty());

    // Bad documents are refused as a whole.
    let err = index.upsert(&[doc(" ", "x", "y", "gm1")]).unwrap_err();
    assert!(matches!(err, SearchError::InvalidDocument(_)));
    assert_eq!(index.len(), n - 1);
    index.upsert(&[]).unwrap();
    index.remove(&[]).unwrap();
}

#[test]
fn rebuild_is_idempotent_and_replaces_everything() {
    let index = SearchIndex::in_memory().unwrap();
    assert!(index.is_empty());
    index
        .upsert(&[doc("13000001", "Tijdelijk", "Weg na rebuild.", "gm1")])
        .unwrap();
    let snapshot = |index: &SearchIndex| {
        ["", "parkeerbelasting", "BRP", "huurwoningen", "gm0599"]
            .iter()
            .map(|q| {
                let r = all(index, q, Filters::default(), Sort::Relevance);
                (ids(&r), r.facets)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(index.rebuild(corpus().into_iter()).unwrap(), corpus().len());
    let first = snapshot(&index);
    assert_eq!(index.len(), corpus().len());
    assert_eq!(index.rebuild(corpus().into_iter()).unwrap(), corpus().len());
    assert_eq!(index.len(), corpus().len());
    assert_eq!(snapshot(&index), first);
    assert_eq!(
        index.search(&SearchQuery::new("tijdelijk")).unwrap().total,
        0
    );

    // Duplicate ids in a rebuild: the last one wins; empty ids are skipped.
    let mut docs = corpus();
    let mut dup = docs[0].clone();
    dup.name = "Vervangen naam".into();
    docs.push(dup);
    docs.push(doc("", "zonder id", "x", "gm1"));
    assert_eq!(index.rebuild(docs.into_iter()).unwrap(), corpus().len());
    assert_eq!(index.len(), corpus().len());
    let r = index.search(&SearchQuery::new("11000001")).unwrap();
    assert_eq!(r.hits[0].name, "Vervangen naam");

    assert_eq!(index.rebuild(std::iter::empty()).unwrap(), 0);
    assert!(index.is_empty());
    assert_eq!(index.search(&SearchQuery::new("")).unwrap().total, 0);
}

#[test]
fn results_do_not_depend_on_segment_layout() {
    // Documents land in segments depending on indexing threads and batch
    // order; results (including order) must not.
    let queries = [
        "huurwoningen -\"sociale huurwoningen\"",
        "\"sociale huurwoningen\" toewijzing",
        "brp adresonderzoek",
        "\"basisregistratie personen\" -kinderbijslag",
        "aanvragen -\"subsidie voor\"",
        "parkeerbelasting of \"wet maatschappelijke ondersteuning\"",
        "",
        "aanvragen",
    ];
    let mut reference: Option<Vec<Vec<String>>> = None;
    for rotation in [0, 7, 19, 33, 51] {
        let index = SearchIndex::in_memory().unwrap();
        let mut docs = corpus();
        docs.rotate_left(rotation);
        // Several commits: several segments.
        let (a, b) = docs.split_at(docs.len() / 2);
        index.rebuild(a.iter().cloned()).unwrap();
        for chunk in b.chunks(9) {
            index.upsert(chunk).unwrap();
        }
        assert_eq!(index.len(), corpus().len());
        let got: Vec<Vec<String>> = queries
            .iter()
            .flat_map(|q| {
                [Sort::Relevance, Sort::Newest, Sort::Name]
                    .map(|sort| ids(&all(&index, q, Filters::default(), sort)))
            })
            .collect();
        match &reference {
            None => reference = Some(got),
            Some(r) => assert_eq!(&got, r, "rotation {rotation}"),
        }
    }
}

#[test]
fn reopen_from_disk_keeps_documents_and_meta() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    {
        let index = SearchIndex::open(&path).unwrap();
        assert!(index.is_empty());
        assert_eq!(index.meta("changelog"), None);
        index.rebuild(corpus().into_iter()).unwrap();
        index.set_meta("changelog", "1234").unwrap();
        index.set_meta("built_by", "tests").unwrap();
        index.set_meta("changelog", "1250").unwrap();
        assert_eq!(index.meta("changelog").as_deref(), Some("1250"));

        // One writer per directory.
        match SearchIndex::open(&path) {
            Err(SearchError::Locked(_)) => {}
            other => panic!("expected Locked, got {other:?}"),
        }
    }
    let index = SearchIndex::open(&path).unwrap();
    assert_eq!(index.len(), corpus().len());
    assert_eq!(index.meta("changelog").as_deref(), Some("1250"));
    assert_eq!(index.meta("built_by").as_deref(), Some("tests"));
    let r = index.search(&SearchQuery::new("parkeerbelsting")).unwrap();
    assert_eq!(
        r.correction.map(|c| c.corrected).as_deref(),
        Some("parkeerbelasting")
    );
    assert_eq!(r.total, 2);
    let r = index.search(&SearchQuery::new("")).unwrap();
    assert_eq!(r.facets[2].1.iter().map(|v| v.count).sum::<u64>(), 59);
    assert!(!index.suggest("parkeer", 5).is_empty());
    // Writes after reopening work and persist.
    index.remove(&["11000001".to_string()]).unwrap();
    drop(index);
    let index = SearchIndex::open(&path).unwrap();
    assert_eq!(index.len(), corpus().len() - 1);
    assert_eq!(index.meta("changelog").as_deref(), Some("1250"));
}

#[test]
fn an_index_with_another_schema_is_recreated_empty() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut b = tantivy::schema::Schema::builder();
        let f = b.add_text_field("something_else", tantivy::schema::TEXT);
        let index = tantivy::Index::create_in_dir(dir.path(), b.build()).unwrap();
        let mut w: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        w.add_document(tantivy::doc!(f => "old")).unwrap();
        w.commit().unwrap();
    }
    std::fs::write(dir.path().join("keep-me.txt"), "not an index file").unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    assert!(index.is_empty());
    assert_eq!(index.meta("changelog"), None);
    index.rebuild(corpus().into_iter()).unwrap();
    assert_eq!(index.len(), corpus().len());
    assert!(
        dir.path().join("keep-me.txt").exists(),
        "only index files are removed"
    );
}

#[test]
fn an_unusable_index_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    assert!(SearchIndex::open(&file).is_err());
}

// --------------------------------------------------------------- bad input

#[test]
fn bad_input_never_panics() {
    let index = shared();
    let long_words = "parkeerbelasting ".repeat(600);
    let long_blob = "x".repeat(10_000);
    let nasty: Vec<String> = vec![
        long_words.clone(),
        long_blob,
        "\"".repeat(1000),
        "-".repeat(1000),
        "of ".repeat(3000),
        "\u{0}\u{1}\u{2}\u{1b}[0m\r\n\t".into(),
        "🙂🙃 parkeren 🙂".into(),
        "\u{202e}gninraw".into(),
        "((()))\"\"-\"\" or - of |".into(),
        "a\u{301}\u{301}\u{301}".into(),
        "*?~^:!{}[]\\/".into(),
        "-\"\"".into(),
        "\"-parkeren\"".into(),
        "parkeren -parkeren".into(),
        "ÅÄÖ ß ŀ ﬁ".into(),
        "99999999 gm0000 gm".into(),
        "\u{FEFF}parkeerbelasting".into(),
        "parkeerbelasting\u{200B}".into(),
    ];
    for q in &nasty {
        for sort in [Sort::Relevance, Sort::Newest, Sort::Name] {
            let r = index
                .search(&SearchQuery {
                    text: q.clone(),
                    sort,
                    ..Default::default()
                })
                .unwrap_or_else(|e| panic!("{q:?}: {e}"));
            assert!(r.interpreted.chars().count() <= 600, "{q:?}");
            assert!(r.hits.len() <= 10);
        }
        let _ = index.suggest(q, 10);
        let _ = index.similar(q, 10);
    }
    // A very long query is read up to the caps and still finds things.
    let r = index.search(&SearchQuery::new(long_words)).unwrap();
    assert_eq!(r.total, 2);
    // "parkeren -parkeren" contradicts itself: nothing.
    assert_eq!(
        index
            .search(&SearchQuery::new("parkeren -parkeren"))
            .unwrap()
            .total,
        0
    );
    // Zero-width/BOM characters do not hide a word.
    assert_eq!(
        index
            .search(&SearchQuery::new("\u{FEFF}parkeerbelasting"))
            .unwrap()
            .total,
        2
    );
    // Unknown filter values: no results, but facets still tell what exists.
    let r = all(
        index,
        "",
        Filters {
            themes: vec!["Bestaat niet".into()],
            ..Default::default()
        },
        Sort::Relevance,
    );
    assert_eq!(r.total, 0);
    assert!(
        r.facets[2]
            .1
            .iter()
            .any(|v| v.value == "Verkeer" && v.count == 6)
    );
}

#[test]
fn concurrent_searches_and_writes() {
    let index = std::sync::Arc::new(SearchIndex::in_memory().unwrap());
    index.rebuild(corpus().into_iter()).unwrap();
    let readers: Vec<_> = (0..4)
        .map(|t| {
            let index = index.clone();
            std::thread::spawn(move || {
                for i in 0..50 {
                    let q = ["parkeerbelasting", "BRP", "", "huurwonigen", "gm0599"][(i + t) % 5];
                    let r = index.search(&SearchQuery::new(q)).unwrap();
                    assert!(r.total > 0, "{q}");
                }
            })
        })
        .collect();
    for i in 0..10 {
        index
            .upsert(&[doc(
                &format!("140000{i:02}"),
                "Extra",
                "Tijdelijk extra.",
                "gm2",
            )])
            .unwrap();
    }
    for r in readers {
        r.join().unwrap();
    }
    assert_eq!(index.len(), corpus().len() + 10);
}

// ----------------------------------------------------------------- synonyms

#[test]
fn synonyms_are_published_for_the_help_page() {
    let s = synonyms();
    assert!(s.len() >= 40);
    let brp = s.iter().find(|(a, _)| a == "BRP").expect("BRP");
    assert!(brp.1.iter().any(|e| e == "Basisregistratie Personen"));
    assert!(
        s.iter()
            .any(|(a, e)| a == "AVG" && e.iter().any(|x| x.contains("gegevensbescherming")))
    );
}

// -------------------------------------------------------------------- scale

fn synthetic(i: usize) -> SearchDoc {
    const WORDS: &[&str] = &[
        "parkeren",
        "vergunning",
        "uitkering",
        "toeslag",
        "afval",
        "woning",
        "zorg",
        "jeugd",
        "belasting",
        "subsidie",
        "handhaving",
        "onderwijs",
        "verkeer",
        "water",
        "energie",
        "risico",
        "selectie",
        "controle",
        "planning",
        "voorspelling",
        "signalering",
        "advies",
    ];
    const THEMES: &[&str] = &[
        "Verkeer",
        "Wonen",
        "Zorg en gezondheid",
        "Belasting",
        "Onderwijs",
    ];
    const STATUSES: &[&str] = &["In gebruik", "In ontwikkeling", "Buiten gebruik"];
    let w = |k: usize| WORDS[(i * 7 + k * 13) % WORDS.len()];
    SearchDoc {
        id: format!("{:08}", 20_000_000 + i),
        org_code: format!("gm{:04}", i % 350),
        org_name: format!("Gemeente Synthetisch {}", i % 350),
        org_type: ["Gemeente", "Provincie", "Waterschap"][i % 3].into(),
        name: format!("{} {} {}", w(0), w(1), i),
        summary: format!("Algoritme voor {} en {} bij {}.", w(2), w(3), w(4)),
        tags: w(5).into(),
        provider: i
            .is_multiple_of(4)
            .then(|| format!("Leverancier {}", i % 20)),
        texts: vec![
            format!("Doel: {} {} {} {}.", w(6), w(7), w(8), w(9)),
            format!("Risico's: {} en {}.", w(10), w(11)),
        ],
        themes: vec![
            THEMES[i % THEMES.len()].into(),
            THEMES[(i / 5) % THEMES.len()].into(),
        ],
        status: Some(STATUSES[i % 3].into()),
        publication_category: Some(["Impactvolle algoritmes", "Overige algoritmes"][i % 2].into()),
        impact_codes: vec![["dpia", "iama", "other", "none"][i % 4].into()],
        standard_version: ["1.0", "0.4"][i % 2].into(),
        lang: ["nld", "nld", "nld", "eng", "fry"][i % 5].into(),
        published_at: Utc
            .timestamp_opt(1_600_000_000 + (i as i64) * 3_600, 0)
            .unwrap(),
    }
}

#[test]
fn twenty_thousand_documents_index_and_search_with_facets() {
    let index = SearchIndex::in_memory().unwrap();
    let n = index.rebuild((0..20_000).map(synthetic)).unwrap();
    assert_eq!(n, 20_000);
    assert_eq!(index.len(), 20_000);
    let r = index
        .search(&SearchQuery {
            text: "parkeren of belasting".into(),
            filters: Filters {
                themes: vec!["Verkeer".into()],
                statuses: vec!["In gebruik".into()],
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert!(r.total > 0);
    assert_eq!(r.hits.len(), 10);
    // 350 organisations: the facet lists the top DEFAULT_FACET_LIMIT...
    assert_eq!(r.facets[0].1.len(), algoreg_search::DEFAULT_FACET_LIMIT);
    let r = index.search(&SearchQuery::new("")).unwrap();
    assert_eq!(r.total, 20_000);
    let orgs = &r.facets[0].1;
    assert!(orgs.windows(2).all(|w| w[0].count >= w[1].count));
    assert_eq!(orgs[0].count, 58); // gm0000..gm0049 have 58 docs, the rest 57
    // ...unless asked for all.
    index.set_facet_limit(0);
    let r = index.search(&SearchQuery::new("")).unwrap();
    assert_eq!(r.facets[0].1.len(), 350);
    assert_eq!(r.facets[0].1.iter().map(|v| v.count).sum::<u64>(), 20_000);
    let themes: u64 = r.facets[2].1.iter().map(|v| v.count).sum();
    assert!(themes >= 20_000);
    let r = index.search(&SearchQuery::new("handhavnig")).unwrap();
    assert_eq!(
        r.correction.map(|c| c.corrected).as_deref(),
        Some("handhaving")
    );
    assert!(!index.suggest("gemeente synth", 10).is_empty());
}
