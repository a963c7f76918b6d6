//! Small text helpers: placeholder filling, rich-text blocks, slugs and length checks.

use crate::pools::MONTHS_NL;

/// Values for the placeholders in pool texts.
pub(crate) struct Vars<'a> {
    pub org: &'a str,
    pub place: &'a str,
    pub de_org: &'a str,
    pub de_org_cap: &'a str,
    /// "maart 2024"; only for update texts.
    pub when: &'a str,
}

/// Appends `tpl` to `out` with `{org}`, `{place}`, `{de_org}`, `{De_org}` and `{when}` replaced.
pub(crate) fn fill_into(out: &mut String, tpl: &str, v: &Vars<'_>) {
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        match &after[..close] {
            "org" => out.push_str(v.org),
            "place" => out.push_str(v.place),
            "de_org" => out.push_str(v.de_org),
            "De_org" => out.push_str(v.de_org_cap),
            "when" => out.push_str(v.when),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

pub(crate) fn fill(tpl: &str, v: &Vars<'_>) -> String {
    let mut s = String::with_capacity(tpl.len() + 16);
    fill_into(&mut s, tpl, v);
    s
}

/// One block of rich text.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    P(String),
    Ul(Vec<String>),
}

impl Block {
    fn byte_len(&self) -> usize {
        match self {
            Block::P(s) => s.len(),
            Block::Ul(items) => items.iter().map(String::len).sum(),
        }
    }

    fn text_len(&self) -> usize {
        match self {
            Block::P(s) => s.chars().count(),
            Block::Ul(items) => items.iter().map(|s| s.chars().count()).sum(),
        }
    }
}

/// Renders blocks as HTML (`p`, `ul`, `li` only), leaving out any block that would take the text past
/// `limit` characters (counted after stripping tags).
#[cfg(test)]
pub(crate) fn render(blocks: &[Block], limit: usize) -> String {
    render_counted(blocks, limit).0
}

/// [`render`], also returning an upper bound of the text length in characters (its length in bytes).
fn render_counted(blocks: &[Block], limit: usize) -> (String, usize) {
    let bytes: usize = blocks.iter().map(Block::byte_len).sum();
    let mut out = String::with_capacity(bytes + 24 * blocks.len());
    // A byte length within the limit means the character count is too; only count when needed.
    let must_count = bytes > limit;
    let mut used = 0;
    let mut used_bytes = 0;
    for b in blocks {
        if must_count {
            let n = b.text_len();
            if used + n > limit {
                continue;
            }
            used += n;
        }
        used_bytes += b.byte_len();
        match b {
            Block::P(s) => {
                out.push_str("<p>");
                out.push_str(s);
                out.push_str("</p>");
            }
            Block::Ul(items) => {
                out.push_str("<ul>");
                for it in items {
                    out.push_str("<li>");
                    out.push_str(it);
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
        }
    }
    (out, used_bytes)
}

/// Rendered rich text that later versions can add to without rendering again.
#[derive(Debug, Clone)]
pub(crate) struct Rich {
    html: String,
    /// An upper bound of the text length in characters: bytes at first, recounted once near the limit.
    chars: usize,
    exact: bool,
    limit: usize,
}

impl Rich {
    pub(crate) fn new(blocks: &[Block], limit: usize) -> Self {
        let (html, bound) = render_counted(blocks, limit);
        Self {
            html,
            chars: bound,
            exact: false,
            limit,
        }
    }

    pub(crate) fn html(&self) -> &str {
        &self.html
    }

    pub(crate) fn has_paragraph(&self, text: &str) -> bool {
        self.html
            .match_indices(text)
            .any(|(i, _)| self.html[..i].ends_with("<p>"))
    }

    /// Reserves room for `extra` if it fits within the limit. Counts characters exactly only when the
    /// byte bound says it might not fit.
    fn reserve_text(&mut self, extra: &str) -> bool {
        if self.chars + extra.len() <= self.limit {
            self.chars += extra.len();
            return true;
        }
        if !self.exact {
            self.chars = stripped_len(&self.html);
            self.exact = true;
        }
        let n = if self.exact {
            extra.chars().count()
        } else {
            extra.len()
        };
        if self.chars + n > self.limit {
            return false;
        }
        self.chars += n;
        true
    }

    /// Adds a paragraph if it fits within the limit; returns whether it did.
    pub(crate) fn push_p(&mut self, text: &str) -> bool {
        if !self.reserve_text(text) {
            return false;
        }
        self.html.reserve(text.len() + 7);
        self.html.push_str("<p>");
        self.html.push_str(text);
        self.html.push_str("</p>");
        true
    }

    /// Adds an item to the first list if there is one and it fits; returns whether it did.
    pub(crate) fn push_li(&mut self, text: &str) -> bool {
        let Some(at) = self.html.find("</ul>") else {
            return false;
        };
        if !self.reserve_text(text) {
            return false;
        }
        self.html.insert_str(at, &format!("<li>{text}</li>"));
        true
    }

    /// The text with one more paragraph, without changing `self` (left out if it does not fit).
    pub(crate) fn with_p(&self, text: &str) -> String {
        let mut copy = self.clone();
        copy.push_p(text);
        copy.html
    }
}

/// Joins sentences with single spaces.
pub(crate) fn sentences(parts: &[String]) -> String {
    parts.join(" ")
}

/// Shortens plain text to at most `max` characters: whole sentences if possible, else whole words.
pub(crate) fn fit(text: String, max: usize) -> String {
    if text.len() <= max || text.chars().count() <= max {
        return text;
    }
    // Keep whole sentences.
    let mut cut = 0;
    for (i, c) in text.char_indices() {
        if text[..i].chars().count() >= max {
            break;
        }
        if c == '.' && text[i + 1..].starts_with(' ') {
            cut = i + 1;
        }
    }
    if cut > 0 {
        return text[..cut].to_string();
    }
    let mut out = String::new();
    for w in text.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Characters of text after removing tags.
pub fn stripped_len(html: &str) -> usize {
    let mut n = 0;
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => n += 1,
            _ => {}
        }
    }
    n
}

/// Lower-case ASCII slug: accents folded, apostrophes dropped, anything else becomes a hyphen.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        let f = fold(c);
        if f.is_ascii_alphanumeric() {
            out.push(f.to_ascii_lowercase());
            dash = false;
        } else if f == '\'' || f == '\u{2019}' {
            // 's-Hertogenbosch → s-hertogenbosch
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        'ÿ' | 'ý' => 'y',
        other => other,
    }
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Month {
    pub year: i32,
    pub month: u32, // 1..=12
}

impl Month {
    pub(crate) fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
    pub(crate) fn from_index(i: i64) -> Self {
        Self {
            year: i.div_euclid(12) as i32,
            month: (i.rem_euclid(12) + 1) as u32,
        }
    }
    pub(crate) fn wire(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
    /// "maart 2024"
    pub(crate) fn dutch(self) -> String {
        format!("{} {}", MONTHS_NL[(self.month - 1) as usize], self.year)
    }
}

/// Lower-cases the first letter unless the word looks like an abbreviation ("BRP", "GPS-locaties").
pub(crate) fn decap(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            let mut out = String::with_capacity(s.len());
            out.extend(a.to_lowercase());
            out.push_str(&s[a.len_utf8()..]);
            out
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        let v = Vars {
            org: "Gemeente X",
            place: "X",
            de_org: "de gemeente",
            de_org_cap: "De gemeente",
            when: "mei 2024",
        };
        assert_eq!(
            fill("{De_org} {org} in {place}, {when}. {x}", &v),
            "De gemeente Gemeente X in X, mei 2024. {x}"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Provincie Fryslân"), "provincie-fryslan");
        assert_eq!(slugify("'s-Hertogenbosch"), "s-hertogenbosch");
        assert_eq!(slugify("Súdwest-Fryslân"), "sudwest-fryslan");
        assert_eq!(slugify("Bergen (NH)"), "bergen-nh");
    }

    #[test]
    fn fits_and_strips() {
        assert_eq!(
            fit("Een zin. Nog een zin die lang is.".into(), 12),
            "Een zin."
        );
        assert_eq!(fit("woord woord woord".into(), 11), "woord woord");
        assert_eq!(stripped_len("<p>abc</p><ul><li>de</li></ul>"), 5);
        let html = render(
            &[
                Block::P("aaaa".into()),
                Block::P("bbbbbb".into()),
                Block::P("cc".into()),
            ],
            7,
        );
        assert_eq!(html, "<p>aaaa</p><p>cc</p>");
    }

    #[test]
    fn months() {
        let m = Month {
            year: 2024,
            month: 3,
        };
        assert_eq!(Month::from_index(m.index()), m);
        assert_eq!(m.wire(), "2024-03");
        assert_eq!(m.dutch(), "maart 2024");
        assert_eq!(decap("Gegevens uit de BRP"), "gegevens uit de BRP");
        assert_eq!(decap("BRP-gegevens"), "BRP-gegevens");
    }
}
