//! Comparing two descriptions field by field ([`diff`]), and two texts word by word ([`text_diff`]), for
//! the comparison pages of the register.
//!
//! [`diff`] compares documents in one version of the standard. When the two versions differ, both
//! documents are first mapped to 1.0 with [`crate::to_v1`] and compared as 1.0 documents, so that a
//! 0.4 description and its 1.0 successor line up field by field; the reported values are then the
//! mapped values.

use serde::Serialize;
use serde_json::Value;

use crate::Document;
use crate::def::standard;
use crate::html::strip_html;
use crate::migrate::to_v1;
use crate::normalise::is_blank;
use crate::version::StandardVersion;

/// How a field changed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Not filled in before, filled in after.
    Added,
    /// Filled in before, not after.
    Removed,
    /// Filled in on both sides, with different values.
    Changed,
}

/// One field that differs between two descriptions. Serialised as
/// `{"key": "name", "change": "changed", "before": "…", "after": "…"}`; `before` is `null` for an added
/// field and `after` is `null` for a removed one.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct FieldChange {
    /// The wire key.
    pub key: String,
    pub change: ChangeKind,
    /// The value before; `None` when the field was not filled in.
    pub before: Option<Value>,
    /// The value after; `None` when the field is not filled in.
    pub after: Option<Value>,
}

/// The fields that differ between description `a` (before) and description `b` (after), each with its
/// version.
///
/// - When the versions differ, both documents are mapped to 1.0 with [`to_v1`] and compared as 1.0
///   documents (the values reported are the mapped ones), and `standard_version` is reported as changed
///   from `a`'s version to `b`'s.
/// - Order: the fields of `b`'s standard (1.0 after mapping) in standard order, then keys the standard
///   does not define, first those of `a`, then those of `b`, each in document order.
/// - Absent, `null`, empty text (also `<p></p>`) and empty lists are all "not filled in" and equal to
///   each other; unchanged fields are left out.
/// - `standard_version` is compared as a version (absent means 1.0, so absent and `"1.0"` are equal);
///   the system fields `lars` and `publication_dt` are reported only when both sides have a value and
///   the values differ: a draft that has no Algoritme-ID or publication date yet is no change.
pub fn diff(a: (StandardVersion, &Document), b: (StandardVersion, &Document)) -> Vec<FieldChange> {
    let (va, da) = a;
    let (vb, db) = b;
    let (version, mapped_a, mapped_b);
    let (da, db) = if va == vb {
        version = vb;
        (da, db)
    } else {
        version = StandardVersion::V1_0;
        mapped_a = to_v1(va, da);
        mapped_b = to_v1(vb, db);
        (&mapped_a, &mapped_b)
    };
    let def = standard(version);

    let mut out = Vec::new();
    for f in &def.fields {
        let change = match f.key.as_str() {
            "standard_version" => (va != vb).then(|| FieldChange {
                key: f.key.clone(),
                change: ChangeKind::Changed,
                before: Some(Value::String(va.as_str().to_string())),
                after: Some(Value::String(vb.as_str().to_string())),
            }),
            _ if f.is_system() => match (filled(da.get(&f.key)), filled(db.get(&f.key))) {
                (Some(x), Some(y)) if x != y => Some(FieldChange {
                    key: f.key.clone(),
                    change: ChangeKind::Changed,
                    before: Some(x.clone()),
                    after: Some(y.clone()),
                }),
                _ => None,
            },
            key => compare(key, da.get(key), db.get(key)),
        };
        out.extend(change);
    }
    let extra_a = da.keys().filter(|k| def.field(k).is_none());
    let extra_b = db
        .keys()
        .filter(|k| def.field(k).is_none() && !da.contains_key(*k));
    for key in extra_a.chain(extra_b) {
        out.extend(compare(key, da.get(key), db.get(key)));
    }
    out
}

/// The value when it is filled in.
fn filled(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !is_blank(v))
}

