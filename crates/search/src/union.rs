//! A disjunction that computes a document's score only when it is asked
//! for.
//!
//! tantivy's union scorer buffers blocks of 4,096 documents and scores every
//! document of a block while filling it. A filtered search needs the scores
//! of the documents that pass its filters only — often a few percent of
//! what a common word matches — so [`Union`] advances its clauses in step
//! and sums their scores only for the documents whose score is read. The
//! sum runs in clause order from zero, as tantivy's does, so scores are the
//! same to the last bit. Where every match wants its score (a query of one
//! clause, unfiltered) each clause runs its own loop into per-document sums
//! instead; without scores, the weight is tantivy's own union.

use tantivy::query::{
    BooleanWeight, EmptyScorer, EnableScoring, Explanation, Occur, Query, QueryClone, Scorer,
    SumCombiner, Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Matches documents matching any of the queries; scores by their sum.
#[derive(Debug)]
pub(crate) struct Union(pub Vec<Box<dyn Query>>);

impl Clone for Union {
    fn clone(&self) -> Self {
        Union(self.0.iter().map(|q| q.box_clone()).collect())
    }
}

impl Query for Union {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .0
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        if !enable_scoring.is_scoring_enabled() {
            // Without scores, tantivy's buffered union (what a boolean
            // query of should-clauses builds) is the fastest.
            return Ok(Box::new(BooleanWeight::with_minimum_number_should_match(
                weights.into_iter().map(|w| (Occur::Should, w)).collect(),
                1,
                false,
                Box::new(SumCombiner::default),
            )));
        }
        Ok(Box::new(UnionWeight(weights)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.0 {
            q.query_terms(visitor);
        }
    }
}

struct UnionWeight(Vec<Box<dyn Weight>>);

impl Weight for UnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.0.len());
        for w in &self.0 {
            let s = w.scorer(reader, boost)?;
            if s.doc() != TERMINATED {
                scorers.push(s);
            }
        }
        if scorers.len() <= 1 {
            return Ok(scorers
                .pop()
                .unwrap_or_else(|| Box::new(EmptyScorer) as Box<dyn Scorer>));
        }
        Ok(Box::new(UnionScorer::new(scorers)))
    }

    /// All matches with their scores, a clause at a time: each clause
    /// runs its own (fast, specialised) loop and adds its scores to a sum
    /// per document; the sums come out in document order. The lazy scorer
    /// would step every clause for every document, which costs more when
    /// every document wants its score anyway.
    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let max_doc = reader.max_doc() as usize;
        let Sums { mut sums, mut seen } = Sums::take(max_doc);
        let mut result = Ok(());
        for w in &self.0 {
            result = w.for_each(reader, &mut |doc, score| {
                let d = doc as usize;
                if let (Some(sum), Some(word)) = (sums.get_mut(d), seen.get_mut(d / 64)) {
                    *sum += score;
                    *word |= 1 << (d % 64);
                }
            });
            if result.is_err() {
                break;
            }
        }
        // Emitted (or, after an error, dropped) and zeroed again on the
        // way, so that the buffers can be kept.
        for (i, word) in seen.iter_mut().take(max_doc.div_ceil(64)).enumerate() {
            let mut bits = std::mem::take(word);
            while bits != 0 {
                let d = i * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let sum = std::mem::take(&mut sums[d]);
                if result.is_ok() {
                    callback(d as DocId, sum);
                }
            }
        }
        Sums { sums, seen }.put_back();
        result
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        let mut explanation = Explanation::new("sum of", scorer.score());
        for w in &self.0 {
            if let Ok(detail) = w.explain(reader, doc) {
                explanation.add_detail(detail);
            }
        }
        Ok(explanation)
    }
}

/// The clauses' scorers, each on its own next document (also kept in
/// `docs`, which saves a dynamic call per clause and step); `doc` is the
/// smallest of those.
struct UnionScorer {
    scorers: Vec<Box<dyn Scorer>>,
    docs: Vec<DocId>,
    doc: DocId,
}

impl UnionScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> Self {
        let docs: Vec<DocId> = scorers.iter().map(|s| s.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        UnionScorer { scorers, docs, doc }
    }
}

impl DocSet for UnionScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        let mut next = TERMINATED;
        for (s, d) in self.scorers.iter_mut().zip(self.docs.iter_mut()) {
            if *d == current {
                *d = s.advance();
            }
            next = next.min(*d);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for (s, d) in self.scorers.iter_mut().zip(self.docs.iter_mut()) {
            if *d < target {
                *d = s.seek(target);
            }
            next = next.min(*d);
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .fold(0u32, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for UnionScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut sum: Score = 0.0;
        for (s, &d) in self.scorers.iter_mut().zip(&self.docs) {
            if d == doc {
                sum += s.score();
            }
        }
        sum
    }
}

/// The per-document sums of [`UnionWeight::for_each`], all zero between
/// uses and kept per thread (a search would otherwise allocate and zero a
/// score per document of the segment).
#[derive(Default)]
struct Sums {
    sums: Vec<Score>,
    seen: Vec<u64>,
}

thread_local! {
    static SUMS: std::cell::RefCell<Sums> = std::cell::RefCell::default();
}

impl Sums {
    /// This thread's buffers (fresh ones when they are in use), for
    /// `max_doc` documents.
    fn take(max_doc: usize) -> Sums {
        let mut sums = SUMS
            .try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)).ok())
            .ok()
            .flatten()
            .unwrap_or_default();
        if sums.sums.len() < max_doc {
            sums.sums.resize(max_doc, 0.0);
        }
        let words = max_doc.div_ceil(64);
        if sums.seen.len() < words {
            sums.seen.resize(words, 0);
        }
        sums
    }

    fn put_back(self) {
        let _ = SUMS.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                *s = self;
            }
        });
    }
}
