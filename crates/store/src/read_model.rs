//! The read model of the public register: the `published` table (one narrow row per published
//! description: what a list shows, filters and sorts on) in memory, shared by all requests of a node.
//! Public lists are counted and paged here with bitsets, without a query: counting a filtered selection
//! in SQL, and then reading the page's rows through the SQLite driver, was what made uncached lists
//! slow. It costs about 300 bytes per published description (6 MB for 20,000).
//!
//! The model follows the change log, as the search index does: a node's own writes are seen at the
//! next read, other nodes' within [`POLL`] (or as soon as anyone on this node reads a newer
//! generation, as the API's answer cache does before every answer). Every change-log entry it has seen
//! is applied at once — reloading that description's `published` row is idempotent — and a hole in the
//! sequence (a transaction that has not committed yet) is looked for again until it appears or
//! [`GAP_WAIT`] has passed (a rollback leaves a hole for ever). A change of organisations reloads them.
//!
//! It answers exactly what the SQL of [`Store::public_list_sql`] answers; a test compares the two on
//! many filter combinations.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use algoreg_domain::{AlgorithmId, OrgType};
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use sqlx::{AssertSqlSafe, Row};

use crate::public::{
    PublicFilter, PublicSort, PublicSummaryRow, SUMMARY_COLUMNS, summary_from_row,
};
use crate::{Store, StoreError, with_pool};

/// How often a node asks the database whether other nodes changed something.
pub const POLL: Duration = Duration::from_millis(250);
/// How long a hole in the change-log sequence is looked for before it is taken for a rollback.
pub const GAP_WAIT: Duration = Duration::from_secs(5);
/// With more changes than this to apply, the model is built again instead.
const REBUILD_AFTER: i64 = 5_000;
/// Descriptions reloaded per query.
const CHUNK: usize = 500;
/// How far below its position a rebuilt model looks for numbers not committed yet.
const HOLE_WINDOW: i64 = 1_000;

/// The filter dimensions, in the order of [`Snapshot::dims`].
#[derive(Clone, Copy)]
enum Dim {
    Org,
    OrgType,
    Theme,
    Status,
    Category,
    Impact,
    Provider,
    StandardVersion,
    Lang,
}

const DIMS: usize = 9;

/// The model's handle in a [`Store`]: the current snapshot and what keeps it current.
pub(crate) struct ReadModel {
    current: RwLock<Option<Arc<Snapshot>>>,
    checked: Mutex<Check>,
    /// Writes committed through this node (any clone of its store).
    writes: AtomicU64,
    /// The newest change-log number anyone on this node has read.
    seen: AtomicI64,
    builder: tokio::sync::Mutex<Builder>,
}

/// When the database was last asked for changes, what this node had written then, and the change-log
/// position the current snapshot reflects.
#[derive(Clone, Copy, Default)]
struct Check {
    at: Option<Instant>,
    writes: u64,
    applied: i64,
}

impl std::fmt::Debug for ReadModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadModel").finish_non_exhaustive()
    }
}

impl ReadModel {
    pub(crate) fn new() -> Self {
        Self {
            current: RwLock::new(None),
            checked: Mutex::new(Check::default()),
            writes: AtomicU64::new(0),
            seen: AtomicI64::new(0),
            builder: tokio::sync::Mutex::new(Builder::default()),
        }
    }

