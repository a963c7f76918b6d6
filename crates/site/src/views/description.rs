//! The page of one description, the comparison of two of its published versions, and the page of a
//! description that left the register.

use askama::Template;

use super::{Summary, is_high_risk};
use crate::Page;

/// A field's value, ready to show. Texts are plain and escaped by the template, except [`Shown::Html`],
/// which is the stored rich text (sanitised to `p br ul ol li div` when it was saved).
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// Not filled in.
    Empty,
    Text(String),
    /// A longer plain text, one paragraph per line.
    Paragraphs(Vec<String>),
    Html(String),
    Link {
        href: String,
        text: String,
    },
    List(Vec<String>),
    Links(Vec<LinkItem>),
}

impl Shown {
    /// Long values get a heading of their own; short ones sit in a list of facts.
    pub fn is_long(&self) -> bool {
        matches!(
            self,
            Shown::Paragraphs(_) | Shown::Html(_) | Shown::Links(_)
        )
    }
}

/// An item of a link group: a title with (usually) a link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkItem {
    pub title: String,
    pub href: Option<String>,
}

/// One field of the standard on the page.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub label: String,
    /// What the field is for, from the standard, in the page's language.
    pub help: String,
    pub value: Shown,
    /// Show it with a heading of its own (rich texts, link groups) instead of in a list of facts.
    pub long: bool,
}

/// Fields in the order of the standard: short ones together in a definition list, long ones each
/// under a heading.
#[derive(Debug, Clone)]
pub enum Block {
    Facts(Vec<Field>),
    Long(Field),
}

/// A group of the standard: a section of the page.
#[derive(Debug, Clone)]
pub struct Group {
    /// The anchor (`#groep-general`).
    pub anchor: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Group {
    /// Puts the fields of a group into blocks, keeping their order.
    pub fn new(key: &str, title: String, fields: Vec<Field>) -> Group {
        let mut blocks: Vec<Block> = Vec::new();
        for f in fields {
            if f.long {
                blocks.push(Block::Long(f));
            } else if let Some(Block::Facts(facts)) = blocks.last_mut() {
                facts.push(f);
            } else {
                blocks.push(Block::Facts(vec![f]));
            }
        }
        Group {
            anchor: format!("groep-{key}"),
            title,
            blocks,
        }
    }
}

/// A published version in the history list.
#[derive(Debug, Clone)]
pub struct VersionLine {
    pub number: i64,
    /// `Versie 3`.
    pub label: String,
    /// `gepubliceerd op 3 maart 2026`.
    pub published: String,
    /// `Versie 3 (3 maart 2026)`, for the comparison form.
    pub option: String,
    pub current: bool,
    /// The comparison with the version published before it.
    pub compare_href: Option<String>,
}

/// A link to download this description.
#[derive(Debug, Clone)]
pub struct Download {
    pub label: String,
    pub href: String,
}

/// Descriptions of other organisations with the same provider.
#[derive(Debug, Clone)]
pub struct SameProvider {
    /// `Deze organisaties gebruiken ook een algoritme van …`
    pub lead: String,
    /// The text of the link to the search.
    pub all_text: String,
    pub items: Vec<Summary>,
    /// The search for every description with this provider.
    pub search_href: String,
}

#[derive(Template)]
#[template(path = "description.html")]
pub struct DescriptionPage {
    pub page: Page,
    pub id: String,
    pub name: String,
    pub summary: String,
    pub organisation: String,
    pub organisation_href: String,
    pub status: Option<String>,
    pub category: Option<String>,
    pub standard_version: String,
    pub version: i64,
    pub first_published: String,
    pub last_published: String,
    pub groups: Vec<Group>,
    /// Newest first.
    pub versions: Vec<VersionLine>,
    /// The comparison form's action.
    pub compare_action: String,
    /// The preselected versions of the comparison form: the one before the current, and the current.
    pub compare_from: i64,
    pub compare_to: i64,
    pub downloads: Vec<Download>,
    pub api_href: String,
    pub similar: Vec<Summary>,
    pub same_provider: Option<SameProvider>,
    /// Other organisations that started from the same supplier's template: (organisation, name of
    /// their description, href).
    pub same_product: Vec<(String, String, String)>,
}

impl DescriptionPage {
    pub fn high_risk(&self) -> bool {
        self.category.as_deref().is_some_and(is_high_risk)
    }
}

/// One piece of a word-by-word comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Same(String),
    Added(String),
    Removed(String),
}

/// One field that changed between two versions.
#[derive(Debug, Clone)]
pub struct Change {
    pub label: String,
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    pub before: Shown,
    pub after: Shown,
    /// For long texts that changed: the words taken out and put in.
    pub words: Option<Vec<Piece>>,
}

/// The changes within one group of the standard.
#[derive(Debug, Clone)]
pub struct ChangeGroup {
    pub title: String,
    pub changes: Vec<Change>,
}

#[derive(Template)]
#[template(path = "compare.html")]
pub struct ComparePage {
    pub page: Page,
    pub id: String,
    pub name: String,
    pub description_href: String,
    pub organisation: String,
    pub from: i64,
    pub to: i64,
    /// `Wat is er veranderd tussen versie 1 en versie 2?`
    pub lead: String,
    /// Column heads: `Versie 1 (eerst)`, `Versie 2 (daarna)`.
    pub before_label: String,
    pub after_label: String,
    /// `3 velden zijn veranderd.`
    pub changed_text: String,
    /// `28 velden zijn hetzelfde gebleven. …` (empty when none).
    pub unchanged_text: String,
    /// Every published version, newest first (for the form).
    pub versions: Vec<VersionLine>,
    pub compare_action: String,
    pub compare_from: i64,
    pub compare_to: i64,
    pub groups: Vec<ChangeGroup>,
}

#[derive(Template)]
#[template(path = "description-withdrawn.html")]
pub struct WithdrawnPage {
    pub page: Page,
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub organisation_href: String,
    /// Archived (ended) rather than retracted.
    pub archived: bool,
    /// `De organisatie heeft … op 3 maart 2026 teruggetrokken. …`
    pub lead: String,
    /// The organisation's reason, in its words.
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, long: bool) -> Field {
        Field {
            key: key.into(),
            label: key.into(),
            help: String::new(),
            value: Shown::Empty,
            long,
        }
    }

    #[test]
    fn short_fields_are_gathered_between_long_ones() {
        let g = Group::new(
            "general",
            "Algemeen".into(),
            vec![
                field("a", false),
                field("b", false),
                field("c", true),
                field("d", false),
            ],
        );
        assert_eq!(g.anchor, "groep-general");
        let shape: Vec<usize> = g
            .blocks
            .iter()
            .map(|b| match b {
                Block::Facts(f) => f.len(),
                Block::Long(_) => 0,
            })
            .collect();
        assert_eq!(shape, [2, 0, 1]);
    }
}
