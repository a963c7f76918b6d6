//! HTML handling for descriptions: sanitising rich text, stripping HTML from plain fields, turning rich
//! text into readable plain text (CSV, search), and counting characters the way the standard's limits do.
//!
//! All parsing is done by `ammonia` (html5ever). This module never renders anything and never lets an
//! attribute through: rich text keeps only `p br ul ol li div`, bare.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Tags allowed in rich-text fields.
pub const RICH_TEXT_TAGS: [&str; 6] = ["p", "br", "ul", "ol", "li", "div"];

/// Tags removed *with* their content (everything else loses only its tags).
const DROP_WITH_CONTENT: [&str; 9] = [
    "script", "style", "noscript", "template", "iframe", "object", "title", "svg", "math",
];

/// Block-level tags kept for text extraction, so that words in separate blocks stay separate.
const BLOCK_TAGS: [&str; 29] = [
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
];

fn builder(tags: &[&'static str]) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::empty();
    b.tags(tags.iter().copied().collect::<HashSet<_>>())
        .clean_content_tags(DROP_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::new())
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .allowed_classes(HashMap::new())
        .link_rel(None)
        .strip_comments(true);
    b
}

static RICH: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| builder(&RICH_TEXT_TAGS));
static BLOCKS: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| builder(&BLOCK_TAGS));

/// Entities that ammonia writes in text (and [`unescape`] reads).
const ENTITIES: [&str; 6] = ["&amp;", "&lt;", "&gt;", "&nbsp;", "&quot;", "&#39;"];

/// Whether `s` is already in the form ammonia produces for rich text: only bare `p br ul ol li div`
/// tags, no comments, and `&` only in the entities ammonia writes. Stored rich text always is (it was
/// sanitised on input), so exports and search can skip the HTML parser; anything else goes through it.
fn is_clean(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find(['<', '>', '&']) {
        rest = &rest[i..];
        if rest.starts_with('>') {
            return false;
        }
        if rest.starts_with('&') {
            match ENTITIES.iter().find(|e| rest.starts_with(*e)) {
                Some(e) => rest = &rest[e.len()..],
                None => return false,
            }
            continue;
        }
        let Some(end) = rest.find('>') else {
            return false;
        };
        let name = rest[1..end].strip_prefix('/').unwrap_or(&rest[1..end]);
        if !RICH_TEXT_TAGS.contains(&name) {
            return false;
        }
        rest = &rest[end + 1..];
    }
    true
}

/// Rich text reduced to block tags and escaped text: as it is when already clean, else through ammonia.
fn blocks(s: &str) -> std::borrow::Cow<'_, str> {
    if is_clean(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(BLOCKS.clean(s).to_string())
    }
}

/// Cleans rich text: keeps `p br ul ol li div` without any attribute, removes every other tag (the text
/// of links, bold and the like stays; scripts and styles go with their content), and trims the result.
pub fn sanitise_rich_text(html: &str) -> String {
    RICH.clean(html).to_string().trim().to_string()
}

/// Plain text of `s` on one line: tags removed (block boundaries become spaces), entities decoded, runs of
/// whitespace collapsed to one space, trimmed. This is what the length limits count.
pub fn strip_html(s: &str) -> String {
    if !s.contains('<') && !s.contains('&') {
        return collapse_ws(s);
    }
    let mut out = String::with_capacity(s.len());
    for tok in tokens(&blocks(s)) {
        match tok {
            Token::Text(t) => out.push_str(&t),
            Token::Tag { .. } => out.push(' '),
        }
    }
    collapse_ws(&out)
}

/// Plain text of `s` with its line structure kept: tags removed, block tags and line breaks become new
/// lines, entities decoded, spaces tidied on every line, at most one empty line in a row. Used for the
/// multi-line plain fields of older versions.
pub fn strip_html_lines(s: &str) -> String {
    let mut raw = String::with_capacity(s.len());
    if !s.contains('<') && !s.contains('&') {
        raw.push_str(s);
    } else {
        for tok in tokens(&blocks(s)) {
            match tok {
                Token::Text(t) => raw.push_str(&t),
                Token::Tag { .. } => raw.push('\n'),
            }
        }
    }
    tidy_lines(&raw)
}

