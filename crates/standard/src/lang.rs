//! The interface languages of the register (Dutch first, then English and Frisian) and [`Text`], a piece of
//! text written in all three. Only the register's own wording is translated; the content of descriptions is
//! always Dutch.

use serde::{Deserialize, Serialize};

/// An interface language.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch, the primary language.
    Nl,
    /// English.
    En,
    /// West Frisian.
    Fy,
}

impl Lang {
    /// Every language, primary first.
    pub const ALL: [Lang; 3] = [Lang::Nl, Lang::En, Lang::Fy];

    /// The two-letter code: `"nl"`, `"en"` or `"fy"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
            Lang::Fy => "fy",
        }
    }

    /// Reads a language code, ignoring case. Accepts the two-letter codes and the ISO 639-3 codes
    /// (`nld`, `eng`, `fry`), so that both `?lang=en` and a description's `lang` field can be read.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" | "nld" | "dut" => Some(Lang::Nl),
            "en" | "eng" => Some(Lang::En),
            "fy" | "fry" => Some(Lang::Fy),
            _ => None,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text in every interface language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub nl: String,
    pub en: String,
    pub fy: String,
}

impl Text {
    /// Builds a text from its three translations.
    pub fn new(nl: impl Into<String>, en: impl Into<String>, fy: impl Into<String>) -> Text {
        Text {
            nl: nl.into(),
            en: en.into(),
            fy: fy.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
            Lang::Fy => &self.fy,
        }
    }

    /// True when any of the three translations is empty.
    pub fn has_gaps(&self) -> bool {
        Lang::ALL.iter().any(|l| self.get(*l).trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.as_str()), Some(l));
        }
        assert_eq!(Lang::parse(" NLD "), Some(Lang::Nl));
        assert_eq!(Lang::parse("de"), None);
    }

    #[test]
    fn text_get() {
        let t = Text::new("a", "b", "c");
        assert_eq!(t.get(Lang::Nl), "a");
        assert_eq!(t.get(Lang::En), "b");
        assert_eq!(t.get(Lang::Fy), "c");
        assert!(!t.has_gaps());
        assert!(Text::new("a", "", "c").has_gaps());
    }
}
