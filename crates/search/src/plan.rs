//! From a parsed query to a tantivy query.
//!
//! Each word is analysed once per language and looked up in every
//! searchable field of that language with the field's weight (a
//! disjunction); clauses are ANDed, alternatives ORed, exclusions are
//! must-nots. A word that is a stop word in any language is dropped (so an
//! ANDed "de" or "the" cannot exclude documents of another language); an
//! 8-digit word also matches the Algoritme-ID. Synonym groups (see
//! `synonyms`) are expanded here: any member typed — one word, several
//! consecutive words or a phrase — matches every member of its group.
//!
//! The plan also carries what the snippet needs (the analysed terms per
//! language), the words eligible for spelling correction, and the
//! `interpreted` rendering of the query.

use std::ops::Range;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis::{Analyzers, Lang, Tok, analyzers};
use crate::compound::{CompoundPrefix, MIN_PREFIX_CHARS};
use crate::query::{Atom, Parsed};
use crate::safe_phrase::SafePhrase;
use crate::schema::{Fields, TextField, W_COMPOUND, W_ID};
use crate::synonyms::{MAX_MEMBER_WORDS, synonym_index};
use crate::union::Union;

/// A word that spelling correction may replace.
#[derive(Debug, Clone)]
pub(crate) struct PlanWord {
    pub span: Range<usize>,
    /// Lowercased, accent-folded, a single token.
    pub folded: String,
}

/// The executable query plus what goes with it.
pub(crate) struct Plan {
    /// `None`: no usable terms — everything matches.
    pub query: Option<Box<dyn Query>>,
    /// True when there are positive text clauses (scores mean something).
    pub has_text: bool,
    pub interpreted: String,
    /// Analysed terms of the positive words, per language (for snippets).
    pub highlight: [Vec<String>; 3],
    /// Folded words whose compounds also match (for snippets).
    pub prefixes: Vec<String>,
    pub words: Vec<PlanWord>,
}

fn is_algorithm_id(word: &str) -> bool {
    word.len() == 8 && word.bytes().all(|b| b.is_ascii_digit())
}

struct Builder<'a> {
    fields: &'a Fields,
    text_fields: Vec<TextField>,
    a: &'a mut Analyzers,
    highlight: [Vec<String>; 3],
    prefixes: Vec<String>,
    compound_ok: &'a dyn Fn(&str) -> bool,
    has_term: &'a dyn Fn(Field, &str) -> bool,
}

/// An alternative within a clause: words ANDed, or a phrase.
struct Alt {
    words: Vec<String>,
    phrase: bool,
}