/// Rich text as readable plain text, e.g. for CSV: every paragraph, line break and list item on its own
/// line, list items start with `- ` (indented two spaces per nesting level), entities decoded.
/// Text without any tag keeps its own line breaks.
pub fn plain_text(html: &str) -> String {
    if !html.contains('<') {
        return strip_html_lines(html);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut prefix = String::new();
    let mut current = String::new();
    let mut depth: usize = 0;
    let flush = |lines: &mut Vec<String>, prefix: &mut String, current: &mut String| {
        let text = collapse_ws(current);
        if !text.is_empty() {
            lines.push(format!("{prefix}{text}"));
        }
        current.clear();
        prefix.clear();
    };
    for tok in tokens(&blocks(html)) {
        match tok {
            Token::Text(t) => current.push_str(&t),
            Token::Tag { name, closing } => {
                flush(&mut lines, &mut prefix, &mut current);
                match (name.as_str(), closing) {
                    ("ul" | "ol", false) => depth += 1,
                    ("ul" | "ol", true) => depth = depth.saturating_sub(1),
                    ("li", false) => {
                        prefix = format!("{}- ", "  ".repeat(depth.saturating_sub(1)));
                    }
                    _ => {}
                }
            }
        }
    }
    flush(&mut lines, &mut prefix, &mut current);
    lines.join("\n")
}

/// Number of characters of `s` after stripping HTML: what the standard's limits count.
pub fn text_len(s: &str) -> usize {
    strip_html(s).chars().count()
}

/// Plain text as rich text: special characters escaped, blank lines start a new paragraph, single line
/// breaks become `<br>`. Empty input gives an empty string.
pub fn text_to_rich(text: &str) -> String {
    let tidy = tidy_lines(text);
    let mut out = String::new();
    for para in tidy.split("\n\n") {
        let lines: Vec<String> = para
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(escape_html)
            .collect();
        if !lines.is_empty() {
            out.push_str("<p>");
            out.push_str(&lines.join("<br>"));
            out.push_str("</p>");
        }
    }
    out
}

/// Escapes `& < > "` for use in HTML text.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn tidy_lines(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in raw.lines() {
        let line = collapse_ws(line);
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

enum Token {
    Text(String),
    Tag { name: String, closing: bool },
}

/// Splits ammonia's output into tags and decoded text. Ammonia's output is well-formed, carries only the
/// tags we allowed and no attributes, and escapes `&`, `<`, `>` and non-breaking spaces in text; that is
/// what makes this small scanner sufficient.
fn tokens(clean: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut rest = clean;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').unwrap_or(after.len());
            let inner = after[..end].trim();
            let closing = inner.starts_with('/');
            let name = inner
                .trim_start_matches('/')
                .trim_end_matches('/')
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            out.push(Token::Tag { name, closing });
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            out.push(Token::Text(unescape(&rest[..end])));
            rest = &rest[end..];
        }
    }
    out
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let known = [
            (ENTITIES[0], "&"),
            (ENTITIES[1], "<"),
            (ENTITIES[2], ">"),
            (ENTITIES[3], "\u{a0}"),
            (ENTITIES[4], "\""),
            (ENTITIES[5], "'"),
        ];
        match known.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, r)) => {
                out.push_str(r);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitise_keeps_allowed_tags_without_attributes() {
        let dirty = r#"<p class="x" style="color:red" onclick="evil()">Hallo <b>wereld</b></p><script>alert(1)</script><style>p{}</style><ul><li id="a">een</li></ul><ol><li>twee</li></ol><div data-x="1">drie<br/>vier</div><a href="https://x.example">link</a><img src="x.png"><h1>kop</h1><table><tr><td>cel</td></tr></table><!-- comment -->"#;
        let clean = sanitise_rich_text(dirty);
        assert_eq!(
            clean,
            "<p>Hallo wereld</p><ul><li>een</li></ul><ol><li>twee</li></ol><div>drie<br>vier</div>linkkopcel"
        );
    }

    /// The fast path for clean text must give exactly what the parser gives.
    #[test]
    fn clean_text_skips_the_parser_with_the_same_result() {
        let inputs = [
            "<p>Een &amp; twee &lt;3</p><ul><li>a</li><li>b<br>c</li></ul>",
            "<div>x&nbsp;y</div><ol><li><ul><li>diep</li></ul></li></ol>",
            "gewoon tekst met 'quotes' en \"dubbel\"",
            "<p>a</p>\n<p>b</p>",
            "<p class=\"x\">attribuut</p>",
            "<b>vet</b>",
            "1 > 0",
            "&eacute;",
            "<!-- c --><p>x</p>",
            "<P>hoofdletters</P>",
        ];
        for input in inputs {
            for s in [input.to_string(), sanitise_rich_text(input)] {
                let slow = BLOCKS.clean(&s).to_string();
                assert_eq!(blocks(&s), slow.as_str(), "{s:?}");
            }
            let clean = sanitise_rich_text(input);
            assert!(is_clean(&clean), "sanitised text is clean: {clean:?}");
        }
        assert!(
            !is_clean("<p class=\"x\">a</p>")
                && !is_clean("<b>x</b>")
                && !is_clean("a > b")
                && !is_clean("&eacute;")
        );
    }

    #[test]
    fn sanitise_escapes_text() {
        assert_eq!(sanitise_rich_text("a < b & c"), "a &lt; b &amp; c");
        assert_eq!(
            sanitise_rich_text("<p>x</p><iframe src=x>y</iframe>"),
            "<p>x</p>"
        );
        assert_eq!(sanitise_rich_text("  <p>x</p>\n "), "<p>x</p>");
    }

    #[test]
    fn strip_html_cases() {
        let cases = [
            ("", ""),
            ("  gewoon   tekst \n ", "gewoon tekst"),
            ("<b>vet</b> en <i>schuin</i>", "vet en schuin"),
            ("<p>een</p><p>twee</p>", "een twee"),
            ("a<br>b", "a b"),
            ("Tom &amp; Jerry &lt;3 &eacute;&#233;", "Tom & Jerry <3 éé"),
            ("x&nbsp;y", "x y"),
            ("<script>alert(1)</script>tekst", "tekst"),
            ("<style>p{}</style><p>tekst</p>", "tekst"),
            ("1 < 2 en 3 > 2", "1 < 2 en 3 > 2"),
            ("&amp;lt;", "&lt;"),
            ("<a href=\"https://x\">hier</a>", "hier"),
            ("Hal<b>lo</b>", "Hallo"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_html(input), want, "input {input:?}");
        }
    }

    #[test]
    fn strip_html_lines_keeps_lines() {
        assert_eq!(
            strip_html_lines("een\n\n\n  twee  drie \n"),
            "een\n\ntwee drie"
        );
        assert_eq!(strip_html_lines("<p>een</p><p>twee</p>"), "een\n\ntwee");
        assert_eq!(strip_html_lines("a<br>b &amp; c"), "a\nb & c");
    }

    #[test]
    fn plain_text_for_csv() {
        let html = "<p>Eerste alinea.</p><p>Tweede &amp; laatste.</p><ul><li>een</li><li>twee<ul><li>diep</li></ul></li></ul><ol><li>drie</li></ol>regel<br>nieuwe regel";
        assert_eq!(
            plain_text(html),
            "Eerste alinea.\nTweede & laatste.\n- een\n- twee\n  - diep\n- drie\nregel\nnieuwe regel"
        );
        assert_eq!(plain_text("zonder\nopmaak"), "zonder\nopmaak");
        assert_eq!(plain_text("<p></p>"), "");
    }

    #[test]
    fn text_len_counts_after_stripping() {
        assert_eq!(text_len("<b>abc</b>"), 3);
        assert_eq!(text_len("ééé"), 3);
        assert_eq!(text_len("a &amp; b"), 5);
    }

    #[test]
    fn text_to_rich_builds_paragraphs() {
        assert_eq!(
            text_to_rich("a < b\nc\n\nd"),
            "<p>a &lt; b<br>c</p><p>d</p>"
        );
        assert_eq!(text_to_rich("  \n "), "");
        let rich = text_to_rich("x & y");
        assert_eq!(sanitise_rich_text(&rich), rich);
    }
}
