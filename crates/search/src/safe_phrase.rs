//! A phrase query whose scorer honours tantivy's `seek_danger` contract
//! strictly.
//!
//! tantivy 0.27's phrase scorer asserts (in debug builds) that
//! `seek_danger` targets never lie below its current document, which an
//! exclusion (`-"a phrase"`) or an intersection may legitimately do after a
//! lower-bound answer — a debug-build panic depending on segment layout.
//! [`SafePhrase`] wraps the phrase scorer and answers `seek_danger` with the
//! plain, always-valid `seek`.

use tantivy::query::{EnableScoring, Explanation, PhraseQuery, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED, Term};

#[derive(Debug, Clone)]
pub(crate) struct SafePhrase(pub PhraseQuery);

impl Query for SafePhrase {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(SafeWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct SafeWeight(Box<dyn Weight>);

impl Weight for SafeWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(SafeScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct SafeScorer(Box<dyn Scorer>);

impl DocSet for SafeScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.0.doc();
        if doc >= target {
            return doc;
        }
        self.0.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        // The inner scorer is always left valid: after `seek`, the docs
        // between an earlier (smaller) target and `doc()` are known not to
        // match, so `doc()` is a correct lower bound for any later target.
        let doc = self.seek(target);
        if doc == target && doc != TERMINATED {
            SeekDangerResult::Found
        } else {
            SeekDangerResult::SeekLowerBound(doc)
        }
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for SafeScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
