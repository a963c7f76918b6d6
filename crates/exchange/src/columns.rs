//! The columns of the tabular open-data downloads (CSV and XLSX) and how a [`PublicRecord`] becomes a row.
//!
//! Both formats have exactly the same columns in the same order, one row per record:
//!
//! 1. the meta columns [`META_KEYS`]: `algoritme_id, organisation_code, organisation_name, register_url,
//!    first_published_at, published_at, standard_version`;
//! 2. for history downloads also [`HISTORY_KEYS`]: `version, state, superseded_at, state_reason`;
//! 3. every public field of standard 1.0, in standard order, by its key — except the fields in
//!    [`EXCLUDED_FIELDS`]: `standard_version` (the meta column of that name says which version the
//!    description was written in; after mapping to 1.0 the field would always say `1.0`), `tags` (never
//!    public), `lars` (the Algoritme-ID is the first column) and `publication_dt` (see `published_at`).
//!
//! The meta column with the public link is called `register_url`, because the standard has a field `url`
//! of its own (the link to the organisation's own register); one file never has two columns with one name.
//!
//! Values are plain text: documents of older versions are first mapped to 1.0 with
//! [`algoreg_standard::to_v1`] so that the columns line up; rich text becomes readable plain text with
//! [`algoreg_standard::plain_text`] (paragraphs and list items on their own lines, items start with `- `);
//! lists are joined with `"; "`; link groups are written `title (link); title (link)` (only the title when an
//! item has no link, only the link when it has no title); times are RFC 3339 in UTC to the second
//! (`2024-03-01T09:00:00Z`); absent values are empty.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use algoreg_standard::{
    Document, FieldDef, FieldKind, Lang, StandardVersion, plain_text, standard, to_v1,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use crate::{Content, PublicRecord};

/// Keys of the meta columns every download starts with.
pub const META_KEYS: [&str; 7] = [
    "algoritme_id",
    "organisation_code",
    "organisation_name",
    "register_url",
    "first_published_at",
    "published_at",
    "standard_version",
];

/// Keys of the meta columns history downloads add after [`META_KEYS`].
pub const HISTORY_KEYS: [&str; 4] = ["version", "state", "superseded_at", "state_reason"];

/// Fields of standard 1.0 that never get a column of their own (see the module documentation).
pub const EXCLUDED_FIELDS: [&str; 4] = ["standard_version", "tags", "lars", "publication_dt"];

/// A meta column: a fact of the record rather than a field of the standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meta {
    AlgorithmId,
    OrganisationCode,
    OrganisationName,
    RegisterUrl,
    FirstPublishedAt,
    PublishedAt,
    StandardVersion,
    Version,
    State,
    SupersededAt,
    StateReason,
}

/// Where a column's values come from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    Meta(Meta),
    /// A field of standard 1.0.
    Field(&'static FieldDef),
}

/// One column of the CSV and XLSX downloads.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The stable, machine-friendly key: the CSV header, and the first column of the XLSX explanation.
    pub key: &'static str,
    pub source: Source,
}

/// A text in the three interface languages, for our own wording.
struct Tr {
    nl: &'static str,
    en: &'static str,
    fy: &'static str,
}

impl Tr {
    fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::En => self.en,
            Lang::Fy => self.fy,
        }
    }
}

const fn tr(nl: &'static str, en: &'static str, fy: &'static str) -> Tr {
    Tr { nl, en, fy }
}

impl Meta {
    const ALL: [Meta; 11] = [
        Meta::AlgorithmId,
        Meta::OrganisationCode,
        Meta::OrganisationName,
        Meta::RegisterUrl,
        Meta::FirstPublishedAt,
        Meta::PublishedAt,
        Meta::StandardVersion,
        Meta::Version,
        Meta::State,
        Meta::SupersededAt,
        Meta::StateReason,
    ];