fn compare(key: &str, before: Option<&Value>, after: Option<&Value>) -> Option<FieldChange> {
    let change = match (filled(before), filled(after)) {
        (None, None) => return None,
        (Some(x), Some(y)) if x == y => return None,
        (None, Some(_)) => ChangeKind::Added,
        (Some(_), None) => ChangeKind::Removed,
        (Some(_), Some(_)) => ChangeKind::Changed,
    };
    Some(FieldChange {
        key: key.to_string(),
        change,
        before: filled(before).cloned(),
        after: filled(after).cloned(),
    })
}

/// One piece of a [`text_diff`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    /// In both texts.
    Equal,
    /// Only in the text after.
    Insert,
    /// Only in the text before.
    Delete,
}

/// Above this many cells (words before × words after, once the common start and end are taken off)
/// the two middles are shown as replaced as a whole instead of compared word by word. Keeps time and
/// memory bounded (at most 8 MB) for very different long texts.
const MAX_CELLS: usize = 4_000_000;

/// A word-by-word comparison of two texts, for human-readable comparison pages. Both texts are first
/// reduced with [`strip_html`] (tags removed, white space collapsed to single spaces), then compared as
/// sequences of words with a longest-common-subsequence algorithm.
///
/// The result is a list of pieces; adjacent pieces never have the same operation, and within a run of
/// changes the deletions come before the insertions. Concatenating the [`DiffOp::Equal`] and
/// [`DiffOp::Delete`] pieces in order gives `strip_html(before)` exactly; the `Equal` and
/// [`DiffOp::Insert`] pieces give `strip_html(after)`. The spaces between words are part of the pieces
/// (a changed word in the middle of a text comes with its following space).
pub fn text_diff(before: &str, after: &str) -> Vec<(DiffOp, String)> {
    let before = strip_html(before);
    let after = strip_html(after);
    let a: Vec<&str> = before.split(' ').filter(|w| !w.is_empty()).collect();
    let b: Vec<&str> = after.split(' ').filter(|w| !w.is_empty()).collect();

    let ops = align(&a, &b);
    render(&ops)
}

/// Word alignment: `(op, word)` for every word of `a` (Equal or Delete) and of `b` (Equal or Insert).
fn align<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(DiffOp, &'a str)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mid_a = &a[prefix..a.len() - suffix];
    let mid_b = &b[prefix..b.len() - suffix];

    let mut ops: Vec<(DiffOp, &str)> = Vec::with_capacity(a.len() + b.len());
    ops.extend(a[..prefix].iter().map(|w| (DiffOp::Equal, *w)));
    ops.extend(lcs(mid_a, mid_b));
    ops.extend(a[a.len() - suffix..].iter().map(|w| (DiffOp::Equal, *w)));
    ops
}

/// Longest common subsequence of two word lists by dynamic programming, as ops.
fn lcs<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(DiffOp, &'a str)> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > MAX_CELLS {
        let mut ops: Vec<(DiffOp, &str)> = a.iter().map(|w| (DiffOp::Delete, *w)).collect();
        ops.extend(b.iter().map(|w| (DiffOp::Insert, *w)));
        return ops;
    }
    // table[i * (m + 1) + j] = length of the LCS of a[i..] and b[j..]. Under MAX_CELLS,
    // min(n, m) <= 2000, so the lengths fit in a u16.
    let w = m + 1;
    let mut table = vec![0u16; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * w + j] = if a[i] == b[j] {
                table[(i + 1) * w + j + 1] + 1
            } else {
                table[(i + 1) * w + j].max(table[i * w + j + 1])
            };
        }
    }
    let mut ops = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            ops.push((DiffOp::Equal, a[i]));
            i += 1;
            j += 1;
        } else if table[(i + 1) * w + j] >= table[i * w + j + 1] {
            ops.push((DiffOp::Delete, a[i]));
            i += 1;
        } else {
            ops.push((DiffOp::Insert, b[j]));
            j += 1;
        }
    }
    ops.extend(a[i..].iter().map(|w| (DiffOp::Delete, *w)));
    ops.extend(b[j..].iter().map(|w| (DiffOp::Insert, *w)));
    ops
}