    /// Called after every committed write of this node.
    pub(crate) fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::AcqRel);
    }

    /// Called with every generation read from the database.
    pub(crate) fn saw(&self, generation: i64) {
        self.seen.fetch_max(generation, Ordering::AcqRel);
    }

    fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// How current the snapshot is known to be.
    fn freshness(&self) -> Freshness {
        let c = *self.checked.lock().unwrap_or_else(|e| e.into_inner());
        if c.writes != self.writes.load(Ordering::Acquire)
            || self.seen.load(Ordering::Acquire) > c.applied
        {
            Freshness::Behind
        } else if c.at.is_some_and(|at| at.elapsed() < POLL) {
            Freshness::Fresh
        } else {
            Freshness::PollDue
        }
    }

    /// The current snapshot, brought up to date first when it may be stale: always after this node
    /// wrote or read a newer generation (an answer must not be older than what its caller has seen);
    /// after the poll interval, by one request while the others go on with the current snapshot.
    pub(crate) async fn get(&self, store: &Store) -> Result<Arc<Snapshot>, StoreError> {
        let current = self.snapshot();
        let mut builder = match (current, self.freshness()) {
            (Some(snap), Freshness::Fresh) => return Ok(snap),
            (Some(snap), Freshness::PollDue) => match self.builder.try_lock() {
                Ok(builder) => builder,
                Err(_) => return Ok(snap),
            },
            _ => self.builder.lock().await,
        };
        // Someone else may have brought it up to date while this task waited.
        if let Some(snap) = self
            .snapshot()
            .filter(|_| self.freshness() == Freshness::Fresh)
        {
            return Ok(snap);
        }
        // Read the write count before asking: a write after this point is seen by the next read.
        let writes = self.writes.load(Ordering::Acquire);
        let checked_at = Instant::now();
        let changed = builder.update(store).await?;
        let snap = match self.snapshot() {
            Some(snap) if !changed => snap,
            _ => {
                let updated = checked_at.elapsed();
                let snap = Arc::new(builder.snapshot());
                tracing::debug!(
                    descriptions = snap.entries.len(),
                    applied = builder.applied,
                    update_ms = updated.as_millis() as u64,
                    snapshot_ms = (checked_at.elapsed() - updated).as_millis() as u64,
                    "read model follows the change log"
                );
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(snap.clone());
                snap
            }
        };
        self.saw(builder.applied);
        *self.checked.lock().unwrap_or_else(|e| e.into_inner()) = Check {
            at: Some(checked_at),
            writes,
            applied: builder.applied,
        };
        Ok(snap)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Freshness {
    Fresh,
    /// Nothing newer is known, but the poll interval has passed.
    PollDue,
    /// This node wrote, or read a newer generation, since the snapshot was made.
    Behind,
}

/// One published description: its row of the `published` table, with the values of its filter columns
/// as numbers of the model's vocabulary (0: none).
pub(crate) struct Entry {
    id: AlgorithmId,
    version: i64,
    published_at: DateTime<Utc>,
    first_published_at: Option<DateTime<Utc>>,
    org: u32,
    status: u32,
    category: u32,
    provider: u32,
    standard_version: u32,
    lang: u32,
    /// Themes, then impact-assessment codes.
    words: Box<[u32]>,
    themes: u16,
    name: Box<str>,
    summary: Box<str>,
    name_key: Arc<str>,
}

impl Entry {
    /// The list row of this description, with its organisation's name and type.
    pub(crate) fn summary(&self, vocab: &[Arc<str>], org: &OrgInfo) -> PublicSummaryRow {
        let text = |id: u32| word(vocab, id).map(str::to_owned);
        let (themes, impacts) = self.words.split_at(usize::from(self.themes));
        let list = |ids: &[u32]| ids.iter().filter_map(|id| text(*id)).collect();
        PublicSummaryRow {
            id: self.id,
            org_code: text(self.org).unwrap_or_default(),
            org_name: org.name.clone(),
            org_type: org.org_type,
            version: self.version,
            name: self.name.to_string(),
            summary: self.summary.to_string(),
            status: text(self.status),
            publication_category: text(self.category),
            provider: text(self.provider),
            standard_version: text(self.standard_version).unwrap_or_default(),
            lang: text(self.lang).unwrap_or_default(),
            themes: list(themes),
            impact_codes: list(impacts),
            first_published_at: self.first_published_at,
            published_at: Some(self.published_at),
        }
    }

    /// The organisation code.
    pub(crate) fn org_code<'a>(&self, vocab: &'a [Arc<str>]) -> &'a str {
        word(vocab, self.org).unwrap_or_default()
    }

    fn newest_key(&self) -> NewestKey {
        (Reverse(self.published_at), Reverse(self.id))
    }
}

