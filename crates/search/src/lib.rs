//! # algoreg-search — the front door of the algorithm register
//!
//! Ranked full-text search over published algorithm descriptions, built on
//! [tantivy](https://docs.rs/tantivy). The caller (the register/web crates)
//! turns stored descriptions into [`SearchDoc`]s and feeds them to a
//! [`SearchIndex`]; citizens' queries come back as [`SearchResults`] with
//! ranked hits, marked snippets, disjunctive facet counts, an honest spelling
//! correction and "direct" answers for IDs and organisation codes.
//!
//! ## Modules
//!
//! - [`types`](crate::types): the public data contract ([`SearchDoc`],
//!   [`SearchQuery`], [`SearchResults`], …).
//! - `analysis`: the text analyzers — Dutch (stop words, Snowball stemming,
//!   accent folding), English (idem), Frisian (folding, small stop list, no
//!   stemming) and a language-neutral "fold" analyzer; per-thread reuse.
//! - `schema`: the tantivy schema (per-language text fields, fast fields for
//!   filters/facets/sorting, stored display data) and [`SearchDoc`] conversion.
//! - `query`: the citizen's query language (AND by default, `of`/`or`,
//!   `-exclusion`, `"phrases"`), sanitising and capping bad input. Pure
//!   parsing: never panics, never fails.
//! - `plan`: turns a parsed query into a tantivy query — analysis per field
//!   language, field weights, synonym groups, IDs — and renders what we
//!   understood (`interpreted`).
//! - `scoring`: BM25 statistics blended across fields (one IDF per word,
//!   length averages over the documents that have the field), so the field
//!   weights order results as intended.
//! - `safe_phrase`: a phrase query wrapper that keeps tantivy's phrase
//!   scorer out of a debug assertion in exclusions and intersections.
//! - `compound`: Dutch compounds — a typed word also finds longer words
//!   starting with it ("afval" → "afvalinzameling"), with a small score.
//! - `synonyms`: the abbreviation/synonym groups from `data/synonyms.txt`
//!   (compiled in), applied in both directions.
//! - `table`: per-segment columnar tables read once from tantivy fast fields
//!   (facet value ids, dates, names) so that filtering, disjunctive facet
//!   counting and sorting are a tight loop over matched documents.
//! - `spell`: typo tolerance — Levenshtein automata over the index's own
//!   vocabulary, with the edit distance chosen by word length.
//! - `snippet`: HTML-escaped snippets with `<mark>` around matched words.
//! - `suggest`: prefix suggestions (descriptions, organisations,
//!   abbreviations) for search-as-you-type.
//! - `index`: [`SearchIndex`] itself — opening, (re)building, upserts and
//!   removals, searching, similar descriptions and the small meta store.
//! - `error`: [`SearchError`].
//!
//! ## Concurrency
//!
//! A [`SearchIndex`] is `Send + Sync`; share it in an `Arc`. Searches take a
//! snapshot (one tantivy searcher plus the tables derived from it) without
//! blocking writers; writes are serialised and become visible when the
//! writing call returns.

mod analysis;
mod compound;
mod error;
mod index;
mod plan;
mod query;
mod safe_phrase;
mod schema;
mod scoring;
mod snippet;
mod spell;
mod suggest;
mod synonyms;
mod table;
pub mod types;

pub use error::SearchError;
pub use index::{DEFAULT_FACET_LIMIT, SearchIndex};
pub use synonyms::synonyms;
pub use types::{
    Correction, Direct, FACET_NAMES, FacetValue, Filters, Hit, MAX_QUERY_CHARS, MAX_QUERY_TERMS,
    SearchDoc, SearchQuery, SearchResults, Sort, Suggestion, SuggestionKind,
};
