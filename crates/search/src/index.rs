//! [`SearchIndex`]: opening and writing the index, and answering searches,
//! suggestions and "similar descriptions".
//!
//! Writes go through one tantivy writer behind a mutex; each write ends with
//! a commit, a reader reload and a new [`State`] snapshot (searcher plus
//! per-segment tables), swapped in atomically. Searches clone the current
//! snapshot's `Arc` and never wait for writers.
//!
//! A search makes one pass over the matched documents per segment
//! (`SegmentPass`): it files each under the filters it fails — those
//! passing all count for every facet and the total, those failing exactly
//! one filter group count for that group's facet only (disjunctive facets)
//! — and keeps the top of the requested sort order in a bounded heap.
//! Unfiltered, the documents come with their scores. Filtered, they come
//! without: most fail a filter, so only those passing all are scored
//! afterwards (the query's unions score lazily, see `union`); many matches
//! are filed a word of 64 documents at a time with sets of bits, few one
//! by one (`table::Filter`).
//!
//! A query with a word that matches nothing is corrected whatever it finds,
//! so that case is decided first, from a plain count: only the query the
//! answer is for is searched in full.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::index::SegmentId;
use tantivy::query::{
    BooleanQuery, EnableScoring, MoreLikeThisQuery, Occur, Query, TermQuery, Weight,
};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    SegmentReader, TantivyError, Term,
};

use crate::analysis::{Analyzers, Lang, Matcher, analyzers, fold_key, tokenizer_manager};
use crate::error::SearchError;
use crate::plan::{Plan, plan};
use crate::query::parse;
use crate::schema::{
    Fields, GROUPS, LANG_GROUP, Part, SCHEMA_VERSION, StoredDoc, StoredHit, build_schema,
    to_document,
};
use crate::scoring::{BlendedStats, TextStats};
use crate::snippet::{plain, snippet};
use crate::spell;
use crate::suggest::{Entry, SuggestIndex};
use crate::table::{AnyTests, Classify, Filter, Interners, SegTable, Test, build_seg_table};
use crate::types::{
    Correction, Direct, FACET_NAMES, FacetValue, Filters, Hit, SearchDoc, SearchQuery,
    SearchResults, Sort, Suggestion, SuggestionKind,
};

/// Indexing memory for all writer threads together.
const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;
/// Results at or below this count make us look for a spelling correction.
const LITTLE: usize = 2;
/// A known but rare word is corrected when a neighbour is this many times
/// more frequent.
const RARE_RATIO: u64 = 4;
/// A word in more than 1/this of the documents (and at least
/// `COMPOUND_COMMON_MIN`) is "common" and gets no compound matching.
const COMPOUND_COMMON_DIVISOR: u64 = 50;
const COMPOUND_COMMON_MIN: u64 = 20;
/// Decompressed doc-store blocks kept per segment (hits, snippets).
const DOC_STORE_CACHE_BLOCKS: usize = 400;

/// Values listed per facet unless changed with
/// [`SearchIndex::set_facet_limit`].
pub const DEFAULT_FACET_LIMIT: usize = 100;

/// What the commit payload (tantivy's `meta.json`) holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Payload {
    schema_version: u32,
    #[serde(default)]
    meta: BTreeMap<String, String>,
}

struct Writer {
    writer: IndexWriter,
    interners: Interners,
    tables: HashMap<SegmentId, Arc<SegTable>>,
}

#[derive(Debug, Clone)]
struct OrgInfo {
    code: String,
    name: String,
    org_type: String,
}

/// One consistent view of the index.
struct State {
    searcher: Searcher,
    tables: Vec<Arc<SegTable>>,
    /// Global value id → value, per filter group.
    values: Vec<Arc<Vec<Arc<str>>>>,
    /// Per filter group, each value id's place in the alphabetical order of
    /// the group's values (facets list equal counts alphabetically).
    value_ranks: Vec<Vec<u32>>,
    /// Organisation code → info (organisations with live documents).
    orgs: HashMap<String, OrgInfo>,
    /// Lowercased code → code.
    org_by_code: HashMap<String, String>,
    /// Folded name → code.
    org_by_name: HashMap<String, String>,
    /// Statistics of the searchable text fields and of the terms searched
    /// (for [`BlendedStats`] and for leaving out fields without a term).
    text_stats: TextStats,
    suggest: OnceLock<SuggestIndex>,
    /// Global alphabetical rank of each document's name, per segment.
    name_ranks: OnceLock<Vec<Vec<u32>>>,
    /// Unfiltered, text-less searches: total and facet counts, and all
    /// documents in date and in name order.
    browse_counts: OnceLock<(usize, Vec<Vec<u32>>)>,
    browse_by_date: OnceLock<Vec<Cand>>,
    browse_by_name: OnceLock<Vec<Cand>>,
}

/// The search index. `Send + Sync`; share it in an `Arc`.
pub struct SearchIndex {
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<Writer>,
    state: RwLock<Arc<State>>,
    meta: RwLock<BTreeMap<String, String>>,
    path: Option<PathBuf>,
    facet_limit: std::sync::atomic::AtomicUsize,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("path", &self.path)
            .field("docs", &self.len())
            .finish()
    }
}

/// Filters resolved to value ids.
struct Resolved {
    /// (group, allowed[value id]) for each group with a filter.
    active: Vec<(usize, Vec<bool>)>,
}

/// A candidate for the result page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cand {
    key: (i64, i64, i64),
    seg: u32,
    doc: DocId,
}

/// A correctable word of a query and how often it occurs.
struct WordStat {
    span: std::ops::Range<usize>,
    folded: String,
    /// Documents with the word as written (folded, unstemmed).
    df: u64,
    /// Matches nothing, not even through stemming.
    unknown: bool,
}

struct Collected {
    total: usize,
    /// Best first.
    top: Vec<(Cand, Score)>,
    counts: Vec<Vec<u32>>,
}

/// What one search asks of every segment (see `collect_matches`).
struct SegmentPass<'a> {
    weight: &'a dyn Weight,
    /// The query without scoring, for filtered searches ranked by score.
    unscored: Option<&'a dyn Weight>,
    scoring: bool,
    sort: Sort,
    need: usize,
}

/// The segment a pass is on.
struct SegmentAt<'a> {
    seg: &'a SegmentReader,
    seg_ord: u32,
    table: &'a SegTable,
    ranks: Option<&'a [u32]>,
}

type TopHeap = BinaryHeap<Reverse<(Cand, OrdScore)>>;

/// Buffers of a search, kept per thread so that searches do not grow them
/// anew.
#[derive(Default)]
struct Scratch {
    /// See `collect_matches`.
    lists: Vec<Vec<DocId>>,
    matched: Vec<DocId>,
    words: Vec<Vec<u64>>,
}

/// Above one in this many of a segment's documents matched, filters are
/// applied to whole sets of bits (see `Filter::file_dense`).
const DENSE_DIVISOR: usize = 16;

#[cfg(test)]
thread_local! {
    /// Tests force either way of filing (both must agree).
    static FORCE_DENSE: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
}

/// Whether `matched` of `max_doc` documents are filed with sets of bits.
fn dense(matched: usize, max_doc: u32) -> bool {
    #[cfg(test)]
    if let Some(force) = FORCE_DENSE.with(std::cell::Cell::get) {
        return force;
    }
    matched > max_doc as usize / DENSE_DIVISOR
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// This thread's buffers for the duration of `f` (fresh ones if they are
/// in use further up the stack).
fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    let mut taken = SCRATCH
        .try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)).ok())
        .ok()
        .flatten()
        .unwrap_or_default();
    let out = f(&mut taken);
    let _ = SCRATCH.try_with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            *s = taken;
        }
    });
    out
}

