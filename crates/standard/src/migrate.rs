//! The explicit mapping of older versions of the standard to 1.0. A description keeps the version it was
//! written in; when someone edits it, [`to_v1`] gives the 1.0 document to start from. Nothing is guessed
//! silently: every old field is listed below with where it goes. Texts that are merged into another field
//! get a paragraph of their own that starts with the old field's Dutch label (e.g. `Impact: …`), so the
//! editor can see where they came from. Merging can make a text longer than 1.0 allows; validation then
//! says so and the editor shortens it.
//!
//! | old field (versions) | 1.0 field | how |
//! |---|---|---|
//! | `name`, `organization`, `description_short`, `website`, `url`, `contact_email`, `publiccode`, `provider`, `process_index_url`, `source_id`, `begin_date`, `end_date` | same key | copied |
//! | `status` | `status` | copied when it is one of the three values (any case), otherwise left empty |
//! | `category` (0.4, list of 19 themes) | `category` | same theme; `Financiën` → `Overheidsfinanciën`, `Huisvesting` → `Wonen`; `Dienstverlening`, `Bestuur`, `Landbouw` have no clear match and are dropped |
//! | `category` (0.1–0.3.1, free keywords) | `category`, `tags` | parts separated by `,` `;` `/` that name a theme (as above) become themes; the other parts become search terms |
//! | `goal`, `proportionality`, `human_intervention`, `risks`, `lawful_basis`, `source_data`, `methods_and_models` | same key | copied; plain text of 0.1–0.3.1 becomes paragraphs |
//! | `impact`, `decision_making_process` (0.1–0.3.1) | `goal` | appended paragraph |
//! | `objection_procedure` (0.1–0.3.1) | `human_intervention` | appended paragraph |
//! | `monitoring`, `performance_standard` (0.1–0.3.1) | `risks` | appended paragraph |
//! | `competent_authority` (0.1, 0.2.3) | `lawful_basis` | appended paragraph |
//! | `description` (0.1–0.3.1) | `description_short` when that is empty and it fits 400 characters; otherwise `methods_and_models` | copied or appended paragraph |
//! | `documentation` (0.1, 0.2.3) | `website` when that is empty; otherwise `methods_and_models` | copied or appended paragraph |
//! | `application_url` (0.1–0.3.1) | `methods_and_models` | appended paragraph |
//! | `mprd` (0.1, 0.2.3) | `source_data` | appended paragraph when answered |
//! | `iama`, `dpia` = Ja (0.1–0.3.1) | `impacttoetsen_grouping` | an item titled `IAMA` / `DPIA` |
//! | `iama_description`, `dpia_description` (0.1, 0.2.3) | `impacttoetsen` | appended paragraph |
//! | `iama_description` (0.3.1: a link) | link of the `IAMA` item, when it is one link and `iama` is Ja; otherwise `impacttoetsen` | |
//! | `impacttoetsen` (0.4, list of titles) | `impacttoetsen_grouping` | one item per title; "Geen", "Nee", "N.v.t." are no assessment and go to `impacttoetsen` |
//! | `iama_description` (0.4: links to the assessments) | link of the only item when it is exactly one link; otherwise `impacttoetsen` | |
//! | `lawful_basis_link` (0.4) | `lawful_basis_grouping` | one item per link, titled `Wettelijke basis`; other text → `lawful_basis` |
//! | `source_data_link` (0.4) | `source_data_grouping` | one item per link, titled `Gegevensbron`; other text → `source_data` |
//! | `tags`, `department`, `area` | `tags` | joined as comma-separated search terms |
//! | `lang` | `lang` | `nld` (the only language 1.0 allows) |
//! | `type`, `uuid`, `revision_date` | — | dropped (1.0 has no such field) |
//! | — | `publication_category` | left empty: the editor must choose |
//! | `standard_version` | `standard_version` | `1.0` |
//! | `lars`, `publication_dt` | same key | kept as they are (system fields) |

use serde_json::{Value, json};

use crate::Document;
use crate::def::standard;
use crate::html::{escape_html, strip_html, text_len, text_to_rich};
use crate::impact::{impact_title, is_no_assessment, is_yes};
use crate::normalise::{canonical_value, normalise};
use crate::validate::is_http_url;
use crate::version::StandardVersion;

