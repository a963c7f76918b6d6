//! Per-segment columnar tables, read once per segment from tantivy's fast
//! fields.
//!
//! Segments are immutable, so a segment's table is built when the segment
//! first becomes searchable and reused until it is merged away. Facet and
//! filter values are interned into index-wide ids ([`Interners`]), so that
//! filtering and (disjunctive) facet counting over the matched documents is
//! a loop over small integer arrays — no strings, no hashing per document.
//! Groups with fewer than 64 values (all but organisations and providers)
//! also have their values as bits per document and their documents as sets
//! of bits per value; organisations and providers their documents per
//! value. A filter is then a [`Test`] of one load per document, or — when
//! many documents match — a few word operations per 64 documents
//! ([`Filter::file_dense`]).

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::columnar::StrColumn;
use tantivy::schema::Field;
use tantivy::{DocId, SegmentReader};

use crate::schema::{GROUP_FIELDS, GROUPS};

/// "No value" in a single-valued column.
const NONE: u32 = u32::MAX;

/// Value ids per document: one load per document for single-valued
/// columns, an offset table for multi-valued ones.
#[derive(Debug)]
pub(crate) enum Col {
    Single(Vec<u32>),
    Multi { offsets: Vec<u32>, values: Vec<u32> },
}

impl Default for Col {
    fn default() -> Self {
        Col::Single(Vec::new())
    }
}

impl Col {
    #[inline]
    pub(crate) fn get(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        match self {
            Col::Single(v) => match v.get(d) {
                Some(x) if *x != NONE => std::slice::from_ref(x),
                _ => &[],
            },
            Col::Multi { offsets, values } => match (offsets.get(d), offsets.get(d + 1)) {
                (Some(&a), Some(&b)) => &values[a as usize..b as usize],
                _ => &[],
            },
        }
    }
}

impl Col {
    /// Adds one to `counts[value]` for every value of every doc in `docs`.
    #[inline]
    pub(crate) fn count_into(&self, docs: &[DocId], counts: &mut [u32]) {
        match self {
            Col::Single(v) => {
                for &d in docs {
                    if let Some(c) = v.get(d as usize).and_then(|&x| counts.get_mut(x as usize)) {
                        *c += 1;
                    }
                }
            }
            Col::Multi { .. } => {
                for &d in docs {
                    for &x in self.get(d) {
                        if let Some(c) = counts.get_mut(x as usize) {
                            *c += 1;
                        }
                    }
                }
            }
        }
    }
}

/// A segment-local dictionary-encoded string column.
#[derive(Debug, Default)]
pub(crate) struct StrCol {
    dict: Vec<Box<str>>,
    ords: Vec<u32>,
}

impl StrCol {
    #[inline]
    pub(crate) fn get(&self, doc: DocId) -> &str {
        self.ords
            .get(doc as usize)
            .and_then(|&o| self.dict.get(o as usize))
            .map_or("", |s| s)
    }
}

/// Values of a group, as bits of a `u64` per document: for groups whose
/// value ids (in this segment) are all below 64 — every group but
/// organisations and providers, in practice. Testing a filter is then one
/// load and one AND, with no branch on the document's values.
pub(crate) type Bits = Vec<u64>;

/// One group's filter, ready to test the documents of one segment.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Test<'a> {
    Bits {
        bits: &'a [u64],
        allowed: u64,
        /// The documents per value id, as bits.
        docs: &'a [Vec<u64>],
    },
    Values {
        col: &'a Col,
        allowed: &'a [bool],
        /// The documents per value id, as lists, if the group has them.
        by_value: Option<&'a ByValue>,
    },
}

impl<'a> Test<'a> {
    /// The filter of `group` allowing the value ids marked in `allowed`.
    pub(crate) fn new(table: &'a SegTable, group: usize, allowed: &'a [bool]) -> Self {
        match &table.bits[group] {
            Some(bits) => Test::Bits {
                bits,
                allowed: allowed
                    .iter()
                    .take(64)
                    .enumerate()
                    .filter(|&(_, &a)| a)
                    .fold(0, |m, (i, _)| m | (1u64 << i)),
                docs: &table.value_docs[group],
            },
            None => Test::Values {
                col: &table.cols[group],
                allowed,
                by_value: table.by_value[group].as_ref(),
            },
        }
    }