impl SegmentPass<'_> {
    /// Files every matched document of the segment in `s.lists` by the
    /// class the filter gives it (or counts it in `counts` right away, see
    /// `Filter::file_dense`) and offers those passing all filters (class
    /// 0) to the top `need` in `heap`.
    fn run(
        &self,
        at: &SegmentAt<'_>,
        filter: &Filter<'_>,
        s: &mut Scratch,
        heap: &mut TopHeap,
        counts: &mut [Vec<u32>],
    ) -> Result<(), SearchError> {
        let (table, need) = (at.table, self.need);
        let alive = at.seg.alive_bitset();
        let live = |d: DocId| d < table.max_doc && alive.is_none_or(|a| a.is_alive(d));
        let mut offer = |doc: DocId, score: Score| {
            let rank = at.ranks.map_or(0, |r| r[doc as usize]);
            let cand = Cand {
                key: sort_key(
                    self.sort,
                    self.scoring,
                    score,
                    table.published[doc as usize],
                    rank,
                    table.id_key[doc as usize],
                ),
                seg: at.seg_ord,
                doc,
            };
            if heap.len() < need {
                heap.push(Reverse((cand, OrdScore(score))));
            } else if let Some(Reverse((min, _))) = heap.peek()
                && cand.key > min.key
            {
                heap.pop();
                heap.push(Reverse((cand, OrdScore(score))));
            }
        };
        let passed = &mut s.lists[0];
        if let Filter::None(_) = filter {
            // Unfiltered: one pass, scores as they come.
            if self.scoring {
                self.weight.for_each(at.seg, &mut |d, score| {
                    if live(d) {
                        passed.push(d);
                        if need > 0 {
                            offer(d, score);
                        }
                    }
                })?;
            } else {
                self.weight
                    .for_each_no_score(at.seg, &mut |docs: &[DocId]| {
                        for &d in docs.iter().filter(|&&d| live(d)) {
                            passed.push(d);
                            if need > 0 {
                                offer(d, 0.0);
                            }
                        }
                    })?;
            }
            return Ok(());
        }
        // Filtered: the matches without scores first (most fail a filter
        // and need none), ...
        let matched = &mut s.matched;
        matched.clear();
        self.unscored.unwrap_or(self.weight).for_each_no_score(
            at.seg,
            &mut |docs: &[DocId]| {
                matched.extend(docs.iter().copied().filter(|&d| live(d)));
            },
        )?;
        // ... filed by the filters they fail ...
        let lists = &mut s.lists;
        if dense(matched.len(), table.max_doc) {
            filter.file_dense(matched, table, lists, counts, &mut s.words);
        } else {
            match filter {
                Filter::None(c) => file_each(c, matched, lists),
                Filter::Bits(c) => file_each(c, matched, lists),
                Filter::Any(c) => file_each(c, matched, lists),
            }
        }
        // ... and only those passing all are ranked (scored, seeking to
        // each: the unions score lazily, see `union`).
        if need == 0 || lists[0].is_empty() {
            return Ok(());
        }
        if self.scoring {
            let mut scorer = self.weight.scorer(at.seg, 1.0)?;
            for &d in lists[0].iter() {
                if scorer.doc() < d {
                    scorer.seek(d);
                }
                if scorer.doc() == d {
                    offer(d, scorer.score());
                }
            }
        } else {
            for &d in lists[0].iter() {
                offer(d, 0.0);
            }
        }
        Ok(())
    }
}

/// Files each document in the list of its class.
fn file_each<C: Classify>(filter: &C, docs: &[DocId], lists: &mut [Vec<DocId>]) {
    for &d in docs {
        if let Some(list) = lists.get_mut(filter.class(d)) {
            list.push(d);
        }
    }
}

fn is_lock_error(e: &TantivyError) -> bool {
    matches!(e, TantivyError::LockFailure(..))
}

