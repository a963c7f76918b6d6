//! Descriptions as HTML form fields and back: what the back-office's form, generated from the standard,
//! shows and what it posts. Pure functions, so that the form works without JavaScript and every front
//! door that edits a description by form reads it the same way.
//!
//! Field names: a field's wire key for one value (text, rich text, URL, month, contact, one choice); the
//! key repeated for several values (a list of choices, one checkbox each); for a list of free texts, one
//! item per line of the key's text area; for a link group `key.N.title` and `key.N.link` per row, rows
//! numbered from 0 (rows with neither title nor link are dropped, gaps in the numbering do not matter).
//!
//! Rich text is typed as plain text ([`typed_to_rich`]): a blank line starts a new paragraph, a line
//! starting with `- `, `* ` or `• ` is an item of a bulleted list, a line starting with a number and `.`
//! or `)` an item of a numbered list. [`rich_to_typed`] turns stored rich text back into that form, so a
//! saved text comes back as it was typed.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::Document;
use crate::def::{FieldKind, StandardDef};
use crate::html::{escape_html, plain_text};

/// One row of a link group in the form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkRow {
    pub title: String,
    pub link: String,
}

/// The value of one field as the form shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormValue {
    /// Text in an input or a text area (rich text in its typed form), or the chosen value of a list.
    Text(String),
    /// The chosen values of a list of choices, or the items of a list of free texts.
    List(Vec<String>),
    /// The rows of a link group.
    Links(Vec<LinkRow>),
}

impl FormValue {
    /// The text of a one-value field ("" for other kinds).
    pub fn text(&self) -> &str {
        match self {
            FormValue::Text(s) => s,
            _ => "",
        }
    }

    /// Whether `value` is among the chosen values.
    pub fn has(&self, value: &str) -> bool {
        match self {
            FormValue::Text(s) => s == value,
            FormValue::List(items) => items.iter().any(|i| i == value),
            FormValue::Links(_) => false,
        }
    }
}

/// The form's values of every input field of `def`, read from a stored document. Fields the document
/// lacks are empty; values of an unexpected JSON type are shown as their JSON text, so nothing typed is
/// ever hidden from the person who typed it.
pub fn form_values(def: &StandardDef, doc: &Document) -> BTreeMap<String, FormValue> {
    def.input_fields()
        .filter(|f| f.key != "standard_version")
        .map(|f| {
            let value = doc.get(&f.key);
            let v = match f.kind {
                FieldKind::RichText => FormValue::Text(
                    value
                        .map(as_text)
                        .map_or_else(String::new, |s| rich_to_typed(&s)),
                ),
                FieldKind::EnumList => FormValue::List(list_of_strings(value)),
                FieldKind::TextList => FormValue::Text(list_of_strings(value).join("\n")),
                FieldKind::LinkGroup => FormValue::Links(link_rows(value)),
                _ => FormValue::Text(value.map(as_text).unwrap_or_default()),
            };
            (f.key.clone(), v)
        })
        .collect()
}

/// A document of version `def` from posted form fields (name, value), in posting order. The result is
/// raw input: pass it through [`crate::check`] to normalise and validate it. Names that are not fields
/// (buttons, the CSRF token) are ignored.
pub fn document_from_form(def: &StandardDef, pairs: &[(String, String)]) -> Document {
    let mut doc = Document::new();
    doc.insert(
        "standard_version".into(),
        Value::String(def.version.as_str().to_owned()),
    );
    for f in def.input_fields() {
        if f.key == "standard_version" {
            continue;
        }
        let values = || {
            pairs
                .iter()
                .filter(|(k, _)| *k == f.key)
                .map(|(_, v)| v.as_str())
        };
        let value = match f.kind {
            FieldKind::RichText => values().next().map(|v| Value::String(typed_to_rich(v))),
            FieldKind::EnumList => Some(Value::Array(
                values()
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| Value::String(v.to_owned()))
                    .collect(),
            )),
            FieldKind::TextList => values().next().map(|v| {
                Value::Array(
                    v.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(|l| Value::String(l.to_owned()))
                        .collect(),
                )
            }),
            FieldKind::LinkGroup => Some(links_from_form(&f.key, pairs)),
            FieldKind::System => None,
            _ => values().next().map(|v| Value::String(v.to_owned())),
        };
        if let Some(value) = value {
            doc.insert(f.key.clone(), value);
        }
    }
    doc
}

