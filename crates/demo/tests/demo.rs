//! Integration tests of the demo generator: determinism, identifiers, limits of the standard, version
//! histories, distributions and realism.

use std::collections::{BTreeMap, HashMap, HashSet};

use algoreg_demo::{
    DemoConfig, DemoDescription, DemoOrg, THEMES_V0_4, THEMES_V1_0, generate, sample_orgs,
    stripped_len,
};
use algoreg_domain::{AlgorithmId, OrgType, VersionState};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-15T12:00:00Z")
        .unwrap()
        .to_utc()
}

fn cfg(count: usize, seed: u64) -> DemoConfig {
    DemoConfig {
        count,
        seed,
        now: now(),
    }
}

fn run(count: usize, seed: u64) -> Vec<DemoDescription> {
    generate(&cfg(count, seed), &sample_orgs()).collect()
}

fn as_json(d: &DemoDescription) -> String {
    serde_json::to_string(d).unwrap()
}

fn str_of<'a>(doc: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    doc.get(key).and_then(Value::as_str)
}

// ------------------------------------------------------------------------------------ determinism

#[test]
fn same_seed_gives_identical_output_and_other_seeds_differ() {
    let a: Vec<String> = run(300, 11).iter().map(as_json).collect();
    let b: Vec<String> = run(300, 11).iter().map(as_json).collect();
    assert_eq!(a, b);
    let c: Vec<String> = run(300, 12).iter().map(as_json).collect();
    let same = a.iter().zip(&c).filter(|(x, y)| x == y).count();
    assert_eq!(
        same, 0,
        "different seeds should give different descriptions"
    );
}

#[test]
fn an_item_does_not_depend_on_the_count_or_on_earlier_items() {
    let small = run(40, 5);
    let big: Vec<DemoDescription> = generate(&cfg(1000, 5), &sample_orgs()).take(40).collect();
    assert_eq!(small, big);
    let tenth = generate(&cfg(1000, 5), &sample_orgs()).nth(9).unwrap();
    assert_eq!(tenth, small[9]);
}

#[test]
fn the_iterator_is_lazy_and_sized() {
    let it = generate(&cfg(100_000, 1), &sample_orgs());
    assert_eq!(it.size_hint(), (100_000, Some(100_000)));
    assert_eq!(it.take(3).count(), 3);
    // Capped at the number of possible IDs.
    let huge = generate(&cfg(usize::MAX, 1), &sample_orgs());
    assert_eq!(huge.size_hint().0, 4_782_969);
}

#[test]
fn empty_organisation_list_falls_back_to_the_sample() {
    let with: Vec<DemoDescription> = generate(&cfg(20, 3), &sample_orgs()).collect();
    let without: Vec<DemoDescription> = generate(&cfg(20, 3), &[]).collect();
    assert_eq!(with, without);
}

// ------------------------------------------------------------------------------------ identifiers

#[test]
fn ids_are_unique_and_valid_for_20000_items() {
    let mut seen = HashSet::new();
    for d in generate(&cfg(20_000, 99), &sample_orgs()) {
        let s = d.id.as_string();
        assert_eq!(AlgorithmId::parse(&s), Ok(d.id), "{s}");
        assert!(s.as_bytes()[..7].iter().all(|b| (b'1'..=b'9').contains(b)));
        assert!(seen.insert(s.clone()), "duplicate ID {s}");
        for v in &d.versions {
            assert_eq!(str_of(&v.document, "lars"), Some(s.as_str()));
        }
    }
    assert_eq!(seen.len(), 20_000);
}

// ------------------------------------------------------------------------------------ limits