/// The word with vocabulary number `id` (0: none).
fn word(vocab: &[Arc<str>], id: u32) -> Option<&str> {
    let i = usize::try_from(id).ok()?.checked_sub(1)?;
    vocab.get(i).map(|w| &**w)
}

/// The default order of lists: newest publication first, ties by ID descending.
type NewestKey = (Reverse<DateTime<Utc>>, Reverse<AlgorithmId>);

/// An organisation as lists show it.
#[derive(Clone)]
pub(crate) struct OrgInfo {
    pub(crate) name: String,
    pub(crate) org_type: OrgType,
}

/// What the model has applied, and the descriptions and organisations it holds, kept in both sort
/// orders as they change (so a snapshot after a change costs a walk, not a sort). Only the task that
/// holds the lock changes it.
#[derive(Default)]
struct Builder {
    built: bool,
    /// The highest change-log number applied.
    applied: i64,
    /// Numbers below `applied` not seen yet, with when they were first missed.
    holes: BTreeMap<i64, Instant>,
    entries: HashMap<AlgorithmId, Arc<Entry>>,
    newest: BTreeMap<NewestKey, Arc<Entry>>,
    by_name: BTreeSet<(Arc<str>, AlgorithmId)>,
    orgs: Arc<HashMap<Box<str>, OrgInfo>>,
    /// Every value of a filter column seen, numbered from 1; snapshots share the list.
    vocab: Arc<Vec<Arc<str>>>,
    vocab_ids: HashMap<Arc<str>, u32>,
}

impl Builder {
    /// Brings the model up to the change log; answers whether anything changed.
    async fn update(&mut self, store: &Store) -> Result<bool, StoreError> {
        if !self.built {
            self.rebuild(store).await?;
            return Ok(true);
        }
        let changes = store.changes_since(self.applied, REBUILD_AFTER).await?;
        if i64::try_from(changes.len()).unwrap_or(i64::MAX) >= REBUILD_AFTER {
            self.rebuild(store).await?;
            return Ok(true);
        }
        let mut found: Vec<(i64, String)> = changes
            .into_iter()
            .map(|(seq, _, subject, _)| (seq, subject))
            .collect();
        // Holes that have committed since.
        if !self.holes.is_empty() {
            let seqs: Vec<i64> = self.holes.keys().copied().collect();
            found.extend(store.changes_at(&seqs).await?);
        }
        let now = Instant::now();
        self.holes
            .retain(|_, since| now.duration_since(*since) < GAP_WAIT);
        if found.is_empty() {
            return Ok(false);
        }
        let mut ids = Vec::new();
        let mut orgs = false;
        for (seq, subject) in found {
            self.holes.remove(&seq);
            if seq > self.applied {
                for missing in self.applied + 1..seq {
                    self.holes.insert(missing, now);
                }
                self.applied = seq;
            }
            match subject.as_str() {
                "organisations" => orgs = true,
                "search" => {}
                _ => ids.push(subject),
            }
        }
        ids.sort();
        ids.dedup();
        let applied = async {
            if orgs {
                self.load_orgs(store).await?;
            }
            self.reload(store, &ids).await
        }
        .await;
        if applied.is_err() {
            // The position has moved past changes that may be half applied: build anew next time.
            self.built = false;
        }
        applied?;
        Ok(orgs || !ids.is_empty())
    }

