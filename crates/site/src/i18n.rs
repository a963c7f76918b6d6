//! Interface texts, one set per language, read from `locales/{lang}/*.ftl`.
//!
//! The files use a small part of the Fluent syntax, so translators' tools read them: `key = value`,
//! values continued on indented lines, `# comments`, terms (`-name = …`, used as `{ -name }`) and
//! variables (`{ $name }`). Plurals are two keys, `key-one` and `key-other` (see [`Tr::count`]). Texts are
//! parsed once, at first use; a lookup is a hash-map probe.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::LazyLock;

use algoreg_standard::Lang;

use crate::embedded::LOCALE_FILES;

/// The texts of one language.
#[derive(Debug)]
pub struct Tr {
    lang: Lang,
    texts: HashMap<&'static str, String>,
}

static TEXTS: LazyLock<[Tr; 3]> = LazyLock::new(|| Lang::ALL.map(load));

/// The texts of `lang`.
pub fn tr(lang: Lang) -> &'static Tr {
    &TEXTS[lang as usize]
}

/// Parses the Fluent subset: (key, raw value) pairs of one file, in order.
pub(crate) fn parse(src: &'static str) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for line in src.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = out.last_mut() {
                let part = line.trim();
                if !part.is_empty() {
                    if !v.is_empty() {
                        v.push('\n');
                    }
                    v.push_str(part);
                }
            }
            continue;
        }
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            out.push((k.trim(), v.trim().to_owned()));
        }
    }
    out
}

fn load(lang: Lang) -> Tr {
    let mut terms: HashMap<&'static str, String> = HashMap::new();
    let mut texts = HashMap::new();
    for (l, _, src) in LOCALE_FILES {
        if *l != lang.as_str() {
            continue;
        }
        for (k, v) in parse(src) {
            if let Some(term) = k.strip_prefix('-') {
                terms.insert(term, v);
            } else {
                texts.insert(k, v);
            }
        }
    }
    for v in texts.values_mut() {
        for (term, value) in &terms {
            let placeholder = format!("{{ -{term} }}");
            if v.contains(&placeholder) {
                *v = v.replace(&placeholder, value);
            }
        }
    }
    Tr { lang, texts }
}

impl Tr {
    /// The language of these texts.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The text of `key`; a missing key shows as itself (a test keeps that from happening).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The text of `key` with its variables (`{ $name }`) filled in.
    pub fn f(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        let mut s = self.t(key).to_owned();
        for (name, value) in args {
            let placeholder = format!("{{ ${name} }}");
            if s.contains(&placeholder) {
                s = s.replace(&placeholder, &value.to_string());
            }
        }
        s
    }

    /// `key-one` or `key-other` by `n`, with `{ $count }` as the formatted number.
    pub fn count(&self, key: &str, n: impl Into<u64>) -> String {
        let n = n.into();
        let k = format!("{key}-{}", if n == 1 { "one" } else { "other" });
        self.f(&k, &[("count", &self.number(n))])
    }

    /// A whole number with thousands separated the way the language does: `12.345` or `12,345`.
    pub fn number(&self, n: impl Into<u64>) -> String {
        let digits = n.into().to_string();
        let sep = if self.lang == Lang::En { ',' } else { '.' };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A date as people write it in this language: `3 maart 2026`, `3 March 2026`, `3 maart 2026`.
    pub fn date(&self, year: i32, month: u32, day: u32) -> String {
        let name = self.t(MONTH_KEYS[(month.clamp(1, 12) - 1) as usize]);
        format!("{day} {name} {year}")
    }

    /// The label of a value from the standard's lists or of an organisation type: the text of
    /// `value-{slug}` (`Hoog-risico AI-systeem` → `value-hoog-risico-ai-systeem`), else the value.
    pub fn value<'a>(&'a self, v: &'a str) -> &'a str {
        self.texts
            .get(format!("value-{}", key_slug(v)).as_str())
            .map_or(v, String::as_str)
    }

    /// Every key, for the tests.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().copied()
    }
}

/// Lowercase ASCII letters and digits, every other run of characters one `-` (accents dropped).
pub fn key_slug(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

const MONTH_KEYS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_fluent_subset() {
        let got =
            parse("# c\n-brand = Reg\na = one\nb =\n    two\n    three\n\nc = x { -brand }\n");
        assert_eq!(
            got,
            vec![
                ("-brand", "Reg".to_owned()),
                ("a", "one".to_owned()),
                ("b", "two\nthree".to_owned()),
                ("c", "x { -brand }".to_owned()),
            ]
        );
    }

    #[test]
    fn numbers_dates_and_plurals() {
        let nl = tr(Lang::Nl);
        let en = tr(Lang::En);
        assert_eq!(nl.number(1234567u64), "1.234.567");
        assert_eq!(en.number(1234u64), "1,234");
        assert_eq!(en.number(999u64), "999");
        assert_eq!(nl.date(2026, 3, 3), "3 maart 2026");
        assert_eq!(en.date(2026, 3, 3), "3 March 2026");
        assert_eq!(en.count("count-descriptions", 1u64), "1 description");
        assert_eq!(
            en.count("count-descriptions", 2000u64),
            "2,000 descriptions"
        );
    }

    #[test]
    fn value_keys() {
        assert_eq!(key_slug("Hoog-risico AI-systeem"), "hoog-risico-ai-systeem");
        assert_eq!(key_slug("Overheidsfinanciën"), "overheidsfinancien");
        assert_eq!(
            key_slug("zelfstandig_bestuursorgaan"),
            "zelfstandig-bestuursorgaan"
        );
        assert_eq!(tr(Lang::En).value("Geen idee"), "Geen idee");
    }

    #[test]
    fn terms_are_filled_in() {
        for lang in Lang::ALL {
            assert!(!tr(lang).t("site-name").contains("{ -"), "{lang}");
        }
    }
}
