//! Dutch compounds: a typed word also finds longer words that start with it
//! ("afval" finds "afvalinzameling", "parkeer" finds "parkeervergunning").
//!
//! [`CompoundPrefix`] matches documents having a word in the `spell` field
//! (folded, unstemmed) that starts with the typed word and is longer than
//! it — the word itself is left to the normal, stemmed, BM25-scored match,
//! so common words do not read their postings twice. Matches get a small
//! constant score: they add recall without outranking real matches.

use tantivy::query::{AutomatonWeight, EnableScoring, Query, Weight};
use tantivy::schema::Field;
use tantivy_fst::Automaton;

/// Shortest word (in characters) that gets compound matching.
pub(crate) const MIN_PREFIX_CHARS: usize = 5;

#[derive(Debug, Clone)]
pub(crate) struct CompoundPrefix {
    pub field: Field,
    pub prefix: String,
}

impl Query for CompoundPrefix {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::new(
            self.field,
            LongerWithPrefix(self.prefix.as_bytes().to_vec()),
        )))
    }
}

/// Accepts byte strings that start with the prefix and are longer.
#[derive(Debug)]
struct LongerWithPrefix(Vec<u8>);

impl Automaton for LongerWithPrefix {
    /// Bytes of the prefix matched so far; `len + 1` once past it; `None`
    /// when the prefix was missed.
    type State = Option<usize>;

    fn start(&self) -> Option<usize> {
        Some(0)
    }

    fn is_match(&self, state: &Option<usize>) -> bool {
        *state == Some(self.0.len() + 1)
    }

    fn can_match(&self, state: &Option<usize>) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &Option<usize>) -> bool {
        self.is_match(state)
    }

    fn accept(&self, state: &Option<usize>, byte: u8) -> Option<usize> {
        let i = (*state)?;
        match self.0.get(i) {
            Some(&b) if b == byte => Some(i + 1),
            Some(_) => None,
            None => Some(self.0.len() + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(prefix: &str, word: &str) -> bool {
        let a = LongerWithPrefix(prefix.as_bytes().to_vec());
        let mut s = a.start();
        for &b in word.as_bytes() {
            s = a.accept(&s, b);
        }
        a.is_match(&s)
    }

    #[test]
    fn longer_words_with_the_prefix_only() {
        assert!(matches("afval", "afvalinzameling"));
        assert!(!matches("afval", "afval"));
        assert!(!matches("afval", "afv"));
        assert!(!matches("afval", "restafval"));
    }
}