    async fn rebuild(&mut self, store: &Store) -> Result<(), StoreError> {
        // Until it is done, a failed rebuild leaves a model that must be built again.
        self.built = false;
        // The position first: changes after it are applied by the next update (idempotently).
        let applied = store.generation().await?;
        self.load_orgs(store).await?;
        self.entries.clear();
        self.newest.clear();
        self.by_name.clear();
        // Row by row: the whole table at once would cost several times the model's own size.
        let mut unknown_org = false;
        let sql = format!("SELECT {SUMMARY_COLUMNS}, p.name_key FROM published p");
        store
            .model_rows(&sql, &[], |row| {
                unknown_org |= !self.orgs.contains_key(row.row.org_code.as_str());
                self.insert(row);
            })
            .await?;
        if unknown_org {
            // An organisation added while the rows were read.
            self.load_orgs(store).await?;
        }
        self.applied = applied;
        // Numbers below the position whose transactions had not committed when the rows were read
        // (PostgreSQL hands out numbers before commit): looked for like any other hole.
        self.holes.clear();
        let now = Instant::now();
        let lo = applied.saturating_sub(HOLE_WINDOW);
        let present: BTreeSet<i64> = store
            .change_seqs_between(lo, applied)
            .await?
            .into_iter()
            .collect();
        for seq in lo + 1..=applied {
            if seq > 0 && !present.contains(&seq) {
                self.holes.insert(seq, now);
            }
        }
        self.built = true;
        Ok(())
    }

    async fn load_orgs(&mut self, store: &Store) -> Result<(), StoreError> {
        let orgs: Vec<(String, String, String)> = with_pool!(store, read, |pool| {
            sqlx::query_as("SELECT code, name, org_type FROM organisations")
                .fetch_all(pool)
                .await?
        });
        let mut map = HashMap::with_capacity(orgs.len());
        for (code, name, org_type) in orgs {
            let org_type = OrgType::parse(&org_type)
                .ok_or_else(|| crate::rows::corrupt("organisation type", &org_type))?;
            map.insert(code.into_boxed_str(), OrgInfo { name, org_type });
        }
        self.orgs = Arc::new(map);
        Ok(())
    }