/// 0.4 themes and the 1.0 theme each maps to. Themes without a clear 1.0 match are absent.
pub const THEMES_V04_TO_V1: &[(&str, &str)] = &[
    (
        "Organisatie en bedrijfsvoering",
        "Organisatie en bedrijfsvoering",
    ),
    ("Cultuur en recreatie", "Cultuur en recreatie"),
    ("Economie", "Economie"),
    ("Financiën", "Overheidsfinanciën"),
    ("Huisvesting", "Wonen"),
    ("Internationaal", "Internationaal"),
    ("Migratie en integratie", "Migratie en integratie"),
    ("Natuur en milieu", "Natuur en milieu"),
    ("Onderwijs en wetenschap", "Onderwijs en wetenschap"),
    ("Openbare orde en veiligheid", "Openbare orde en veiligheid"),
    ("Recht", "Recht"),
    ("Ruimte en infrastructuur", "Ruimte en infrastructuur"),
    ("Sociale zekerheid", "Sociale zekerheid"),
    ("Verkeer", "Verkeer"),
    ("Werk", "Werk"),
    ("Zorg en gezondheid", "Zorg en gezondheid"),
];

/// The 1.0 theme for a 0.4 theme (or a 1.0 theme name), ignoring case and spacing.
pub fn theme_from_v04(s: &str) -> Option<&'static str> {
    let key = fold(s);
    if key.is_empty() {
        return None;
    }
    THEMES_V04_TO_V1
        .iter()
        .find(|(old, new)| fold(old) == key || fold(new) == key)
        .map(|(_, new)| *new)
}

fn fold(s: &str) -> String {
    strip_html(s).to_lowercase()
}