    /// The column key.
    pub fn key(self) -> &'static str {
        match self {
            Meta::AlgorithmId => "algoritme_id",
            Meta::OrganisationCode => "organisation_code",
            Meta::OrganisationName => "organisation_name",
            Meta::RegisterUrl => "register_url",
            Meta::FirstPublishedAt => "first_published_at",
            Meta::PublishedAt => "published_at",
            Meta::StandardVersion => "standard_version",
            Meta::Version => "version",
            Meta::State => "state",
            Meta::SupersededAt => "superseded_at",
            Meta::StateReason => "state_reason",
        }
    }

    fn label(self) -> Tr {
        match self {
            Meta::AlgorithmId => tr("Algoritme-ID", "Algorithm ID", "Algoritme-ID"),
            Meta::OrganisationCode => {
                tr("Organisatiecode", "Organisation code", "Organisaasjekoade")
            }
            Meta::OrganisationName => tr(
                "Naam organisatie",
                "Organisation name",
                "Namme organisaasje",
            ),
            Meta::RegisterUrl => tr(
                "Link naar deze beschrijving",
                "Link to this description",
                "Keppeling nei dizze beskriuwing",
            ),
            Meta::FirstPublishedAt => {
                tr("Eerste publicatie", "First published", "Earste publikaasje")
            }
            Meta::PublishedAt => tr("Gepubliceerd op", "Published at", "Publisearre op"),
            Meta::StandardVersion => tr(
                "Versie publicatiestandaard",
                "Version of the publication standard",
                "Ferzje publikaasjestandert",
            ),
            Meta::Version => tr("Versie", "Version", "Ferzje"),
            Meta::State => tr("Status versie", "Version state", "Status ferzje"),
            Meta::SupersededAt => tr("Vervangen op", "Superseded at", "Ferfongen op"),
            Meta::StateReason => tr("Reden", "Reason", "Reden"),
        }
    }

    fn explanation(self) -> Tr {
        match self {
            Meta::AlgorithmId => tr(
                "Het vaste nummer van deze beschrijving in het register. Dit nummer verandert nooit.",
                "The fixed number of this description in the register. This number never changes.",
                "It fêste nûmer fan dizze beskriuwing yn it register. Dit nûmer feroaret nea.",
            ),
            Meta::OrganisationCode => tr(
                "De code van de organisatie in de landelijke lijst van organisaties (TOOI), bijvoorbeeld gm0363.",
                "The code of the organisation in the national list of organisations (TOOI), for example gm0363.",
                "De koade fan de organisaasje yn de lanlike list fan organisaasjes (TOOI), bygelyks gm0363.",
            ),
            Meta::OrganisationName => tr(
                "De naam van de organisatie die de beschrijving heeft gepubliceerd.",
                "The name of the organisation that published the description.",
                "De namme fan de organisaasje dy't de beskriuwing publisearre hat.",
            ),
            Meta::RegisterUrl => tr(
                "De vaste link naar deze beschrijving in het algoritmeregister.",
                "The permanent link to this description in the algorithm register.",
                "De fêste keppeling nei dizze beskriuwing yn it algoritmeregister.",
            ),
            Meta::FirstPublishedAt => tr(
                "Wanneer de beschrijving voor het eerst is gepubliceerd. De tijd is in UTC, geschreven als 2024-03-01T09:00:00Z.",
                "When the description was published for the first time. The time is in UTC, written as 2024-03-01T09:00:00Z.",
                "Wannear't de beskriuwing foar it earst publisearre is. De tiid is yn UTC, skreaun as 2024-03-01T09:00:00Z.",
            ),
            Meta::PublishedAt => tr(
                "Wanneer deze versie van de beschrijving is gepubliceerd. De tijd is in UTC.",
                "When this version of the description was published. The time is in UTC.",
                "Wannear't dizze ferzje fan de beskriuwing publisearre is. De tiid is yn UTC.",
            ),
            Meta::StandardVersion => tr(
                "De versie van de publicatiestandaard waarin de beschrijving is geschreven. Beschrijvingen in een oudere versie zijn omgezet naar de kolommen van versie 1.0.",
                "The version of the publication standard that the description was written in. Descriptions in an older version were converted to the columns of version 1.0.",
                "De ferzje fan de publikaasjestandert dêr't de beskriuwing yn skreaun is. Beskriuwings yn in âldere ferzje binne omset nei de kolommen fan ferzje 1.0.",
            ),
            Meta::Version => tr(
                "Het nummer van deze versie van de beschrijving. De eerste versie heeft nummer 1.",
                "The number of this version of the description. The first version has number 1.",
                "It nûmer fan dizze ferzje fan de beskriuwing. De earste ferzje hat nûmer 1.",
            ),
            Meta::State => tr(
                "Wat er met deze versie is gebeurd: published (gepubliceerd), superseded (vervangen door een nieuwere versie), retracted (teruggetrokken) of archived (gearchiveerd).",
                "What happened to this version: published, superseded (replaced by a newer version), retracted or archived.",
                "Wat der mei dizze ferzje bard is: published (publisearre), superseded (ferfongen troch in nijere ferzje), retracted (weromlutsen) of archived (argivearre).",
            ),
            Meta::SupersededAt => tr(
                "Wanneer een nieuwere versie deze versie heeft vervangen. Leeg als dat niet is gebeurd. De tijd is in UTC.",
                "When a newer version replaced this version. Empty if that did not happen. The time is in UTC.",
                "Wannear't in nijere ferzje dizze ferzje ferfongen hat. Leech as dat net bard is. De tiid is yn UTC.",
            ),
            Meta::StateReason => tr(
                "Waarom deze versie is teruggetrokken of gearchiveerd. Leeg als er geen reden is gegeven.",
                "Why this version was retracted or archived. Empty if no reason was given.",
                "Wêrom't dizze ferzje weromlutsen of argivearre is. Leech as der gjin reden jûn is.",
            ),
        }
    }

    fn is_history(self) -> bool {
        matches!(
            self,
            Meta::Version | Meta::State | Meta::SupersededAt | Meta::StateReason
        )
    }

    fn value(self, r: &PublicRecord) -> String {
        match self {
            Meta::AlgorithmId => r.id.clone(),
            Meta::OrganisationCode => r.org_code.clone(),
            Meta::OrganisationName => r.org_name.clone(),
            Meta::RegisterUrl => r.url.clone(),
            Meta::FirstPublishedAt => opt_time(r.first_published_at.as_ref()),
            Meta::PublishedAt => opt_time(r.published_at.as_ref()),
            Meta::StandardVersion => r.standard_version.as_str().to_owned(),
            Meta::Version => r.version.to_string(),
            Meta::State => r.state.clone(),
            Meta::SupersededAt => opt_time(r.superseded_at.as_ref()),
            Meta::StateReason => r.state_reason.clone().unwrap_or_default(),
        }
    }
}

