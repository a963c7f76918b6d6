//! The definitions of the standard: which fields each version has, their kind, limits, allowed values,
//! display group and texts. They are data, not code: one JSON file per version in `data/`, embedded in the
//! binary and parsed once on first use. Nothing here decides rules; [`crate::validate`] and friends read
//! these definitions.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::lang::Text;
use crate::version::StandardVersion;

/// What sort of value a field holds. Decides how it is normalised, validated and shown.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Plain text on one line or a few; HTML is stripped on input.
    Text,
    /// Text with the tags `p br ul ol li div` (no attributes); everything else removed on input.
    RichText,
    /// Plain text that may span several lines (older versions' long fields). HTML is stripped on input,
    /// line breaks are kept.
    LongText,
    /// An `http(s)` link with a host.
    Url,
    /// One value from `allowed`.
    Enum,
    /// A list of values, each from `allowed`.
    EnumList,
    /// A list of free texts (0.4 `impacttoetsen`).
    TextList,
    /// A month written `YYYY-MM`.
    Month,
    /// An e-mail address or an `https` link.
    Contact,
    /// A list of `{title, link}` objects.
    LinkGroup,
    /// Set by the register itself (`lars`, `publication_dt`); ignored on input.
    System,
}

impl FieldKind {
    /// True for kinds whose JSON value is a string.
    pub fn is_string(self) -> bool {
        matches!(
            self,
            FieldKind::Text
                | FieldKind::RichText
                | FieldKind::LongText
                | FieldKind::Url
                | FieldKind::Enum
                | FieldKind::Month
                | FieldKind::Contact
        )
    }

    /// True for kinds whose JSON value is a list.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            FieldKind::EnumList | FieldKind::TextList | FieldKind::LinkGroup
        )
    }
}

fn yes() -> bool {
    true
}

/// One field of a version of the standard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// The wire key, as in the delivery API.
    pub key: String,
    pub kind: FieldKind,
    /// Must be filled in for the description to be valid.
    #[serde(default)]
    pub required: bool,
    /// Maximum number of characters after HTML is stripped.
    #[serde(default)]
    pub max_len: Option<usize>,
    /// The allowed values of an [`FieldKind::Enum`] or the items of an [`FieldKind::EnumList`].
    #[serde(default)]
    pub allowed: Vec<String>,
    /// Key of the display group (see [`GroupDef`]).
    pub group: String,
    /// Shown on the public page even when empty, with a "not filled in" note.
    #[serde(default)]
    pub always_shown: bool,
    /// Shown on the public page at all (`tags` is not: it only feeds search).
    #[serde(default = "yes")]
    pub public: bool,
    pub label: Text,
    /// What to write, in B1 language. Brief for older versions.
    #[serde(default)]
    pub help: Text,
    /// An example about a fictitious body. May be empty for older versions and system fields.
    #[serde(default)]
    pub example: Text,
    /// For link groups: maximum characters of an item's title.
    #[serde(default)]
    pub item_title_max: Option<usize>,
    /// For link groups: maximum characters of an item's link.
    #[serde(default)]
    pub item_link_max: Option<usize>,
    /// For link groups: every item needs a link (the title is always required).
    #[serde(default)]
    pub item_link_required: bool,
}

impl FieldDef {
    /// True for fields the register fills in itself.
    pub fn is_system(&self) -> bool {
        self.kind == FieldKind::System
    }
}

/// A display group on the public page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDef {
    pub key: String,
    pub label: Text,
}