/// Maps a document of version `from` to 1.0 (see the table in the module documentation). For 1.0 the
/// document is returned unchanged. The result is normalised for 1.0.
pub fn to_v1(from: StandardVersion, doc: &Document) -> Document {
    if from == StandardVersion::V1_0 {
        return doc.clone();
    }
    let src = normalise(from, doc);
    let old = standard(from);
    let label = |key: &str| {
        old.field(key)
            .map_or(key.to_string(), |f| f.label.nl.clone())
    };
    let rich_source = from == StandardVersion::V0_4;
    let mut out = Document::new();

    for key in [
        "name",
        "organization",
        "description_short",
        "website",
        "url",
        "contact_email",
        "publiccode",
        "provider",
        "process_index_url",
        "source_id",
        "begin_date",
        "end_date",
    ] {
        if let Some(v) = src.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    let v1 = standard(StandardVersion::V1_0);
    if let Some(status) = str_of(&src, "status").and_then(|s| {
        v1.field("status")
            .and_then(|f| canonical_value(&f.allowed, s))
    }) {
        out.insert("status".into(), json!(status));
    }

    // Themes, and keywords that are no theme.
    let mut themes: Vec<&str> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    match src.get("category") {
        Some(Value::Array(items)) => {
            for t in items
                .iter()
                .filter_map(Value::as_str)
                .filter_map(theme_from_v04)
            {
                push_unique(&mut themes, t);
            }
        }
        Some(Value::String(s)) => {
            for part in split_list(s) {
                match theme_from_v04(&part) {
                    Some(t) => push_unique(&mut themes, t),
                    None => tags.push(part),
                }
            }
        }
        _ => {}
    }
    if !themes.is_empty() {
        out.insert("category".into(), json!(themes));
    }

    // Rich-text fields, with the old fields merged into them.
    let mut rich_fields: Vec<(&'static str, String)> = Vec::new();
    for (target, parts) in [
        (
            "goal",
            &[
                ("goal", false),
                ("impact", true),
                ("decision_making_process", true),
            ][..],
        ),
        ("proportionality", &[("proportionality", false)][..]),
        (
            "human_intervention",
            &[("human_intervention", false), ("objection_procedure", true)][..],
        ),
        (
            "risks",
            &[
                ("risks", false),
                ("monitoring", true),
                ("performance_standard", true),
            ][..],
        ),
        (
            "lawful_basis",
            &[("lawful_basis", false), ("competent_authority", true)][..],
        ),
        ("source_data", &[("source_data", false)][..]),
        ("methods_and_models", &[("methods_and_models", false)][..]),
    ] {
        let mut html = String::new();
        for (key, labelled) in parts {
            let Some(text) = str_of(&src, key) else {
                continue;
            };
            if rich_source {
                html.push_str(&wrap_rich(text));
            } else if *labelled {
                html.push_str(&text_to_rich(&format!("{}: {text}", label(key))));
            } else {
                html.push_str(&text_to_rich(text));
            }
        }
        if !html.is_empty() {
            rich_fields.push((target, html));
        }
    }
    let mut append = |target: &'static str, html: String| {
        if html.is_empty() {
            return;
        }
        match rich_fields.iter_mut().find(|(k, _)| *k == target) {
            Some((_, existing)) => existing.push_str(&html),
            None => rich_fields.push((target, html)),
        }
    };
    let labelled = |key: &str, text: &str| text_to_rich(&format!("{}: {text}", label(key)));

    // description → description_short or methods_and_models
    if let Some(d) = str_of(&src, "description") {
        if !out.contains_key("description_short") && text_len(d) <= 400 {
            out.insert("description_short".into(), json!(strip_html(d)));
        } else {
            append("methods_and_models", labelled("description", d));
        }
    }
    if let Some(d) = str_of(&src, "documentation") {
        if !out.contains_key("website") && is_http_url(d) {
            out.insert("website".into(), json!(d));
        } else {
            append("methods_and_models", labelled("documentation", d));
        }
    }
    if let Some(d) = str_of(&src, "application_url") {
        append("methods_and_models", labelled("application_url", d));
    }
    if let Some(d) = str_of(&src, "mprd") {
        append("source_data", labelled("mprd", d));
    }

    // Impact assessments.
    let mut items: Vec<serde_json::Map<String, Value>> = Vec::new();
    let mut explain = String::new();
    match from {
        StandardVersion::V0_4 => {
            for title in src
                .get("impacttoetsen")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter_map(Value::as_str)
            {
                if is_no_assessment(title) {
                    explain.push_str(&labelled("impacttoetsen", title));
                } else {
                    items.push(item(title, None));
                }
            }
            if let Some(html) = str_of(&src, "iama_description") {
                let (urls, rest) = urls_and_rest(&strip_html(html));
                if items.len() == 1 && urls.len() == 1 && rest.is_empty() {
                    items[0].insert("link".into(), json!(urls[0]));
                } else {
                    explain.push_str(&format!(
                        "<p>{}:</p>{}",
                        escape_html(&label("iama_description")),
                        wrap_rich(html)
                    ));
                }
            }
        }
        _ => {
            let iama_yes = str_of(&src, "iama").is_some_and(is_yes);
            if iama_yes {
                items.push(item(impact_title("iama").unwrap_or("IAMA"), None));
            }
            if str_of(&src, "dpia").is_some_and(is_yes) {
                items.push(item(impact_title("dpia").unwrap_or("DPIA"), None));
            }
            if let Some(d) = str_of(&src, "iama_description") {
                let (urls, rest) = urls_and_rest(d);
                if from == StandardVersion::V0_3_1 && iama_yes && urls.len() == 1 && rest.is_empty()
                {
                    items[0].insert("link".into(), json!(urls[0]));
                } else {
                    explain.push_str(&labelled("iama_description", d));
                }
            }
            if let Some(d) = str_of(&src, "dpia_description") {
                explain.push_str(&labelled("dpia_description", d));
            }
        }
    }
    if !items.is_empty() {
        out.insert("impacttoetsen_grouping".into(), json!(items));
    }
    append("impacttoetsen", explain);

    // 0.4 single link fields → link groups.
    for (old_key, group, title, text_target) in [
        (
            "lawful_basis_link",
            "lawful_basis_grouping",
            "Wettelijke basis",
            "lawful_basis",
        ),
        (
            "source_data_link",
            "source_data_grouping",
            "Gegevensbron",
            "source_data",
        ),
    ] {
        let Some(s) = str_of(&src, old_key) else {
            continue;
        };
        let (urls, rest) = urls_and_rest(s);
        let n = urls.len();
        let group_items: Vec<Value> = urls
            .into_iter()
            .enumerate()
            .map(|(i, u)| {
                let t = if n > 1 {
                    format!("{title} {}", i + 1)
                } else {
                    title.to_string()
                };
                Value::Object(item(&t, Some(&u)))
            })
            .collect();
        if !group_items.is_empty() {
            out.insert(group.into(), Value::Array(group_items));
        }
        if !rest.is_empty() {
            append(text_target, labelled(old_key, &rest));
        }
    }

    // Search terms.
    let mut all_tags: Vec<String> = Vec::new();
    if let Some(t) = str_of(&src, "tags") {
        all_tags.extend(split_list(t));
    }
    for key in ["department", "area"] {
        if let Some(t) = str_of(&src, key) {
            all_tags.push(t.to_string());
        }
    }
    all_tags.extend(tags);
    let mut seen: Vec<String> = Vec::new();
    all_tags.retain(|t| {
        let k = t.to_lowercase();
        let fresh = !seen.contains(&k);
        seen.push(k);
        fresh
    });
    if !all_tags.is_empty() {
        out.insert("tags".into(), json!(all_tags.join(", ")));
    }

    for (k, html) in rich_fields {
        out.insert(k.to_string(), json!(html));
    }
    let mut result = normalise(StandardVersion::V1_0, &out);
    for key in ["lars", "publication_dt"] {
        if let Some(v) = doc.get(key).filter(|v| !v.is_null()) {
            result.insert(key.to_string(), v.clone());
        }
    }
    result
}

fn str_of<'a>(doc: &'a Document, key: &str) -> Option<&'a str> {
    doc.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