    /// The documents `0..max_doc` passing, as bits (bit `d % 64` of word
    /// `d / 64`).
    fn passing(&self, max_doc: u32, out: &mut Vec<u64>) {
        out.clear();
        match *self {
            Test::Bits { allowed, docs, .. } => {
                // The union of the allowed values' documents.
                out.resize((max_doc as usize).div_ceil(64), 0);
                let mut values = allowed;
                while values != 0 {
                    let v = values.trailing_zeros() as usize;
                    values &= values - 1;
                    if let Some(docs) = docs.get(v) {
                        for (w, &d) in out.iter_mut().zip(docs) {
                            *w |= d;
                        }
                    }
                }
            }
            Test::Values {
                allowed,
                by_value: Some(by_value),
                ..
            } => {
                // The union of the allowed values' documents.
                out.resize((max_doc as usize).div_ceil(64), 0);
                for (v, _) in allowed.iter().enumerate().filter(|&(_, &a)| a) {
                    for &d in by_value.docs(v) {
                        if let Some(w) = out.get_mut(d as usize / 64) {
                            *w |= 1 << (d % 64);
                        }
                    }
                }
            }
            Test::Values { by_value: None, .. } => {
                out.extend((0..max_doc.div_ceil(64)).map(|w| {
                    (0..64u32)
                        .filter(|i| {
                            let d = w * 64 + i;
                            d < max_doc && self.passes(d)
                        })
                        .fold(0u64, |word, i| word | (1 << i))
                }));
            }
        }
        out.resize((max_doc as usize).div_ceil(64), 0);
    }

    #[inline]
    pub(crate) fn passes(&self, doc: DocId) -> bool {
        match *self {
            Test::Bits { bits, allowed, .. } => {
                bits.get(doc as usize).copied().unwrap_or(0) & allowed != 0
            }
            Test::Values { col, allowed, .. } => col
                .get(doc)
                .iter()
                .any(|&v| allowed.get(v as usize).copied().unwrap_or(false)),
        }
    }
}

/// Sorts documents by the filters they fail: class `0` passes all, the
/// `tag` of a test is the class of documents failing that test alone, and
/// documents failing more get the class given as `many`. Implemented once
/// per shape of filter, so that the loop over matched documents is
/// compiled for it; written to compile to conditional moves, as whether a
/// document passes a filter is as good as random and mispredicted branches
/// were most of the cost of filtering.
pub(crate) trait Classify {
    fn class(&self, doc: DocId) -> usize;
}

/// No filters.
pub(crate) struct PassAll;

impl Classify for PassAll {
    #[inline]
    fn class(&self, _: DocId) -> usize {
        0
    }
}

/// Filters on groups stored as bits (the usual case): (tag, bits, allowed).
pub(crate) struct BitTests<'a> {
    pub tests: Vec<(usize, &'a [u64], u64)>,
    /// The same as [`Test`]s.
    pub whole: Vec<(usize, Test<'a>)>,
    pub many: usize,
}

impl Classify for BitTests<'_> {
    #[inline]
    fn class(&self, doc: DocId) -> usize {
        let d = doc as usize;
        let mut fails = 0usize;
        let mut tag = 0usize;
        for &(t, bits, allowed) in &self.tests {
            let failed = bits.get(d).copied().unwrap_or(0) & allowed == 0;
            fails += usize::from(failed);
            tag = if failed { t } else { tag };
        }
        if fails > 1 { self.many } else { tag }
    }
}

/// Any filters: (tag, test).
pub(crate) struct AnyTests<'a> {
    pub tests: Vec<(usize, Test<'a>)>,
    pub many: usize,
}

impl Classify for AnyTests<'_> {
    #[inline]
    fn class(&self, doc: DocId) -> usize {
        let mut fails = 0usize;
        let mut tag = 0usize;
        for &(t, test) in &self.tests {
            let failed = !test.passes(doc);
            fails += usize::from(failed);
            tag = if failed { t } else { tag };
        }
        if fails > 1 { self.many } else { tag }
    }
}

