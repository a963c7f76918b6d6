//! Snippets: a short piece of the description with the matched words
//! marked.
//!
//! The short description is preferred; when it has no match, the first
//! long text that does is used. The window with the most distinct matched
//! terms is chosen, cut at word boundaries, and rendered as HTML: every
//! character of the text is escaped, matched words are wrapped in
//! `<mark>…</mark>`, cuts are shown as `…`.

use crate::analysis::{Analyzers, Matcher, escape_html_into};

/// Target snippet length in characters.
pub(crate) const SNIPPET_CHARS: usize = 220;
/// Context kept before the first match in a window.
const LEAD_CHARS: usize = 40;
/// Long texts are only scanned this far (bytes) for a match.
const SCAN_BYTES: usize = 32 * 1024;

fn char_floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte index `n` characters after `from` (or the end).
fn forward(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Byte index `n` characters before `from` (or 0).
fn backward(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// Moves a window start forward to the start of a word (unless at 0).
fn snap_start(text: &str, start: usize, limit: usize) -> usize {
    if start == 0 {
        return 0;
    }
    match text[start..limit].find(char::is_whitespace) {
        Some(i) => {
            let ws = start + i;
            ws + text[ws..].chars().next().map_or(0, char::len_utf8)
        }
        None => start,
    }
}

/// Moves a window end back to the end of a word (unless at the end).
fn snap_end(text: &str, end: usize, floor: usize) -> usize {
    if end >= text.len() {
        return text.len();
    }
    match text[floor..end].rfind(char::is_whitespace) {
        Some(i) => floor + i,
        None => end,
    }
}

/// The plain start of a text, escaped.
pub(crate) fn plain(text: &str) -> String {
    let text = text.trim();
    let mut end = forward(text, 0, SNIPPET_CHARS);
    end = snap_end(text, end, 0);
    let mut out = String::with_capacity(end + 8);
    escape_html_into(&mut out, text[..end].trim_end());
    if end < text.len() {
        out.push('…');
    }
    out
}

fn render(text: &str, matches: &[(usize, usize, usize)]) -> String {
    // Window: the match start from which SNIPPET_CHARS cover the most
    // distinct terms. Match starts are compared in characters (counted
    // once, in one pass) rather than by walking the text from each match.
    let span = SNIPPET_CHARS - LEAD_CHARS;
    let chars: Vec<usize> = if text.is_ascii() {
        matches.iter().map(|m| m.0).collect()
    } else {
        let mut at = (0usize, 0usize);
        matches
            .iter()
            .map(|&(from, _, _)| {
                at = (from, at.1 + text[at.0..from].chars().count());
                at.1
            })
            .collect()
    };
    let mut best = (0usize, 0usize);
    let mut seen: Vec<usize> = Vec::new();
    for k in 0..matches.len() {
        let limit = chars[k] + span;
        seen.clear();
        for (j, &(_, _, idx)) in matches.iter().enumerate().skip(k) {
            if chars[j] >= limit {
                break;
            }
            if !seen.contains(&idx) {
                seen.push(idx);
            }
        }
        if seen.len() > best.1 {
            best = (k, seen.len());
        }
    }
    let first = matches[best.0].0;
    let raw_start = backward(text, first, LEAD_CHARS);
    let start = snap_start(text, raw_start, first);
    let raw_end = forward(text, start, SNIPPET_CHARS);
    let mut end = snap_end(text, raw_end, first);
    // Never cut through the first match.
    end = end.max(matches[best.0].1.min(text.len()));

    let mut out = String::with_capacity(end - start + 64);
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    for &(from, to, _) in matches {
        if from < pos || to > end {
            continue;
        }
        escape_html_into(&mut out, &text[pos..from]);
        out.push_str("<mark>");
        escape_html_into(&mut out, &text[from..to]);
        out.push_str("</mark>");
        pos = to;
    }
    escape_html_into(&mut out, &text[pos..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// The snippet for one hit, marking what `m` looks for. `texts` is only
/// called when the summary has no match.
pub(crate) fn snippet(
    a: &mut Analyzers,
    m: &mut Matcher<'_>,
    summary: &str,
    texts: &mut dyn FnMut() -> Vec<String>,
) -> String {
    if m.is_empty() {
        return plain(summary);
    }
    let found = a.find_matches(m, summary, 64);
    if !found.is_empty() {
        return render(summary, &found);
    }
    let mut scanned = 0usize;
    for text in texts() {
        if scanned >= SCAN_BYTES {
            break;
        }
        let slice = &text[..char_floor(&text, SCAN_BYTES - scanned)];
        scanned += slice.len();
        let found = a.find_matches(m, slice, 64);
        if !found.is_empty() {
            return render(slice, &found);
        }
    }
    plain(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Lang, analyzers};

    fn terms(words: &[&str]) -> Vec<String> {
        let mut a = analyzers();
        words
            .iter()
            .map(|w| a.analyze(Lang::Nl, w)[0].text.clone())
            .collect()
    }

    #[test]
    fn marks_and_escapes() {
        let mut a = analyzers();
        let s = snippet(
            &mut a,
            &mut Matcher::new(Lang::Nl, &terms(&["parkeervergunning"]), &[]),
            "Toekennen van <b>parkeervergunningen</b> & meer",
            &mut Vec::new,
        );
        assert_eq!(
            s,
            "Toekennen van &lt;b&gt;<mark>parkeervergunningen</mark>&lt;/b&gt; &amp; meer"
        );
    }

    #[test]
    fn falls_back_to_texts_and_cuts() {
        let mut a = analyzers();
        let long = format!(
            "{} De coördinatie van zorg. {}",
            "woord ".repeat(100),
            "eind ".repeat(100)
        );
        let s = snippet(
            &mut a,
            &mut Matcher::new(Lang::Nl, &terms(&["coordinatie"]), &[]),
            "Geen treffer hier.",
            &mut || vec![long.clone()],
        );
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>coördinatie</mark>"), "{s}");
        assert!(s.chars().count() < SNIPPET_CHARS + 40);
    }

    #[test]
    fn plain_without_terms_and_compounds() {
        let mut a = analyzers();
        let s = snippet(
            &mut a,
            &mut Matcher::new(Lang::Nl, &[], &[]),
            "a < b",
            &mut Vec::new,
        );
        assert_eq!(s, "a &lt; b");
        let compounds = ["afval".to_string()];
        let s = snippet(
            &mut a,
            &mut Matcher::new(Lang::Nl, &[], &compounds),
            "Plant de afvalinzameling; afval zelf niet.",
            &mut Vec::new,
        );
        assert_eq!(s, "Plant de <mark>afvalinzameling</mark>; afval zelf niet.");
    }
}
