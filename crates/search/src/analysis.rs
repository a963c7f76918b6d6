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
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

    /// Finds the words of `text` that `m` looks for (see [`Matcher`]):
    /// `(byte from, byte to, index into terms ++ compounds)`. Words are
    /// split like the index's tokenizer (runs of alphanumerics); a word
    /// whose (ASCII) start shares no prefix with any term is skipped
    /// without folding or stemming, which keeps this cheap on long texts.
    /// Stops after `max_matches`.
    pub(crate) fn find_matches(
        &mut self,
        m: &mut Matcher<'_>,
        text: &str,
        max_matches: usize,
    ) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        if m.is_empty() {
            return out;
        }
        // Word boundaries like the index's tokenizer (runs of alphanumeric
        // characters): tight loops over ASCII bytes, decoding only
        // non-ASCII characters. Only words containing an "interesting"
        // byte can need a look — a first letter of a prefix (at the start)
        // or a non-ASCII byte (in the first three) — so the scan jumps from
        // one such byte to the next and finds the word around it.
        let bytes = text.as_bytes();
        let n = bytes.len();
        let alphanumeric_at = |i: usize| -> (bool, usize) {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        let mut i = 0usize;
        while i < n {
            // `i` is at a word boundary: the start of the text, the end of
            // a word, or just after a separator.
            let floor = i;
            loop {
                i = m.skip(bytes, i);
                // An ASCII byte after two ASCII letters or digits of the
                // same word is at least its third: the word's first three
                // bytes are then ASCII, the first of them not interesting
                // — it cannot need a look. (The common case: a first
                // letter of a prefix inside a word.)
                if i < n
                    && bytes[i].is_ascii()
                    && i >= floor + 2
                    && bytes[i - 1].is_ascii_alphanumeric()
                    && bytes[i - 2].is_ascii_alphanumeric()
                {
                    i += 1;
                    continue;
                }
                break;
            }
            if i >= n {
                break;
            }
            let (word, width) = if bytes[i].is_ascii() {
                (bytes[i].is_ascii_alphanumeric(), 1)
            } else {
                alphanumeric_at(i)
            };
            if !word {
                i += width;
                continue;
            }
            // Back to the start of the word.
            let mut from = i;
            while from > floor {
                let b = bytes[from - 1];
                if b.is_ascii() {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    from -= 1;
                } else {
                    let mut start = from - 1;
                    while start > floor && !text.is_char_boundary(start) {
                        start -= 1;
                    }
                    if !alphanumeric_at(start).0 {
                        break;
                    }
                    from = start;
                }
            }
            // On to its end.
            loop {
                while i < n && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                if i >= n || bytes[i].is_ascii() {
                    break;
                }
                let (word, width) = alphanumeric_at(i);
                if !word {
                    break;
                }
                i += width;
            }
            let word = &text[from..i];
            let head = &word.as_bytes()[..word.len().min(3)];
            if !m.every_word
                && head.is_ascii()
                && (!m.first[usize::from(head[0])] || !m.passes(word.as_bytes()))
            {
                continue;
            }
            let found = match m.seen.get(word) {
                Some(&known) => known,
                None => {
                    let found = self.judge(m, word);
                    m.seen.insert(word.into(), found);
                    found
                }
            };
            if let Some(idx) = found {
                out.push((from, i, idx));
                if out.len() >= max_matches {
                    break;
                }
            }
        }
        out
    }

    /// Which term or compound of `m` a word matches, if any.
    fn judge(&mut self, m: &Matcher<'_>, word: &str) -> Option<usize> {
        let folded = {
            let mut stream = self.fold.token_stream(word);
            if !stream.advance() {
                return None;
            }
            stream.token().text.clone()
        };
        if !m.passes(folded.as_bytes()) {
            return None;
        }
        let stemmed = match m.lang {
            Lang::Fy => folded.clone(),
            Lang::Nl | Lang::En => {
                let analyzer = if m.lang == Lang::Nl {
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
        m.terms
            .iter()
            .position(|t| *t == stemmed || *t == folded)
            .or_else(|| {
                m.compounds
                    .iter()
                    .position(|c| folded.len() > c.len() && folded.starts_with(c.as_str()))
                    .map(|i| m.terms.len() + i)
            })
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

/// What [`Analyzers::find_matches`] looks for in the texts of one
/// language: words whose analysed form (for `lang`) is one of `terms`, or
/// longer compounds starting with one of `compounds`. Made once per result
/// page and language: it also remembers what was decided per word, as a
/// page repeats many words and folding and stemming them is the expensive
/// part.
pub(crate) struct Matcher<'t> {
    lang: Lang,
    terms: &'t [String],
    compounds: &'t [String],
    /// The first (up to) three bytes of each term and compound.
    prefixes: Vec<&'t [u8]>,
    /// A prefix is not ASCII or empty: every word needs a look.
    every_word: bool,
    /// ASCII bytes that start a prefix (either case).
    first: [bool; 128],
    /// Bytes that can make a word need a look (see `find_matches`).
    interesting: [bool; 256],
    /// The interesting ASCII bytes, each repeated in all eight bytes of a
    /// word, when they are few: `skip` then looks at eight bytes at once.
    broadcast: Vec<u64>,
    /// Word as written → index of the term or compound it matches.
    seen: HashMap<Box<str>, Option<usize>, BuildHasherDefault<FxHasher>>,
}

impl<'t> Matcher<'t> {
    pub(crate) fn new(lang: Lang, terms: &'t [String], compounds: &'t [String]) -> Self {
        let prefixes: Vec<&[u8]> = terms
            .iter()
            .chain(compounds)
            .map(|t| &t.as_bytes()[..t.len().min(3)])
            .collect();
        // A word whose first three bytes are ASCII is only looked at when
        // it starts with one of the prefixes (ASCII case ignored) — unless
        // a prefix is not ASCII or empty, when every word is.
        let every_word = prefixes.iter().any(|p| p.is_empty() || !p.is_ascii());
        let mut first = [false; 128];
        for p in &prefixes {
            if let Some(&b) = p.first()
                && b.is_ascii()
            {
                first[usize::from(b.to_ascii_lowercase())] = true;
                first[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
        let mut interesting = [every_word; 256];
        for (b, flag) in interesting.iter_mut().enumerate() {
            *flag |= b >= 128 || first.get(b).copied().unwrap_or(false);
        }
        let ascii: Vec<u8> = (0..128u8)
            .filter(|&b| interesting[usize::from(b)])
            .collect();
        let broadcast = if ascii.len() <= MAX_BROADCAST {
            ascii.iter().map(|&b| u64::from(b) * LOW_BITS).collect()
        } else {
            Vec::new()
        };
        Matcher {
            lang,
            terms,
            compounds,
            prefixes,
            every_word,
            first,
            interesting,
            broadcast,
            seen: HashMap::default(),
        }
    }

    /// The position of the first interesting byte at or after `i` (or the
    /// end).
    #[inline]
    fn skip(&self, bytes: &[u8], mut i: usize) -> usize {
        if !self.broadcast.is_empty() && !self.every_word {
            // Eight bytes at a time while none is interesting: a byte
            // equal to a broadcast one makes a zero byte in the XOR, found
            // by the usual borrow trick (exact for whether there is one);
            // a non-ASCII byte has its high bit set.
            while let Some(chunk) = bytes.get(i..i + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let x = u64::from_le_bytes(word);
                let mut hit = x & HIGH_BITS;
                for &b in &self.broadcast {
                    let v = x ^ b;
                    hit |= v.wrapping_sub(LOW_BITS) & !v & HIGH_BITS;
                }
                if hit != 0 {
                    break;
                }
                i += 8;
            }
        }
        while i < bytes.len() && !self.interesting[usize::from(bytes[i])] {
            i += 1;
        }
        i
    }

    /// Nothing to look for.
    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.compounds.is_empty()
    }

    #[inline]
    fn passes(&self, w: &[u8]) -> bool {
        self.prefixes
            .iter()
            .any(|p| w.len() >= p.len() && w[..p.len()].eq_ignore_ascii_case(p))
    }
}

/// Most interesting ASCII bytes for the eight-at-a-time skip (beyond, a
/// byte at a time is as fast).
const MAX_BROADCAST: usize = 6;
const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The multiply-rotate hash of rustc (`FxHasher`): words are short and not
/// chosen by an adversary who could make them collide (the cache lives for
/// one search), so SipHash's cost buys nothing here.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u8(&mut self, v: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(v)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
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
    // Runs without special characters are copied whole (the special ones
    // are all ASCII, so byte positions are character boundaries).
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(escaped);
        start = i + 1;
    }
    out.push_str(&text[start..]);
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

    /// `find_matches` as it was first written: every word tokenised, then
    /// the same decisions. The fast one must find exactly the same.
    fn find_matches_reference(
        a: &mut Analyzers,
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
        let m = Matcher::new(lang, terms, compounds);
        let all_ascii = m.prefixes.iter().all(|p| p.is_ascii());
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
            let from = i;
            while let Some(c) = text[i..].chars().next().filter(|c| c.is_alphanumeric()) {
                i += c.len_utf8();
            }
            let word = &text[from..i];
            let head = &word.as_bytes()[..word.len().min(3)];
            if all_ascii && head.is_ascii() && !m.passes(word.as_bytes()) {
                continue;
            }
            if let Some(idx) = a.judge(&m, word) {
                out.push((from, i, idx));
                if out.len() >= max_matches {
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn fast_find_matches_equals_the_plain_scan() {
        let corpus: Vec<crate::types::SearchDoc> =
            serde_json::from_str(include_str!("../tests/corpus.json")).expect("corpus");
        let mut texts: Vec<String> = corpus
            .iter()
            .flat_map(|d| std::iter::once(d.summary.clone()).chain(d.texts.clone()))
            .collect();
        texts.extend(
            [
                "De coördinatie van zorg; coördinatie, coordinatie en Coördinator.",
                "Ålesund — naïef: één (twee) ‘drie’ … parkeerplaats/parkeren PARKEREN",
                "xparkeren parkerenx par pa p ép éparkeren parkéren 12parkeren parkeren12",
                "ﬁets café cafés Ærø œuvre straße 𝔸bc μ-meter Ünter über",
                "",
                "p",
                "pa",
                "risico's risico’s risicoprofiel rïsico",
            ]
            .map(String::from),
        );
        let mut a = analyzers();
        // Query words: ASCII and not, short and long, compounds too.
        let queries: [(&str, &[&str]); 9] = [
            ("parkeren", &["parkeer"]),
            ("risico", &[]),
            ("coördinatie", &["coördinatie"]),
            ("zorg gemeente", &["gemeente"]),
            ("über café", &[]),
            ("a", &["ab"]),
            ("aanvragen of subsidie", &["subsidie"]),
            ("pa", &[]),
            ("woningen", &["woning"]),
        ];
        for (words, compounds) in queries {
            for lang in Lang::ALL {
                let terms: Vec<String> =
                    a.analyze(lang, words).into_iter().map(|t| t.text).collect();
                let compounds: Vec<String> = compounds.iter().map(|c| fold_key(c)).collect();
                let mut m = Matcher::new(lang, &terms, &compounds);
                for text in &texts {
                    for max in [64, 2] {
                        let fast = a.find_matches(&mut m, text, max);
                        let plain =
                            find_matches_reference(&mut a, lang, &terms, &compounds, text, max);
                        assert_eq!(fast, plain, "{words:?} {lang:?} in {text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape_html_into(&mut s, "<b>\"a\" & 'b'</b>");
        assert_eq!(s, "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;");
    }
}