/// Removes the files of a tantivy index in `dir` (and nothing else).
fn wipe_index_files(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stem = name.split('.').next().unwrap_or("");
        let tantivy_segment_file = stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit());
        if name == "meta.json" || name == ".managed.json" || tantivy_segment_file {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn read_payload(index: &Index) -> Option<Payload> {
    let metas = index.load_metas().ok()?;
    serde_json::from_str(metas.payload.as_deref()?).ok()
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it (and the directory) if missing.
    /// An index written with another schema version is recreated empty —
    /// check [`SearchIndex::len`] / [`SearchIndex::meta`] and rebuild.
    /// Only one `SearchIndex` (one writer) may have a directory open.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir)?;
        let open = || -> Result<Index, SearchError> {
            let mmap = MmapDirectory::open(dir).map_err(|e| SearchError::OpenDirectory {
                path: dir.to_path_buf(),
                message: e.to_string(),
            })?;
            let (schema, _) = build_schema();
            Ok(Index::builder()
                .schema(schema)
                .tokenizers(tokenizer_manager())
                .open_or_create(mmap)?)
        };
        let index = match open() {
            Ok(index) => {
                let fresh = index
                    .searchable_segment_metas()
                    .map(|m| m.is_empty())
                    .unwrap_or(true);
                match read_payload(&index) {
                    Some(p) if p.schema_version == SCHEMA_VERSION => index,
                    None if fresh => index,
                    _ => {
                        tracing::warn!(dir = %dir.display(), "search index has another schema version; recreating it empty");
                        drop(index);
                        wipe_index_files(dir)?;
                        open()?
                    }
                }
            }
            Err(SearchError::Index(TantivyError::SchemaError(_))) => {
                tracing::warn!(dir = %dir.display(), "search index schema changed; recreating it empty");
                wipe_index_files(dir)?;
                open()?
            }
            Err(e) => return Err(e),
        };
        Self::from_index(index, Some(dir.to_path_buf()))
    }

    /// A fresh index in memory (tests, small installations).
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, _) = build_schema();
        let index = Index::builder()
            .schema(schema)
            .tokenizers(tokenizer_manager())
            .create_in_ram()?;
        Self::from_index(index, None)
    }

    fn from_index(index: Index, path: Option<PathBuf>) -> Result<Self, SearchError> {
        let (_, fields) = build_schema();
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let writer = index
            .writer_with_num_threads(threads, WRITER_HEAP_BYTES)
            .map_err(|e| {
                if is_lock_error(&e) {
                    SearchError::Locked(path.clone().unwrap_or_default())
                } else {
                    SearchError::Index(e)
                }
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        let meta = read_payload(&index).map(|p| p.meta).unwrap_or_default();
        let empty_state = State {
            searcher: reader.searcher(),
            tables: Vec::new(),
            values: (0..GROUPS).map(|_| Arc::new(Vec::new())).collect(),
            value_ranks: vec![Vec::new(); GROUPS],
            orgs: HashMap::new(),
            org_by_code: HashMap::new(),
            org_by_name: HashMap::new(),
            text_stats: TextStats::new(&reader.searcher(), &[]),
            suggest: OnceLock::new(),
            name_ranks: OnceLock::new(),
            browse_counts: OnceLock::new(),
            browse_by_date: OnceLock::new(),
            browse_by_name: OnceLock::new(),
        };
        let this = SearchIndex {
            fields,
            reader,
            writer: Mutex::new(Writer {
                writer,
                interners: Default::default(),
                tables: HashMap::new(),
            }),
            state: RwLock::new(Arc::new(empty_state)),
            meta: RwLock::new(meta),
            path,
            facet_limit: std::sync::atomic::AtomicUsize::new(DEFAULT_FACET_LIMIT),
        };
        {
            let mut w = this.lock_writer();
            this.refresh(&mut w)?;
        }
        Ok(this)
    }

    fn lock_writer(&self) -> MutexGuard<'_, Writer> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn state(&self) -> Arc<State> {
        self.state.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Commits pending operations (with the meta payload) and refreshes.
    fn commit(&self, w: &mut Writer) -> Result<(), SearchError> {
        let payload = Payload {
            schema_version: SCHEMA_VERSION,
            meta: self.meta.read().unwrap_or_else(|p| p.into_inner()).clone(),
        };
        let json = serde_json::to_string(&payload).expect("payload serialises");
        let mut prepared = w.writer.prepare_commit()?;
        prepared.set_payload(&json);
        prepared.commit()?;
        self.refresh(w)
    }

    /// Reloads the reader and swaps in a new snapshot.
    fn refresh(&self, w: &mut Writer) -> Result<(), SearchError> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let mut tables = Vec::with_capacity(searcher.segment_readers().len());
        let mut cache = HashMap::new();
        let text_fields: Vec<tantivy::schema::Field> =
            self.fields.text_fields().iter().map(|t| t.field).collect();
        for seg in searcher.segment_readers() {
            let id = seg.segment_id();
            let table = match w.tables.get(&id) {
                Some(t) => t.clone(),
                None => Arc::new(build_seg_table(seg, &mut w.interners, &text_fields)?),
            };
            cache.insert(id, table.clone());
            tables.push(table);
        }
        w.tables = cache;
        let values: Vec<Arc<Vec<Arc<str>>>> = w.interners.iter().map(|i| i.values()).collect();
        let value_ranks = values
            .iter()
            .map(|v| {
                let mut order: Vec<u32> = (0..v.len() as u32).collect();
                order.sort_by(|&a, &b| v[a as usize].cmp(&v[b as usize]));
                let mut ranks = vec![0u32; v.len()];
                for (rank, &i) in order.iter().enumerate() {
                    ranks[i as usize] = rank as u32;
                }
                ranks
            })
            .collect();

        let mut orgs: HashMap<String, OrgInfo> = HashMap::new();
        for (seg, table) in searcher.segment_readers().iter().zip(&tables) {
            let alive = seg.alive_bitset();
            for doc in 0..table.max_doc {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                let Some(&code_id) = table.cols[0].get(doc).first() else {
                    continue;
                };
                let code = &values[0][code_id as usize];
                if orgs.contains_key(&**code) {
                    continue;
                }
                let org_type = table.cols[1]
                    .get(doc)
                    .first()
                    .map(|&t| values[1][t as usize].to_string())
                    .unwrap_or_default();
                orgs.insert(
                    code.to_string(),
                    OrgInfo {
                        code: code.to_string(),
                        name: table.org_name.get(doc).to_string(),
                        org_type,
                    },
                );
            }
        }
        let org_by_code = orgs.keys().map(|c| (c.to_lowercase(), c.clone())).collect();
        let org_by_name = orgs
            .values()
            .filter(|o| !o.name.is_empty())
            .map(|o| (fold_key(&o.name), o.code.clone()))
            .collect();
        let field_docs: Vec<(tantivy::schema::Field, u64)> = text_fields
            .iter()
            .enumerate()
            .map(|(i, f)| (*f, tables.iter().map(|t| t.field_docs[i]).sum()))
            .collect();
        let text_stats = TextStats::new(&searcher, &field_docs);
        let state = State {
            text_stats,
            searcher,
            tables,
            values,
            value_ranks,
            orgs,
            org_by_code,
            org_by_name,
            suggest: OnceLock::new(),
            name_ranks: OnceLock::new(),
            browse_counts: OnceLock::new(),
            browse_by_date: OnceLock::new(),
            browse_by_name: OnceLock::new(),
        };
        *self.state.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(state);
        Ok(())
    }

    /// Replaces the whole index with `docs` in one commit. Documents with an
    /// empty id are skipped (and logged); for duplicate ids the last wins.
    /// Returns the number of documents indexed.
    pub fn rebuild(&self, docs: impl Iterator<Item = SearchDoc>) -> Result<usize, SearchError> {
        let mut w = self.lock_writer();
        let result = (|| -> Result<usize, SearchError> {
            w.writer.delete_all_documents()?;
            let mut seen: HashSet<String> = HashSet::new();
            let mut count = 0usize;
            for d in docs {
                let id = d.id.trim();
                if id.is_empty() {
                    tracing::warn!(name = %d.name, "skipping search document without id");
                    continue;
                }
                if !seen.insert(id.to_string()) {
                    w.writer
                        .delete_term(Term::from_field_text(self.fields.id, id));
                    count -= 1;
                }
                w.writer.add_document(to_document(&self.fields, &d))?;
                count += 1;
            }
            Ok(count)
        })();
        match result {
            Ok(count) => {
                self.commit(&mut w)?;
                Ok(count)
            }
            Err(e) => {
                let _ = w.writer.rollback();
                Err(e)
            }
        }
    }

    /// Adds or replaces documents (by id). Visible to searches on return.
    pub fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        if let Some(d) = docs.iter().find(|d| d.id.trim().is_empty()) {
            return Err(SearchError::InvalidDocument(format!(
                "document {:?} has an empty id",
                d.name
            )));
        }
        if docs.is_empty() {
            return Ok(());
        }
        let mut w = self.lock_writer();
        for d in docs {
            w.writer
                .delete_term(Term::from_field_text(self.fields.id, d.id.trim()));
            if let Err(e) = w.writer.add_document(to_document(&self.fields, d)) {
                let _ = w.writer.rollback();
                return Err(e.into());
            }
        }
        self.commit(&mut w)
    }

    /// Removes documents by id (unknown ids are ignored). Visible on return.
    pub fn remove(&self, ids: &[String]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut w = self.lock_writer();
        for id in ids {
            w.writer
                .delete_term(Term::from_field_text(self.fields.id, id.trim()));
        }
        self.commit(&mut w)
    }

    /// Number of searchable documents.
    pub fn len(&self) -> usize {
        self.state().searcher.num_docs() as usize
    }

    /// True when no document is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stores a small key/value pair with the index (e.g. the change-log
    /// position the index has applied). It is written in the index's own
    /// commit metadata (`meta.json` in the index directory), atomically with
    /// the documents, so a restart can continue where it left off.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), SearchError> {
        let mut w = self.lock_writer();
        let previous = {
            let mut m = self.meta.write().unwrap_or_else(|p| p.into_inner());
            m.insert(key.to_string(), value.to_string())
        };
        if let Err(e) = self.commit(&mut w) {
            let mut m = self.meta.write().unwrap_or_else(|p| p.into_inner());
            match previous {
                Some(p) => m.insert(key.to_string(), p),
                None => m.remove(key),
            };
            return Err(e);
        }
        Ok(())
    }

    /// A value stored with [`SearchIndex::set_meta`].
    pub fn meta(&self, key: &str) -> Option<String> {
        self.meta
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }

    /// How many values each facet lists at most (the most frequent ones;
    /// selected values are always listed on top of these). `0` lists all.
    /// Counts are always computed over the whole result set. Default
    /// [`DEFAULT_FACET_LIMIT`].
    pub fn set_facet_limit(&self, limit: usize) {
        self.facet_limit
            .store(limit, std::sync::atomic::Ordering::Relaxed);
    }

    /// The index directory (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    // ---------------------------------------------------------------- search

    /// Answers a search. Fails only for truly unusable requests (a page
    /// beyond [`SearchQuery::MAX_WINDOW`] results) or index errors.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let state = self.state();
        let page = q.page.max(1);
        let size = q.page_size.clamp(1, SearchQuery::MAX_PAGE_SIZE);
        let offset = (page - 1).saturating_mul(size);
        if offset >= SearchQuery::MAX_WINDOW {
            return Err(SearchError::InvalidQuery(format!(
                "page {page} is beyond the first {} results",
                SearchQuery::MAX_WINDOW
            )));
        }
        let need = offset + size;
        let parsed = parse(&q.text);
        let compound_ok = |w: &str| self.compound_ok(&state, w);
        let has_term =
            |f: tantivy::schema::Field, t: &str| state.text_stats.has(&state.searcher, f, t);
        let the_plan = plan(&parsed, &self.fields, &compound_ok, &has_term);
        let resolved = self.resolve(&state, &q.filters);
        let words = self.word_stats(&state, &the_plan);

        // A word that matches nothing is corrected whatever the query finds
        // (see `corrections`), so decide on that first: count the query as
        // typed (no facets, no ranking), and search in full only the query
        // the answer is for.
        let (the_plan, collected, correction) = if words.iter().any(|w| w.unknown) {
            let total = self.count(&state, &the_plan, &resolved)?;
            match self.corrected(&state, &parsed, &words, total, &resolved, q.sort, need)? {
                Some((text, corrected_plan, corrected)) => {
                    (corrected_plan, corrected, Some((text, total)))
                }
                None => {
                    let collected = self.collect(&state, &the_plan, &resolved, q.sort, need)?;
                    (the_plan, collected, None)
                }
            }
        } else {
            let collected = self.collect(&state, &the_plan, &resolved, q.sort, need)?;
            match self.corrected(
                &state,
                &parsed,
                &words,
                collected.total,
                &resolved,
                q.sort,
                need,
            )? {
                Some((text, corrected_plan, corrected)) => {
                    let total = collected.total;
                    (corrected_plan, corrected, Some((text, total)))
                }
                None => (the_plan, collected, None),
            }
        };
        let correction = correction.map(|(corrected, original_total)| Correction {
            original: parsed.sanitized.clone(),
            corrected,
            original_total,
        });

        let direct = self.direct(&state, &parsed.sanitized);
        let hits = self.hits(
            &state,
            &collected.top[offset.min(collected.top.len())..],
            &the_plan,
        )?;
        let facets = self.facets(&state, &collected.counts, &q.filters);
        Ok(SearchResults {
            total: collected.total,
            hits,
            facets,
            correction,
            direct,
            interpreted: the_plan.interpreted,
        })
    }

    fn resolve(&self, state: &State, filters: &Filters) -> Resolved {
        let mut active = Vec::new();
        for (g, wanted) in filters.groups().iter().enumerate() {
            if wanted.is_empty() {
                continue;
            }
            let values = &state.values[g];
            let mut allowed = vec![false; values.len()];
            for w in wanted.iter() {
                let w = w.trim();
                let mut hit = false;
                for (i, v) in values.iter().enumerate() {
                    if &**v == w {
                        allowed[i] = true;
                        hit = true;
                    }
                }
                if !hit && g == 0 {
                    // An organisation given by (folded) name or other-case code.
                    let code = state
                        .org_by_code
                        .get(&w.to_lowercase())
                        .or_else(|| state.org_by_name.get(&fold_key(w)));
                    if let Some(i) = code.and_then(|code| values.iter().position(|v| **v == **code))
                    {
                        allowed[i] = true;
                    }
                }
                if !hit && g == LANG_GROUP {
                    // "nl" finds "nld" etc.
                    let lang = Lang::from_code(w);
                    for (i, v) in values.iter().enumerate() {
                        if Lang::from_code(v) == lang {
                            allowed[i] = true;
                        }
                    }
                }
            }
            active.push((g, allowed));
        }
        Resolved { active }
    }

    fn name_ranks<'s>(&self, state: &'s State) -> &'s Vec<Vec<u32>> {
        state.name_ranks.get_or_init(|| {
            let mut a = analyzers();
            let mut all: Vec<(String, u32, u32)> = Vec::new();
            for (s, t) in state.tables.iter().enumerate() {
                for d in 0..t.max_doc {
                    all.push((a.fold_words(t.name.get(d)).join(" "), s as u32, d));
                }
            }
            all.sort_unstable();
            let mut ranks: Vec<Vec<u32>> = state
                .tables
                .iter()
                .map(|t| vec![0; t.max_doc as usize])
                .collect();
            // Equal names share a rank, so the next key (recency) decides.
            let mut rank = 0u32;
            for (i, (key, s, d)) in all.iter().enumerate() {
                if i > 0 && *key != all[i - 1].0 {
                    rank += 1;
                }
                ranks[*s as usize][*d as usize] = rank;
            }
            ranks
        })
    }

    /// Runs the plan: filters, disjunctive facet counts, top `need`.
    fn collect(
        &self,
        state: &State,
        plan: &Plan,
        resolved: &Resolved,
        sort: Sort,
        need: usize,
    ) -> Result<Collected, SearchError> {
        if plan.query.is_none() && resolved.active.is_empty() {
            return self.browse(state, sort, need);
        }
        self.collect_matches(
            state,
            plan.query.as_deref(),
            plan.has_text,
            resolved,
            sort,
            need,
        )
    }

    /// Everything, unfiltered (the landing page): counts and orders are
    /// computed once per snapshot.
    fn browse(&self, state: &State, sort: Sort, need: usize) -> Result<Collected, SearchError> {
        let (total, counts) = match state.browse_counts.get() {
            Some(c) => c,
            None => {
                let c = self.collect_matches(
                    state,
                    None,
                    false,
                    &Resolved { active: Vec::new() },
                    sort,
                    0,
                )?;
                state.browse_counts.get_or_init(|| (c.total, c.counts))
            }
        };
        let order = match sort {
            Sort::Name => &state.browse_by_name,
            Sort::Relevance | Sort::Newest => &state.browse_by_date,
        };
        let order = order.get_or_init(|| {
            let ranks = (sort == Sort::Name).then(|| self.name_ranks(state));
            let mut all: Vec<Cand> = Vec::new();
            for (seg_ord, (seg, table)) in state
                .searcher
                .segment_readers()
                .iter()
                .zip(&state.tables)
                .enumerate()
            {
                let alive = seg.alive_bitset();
                for doc in 0..table.max_doc {
                    if alive.is_some_and(|a| !a.is_alive(doc)) {
                        continue;
                    }
                    let rank = ranks.map_or(0, |r| r[seg_ord][doc as usize]);
                    all.push(Cand {
                        key: sort_key(
                            sort,
                            false,
                            0.0,
                            table.published[doc as usize],
                            rank,
                            table.id_key[doc as usize],
                        ),
                        seg: seg_ord as u32,
                        doc,
                    });
                }
            }
            all.sort_unstable_by(|a, b| b.cmp(a));
            all
        });
        Ok(Collected {
            total: *total,
            top: order.iter().take(need).map(|c| (*c, 0.0)).collect(),
            counts: counts.clone(),
        })
    }

    /// One pass over the matching documents: filters, disjunctive facet
    /// counts (column-wise, after the pass) and the top `need`.
    fn collect_matches(
        &self,
        state: &State,
        query: Option<&dyn Query>,
        has_text: bool,
        resolved: &Resolved,
        sort: Sort,
        need: usize,
    ) -> Result<Collected, SearchError> {
        let searcher = &state.searcher;
        let scoring = sort == Sort::Relevance && has_text;
        let all = tantivy::query::AllQuery;
        let query: &dyn Query = query.unwrap_or(&all);
        let weight = if scoring {
            let stats = BlendedStats::new(searcher, &state.text_stats);
            query.weight(EnableScoring::enabled_from_statistics_provider(
                &stats, searcher,
            ))?
        } else {
            query.weight(EnableScoring::disabled_from_searcher(searcher))?
        };
        // Filtered and ranked by score: most matches fail a filter and need
        // no score, so a first pass files every match without scoring (see
        // `union`: tantivy's unions score whole blocks eagerly).
        let unscored = if scoring && !resolved.active.is_empty() {
            Some(query.weight(EnableScoring::disabled_from_searcher(searcher))?)
        } else {
            None
        };
        let name_ranks = (sort == Sort::Name).then(|| self.name_ranks(state));

        let facets = FACET_NAMES.len();
        let mut counts: Vec<Vec<u32>> = (0..facets)
            .map(|g| vec![0u32; state.values[g].len()])
            .collect();
        let mut total = 0usize;
        let mut heap: BinaryHeap<Reverse<(Cand, OrdScore)>> = BinaryHeap::with_capacity(need + 1);
        // The documents of a segment by the filters they fail: `lists[0]`
        // pass all filters; `lists[1 + g]` fail only facet `g`'s filter
        // (they count for that facet alone, which makes the facets
        // disjunctive); the last list fails more (or the language filter)
        // and counts for nothing. Every matched document is pushed to one
        // of them, so that the loop has no branch on the filters.
        let discard = facets + 1;
        let pass = SegmentPass {
            weight: weight.as_ref(),
            unscored: unscored.as_deref(),
            scoring,
            sort,
            need,
        };
        with_scratch(|scratch| -> Result<(), SearchError> {
            scratch.lists.resize_with(facets + 2, Vec::new);
            for (seg_ord, seg) in searcher.segment_readers().iter().enumerate() {
                let Some(table) = state.tables.get(seg_ord) else {
                    continue;
                };
                scratch.lists.iter_mut().for_each(Vec::clear);
                let at = SegmentAt {
                    seg,
                    seg_ord: seg_ord as u32,
                    table,
                    ranks: name_ranks.map(|r| r[seg_ord].as_slice()),
                };
                let tag = |g: usize| if g < facets { 1 + g } else { discard };
                let filter = Filter::new(table, &resolved.active, tag, discard);
                pass.run(&at, &filter, scratch, &mut heap, &mut counts)?;
                let lists = &scratch.lists;
                total += lists[0].len();
                for (g, c) in counts.iter_mut().enumerate() {
                    table.count_into(g, &lists[0], c);
                    table.count_into(g, &lists[1 + g], c);
                }
            }
            Ok(())
        })?;
        let mut top: Vec<(Cand, Score)> =
            heap.into_iter().map(|Reverse((c, s))| (c, s.0)).collect();
        top.sort_unstable_by_key(|c| Reverse(c.0));
        Ok(Collected { total, top, counts })
    }

    /// How often each correctable word of the plan occurs, and whether it
    /// is unknown (matches nothing, not even through stemming).
    fn word_stats(&self, state: &State, the_plan: &Plan) -> Vec<WordStat> {
        let mut a = analyzers();
        the_plan
            .words
            .iter()
            .filter(|w| spell::correctable(&w.folded))
            .map(|w| {
                let df = spell::doc_freq(&state.searcher, self.fields.spell, &w.folded);
                WordStat {
                    span: w.span.clone(),
                    folded: w.folded.clone(),
                    df,
                    unknown: df == 0 && !self.matches_stemmed(&mut a, &state.searcher, &w.folded),
                }
            })
            .collect()
    }

    /// Spelling correction: when the query (finding `total`) finds little,
    /// or contains a word that matches nothing, try the best near word;
    /// adopt it only if that finds more. Returns the corrected text, its
    /// plan and its results.
    #[allow(clippy::too_many_arguments)]
    #[allow(clippy::type_complexity)]
    fn corrected(
        &self,
        state: &State,
        parsed: &crate::query::Parsed,
        words: &[WordStat],
        total: usize,
        resolved: &Resolved,
        sort: Sort,
        need: usize,
    ) -> Result<Option<(String, Plan, Collected)>, SearchError> {
        let mut replacements = self.corrections(state, words, total);
        if replacements.is_empty() {
            return Ok(None);
        }
        replacements.sort_by_key(|r| Reverse(r.0.start));
        let mut corrected = parsed.sanitized.clone();
        for (span, word) in replacements {
            if corrected.is_char_boundary(span.start) && corrected.is_char_boundary(span.end) {
                corrected.replace_range(span, &word);
            }
        }
        let reparsed = parse(&corrected);
        let compound_ok = |w: &str| self.compound_ok(state, w);
        let has_term =
            |f: tantivy::schema::Field, t: &str| state.text_stats.has(&state.searcher, f, t);
        let new_plan = plan(&reparsed, &self.fields, &compound_ok, &has_term);
        let new_collected = self.collect(state, &new_plan, resolved, sort, need)?;
        if new_collected.total > total {
            Ok(Some((reparsed.sanitized, new_plan, new_collected)))
        } else {
            Ok(None)
        }
    }

    /// The replacements for the words of a query finding `total`: an
    /// unknown word by its best neighbour; a rare word, when the query
    /// finds little, by a much more frequent neighbour.
    fn corrections(
        &self,
        state: &State,
        words: &[WordStat],
        total: usize,
    ) -> Vec<(std::ops::Range<usize>, String)> {
        let mut a = analyzers();
        let mut replacements = Vec::new();
        for w in words {
            if !w.unknown && (total > LITTLE || w.df == 0) {
                continue;
            }
            let best =
                spell::best_candidate(&state.searcher, self.fields.spell, &w.folded, &mut |c| {
                    !a.is_stop_word(c)
                });
            let Some((best, best_df)) = best else {
                continue;
            };
            if w.unknown || best_df >= RARE_RATIO * w.df {
                replacements.push((w.span.clone(), best));
            }
        }
        replacements
    }

    /// How many documents the plan finds with the filters (nothing else).
    fn count(&self, state: &State, plan: &Plan, resolved: &Resolved) -> Result<usize, SearchError> {
        let Some(query) = plan.query.as_deref() else {
            return Ok(if resolved.active.is_empty() {
                state.searcher.num_docs() as usize
            } else {
                self.collect_matches(state, None, false, resolved, Sort::Newest, 0)?
                    .total
            });
        };
        let searcher = &state.searcher;
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut total = 0usize;
        for (seg_ord, seg) in searcher.segment_readers().iter().enumerate() {
            if resolved.active.is_empty() {
                total += weight.count(seg)? as usize;
                continue;
            }
            let Some(table) = state.tables.get(seg_ord) else {
                continue;
            };
            let alive = seg.alive_bitset();
            let filter = AnyTests {
                tests: resolved
                    .active
                    .iter()
                    .map(|(g, allowed)| (1, Test::new(table, *g, allowed)))
                    .collect(),
                many: 1,
            };
            weight.for_each_no_score(seg, &mut |docs: &[DocId]| {
                total += docs
                    .iter()
                    .filter(|&&d| {
                        d < table.max_doc
                            && alive.is_none_or(|a| a.is_alive(d))
                            && filter.class(d) == 0
                    })
                    .count();
            })?;
        }
        Ok(total)
    }

    /// Whether a typed word also matches compounds starting with it: only
    /// for words that are not common by themselves — for those, compounds
    /// add noise (and work) rather than help.
    fn compound_ok(&self, state: &State, folded: &str) -> bool {
        let docs = state.searcher.num_docs();
        let common = (docs / COMPOUND_COMMON_DIVISOR).max(COMPOUND_COMMON_MIN);
        spell::doc_freq(&state.searcher, self.fields.spell, folded) < common
    }

    /// Whether a word not in the spelling vocabulary still matches through
    /// stemming (e.g. a plural of an indexed singular).
    fn matches_stemmed(&self, a: &mut Analyzers, searcher: &Searcher, folded: &str) -> bool {
        for lang in Lang::ALL {
            let toks = a.analyze(lang, folded);
            let [tok] = toks.as_slice() else {
                continue;
            };
            for part in Part::ALL {
                let field = self.fields.text[lang.idx()][part as usize];
                if searcher
                    .doc_freq(&Term::from_field_text(field, &tok.text))
                    .unwrap_or(0)
                    > 0
                {
                    return true;
                }
            }
        }
        false
    }

    fn direct(&self, state: &State, text: &str) -> Option<Direct> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
            let df = state
                .searcher
                .doc_freq(&Term::from_field_text(self.fields.id, t))
                .unwrap_or(0);
            if df > 0 && self.find_doc(state, t).is_some() {
                return Some(Direct::Algorithm(t.to_string()));
            }
            return None;
        }
        if let Some(code) = state.org_by_code.get(&t.to_lowercase()) {
            return Some(Direct::Organisation(code.clone()));
        }
        let key = fold_key(t);
        state
            .org_by_name
            .get(&key)
            .map(|code| Direct::Organisation(code.clone()))
    }

    fn load(&self, state: &State, seg: u32, doc: DocId) -> Result<StoredDoc, SearchError> {
        Ok(state.searcher.doc(DocAddress::new(seg, doc))?)
    }

    fn stored_hit(&self, doc: &StoredDoc) -> Option<StoredHit> {
        StoredHit::decode(doc.hit.as_deref()?)
    }

    fn hits(
        &self,
        state: &State,
        page: &[(Cand, Score)],
        plan: &Plan,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut a = analyzers();
        let mut matchers: [Option<Matcher<'_>>; 3] = Default::default();
        let mut out = Vec::with_capacity(page.len());
        for (cand, score) in page {
            let mut doc = self.load(state, cand.seg, cand.doc)?;
            let Some(h) = self.stored_hit(&doc) else {
                continue;
            };
            let lang = Lang::from_code(&h.lang);
            let m = matchers[lang.idx()].get_or_insert_with(|| {
                Matcher::new(lang, &plan.highlight[lang.idx()], &plan.prefixes)
            });
            let snippet = snippet(&mut a, m, &h.summary, &mut || {
                std::mem::take(&mut doc.texts)
            });
            out.push(to_hit(h, *score, snippet));
        }
        Ok(out)
    }

    fn facets(
        &self,
        state: &State,
        counts: &[Vec<u32>],
        filters: &Filters,
    ) -> Vec<(String, Vec<FacetValue>)> {
        let selected = filters.groups();
        let limit = self.facet_limit.load(std::sync::atomic::Ordering::Relaxed);
        let mut out = Vec::with_capacity(FACET_NAMES.len());
        for (g, name) in FACET_NAMES.iter().enumerate() {
            let values = &state.values[g];
            let ranks = &state.value_ranks[g];
            let mut nonzero: Vec<(u32, u32)> = counts[g]
                .iter()
                .enumerate()
                .filter(|&(_, &n)| n > 0)
                .map(|(i, &n)| (n, i as u32))
                .collect();
            // Most frequent first, then alphabetically (by rank: the same
            // order as comparing the values, without comparing strings).
            let key = |&(n, i): &(u32, u32)| (Reverse(n), ranks.get(i as usize).copied());
            if limit > 0 && nonzero.len() > limit {
                nonzero.select_nth_unstable_by_key(limit - 1, key);
                nonzero.truncate(limit);
            }
            nonzero.sort_unstable_by_key(key);
            let mut list: Vec<FacetValue> = nonzero
                .into_iter()
                .map(|(n, i)| self.facet_value(state, g, &values[i as usize], u64::from(n)))
                .collect();
            let counted = list.len();
            for s in selected[g].iter() {
                let s = s.trim();
                let code = if g == 0 {
                    state
                        .org_by_code
                        .get(&s.to_lowercase())
                        .or_else(|| state.org_by_name.get(&fold_key(s)))
                        .cloned()
                        .unwrap_or_else(|| s.to_string())
                } else {
                    s.to_string()
                };
                if !s.is_empty() && !list.iter().any(|v| v.value == code) {
                    list.push(self.facet_value(state, g, &code, 0));
                }
            }
            // Selected values without results come last, alphabetically.
            list[counted..].sort_by(|x, y| x.value.cmp(&y.value));
            out.push((name.to_string(), list));
        }
        out
    }

    fn facet_value(&self, state: &State, group: usize, value: &str, count: u64) -> FacetValue {
        let label = if group == 0 {
            state
                .orgs
                .get(value)
                .map(|o| o.name.clone())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| value.to_string())
        } else {
            value.to_string()
        };
        FacetValue {
            value: value.to_string(),
            label,
            count,
        }
    }

    fn find_doc(&self, state: &State, id: &str) -> Option<(u32, DocId)> {
        for (seg_ord, seg) in state.searcher.segment_readers().iter().enumerate() {
            let inverted = seg.inverted_index(self.fields.id).ok()?;
            let term = Term::from_field_text(self.fields.id, id);
            let Ok(Some(mut postings)) = inverted.read_postings(&term, IndexRecordOption::Basic)
            else {
                continue;
            };
            let alive = seg.alive_bitset();
            let mut doc = tantivy::DocSet::doc(&postings);
            while doc != tantivy::TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    return Some((seg_ord as u32, doc));
                }
                doc = tantivy::DocSet::advance(&mut postings);
            }
        }
        None
    }

    // ----------------------------------------------------------- suggestions

    /// Suggestions for a partly typed query: abbreviations (from the synonym
    /// file), organisations and descriptions whose name has a word starting
    /// with what was typed. At most `limit` (and at most 50).
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        let state = self.state();
        let index = state.suggest.get_or_init(|| build_suggest(&state));
        let prefix = crate::query::sanitize(prefix);
        let mut a = analyzers();
        index.suggest(&mut a, &prefix, limit)
    }

    // ------------------------------------------------------------- similar

    /// Descriptions similar to the one with `id` (by their most
    /// characteristic words), best first; empty for unknown ids.
    pub fn similar(&self, id: &str, limit: usize) -> Vec<Hit> {
        match self.similar_inner(id.trim(), limit.min(SearchQuery::MAX_PAGE_SIZE)) {
            Ok(hits) => hits,
            Err(e) => {
                tracing::warn!(error = %e, id, "similar descriptions failed");
                Vec::new()
            }
        }
    }

    fn similar_inner(&self, id: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let state = self.state();
        if limit == 0 {
            return Ok(Vec::new());
        }
        let Some((seg, doc)) = self.find_doc(&state, id) else {
            return Ok(Vec::new());
        };
        let source = self.load(&state, seg, doc)?;
        let Some(h) = self.stored_hit(&source) else {
            return Ok(Vec::new());
        };
        let texts = source.texts;
        let lang = Lang::from_code(&h.lang);
        let f = &self.fields.text[lang.idx()];
        let doc_fields: Vec<(tantivy::schema::Field, Vec<OwnedValue>)> = vec![
            (
                f[Part::Name as usize],
                vec![OwnedValue::Str(h.name.clone())],
            ),
            (
                f[Part::Summary as usize],
                vec![OwnedValue::Str(h.summary.clone())],
            ),
            (
                f[Part::Tags as usize],
                vec![OwnedValue::Str(h.tags.clone())],
            ),
            (
                f[Part::Texts as usize],
                texts.into_iter().map(OwnedValue::Str).collect(),
            ),
        ];
        let num_docs = state.searcher.num_docs();
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_max_doc_frequency((num_docs / 2).max(2))
            .with_min_term_frequency(1)
            .with_max_query_terms(30)
            .with_min_word_length(3)
            .with_boost_factor(1.0)
            .with_document_fields(doc_fields);
        let query = BooleanQuery::new(vec![
            (Occur::Should, Box::new(mlt) as Box<dyn Query>),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.id, id),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let the_plan = Plan {
            query: Some(Box::new(query)),
            has_text: true,
            interpreted: String::new(),
            highlight: Default::default(),
            prefixes: Vec::new(),
            words: Vec::new(),
        };
        let resolved = Resolved { active: Vec::new() };
        let collected = self.collect(&state, &the_plan, &resolved, Sort::Relevance, limit)?;
        let mut hits = Vec::new();
        for (cand, score) in &collected.top {
            let doc = self.load(&state, cand.seg, cand.doc)?;
            if let Some(h) = self.stored_hit(&doc) {
                let snip = plain(&h.summary);
                hits.push(to_hit(h, *score, snip));
            }
        }
        Ok(hits)
    }
}