fn push_unique<'a>(list: &mut Vec<&'a str>, item: &'a str) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn item(title: &str, link: Option<&str>) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("title".into(), json!(strip_html(title)));
    if let Some(l) = link {
        m.insert("link".into(), json!(l));
    }
    m
}

/// Rich text that may lack a block element gets one, so it forms its own paragraph.
fn wrap_rich(html: &str) -> String {
    if html.starts_with('<') {
        html.to_string()
    } else {
        format!("<p>{html}</p>")
    }
}

/// Splits free keywords on `,`, `;`, `/`, `|` and line breaks.
fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', '/', '|', '\n'])
        .map(strip_html)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The `http(s)` links in `s`, and the remaining words.
fn urls_and_rest(s: &str) -> (Vec<String>, String) {
    let mut urls = Vec::new();
    let mut rest = Vec::new();
    for word in s.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        if word.is_empty() {
            continue;
        }
        let trimmed = word.trim_end_matches(['.', ')', ']', '>']);
        let trimmed = trimmed.trim_start_matches(['(', '[', '<']);
        if is_http_url(trimmed) {
            if !urls.iter().any(|u| u == trimmed) {
                urls.push(trimmed.to_string());
            }
        } else {
            rest.push(word);
        }
    }
    (urls, rest.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes() {
        assert_eq!(theme_from_v04("Financiën"), Some("Overheidsfinanciën"));
        assert_eq!(theme_from_v04("huisvesting"), Some("Wonen"));
        assert_eq!(theme_from_v04("Verkeer"), Some("Verkeer"));
        assert_eq!(theme_from_v04("Wonen"), Some("Wonen"));
        assert_eq!(theme_from_v04("Landbouw"), None);
        assert_eq!(theme_from_v04("Dienstverlening"), None);
        assert_eq!(theme_from_v04("Bestuur"), None);
        assert_eq!(theme_from_v04(""), None);
        let v04 = standard(StandardVersion::V0_4)
            .field("category")
            .map(|f| f.allowed.clone());
        let v1 = standard(StandardVersion::V1_0)
            .field("category")
            .map(|f| f.allowed.clone());
        let (Some(v04), Some(v1)) = (v04, v1) else {
            panic!("category fields exist");
        };
        for (old, new) in THEMES_V04_TO_V1 {
            assert!(v04.iter().any(|t| t == old), "{old}");
            assert!(v1.iter().any(|t| t == new), "{new}");
        }
        // Every 1.0 theme is reachable.
        for t in &v1 {
            assert!(THEMES_V04_TO_V1.iter().any(|(_, n)| n == t), "{t}");
        }
    }

    #[test]
    fn urls_are_found() {
        let (urls, rest) = urls_and_rest("Zie https://a.example/x, en (https://b.example).");
        assert_eq!(urls, ["https://a.example/x", "https://b.example"]);
        assert_eq!(rest, "Zie en");
    }
}
