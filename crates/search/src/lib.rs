//! # algoreg-search — the front door of the algorithm register
//!
//! Ranked full-text search over published algorithm descriptions, built on
//! [tantivy](https://docs.rs/tantivy). The caller (the register/web crates)
//! turns stored descriptions into [`SearchDoc`]s and feeds them to a
//! [`SearchIndex`]; citizens' queries come back as [`SearchResults`] with
//! ranked hits, marked snippets, disjunctive facet counts, an honest spelling
//! correction and "direct" answers for IDs and organisation codes.
//!
//! ```
//! use algoreg_search::{SearchDoc, SearchIndex, SearchQuery};
//! # fn doc(id: &str, name: &str, summary: &str) -> SearchDoc {
//! #     SearchDoc { id: id.into(), org_code: "gm0363".into(), org_name: "Gemeente Amsterdam".into(),
//! #         org_type: "Gemeente".into(), name: name.into(), summary: summary.into(), tags: String::new(),
//! #         provider: None, texts: vec![], themes: vec!["Verkeer".into()], status: Some("In gebruik".into()),
//! #         publication_category: None, impact_codes: vec!["dpia".into()], standard_version: "1.0".into(),
//! #         lang: "nld".into(), published_at: chrono::Utc::now() }
//! # }
//! let index = SearchIndex::in_memory()?;
//! index.rebuild(vec![doc("12345678", "Parkeervergunning bewoners", "Kent parkeervergunningen toe.")].into_iter())?;
//! let results = index.search(&SearchQuery::new("parkeervergunning"))?;
//! assert_eq!(results.hits[0].id, "12345678");
//! assert!(results.hits[0].snippet.contains("<mark>parkeervergunningen</mark>"));
//! let results = index.search(&SearchQuery::new("parkeervergunnnig"))?;
//! assert_eq!(results.correction.unwrap().corrected, "parkeervergunning");
//! # Ok::<(), algoreg_search::SearchError>(())
//! ```
//!
//! ## Behaviour in short
//!
//! - **Query language** (`query`): words are ANDed; `of`/`or` between two
//!   terms gives OR; `-word` / `-"phrase"` excludes; `"phrase"` matches in
//!   order; an 8-digit Algoritme-ID or an organisation code (`gm0363`) —
//!   or exactly an organisation's name — also yields [`Direct`]. Bad input is
//!   read as well as possible ([`MAX_QUERY_CHARS`], [`MAX_QUERY_TERMS`]);
//!   a query with no usable terms matches everything (`interpreted` is
//!   then empty).
//! - **Analysis**: Dutch stemming and stop words, English for `eng`
//!   documents, Frisian folded but unstemmed; accents never matter. Words
//!   that are stop words in any of the languages are dropped from queries.
//! - **Ranking**: BM25 with field weights name (6) > summary (3) > tags (2);
//!   organisation and provider (1.5) above long texts (1); one IDF per word
//!   across fields. Scores within ~1% tie and the newer description wins.
//!   Sorts: relevance, newest, name.
//! - **Synonyms** (`data/synonyms.txt`, see [`synonyms()`]): every member of
//!   a group matches all others, both ways (multi-word members as phrases).
//! - **Compounds**: a word of 5+ letters that is not common also finds longer
//!   words starting with it ("afval" → "afvalinzameling"), ranked below
//!   real matches.
//! - **Typos**: a word that matches nothing — or a rare word when the query
//!   finds ≤ 2 results — is replaced by the most frequent indexed word within
//!   1 edit (5–8 letters) or 2 edits (9+); ≤ 4 letters are never changed. The
//!   results are then for the corrected query and [`Correction`] says so;
//!   a correction is only made when it finds more.
//! - **Facets**: counted over the whole result set from columnar tables,
//!   disjunctively (facet F ignores F's own filter); at most
//!   [`DEFAULT_FACET_LIMIT`] values per facet by default
//!   ([`SearchIndex::set_facet_limit`]), selected values always listed.
//! - **Persistence**: [`SearchIndex::open`] keeps the index in a directory;
//!   [`SearchIndex::set_meta`] stores small values (e.g. the change-log
//!   position) in the same commit metadata as the documents.
//!
//! ## Modules
//!
//! - [`types`]: the public data contract ([`SearchDoc`],
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
//!   understood (`interpreted`). Fields without a word are left out.
//! - `scoring`: BM25 statistics blended across fields (one IDF per word,
//!   length averages over the documents that have the field), so the field
//!   weights order results as intended; per snapshot, which fields have a
//!   word.
//! - `safe_phrase`: a phrase query wrapper that keeps tantivy's phrase
//!   scorer out of a debug assertion in exclusions and intersections.
//! - `compound`: Dutch compounds — a typed word also finds longer words
//!   starting with it ("afval" → "afvalinzameling"), with a small score.
//! - `synonyms`: the abbreviation/synonym groups from `data/synonyms.txt`
//!   (compiled in), applied in both directions.
//! - `table`: per-segment columnar tables read once from tantivy fast fields
//!   (facet value ids — also as bits per document and sets of documents per
//!   value — dates, names) so that filtering, disjunctive facet counting
//!   and sorting are tight loops or word operations over matched documents.
//! - `spell`: typo tolerance — Levenshtein automata over the index's own
//!   vocabulary, with the edit distance chosen by word length (one edit
//!   tried first: such a neighbour always wins).
//! - `union`: a disjunction that scores a document only when its score is
//!   read (filtered searches rank only what passes the filters).
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
mod union;

pub use error::SearchError;
pub use index::{DEFAULT_FACET_LIMIT, SearchIndex};
pub use synonyms::synonyms;
pub use types::{
    Correction, Direct, FACET_NAMES, FacetValue, Filters, Hit, MAX_QUERY_CHARS, MAX_QUERY_TERMS,
    SearchDoc, SearchQuery, SearchResults, Sort, Suggestion, SuggestionKind,
};
