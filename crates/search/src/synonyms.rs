//! Abbreviations and synonyms from `data/synonyms.txt` (compiled in).
//!
//! Format — one group per line, `#` comments and blank lines ignored:
//!
//! ```text
//! ABBREVIATION = expansion [| other expansion | synonym ...]
//! ```
//!
//! Every member of a group (the abbreviation and each expansion) is
//! equivalent when searching, in both directions: a query containing any
//! member also matches the other members (multi-word members as phrases).
//! Matching ignores case and accents, except for members that are also stop
//! words (e.g. `OM`), which only match when typed exactly as in the file.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::analysis::analyzers;

const DATA: &str = include_str!("../data/synonyms.txt");

/// Longest member (in words) looked for in a query.
pub(crate) const MAX_MEMBER_WORDS: usize = 8;

/// One synonym group.
#[derive(Debug)]
pub(crate) struct Group {
    pub abbreviation: String,
    pub expansions: Vec<String>,
    /// Folded words of each member: `[abbreviation, expansions…]`.
    pub members: Vec<Vec<String>>,
    /// Members that are stop words and must be typed exactly (index into
    /// `members`, with the exact spelling).
    pub exact_only: Vec<(usize, String)>,
}

/// Lookup structures over the groups.
#[derive(Debug)]
pub(crate) struct SynonymIndex {
    pub groups: Vec<Group>,
    /// Folded member words joined by spaces → (group, member).
    by_key: HashMap<String, (usize, usize)>,
    pairs: Pairs,
}

/// `(abbreviation, expansions)` pairs.
type Pairs = Vec<(String, Vec<String>)>;

/// Parses the data file format. Returns the groups and, separately, the
/// lines that could not be read (1-based line number, reason).
pub(crate) fn parse(text: &str) -> (Pairs, Vec<(usize, String)>) {
    let mut groups = Vec::new();
    let mut errors = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((left, right)) = line.split_once('=') else {
            errors.push((n + 1, "missing '='".to_string()));
            continue;
        };
        let abbreviation = left.trim().to_string();
        let expansions: Vec<String> = right
            .split('|')
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty())
            .collect();
        if abbreviation.is_empty() {
            errors.push((n + 1, "empty abbreviation".to_string()));
            continue;
        }
        if expansions.is_empty() {
            errors.push((n + 1, "no expansions".to_string()));
            continue;
        }
        groups.push((abbreviation, expansions));
    }
    (groups, errors)
}

impl SynonymIndex {
    fn build(text: &str) -> Self {
        let (pairs, errors) = parse(text);
        for (line, reason) in errors {
            tracing::warn!(line, reason, "ignoring unreadable line in synonyms.txt");
        }
        let mut a = analyzers();
        let mut groups = Vec::with_capacity(pairs.len());
        let mut by_key = HashMap::new();
        for (abbreviation, expansions) in &pairs {
            let mut members = Vec::new();
            let mut exact_only = Vec::new();
            for member in std::iter::once(abbreviation).chain(expansions) {
                let words = a.fold_words(member);
                if words.is_empty() || words.len() > MAX_MEMBER_WORDS {
                    continue;
                }
                if words.len() == 1 && a.is_stop_word(&words[0]) {
                    exact_only.push((members.len(), member.trim().to_string()));
                }
                let key = words.join(" ");
                by_key.entry(key).or_insert((groups.len(), members.len()));
                members.push(words);
            }
            groups.push(Group {
                abbreviation: abbreviation.clone(),
                expansions: expansions.clone(),
                members,
                exact_only,
            });
        }
        SynonymIndex {
            groups,
            by_key,
            pairs,
        }
    }

    /// The group and member whose folded words are exactly `folded`
    /// (`typed` is the text as typed, for exact-only members).
    pub(crate) fn lookup(&self, folded: &[String], typed: &str) -> Option<(usize, usize)> {
        if folded.is_empty() {
            return None;
        }
        let key = folded.join(" ");
        let (g, m) = *self.by_key.get(&key)?;
        let group = &self.groups[g];
        if let Some((_, exact)) = group.exact_only.iter().find(|(mi, _)| *mi == m)
            && typed.trim() != exact
        {
            return None;
        }
        Some((g, m))
    }

    /// Groups whose abbreviation or an expansion starts with `prefix`
    /// (folded), for suggestions: `(group, abbreviation itself matched)`,
    /// abbreviation matches first.
    pub(crate) fn by_prefix(&self, prefix: &str) -> Vec<(usize, bool)> {
        if prefix.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<(bool, usize)> = Vec::new();
        for (gi, g) in self.groups.iter().enumerate() {
            let abbr_hit = g
                .members
                .first()
                .is_some_and(|m| m.join(" ").starts_with(prefix));
            let exp_hit = g
                .members
                .iter()
                .skip(1)
                .any(|m| m.join(" ").starts_with(prefix));
            if abbr_hit || exp_hit {
                out.push((!abbr_hit, gi));
            }
        }
        out.sort();
        out.into_iter()
            .map(|(not_abbr, g)| (g, !not_abbr))
            .collect()
    }
}

/// The compiled-in synonym index.
pub(crate) fn synonym_index() -> &'static SynonymIndex {
    static INDEX: OnceLock<SynonymIndex> = OnceLock::new();
    INDEX.get_or_init(|| SynonymIndex::build(DATA))
}

/// All groups from the data file as `(abbreviation, expansions)`, in file
/// order — e.g. for the site's help page.
pub fn synonyms() -> &'static [(String, Vec<String>)] {
    &synonym_index().pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_is_clean() {
        let (groups, errors) = parse(DATA);
        assert!(errors.is_empty(), "unreadable lines: {errors:?}");
        assert!(groups.len() >= 40, "{}", groups.len());
        let keys: Vec<&str> = groups.iter().map(|(a, _)| a.as_str()).collect();
        for must in [
            "BRP", "BSN", "KvK", "UWV", "AVG", "WOZ", "Wmo", "BZK", "AI", "DPIA", "IAMA",
        ] {
            assert!(keys.contains(&must), "{must} missing");
        }
        // No member may appear in two groups (the lookup would be ambiguous).
        let mut seen = HashMap::new();
        let mut a = analyzers();
        for (abbr, exps) in &groups {
            for m in std::iter::once(abbr).chain(exps) {
                let k = a.fold_words(m).join(" ");
                if let Some(prev) = seen.insert(k.clone(), abbr.clone()) {
                    panic!("{k:?} in both {prev} and {abbr}");
                }
            }
        }
    }

    #[test]
    fn parse_reports_bad_lines() {
        let (g, e) = parse("# c\nA = b | c\nbad line\n = x\nB =  \n");
        assert_eq!(
            g,
            vec![("A".to_string(), vec!["b".to_string(), "c".to_string()])]
        );
        assert_eq!(e.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![3, 4, 5]);
    }

    #[test]
    fn lookup_both_directions_and_exact_stop_words() {
        let idx = synonym_index();
        let brp = idx.lookup(&["brp".into()], "brp").unwrap();
        let full = idx
            .lookup(
                &["basisregistratie".into(), "personen".into()],
                "Basisregistratie Personen",
            )
            .unwrap();
        assert_eq!(brp.0, full.0);
        assert!(idx.lookup(&["om".into()], "om").is_none());
        assert!(idx.lookup(&["om".into()], "OM").is_some());
    }
}
