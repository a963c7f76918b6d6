//! Normalising input into the canonical shape of a document, before validation and storage:
//!
//! - only keys the version defines are kept, in the standard's field order (an old `type` or `id` sent to
//!   1.0 is dropped); system fields (`lars`, `publication_dt`) are dropped: the register sets them;
//! - `null`, empty strings and empty lists mean "absent": the key is removed;
//! - rich text is sanitised (`p br ul ol li div`, no attributes); plain text that arrives in a rich-text
//!   field with line breaks becomes paragraphs; every other string is stripped of HTML and trimmed;
//! - enum values are matched to their canonical spelling when they differ only in case or spaces;
//! - lists lose empty and repeated items; link-group items are trimmed, and items with neither title nor
//!   link are dropped;
//! - `standard_version` is set to the version; for 1.0 `lang` defaults to `nld`.
//!
//! Values of the wrong JSON type are kept as they are, so that [`crate::validate`] can report them.
//! Normalising never fails and is idempotent.

use serde_json::Value;

use crate::Document;
use crate::def::{FieldDef, FieldKind, standard};
use crate::html::{sanitise_rich_text, strip_html, strip_html_lines, text_to_rich};
use crate::version::StandardVersion;

/// The default language of a 1.0 description.
pub const DEFAULT_LANG: &str = "nld";

/// Brings `input` into the canonical shape of version `v` (see the module documentation).
pub fn normalise(v: StandardVersion, input: &Document) -> Document {
    let def = standard(v);
    let mut out = Document::new();
    for f in def.input_fields() {
        if f.key == "standard_version" {
            out.insert(f.key.clone(), Value::String(v.as_str().to_string()));
            continue;
        }
        let value = input
            .get(&f.key)
            .and_then(|value| normalise_value(f, value));
        match value {
            Some(value) => {
                out.insert(f.key.clone(), value);
            }
            None if f.key == "lang" && v == StandardVersion::V1_0 => {
                out.insert(f.key.clone(), Value::String(DEFAULT_LANG.to_string()));
            }
            None => {}
        }
    }
    out
}

/// True for values that count as absent: `null`, a string without text (also after stripping HTML, so
/// `<p></p>` is empty) and an empty list.
pub fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty() || strip_html(s).is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// The allowed value that `s` means: an exact match, or one that differs only in case and spacing.
pub fn canonical_value<'a>(allowed: &'a [String], s: &str) -> Option<&'a str> {
    if let Some(a) = allowed.iter().find(|a| a.as_str() == s) {
        return Some(a);
    }
    let key = fold(s);
    allowed.iter().find(|a| fold(a) == key).map(String::as_str)
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn normalise_value(f: &FieldDef, value: &Value) -> Option<Value> {
    if is_blank(value) {
        return None;
    }
    let out = match (f.kind, value) {
        (FieldKind::System, _) => return None,
        (FieldKind::RichText, Value::String(s)) => {
            let html = if !s.contains('<') && s.contains('\n') {
                text_to_rich(s)
            } else {
                sanitise_rich_text(s)
            };
            Value::String(html)
        }
        (FieldKind::LongText, Value::String(s)) => Value::String(strip_html_lines(s)),
        (FieldKind::Contact, Value::String(s)) => {
            let t = strip_html(s);
            let t = match t.get(..7) {
                Some(p) if p.eq_ignore_ascii_case("mailto:") => t[7..].trim().to_string(),
                _ => t,
            };
            Value::String(t)
        }
        (FieldKind::Enum, Value::String(s)) => Value::String(enum_value(f, s)),
        (FieldKind::Text | FieldKind::Url | FieldKind::Month, Value::String(s)) => {
            Value::String(strip_html(s))
        }
        (FieldKind::EnumList | FieldKind::TextList, Value::Array(items)) => {
            let mut out: Vec<Value> = Vec::with_capacity(items.len());
            for item in items {
                let item = match item {
                    Value::String(s) if f.kind == FieldKind::EnumList => {
                        Value::String(enum_value(f, s))
                    }
                    Value::String(s) => Value::String(strip_html(s)),
                    other => other.clone(),
                };
                if !is_blank(&item) && !out.contains(&item) {
                    out.push(item);
                }
            }
            Value::Array(out)
        }
        (FieldKind::LinkGroup, Value::Array(items)) => Value::Array(
            items
                .iter()
                .filter_map(|item| match item {
                    Value::Object(obj) => link_item(obj),
                    other if is_blank(other) => None,
                    other => Some(other.clone()),
                })
                .collect(),
        ),
        // Wrong JSON type: keep it for validation to report.
        (_, other) => other.clone(),
    };
    (!is_blank(&out)).then_some(out)
}

fn enum_value(f: &FieldDef, s: &str) -> String {
    let t = strip_html(s);
    canonical_value(&f.allowed, &t)
        .map(str::to_string)
        .unwrap_or(t)
}

