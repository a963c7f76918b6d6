//! Typo tolerance over the index's own vocabulary.
//!
//! The `spell` field holds every word of every description, folded but not
//! stemmed. A Levenshtein automaton (tantivy's, transpositions counting as
//! one edit) walks its term dictionary to find the words near a typed word.
//! The allowed edit distance grows with the word: up to 4 characters exact,
//! 5–8 one edit, longer two.

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Edit distance allowed for a word of `chars` characters.
pub(crate) fn allowed_distance(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Whether a folded word may be corrected at all (letters only, long
/// enough).
pub(crate) fn correctable(folded: &str) -> bool {
    allowed_distance(folded.chars().count()) > 0 && folded.chars().all(char::is_alphabetic)
}

/// Documents containing the folded word (deleted documents may count).
pub(crate) fn doc_freq(searcher: &Searcher, spell: Field, folded: &str) -> u64 {
    searcher
        .doc_freq(&Term::from_field_text(spell, folded))
        .unwrap_or(0)
}

/// Optimal-string-alignment distance (adjacent transpositions cost one).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// Vocabulary words within `distance` edits of `folded` (other than
/// itself, letters only, accepted by `keep`), with their document counts
/// summed over the segments.
fn within(
    searcher: &Searcher,
    spell: Field,
    folded: &str,
    distance: u8,
    keep: &mut dyn FnMut(&str) -> bool,
) -> HashMap<String, u64> {
    let mut found: HashMap<String, u64> = HashMap::new();
    let query = FuzzyTermQuery::new(Term::from_field_text(spell, folded), distance, true);
    let Ok(dfa) = query.automaton() else {
        return found;
    };
    for seg in searcher.segment_readers() {
        let Ok(inverted) = seg.inverted_index(spell) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(&dfa).into_stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(word) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if word == folded || !word.chars().all(char::is_alphabetic) {
                continue;
            }
            *found.entry(word.to_string()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    found.retain(|w, _| keep(w));
    found
}

/// Vocabulary words within the allowed distance of `folded`, best first:
/// fewest edits, then most documents. `keep` filters candidates (e.g. to
/// drop stop words).
#[cfg(test)]
pub(crate) fn candidates(
    searcher: &Searcher,
    spell: Field,
    folded: &str,
    keep: &mut dyn FnMut(&str) -> bool,
) -> Vec<(String, u64)> {
    let distance = allowed_distance(folded.chars().count());
    if distance == 0 {
        return Vec::new();
    }
    ranked(folded, within(searcher, spell, folded, distance, keep))
}

fn ranked(folded: &str, found: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut out: Vec<(usize, String, u64)> = found
        .into_iter()
        .map(|(w, df)| (edit_distance(folded, &w), w, df))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)));
    out.into_iter().map(|(_, w, df)| (w, df)).collect()
}

/// The first of [`candidates`]. Words one edit away rank before all others,
/// so when there are any, the (much wider, and for long words several
/// times costlier) walk of the vocabulary at two edits is skipped.
pub(crate) fn best_candidate(
    searcher: &Searcher,
    spell: Field,
    folded: &str,
    keep: &mut dyn FnMut(&str) -> bool,
) -> Option<(String, u64)> {
    let distance = allowed_distance(folded.chars().count());
    if distance == 0 {
        return None;
    }
    if distance > 1 {
        let near = ranked(folded, within(searcher, spell, folded, 1, keep));
        if let Some(best) = near.into_iter().next() {
            return Some(best);
        }
    }
    ranked(folded, within(searcher, spell, folded, distance, keep))
        .into_iter()
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_by_length() {
        assert_eq!(allowed_distance(4), 0);
        assert_eq!(allowed_distance(5), 1);
        assert_eq!(allowed_distance(8), 1);
        assert_eq!(allowed_distance(9), 2);
        assert!(!correctable("wmo"));
        assert!(correctable("parkeerbelsting"));
        assert!(!correctable("gm0363"));
    }

    #[test]
    fn osa_distance() {
        assert_eq!(edit_distance("parkeerbelsting", "parkeerbelasting"), 1);
        assert_eq!(edit_distance("tolsag", "toslag"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
