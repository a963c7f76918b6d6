//! The index schema and the conversion of a [`SearchDoc`] into a tantivy
//! document.
//!
//! - Searchable text per language: `name`, `summary`, `tags` and `texts`
//!   each exist as `_nl`, `_en` and `_fy` fields, analysed by that
//!   language's analyzer; a document fills only its own language's fields.
//!   `org` (name and code) and `provider` are analysed as Dutch for all
//!   documents. All with positions (phrases).
//! - `spell`: every word of the document, only folded — the vocabulary for
//!   typo correction (doc ids only, no positions).
//! - Fast fields (columnar, raw values) for filters, facets and sorting:
//!   `id`, `org_code`, `org_name`, `org_type`, `theme`, `status`,
//!   `category`, `impact`, `provider`, `std_version`, `lang`, `name`,
//!   `published` (µs since the epoch).
//! - Stored: `hit` (the display data, see [`StoredHit`]) and `texts` (the long texts,
//!   one value each, read only for snippets and similar descriptions).
//!   [`StoredDoc`] reads just these, without building a whole document.

use std::sync::OnceLock;

use tantivy::TantivyDocument;
use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize,
    ValueDeserializer,
};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};

use crate::analysis::{Lang, TOKENIZER_FOLD, TOKENIZER_NL};
use crate::types::SearchDoc;

/// Bumped whenever the schema or the analysis changes; an index with another
/// version is recreated empty (the caller then rebuilds it).
pub(crate) const SCHEMA_VERSION: u32 = 3;

/// Number of filter groups: the eight facets plus language.
pub(crate) const GROUPS: usize = 9;
/// Group index of the language filter.
pub(crate) const LANG_GROUP: usize = 8;
/// Fast field names of the groups, in [`crate::types::FACET_NAMES`] order,
/// then `lang`.
pub(crate) const GROUP_FIELDS: [&str; GROUPS] = [
    "org_code",
    "org_type",
    "theme",
    "status",
    "category",
    "impact",
    "provider",
    "std_version",
    "lang",
];

/// Which part of a description a searchable field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Name = 0,
    Summary = 1,
    Tags = 2,
    Texts = 3,
}

impl Part {
    pub(crate) const ALL: [Part; 4] = [Part::Name, Part::Summary, Part::Tags, Part::Texts];
    const NAMES: [&'static str; 4] = ["name", "summary", "tags", "texts"];
}

/// Field weights: name > short description > tags; organisation and
/// provider above the long texts.
pub(crate) const W_NAME: f32 = 6.0;
pub(crate) const W_SUMMARY: f32 = 3.0;
pub(crate) const W_TAGS: f32 = 2.0;
pub(crate) const W_ORG: f32 = 1.5;
pub(crate) const W_PROVIDER: f32 = 1.5;
pub(crate) const W_TEXTS: f32 = 1.0;
/// A compound starting with a typed word ("afval" → "afvalinzameling"):
/// a constant, below any real match.
pub(crate) const W_COMPOUND: f32 = 0.5;
/// An exact Algoritme-ID outranks any text match.
pub(crate) const W_ID: f32 = 50.0;

pub(crate) fn part_weight(part: Part) -> f32 {
    match part {
        Part::Name => W_NAME,
        Part::Summary => W_SUMMARY,
        Part::Tags => W_TAGS,
        Part::Texts => W_TEXTS,
    }
}

/// The schema's fields.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub id: Field,
    pub groups: [Field; GROUPS],
    pub org_name: Field,
    pub name: Field,
    pub published: Field,
    /// `[lang][part]`
    pub text: [[Field; 4]; 3],
    pub org_text: Field,
    pub provider_text: Field,
    pub spell: Field,
    pub hit: Field,
    pub texts: Field,
}

/// A searchable text field with its analysis language and weight.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextField {
    pub field: Field,
    pub lang: Lang,
    pub weight: f32,
}