/// The filters of one search on one segment, in the cheapest shape.
pub(crate) enum Filter<'a> {
    None(PassAll),
    Bits(BitTests<'a>),
    Any(AnyTests<'a>),
}

impl<'a> Filter<'a> {
    /// `active`: (group, allowed value ids) per filtered group; `tag`: the
    /// class of documents failing only that group; `many`: the class of
    /// documents failing more.
    pub(crate) fn new(
        table: &'a SegTable,
        active: &'a [(usize, Vec<bool>)],
        tag: impl Fn(usize) -> usize,
        many: usize,
    ) -> Self {
        if active.is_empty() {
            return Filter::None(PassAll);
        }
        let tests: Vec<(usize, Test<'a>)> = active
            .iter()
            .map(|(g, allowed)| (tag(*g), Test::new(table, *g, allowed)))
            .collect();
        let bits: Option<Vec<(usize, &[u64], u64)>> = tests
            .iter()
            .map(|&(t, test)| match test {
                Test::Bits { bits, allowed, .. } => Some((t, bits, allowed)),
                Test::Values { .. } => None,
            })
            .collect();
        match bits {
            Some(bits) => Filter::Bits(BitTests {
                tests: bits,
                whole: tests,
                many,
            }),
            None => Filter::Any(AnyTests { tests, many }),
        }
    }
}

impl Filter<'_> {
    /// Files `matched` (ascending) in `lists` like [`Classify`] would, a
    /// word of 64 documents at a time: the filters as sets of bits over the
    /// whole segment, combined with the matches by word operations. Cheaper
    /// per document when the matches are many. The documents failing only
    /// the filter of a group stored as bits are not listed but counted
    /// right away, a value at a time (the group's facet is all they count
    /// for): tags `1..=counts.len()` stand for groups `0..counts.len()`.
    /// `words` is scratch space.
    pub(crate) fn file_dense(
        &self,
        matched: &[DocId],
        table: &SegTable,
        lists: &mut [Vec<DocId>],
        counts: &mut [Vec<u32>],
        words: &mut Vec<Vec<u64>>,
    ) {
        let tests: &[(usize, Test<'_>)] = match self {
            Filter::None(_) => &[],
            Filter::Bits(b) => &b.whole,
            Filter::Any(a) => &a.tests,
        };
        let k = tests.len();
        let n = (table.max_doc as usize).div_ceil(64);
        // words: the matches, then per test the documents passing it, then
        // per test the matches failing it alone.
        words.resize_with(1 + 2 * k, Vec::new);
        let (matches, rest) = words.split_at_mut(1);
        let (passing, failing) = rest.split_at_mut(k);
        let matches = &mut matches[0];
        matches.clear();
        matches.resize(n, 0);
        for &d in matched {
            if let Some(w) = matches.get_mut(d as usize / 64) {
                *w |= 1 << (d % 64);
            }
        }
        // Tests whose failures are collected as bits (those of facets);
        // documents failing another (the language) count for nothing.
        let mut collected = vec![false; k];
        for (j, ((tag, test), out)) in tests.iter().zip(passing.iter_mut()).enumerate() {
            test.passing(table.max_doc, out);
            collected[j] = (1..=counts.len()).contains(tag);
            failing[j].clear();
            failing[j].resize(n, 0);
        }
        let mut emit = |list: usize, base: usize, mut word: u64| {
            if let Some(list) = lists.get_mut(list) {
                while word != 0 {
                    list.push((base + word.trailing_zeros() as usize) as DocId);
                    word &= word - 1;
                }
            }
        };
        // Per word: `before[j]` = the documents passing tests `0..j`.
        let mut before = vec![0u64; k + 1];
        for (i, &m) in matches.iter().enumerate() {
            if m == 0 {
                continue;
            }
            before[0] = m;
            for j in 0..k {
                before[j + 1] = before[j] & passing[j][i];
            }
            emit(0, i * 64, before[k]);
            // Failing test j alone: passing all before it and all after.
            let mut after = u64::MAX;
            for j in (0..k).rev() {
                if collected[j] {
                    failing[j][i] = before[j] & !passing[j][i] & after;
                }
                after &= passing[j][i];
            }
        }
        // Counted from the bits where that is cheaper than listing them
        // and counting one by one.
        for (j, &(tag, _)) in tests.iter().enumerate() {
            if !collected[j] {
                continue;
            }
            let g = tag - 1;
            let listed: usize = failing[j].iter().map(|w| w.count_ones() as usize).sum();
            if count_words(table.word_count_cost(g), listed) {
                table.count_words(g, &failing[j], &mut counts[g]);
            } else {
                for (i, &w) in failing[j].iter().enumerate() {
                    emit(tag, i * 64, w);
                }
            }
        }
    }
}

/// Rough instructions to list and count one document (see
/// [`SegTable::word_count_cost`]).
const PER_DOC_COUNT_COST: usize = 16;

#[cfg(test)]
thread_local! {
    /// Tests force either way of counting (both must agree).
    pub(crate) static FORCE_WORD_COUNT: std::cell::Cell<Option<bool>> =
        const { std::cell::Cell::new(None) };
}

/// Whether documents failing one filter are counted from their bits (at
/// `cost`, `usize::MAX` if impossible) rather than listed (`listed`).
fn count_words(cost: usize, listed: usize) -> bool {
    #[cfg(test)]
    if let Some(force) = FORCE_WORD_COUNT.with(std::cell::Cell::get) {
        return force && cost != usize::MAX;
    }
    cost < listed.saturating_mul(PER_DOC_COUNT_COST)
}

/// One segment's table.
#[derive(Debug)]
pub(crate) struct SegTable {
    pub max_doc: u32,
    /// Global value ids per filter group (facets, then language).
    pub cols: [Col; GROUPS],
    /// The same as bits, where all ids are below 64.
    pub bits: [Option<Bits>; GROUPS],
    /// For those groups: per value id, the documents having it, as bits
    /// (bit `d % 64` of word `d / 64`) — a filter on a few values is then
    /// the union of a few short sets.
    pub value_docs: [Vec<Vec<u64>>; GROUPS],
    /// For the other single-valued groups (organisations, providers):
    /// per value id, the documents having it.
    pub by_value: [Option<ByValue>; GROUPS],
    /// Publication time, µs since the epoch.
    pub published: Vec<i64>,
    /// A stable per-document number from the id (the id itself when
    /// numeric), the last tie-breaker, so orders do not depend on how
    /// documents happen to be spread over segments.
    pub id_key: Vec<i64>,
    pub id: StrCol,
    pub name: StrCol,
    pub org_name: StrCol,
    /// For each searchable text field (in the order given to
    /// [`build_seg_table`]): how many documents have a non-empty value.
    pub field_docs: Vec<u64>,
}

impl SegTable {
    /// Adds to `counts[value]` the documents among `docs` (as bits) having
    /// the value, for a group stored as bits or by value.
    pub(crate) fn count_words(&self, g: usize, docs: &[u64], counts: &mut [u32]) {
        for (value_docs, count) in self.value_docs[g].iter().zip(counts.iter_mut()) {
            *count += docs
                .iter()
                .zip(value_docs)
                .map(|(a, b)| (a & b).count_ones())
                .sum::<u32>();
        }
        if let Some(by_value) = &self.by_value[g] {
            let has = |d: DocId| {
                docs.get(d as usize / 64)
                    .is_some_and(|w| w >> (d % 64) & 1 != 0)
            };
            for (v, count) in counts.iter_mut().enumerate() {
                *count += by_value.docs(v).iter().filter(|&&d| has(d)).count() as u32;
            }
        }
    }

    /// Rough instructions [`SegTable::count_words`] takes for group `g`
    /// (`usize::MAX` if it cannot count it).
    pub(crate) fn word_count_cost(&self, g: usize) -> usize {
        let words = (self.max_doc as usize).div_ceil(64);
        if self.bits[g].is_some() {
            words * self.value_docs[g].len() * 4
        } else if self.by_value[g].is_some() {
            self.max_doc as usize * 4
        } else {
            usize::MAX
        }
    }

    /// Adds one to `counts[value]` for every value of group `g` of every
    /// doc in `docs` (for groups with several values per document, from
    /// their bits where they have them: one load per document).
    pub(crate) fn count_into(&self, g: usize, docs: &[DocId], counts: &mut [u32]) {
        let (Col::Multi { .. }, Some(bits)) = (&self.cols[g], &self.bits[g]) else {
            self.cols[g].count_into(docs, counts);
            return;
        };
        if counts.len() < 64 {
            // Fewer values than bits: index with checks.
            for &d in docs {
                let mut b = bits.get(d as usize).copied().unwrap_or(0);
                while b != 0 {
                    if let Some(c) = counts.get_mut(b.trailing_zeros() as usize) {
                        *c += 1;
                    }
                    b &= b - 1;
                }
            }
            return;
        }
        let counts: &mut [u32; 64] = match (&mut counts[..64]).try_into() {
            Ok(c) => c,
            Err(_) => return,
        };
        for &d in docs {
            let mut b = bits.get(d as usize).copied().unwrap_or(0);
            while b != 0 {
                counts[b.trailing_zeros() as usize] += 1;
                b &= b - 1;
            }
        }
    }
}

/// Index-wide ids for the values of one group. Only grows.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    map: HashMap<Arc<str>, u32>,
    values: Vec<Arc<str>>,
}

impl Interner {
    fn intern(&mut self, v: &str) -> u32 {
        if let Some(&id) = self.map.get(v) {
            return id;
        }
        let id = self.values.len() as u32;
        let arc: Arc<str> = Arc::from(v);
        self.values.push(arc.clone());
        self.map.insert(arc, id);
        id
    }

    pub(crate) fn values(&self) -> Arc<Vec<Arc<str>>> {
        Arc::new(self.values.clone())
    }
}

/// One interner per group.
pub(crate) type Interners = [Interner; GROUPS];

fn dict_strings(col: &StrColumn) -> std::io::Result<Vec<Box<str>>> {
    let mut out = Vec::with_capacity(col.dictionary().num_terms());
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        out.push(String::from_utf8_lossy(stream.key()).into());
    }
    Ok(out)
}