    /// Reloads these descriptions from the `published` table; those not there any more leave.
    async fn reload(&mut self, store: &Store, ids: &[String]) -> Result<(), StoreError> {
        for chunk in ids.chunks(CHUNK) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS}, p.name_key FROM published p WHERE p.description_id IN ({})",
                marks.join(", ")
            );
            for id in chunk {
                if let Ok(id) = AlgorithmId::parse(id) {
                    self.remove(id);
                }
            }
            let mut unknown_org = false;
            store
                .model_rows(&sql, chunk, |row| {
                    unknown_org |= !self.orgs.contains_key(row.row.org_code.as_str());
                    self.insert(row);
                })
                .await?;
            if unknown_org {
                // Published for an organisation added after the model loaded them.
                self.load_orgs(store).await?;
            }
        }
        Ok(())
    }

    fn word(&mut self, value: &str) -> u32 {
        if let Some(id) = self.vocab_ids.get(value) {
            return *id;
        }
        let value: Arc<str> = value.into();
        // Copies the list when a snapshot still shares it (rare: only for new values).
        let vocab = Arc::make_mut(&mut self.vocab);
        vocab.push(value.clone());
        let id = u32::try_from(vocab.len()).unwrap_or(u32::MAX);
        self.vocab_ids.insert(value, id);
        id
    }

    fn opt_word(&mut self, value: Option<&str>) -> u32 {
        value.map_or(0, |v| self.word(v))
    }

    fn remove(&mut self, id: AlgorithmId) {
        if let Some(e) = self.entries.remove(&id) {
            self.newest.remove(&e.newest_key());
            self.by_name.remove(&(e.name_key.clone(), id));
        }
    }

    fn insert(&mut self, r: ModelRow) {
        let row = r.row;
        self.remove(row.id);
        let mut words: Vec<u32> = row.themes.iter().map(|t| self.word(t)).collect();
        let themes = u16::try_from(words.len()).unwrap_or(u16::MAX);
        words.extend(row.impact_codes.iter().map(|t| self.word(t)));
        let entry = Arc::new(Entry {
            id: row.id,
            version: row.version,
            published_at: r.published_at,
            first_published_at: row.first_published_at,
            org: self.word(&row.org_code),
            status: self.opt_word(row.status.as_deref()),
            category: self.opt_word(row.publication_category.as_deref()),
            provider: self.opt_word(row.provider.as_deref()),
            standard_version: self.word(&row.standard_version),
            lang: self.word(&row.lang),
            words: words.into_boxed_slice(),
            themes,
            name: row.name.into_boxed_str(),
            summary: row.summary.into_boxed_str(),
            name_key: r.name_key.into(),
        });
        self.newest.insert(entry.newest_key(), entry.clone());
        self.by_name.insert((entry.name_key.clone(), entry.id));
        self.entries.insert(entry.id, entry);
    }

    /// The organisation type of vocabulary word `org` (an organisation code), as its place in
    /// [`OrgType::ALL`].
    fn org_type(&self, org: u32) -> Option<usize> {
        let o = self.orgs.get(word(&self.vocab, org)?)?;
        OrgType::ALL.iter().position(|t| *t == o.org_type)
    }

    /// An immutable snapshot of the current entries, with their postings and sort orders.
    fn snapshot(&self) -> Snapshot {
        // Slots in the default order.
        let entries: Vec<Arc<Entry>> = self.newest.values().cloned().collect();
        let n = entries.len();
        let mut by_id: Vec<(AlgorithmId, u32)> = entries
            .iter()
            .enumerate()
            .map(|(s, e)| (e.id, slot(s)))
            .collect();
        by_id.sort_unstable();
        let name_order: Vec<u32> = self
            .by_name
            .iter()
            .filter_map(|(_, id)| {
                let k = by_id.binary_search_by_key(id, |(i, _)| *i).ok()?;
                Some(by_id[k].1)
            })
            .collect();
        // Postings per dimension and value: by vocabulary number, organisation types by their place
        // in the list of types.
        let words = self.vocab.len() + 1;
        let mut lists: Vec<Vec<Vec<u32>>> = (0..DIMS)
            .map(|d| {
                let values = if d == Dim::OrgType as usize {
                    OrgType::ALL.len()
                } else {
                    words
                };
                vec![Vec::new(); values]
            })
            .collect();
        let mut org_types: Vec<Option<Option<usize>>> = vec![None; words];
        for (s, e) in entries.iter().enumerate() {
            let s = slot(s);
            let mut add = |dim: Dim, value: usize| {
                if let Some(l) = lists[dim as usize].get_mut(value) {
                    l.push(s);
                }
            };
            for (dim, id) in [
                (Dim::Org, e.org),
                (Dim::Status, e.status),
                (Dim::Category, e.category),
                (Dim::Provider, e.provider),
                (Dim::StandardVersion, e.standard_version),
                (Dim::Lang, e.lang),
            ] {
                if id != 0 {
                    add(dim, id as usize);
                }
            }
            let (themes, impacts) = e.words.split_at(usize::from(e.themes));
            for t in themes {
                add(Dim::Theme, *t as usize);
            }
            for t in impacts {
                add(Dim::Impact, *t as usize);
            }
            let known = org_types.get_mut(e.org as usize);
            let t = match known {
                Some(Some(t)) => *t,
                Some(slot) => *slot.insert(self.org_type(e.org)),
                None => None,
            };
            if let Some(t) = t {
                add(Dim::OrgType, t);
            }
        }
        let dims = lists
            .into_iter()
            .enumerate()
            .map(|(d, by_value)| {
                by_value
                    .into_iter()
                    .enumerate()
                    .filter(|(_, l)| !l.is_empty())
                    .filter_map(|(v, mut l)| {
                        let key: Arc<str> = if d == Dim::OrgType as usize {
                            OrgType::ALL.get(v)?.as_str().into()
                        } else {
                            word(&self.vocab, slot(v))?.into()
                        };
                        // A description with a theme twice has its slot twice in a row.
                        l.dedup();
                        Some((key, Posting::new(l, n)))
                    })
                    .collect()
            })
            .collect();
        Snapshot {
            entries,
            by_id,
            name_order,
            dims,
            orgs: self.orgs.clone(),
            vocab: self.vocab.clone(),
        }
    }
}