impl Builder<'_> {
    fn note_highlight(&mut self, lang: Lang, toks: &[Tok]) {
        let list = &mut self.highlight[lang.idx()];
        for t in toks {
            if !list.contains(&t.text) {
                list.push(t.text.clone());
            }
        }
    }

    /// The per-field disjunction for an analysed text (one word or a phrase).
    fn text_query(&mut self, text: &str) -> Option<Box<dyn Query>> {
        let toks: [Vec<Tok>; 3] = Lang::ALL.map(|l| self.a.analyze(l, text));
        if toks.iter().all(|t| t.is_empty())
            && text.chars().filter(|c| c.is_alphanumeric()).count() > 64
        {
            // A "word" too long to be indexed: it cannot match anything.
            return Some(Box::new(EmptyQuery));
        }
        if toks.iter().any(|t| t.is_empty()) {
            // A stop word (or punctuation) in some language: meaningless.
            return None;
        }
        for lang in Lang::ALL {
            let t = toks[lang.idx()].clone();
            self.note_highlight(lang, &t);
        }
        let mut should: Vec<Box<dyn Query>> = Vec::with_capacity(self.text_fields.len());
        for tf in &self.text_fields {
            let t = &toks[tf.lang.idx()];
            // A field without (all) the terms cannot match: leave it out
            // rather than open its postings. Scores do not change.
            if !t.iter().all(|tok| (self.has_term)(tf.field, &tok.text)) {
                continue;
            }
            let q: Box<dyn Query> = if t.len() == 1 {
                Box::new(TermQuery::new(
                    Term::from_field_text(tf.field, &t[0].text),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                let first = t[0].position;
                let terms = t
                    .iter()
                    .map(|tok| {
                        (
                            tok.position - first,
                            Term::from_field_text(tf.field, &tok.text),
                        )
                    })
                    .collect();
                Box::new(SafePhrase(PhraseQuery::new_with_offset(terms)))
            };
            should.push(Box::new(BoostQuery::new(q, tf.weight)));
        }
        if should.is_empty() {
            return Some(Box::new(EmptyQuery));
        }
        Some(Box::new(Union(should)))
    }

    fn word_query(&mut self, word: &str) -> Option<Box<dyn Query>> {
        if is_algorithm_id(word) {
            let id_q: Box<dyn Query> = Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.id, word),
                    IndexRecordOption::Basic,
                )),
                W_ID,
            ));
            return Some(match self.text_query(word) {
                Some(t) => Box::new(Union(vec![id_q, t])),
                None => id_q,
            });
        }
        let text = self.text_query(word)?;
        // Compounds starting with the word, as a low-scoring alternative.
        let folded = self.a.fold_words(word);
        if let [f] = folded.as_slice()
            && f.chars().count() >= MIN_PREFIX_CHARS
            && f.chars().all(char::is_alphanumeric)
            && (self.compound_ok)(f)
        {
            if !self.prefixes.contains(f) {
                self.prefixes.push(f.clone());
            }
            let prefix: Box<dyn Query> = Box::new(BoostQuery::new(
                Box::new(CompoundPrefix {
                    field: self.fields.spell,
                    prefix: f.clone(),
                }),
                W_COMPOUND,
            ));
            return Some(Box::new(Union(vec![text, prefix])));
        }
        Some(text)
    }

    fn alt_query(&mut self, alt: &Alt) -> Option<Box<dyn Query>> {
        if alt.phrase {
            return self.text_query(&alt.words.join(" "));
        }
        let mut parts: Vec<Box<dyn Query>> = alt
            .words
            .iter()
            .filter_map(|w| self.word_query(w))
            .collect();
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Box::new(BooleanQuery::intersection(parts))),
        }
    }

    fn clause_query(&mut self, alts: &[Alt]) -> Option<Box<dyn Query>> {
        let mut parts: Vec<Box<dyn Query>> =
            alts.iter().filter_map(|alt| self.alt_query(alt)).collect();
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Box::new(Union(parts))),
        }
    }
}

/// The alternatives for an atom: itself, plus the other members of its
/// synonym group if it is one.
fn atom_alts(a: &mut Analyzers, atom: &Atom) -> (Vec<Alt>, bool) {
    let typed = atom.text();
    let own = Alt {
        words: atom.words.iter().map(|w| w.text.clone()).collect(),
        phrase: atom.phrase,
    };
    let folded = a.fold_words(&typed);
    match synonym_index().lookup(&folded, &typed) {
        Some((g, m)) => (with_group(own, g, m), true),
        None => (vec![own], false),
    }
}

fn with_group(own: Alt, group: usize, member: usize) -> Vec<Alt> {
    let mut alts = vec![own];
    for (mi, words) in synonym_index().groups[group].members.iter().enumerate() {
        if mi != member {
            alts.push(Alt {
                phrase: words.len() > 1,
                words: words.clone(),
            });
        }
    }
    alts
}

fn render_atom(atom: &Atom) -> String {
    if atom.phrase {
        format!("\"{}\"", atom.text())
    } else {
        atom.text()
    }
}

