//! The information pages: about the register, questions and answers, accessibility, privacy, the
//! publication standard explained field by field, and open data.

use algoreg_standard::{FieldDef, FieldKind, StandardDef, StandardVersion};
use askama::Template;

use crate::{Page, Tr};

/// About the register.
#[derive(Template)]
#[template(path = "content-about.html")]
pub struct About {
    pub page: Page,
}

/// Frequently asked questions.
#[derive(Template)]
#[template(path = "content-faq.html")]
pub struct Faq {
    pub page: Page,
}

/// The accessibility statement.
#[derive(Template)]
#[template(path = "content-accessibility.html")]
pub struct Accessibility {
    pub page: Page,
    /// Where people report a problem with the website's accessibility.
    pub contact: String,
}

/// The privacy statement.
#[derive(Template)]
#[template(path = "content-privacy.html")]
pub struct Privacy {
    pub page: Page,
    /// Where people ask about their personal data.
    pub contact: String,
}

/// The downloads, the API, the standard and the licence.
#[derive(Template)]
#[template(path = "open-data.html")]
pub struct OpenData {
    pub page: Page,
    /// The current version of the standard (`1.0`).
    pub standard_version: &'static str,
}

impl OpenData {
    /// The absolute URL of `path`, for people who copy it into their own tools.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.page.base_url)
    }
}

/// The publication standard explained field by field.
#[derive(Template)]
#[template(path = "standard.html")]
pub struct Standard {
    pub page: Page,
    /// The version explained (`1.0`).
    pub version: &'static str,
    pub groups: Vec<StandardGroup>,
    /// Every version of the standard, newest first.
    pub versions: Vec<VersionLink>,
}

/// A group of fields, as on a description's page.
#[derive(Debug, Clone)]
pub struct StandardGroup {
    pub key: String,
    pub label: String,
    pub fields: Vec<StandardField>,
}

/// One public field, with everything a writer or an API user needs to know.
#[derive(Debug, Clone)]
pub struct StandardField {
    /// The wire key (`description_short`).
    pub key: String,
    pub label: String,
    pub help: String,
    pub example: String,
    /// What sort of value, in words.
    pub kind: String,
    pub required: bool,
    /// Filled in by the register, not by the organisation.
    pub system: bool,
    /// Limits in words (`At most 100 characters`), empty when there are none.
    pub limits: Vec<String>,
    /// The allowed values: (label in the page's language, stored value).
    pub allowed: Vec<(String, String)>,
}

impl StandardField {
    /// Whether the label of an allowed value differs from the stored value (then both are shown).
    pub fn translated(&self, value: &(String, String)) -> bool {
        value.0 != value.1
    }
}

/// A version of the standard with its machine-readable forms.
#[derive(Debug, Clone)]
pub struct VersionLink {
    pub version: &'static str,
    pub current: bool,
    /// `Version 1.0`, in the page's language.
    pub name: String,
    /// `31 fields`, in the page's language.
    pub fields: String,
    /// `/api/v1/standard/{version}`.
    pub json: String,
    /// `/api/v1/standard/{version}/schema.json`.
    pub schema: String,
}

impl Standard {
    /// The page for the current version of the standard.
    pub fn new(page: Page, def: &StandardDef) -> Standard {
        let t = page.t;
        let lang = page.lang;
        let groups = def
            .groups
            .iter()
            .map(|g| StandardGroup {
                key: g.key.clone(),
                label: g.label.get(lang).to_owned(),
                fields: def
                    .fields_in_group(&g.key)
                    .filter(|f| f.public)
                    .map(|f| StandardField {
                        key: f.key.clone(),
                        label: f.label.get(lang).to_owned(),
                        help: f.help.get(lang).to_owned(),
                        example: f.example.get(lang).to_owned(),
                        kind: kind_label(t, f.kind).to_owned(),
                        required: f.required,
                        system: f.is_system(),
                        limits: limits(t, f),
                        allowed: f
                            .allowed
                            .iter()
                            .map(|v| (t.value(v).to_owned(), v.clone()))
                            .collect(),
                    })
                    .collect(),
            })
            .filter(|g| !g.fields.is_empty())
            .collect();
        let versions = StandardVersion::ALL
            .iter()
            .rev()
            .map(|v| VersionLink {
                version: v.as_str(),
                current: v.is_current(),
                name: t.f("std-version-name", &[("version", &v.as_str())]),
                fields: t.count(
                    "std-version-fields",
                    algoreg_standard::standard(*v).fields.len() as u64,
                ),
                json: format!("/api/v1/standard/{}", v.as_str()),
                schema: format!("/api/v1/standard/{}/schema.json", v.as_str()),
            })
            .collect();
        Standard {
            page,
            version: def.version.as_str(),
            groups,
            versions,
        }
    }

    /// Number of public fields.
    pub fn field_count(&self) -> usize {
        self.groups.iter().map(|g| g.fields.len()).sum()
    }

    /// Which version this page explains and how many fields it has.
    pub fn intro(&self) -> String {
        self.page.t.f(
            "std-intro-version",
            &[
                ("version", &self.version),
                ("count", &self.page.t.number(self.field_count() as u64)),
            ],
        )
    }
}

/// What sort of value a field holds, in words.
fn kind_label(t: &Tr, kind: FieldKind) -> &str {
    match kind {
        FieldKind::Text => t.t("std-kind-text"),
        FieldKind::RichText => t.t("std-kind-rich-text"),
        FieldKind::LongText => t.t("std-kind-long-text"),
        FieldKind::Url => t.t("std-kind-url"),
        FieldKind::Enum => t.t("std-kind-enum"),
        FieldKind::EnumList => t.t("std-kind-enum-list"),
        FieldKind::TextList => t.t("std-kind-text-list"),
        FieldKind::Month => t.t("std-kind-month"),
        FieldKind::Contact => t.t("std-kind-contact"),
        FieldKind::LinkGroup => t.t("std-kind-link-group"),
        FieldKind::System => t.t("std-kind-system"),
    }
}

/// The limits of a field, each as a short sentence.
fn limits(t: &Tr, f: &FieldDef) -> Vec<String> {
    let mut out = Vec::new();
    // A month's length (`YYYY-MM`) and a system field's are said by the kind already.
    if let Some(n) = f
        .max_len
        .filter(|_| !matches!(f.kind, FieldKind::Month | FieldKind::System))
    {
        out.push(t.count("std-max-chars", n as u64));
    }
    if let Some(n) = f.item_title_max {
        out.push(t.count("std-item-title-max", n as u64));
    }
    if let Some(n) = f.item_link_max {
        out.push(t.count("std-item-link-max", n as u64));
    }
    if f.kind == FieldKind::LinkGroup {
        out.push(
            if f.item_link_required {
                t.t("std-item-link-required")
            } else {
                t.t("std-item-link-optional")
            }
            .to_owned(),
        );
    }
    out
}