impl Fields {
    /// All searchable text fields.
    pub(crate) fn text_fields(&self) -> Vec<TextField> {
        let mut out = Vec::with_capacity(14);
        for lang in Lang::ALL {
            for part in Part::ALL {
                out.push(TextField {
                    field: self.text[lang.idx()][part as usize],
                    lang,
                    weight: part_weight(part),
                });
            }
        }
        out.push(TextField {
            field: self.org_text,
            lang: Lang::Nl,
            weight: W_ORG,
        });
        out.push(TextField {
            field: self.provider_text,
            lang: Lang::Nl,
            weight: W_PROVIDER,
        });
        out
    }
}

fn text_options(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Builds the schema.
pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let raw_fast = || STRING.set_fast("raw");
    let id = b.add_text_field("id", raw_fast());
    let groups = GROUP_FIELDS.map(|name| b.add_text_field(name, raw_fast()));
    let org_name = b.add_text_field("org_name", TextOptions::default().set_fast("raw"));
    let name = b.add_text_field("name", TextOptions::default().set_fast("raw"));
    let published = b.add_i64_field("published", NumericOptions::default() | FAST);
    let text = Lang::ALL.map(|lang| {
        Part::ALL.map(|part| {
            let suffix = match lang {
                Lang::Nl => "nl",
                Lang::En => "en",
                Lang::Fy => "fy",
            };
            b.add_text_field(
                &format!("{}_{suffix}", Part::NAMES[part as usize]),
                text_options(lang.tokenizer_name()),
            )
        })
    });
    let org_text = b.add_text_field("org", text_options(TOKENIZER_NL));
    let provider_text = b.add_text_field("provider_text", text_options(TOKENIZER_NL));
    let spell = b.add_text_field(
        "spell",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_FOLD)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        ),
    );
    // Stored as text, not bytes: tantivy reads stored bytes one by one.
    let hit = b.add_text_field("hit", STORED);
    let texts = b.add_text_field("texts", STORED);
    let fields = Fields {
        id,
        groups,
        org_name,
        name,
        published,
        text,
        org_text,
        provider_text,
        spell,
        hit,
        texts,
    };
    (b.build(), fields)
}

/// The display data stored with each document, in a compact encoding of
/// its own ([`StoredHit::encode`]): read for every hit shown, where JSON's
/// parsing was a tenth of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredHit {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub org_code: String,
    pub org_name: String,
    pub org_type: String,
    pub status: Option<String>,
    pub category: Option<String>,
    pub themes: Vec<String>,
    pub impact: Vec<String>,
    pub provider: Option<String>,
    pub std_version: String,
    pub lang: String,
    pub published_us: i64,
    pub tags: String,
}

/// Writes and reads [`StoredHit`]: every string as its length in bytes,
/// `:` and the bytes (so any content is safe); an absent value as `-`; a
/// list as its length and `:`, then its strings; the time in decimal and
/// `;`. In field order.
impl StoredHit {
    pub(crate) fn encode(&self) -> String {
        fn text(out: &mut String, s: &str) {
            out.push_str(&s.len().to_string());
            out.push(':');
            out.push_str(s);
        }
        fn opt(out: &mut String, s: &Option<String>) {
            match s {
                Some(s) => text(out, s),
                None => out.push('-'),
            }
        }
        fn list(out: &mut String, l: &[String]) {
            out.push_str(&l.len().to_string());
            out.push(':');
            for s in l {
                text(out, s);
            }
        }
        let mut out = String::with_capacity(256);
        text(&mut out, &self.id);
        text(&mut out, &self.name);
        text(&mut out, &self.summary);
        text(&mut out, &self.org_code);
        text(&mut out, &self.org_name);
        text(&mut out, &self.org_type);
        opt(&mut out, &self.status);
        opt(&mut out, &self.category);
        list(&mut out, &self.themes);
        list(&mut out, &self.impact);
        opt(&mut out, &self.provider);
        text(&mut out, &self.std_version);
        text(&mut out, &self.lang);
        out.push_str(&self.published_us.to_string());
        out.push(';');
        text(&mut out, &self.tags);
        out
    }

