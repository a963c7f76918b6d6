//! The citizen's query language, read forgivingly.
//!
//! - Words are ANDed: `parkeren amsterdam`.
//! - `of` / `or` (any case, also `|`) between two terms gives OR:
//!   `parkeren of fietsen`.
//! - `-word` or `-"a phrase"` excludes.
//! - `"exact phrase"` matches the words in that order.
//! - `( ) , ;` separate like spaces; `+word` is just `word`.
//!
//! Bad input never fails: control characters become spaces, the text is cut
//! at [`MAX_QUERY_CHARS`] characters and [`MAX_QUERY_TERMS`] terms, an
//! unbalanced quote is ignored, lone operators (`-`, `or` at the start or
//! end, `of of`) are dropped.

use std::ops::Range;

use crate::types::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};

/// One typed word, with its byte span in the sanitised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub text: String,
    pub span: Range<usize>,
}

/// A term: one word, or a quoted phrase of several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Atom {
    pub words: Vec<Word>,
    pub phrase: bool,
}

impl Atom {
    pub(crate) fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Alternatives (OR) — a clause that must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    pub alts: Vec<Atom>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Parsed {
    /// The text the spans refer to: control characters replaced, capped.
    pub sanitized: String,
    /// Clauses that must all match.
    pub must: Vec<Clause>,
    /// Terms that must not match.
    pub must_not: Vec<Atom>,
}

/// Replaces control and invisible characters by spaces, caps the length
/// (without cutting a word in half) and trims.
pub(crate) fn sanitize(text: &str) -> String {
    let mut capped: String = text
        .chars()
        .take(MAX_QUERY_CHARS + 1)
        .map(|c| {
            if c.is_control()
                || matches!(
                    c,
                    '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
                )
            {
                ' '
            } else {
                c
            }
        })
        .collect();
    if capped.chars().count() > MAX_QUERY_CHARS {
        // Cut before the word that straddles the cap.
        let cut = capped
            .char_indices()
            .nth(MAX_QUERY_CHARS)
            .map_or(capped.len(), |(i, _)| i);
        let keep = match capped[..cut].rfind(char::is_whitespace) {
            Some(ws) if !capped[cut..].starts_with(char::is_whitespace) => ws,
            _ => cut,
        };
        capped.truncate(keep);
    }
    capped.trim().to_string()
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';')
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

fn is_or(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "of" | "or" | "|" | "||" | "ofwel"
    )
}

enum Lex {
    Term { atom: Atom, neg: bool },
    Or,
}

/// Splits `text` at separators into words with spans (offset by `base`).
fn words_in(text: &str, base: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_separator(c) {
            if let Some(s) = start.take() {
                out.push(Word {
                    text: text[s..i].to_string(),
                    span: base + s..base + i,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: text[s..].to_string(),
            span: base + s..base + text.len(),
        });
    }
    out
}

fn lex(s: &str) -> Vec<Lex> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut neg = false;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if is_separator(c) {
            neg = false;
            i += 1;
            continue;
        }
        if is_quote(c) {
            let close = (i + 1..chars.len()).find(|&j| is_quote(chars[j].1));
            match close {
                Some(j) => {
                    let inner_from = pos + c.len_utf8();
                    let inner_to = chars[j].0;
                    let words = words_in(&s[inner_from..inner_to], inner_from);
                    if !words.is_empty() {
                        out.push(Lex::Term {
                            atom: Atom {
                                phrase: words.len() > 1,
                                words,
                            },
                            neg,
                        });
                    }
                    neg = false;
                    i = j + 1;
                }
                None => {
                    // Unbalanced quote: ignore it, read the rest as words.
                    i += 1;
                }
            }
            continue;
        }
        if c == '-' || c == '+' || c == '!' {
            let next = chars.get(i + 1).map(|&(_, n)| n);
            let starts_term = matches!(next, Some(n) if !is_separator(n) && n != '-' && n != '+' && n != '!')
                || matches!(next, Some(n) if is_quote(n));
            if starts_term && c != '+' {
                neg = true;
            }
            i += 1;
            continue;
        }
        // A word runs to the next separator or quote.
        let start = i;
        while i < chars.len() && !is_separator(chars[i].1) && !is_quote(chars[i].1) {
            i += 1;
        }
        let from = chars[start].0;
        let to = chars.get(i).map_or(s.len(), |&(p, _)| p);
        let text = &s[from..to];
        if !neg && is_or(text) {
            out.push(Lex::Or);
        } else {
            out.push(Lex::Term {
                atom: Atom {
                    words: vec![Word {
                        text: text.to_string(),
                        span: from..to,
                    }],
                    phrase: false,
                },
                neg,
            });
        }
        neg = false;
    }
    out
}