/// The rows of link group `key` from posted fields `key.N.title` and `key.N.link`, in row order.
fn links_from_form(key: &str, pairs: &[(String, String)]) -> Value {
    let mut rows: BTreeMap<u32, LinkRow> = BTreeMap::new();
    for (name, value) in pairs {
        let Some(rest) = name.strip_prefix(key).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        let Some((n, part)) = rest.split_once('.') else {
            continue;
        };
        let Ok(n) = n.parse::<u32>() else {
            continue;
        };
        let row = rows.entry(n).or_default();
        match part {
            "title" => row.title = value.clone(),
            "link" => row.link = value.clone(),
            _ => {}
        }
    }
    Value::Array(
        rows.into_values()
            .filter(|r| !r.title.trim().is_empty() || !r.link.trim().is_empty())
            .map(|r| {
                let mut item = serde_json::Map::new();
                item.insert("title".into(), Value::String(r.title));
                item.insert("link".into(), Value::String(r.link));
                Value::Object(item)
            })
            .collect(),
    )
}

fn as_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn list_of_strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().map(as_text).collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![as_text(other)],
    }
}

fn link_rows(v: Option<&Value>) -> Vec<LinkRow> {
    let Some(Value::Array(items)) = v else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| LinkRow {
            title: item.get("title").map(as_text).unwrap_or_default(),
            link: item.get("link").map(as_text).unwrap_or_default(),
        })
        .collect()
}

/// What one typed line is.
enum Line<'a> {
    Bullet(&'a str),
    Numbered(&'a str),
    Text(&'a str),
    Blank,
}

fn classify(line: &str) -> Line<'_> {
    let t = line.trim();
    if t.is_empty() {
        return Line::Blank;
    }
    for marker in ["- ", "* ", "• "] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Line::Bullet(rest.trim());
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Line::Numbered(item.trim());
        }
    }
    Line::Text(t)
}