fn read_str_col(seg: &SegmentReader, name: &str) -> tantivy::Result<StrCol> {
    let max_doc = seg.max_doc();
    let Some(col) = seg.fast_fields().str(name)? else {
        return Ok(StrCol {
            dict: Vec::new(),
            ords: vec![u32::MAX; max_doc as usize],
        });
    };
    let dict = dict_strings(&col)?;
    let ords = (0..max_doc)
        .map(|d| col.term_ords(d).next().map_or(u32::MAX, |o| o as u32))
        .collect();
    Ok(StrCol { dict, ords })
}

fn read_col(seg: &SegmentReader, name: &str, interner: &mut Interner) -> tantivy::Result<Col> {
    let max_doc = seg.max_doc();
    let Some(col) = seg.fast_fields().str(name)? else {
        return Ok(Col::Single(vec![NONE; max_doc as usize]));
    };
    let global: Vec<u32> = dict_strings(&col)?
        .iter()
        .map(|v| interner.intern(v))
        .collect();
    let mut offsets = Vec::with_capacity(max_doc as usize + 1);
    let mut values = Vec::with_capacity(max_doc as usize);
    offsets.push(0);
    for d in 0..max_doc {
        for ord in col.term_ords(d) {
            if let Some(&g) = global.get(ord as usize) {
                values.push(g);
            }
        }
        offsets.push(values.len() as u32);
    }
    let single = offsets.windows(2).all(|w| w[1] - w[0] <= 1);
    if !single {
        return Ok(Col::Multi { offsets, values });
    }
    Ok(Col::Single(
        offsets
            .windows(2)
            .map(|w| {
                if w[1] > w[0] {
                    values[w[0] as usize]
                } else {
                    NONE
                }
            })
            .collect(),
    ))
}