/// One version of the standard: its groups in display order and its fields in standard order.
///
/// # JSON shape
///
/// The same shape as the embedded data files, suitable for an API. Every key is always present (absent
/// limits are `null`, absent value lists `[]`), so the shape does not depend on the field:
///
/// ```json
/// {
///   "version": "1.0",
///   "groups": [
///     {"key": "general", "label": {"nl": "Algemene informatie", "en": "General information", "fy": "Algemiene ynformaasje"}}
///   ],
///   "fields": [
///     {
///       "key": "name",                 // wire key in documents
///       "kind": "text",                // FieldKind in snake_case: text, rich_text, long_text, url, enum,
///                                      // enum_list, text_list, month, contact, link_group, system
///       "required": true,
///       "max_len": 100,                // characters after stripping HTML, or null
///       "allowed": [],                 // allowed values of enum / enum_list, else []
///       "group": "general",            // key of one of "groups"
///       "always_shown": true,          // shown on the public page even when empty
///       "public": true,                // shown on the public page at all
///       "label":   {"nl": "Naam", "en": "Name", "fy": "Namme"},
///       "help":    {"nl": "…", "en": "…", "fy": "…"},
///       "example": {"nl": "…", "en": "…", "fy": "…"},
///       "item_title_max": null,        // link groups: limit of an item's title, or null
///       "item_link_max": null,         // link groups: limit of an item's link, or null
///       "item_link_required": false    // link groups: every item needs a link
///     }
///   ]
/// }
/// ```
///
/// (Comments added for explanation; the real output is plain JSON.) Texts ([`Text`]) are always
/// `{"nl", "en", "fy"}` objects; the version is its version string. For a JSON Schema of the documents
/// themselves, see [`crate::json_schema`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardDef {
    pub version: StandardVersion,
    pub groups: Vec<GroupDef>,
    pub fields: Vec<FieldDef>,
}

impl StandardDef {
    /// The field with wire key `key`.
    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The group with key `key`.
    pub fn group(&self, key: &str) -> Option<&GroupDef> {
        self.groups.iter().find(|g| g.key == key)
    }

    /// The fields of group `key`, in standard order.
    pub fn fields_in_group<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a FieldDef> + 'a {
        self.fields.iter().filter(move |f| f.group == key)
    }

    /// The fields a publisher fills in (all but the system fields).
    pub fn input_fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter().filter(|f| !f.is_system())
    }
}

fn load(json: &str, version: StandardVersion) -> StandardDef {
    let def: StandardDef =
        serde_json::from_str(json).expect("embedded standard data file must match StandardDef");
    assert_eq!(
        def.version, version,
        "embedded standard data file holds the wrong version"
    );
    def
}

static V0_1: LazyLock<StandardDef> =
    LazyLock::new(|| load(include_str!("../data/v0.1.json"), StandardVersion::V0_1));
static V0_2_3: LazyLock<StandardDef> =
    LazyLock::new(|| load(include_str!("../data/v0.2.3.json"), StandardVersion::V0_2_3));
static V0_3_1: LazyLock<StandardDef> =
    LazyLock::new(|| load(include_str!("../data/v0.3.1.json"), StandardVersion::V0_3_1));
static V0_4: LazyLock<StandardDef> =
    LazyLock::new(|| load(include_str!("../data/v0.4.json"), StandardVersion::V0_4));
static V1_0: LazyLock<StandardDef> =
    LazyLock::new(|| load(include_str!("../data/v1.0.json"), StandardVersion::V1_0));