const KEYS_1_0: &[&str] = &[
    "name",
    "description_short",
    "organization",
    "category",
    "status",
    "begin_date",
    "end_date",
    "contact_email",
    "website",
    "publication_category",
    "url",
    "goal",
    "proportionality",
    "human_intervention",
    "risks",
    "lawful_basis",
    "lawful_basis_grouping",
    "process_index_url",
    "impacttoetsen_grouping",
    "impacttoetsen",
    "source_data",
    "source_data_grouping",
    "methods_and_models",
    "provider",
    "publiccode",
    "lang",
    "standard_version",
    "source_id",
    "tags",
    "lars",
];
const REQUIRED_1_0: &[&str] = &[
    "name",
    "description_short",
    "organization",
    "status",
    "contact_email",
    "publication_category",
    "lang",
];
const KEYS_0_4: &[&str] = &[
    "name",
    "organization",
    "description_short",
    "type",
    "category",
    "website",
    "status",
    "begin_date",
    "end_date",
    "goal",
    "proportionality",
    "provider",
    "lawful_basis",
    "lawful_basis_link",
    "impacttoetsen",
    "iama_description",
    "url",
    "contact_email",
    "lang",
    "standard_version",
    "uuid",
    "source_id",
    "tags",
    "source_data",
    "source_data_link",
    "methods_and_models",
    "publiccode",
    "human_intervention",
    "risks",
    "lars",
];
const STATUSES: &[&str] = &["In ontwikkeling", "In gebruik", "Buiten gebruik"];
const PUB_CATS: &[&str] = &[
    "Hoog-risico AI-systeem",
    "Impactvolle algoritmes",
    "Overige algoritmes",
];

/// Plain-text limits (1.0).
const PLAIN_1_0: &[(&str, usize)] = &[
    ("name", 100),
    ("description_short", 400),
    ("organization", 100),
    ("contact_email", 500),
    ("website", 500),
    ("url", 500),
    ("process_index_url", 500),
    ("provider", 200),
    ("publiccode", 500),
    ("source_id", 100),
    ("tags", 2500),
];
const RICH_1_0: &[(&str, usize)] = &[
    ("goal", 2500),
    ("proportionality", 2500),
    ("human_intervention", 2500),
    ("risks", 2500),
    ("lawful_basis", 2500),
    ("impacttoetsen", 2500),
    ("source_data", 2500),
    ("methods_and_models", 5000),
];
const PLAIN_0_4: &[(&str, usize)] = &[
    ("name", 100),
    ("description_short", 250),
    ("organization", 250),
    ("website", 500),
    ("provider", 200),
    ("lawful_basis_link", 500),
    ("url", 500),
    ("contact_email", 500),
    ("source_id", 100),
    ("tags", 2500),
    ("source_data_link", 500),
    ("publiccode", 500),
];
const RICH_0_4: &[(&str, usize)] = &[
    ("goal", 2500),
    ("proportionality", 2500),
    ("lawful_basis", 2500),
    ("iama_description", 500),
    ("source_data", 5000),
    ("methods_and_models", 5000),
    ("human_intervention", 2500),
    ("risks", 2500),
];
const URL_KEYS: &[&str] = &[
    "website",
    "url",
    "process_index_url",
    "publiccode",
    "lawful_basis_link",
    "source_data_link",
];

fn only_allowed_tags(html: &str) -> bool {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>') else {
            return false;
        };
        let tag = rest[i + 1..i + j].trim_start_matches('/');
        if !["p", "ul", "ol", "li", "br", "br/"].contains(&tag) {
            return false;
        }
        rest = &rest[i + j + 1..];
    }
    !rest.contains('>')
}

