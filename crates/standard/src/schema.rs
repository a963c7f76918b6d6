//! A JSON Schema (draft 2020-12) for each version of the standard, generated from the field definitions,
//! with titles and descriptions in one of the interface languages.
//!
//! The schema describes one description in its canonical shape, as the register delivers it and as
//! [`crate::normalise()`] produces it: one property per wire key, absent fields left out. What JSON Schema
//! can express, it checks: JSON types, allowed values, `YYYY-MM` months, links, contact details, link-group
//! items and required fields. What it cannot express is said in the descriptions instead:
//!
//! - length limits count characters **after HTML is stripped** (see [`crate::text_len`]). Plain text is
//!   stored stripped, so `maxLength` is exact there; for rich text (and the multi-line plain text of
//!   older versions) `maxLength` would count tags and line breaks, so it is left out and the limit is
//!   stated in the field's description;
//! - the delivery API tolerates extra keys and drops them, so `additionalProperties` is `true`;
//! - `lars` and `publication_dt` are set by the register: `readOnly`, ignored on input;
//! - on input the register is more lenient than the schema: `null`, empty text and empty lists count as
//!   "not filled in", values differing only in case or spacing are matched to the allowed value, and
//!   HTML is cleaned (see [`crate::normalise()`]).
//!
//! Formats (`uri`, `email`) are annotations in 2020-12; every format is therefore paired with a
//! `pattern`, so that the schema checks links and e-mail addresses with or without format assertions.
//!
//! [`crate::validate()`] remains the authority. The schema is never stricter than the standard: a
//! description that [`crate::normalise()`] and then [`crate::validate()`] accept passes the schema
//! (the tests check this for the demo data and every rule). It is looser in places: it cannot see an
//! `end_date` before the `begin_date`, a host without a dot, or a rich-text limit.

use serde_json::{Map, Value, json};

use crate::def::{FieldDef, FieldKind, standard};
use crate::lang::{Lang, Text};
use crate::normalise::DEFAULT_LANG;
use crate::version::StandardVersion;

/// The JSON Schema dialect of the generated schemas.
pub const SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// A `YYYY-MM` month with a year from 1900 to 2100 (as [`crate::validate::parse_month`]).
pub const MONTH_PATTERN: &str = "^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])$";