/// Typed text as rich text: special characters escaped; paragraphs split by blank lines, line breaks
/// inside a paragraph kept as `<br>`; runs of `- ` lines a bulleted list, runs of `1. ` lines a numbered
/// list. Empty input gives an empty string. Text that is already rich text (it starts with a tag the
/// standard allows) is passed on unchanged, for [`crate::normalise`] to sanitise.
pub fn typed_to_rich(text: &str) -> String {
    let trimmed = text.trim_start();
    if ["<p>", "<ul>", "<ol>", "<div>"]
        .iter()
        .any(|t| trimmed.starts_with(t))
    {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut para: Vec<String> = Vec::new();
    // The list being written: its tag and items.
    let mut list: Option<(&str, Vec<String>)> = None;
    let flush_para = |out: &mut String, para: &mut Vec<String>| {
        if !para.is_empty() {
            out.push_str("<p>");
            out.push_str(&para.join("<br>"));
            out.push_str("</p>");
            para.clear();
        }
    };
    let flush_list = |out: &mut String, list: &mut Option<(&str, Vec<String>)>| {
        if let Some((tag, items)) = list.take() {
            out.push_str(&format!("<{tag}>"));
            for item in items {
                out.push_str("<li>");
                out.push_str(&item);
                out.push_str("</li>");
            }
            out.push_str(&format!("</{tag}>"));
        }
    };
    for line in text.lines() {
        match classify(line) {
            Line::Blank => {
                flush_para(&mut out, &mut para);
                flush_list(&mut out, &mut list);
            }
            Line::Bullet(item) | Line::Numbered(item) => {
                let tag = if matches!(classify(line), Line::Bullet(_)) {
                    "ul"
                } else {
                    "ol"
                };
                flush_para(&mut out, &mut para);
                if list.as_ref().is_some_and(|(t, _)| *t != tag) {
                    flush_list(&mut out, &mut list);
                }
                list.get_or_insert((tag, Vec::new()))
                    .1
                    .push(escape_html(item));
            }
            Line::Text(t) => {
                flush_list(&mut out, &mut list);
                para.push(escape_html(t));
            }
        }
    }
    flush_para(&mut out, &mut para);
    flush_list(&mut out, &mut list);
    out
}

/// Stored rich text in its typed form (the inverse of [`typed_to_rich`]): paragraphs separated by a
/// blank line, list items as `- ` or `1. ` lines, entities decoded.
pub fn rich_to_typed(html: &str) -> String {
    if !html.contains('<') {
        return html.to_owned();
    }
    // `plain_text` writes every block and item on its own line, list items with `- `; numbered lists
    // and paragraph breaks need the tags themselves, so walk the top-level blocks here.
    let mut blocks: Vec<String> = Vec::new();
    let mut rest = html.trim();
    while !rest.is_empty() {
        let tag = ["p", "ul", "ol", "div"]
            .into_iter()
            .find(|t| rest.starts_with(&format!("<{t}>")));
        let Some(tag) = tag else {
            // Text outside any block: up to the next block.
            let end = rest[1..]
                .find("<p>")
                .or_else(|| rest[1..].find("<ul>"))
                .or_else(|| rest[1..].find("<ol>"))
                .map_or(rest.len(), |i| i + 1);
            blocks.push(plain_text(&rest[..end]));
            rest = rest[end..].trim_start();
            continue;
        };
        let close = format!("</{tag}>");
        let end = rest.find(&close).map_or(rest.len(), |i| i + close.len());
        let block = &rest[..end];
        let text = match tag {
            "ol" => plain_text(block)
                .lines()
                .enumerate()
                .map(|(i, l)| format!("{}. {}", i + 1, l.trim_start_matches("- ")))
                .collect::<Vec<_>>()
                .join("\n"),
            "ul" => plain_text(block),
            _ => plain_text(&block.replace("<br>", "</p><p>")),
        };
        if !text.is_empty() {
            blocks.push(text);
        }
        rest = rest[end..].trim_start();
    }
    blocks.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{StandardVersion, standard};

    #[test]
    fn typing_gives_paragraphs_and_lists() {
        let typed = "Eerste alinea\nmet een tweede regel.\n\n- appel\n- peer & <b>druif</b>\n\n1. een\n2) twee\nSlot.";
        assert_eq!(
            typed_to_rich(typed),
            "<p>Eerste alinea<br>met een tweede regel.</p><ul><li>appel</li><li>peer &amp; &lt;b&gt;druif&lt;/b&gt;</li></ul><ol><li>een</li><li>twee</li></ol><p>Slot.</p>"
        );
        assert_eq!(typed_to_rich(""), "");
        assert_eq!(typed_to_rich("  \n\n "), "");
    }

    #[test]
    fn rich_text_comes_back_as_it_was_typed() {
        for typed in [
            "Eerste alinea\nmet een tweede regel.\n\n- appel\n- peer & <b>druif</b>\n\n1. een\n2. twee\n\nSlot.",
            "Eén regel.",
            "- alleen\n- een lijst",
        ] {
            let rich = typed_to_rich(typed);
            assert_eq!(rich_to_typed(&rich), typed, "round trip of {typed:?}");
            assert_eq!(typed_to_rich(&rich_to_typed(&rich)), rich);
        }
    }

    #[test]
    fn rich_text_that_arrives_as_html_is_left_for_sanitising() {
        assert_eq!(
            typed_to_rich("<p>al <script>x</script></p>"),
            "<p>al <script>x</script></p>"
        );
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_posted_form_becomes_a_document_and_back() {
        let def = standard(StandardVersion::V1_0);
        let posted = pairs(&[
            ("csrf", "token"),
            ("name", "Parkeervergunning toetsen"),
            ("goal", "Wat het doet.\n\n- punt een\n- punt twee"),
            ("status", "In gebruik"),
            ("category", "Economie"),
            ("category", "Cultuur en recreatie"),
            ("category", ""),
            ("source_data_grouping.0.title", "Basisregistratie"),
            ("source_data_grouping.0.link", "https://voorbeeld.nl/brp"),
            ("source_data_grouping.1.title", ""),
            ("source_data_grouping.1.link", ""),
            ("source_data_grouping.3.title", "Kentekens"),
            ("source_data_grouping.3.link", ""),
            ("save", "Opslaan"),
        ]);
        let doc = document_from_form(def, &posted);
        assert_eq!(doc["standard_version"], "1.0");
        assert_eq!(doc["name"], "Parkeervergunning toetsen");
        assert_eq!(
            doc["goal"],
            "<p>Wat het doet.</p><ul><li>punt een</li><li>punt twee</li></ul>"
        );
        assert_eq!(
            doc["category"],
            serde_json::json!(["Economie", "Cultuur en recreatie"])
        );
        assert_eq!(
            doc["source_data_grouping"],
            serde_json::json!([
                {"title": "Basisregistratie", "link": "https://voorbeeld.nl/brp"},
                {"title": "Kentekens", "link": ""}
            ])
        );
        assert!(!doc.contains_key("csrf") && !doc.contains_key("save"));

        let values = form_values(def, &doc);
        assert_eq!(values["name"].text(), "Parkeervergunning toetsen");
        assert_eq!(
            values["goal"].text(),
            "Wat het doet.\n\n- punt een\n- punt twee"
        );
        assert!(values["category"].has("Economie") && !values["category"].has("Economie en werk"));
        assert_eq!(
            values["source_data_grouping"],
            FormValue::Links(vec![
                LinkRow {
                    title: "Basisregistratie".into(),
                    link: "https://voorbeeld.nl/brp".into()
                },
                LinkRow {
                    title: "Kentekens".into(),
                    link: String::new()
                }
            ])
        );
        // Every input field has a value, empty or not; the version is not a form field.
        assert_eq!(values.len(), def.input_fields().count() - 1);
    }

    #[test]
    fn values_of_the_wrong_type_stay_visible() {
        let def = standard(StandardVersion::V1_0);
        let mut doc = Document::new();
        doc.insert("name".into(), serde_json::json!(42));
        assert_eq!(form_values(def, &doc)["name"].text(), "42");
    }
}
