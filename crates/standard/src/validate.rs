//! Validation: every rule of a version of the standard, applied to a document, returning **every**
//! problem at once in field order, each with its path. The rules come from the field definitions
//! (required, maximum length after stripping HTML, allowed values, kind); the kind-specific checks are
//! here: months, links, contact details, link groups, and `end_date` not before `begin_date`.
//!
//! Validation does not change the document; use [`check`] to normalise first.

use serde_json::Value;

use crate::Document;
use crate::def::{FieldDef, FieldKind, standard};
use crate::html::{strip_html, text_len};
use crate::normalise::{is_blank, normalise};
use crate::problem::{EXPECT_LIST, EXPECT_OBJECT, EXPECT_TEXT, Problem, ProblemKind};
use crate::version::StandardVersion;

/// Every problem of `doc` against version `v`, in field order. System fields are not checked.
pub fn validate(v: StandardVersion, doc: &Document) -> Vec<Problem> {
    let def = standard(v);
    let mut problems = Vec::new();
    for f in def.input_fields() {
        match doc.get(&f.key) {
            Some(value) if !is_blank(value) => check_field(f, value, doc, &mut problems),
            _ if f.required => problems.push(Problem::new(&f.key, ProblemKind::Required)),
            _ => {}
        }
    }
    problems
}

/// Normalises `input` for version `v`, then validates the result.
pub fn check(v: StandardVersion, input: &Document) -> (Document, Vec<Problem>) {
    let doc = normalise(v, input);
    let problems = validate(v, &doc);
    (doc, problems)
}

fn check_field(f: &FieldDef, value: &Value, doc: &Document, out: &mut Vec<Problem>) {
    let path = f.key.as_str();
    match f.kind {
        FieldKind::System => {}
        FieldKind::EnumList => {
            let Some(items) = as_list(path, value, out) else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                match item {
                    Value::String(s) if f.allowed.iter().any(|a| a == s.trim()) => {}
                    Value::String(_) => out.push(Problem::new(p, not_allowed(f))),
                    _ => out.push(Problem::new(p, wrong(EXPECT_TEXT))),
                }
            }
        }
        FieldKind::TextList => {
            let Some(items) = as_list(path, value, out) else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                if !item.is_string() {
                    out.push(Problem::new(format!("{path}[{i}]"), wrong(EXPECT_TEXT)));
                }
            }
        }
        FieldKind::LinkGroup => {
            let Some(items) = as_list(path, value, out) else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                check_link_item(f, &format!("{path}[{i}]"), item, out);
            }
        }
        FieldKind::Text
        | FieldKind::RichText
        | FieldKind::LongText
        | FieldKind::Url
        | FieldKind::Enum
        | FieldKind::Month
        | FieldKind::Contact => {
            let Value::String(s) = value else {
                out.push(Problem::new(path, wrong(EXPECT_TEXT)));
                return;
            };
            check_string(f, path, s, doc, out);
        }
    }
}

fn check_string(f: &FieldDef, path: &str, s: &str, doc: &Document, out: &mut Vec<Problem>) {
    if f.kind == FieldKind::Month {
        // The format check covers the length limit of 7; one clear problem is better than two.
        match parse_month(s.trim()) {
            None => out.push(Problem::new(path, ProblemKind::NotAMonth)),
            Some(end) if f.key == "end_date" => {
                let begin = doc.get("begin_date").and_then(Value::as_str);
                if begin
                    .and_then(|b| parse_month(b.trim()))
                    .is_some_and(|b| end < b)
                {
                    out.push(Problem::new(path, ProblemKind::EndBeforeBegin));
                }
            }
            Some(_) => {}
        }
        return;
    }
    if let Some(max) = f.max_len {
        let actual = text_len(s);
        if actual > max {
            out.push(Problem::new(path, ProblemKind::TooLong { max, actual }));
        }
    }
    match f.kind {
        FieldKind::Url if !is_http_url(&strip_html(s)) => {
            out.push(Problem::new(path, ProblemKind::NotUrl));
        }
        FieldKind::Contact if !is_contact(&strip_html(s)) => {
            out.push(Problem::new(path, ProblemKind::NotContact));
        }
        FieldKind::Enum if !f.allowed.iter().any(|a| a == s.trim()) => {
            out.push(Problem::new(path, not_allowed(f)));
        }
        _ => {}
    }
}

fn check_link_item(f: &FieldDef, path: &str, item: &Value, out: &mut Vec<Problem>) {
    let Value::Object(obj) = item else {
        out.push(Problem::new(path, wrong(EXPECT_OBJECT)));
        return;
    };
    let parts = [
        ("title", true, f.item_title_max, false),
        ("link", f.item_link_required, f.item_link_max, true),
    ];
    for (part, required, max, is_link) in parts {
        let p = format!("{path}.{part}");
        match obj.get(part) {
            Some(v) if !is_blank(v) => {
                let Value::String(s) = v else {
                    out.push(Problem::new(p, wrong(EXPECT_TEXT)));
                    continue;
                };
                if let Some(max) = max {
                    let actual = text_len(s);
                    if actual > max {
                        out.push(Problem::new(
                            p.clone(),
                            ProblemKind::TooLong { max, actual },
                        ));
                    }
                }
                if is_link && !is_http_url(&strip_html(s)) {
                    out.push(Problem::new(p, ProblemKind::NotUrl));
                }
            }
            _ if required => out.push(Problem::new(p, ProblemKind::Required)),
            _ => {}
        }
    }
}