fn build_suggest(state: &State) -> SuggestIndex {
    let mut a = analyzers();
    let mut algorithms = Vec::new();
    for (seg, table) in state.searcher.segment_readers().iter().zip(&state.tables) {
        let alive = seg.alive_bitset();
        for doc in 0..table.max_doc {
            if alive.is_some_and(|al| !al.is_alive(doc)) {
                continue;
            }
            let name = table.name.get(doc);
            let id = table.id.get(doc);
            if name.is_empty() && id.is_empty() {
                continue;
            }
            let org = table.org_name.get(doc);
            algorithms.push(Entry::new(
                &mut a,
                SuggestionKind::Algorithm,
                name.to_string(),
                Some(id.to_string()),
                (!org.is_empty()).then(|| org.to_string()),
                id,
            ));
        }
    }
    let organisations = state
        .orgs
        .values()
        .map(|o| {
            Entry::new(
                &mut a,
                SuggestionKind::Organisation,
                if o.name.is_empty() {
                    o.code.clone()
                } else {
                    o.name.clone()
                },
                Some(o.code.clone()),
                (!o.org_type.is_empty()).then(|| o.org_type.clone()),
                &o.code,
            )
        })
        .collect();
    SuggestIndex::build(algorithms, organisations)
}

fn to_hit(h: StoredHit, score: Score, snippet: String) -> Hit {
    Hit {
        published_at: chrono::DateTime::from_timestamp_micros(h.published_us).unwrap_or_default(),
        id: h.id,
        name: h.name,
        summary: h.summary,
        org_code: h.org_code,
        org_name: h.org_name,
        org_type: h.org_type,
        status: h.status,
        publication_category: h.category,
        themes: h.themes,
        impact_codes: h.impact,
        provider: h.provider,
        standard_version: h.std_version,
        lang: h.lang,
        score,
        snippet,
    }
}