/// An `http` or `https` link (scheme in any case) with a host, without spaces or user information.
pub const URL_PATTERN: &str = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+([/?#]\S*)?$";

/// An `https` link (see [`URL_PATTERN`]): the link form of contact details.
pub const HTTPS_URL_PATTERN: &str = r"^[Hh][Tt][Tt][Pp][Ss]://[^\s/?#@]+([/?#]\S*)?$";

/// An e-mail address: no spaces, one `@`, a dot in the domain.
pub const EMAIL_PATTERN: &str = r"^[^\s@]+@[^\s@]+\.[^\s@]+$";

/// Some text that is not only white space.
const NOT_BLANK: &str = r"\S";

/// The `$id` of the schema of version `v` in `lang`:
/// `{base_url}/api/v1/standard/{version}/schema.json`, with `?lang=en` or `?lang=fy` for the languages
/// other than Dutch (so that each language's schema has its own identifier). A trailing `/` of
/// `base_url` is ignored.
pub fn schema_id(v: StandardVersion, lang: Lang, base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let mut id = format!("{base}/api/v1/standard/{v}/schema.json");
    if lang != Lang::Nl {
        id.push_str("?lang=");
        id.push_str(lang.as_str());
    }
    id
}

/// The JSON Schema (draft 2020-12) of one description in version `v`, with titles and descriptions in
/// `lang`, identified as [`schema_id`]`(v, lang, base_url)`. See the module documentation for what the
/// schema does and does not check.
pub fn json_schema(v: StandardVersion, lang: Lang, base_url: &str) -> Value {
    let def = standard(v);
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    for f in &def.fields {
        properties.insert(f.key.clone(), field_schema(v, f, lang));
        if f.required && !f.is_system() {
            required.push(Value::String(f.key.clone()));
        }
    }
    let title = tr(
        lang,
        &format!("Algoritmeregister publicatiestandaard {v}"),
        &format!("Algorithm register publication standard {v}"),
        &format!("Algoritmeregister publikaasjestandert {v}"),
    );
    let description = tr(
        lang,
        &format!(
            "Eén beschrijving van een algoritme volgens versie {v} van de publicatiestandaard, met de \
             sleutels van de aanlever-API. Lengtegrenzen tellen tekens nadat HTML is weggehaald; bij \
             opgemaakte tekst staat de grens in de beschrijving van het veld, omdat JSON Schema die niet \
             kan controleren. Extra sleutels zijn toegestaan: de aanlever-API negeert ze. De velden lars \
             en publication_dt vult het register zelf in (alleen-lezen). Bij aanlevering is het register \
             soepeler dan dit schema: null, lege tekst en lege lijsten gelden als niet ingevuld."
        ),
        &format!(
            "One description of an algorithm following version {v} of the publication standard, keyed as \
             in the delivery API. Length limits count characters after HTML is removed; for formatted \
             text the limit is stated in the field's description, because JSON Schema cannot check it. \
             Extra keys are allowed: the delivery API ignores them. The register fills in lars and \
             publication_dt itself (read-only). On delivery the register is more lenient than this \
             schema: null, empty text and empty lists count as not filled in."
        ),
        &format!(
            "Ien beskriuwing fan in algoritme neffens ferzje {v} fan de publikaasjestandert, mei de \
             kaaien fan de oanlever-API. Lingtegrinzen telle tekens neidat HTML fuorthelle is; by \
             opmakke tekst stiet de grins yn de beskriuwing fan it fjild, omdat JSON Schema dy net \
             kontrolearje kin. Ekstra kaaien binne tastien: de oanlever-API negearret se. It register \
             folt lars en publication_dt sels yn (allinnich-lêze). By it oanleverjen is it register \
             soepeler as dit skema: null, lege tekst en lege listen jilde as net ynfolle."
        ),
    );
    json!({
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id(v, lang, base_url),
        "title": title,
        "description": description,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": true,
    })
}

fn tr(lang: Lang, nl: &str, en: &str, fy: &str) -> String {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
        Lang::Fy => fy,
    }
    .to_string()
}

/// The limit note of plain text, where `maxLength` is set.
fn max_note(lang: Lang, n: usize) -> String {
    tr(
        lang,
        &format!("Maximaal {n} tekens, geteld nadat HTML is weggehaald."),
        &format!("At most {n} characters, counted after HTML is removed."),
        &format!("Maksimaal {n} tekens, teld neidat HTML fuorthelle is."),
    )
}

/// The limit note of text where `maxLength` cannot be used.
fn unchecked_max_note(lang: Lang, n: usize) -> String {
    tr(
        lang,
        &format!(
            "Maximaal {n} tekens, geteld nadat HTML is weggehaald en witruimte is samengevoegd \
             (JSON Schema kan dit niet controleren)."
        ),
        &format!(
            "At most {n} characters, counted after HTML is removed and white space is collapsed \
             (JSON Schema cannot check this)."
        ),
        &format!(
            "Maksimaal {n} tekens, teld neidat HTML fuorthelle is en wite romte gearfoege is \
             (JSON Schema kin dit net kontrolearje)."
        ),
    )
}

fn kind_note(v: StandardVersion, f: &FieldDef, lang: Lang) -> Option<String> {
    let note = match f.kind {
        FieldKind::RichText => tr(
            lang,
            "Opgemaakte tekst (HTML) met alleen de tags p, br, ul, ol, li en div, zonder attributen; \
             andere tags worden bij aanlevering weggehaald.",
            "Formatted text (HTML) with only the tags p, br, ul, ol, li and div, without attributes; \
             other tags are removed on delivery.",
            "Opmakke tekst (HTML) mei allinnich de tags p, br, ul, ol, li en div, sûnder attributen; \
             oare tags wurde by it oanleverjen fuorthelle.",
        ),
        FieldKind::LongText => tr(
            lang,
            "Platte tekst, eventueel over meerdere regels.",
            "Plain text, possibly on several lines.",
            "Platte tekst, miskien oer meardere rigels.",
        ),
        FieldKind::Month => tr(
            lang,
            "Een maand in de vorm JJJJ-MM, bijvoorbeeld 2024-03.",
            "A month written YYYY-MM, for example 2024-03.",
            "In moanne yn de foarm JJJJ-MM, bygelyks 2024-03.",
        ),
        FieldKind::Url => tr(
            lang,
            "Een link die begint met http:// of https://.",
            "A link starting with http:// or https://.",
            "In keppeling dy't begjint mei http:// of https://.",
        ),
        FieldKind::Contact => tr(
            lang,
            "Een e-mailadres of een link die begint met https://.",
            "An e-mail address or a link starting with https://.",
            "In e-mailadres of in keppeling dy't begjint mei https://.",
        ),
        FieldKind::LinkGroup => tr(
            lang,
            "Een lijst van onderdelen, elk met een titel en een link.",
            "A list of items, each with a title and a link.",
            "In list fan ûnderdielen, elk mei in titel en in keppeling.",
        ),
        FieldKind::System => tr(
            lang,
            "Vult het register zelf in: alleen-lezen, bij aanlevering genegeerd.",
            "Filled in by the register itself: read-only, ignored on delivery.",
            "Folt it register sels yn: allinnich-lêze, by it oanleverjen negearre.",
        ),
        FieldKind::Enum if f.key == "standard_version" => tr(
            lang,
            &format!(
                "Altijd {v} in deze versie. Een beschrijving zonder deze sleutel geldt als versie 1.0."
            ),
            &format!(
                "Always {v} in this version. A description without this key is read as version 1.0."
            ),
            &format!(
                "Altyd {v} yn dizze ferzje. In beskriuwing sûnder dizze kaai jildt as ferzje 1.0."
            ),
        ),
        FieldKind::Text | FieldKind::Enum | FieldKind::EnumList | FieldKind::TextList => {
            return None;
        }
    };
    Some(note)
}

fn field_schema(v: StandardVersion, f: &FieldDef, lang: Lang) -> Value {
    let mut notes: Vec<String> = vec![f.help.get(lang).trim().to_string()];
    notes.extend(kind_note(v, f, lang));
    let mut s = Map::new();
    s.insert("title".into(), json!(f.label.get(lang)));

    let plain_max = |s: &mut Map<String, Value>, notes: &mut Vec<String>| {
        if let Some(n) = f.max_len {
            s.insert("maxLength".into(), json!(n));
            notes.push(max_note(lang, n));
        }
    };
    match f.kind {
        FieldKind::Text => {
            s.insert("type".into(), json!("string"));
            plain_max(&mut s, &mut notes);
        }
        FieldKind::RichText | FieldKind::LongText => {
            s.insert("type".into(), json!("string"));
            if f.kind == FieldKind::RichText {
                s.insert("contentMediaType".into(), json!("text/html"));
            }
            if let Some(n) = f.max_len {
                notes.push(unchecked_max_note(lang, n));
            }
        }
        FieldKind::Url => {
            s.insert("type".into(), json!("string"));
            s.insert("format".into(), json!("uri"));
            s.insert("pattern".into(), json!(URL_PATTERN));
            plain_max(&mut s, &mut notes);
        }
        FieldKind::Month => {
            // The pattern covers the limit of 7 characters.
            s.insert("type".into(), json!("string"));
            s.insert("pattern".into(), json!(MONTH_PATTERN));
        }
        FieldKind::Contact => {
            s.insert("type".into(), json!("string"));
            s.insert(
                "anyOf".into(),
                json!([
                    {"format": "email", "pattern": EMAIL_PATTERN},
                    {"format": "uri", "pattern": HTTPS_URL_PATTERN},
                ]),
            );
            plain_max(&mut s, &mut notes);
        }
        FieldKind::Enum => {
            s.insert("type".into(), json!("string"));
            s.insert("enum".into(), json!(f.allowed));
            if f.key == "lang" && v == StandardVersion::V1_0 {
                s.insert("default".into(), json!(DEFAULT_LANG));
            }
        }
        FieldKind::EnumList => {
            s.insert("type".into(), json!("array"));
            s.insert("items".into(), json!({"type": "string", "enum": f.allowed}));
        }
        FieldKind::TextList => {
            s.insert("type".into(), json!("array"));
            s.insert("items".into(), json!({"type": "string"}));
        }
        FieldKind::LinkGroup => {
            s.insert("type".into(), json!("array"));
            s.insert("items".into(), link_item_schema(f, lang));
        }
        FieldKind::System => {
            s.insert("type".into(), json!("string"));
            s.insert("readOnly".into(), json!(true));
            plain_max(&mut s, &mut notes);
        }
    }
    if f.required
        && matches!(
            f.kind,
            FieldKind::Text | FieldKind::RichText | FieldKind::LongText
        )
    {
        s.insert("minLength".into(), json!(1));
        s.insert("pattern".into(), json!(NOT_BLANK));
    }
    if let Some(example) = example_value(f) {
        s.insert("examples".into(), json!([example]));
    }
    notes.retain(|n| !n.is_empty());
    s.insert("description".into(), json!(notes.join(" ")));
    ordered(s)
}

/// The keywords of a subschema in a readable order: `title`, `description`, `type`, the rest, and
/// `examples` last.
fn ordered(mut s: Map<String, Value>) -> Value {
    let mut out = Map::new();
    for key in ["title", "description", "type"] {
        if let Some(value) = s.remove(key) {
            out.insert(key.into(), value);
        }
    }
    let examples = s.remove("examples");
    out.extend(s);
    if let Some(examples) = examples {
        out.insert("examples".into(), examples);
    }
    Value::Object(out)
}

fn link_item_schema(f: &FieldDef, lang: Lang) -> Value {
    let part = |label: Text, required: bool, max: Option<usize>, is_link: bool| {
        let mut s = Map::new();
        s.insert("title".into(), json!(label.get(lang)));
        let mut notes: Vec<String> = Vec::new();
        notes.push(if required {
            tr(lang, "Verplicht.", "Required.", "Ferplicht.")
        } else {
            tr(lang, "Niet verplicht.", "Optional.", "Net ferplicht.")
        });
        s.insert("type".into(), json!("string"));
        if is_link {
            s.insert("format".into(), json!("uri"));
            s.insert("pattern".into(), json!(URL_PATTERN));
            notes.push(tr(
                lang,
                "Een link die begint met http:// of https://.",
                "A link starting with http:// or https://.",
                "In keppeling dy't begjint mei http:// of https://.",
            ));
        } else if required {
            s.insert("minLength".into(), json!(1));
            s.insert("pattern".into(), json!(NOT_BLANK));
        }
        if let Some(n) = max {
            s.insert("maxLength".into(), json!(n));
            notes.push(max_note(lang, n));
        }
        s.insert("description".into(), json!(notes.join(" ")));
        ordered(s)
    };
    let mut required = vec!["title"];
    if f.item_link_required {
        required.push("link");
    }
    json!({
        "type": "object",
        "properties": {
            "title": part(Text::new("Titel", "Title", "Titel"), true, f.item_title_max, false),
            "link": part(
                Text::new("Link", "Link", "Keppeling"),
                f.item_link_required,
                f.item_link_max,
                true,
            ),
        },
        "required": required,
    })
}

/// The field's example as a value, when it is one (the Dutch example of a one-value field that fits
/// the field's rules). Descriptions are written in Dutch, so the Dutch example is the real value.
fn example_value(f: &FieldDef) -> Option<Value> {
    let ex = f.example.nl.trim();
    if ex.is_empty() {
        return None;
    }
    let fits = f.max_len.is_none_or(|n| ex.chars().count() <= n);
    let ok = match f.kind {
        FieldKind::Text => fits,
        FieldKind::Url => fits && crate::validate::is_http_url(ex),
        FieldKind::Contact => fits && crate::validate::is_contact(ex),
        FieldKind::Month => crate::validate::parse_month(ex).is_some(),
        FieldKind::Enum => f.allowed.iter().any(|a| a == ex),
        _ => false,
    };
    ok.then(|| json!(ex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(
            schema_id(StandardVersion::V1_0, Lang::Nl, "https://algoreg.example/"),
            "https://algoreg.example/api/v1/standard/1.0/schema.json"
        );
        assert_eq!(
            schema_id(StandardVersion::V0_4, Lang::Fy, "https://algoreg.example"),
            "https://algoreg.example/api/v1/standard/0.4/schema.json?lang=fy"
        );
    }

    #[test]
    fn shape_of_some_fields() {
        let s = json_schema(StandardVersion::V1_0, Lang::En, "https://algoreg.example");
        let p = &s["properties"];
        assert_eq!(p["name"]["maxLength"], json!(100));
        assert_eq!(p["name"]["title"], json!("Name"));
        assert!(p["goal"].get("maxLength").is_none());
        assert!(
            p["goal"]["description"]
                .as_str()
                .is_some_and(|d| d.contains("2500"))
        );
        assert_eq!(p["lars"]["readOnly"], json!(true));
        assert_eq!(
            p["lawful_basis_grouping"]["items"]["required"],
            json!(["title", "link"])
        );
        assert_eq!(
            p["impacttoetsen_grouping"]["items"]["required"],
            json!(["title"])
        );
        assert_eq!(
            p["category"]["items"]["enum"].as_array().map(Vec::len),
            Some(16)
        );
        assert_eq!(s["additionalProperties"], json!(true));
        assert_eq!(
            s["required"],
            json!([
                "name",
                "description_short",
                "organization",
                "status",
                "contact_email",
                "publication_category",
                "lang"
            ])
        );
    }
}
