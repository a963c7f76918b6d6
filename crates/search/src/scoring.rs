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

/// Blended document frequencies, shared by all searches on one snapshot.
#[derive(Debug, Default)]
pub(crate) struct DfCache(RwLock<HashMap<String, u64>>);

/// Entries kept before the cache starts over.
const DF_CACHE_MAX: usize = 50_000;

impl DfCache {
    fn get(&self, text: &str) -> Option<u64> {
        self.0.read().ok()?.get(text).copied()
    }

    fn put(&self, text: &str, df: u64) {
        if let Ok(mut map) = self.0.write() {
            if map.len() >= DF_CACHE_MAX {
                map.clear();
            }
            map.insert(text.to_string(), df);
        }
    }
}

pub(crate) struct BlendedStats<'a> {
    searcher: &'a Searcher,
    /// The searchable text fields and how many documents have each.
    fields: &'a [(Field, u64)],
    total_docs: u64,
    cache: &'a DfCache,
}

impl<'a> BlendedStats<'a> {
    pub(crate) fn new(
        searcher: &'a Searcher,
        fields: &'a [(Field, u64)],
        cache: &'a DfCache,
    ) -> Self {
        let total_docs = searcher
            .segment_readers()
            .iter()
            .map(|s| u64::from(s.max_doc()))
            .sum();
        BlendedStats {
            searcher,
            fields,
            total_docs,
            cache,
        }
    }
}

impl Bm25StatisticsProvider for BlendedStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = self.searcher.total_num_tokens(field)?;
        match self.fields.iter().find(|(f, _)| *f == field) {
            // Scale so that tokens / total_docs is the average over the
            // documents that have the field.
            Some(&(_, with)) if with > 0 => {
                Ok((u128::from(tokens) * u128::from(self.total_docs) / u128::from(with)) as u64)
            }
            _ => Ok(tokens),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.total_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let blend = self.fields.iter().any(|(f, _)| *f == term.field());
        let value = term.value();
        let Some(text) = value.as_str().filter(|_| blend) else {
            return self.searcher.doc_freq(term);
        };
        if let Some(df) = self.cache.get(text) {
            return Ok(df);
        }
        let mut df = 0;
        for (f, _) in self.fields {
            df = df.max(self.searcher.doc_freq(&Term::from_field_text(*f, text))?);
        }
        let df = df.min(self.total_docs);
        self.cache.put(text, df);
        Ok(df)
    }
}