/// The sort key of a document: bigger sorts first. The last component
/// (the id, ascending) makes the order total and independent of the
/// segment layout.
#[inline]
fn sort_key(
    sort: Sort,
    scoring: bool,
    score: Score,
    published: i64,
    name_rank: u32,
    id_key: i64,
) -> (i64, i64, i64) {
    let tie = -id_key;
    match sort {
        Sort::Relevance if scoring => (quantize(score), published, tie),
        Sort::Relevance | Sort::Newest => (published, quantize(score), tie),
        Sort::Name => (-i64::from(name_rank), published, tie),
    }
}

/// Scores within about 1% of each other compare equal, so that the next
/// sort key (recency) decides between them. Positive `f32`s order like
/// their bit patterns; dropping the low 16 of the 23 mantissa bits leaves
/// buckets of 2^-7 (≈0.8%) relative width — without a logarithm per
/// document.
#[inline]
fn quantize(score: Score) -> i64 {
    if score > 0.0 && score.is_finite() {
        i64::from(score.to_bits() >> 16)
    } else {
        -1
    }
}

/// An `f32` that can sit in the heap (never compared: keys are unique).
#[derive(Debug, Clone, Copy)]
struct OrdScore(Score);

impl PartialEq for OrdScore {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for OrdScore {}
impl PartialOrd for OrdScore {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for OrdScore {
    fn cmp(&self, _: &Self) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    fn corpus() -> Vec<SearchDoc> {
        serde_json::from_str(include_str!("../tests/corpus.json")).expect("corpus.json parses")
    }

