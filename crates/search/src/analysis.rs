//! Text analysis: which words a text consists of, per language.
//!
//! - Dutch (`nld`): split on non-alphanumerics, lowercase, fold accents
//!   ("coördinatie" → "coordinatie"), drop Dutch stop words, Snowball stem
//!   ("parkeervergunningen" and "parkeervergunning" share a stem).
//! - English (`eng`): the same with the English stop list and stemmer.
//! - Frisian (`fry`): lowercase, fold, a small Frisian stop list, no
//!   stemming (there is no reliable Frisian stemmer).
//! - Fold: lowercase + fold only — for the spelling vocabulary, suggestions,
//!   synonym matching and organisation names.
//!
//! Analyzers are registered on the index (for indexing) and kept per thread
//! for queries and snippets ([`analyzers`]), so a query allocates no
//! analyzer chains.

use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, TokenizerManager,
};

/// Tokenizer names as registered on the index.
pub(crate) const TOKENIZER_NL: &str = "algoreg_nl";
pub(crate) const TOKENIZER_EN: &str = "algoreg_en";
pub(crate) const TOKENIZER_FY: &str = "algoreg_fy";
pub(crate) const TOKENIZER_FOLD: &str = "algoreg_fold";

/// Tokens longer than this (bytes) are dropped (garbage, base64, URLs).
const MAX_TOKEN_BYTES: usize = 64;

/// A small Frisian stop list (articles, prepositions, conjunctions).
const FRISIAN_STOP_WORDS: &[&str] = &[
    "de", "it", "en", "fan", "yn", "op", "is", "in", "te", "mei", "dat", "foar", "oan", "om", "of",
    "as", "by", "ek", "der", "dy", "in", "wurdt",
];

/// The analysis languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Lang {
    Nl = 0,
    En = 1,
    Fy = 2,
}

impl Lang {
    pub(crate) const ALL: [Lang; 3] = [Lang::Nl, Lang::En, Lang::Fy];

    /// Reads a document language code; unknown codes are Dutch.
    pub(crate) fn from_code(code: &str) -> Lang {
        match code.trim().to_ascii_lowercase().as_str() {
            "eng" | "en" | "en-gb" | "en-us" | "english" => Lang::En,
            "fry" | "fy" | "fy-nl" | "frisian" | "frysk" => Lang::Fy,
            _ => Lang::Nl,
        }
    }

    pub(crate) fn idx(self) -> usize {
        self as usize
    }

    pub(crate) fn tokenizer_name(self) -> &'static str {
        match self {
            Lang::Nl => TOKENIZER_NL,
            Lang::En => TOKENIZER_EN,
            Lang::Fy => TOKENIZER_FY,
        }
    }
}

fn stop_filter(lang: Language) -> StopWordFilter {
    StopWordFilter::new(lang).unwrap_or_else(|| StopWordFilter::remove(Vec::<String>::new()))
}

fn build_analyzer(lang: Lang) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match lang {
        Lang::Nl => base
            .filter(stop_filter(Language::Dutch))
            .filter(Stemmer::new(Language::Dutch))
            .build(),
        Lang::En => base
            .filter(stop_filter(Language::English))
            .filter(Stemmer::new(Language::English))
            .build(),
        Lang::Fy => base
            .filter(StopWordFilter::remove(
                FRISIAN_STOP_WORDS.iter().map(|w| w.to_string()),
            ))
            .build(),
    }
}

fn build_fold() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The tokenizers to register on an index.
pub(crate) fn tokenizer_manager() -> TokenizerManager {
    let manager = TokenizerManager::default();
    for lang in Lang::ALL {
        manager.register(lang.tokenizer_name(), build_analyzer(lang));
    }
    manager.register(TOKENIZER_FOLD, build_fold());
    manager
}

/// A token: its position in the token stream and its analysed text.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub position: usize,
    pub text: String,
}

/// One set of analyzers, reused per thread.
pub(crate) struct Analyzers {
    langs: [TextAnalyzer; 3],
    fold: TextAnalyzer,
    stem_nl: TextAnalyzer,
    stem_en: TextAnalyzer,
}