    /// `None` for anything [`StoredHit::encode`] did not write.
    pub(crate) fn decode(stored: &str) -> Option<StoredHit> {
        let mut r = Reader(stored);
        let hit = StoredHit {
            id: r.text()?,
            name: r.text()?,
            summary: r.text()?,
            org_code: r.text()?,
            org_name: r.text()?,
            org_type: r.text()?,
            status: r.opt()?,
            category: r.opt()?,
            themes: r.list()?,
            impact: r.list()?,
            provider: r.opt()?,
            std_version: r.text()?,
            lang: r.text()?,
            published_us: r.until(';')?.parse().ok()?,
            tags: r.text()?,
        };
        r.0.is_empty().then_some(hit)
    }
}

/// The rest of an encoded [`StoredHit`].
struct Reader<'a>(&'a str);

impl Reader<'_> {
    fn until(&mut self, end: char) -> Option<&str> {
        let (head, rest) = self.0.split_once(end)?;
        self.0 = rest;
        Some(head)
    }

    fn len(&mut self) -> Option<usize> {
        // Digits up to `:` (by hand: `str::parse` is generic and slow).
        let bytes = self.0.as_bytes();
        let mut n = 0usize;
        for (i, &b) in bytes.iter().enumerate().take(20) {
            match b {
                b'0'..=b'9' => n = n.checked_mul(10)?.checked_add(usize::from(b - b'0'))?,
                b':' if i > 0 => {
                    self.0 = &self.0[i + 1..];
                    return Some(n);
                }
                _ => return None,
            }
        }
        None
    }

    fn text(&mut self) -> Option<String> {
        let n = self.len()?;
        let s = self.0.get(..n)?;
        self.0 = &self.0[n..];
        Some(s.to_string())
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.0.strip_prefix('-') {
            Some(rest) => {
                self.0 = rest;
                Some(None)
            }
            None => self.text().map(Some),
        }
    }

    fn list(&mut self) -> Option<Vec<String>> {
        let n = self.len()?;
        // The length comes from the index; still, never trust it with an
        // allocation.
        let mut out = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            out.push(self.text()?);
        }
        Some(out)
    }
}

fn clean(s: &str) -> String {
    s.trim().to_string()
}

