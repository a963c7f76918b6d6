//! # algoreg-standard
//!
//! The *Algoritmeregister publicatiestandaard* as data and pure functions. This crate knows the fields of
//! every version of the publication standard (1.0 is current; 0.1, 0.2.3, 0.3.1 and 0.4 stay readable),
//! checks descriptions against them, cleans their HTML, maps old versions to 1.0, scores completeness and
//! extracts the few values that search filters need.
//!
//! It does **no I/O**: no files, no network, no clock. The standard itself lives in one embedded JSON file
//! per version under `data/`; adding a version means adding a data file, a [`StandardVersion`] variant and a
//! mapping in [`to_v1`].
//!
//! A description is a [`Document`]: a JSON object whose keys are the wire keys of the standard (the keys of
//! the existing delivery API). The usual flow for input is [`check`] = [`normalise`] then [`validate`].
//!
//! Modules:
//! - [`lang`]: the three interface languages and translated texts.
//! - [`version`]: the versions of the standard and how a document says which one it follows.
//! - [`def`]: field and group definitions, loaded once from the embedded data files.
//! - [`html`]: sanitising rich text, stripping HTML, counting characters.
//! - [`problem`]: validation problems with stable codes and B1 messages in nl/en/fy.
//! - [`normalise`]: turning raw input into the canonical shape of a document.
//! - [`validate`]: every rule of the standard, returning every problem at once.
//! - [`completeness`]: a 0–100 score of how much of the standard is filled in.
//! - [`impact`]: impact-assessment titles and their canonical codes.
//! - [`facets`]: the values search filters need, for every version.
//! - [`migrate`]: the explicit mapping of older versions to 1.0.
//! - [`schema`]: a JSON Schema (draft 2020-12) of each version, in each interface language.
//! - [`mod@diff`]: comparing two descriptions field by field, and two texts word by word.
//! - [`form`]: descriptions as HTML form fields and back, rich text as typed text.

pub mod completeness;
pub mod def;
pub mod diff;
pub mod facets;
pub mod form;
pub mod html;
pub mod impact;
pub mod lang;
pub mod migrate;
pub mod normalise;
pub mod problem;
pub mod schema;
pub mod validate;
pub mod version;

pub use completeness::completeness;
pub use def::{FieldDef, FieldKind, GroupDef, StandardDef, standard};
pub use diff::{ChangeKind, DiffOp, FieldChange, diff, text_diff};
pub use facets::{Facets, facets};
pub use html::{plain_text, sanitise_rich_text, strip_html, text_len, text_to_rich};
pub use impact::{
    IMPACT_ASSESSMENTS, IMPACT_NONE, IMPACT_OTHER, impact_assessment_codes, impact_code,
    title_suggestions,
};
pub use lang::{Lang, Text};
pub use migrate::to_v1;
pub use normalise::normalise;
pub use problem::{Problem, ProblemKind};
pub use schema::{json_schema, schema_id};
pub use validate::{check, validate};
pub use version::{StandardVersion, version_of};

/// A description: a JSON object whose keys are the wire keys of the standard.
pub type Document = serde_json::Map<String, serde_json::Value>;
