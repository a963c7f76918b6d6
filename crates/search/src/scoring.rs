//! BM25 statistics that make field weights mean what they say.
//!
//! Plain per-field BM25 works against field weights in two ways:
//!
//! - IDF is per field: a word that is rare in the long texts but common as
//!   a provider name gets a *higher* weight in the texts, so a passing
//!   mention outranks the description that has it as its provider.
//! - Length normalisation divides by the average length over *all*
//!   documents, including those without the field (other languages, no
//!   provider, no tags), so sparse short fields look "long" and are
//!   penalised.
//!
//! [`BlendedStats`] fixes both, like Lucene's cross-field scoring: the
//! document frequency of a word is the maximum over all searchable fields
//! (one IDF per word), and the average field length is taken over the
//! documents that have the field.

use std::collections::HashMap;
use std::sync::RwLock;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Entries kept before the term cache starts over.
const TERM_CACHE_MAX: usize = 50_000;

/// A term (analysed text) across the searchable fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TermStats {
    /// The blended document frequency: the largest over the fields.
    pub df: u64,
    /// Bit `i` set: field `i` (in [`TextStats`] order) has the term.
    pub fields: u64,
}

/// The statistics of one snapshot of the index: per searchable text field
/// the documents having it and its tokens, and per term (cached as
/// searches ask for them) the blended document frequency and the fields
/// that have it at all — so that a query leaves out the fields where a
/// word cannot match instead of opening their postings.
#[derive(Debug)]
pub(crate) struct TextStats {
    /// (field, documents with a non-empty value, tokens).
    fields: Vec<(Field, u64, u64)>,
    total_docs: u64,
    terms: RwLock<HashMap<String, TermStats>>,
}

impl TextStats {
    /// `fields`: the searchable text fields with the number of documents
    /// having each (at most 64 fields).
    pub(crate) fn new(searcher: &Searcher, fields: &[(Field, u64)]) -> Self {
        let fields = fields
            .iter()
            .take(64)
            .map(|&(f, with)| (f, with, searcher.total_num_tokens(f).unwrap_or(0)))
            .collect();
        let total_docs = searcher
            .segment_readers()
            .iter()
            .map(|s| u64::from(s.max_doc()))
            .sum();
        TextStats {
            fields,
            total_docs,
            terms: RwLock::default(),
        }
    }

    /// The statistics of `text` as a term of the searchable fields.
    pub(crate) fn term(&self, searcher: &Searcher, text: &str) -> TermStats {
        if let Some(t) = self.terms.read().ok().and_then(|m| m.get(text).copied()) {
            return t;
        }
        let mut stats = TermStats { df: 0, fields: 0 };
        for (i, &(f, _, _)) in self.fields.iter().enumerate() {
            let df = searcher
                .doc_freq(&Term::from_field_text(f, text))
                .unwrap_or(0);
            if df > 0 {
                stats.fields |= 1 << i;
            }
            stats.df = stats.df.max(df);
        }
        stats.df = stats.df.min(self.total_docs);
        if let Ok(mut map) = self.terms.write() {
            if map.len() >= TERM_CACHE_MAX {
                map.clear();
            }
            map.insert(text.to_string(), stats);
        }
        stats
    }

    /// Whether `field` has the term `text` in some document (true for
    /// fields that are not searchable text fields: we do not know).
    pub(crate) fn has(&self, searcher: &Searcher, field: Field, text: &str) -> bool {
        match self.fields.iter().position(|(f, _, _)| *f == field) {
            Some(i) => self.term(searcher, text).fields & (1 << i) != 0,
            None => true,
        }
    }
}

pub(crate) struct BlendedStats<'a> {
    searcher: &'a Searcher,
    stats: &'a TextStats,
}

impl<'a> BlendedStats<'a> {
    pub(crate) fn new(searcher: &'a Searcher, stats: &'a TextStats) -> Self {
        BlendedStats { searcher, stats }
    }
}

impl Bm25StatisticsProvider for BlendedStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.stats.fields.iter().find(|(f, _, _)| *f == field) {
            // Scale so that tokens / total_docs is the average over the
            // documents that have the field.
            Some(&(_, with, tokens)) if with > 0 => Ok((u128::from(tokens)
                * u128::from(self.stats.total_docs)
                / u128::from(with)) as u64),
            Some(&(_, _, tokens)) => Ok(tokens),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.stats.total_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let blend = self.stats.fields.iter().any(|(f, _, _)| *f == term.field());
        let value = term.value();
        match value.as_str().filter(|_| blend) {
            Some(text) => Ok(self.stats.term(self.searcher, text).df),
            None => self.searcher.doc_freq(term),
        }
    }
}