impl Analyzers {
    fn new() -> Self {
        Analyzers {
            langs: [
                build_analyzer(Lang::Nl),
                build_analyzer(Lang::En),
                build_analyzer(Lang::Fy),
            ],
            fold: build_fold(),
            stem_nl: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::Dutch))
                .build(),
            stem_en: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }

    /// Full analysis of `text` for `lang`: the terms as indexed.
    pub(crate) fn analyze(&mut self, lang: Lang, text: &str) -> Vec<Tok> {
        collect(&mut self.langs[lang.idx()], text)
    }

    /// Lowercased, accent-folded words.
    pub(crate) fn fold_words(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = self.fold.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// Stems one already folded word as `lang` does (identity for Frisian).
    #[cfg(test)]
    pub(crate) fn stem_folded(&mut self, lang: Lang, folded: &str) -> String {
        let analyzer = match lang {
            Lang::Nl => &mut self.stem_nl,
            Lang::En => &mut self.stem_en,
            Lang::Fy => return folded.to_string(),
        };
        let mut stream = analyzer.token_stream(folded);
        if stream.advance() {
            stream.token().text.clone()
        } else {
            folded.to_string()
        }
    }

    /// Finds the words of `text` whose analysed form (for `lang`) is one of
    /// `terms`, or that is a longer compound starting with one of
    /// `compounds`: `(byte from, byte to, index into terms ++ compounds)`. Words are split
    /// like the index's tokenizer (runs of alphanumerics); a word whose
    /// (ASCII) start shares no prefix with any term is skipped without
    /// folding or stemming, which keeps this cheap on long texts. Stops
    /// after `max_matches`.
    pub(crate) fn find_matches(
        &mut self,
        lang: Lang,
        terms: &[String],
        compounds: &[String],
        text: &str,
        max_matches: usize,
    ) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        if terms.is_empty() && compounds.is_empty() {
            return out;
        }
        let prefixes: Vec<&[u8]> = terms
            .iter()
            .chain(compounds)
            .map(|t| &t.as_bytes()[..t.len().min(3)])
            .collect();
        let all_ascii = prefixes.iter().all(|p| p.is_ascii());
        let passes = |w: &[u8]| {
            prefixes
                .iter()
                .any(|p| w.len() >= p.len() && w[..p.len()].eq_ignore_ascii_case(p))
        };
        // Word boundaries like the index's tokenizer (runs of alphanumeric
        // characters): tight loops over ASCII bytes, decoding only
        // non-ASCII characters.
        let bytes = text.as_bytes();
        let n = bytes.len();
        let is_word_at = |i: usize| -> (bool, usize) {
            let b = bytes[i];
            if b.is_ascii() {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.len_utf8())
            }
        };
        // Words already judged in this text.
        let mut seen: std::collections::HashMap<&str, Option<usize>> =
            std::collections::HashMap::new();
        let mut i = 0usize;
        while i < n {
            // Skip to the next word.
            let (word, width) = is_word_at(i);
            if !word {
                i += width;
                continue;
            }
            let from = i;
            i += width;
            while i < n {
                let b = bytes[i];
                if b.is_ascii() {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    i += 1;
                } else {
                    let (w, width) = is_word_at(i);
                    if !w {
                        break;
                    }
                    i += width;
                }
            }
            let word = &text[from..i];
            let head = &word.as_bytes()[..word.len().min(3)];
            if all_ascii && head.is_ascii() && !passes(word.as_bytes()) {
                continue;
            }
            if let Some(&known) = seen.get(word) {
                if let Some(idx) = known {
                    out.push((from, i, idx));
                    if out.len() >= max_matches {
                        break;
                    }
                }
                continue;
            }
            let folded = {
                let mut stream = self.fold.token_stream(word);
                if !stream.advance() {
                    continue;
                }
                stream.token().text.clone()
            };
            if !passes(folded.as_bytes()) {
                seen.insert(word, None);
                continue;
            }
            let stemmed = match lang {
                Lang::Fy => folded.clone(),
                Lang::Nl | Lang::En => {
                    let analyzer = if lang == Lang::Nl {
                        &mut self.stem_nl
                    } else {
                        &mut self.stem_en
                    };
                    let mut s = analyzer.token_stream(&folded);
                    if s.advance() {
                        s.token().text.clone()
                    } else {
                        folded.clone()
                    }
                }
            };
            let found = terms
                .iter()
                .position(|t| *t == stemmed || *t == folded)
                .or_else(|| {
                    compounds
                        .iter()
                        .position(|c| folded.len() > c.len() && folded.starts_with(c.as_str()))
                        .map(|i| terms.len() + i)
                });
            seen.insert(word, found);
            if let Some(idx) = found {
                out.push((from, i, idx));
                if out.len() >= max_matches {
                    break;
                }
            }
        }
        out
    }

    /// True when `word` is a stop word in any of the languages (it would
    /// make a Dutch document unable to match an ANDed English stop word, or
    /// the other way round, so such words are dropped from queries).
    pub(crate) fn is_stop_word(&mut self, word: &str) -> bool {
        let folded = self.fold_words(word);
        if folded.len() != 1 {
            return false;
        }
        Lang::ALL.iter().any(|&l| {
            let mut stream = self.langs[l.idx()].token_stream(&folded[0]);
            !stream.advance()
        })
    }
}