impl Column {
    /// The column heading in `lang`: our own label for meta columns, the standard's label for fields.
    pub fn label(&self, lang: Lang) -> &'static str {
        match self.source {
            Source::Meta(m) => m.label().get(lang),
            Source::Field(f) => f.label.get(lang),
        }
    }

    /// A short explanation in `lang`: our own sentence for meta columns, the field's help text otherwise.
    pub fn explanation(&self, lang: Lang) -> &'static str {
        match self.source {
            Source::Meta(m) => m.explanation().get(lang),
            Source::Field(f) => f.help.get(lang),
        }
    }

    /// The field of standard 1.0 this column shows, if it is not a meta column.
    pub fn field(&self) -> Option<&'static FieldDef> {
        match self.source {
            Source::Field(f) => Some(f),
            Source::Meta(_) => None,
        }
    }
}

fn build(history: bool) -> Vec<Column> {
    let meta = Meta::ALL
        .into_iter()
        .filter(|m| history || !m.is_history())
        .map(|m| Column {
            key: m.key(),
            source: Source::Meta(m),
        });
    let fields = standard(StandardVersion::V1_0)
        .fields
        .iter()
        .filter(|f| f.public && !f.is_system() && !EXCLUDED_FIELDS.contains(&f.key.as_str()))
        .map(|f| Column {
            key: f.key.as_str(),
            source: Source::Field(f),
        });
    meta.chain(fields).collect()
}

