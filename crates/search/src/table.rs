//! Per-segment columnar tables, read once per segment from tantivy's fast
//! fields.
//!
//! Segments are immutable, so a segment's table is built when the segment
//! first becomes searchable and reused until it is merged away. Facet and
//! filter values are interned into index-wide ids ([`Interners`]), so that
//! filtering and (disjunctive) facet counting over the matched documents is
//! a loop over small integer arrays — no strings, no hashing per document.

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

/// One segment's table.
#[derive(Debug)]
pub(crate) struct SegTable {
    pub max_doc: u32,
    /// Global value ids per filter group (facets, then language).
    pub cols: [Col; GROUPS],
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
        published,
        id,
        id_key,
        name: read_str_col(seg, "name")?,
        org_name: read_str_col(seg, "org_name")?,
    })
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
