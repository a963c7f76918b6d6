//! Every interface text exists in Dutch, English and Frisian, is not empty, and every key the
//! templates and the site's handlers use exists.

use std::collections::BTreeSet;
use std::path::Path;

use algoreg_site::{Lang, i18n};

fn sources(dir: &Path, exts: &[&str], out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, exts, out);
        } else if p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)) {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
}

/// Keys named literally as `t("…")`, `f("…"` or `count("…"` (the latter needs `-one` and `-other`).
fn used_keys(src: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (pat, plural) in [("t(\"", false), ("f(\"", false), ("count(\"", true)] {
        let mut rest = src;
        while let Some(i) = rest.find(pat) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + pat.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let end = rest.find('"').unwrap_or(0);
            let key = &rest[..end];
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                if plural {
                    keys.push(format!("{key}-one"));
                    keys.push(format!("{key}-other"));
                } else {
                    keys.push(key.to_owned());
                }
            }
        }
    }
    keys
}

#[test]
fn every_language_has_every_text() {
    let keys = |l: Lang| -> BTreeSet<String> { i18n::tr(l).keys().map(str::to_owned).collect() };
    let nl = keys(Lang::Nl);
    assert!(nl.len() > 20, "texts not loaded");
    for lang in [Lang::En, Lang::Fy] {
        let other = keys(lang);
        let missing: Vec<_> = nl.difference(&other).collect();
        let extra: Vec<_> = other.difference(&nl).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has keys Dutch lacks: {extra:?}");
    }
    for lang in Lang::ALL {
        let t = i18n::tr(lang);
        for k in t.keys() {
            assert!(!t.t(k).trim().is_empty(), "{lang}: {k} is empty");
        }
    }
}

#[test]
fn every_key_in_use_exists() {
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"));
    let mut files = Vec::new();
    sources(&root.join("templates"), &["html"], &mut files);
    sources(&root.join("src"), &["rs"], &mut files);
    sources(&root.join("../web/src/site"), &["rs"], &mut files);
    assert!(files.len() > 3);
    let nl = i18n::tr(Lang::Nl);
    let mut missing = Vec::new();
    let mut used = 0;
    for (path, src) in &files {
        if path.ends_with("i18n.rs") {
            continue;
        }
        for k in used_keys(src) {
            used += 1;
            if nl.keys().all(|have| have != k) {
                missing.push(format!("{path}: {k}"));
            }
        }
    }
    assert!(used > 20, "no keys found in use");
    assert!(missing.is_empty(), "texts missing: {missing:#?}");
}