fn link_item(obj: &serde_json::Map<String, Value>) -> Option<Value> {
    let mut out = serde_json::Map::new();
    for part in ["title", "link"] {
        match obj.get(part) {
            Some(Value::String(s)) => {
                let t = strip_html(s);
                if !t.is_empty() {
                    out.insert(part.to_string(), Value::String(t));
                }
            }
            Some(v) if !is_blank(v) => {
                out.insert(part.to_string(), v.clone());
            }
            _ => {}
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: Value) -> Document {
        match v {
            Value::Object(m) => m,
            _ => Document::new(),
        }
    }

    #[test]
    fn keeps_only_known_keys_and_drops_empties() {
        let input = doc(json!({
            "id": 7,
            "type": "Zelflerend",
            "lars": "12345678",
            "publication_dt": "2024-01-01",
            "name": "  <b>Naam</b>  ",
            "website": "",
            "url": null,
            "category": [],
            "category_extra": "x",
            "end_date": "   ",
            "goal": "<p></p>"
        }));
        let out = normalise(StandardVersion::V1_0, &input);
        assert_eq!(
            Value::Object(out),
            json!({"name": "Naam", "lang": "nld", "standard_version": "1.0"})
        );
    }

    #[test]
    fn output_follows_field_order() {
        let input = doc(json!({"tags": "a", "name": "n", "status": "in  GEBRUIK"}));
        let out = normalise(StandardVersion::V1_0, &input);
        let keys: Vec<&str> = out.keys().map(String::as_str).collect();
        assert_eq!(keys, ["name", "status", "lang", "standard_version", "tags"]);
        assert_eq!(out["status"], json!("In gebruik"));
    }

    #[test]
    fn rich_and_plain_fields() {
        let input = doc(json!({
            "goal": "<p style=\"x\">Doel <script>x()</script><a href=\"https://e.example\">link</a></p>",
            "risks": "regel een\nregel twee\n\nalinea",
            "description_short": "<p>Kort</p><p>en klein</p>",
            "contact_email": " MAILTO:info@dijkerveen.example ",
            "lang": "NLD",
            "standard_version": "0.4",
        }));
        let out = normalise(StandardVersion::V1_0, &input);
        assert_eq!(out["goal"], json!("<p>Doel link</p>"));
        assert_eq!(
            out["risks"],
            json!("<p>regel een<br>regel twee</p><p>alinea</p>")
        );
        assert_eq!(out["description_short"], json!("Kort en klein"));
        assert_eq!(out["contact_email"], json!("info@dijkerveen.example"));
        assert_eq!(out["lang"], json!("nld"));
        assert_eq!(out["standard_version"], json!("1.0"));
    }

    #[test]
    fn lists_and_link_groups() {
        let input = doc(json!({
            "category": ["verkeer", "", "Verkeer", "Geen thema", 3],
            "lawful_basis_grouping": [
                {"title": "  Omgevingswet ", "link": " https://wetten.example/ow ", "extra": 1},
                {"title": "", "link": "  "},
                {"title": "Alleen titel"},
                null,
                "los"
            ],
            "impacttoetsen_grouping": [{"title": "", "link": ""}]
        }));
        let out = normalise(StandardVersion::V1_0, &input);
        assert_eq!(out["category"], json!(["Verkeer", "Geen thema", 3]));
        assert_eq!(
            out["lawful_basis_grouping"],
            json!([
                {"title": "Omgevingswet", "link": "https://wetten.example/ow"},
                {"title": "Alleen titel"},
                "los"
            ])
        );
        assert!(!out.contains_key("impacttoetsen_grouping"));
    }

    #[test]
    fn wrong_types_are_kept() {
        let input =
            doc(json!({"name": 5, "category": "Verkeer", "lawful_basis_grouping": {"title": "x"}}));
        let out = normalise(StandardVersion::V1_0, &input);
        assert_eq!(out["name"], json!(5));
        assert_eq!(out["category"], json!("Verkeer"));
        assert_eq!(out["lawful_basis_grouping"], json!({"title": "x"}));
    }

    #[test]
    fn older_versions() {
        let input =
            doc(json!({"name": "x", "goal": "<p>een</p><p>twee</p>", "begin_date": "2020-01"}));
        let out = normalise(StandardVersion::V0_2_3, &input);
        assert_eq!(out["goal"], json!("een\n\ntwee"));
        assert!(!out.contains_key("begin_date"));
        assert!(!out.contains_key("lang"));
        assert_eq!(out["standard_version"], json!("0.2.3"));
    }

    #[test]
    fn idempotent() {
        let input = doc(json!({
            "name": " <i>x</i> ", "goal": "a\nb", "category": ["zorg en gezondheid"],
            "impacttoetsen_grouping": [{"title": " DPIA "}], "tags": "a, b"
        }));
        let once = normalise(StandardVersion::V1_0, &input);
        assert_eq!(normalise(StandardVersion::V1_0, &once), once);
    }
}