fn clean_opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn clean_list(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for v in list {
        let v = v.trim();
        if !v.is_empty() && !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

/// Converts a document. The id must be non-empty (checked by the caller).
pub(crate) fn to_document(f: &Fields, d: &SearchDoc) -> TantivyDocument {
    let lang = Lang::from_code(&d.lang);
    let stored = StoredHit {
        id: clean(&d.id),
        name: clean(&d.name),
        summary: clean(&d.summary),
        org_code: clean(&d.org_code),
        org_name: clean(&d.org_name),
        org_type: clean(&d.org_type),
        status: clean_opt(&d.status),
        category: clean_opt(&d.publication_category),
        themes: clean_list(&d.themes),
        impact: clean_list(&d.impact_codes),
        provider: clean_opt(&d.provider),
        std_version: clean(&d.standard_version),
        lang: clean(&d.lang),
        published_us: d.published_at.timestamp_micros(),
        tags: d.tags.clone(),
    };
    let texts: Vec<&str> = d
        .texts
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();

    let mut doc = TantivyDocument::new();
    doc.add_text(f.id, &stored.id);
    let single = |doc: &mut TantivyDocument, field: Field, v: &str| {
        if !v.is_empty() {
            doc.add_text(field, v);
        }
    };
    single(&mut doc, f.groups[0], &stored.org_code);
    single(&mut doc, f.groups[1], &stored.org_type);
    for t in &stored.themes {
        doc.add_text(f.groups[2], t);
    }
    if let Some(s) = &stored.status {
        doc.add_text(f.groups[3], s);
    }
    if let Some(c) = &stored.category {
        doc.add_text(f.groups[4], c);
    }
    for i in &stored.impact {
        doc.add_text(f.groups[5], i);
    }
    if let Some(p) = &stored.provider {
        doc.add_text(f.groups[6], p);
    }
    single(&mut doc, f.groups[7], &stored.std_version);
    doc.add_text(
        f.groups[LANG_GROUP],
        if stored.lang.is_empty() {
            "nld"
        } else {
            &stored.lang
        },
    );
    single(&mut doc, f.org_name, &stored.org_name);
    single(&mut doc, f.name, &stored.name);
    doc.add_i64(f.published, stored.published_us);

    let t = &f.text[lang.idx()];
    doc.add_text(t[Part::Name as usize], &stored.name);
    doc.add_text(t[Part::Summary as usize], &stored.summary);
    doc.add_text(t[Part::Tags as usize], &stored.tags);
    for text in &texts {
        doc.add_text(t[Part::Texts as usize], text);
    }
    doc.add_text(
        f.org_text,
        format!("{} {}", stored.org_name, stored.org_code),
    );
    if let Some(p) = &stored.provider {
        doc.add_text(f.provider_text, p);
    }
    for v in [
        stored.name.as_str(),
        stored.summary.as_str(),
        stored.tags.as_str(),
        stored.org_name.as_str(),
        stored.provider.as_deref().unwrap_or(""),
    ] {
        if !v.is_empty() {
            doc.add_text(f.spell, v);
        }
    }
    for text in &texts {
        doc.add_text(f.spell, text);
    }

    doc.add_text(f.hit, stored.encode());
    for text in &texts {
        doc.add_text(f.texts, text);
    }
    doc
}

/// The stored fields of a document: the display data (JSON) and the long
/// texts, read straight from the document store.
#[derive(Debug, Default)]
pub(crate) struct StoredDoc {
    pub hit: Option<String>,
    pub texts: Vec<String>,
}

impl DocumentDeserialize for StoredDoc {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        static STORED: OnceLock<(Field, Field)> = OnceLock::new();
        let &(hit, texts) = STORED.get_or_init(|| {
            let (_, f) = build_schema();
            (f.hit, f.texts)
        });
        let mut out = StoredDoc::default();
        while let Some((field, value)) = deserializer.next_field::<StoredString>()? {
            if field == hit {
                out.hit = Some(value.0);
            } else if field == texts {
                out.texts.push(value.0);
            }
        }
        Ok(out)
    }
}

/// A stored value, which in this schema is always text.
struct StoredString(String);

impl ValueDeserialize for StoredString {
    fn deserialize<'de, D>(deserializer: D) -> Result<Self, DeserializeError>
    where
        D: ValueDeserializer<'de>,
    {
        deserializer.deserialize_string().map(StoredString)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_hits_read_back_whatever_they_hold() {
        let hit = StoredHit {
            id: "12345678".into(),
            name: "Naam: 12:34 - met ':' en cijfers 5:".into(),
            summary: "Één – ü; \n nieuwe regel\t en 𝔸".into(),
            org_code: "gm0363".into(),
            org_name: String::new(),
            org_type: "-".into(),
            status: Some("In gebruik".into()),
            category: None,
            themes: vec!["Verkeer".into(), String::new(), "3:x".into()],
            impact: vec![],
            provider: Some(String::new()),
            std_version: "1.0".into(),
            lang: "nld".into(),
            published_us: -1_234_567,
            tags: "a, b;c".into(),
        };
        let encoded = hit.encode();
        assert_eq!(StoredHit::decode(&encoded), Some(hit.clone()));
        // Truncated or extended: not read as a hit.
        assert_eq!(StoredHit::decode(&encoded[..encoded.len() - 1]), None);
        assert_eq!(StoredHit::decode(&format!("{encoded}x")), None);
        assert_eq!(StoredHit::decode(""), None);
        assert_eq!(StoredHit::decode("{\"id\":\"1\"}"), None);
        let big = StoredHit {
            themes: (0..100).map(|i| i.to_string()).collect(),
            ..hit
        };
        assert_eq!(StoredHit::decode(&big.encode()), Some(big));
    }
}