fn as_list<'a>(path: &str, value: &'a Value, out: &mut Vec<Problem>) -> Option<&'a Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        _ => {
            out.push(Problem::new(path, wrong(EXPECT_LIST)));
            None
        }
    }
}

fn wrong(expected: &str) -> ProblemKind {
    ProblemKind::WrongType {
        expected: expected.to_string(),
    }
}

fn not_allowed(f: &FieldDef) -> ProblemKind {
    ProblemKind::NotAllowed {
        allowed: f.allowed.clone(),
    }
}

/// Reads a `YYYY-MM` month with a year from 1900 to 2100 and a month from 01 to 12, as `(year, month)`.
pub fn parse_month(s: &str) -> Option<(u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 7 || b[4] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let year = digits(0..4)?;
    let month = digits(5..7)?;
    ((1900..=2100).contains(&year) && (1..=12).contains(&month)).then_some((year, month))
}

/// True for an `http` or `https` link with a plausible host (a domain name with a dot, an IPv4 address
/// or a bracketed IPv6 address), without spaces or user information.
pub fn is_http_url(s: &str) -> bool {
    url_scheme(s).is_some()
}

/// True for an `https` link (see [`is_http_url`]).
pub fn is_https_url(s: &str) -> bool {
    url_scheme(s) == Some("https")
}

fn url_scheme(s: &str) -> Option<&'static str> {
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (scheme, rest) = s.split_once("://")?;
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return None;
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        let (addr, after) = v6.split_once(']')?;
        if addr.is_empty()
            || !addr
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        if !after.is_empty() && !is_port(after.strip_prefix(':')?) {
            return None;
        }
        return Some(scheme);
    } else {
        match authority.split_once(':') {
            Some((host, port)) if is_port(port) => host,
            Some(_) => return None,
            None => authority,
        }
    };
    is_host(host).then_some(scheme)
}

fn is_port(p: &str) -> bool {
    !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
}

/// A domain name with at least two labels, or an IPv4 address.
fn is_host(h: &str) -> bool {
    if h.is_empty() || h.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = h.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    if labels
        .iter()
        .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
    {
        return labels.len() == 4
            && labels
                .iter()
                .all(|l| l.len() <= 3 && l.parse::<u16>().is_ok_and(|n| n <= 255));
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld = labels[labels.len() - 1];
    labels.iter().all(label_ok) && !tld.bytes().all(|b| b.is_ascii_digit())
}

/// True for an e-mail address such as `algoritmes@dijkerveen.example`.
pub fn is_email(s: &str) -> bool {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local.chars().any(|c| "@<>()[]\\,;:\"".contains(c))
        && is_host(domain)
}

/// True for contact details the standard accepts: an e-mail address or an `https` link (not `http`).
pub fn is_contact(s: &str) -> bool {
    is_email(s) || is_https_url(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(parse_month("2024-03"), Some((2024, 3)));
        assert_eq!(parse_month("1900-01"), Some((1900, 1)));
        assert_eq!(parse_month("2100-12"), Some((2100, 12)));
        for bad in [
            "2024-13",
            "2024-00",
            "1899-12",
            "2101-01",
            "2024-3",
            "2024/03",
            "24-03-01",
            "abcd-ef",
            "2024-03-01",
            "+024-03",
            "２０２４-03",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }

    #[test]
    fn urls() {
        for good in [
            "https://www.dijkerveen.example",
            "http://dijkerveen.example/pad?x=1#y",
            "HTTPS://Dijkerveen.Example:8443/a",
            "https://192.168.1.10/x",
            "https://[2001:db8::1]:443/",
            "https://gemeente-dijkerveen.example/",
            "https://bücher.example",
        ] {
            assert!(is_http_url(good), "{good}");
        }
        for bad in [
            "",
            "www.dijkerveen.example",
            "ftp://dijkerveen.example",
            "https://",
            "https:///pad",
            "https://localhost/",
            "https://dijkerveen",
            "https://dijker veen.example",
            "https://user:pw@dijkerveen.example",
            "https://dijkerveen.example:port",
            "https://-a.example",
            "https://a..example",
            "https://999.1.1.1",
            "https://1.2.3",
            "javascript:alert(1)",
            "mailto:a@b.example",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn contacts() {
        assert!(is_contact("algoritmes@dijkerveen.example"));
        assert!(is_contact("https://www.dijkerveen.example/contact"));
        assert!(!is_contact("http://www.dijkerveen.example/contact"));
        assert!(!is_contact("algoritmes@dijkerveen"));
        assert!(!is_contact("Bel 14 0123"));
        assert!(!is_contact("a b@dijkerveen.example"));
        assert!(!is_contact("@dijkerveen.example"));
        assert!(!is_contact("a@@dijkerveen.example"));
    }
}