/// Parses a query. Never fails; see the module docs for the rules.
pub(crate) fn parse(text: &str) -> Parsed {
    let sanitized = sanitize(text);
    let mut parsed = Parsed {
        must: Vec::new(),
        must_not: Vec::new(),
        sanitized: String::new(),
    };
    let mut terms = 0usize;
    let mut pending_or = false;
    let mut last_positive = false;
    for lexeme in lex(&sanitized) {
        match lexeme {
            Lex::Or => {
                pending_or = last_positive;
            }
            Lex::Term { mut atom, neg } => {
                if terms >= MAX_QUERY_TERMS {
                    break;
                }
                atom.words.truncate(MAX_QUERY_TERMS);
                terms += 1;
                if neg {
                    parsed.must_not.push(atom);
                    last_positive = false;
                } else {
                    match parsed.must.last_mut() {
                        Some(clause) if pending_or => clause.alts.push(atom),
                        _ => parsed.must.push(Clause { alts: vec![atom] }),
                    }
                    last_positive = true;
                }
                pending_or = false;
            }
        }
    }
    parsed.sanitized = sanitized;
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(q: &str) -> (Vec<Vec<String>>, Vec<String>) {
        let p = parse(q);
        (
            p.must
                .iter()
                .map(|c| {
                    c.alts
                        .iter()
                        .map(|a| {
                            if a.phrase {
                                format!("\"{}\"", a.text())
                            } else {
                                a.text()
                            }
                        })
                        .collect()
                })
                .collect(),
            p.must_not.iter().map(|a| a.text()).collect(),
        )
    }

    #[test]
    fn and_or_not_phrase() {
        let (must, not) = shape("parkeren Of fietsen amsterdam -boete \"slimme camera\"");
        assert_eq!(
            must,
            vec![
                vec!["parkeren".to_string(), "fietsen".to_string()],
                vec!["amsterdam".to_string()],
                vec!["\"slimme camera\"".to_string()],
            ]
        );
        assert_eq!(not, vec!["boete".to_string()]);
    }

    #[test]
    fn lone_operators_and_bad_quotes() {
        assert_eq!(shape("-"), (vec![], vec![]));
        assert_eq!(shape("or"), (vec![], vec![]));
        assert_eq!(shape("of of of"), (vec![], vec![]));
        let (must, _) = shape("\"unbalanced phrase");
        assert_eq!(
            must,
            vec![vec!["unbalanced".to_string()], vec!["phrase".to_string()]]
        );
        let (must, not) = shape("a - b -\"c d\" or e");
        assert_eq!(
            must,
            vec![
                vec!["a".to_string()],
                vec!["b".to_string()],
                vec!["e".to_string()]
            ]
        );
        assert_eq!(not, vec!["c d".to_string()]);
    }

    #[test]
    fn caps_and_control_characters() {
        let long = "woord ".repeat(5000);
        let p = parse(&long);
        assert_eq!(p.must.len(), MAX_QUERY_TERMS);
        assert!(p.sanitized.chars().count() <= MAX_QUERY_CHARS);
        let p = parse("park\u{0}eren\u{7}\tboete\u{1b}[31m");
        assert_eq!(p.sanitized, "park eren  boete [31m");
        assert_eq!(p.must.len(), 4);
    }

    #[test]
    fn spans_point_into_sanitized_text() {
        let p = parse("  Parkeerbelsting  amsterdam");
        let w = &p.must[0].alts[0].words[0];
        assert_eq!(&p.sanitized[w.span.clone()], "Parkeerbelsting");
    }
}