/// The definition of version `v`, parsed once from the embedded data.
pub fn standard(v: StandardVersion) -> &'static StandardDef {
    match v {
        StandardVersion::V0_1 => &V0_1,
        StandardVersion::V0_2_3 => &V0_2_3,
        StandardVersion::V0_3_1 => &V0_3_1,
        StandardVersion::V0_4 => &V0_4,
        StandardVersion::V1_0 => &V1_0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn every_version_loads_and_is_consistent() {
        for v in StandardVersion::ALL {
            let def = standard(v);
            assert_eq!(def.version, v);
            let mut seen = std::collections::HashSet::new();
            for f in &def.fields {
                assert!(seen.insert(f.key.as_str()), "{v}: duplicate key {}", f.key);
                assert!(
                    def.group(&f.group).is_some(),
                    "{v}: {} has unknown group",
                    f.key
                );
                assert!(!f.label.has_gaps(), "{v}: {} lacks a label", f.key);
                if matches!(f.kind, FieldKind::Enum | FieldKind::EnumList) {
                    assert!(
                        !f.allowed.is_empty(),
                        "{v}: {} has no allowed values",
                        f.key
                    );
                } else {
                    assert!(
                        f.allowed.is_empty(),
                        "{v}: {} should not list values",
                        f.key
                    );
                }
                if f.kind != FieldKind::LinkGroup {
                    assert!(f.item_title_max.is_none() && f.item_link_max.is_none());
                }
            }
            for g in &def.groups {
                assert!(!g.label.has_gaps(), "{v}: group {} lacks a label", g.key);
                assert!(
                    def.fields_in_group(&g.key).next().is_some(),
                    "{v}: empty group"
                );
            }
            let sv = def
                .field("standard_version")
                .expect("every version has standard_version");
            assert_eq!(sv.allowed, vec![v.as_str().to_string()]);
            assert!(def.field("lars").is_some_and(FieldDef::is_system));
            assert!(def.field("publication_dt").is_some_and(FieldDef::is_system));
        }
    }

    #[test]
    fn v1_has_the_31_fields_of_the_spec_in_order() {
        let keys: Vec<&str> = standard(StandardVersion::V1_0)
            .fields
            .iter()
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
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
                "publication_dt",
            ]
        );
    }

    #[test]
    fn v1_groups_and_flags() {
        let def = standard(StandardVersion::V1_0);
        let groups: Vec<&str> = def.groups.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(
            groups,
            ["general", "responsible_use", "operation", "metadata"]
        );
        let group_of = |i: usize| def.fields[i].group.as_str();
        assert!((0..11).all(|i| group_of(i) == "general"));
        assert!((11..20).all(|i| group_of(i) == "responsible_use"));
        assert!((20..25).all(|i| group_of(i) == "operation"));
        assert!((25..31).all(|i| group_of(i) == "metadata"));
        let required: Vec<&str> = def
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(
            required,
            [
                "name",
                "description_short",
                "organization",
                "status",
                "contact_email",
                "publication_category",
                "lang"
            ]
        );
        let private: Vec<&str> = def
            .fields
            .iter()
            .filter(|f| !f.public)
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(private, ["tags"]);
        for key in [
            "goal",
            "proportionality",
            "human_intervention",
            "risks",
            "source_data",
        ] {
            assert!(def.field(key).is_some_and(|f| f.always_shown), "{key}");
        }
        assert_eq!(def.field("category").map(|f| f.allowed.len()), Some(16));
        let lbg = def.field("lawful_basis_grouping").expect("field");
        assert_eq!(
            (
                lbg.item_title_max,
                lbg.item_link_max,
                lbg.item_link_required
            ),
            (Some(100), Some(500), true)
        );
        let sdg = def.field("source_data_grouping").expect("field");
        assert_eq!(
            (
                sdg.item_title_max,
                sdg.item_link_max,
                sdg.item_link_required
            ),
            (Some(500), Some(500), true)
        );
        let itg = def.field("impacttoetsen_grouping").expect("field");
        assert_eq!(
            (
                itg.item_title_max,
                itg.item_link_max,
                itg.item_link_required
            ),
            (None, Some(500), false)
        );
    }

    #[test]
    fn v1_help_and_examples_are_complete() {
        let def = standard(StandardVersion::V1_0);
        for f in def.input_fields() {
            for l in Lang::ALL {
                assert!(!f.help.get(l).trim().is_empty(), "{} help {l}", f.key);
                assert!(!f.example.get(l).trim().is_empty(), "{} example {l}", f.key);
            }
        }
    }

    #[test]
    fn older_versions_have_help() {
        for v in StandardVersion::ALL {
            for f in &standard(v).fields {
                assert!(!f.help.has_gaps(), "{v}: {} lacks help", f.key);
            }
        }
    }
}