fn collect(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push(Tok {
            position: t.position,
            text: t.text.clone(),
        });
    }
    out
}

thread_local! {
    static POOL: RefCell<Option<Analyzers>> = const { RefCell::new(None) };
}

/// A thread's analyzers, handed out for the duration of one operation and
/// put back on drop. Nested use simply builds a second set.
pub(crate) struct AnalyzerGuard(Option<Analyzers>);

impl std::ops::Deref for AnalyzerGuard {
    type Target = Analyzers;
    fn deref(&self) -> &Analyzers {
        self.0.as_ref().expect("analyzers present until drop")
    }
}

impl std::ops::DerefMut for AnalyzerGuard {
    fn deref_mut(&mut self) -> &mut Analyzers {
        self.0.as_mut().expect("analyzers present until drop")
    }
}

impl Drop for AnalyzerGuard {
    fn drop(&mut self) {
        if let Some(a) = self.0.take() {
            let _ = POOL.try_with(|p| {
                if let Ok(mut slot) = p.try_borrow_mut() {
                    *slot = Some(a);
                }
            });
        }
    }
}

/// This thread's analyzers.
pub(crate) fn analyzers() -> AnalyzerGuard {
    let pooled = POOL
        .try_with(|p| p.try_borrow_mut().ok().and_then(|mut slot| slot.take()))
        .ok()
        .flatten();
    AnalyzerGuard(Some(pooled.unwrap_or_else(Analyzers::new)))
}

/// Folded words joined by single spaces: the comparison key for names.
pub(crate) fn fold_key(text: &str) -> String {
    analyzers().fold_words(text).join(" ")
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: Lang, text: &str) -> Vec<String> {
        analyzers()
            .analyze(lang, text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn dutch_folds_and_stems() {
        assert_eq!(
            terms(Lang::Nl, "coördinatie"),
            terms(Lang::Nl, "coordinatie")
        );
        assert_eq!(
            terms(Lang::Nl, "parkeervergunningen"),
            terms(Lang::Nl, "parkeervergunning")
        );
        assert!(terms(Lang::Nl, "de het een").is_empty());
    }

    #[test]
    fn frisian_folds_without_stemming() {
        assert_eq!(
            terms(Lang::Fy, "Gemeente Súdwest-Fryslân"),
            ["gemeente", "sudwest", "fryslan"]
        );
        assert_eq!(terms(Lang::Fy, "wenningen"), ["wenningen"]);
    }

    #[test]
    fn stop_words_in_any_language() {
        let mut a = analyzers();
        assert!(a.is_stop_word("de"));
        assert!(a.is_stop_word("the"));
        assert!(!a.is_stop_word("parkeren"));
    }

    #[test]
    fn stem_folded_matches_full_analysis() {
        let mut a = analyzers();
        for w in ["parkeervergunningen", "toeslagen", "uitkeringen", "risico"] {
            let full = a.analyze(Lang::Nl, w)[0].text.clone();
            assert_eq!(a.stem_folded(Lang::Nl, w), full);
        }
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape_html_into(&mut s, "<b>\"a\" & 'b'</b>");
        assert_eq!(s, "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;");
    }
}