fn slot(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The descriptions with one value: a sorted list of slots, or a bitset when that is smaller.
enum Posting {
    List(Vec<u32>),
    Bits(Bits),
}

impl Posting {
    fn new(slots: Vec<u32>, n: usize) -> Self {
        if slots.len() * 32 > n {
            let mut b = Bits::empty(n);
            for s in slots {
                b.set(s);
            }
            Posting::Bits(b)
        } else {
            Posting::List(slots)
        }
    }
}

/// A set of slots.
#[derive(Clone)]
struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    fn empty(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    fn full(len: usize) -> Self {
        let mut b = Self {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        if !len.is_multiple_of(64)
            && let Some(last) = b.words.last_mut()
        {
            *last = (1u64 << (len % 64)) - 1;
        }
        b
    }

    fn set(&mut self, s: u32) {
        let s = s as usize;
        if s < self.len {
            self.words[s / 64] |= 1 << (s % 64);
        }
    }

    fn contains(&self, s: u32) -> bool {
        let s = s as usize;
        s < self.len && self.words[s / 64] & (1 << (s % 64)) != 0
    }

    fn or(&mut self, p: &Posting) {
        match p {
            Posting::Bits(b) => {
                for (w, o) in self.words.iter_mut().zip(&b.words) {
                    *w |= o;
                }
            }
            Posting::List(l) => {
                for s in l {
                    self.set(*s);
                }
            }
        }
    }

    fn and(&mut self, other: &Bits) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w &= o;
        }
    }

    fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The set slots in ascending (or descending) order.
    fn iter(&self, descending: bool) -> SetBits<'_> {
        SetBits {
            words: &self.words,
            next: 0,
            back: self.words.len(),
            word: 0,
            base: 0,
            descending,
        }
    }
}

/// Iterates the set bits of a [`Bits`].
struct SetBits<'a> {
    words: &'a [u64],
    /// The next word to load from the front, and one past the next from the back.
    next: usize,
    back: usize,
    /// The bits of the loaded word still to yield, and that word's first slot.
    word: u64,
    base: usize,
    descending: bool,
}

impl Iterator for SetBits<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        while self.word == 0 {
            if self.next >= self.back {
                return None;
            }
            let i = if self.descending {
                self.back -= 1;
                self.back
            } else {
                self.next += 1;
                self.next - 1
            };
            self.word = self.words[i];
            self.base = i * 64;
        }
        let bit = if self.descending {
            63 - self.word.leading_zeros() as usize
        } else {
            self.word.trailing_zeros() as usize
        };
        self.word &= !(1u64 << bit);
        Some(slot(self.base + bit))
    }
}

/// The model at one change-log position. Immutable; requests share it.
pub(crate) struct Snapshot {
    /// The descriptions by slot; slots are in the default order (newest publication first).
    entries: Vec<Arc<Entry>>,
    /// (ID, slot), sorted by ID.
    by_id: Vec<(AlgorithmId, u32)>,
    /// Slots by name (ascending; descending is the reverse).
    name_order: Vec<u32>,
    /// Per dimension: value → descriptions.
    dims: Vec<HashMap<Arc<str>, Posting>>,
    pub(crate) orgs: Arc<HashMap<Box<str>, OrgInfo>>,
    pub(crate) vocab: Arc<Vec<Arc<str>>>,
}

impl Snapshot {
    fn select(&self, f: &PublicFilter) -> Bits {
        let n = self.entries.len();
        let mut acc: Option<Bits> = None;
        let mut and = |b: Bits| match &mut acc {
            Some(a) => a.and(&b),
            None => acc = Some(b),
        };
        if !f.ids.is_empty() {
            let mut b = Bits::empty(n);
            for id in &f.ids {
                let found = AlgorithmId::parse(id)
                    .ok()
                    .and_then(|id| self.by_id.binary_search_by_key(&id, |(i, _)| *i).ok());
                if let Some(k) = found {
                    b.set(self.by_id[k].1);
                }
            }
            and(b);
        }
        let filters: [(Dim, &[String]); DIMS] = [
            (Dim::Org, &f.orgs),
            (Dim::OrgType, &f.org_types),
            (Dim::Theme, &f.themes),
            (Dim::Status, &f.statuses),
            (Dim::Category, &f.categories),
            (Dim::Impact, &f.impact_codes),
            (Dim::Provider, &f.providers),
            (Dim::StandardVersion, &f.standard_versions),
            (Dim::Lang, &f.langs),
        ];
        for (dim, values) in filters {
            if values.is_empty() {
                continue;
            }
            let mut b = Bits::empty(n);
            for v in values {
                if let Some(p) = self.dims[dim as usize].get(v.as_str()) {
                    b.or(p);
                }
            }
            and(b);
        }
        acc.unwrap_or_else(|| Bits::full(n))
    }

