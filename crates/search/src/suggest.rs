//! Search-as-you-type suggestions.
//!
//! Built lazily once per index snapshot: every description (name + ID) and
//! every organisation (name + code) is keyed by its folded text at each word
//! start, so "parkeer" suggests "Slimme parkeercontrole" as well as
//! "Parkeervergunningen". A lookup is a binary search plus a short scan.
//! Abbreviations come from the synonym file.

use crate::analysis::Analyzers;
use crate::synonyms::synonym_index;
use crate::types::{Suggestion, SuggestionKind};

/// How many prefix matches are looked at per list.
const SCAN_LIMIT: usize = 2000;

#[derive(Debug)]
pub(crate) struct Entry {
    pub kind: SuggestionKind,
    pub text: String,
    pub id: Option<String>,
    pub detail: Option<String>,
    key: String,
}

impl Entry {
    pub(crate) fn new(
        a: &mut Analyzers,
        kind: SuggestionKind,
        text: String,
        id: Option<String>,
        detail: Option<String>,
        extra_key: &str,
    ) -> Entry {
        let mut key = a.fold_words(&text).join(" ");
        for w in a.fold_words(extra_key) {
            key.push(' ');
            key.push_str(&w);
        }
        Entry {
            kind,
            text,
            id,
            detail,
            key,
        }
    }

    fn suggestion(&self) -> Suggestion {
        Suggestion {
            kind: self.kind,
            text: self.text.clone(),
            id: self.id.clone(),
            detail: self.detail.clone(),
        }
    }
}

/// Entries with a sorted list of (entry, word-start offset) keys.
#[derive(Debug, Default)]
struct KeyList {
    entries: Vec<Entry>,
    keys: Vec<(u32, u32)>,
}

impl KeyList {
    fn build(mut entries: Vec<Entry>) -> KeyList {
        // Entries in key order, so that entry indices sort like their texts.
        entries.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.text.cmp(&b.text)));
        let mut keys = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if e.key.is_empty() {
                continue;
            }
            keys.push((i as u32, 0u32));
            for (off, _) in e.key.match_indices(' ') {
                keys.push((i as u32, off as u32 + 1));
            }
        }
        keys.sort_unstable_by(|a, b| {
            let ka = &entries[a.0 as usize].key[a.1 as usize..];
            let kb = &entries[b.0 as usize].key[b.1 as usize..];
            ka.cmp(kb).then(a.cmp(b))
        });
        KeyList { entries, keys }
    }

    fn key(&self, k: (u32, u32)) -> &str {
        &self.entries[k.0 as usize].key[k.1 as usize..]
    }

    /// Up to `limit` entries with a word starting with `prefix`: entries
    /// whose text starts with it first, then alphabetical (folded).
    fn find(&self, prefix: &str, limit: usize) -> Vec<&Entry> {
        if prefix.is_empty() || limit == 0 {
            return Vec::new();
        }
        let start = self.keys.partition_point(|&k| self.key(k) < prefix);
        let mut found: Vec<(bool, u32)> = Vec::new();
        for &k in self.keys[start..].iter().take(SCAN_LIMIT) {
            if !self.key(k).starts_with(prefix) {
                break;
            }
            found.push((k.1 != 0, k.0));
        }
        found.sort_unstable();
        let mut out: Vec<&Entry> = Vec::new();
        let mut seen: Vec<u32> = Vec::new();
        for (_, i) in found {
            if seen.contains(&i) {
                continue;
            }
            seen.push(i);
            out.push(&self.entries[i as usize]);
            if out.len() >= limit {
                break;
            }
        }
        out
    }
}

/// The suggestion lists of one snapshot.
#[derive(Debug, Default)]
pub(crate) struct SuggestIndex {
    algorithms: KeyList,
    organisations: KeyList,
}

impl SuggestIndex {
    pub(crate) fn build(algorithms: Vec<Entry>, organisations: Vec<Entry>) -> Self {
        SuggestIndex {
            algorithms: KeyList::build(algorithms),
            organisations: KeyList::build(organisations),
        }
    }

    /// Suggestions for what has been typed so far.
    pub(crate) fn suggest(&self, a: &mut Analyzers, typed: &str, limit: usize) -> Vec<Suggestion> {
        let limit = limit.min(50);
        let mut prefix = a.fold_words(typed).join(" ");
        if prefix.is_empty() || limit == 0 {
            return Vec::new();
        }
        if typed.ends_with(char::is_whitespace) {
            prefix.push(' ');
        }
        let syn = synonym_index();
        let (mut abbreviations, mut expansions) = (Vec::new(), Vec::new());
        if prefix.trim_end().len() >= 2 {
            for (g, abbreviation_matched) in syn.by_prefix(prefix.trim_end()) {
                let g = &syn.groups[g];
                let s = Suggestion {
                    kind: SuggestionKind::Abbreviation,
                    text: g.abbreviation.clone(),
                    id: None,
                    detail: Some(g.expansions.join(" / ")),
                };
                if abbreviation_matched {
                    abbreviations.push(s);
                } else {
                    expansions.push(s);
                }
            }
        }
        let orgs = self.organisations.find(&prefix, limit);
        let algos = self.algorithms.find(&prefix, limit);

        // Mix: abbreviations typed as such, some organisations, an
        // abbreviation whose expansion was typed, then descriptions; fill up
        // with whatever is left.
        let mut out: Vec<Suggestion> = Vec::with_capacity(limit);
        let room = |out: &Vec<Suggestion>| limit - out.len();
        let take = abbreviations.len().min(2).min(room(&out));
        out.extend(abbreviations.drain(..take));
        let org_share = (limit / 3).max(2);
        let orgs_first = orgs.len().min(org_share).min(room(&out));
        out.extend(orgs[..orgs_first].iter().map(|e| e.suggestion()));
        let take = expansions.len().min(1).min(room(&out));
        out.extend(expansions.drain(..take));
        let algos_first = algos.len().min(room(&out));
        out.extend(algos[..algos_first].iter().map(|e| e.suggestion()));
        let take = (orgs.len() - orgs_first).min(room(&out));
        out.extend(
            orgs[orgs_first..orgs_first + take]
                .iter()
                .map(|e| e.suggestion()),
        );
        for extra in abbreviations.into_iter().chain(expansions) {
            if out.len() >= limit {
                break;
            }
            out.push(extra);
        }
        out
    }
}