fn is_month(s: &str) -> bool {
    s.len() == 7
        && s.as_bytes()[4] == b'-'
        && s[..4]
            .parse::<u32>()
            .is_ok_and(|y| (1990..=2100).contains(&y))
        && s[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
}

fn is_https(s: &str) -> bool {
    s.starts_with("https://") && !s.contains(' ') && s.len() > 12
}

fn check_plain(doc: &Map<String, Value>, limits: &[(&str, usize)]) {
    for (k, max) in limits {
        if let Some(v) = doc.get(*k) {
            let s = v.as_str().unwrap_or_else(|| panic!("{k} is not a string"));
            assert!(!s.is_empty(), "{k} is empty");
            assert!(!s.contains(['<', '>']), "{k} has markup: {s}");
            assert!(
                s.chars().count() <= *max,
                "{k} too long ({}): {s}",
                s.chars().count()
            );
        }
    }
}

fn check_rich(doc: &Map<String, Value>, limits: &[(&str, usize)]) {
    for (k, max) in limits {
        if let Some(v) = doc.get(*k) {
            let s = v.as_str().unwrap_or_else(|| panic!("{k} is not a string"));
            assert!(only_allowed_tags(s), "{k} has other tags: {s}");
            let n = stripped_len(s);
            assert!(n > 0 && n <= *max, "{k}: {n} characters");
        }
    }
}

fn check_dates(doc: &Map<String, Value>) {
    let begin = str_of(doc, "begin_date");
    let end = str_of(doc, "end_date");
    for d in [begin, end].into_iter().flatten() {
        assert!(is_month(d), "not a month: {d}");
        assert!(d <= "2026-11", "month after now: {d}");
    }
    if let (Some(b), Some(e)) = (begin, end) {
        assert!(e >= b, "end {e} before begin {b}");
    }
    match str_of(doc, "status") {
        Some("Buiten gebruik") => assert!(end.is_some(), "out of use without end date"),
        Some(_) => assert!(end.is_none(), "end date while not out of use"),
        None => panic!("no status"),
    }
}

fn check_1_0(doc: &Map<String, Value>, org_name: &str) {
    for k in doc.keys() {
        assert!(KEYS_1_0.contains(&k.as_str()), "unknown 1.0 key {k}");
    }
    for k in REQUIRED_1_0 {
        assert!(doc.contains_key(*k), "missing {k}");
    }
    assert!(!doc.contains_key("publication_dt"));
    assert_eq!(str_of(doc, "standard_version"), Some("1.0"));
    assert_eq!(str_of(doc, "lang"), Some("nld"));
    assert_eq!(str_of(doc, "organization"), Some(org_name));
    check_plain(doc, PLAIN_1_0);
    check_rich(doc, RICH_1_0);
    check_dates(doc);
    assert!(STATUSES.contains(&str_of(doc, "status").unwrap()));
    assert!(PUB_CATS.contains(&str_of(doc, "publication_category").unwrap()));
    let cats = doc["category"].as_array().unwrap();
    assert!((1..=3).contains(&cats.len()));
    for c in cats {
        assert!(THEMES_V1_0.contains(&c.as_str().unwrap()), "{c}");
    }
    for key in ["lawful_basis_grouping", "source_data_grouping"] {
        if let Some(v) = doc.get(key) {
            let items = v.as_array().unwrap();
            assert!(!items.is_empty());
            for it in items {
                let t = it["title"].as_str().unwrap();
                let l = it["link"].as_str().unwrap();
                assert!(
                    !t.is_empty()
                        && t.chars().count()
                            <= if key == "lawful_basis_grouping" {
                                100
                            } else {
                                500
                            }
                );
                assert!(is_https(l) && l.len() <= 500, "{l}");
            }
        }
    }
    if let Some(v) = doc.get("impacttoetsen_grouping") {
        for it in v.as_array().unwrap() {
            assert!(!it["title"].as_str().unwrap().is_empty());
            if let Some(l) = it.get("link") {
                assert!(is_https(l.as_str().unwrap()));
            }
        }
    }
    check_contact(str_of(doc, "contact_email").unwrap());
}

fn check_0_4(doc: &Map<String, Value>, org_name: &str) {
    for k in doc.keys() {
        assert!(KEYS_0_4.contains(&k.as_str()), "unknown 0.4 key {k}");
    }
    assert_eq!(str_of(doc, "standard_version"), Some("0.4"));
    assert_eq!(str_of(doc, "organization"), Some(org_name));
    assert!(matches!(str_of(doc, "type"), Some("Ja" | "Nee")));
    check_plain(doc, PLAIN_0_4);
    check_rich(doc, RICH_0_4);
    check_dates(doc);
    for c in doc["category"].as_array().unwrap() {
        assert!(THEMES_V0_4.contains(&c.as_str().unwrap()), "{c}");
    }
    if let Some(list) = doc.get("impacttoetsen") {
        let list = list.as_array().unwrap();
        assert!(!list.is_empty());
        assert!(list.iter().all(Value::is_string));
    }
    check_contact(str_of(doc, "contact_email").unwrap());
}

fn check_contact(c: &str) {
    if c.starts_with("https://") {
        assert!(is_https(c));
    } else {
        let (local, domain) = c
            .split_once('@')
            .unwrap_or_else(|| panic!("not an address: {c}"));
        assert!(
            !local.is_empty() && domain.contains('.') && !c.contains(' '),
            "{c}"
        );
    }
}

#[test]
fn documents_respect_the_standard_for_2000_items() {
    let orgs = sample_orgs();
    let names: HashMap<_, _> = orgs
        .iter()
        .map(|o| (o.code.clone(), o.name.clone()))
        .collect();
    for d in generate(&cfg(2000, 2024), &orgs) {
        let org_name = &names[&d.org];
        for v in &d.versions {
            let doc = &v.document;
            for k in URL_KEYS {
                if let Some(u) = str_of(doc, k) {
                    assert!(is_https(u), "{k}: {u}");
                }
            }
            match str_of(doc, "standard_version") {
                Some("1.0") => check_1_0(doc, org_name),
                Some("0.4") => check_0_4(doc, org_name),
                other => panic!("unexpected standard version {other:?}"),
            }
        }
        // All versions of a description use the same standard.
        let first = str_of(&d.versions[0].document, "standard_version");
        assert!(
            d.versions
                .iter()
                .all(|v| str_of(&v.document, "standard_version") == first)
        );
    }
}

// ------------------------------------------------------------------------------------ histories

#[test]
fn version_histories_are_consistent() {
    let start = DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    for d in generate(&cfg(3000, 77), &sample_orgs()) {
        let vs = &d.versions;
        assert!((1..=4).contains(&vs.len()), "{} versions", vs.len());
        assert_eq!(d.created_at, vs[0].created_at);
        assert!(
            vs.iter()
                .filter(|v| v.state == VersionState::Published)
                .count()
                <= 1
        );
        let mut last = start - chrono::Duration::seconds(1);
        for (i, v) in vs.iter().enumerate() {
            assert!(v.created_at > last, "created_at not increasing");
            assert!(v.created_at >= start && v.state_changed_at <= now());
            assert!(v.created_at < v.state_changed_at);
            assert!(!v.author_name.trim().is_empty() && v.author_name.contains(' '));
            if let Some(p) = v.published_at {
                assert!(p > v.created_at && p <= v.state_changed_at);
                last = p;
            } else {
                last = v.state_changed_at;
            }
            match v.state {
                VersionState::Superseded => {
                    let (p, s) = (
                        v.published_at.expect("published_at"),
                        v.superseded_at.expect("superseded_at"),
                    );
                    assert!(s > p);
                    assert_eq!(
                        Some(s),
                        vs[i + 1].published_at,
                        "superseded when the next was published"
                    );
                    assert_eq!(v.state_changed_at, s);
                }
                VersionState::Published => {
                    assert_eq!(v.published_at, Some(v.state_changed_at));
                    assert!(v.superseded_at.is_none());
                    // Only a work-in-progress version may follow it.
                    for w in &vs[i + 1..] {
                        assert!(
                            w.state.is_work_in_progress(),
                            "{:?} after published",
                            w.state
                        );
                    }
                }
                VersionState::Rejected | VersionState::Retracted => {
                    assert!(v.state_reason.as_deref().is_some_and(|r| r.len() > 10));
                    assert_eq!(i, vs.len() - 1, "rejected or retracted only on top");
                }
                VersionState::Draft | VersionState::Submitted | VersionState::Archived => {
                    assert!(v.state_reason.is_none());
                    assert_eq!(i, vs.len() - 1, "{:?} only on top", v.state);
                    if v.state != VersionState::Archived {
                        assert!(v.published_at.is_none());
                    }
                }
            }
            if v.state != VersionState::Superseded {
                assert!(v.superseded_at.is_none());
            }
        }
    }
}

#[test]
fn later_versions_change_something() {
    let mut multi = 0;
    let mut changed = 0;
    for d in run(1000, 8) {
        for w in d.versions.windows(2) {
            multi += 1;
            if w[0].document != w[1].document {
                changed += 1;
            }
        }
    }
    assert!(multi > 300);
    assert!(
        changed * 100 >= multi * 97,
        "{changed} of {multi} later versions differ"
    );
}

// ------------------------------------------------------------------------------------ distributions

fn share(n: usize, total: usize) -> f64 {
    n as f64 / total as f64
}

#[test]
fn distributions_are_roughly_as_intended() {
    let n = 6000;
    let all = run(n, 31337);
    let mut pubcat: BTreeMap<String, usize> = BTreeMap::new();
    let mut status: BTreeMap<String, usize> = BTreeMap::new();
    let (mut legacy, mut draft_only, mut wip_on_top, mut retracted, mut archived, mut rejected) =
        (0, 0, 0, 0, 0, 0);
    let mut version_counts = [0usize; 5];
    let (mut with_publiccode, mut with_source_id, mut intern, mut with_provider, mut no_tests) =
        (0, 0, 0, 0, 0);
    for d in &all {
        let head = d.versions.last().unwrap();
        let doc = &head.document;
        version_counts[d.versions.len()] += 1;
        *status
            .entry(str_of(doc, "status").unwrap().to_string())
            .or_default() += 1;
        if str_of(doc, "standard_version") == Some("0.4") {
            legacy += 1;
        } else {
            *pubcat
                .entry(str_of(doc, "publication_category").unwrap().to_string())
                .or_default() += 1;
            if !doc.contains_key("impacttoetsen_grouping") {
                no_tests += 1;
            }
        }
        let ever_published = d.versions.iter().any(|v| v.published_at.is_some());
        if !ever_published {
            draft_only += 1;
        }
        if ever_published && head.state.is_work_in_progress() {
            wip_on_top += 1;
        }
        match head.state {
            VersionState::Retracted => retracted += 1,
            VersionState::Archived => archived += 1,
            VersionState::Rejected => rejected += 1,
            _ => {}
        }
        with_publiccode += usize::from(doc.contains_key("publiccode"));
        with_source_id += usize::from(doc.contains_key("source_id"));
        if let Some(p) = str_of(doc, "provider") {
            with_provider += 1;
            intern += usize::from(p == "Intern ontwikkeld");
        }
    }
    let v1 = n - legacy;
    let hr = share(
        pubcat.get("Hoog-risico AI-systeem").copied().unwrap_or(0),
        v1,
    );
    let imp = share(
        pubcat.get("Impactvolle algoritmes").copied().unwrap_or(0),
        v1,
    );
    let other = share(pubcat.get("Overige algoritmes").copied().unwrap_or(0), v1);
    eprintln!("publication categories: high-risk {hr:.3}, impactful {imp:.3}, other {other:.3}");
    eprintln!("status: {status:?}; versions per description: {version_counts:?}");
    eprintln!(
        "0.4 {:.3}, never published {:.3}, wip on top {:.3}, retracted {:.3}, archived {:.3}, rejected {:.3}",
        share(legacy, n),
        share(draft_only, n),
        share(wip_on_top, n),
        share(retracted, n),
        share(archived, n),
        share(rejected, n)
    );
    eprintln!(
        "publiccode {:.3}, source_id {:.3}, intern {:.3}, no impact assessment {:.3}",
        share(with_publiccode, n),
        share(with_source_id, n),
        share(intern, with_provider),
        share(no_tests, v1)
    );
    assert!((0.01..0.07).contains(&hr), "high-risk {hr}");
    assert!((0.15..0.40).contains(&imp), "impactful {imp}");
    assert!(other > 0.55, "other {other}");
    assert!(hr < imp && imp < other);

    let in_use = share(status["In gebruik"], n);
    assert!((0.6..0.9).contains(&in_use), "in use {in_use}");
    assert!(status["In ontwikkeling"] > 0 && status["Buiten gebruik"] > 0);

    assert!((0.03..0.07).contains(&share(legacy, n)));
    assert!((0.05..0.11).contains(&share(draft_only, n)));
    assert!((0.07..0.15).contains(&share(wip_on_top, n)));
    assert!((0.015..0.05).contains(&share(retracted, n)));
    assert!((0.01..0.04).contains(&share(archived, n)));
    assert!(rejected > 0);
    assert!(
        version_counts[1] > version_counts[2]
            && version_counts[2] > version_counts[3]
            && version_counts[4] > 0
    );
    assert!((0.02..0.15).contains(&share(with_publiccode, n)));
    assert!((0.15..0.7).contains(&share(with_source_id, n)));
    assert!((0.2..0.45).contains(&share(intern, with_provider)));
    assert!(no_tests > 0);
}

#[test]
fn names_are_varied() {
    let all = run(3000, 4);
    let names: HashSet<&str> = all
        .iter()
        .filter_map(|d| str_of(&d.versions[0].document, "name"))
        .collect();
    assert!(names.len() >= 150, "only {} distinct names", names.len());
    let shorts: HashSet<&str> = all
        .iter()
        .filter_map(|d| str_of(&d.versions[0].document, "description_short"))
        .collect();
    assert!(
        shorts.len() >= 120,
        "only {} distinct short descriptions",
        shorts.len()
    );
    assert!(algoreg_demo::archetype_count() >= 60);
}

#[test]
fn providers_are_shared_across_organisations() {
    let mut orgs_per_provider: HashMap<String, HashSet<String>> = HashMap::new();
    for d in run(3000, 6) {
        if let Some(p) = str_of(&d.versions[0].document, "provider") {
            orgs_per_provider
                .entry(p.to_string())
                .or_default()
                .insert(d.org.to_string());
        }
    }
    let external: Vec<_> = orgs_per_provider
        .iter()
        .filter(|(p, _)| p.as_str() != "Intern ontwikkeld")
        .collect();
    assert!(
        (20..=40).contains(&external.len()),
        "{} suppliers",
        external.len()
    );
    let shared = external.iter().filter(|(_, o)| o.len() >= 3).count();
    assert!(
        shared * 10 >= external.len() * 8,
        "only {shared} of {} suppliers serve 3+ organisations",
        external.len()
    );
}

#[test]
fn big_organisations_get_more_descriptions() {
    let orgs = sample_orgs();
    let mut per_org: HashMap<String, usize> = HashMap::new();
    for d in generate(&cfg(8000, 10), &orgs) {
        *per_org.entry(d.org.to_string()).or_default() += 1;
    }
    let count = |c: &str| per_org.get(c).copied().unwrap_or(0);
    let mut municipal: Vec<usize> = orgs
        .iter()
        .filter(|o| o.org_type == OrgType::Gemeente)
        .map(|o| count(o.code.as_str()))
        .collect();
    municipal.sort_unstable();
    let median = municipal[municipal.len() / 2];
    assert!(
        count("gm0363") > 3 * median,
        "Amsterdam {} vs median {median}",
        count("gm0363")
    );
    assert!(
        count("mnre1034") > median,
        "a ministry gets more than a median municipality"
    );
    // Every organisation type in the list appears.
    for o in &orgs {
        assert!(
            count(o.code.as_str()) > 0 || o.org_type == OrgType::Gemeente,
            "{} got nothing",
            o.name
        );
    }
}

fn texts_of(d: &DemoDescription) -> String {
    serde_json::to_string(&d.versions.last().unwrap().document).unwrap()
}

#[test]
fn algorithm_kinds_fit_the_organisation_type() {
    let orgs = sample_orgs();
    let types: HashMap<_, _> = orgs.iter().map(|o| (o.code.clone(), o.org_type)).collect();
    let mut seen: HashMap<OrgType, String> = HashMap::new();
    for d in generate(&cfg(4000, 21), &orgs) {
        let t = types[&d.org];
        let name = str_of(&d.versions[0].document, "name")
            .unwrap()
            .to_lowercase();
        let entry = seen.entry(t).or_default();
        entry.push_str(&name);
        entry.push('\n');
        match t {
            OrgType::Waterschap => {
                for bad in ["parkeer", "wmo", "bijstand", "leerplicht", "meldkamer"] {
                    assert!(!name.contains(bad), "water board with {name}");
                }
            }
            OrgType::Gemeente => {
                for bad in ["dijk", "gemaal", "meldkamer", "kinderbijslag", "aangiften"] {
                    assert!(!name.contains(bad), "municipality with {name}");
                }
            }
            OrgType::Veiligheidsregio => {
                for bad in ["woz", "parkeer", "peilbeheer", "bijstand"] {
                    assert!(!name.contains(bad), "safety region with {name}");
                }
            }
            _ => {}
        }
    }
    assert!(
        seen[&OrgType::Gemeente].contains("woz") && seen[&OrgType::Gemeente].contains("parkeer")
    );
    assert!(
        seen[&OrgType::Waterschap].contains("peil") && seen[&OrgType::Waterschap].contains("dijk")
    );
    assert!(seen[&OrgType::Veiligheidsregio].contains("brand"));
    assert!(
        seen[&OrgType::Omgevingsdienst].contains("toezicht")
            || seen[&OrgType::Omgevingsdienst].contains("geur")
    );
}

#[test]
fn search_words_abbreviations_and_accents_occur() {
    let all = run(3000, 55);
    let texts: Vec<String> = all.iter().map(texts_of).collect();
    let docs_with = |w: &str| texts.iter().filter(|t| t.contains(w)).count();
    for w in [
        "BRP",
        "Basisregistratie Personen",
        "BSN",
        "burgerservicenummer",
        "AVG",
        "Algemene verordening gegevensbescherming",
        "WOZ",
        "Wmo",
        "Wet maatschappelijke ondersteuning",
        "KvK",
        "Kamer van Koophandel",
        "UWV",
        "SVB",
        "DUO",
        "CJIB",
        "RDW",
        "IND",
        "coördinatie",
        "financiële",
        "geïnformeerd",
        "reïntegratie",
    ] {
        assert!(
            docs_with(w) >= 3,
            "{w} occurs in only {} documents",
            docs_with(w)
        );
    }
    // Tags are comma-separated words, including abbreviations.
    let tagged = all
        .iter()
        .filter_map(|d| str_of(&d.versions[0].document, "tags"))
        .filter(|t| {
            t.split(", ")
                .any(|w| ["BRP", "BSN", "WOZ", "Wmo", "AVG", "KvK"].contains(&w))
        })
        .count();
    assert!(tagged > 300, "{tagged}");
}

#[test]
fn documents_are_moderate_in_size() {
    let all = run(1000, 3);
    let sizes: Vec<usize> = all
        .iter()
        .flat_map(|d| {
            d.versions
                .iter()
                .map(|v| serde_json::to_string(&v.document).unwrap().len())
        })
        .collect();
    let avg = sizes.iter().sum::<usize>() / sizes.len();
    eprintln!(
        "average document {avg} bytes, max {}",
        sizes.iter().max().unwrap()
    );
    assert!((1800..=4300).contains(&avg), "average document {avg} bytes");
    assert!(*sizes.iter().max().unwrap() < 9000);
}

#[test]
fn works_with_a_single_organisation_of_an_unusual_type() {
    let org = DemoOrg {
        code: algoreg_domain::OrgCode::parse("org1234").unwrap(),
        name: "Raad voor de Kinderbescherming".into(),
        org_type: OrgType::Adviescollege,
    };
    let all: Vec<_> = generate(&cfg(200, 1), std::slice::from_ref(&org)).collect();
    assert_eq!(all.len(), 200);
    assert!(all.iter().all(|d| d.org == org.code));
}

// ------------------------------------------------------------------------------------ the standard crate

#[test]
fn the_standard_crate_accepts_every_generated_document() {
    use algoreg_standard::{StandardVersion, check};
    let mut checked = [0usize; 2];
    for d in run(600, 1234) {
        for v in &d.versions {
            let version = match str_of(&v.document, "standard_version") {
                Some("0.4") => StandardVersion::V0_4,
                _ => StandardVersion::V1_0,
            };
            let (normalised, problems) = check(version, &v.document);
            assert!(problems.is_empty(), "{}: {problems:?}", d.id);
            // Already canonical: normalising changes nothing that a user would see. (It drops the
            // system field `lars`, which is ignored on input.)
            for (k, val) in v.document.iter().filter(|(k, _)| k.as_str() != "lars") {
                assert_eq!(
                    normalised.get(k),
                    Some(val),
                    "{}: normalising changed {k}",
                    d.id
                );
            }
            checked[usize::from(version == StandardVersion::V1_0)] += 1;
        }
    }
    assert!(checked[0] > 20 && checked[1] > 500, "{checked:?}");
}

#[test]
fn an_early_now_still_gives_valid_histories() {
    let early = DateTime::parse_from_rfc3339("2019-06-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let cfg = DemoConfig {
        count: 500,
        seed: 1,
        now: early,
    };
    for d in generate(&cfg, &sample_orgs()) {
        for v in &d.versions {
            assert!(v.created_at < v.state_changed_at && v.state_changed_at <= early);
            let doc = &v.document;
            let (b, e) = (str_of(doc, "begin_date"), str_of(doc, "end_date"));
            for m in [b, e].into_iter().flatten() {
                assert!(is_month(m) && m <= "2019-06", "{m}");
            }
            if let (Some(b), Some(e)) = (b, e) {
                assert!(e >= b);
            }
        }
    }
}