/// Reads a segment's table, interning new values.
pub(crate) fn build_seg_table(
    seg: &SegmentReader,
    interners: &mut Interners,
    text_fields: &[Field],
) -> tantivy::Result<SegTable> {
    let max_doc = seg.max_doc();
    let mut cols: [Col; GROUPS] = Default::default();
    for (g, name) in GROUP_FIELDS.iter().enumerate() {
        cols[g] = read_col(seg, name, &mut interners[g])?;
    }
    let bits: [Option<Bits>; GROUPS] = std::array::from_fn(|g| to_bits(&cols[g], max_doc));
    let value_docs =
        std::array::from_fn(|g| bits[g].as_deref().map(value_docs).unwrap_or_default());
    let by_value = std::array::from_fn(|g| match (&cols[g], &bits[g]) {
        (Col::Single(values), None) => Some(ByValue::new(values)),
        _ => None,
    });
    let published = match seg.fast_fields().column_opt::<i64>("published")? {
        Some(col) => (0..max_doc).map(|d| col.first(d).unwrap_or(0)).collect(),
        None => vec![0; max_doc as usize],
    };
    let id = read_str_col(seg, "id")?;
    let id_key = (0..max_doc).map(|d| id_key(id.get(d))).collect();
    let mut field_docs = Vec::with_capacity(text_fields.len());
    for &field in text_fields {
        let norms = seg.get_fieldnorms_reader(field)?;
        field_docs.push((0..max_doc).filter(|&d| norms.fieldnorm(d) > 0).count() as u64);
    }
    Ok(SegTable {
        field_docs,
        max_doc,
        cols,
        bits,
        value_docs,
        by_value,
        published,
        id,
        id_key,
        name: read_str_col(seg, "name")?,
        org_name: read_str_col(seg, "org_name")?,
    })
}