    /// The corpus in several segments (so that per-segment work and its
    /// sums are exercised).
    fn index() -> SearchIndex {
        let index = SearchIndex::in_memory().expect("index");
        let docs = corpus();
        let (a, b) = docs.split_at(docs.len() / 3);
        index.rebuild(a.iter().cloned()).expect("rebuild");
        index.upsert(b).expect("upsert");
        index
    }

    fn values(d: &SearchDoc, g: usize) -> Vec<String> {
        match g {
            0 => vec![d.org_code.clone()],
            1 => vec![d.org_type.clone()],
            2 => d.themes.clone(),
            3 => d.status.clone().into_iter().collect(),
            4 => d.publication_category.clone().into_iter().collect(),
            5 => d.impact_codes.clone(),
            6 => d.provider.clone().into_iter().collect(),
            7 => vec![d.standard_version.clone()],
            _ => vec![d.lang.clone()],
        }
    }

    /// Facet counts the slow way: for each facet, every matched document
    /// passing all other filters counts for its values.
    fn brute_force(
        docs: &[SearchDoc],
        matched: &HashSet<String>,
        f: &Filters,
    ) -> (Vec<HashMap<String, u64>>, usize) {
        let groups = f.groups();
        let passes = |d: &SearchDoc, g: usize| {
            groups[g].is_empty() || values(d, g).iter().any(|v| groups[g].contains(v))
        };
        let mut counts = vec![HashMap::new(); FACET_NAMES.len()];
        for (g, c) in counts.iter_mut().enumerate() {
            for d in docs.iter().filter(|d| matched.contains(&d.id)) {
                if (0..GROUPS).filter(|&o| o != g).all(|o| passes(d, o)) {
                    for v in values(d, g) {
                        *c.entry(v).or_default() += 1;
                    }
                }
            }
        }
        let total = docs
            .iter()
            .filter(|d| matched.contains(&d.id) && (0..GROUPS).all(|g| passes(d, g)))
            .count();
        (counts, total)
    }