/// A run of equal words, or a run of changes (deleted and inserted words).
enum Run<'a> {
    Equal(Vec<&'a str>),
    Change(Vec<&'a str>, Vec<&'a str>),
}

/// Joins aligned words into pieces, placing the single spaces between words so that both texts are
/// rebuilt exactly.
fn render(ops: &[(DiffOp, &str)]) -> Vec<(DiffOp, String)> {
    let mut runs: Vec<Run> = Vec::new();
    for &(op, word) in ops {
        match (op, runs.last_mut()) {
            (DiffOp::Equal, Some(Run::Equal(words))) => words.push(word),
            (DiffOp::Equal, _) => runs.push(Run::Equal(vec![word])),
            (DiffOp::Delete, Some(Run::Change(del, _))) => del.push(word),
            (DiffOp::Insert, Some(Run::Change(_, ins))) => ins.push(word),
            (DiffOp::Delete, _) => runs.push(Run::Change(vec![word], Vec::new())),
            (DiffOp::Insert, _) => runs.push(Run::Change(Vec::new(), vec![word])),
        }
    }

    let mut out: Vec<(DiffOp, String)> = Vec::new();
    let mut push = |op: DiffOp, text: String| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((last, t)) if *last == op => t.push_str(&text),
            _ => out.push((op, text)),
        }
    };
    let last = runs.len().saturating_sub(1);
    for (i, run) in runs.iter().enumerate() {
        match run {
            Run::Equal(words) => {
                let mut text = words.join(" ");
                // Before a change run that is followed by more equal text, the space between this run
                // and what follows is in both texts.
                if i + 2 <= last {
                    text.push(' ');
                }
                push(DiffOp::Equal, text);
            }
            Run::Change(del, ins) => {
                let has_before = i > 0;
                let has_after = i < last;
                for (op, words) in [(DiffOp::Delete, del), (DiffOp::Insert, ins)] {
                    if words.is_empty() {
                        continue;
                    }
                    let joined = words.join(" ");
                    let text = match (has_before, has_after) {
                        // Between two equal runs (the space before is with the equal run).
                        (true, true) | (false, true) => format!("{joined} "),
                        (true, false) => format!(" {joined}"),
                        (false, false) => joined,
                    };
                    push(op, text);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuild(pieces: &[(DiffOp, String)], skip: DiffOp) -> String {
        pieces
            .iter()
            .filter(|(op, _)| *op != skip)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    #[test]
    fn lcs_picks_a_longest_common_subsequence() {
        let a = ["a", "b", "c", "d", "e"];
        let b = ["x", "b", "d", "y", "e"];
        let ops = lcs(&a, &b);
        let common: Vec<&str> = ops
            .iter()
            .filter(|(op, _)| *op == DiffOp::Equal)
            .map(|(_, w)| *w)
            .collect();
        assert_eq!(common, ["b", "d", "e"]);
    }

    #[test]
    fn huge_inputs_fall_back_to_replacement() {
        let a: Vec<String> = (0..2001).map(|i| format!("a{i}")).collect();
        let b: Vec<String> = (0..2001).map(|i| format!("b{i}")).collect();
        let (a, b) = (a.join(" "), b.join(" "));
        let d = text_diff(&a, &b);
        assert_eq!(d, [(DiffOp::Delete, a), (DiffOp::Insert, b)]);
    }

    #[test]
    fn rebuilds_both_sides() {
        for (x, y) in [
            ("", ""),
            ("a", ""),
            ("", "a b"),
            ("a b c", "a c"),
            ("a b", "a"),
            ("a b", "b"),
            ("a b c d", "a x y d"),
            ("x a", "a y"),
        ] {
            let d = text_diff(x, y);
            assert_eq!(rebuild(&d, DiffOp::Insert), x, "{x:?} → {y:?}: {d:?}");
            assert_eq!(rebuild(&d, DiffOp::Delete), y, "{x:?} → {y:?}: {d:?}");
        }
    }
}