    /// One page of the selection, in order, and the size of the whole selection.
    pub(crate) fn page(
        &self,
        f: &PublicFilter,
        sort: PublicSort,
        limit: usize,
        offset: usize,
    ) -> (Vec<&Entry>, usize) {
        let sel = self.select(f);
        let total = sel.count();
        let slots: Vec<u32> = match sort {
            PublicSort::Newest => sel.iter(false).skip(offset).take(limit).collect(),
            PublicSort::Oldest => sel.iter(true).skip(offset).take(limit).collect(),
            PublicSort::Name => self
                .name_order
                .iter()
                .copied()
                .filter(|s| sel.contains(*s))
                .skip(offset)
                .take(limit)
                .collect(),
            PublicSort::NameDesc => self
                .name_order
                .iter()
                .rev()
                .copied()
                .filter(|s| sel.contains(*s))
                .skip(offset)
                .take(limit)
                .collect(),
        };
        let page = slots
            .into_iter()
            .filter_map(|s| self.entries.get(s as usize).map(|e| &**e))
            .collect();
        (page, total)
    }
}

/// A `published` row as the model reads it.
pub(crate) struct ModelRow {
    row: PublicSummaryRow,
    published_at: DateTime<Utc>,
    name_key: String,
}

impl Store {
    /// The change-log numbers in `(lo, hi]` that exist (committed).
    async fn change_seqs_between(&self, lo: i64, hi: i64) -> Result<Vec<i64>, StoreError> {
        with_pool!(self, read, |pool| {
            Ok(
                sqlx::query_scalar("SELECT seq FROM change_log WHERE seq > $1 AND seq <= $2")
                    .bind(lo)
                    .bind(hi)
                    .fetch_all(pool)
                    .await?,
            )
        })
    }

    /// Runs `sql` over `published p` and hands each row to `each`, as it arrives.
    async fn model_rows(
        &self,
        sql: &str,
        binds: &[String],
        mut each: impl FnMut(ModelRow),
    ) -> Result<(), StoreError> {
        with_pool!(self, read, |pool| {
            let mut q = sqlx::query(AssertSqlSafe(sql.to_owned()));
            for b in binds {
                q = q.bind(b);
            }
            let mut rows = q.fetch(pool);
            while let Some(r) = rows.try_next().await? {
                each(ModelRow {
                    row: summary_from_row(&r)?,
                    published_at: r.try_get("published_at")?,
                    name_key: r.try_get("name_key")?,
                });
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitsets_iterate_both_ways_and_count() {
        let mut b = Bits::empty(130);
        for s in [0, 5, 63, 64, 127, 129] {
            b.set(s);
        }
        assert_eq!(b.count(), 6);
        assert_eq!(b.iter(false).collect::<Vec<_>>(), [0, 5, 63, 64, 127, 129]);
        assert_eq!(b.iter(true).collect::<Vec<_>>(), [129, 127, 64, 63, 5, 0]);
        assert_eq!(Bits::full(130).count(), 130);
        assert_eq!(Bits::full(128).count(), 128);
        assert_eq!(Bits::full(0).count(), 0);
        let mut c = Bits::full(130);
        c.and(&b);
        assert_eq!(c.count(), 6);
        assert!(c.contains(64) && !c.contains(65));
    }
}