    fn filter_sets(docs: &[SearchDoc]) -> Vec<Filters> {
        let mut sets = vec![Filters::default()];
        // One and two values of every group, alone and with others.
        for (i, d) in docs.iter().enumerate().step_by(7) {
            let e = &docs[(i + 3) % docs.len()];
            sets.push(Filters {
                themes: d.themes.iter().take(1).cloned().collect(),
                statuses: d.status.iter().chain(&e.status).cloned().collect(),
                ..Default::default()
            });
            sets.push(Filters {
                orgs: vec![d.org_code.clone(), e.org_code.clone()],
                impact_codes: d.impact_codes.clone(),
                ..Default::default()
            });
            sets.push(Filters {
                org_types: vec![d.org_type.clone()],
                categories: d.publication_category.iter().cloned().collect(),
                langs: vec![e.lang.clone()],
                standard_versions: vec![d.standard_version.clone()],
                ..Default::default()
            });
            sets.push(Filters {
                providers: d.provider.iter().chain(&e.provider).cloned().collect(),
                themes: e.themes.clone(),
                ..Default::default()
            });
        }
        sets
    }

    /// A `Union` scores every document exactly as tantivy's boolean union
    /// of the same clauses does — through its own loop, its lazy scorer
    /// and seeks alike.
    #[test]
    fn union_scores_equal_boolean_union_scores() {
        use crate::union::Union;
        use tantivy::query::BoostQuery;

        let index = index();
        let state = index.state();
        let searcher = &state.searcher;
        let stats = BlendedStats::new(searcher, &state.text_stats);
        let scoring = || EnableScoring::enabled_from_statistics_provider(&stats, searcher);
        let mut a = analyzers();
        let fields = index.fields.text_fields();
        for word in [
            "gemeente", "woning", "zorg", "aanvraag", "parkeren", "gegevens", "risico",
        ] {
            let clauses: Vec<Box<dyn Query>> = fields
                .iter()
                .filter_map(|tf| {
                    let toks = a.analyze(tf.lang, word);
                    let tok = toks.first()?;
                    Some(Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(tf.field, &tok.text),
                            IndexRecordOption::WithFreqs,
                        )),
                        tf.weight,
                    )) as Box<dyn Query>)
                })
                .collect();
            let boolean = BooleanQuery::union(clauses.iter().map(|c| c.box_clone()).collect());
            let union = Union(clauses);
            let tantivy_weight = boolean.weight(scoring()).expect("weight");
            let union_weight = union.weight(scoring()).expect("weight");
            for seg in searcher.segment_readers() {
                let mut expected: Vec<(DocId, u32)> = Vec::new();
                tantivy_weight
                    .for_each(seg, &mut |d, s| expected.push((d, s.to_bits())))
                    .expect("for_each");
                let mut looped = Vec::new();
                union_weight
                    .for_each(seg, &mut |d, s| looped.push((d, s.to_bits())))
                    .expect("for_each");
                assert_eq!(looped, expected, "{word}: own loop");
                let mut scorer = union_weight.scorer(seg, 1.0).expect("scorer");
                let mut stepped = Vec::new();
                while scorer.doc() != tantivy::TERMINATED {
                    stepped.push((scorer.doc(), scorer.score().to_bits()));
                    scorer.advance();
                }
                assert_eq!(stepped, expected, "{word}: stepping");
                let mut scorer = union_weight.scorer(seg, 1.0).expect("scorer");
                for &(d, s) in expected.iter().step_by(3) {
                    if scorer.doc() < d {
                        scorer.seek(d);
                    }
                    assert_eq!(
                        (scorer.doc(), scorer.score().to_bits()),
                        (d, s),
                        "{word}: seeking"
                    );
                }
                let unscored = union
                    .weight(EnableScoring::disabled_from_searcher(searcher))
                    .expect("weight");
                let mut docs = Vec::new();
                unscored
                    .for_each_no_score(seg, &mut |ds: &[DocId]| docs.extend_from_slice(ds))
                    .expect("for_each_no_score");
                assert_eq!(
                    docs,
                    expected.iter().map(|e| e.0).collect::<Vec<_>>(),
                    "{word}: unscored"
                );
            }
        }
    }

    /// Looking one edit away first finds the same best correction as
    /// ranking every word within the allowed distance.
    #[test]
    fn best_correction_equals_the_first_candidate() {
        let index = index();
        let state = index.state();
        let mut a = analyzers();
        let mut words: Vec<String> = corpus()
            .iter()
            .flat_map(|d| a.fold_words(&format!("{} {}", d.name, d.summary)))
            .filter(|w| spell::correctable(w))
            .collect();
        words.sort();
        words.dedup();
        let mut checked = 0;
        for (i, w) in words.iter().enumerate() {
            let chars: Vec<char> = w.chars().collect();
            let k = 1 + i % (chars.len() - 2);
            let mut typos = vec![w.clone()];
            // A deletion, a transposition, a substitution, an insertion,
            // and two edits at once.
            let del: String = chars
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != k)
                .map(|(_, c)| c)
                .collect();
            let mut swapped = chars.clone();
            swapped.swap(k - 1, k);
            let mut sub = chars.clone();
            sub[k] = if sub[k] == 'e' { 'a' } else { 'e' };
            let mut ins = chars.clone();
            ins.insert(k, 'r');
            let mut two = sub.clone();
            two.remove(k - 1);
            typos.extend([
                del,
                swapped.into_iter().collect(),
                sub.into_iter().collect(),
                ins.into_iter().collect(),
                two.into_iter().collect(),
            ]);
            for t in typos.iter().filter(|t| spell::correctable(t)) {
                let mut keep = |c: &str| !a.is_stop_word(c);
                let best = spell::best_candidate(&state.searcher, index.fields.spell, t, &mut keep);
                let first = spell::candidates(&state.searcher, index.fields.spell, t, &mut keep)
                    .into_iter()
                    .next();
                assert_eq!(best, first, "{t:?}");
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
    }

    /// The one pass over the matches — filed per document or with sets
    /// of bits (counting from bits or lists), whichever is forced — counts
    /// every facet as the slow way does, finds the same total and ranks the
    /// same page.
    #[test]
    fn one_pass_disjunctive_facets_equal_brute_force_either_way() {
        let index = index();
        let docs = corpus();
        let sets = filter_sets(&docs);
        for text in [
            "",
            "gemeente",
            "woningen",
            "aanvragen of subsidie",
            "-parkeren",
            "zorg",
        ] {
            let everything = SearchQuery {
                text: text.into(),
                page_size: SearchQuery::MAX_PAGE_SIZE,
                ..Default::default()
            };
            let matched: HashSet<String> = index
                .search(&everything)
                .expect("search")
                .hits
                .into_iter()
                .map(|h| h.id)
                .collect();
            for f in &sets {
                for sort in [Sort::Relevance, Sort::Newest, Sort::Name] {
                    let q = SearchQuery {
                        text: text.into(),
                        filters: f.clone(),
                        sort,
                        page_size: 7,
                        ..Default::default()
                    };
                    // Per document; with sets of bits, counting failures
                    // from bits or from lists.
                    let answers: Vec<SearchResults> = [(false, false), (true, true), (true, false)]
                        .map(|(dense, words)| {
                            FORCE_DENSE.with(|c| c.set(Some(dense)));
                            crate::table::FORCE_WORD_COUNT.with(|c| c.set(Some(words)));
                            let r = index.search(&q).expect("search");
                            FORCE_DENSE.with(|c| c.set(None));
                            crate::table::FORCE_WORD_COUNT.with(|c| c.set(None));
                            r
                        })
                        .into();
                    assert_eq!(answers[0], answers[1], "{text:?} {f:?} {sort:?}");
                    assert_eq!(answers[0], answers[2], "{text:?} {f:?} {sort:?}");
                    let (expected, total) = brute_force(&docs, &matched, f);
                    assert_eq!(answers[0].total, total, "total for {text:?} {f:?}");
                    for (g, (_, list)) in answers[0].facets.iter().enumerate() {
                        let got: HashMap<String, u64> = list
                            .iter()
                            .filter(|v| v.count > 0)
                            .map(|v| (v.value.clone(), v.count))
                            .collect();
                        assert_eq!(got, expected[g], "facet {g} for {text:?} {f:?}");
                    }
                }
            }
        }
    }
}