/// Builds the plan for a parsed query.
/// `compound_ok(folded)` says whether a word may also match compounds
/// starting with it (the index decides by how common the word is);
/// `has_term(field, term)` whether a field has an analysed term at all.
pub(crate) fn plan(
    parsed: &Parsed,
    fields: &Fields,
    compound_ok: &dyn Fn(&str) -> bool,
    has_term: &dyn Fn(Field, &str) -> bool,
) -> Plan {
    let mut guard = analyzers();
    let mut b = Builder {
        fields,
        text_fields: fields.text_fields(),
        a: &mut guard,
        highlight: Default::default(),
        prefixes: Vec::new(),
        compound_ok,
        has_term,
    };
    let mut must: Vec<Box<dyn Query>> = Vec::new();
    let mut rendered: Vec<String> = Vec::new();
    let mut words: Vec<PlanWord> = Vec::new();

    let single_word = |i: usize| -> Option<&crate::query::Word> {
        let c = &parsed.must[i];
        (c.alts.len() == 1 && !c.alts[0].phrase && c.alts[0].words.len() == 1)
            .then(|| &c.alts[0].words[0])
    };

    let mut i = 0;
    while i < parsed.must.len() {
        // Multi-word synonym members typed as consecutive words.
        let mut matched = None;
        if single_word(i).is_some() {
            let mut run = 0;
            while i + run < parsed.must.len()
                && run < MAX_MEMBER_WORDS
                && single_word(i + run).is_some()
            {
                run += 1;
            }
            for k in (2..=run).rev() {
                let typed: Vec<&str> = (i..i + k)
                    .map(|j| single_word(j).map_or("", |w| w.text.as_str()))
                    .collect();
                let typed = typed.join(" ");
                let folded = b.a.fold_words(&typed);
                if let Some((g, m)) = synonym_index().lookup(&folded, &typed) {
                    matched = Some((k, typed, g, m));
                    break;
                }
            }
        }
        if let Some((k, typed, g, m)) = matched {
            let own = Alt {
                words: (i..i + k)
                    .filter_map(|j| single_word(j).map(|w| w.text.clone()))
                    .collect(),
                phrase: false,
            };
            let alts = with_group(own, g, m);
            if let Some(q) = b.clause_query(&alts) {
                must.push(q);
                rendered.push(typed);
            }
            i += k;
            continue;
        }

        let clause = &parsed.must[i];
        let mut alt_queries: Vec<Box<dyn Query>> = Vec::new();
        let mut shown = Vec::new();
        let mut candidate_words = Vec::new();
        for atom in &clause.alts {
            let (atom_alts, is_synonym) = atom_alts(b.a, atom);
            let qs: Vec<Box<dyn Query>> = atom_alts
                .iter()
                .filter_map(|alt| b.alt_query(alt))
                .collect();
            if qs.is_empty() {
                continue;
            }
            alt_queries.extend(qs);
            shown.push(render_atom(atom));
            if !atom.phrase && atom.words.len() == 1 && !is_synonym {
                let w = &atom.words[0];
                let folded = b.a.fold_words(&w.text);
                if folded.len() == 1 && !is_algorithm_id(&w.text) {
                    candidate_words.push(PlanWord {
                        span: w.span.clone(),
                        folded: folded[0].clone(),
                    });
                }
            }
        }
        if !alt_queries.is_empty() {
            must.push(if alt_queries.len() == 1 {
                alt_queries.pop().expect("one")
            } else {
                Box::new(Union(alt_queries))
            });
            rendered.push(shown.join(" of "));
            words.extend(candidate_words);
        }
        i += 1;
    }

    let mut must_not: Vec<Box<dyn Query>> = Vec::new();
    for atom in &parsed.must_not {
        let (alts, _) = atom_alts(b.a, atom);
        // Exclusions do not highlight.
        let saved = std::mem::take(&mut b.highlight);
        let saved_prefixes = std::mem::take(&mut b.prefixes);
        let q = b.clause_query(&alts);
        b.highlight = saved;
        b.prefixes = saved_prefixes;
        if let Some(q) = q {
            must_not.push(q);
            rendered.push(format!("-{}", render_atom(atom)));
        }
    }

    let has_text = !must.is_empty();
    let query: Option<Box<dyn Query>> = if must.is_empty() && must_not.is_empty() {
        None
    } else if must.len() == 1 && must_not.is_empty() {
        // One clause needs no boolean query around it (which would only
        // pass its scores on), and runs its own fastest loop.
        must.pop()
    } else {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if must.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        clauses.extend(must.into_iter().map(|q| (Occur::Must, q)));
        clauses.extend(must_not.into_iter().map(|q| (Occur::MustNot, q)));
        Some(Box::new(BooleanQuery::new(clauses)))
    };
    let highlight = std::mem::take(&mut b.highlight);
    let prefixes = std::mem::take(&mut b.prefixes);
    Plan {
        query,
        has_text,
        interpreted: rendered.join(" "),
        highlight,
        prefixes,
        words,
    }
}