static COLUMNS: LazyLock<Vec<Column>> = LazyLock::new(|| build(false));
static HISTORY_COLUMNS: LazyLock<Vec<Column>> = LazyLock::new(|| build(true));

/// The columns of a download, in order. `history` adds the [`HISTORY_KEYS`] columns.
pub fn columns(history: bool) -> &'static [Column] {
    if history { &HISTORY_COLUMNS } else { &COLUMNS }
}

/// The columns of the fields of standard 1.0 (every column after the meta columns), in order: the same
/// for downloads with and without history.
pub fn field_columns() -> &'static [Column] {
    &COLUMNS[META_KEYS.len()..]
}

/// The column keys of a download, in order: the CSV header row.
pub fn column_keys(history: bool) -> Vec<&'static str> {
    columns(history).iter().map(|c| c.key).collect()
}

/// A time as the downloads write it: RFC 3339, UTC, whole seconds (`2024-03-01T09:00:00Z`).
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn opt_time(t: Option<&DateTime<Utc>>) -> String {
    t.map(format_time).unwrap_or_default()
}

/// The plain-text cell value of a value of field `f` (see the module documentation).
pub fn field_text(f: &FieldDef, value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) if f.kind == FieldKind::RichText => plain_text(s),
        Value::String(s) => s.clone(),
        Value::Array(items) if f.kind == FieldKind::LinkGroup => items
            .iter()
            .map(link_item)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        Value::Array(items) => items
            .iter()
            .map(scalar_text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        other => scalar_text(other),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn link_item(item: &Value) -> String {
    let Value::Object(m) = item else {
        return scalar_text(item);
    };
    let part = |k: &str| {
        m.get(k)
            .map(scalar_text)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let (title, link) = (part("title"), part("link"));
    match (title.is_empty(), link.is_empty()) {
        (false, false) => format!("{title} ({link})"),
        (false, true) => title,
        (true, _) => link,
    }
}

/// One record prepared for the tabular writers: its document mapped to standard 1.0, or its stored cells.
pub struct Row<'a> {
    record: &'a PublicRecord,
    fields: Fields<'a>,
}

enum Fields<'a> {
    Document(Cow<'a, Document>),
    /// The field cells, in the order of [`field_columns`].
    Cells(Vec<String>),
}

/// The position of each field column among [`field_columns`], by key.
static FIELD_INDEX: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    field_columns()
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect()
});

impl<'a> Row<'a> {
    pub fn new(record: &'a PublicRecord) -> Self {
        let fields = match &record.content {
            Content::Document(doc) if record.standard_version == StandardVersion::V1_0 => {
                Fields::Document(Cow::Borrowed(doc))
            }
            Content::Document(doc) => {
                Fields::Document(Cow::Owned(to_v1(record.standard_version, doc)))
            }
            Content::Cells(cells) => Fields::Cells(cells.values()),
        };
        Row { record, fields }
    }

    /// The document in standard 1.0, when the record carries its document.
    pub fn document(&self) -> Option<&Document> {
        match &self.fields {
            Fields::Document(d) => Some(d),
            Fields::Cells(_) => None,
        }
    }

    /// The plain-text value of `column`.
    pub fn text(&self, column: &Column) -> String {
        match (column.source, &self.fields) {
            (Source::Meta(m), _) => m.value(self.record),
            (Source::Field(f), Fields::Document(doc)) => doc
                .get(&f.key)
                .map(|v| field_text(f, v))
                .unwrap_or_default(),
            (Source::Field(f), Fields::Cells(cells)) => FIELD_INDEX
                .get(f.key.as_str())
                .and_then(|i| cells.get(*i))
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// Every value of the row, in the order of `columns`.
    pub fn values(&self, columns: &[Column]) -> Vec<String> {
        columns.iter().map(|c| self.text(c)).collect()
    }
}

/// The values of the meta columns among `columns`, in order.
pub fn meta_values(record: &PublicRecord, columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .filter_map(|c| match c.source {
            Source::Meta(m) => Some(m.value(record)),
            Source::Field(_) => None,
        })
        .collect()
}