/// The column as bits, if all its value ids are below 64.
fn to_bits(col: &Col, max_doc: u32) -> Option<Bits> {
    (0..max_doc)
        .map(|d| {
            col.get(d)
                .iter()
                .try_fold(0u64, |m, &v| (v < 64).then(|| m | (1u64 << v)))
        })
        .collect()
}

/// Documents by value of a single-valued column: the documents of value
/// `v` are `docs[starts[v]..starts[v + 1]]`, ascending.
#[derive(Debug)]
pub(crate) struct ByValue {
    starts: Vec<u32>,
    docs: Vec<DocId>,
}

impl ByValue {
    fn new(values: &[u32]) -> Self {
        let n = values
            .iter()
            .filter(|&&v| v != NONE)
            .map(|&v| v as usize + 1)
            .max()
            .unwrap_or(0);
        let mut starts = vec![0u32; n + 1];
        for &v in values.iter().filter(|&&v| v != NONE) {
            starts[v as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut docs = vec![0; starts[n] as usize];
        for (d, &v) in values.iter().enumerate() {
            if v != NONE {
                docs[next[v as usize] as usize] = d as DocId;
                next[v as usize] += 1;
            }
        }
        ByValue { starts, docs }
    }

    fn docs(&self, v: usize) -> &[DocId] {
        match (self.starts.get(v), self.starts.get(v + 1)) {
            (Some(&a), Some(&b)) => &self.docs[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Per value id, the documents having it (from a column as bits).
fn value_docs(bits: &[u64]) -> Vec<Vec<u64>> {
    let used = bits.iter().fold(0u64, |m, &b| m | b);
    let values = 64 - used.leading_zeros() as usize;
    let mut out = vec![vec![0u64; bits.len().div_ceil(64)]; values];
    for (d, &b) in bits.iter().enumerate() {
        let mut b = b;
        while b != 0 {
            out[b.trailing_zeros() as usize][d / 64] |= 1 << (d % 64);
            b &= b - 1;
        }
    }
    out
}

/// Numeric ids order as numbers; others by a stable hash above them.
fn id_key(id: &str) -> i64 {
    if let Ok(n) = id.parse::<u32>() {
        return i64::from(n);
    }
    // FNV-1a, folded into the positive range above all u32 ids.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (1i64 << 32) + (h >> 2) as i64
}
