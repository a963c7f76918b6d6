//! What every page shares: language, texts, title, links to itself in the other languages.

use algoreg_standard::Lang;

use crate::assets;
use crate::i18n::{Tr, tr};

/// Which item of the main menu a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Search,
    Organisations,
    OpenData,
    About,
    None,
}

/// The frame of a page: filled by the handler, read by `base.html`.
#[derive(Debug, Clone)]
pub struct Page {
    pub t: &'static Tr,
    pub lang: Lang,
    /// The public base URL without a trailing slash, for canonical and Open Graph links.
    pub base_url: String,
    /// The path of this page without the language prefix, with its query (`/zoeken?q=afval`).
    pub path: String,
    /// The canonical path without the language prefix (no query unless it names the page).
    pub canonical: String,
    /// The page's own title (the site name is added in `<title>`).
    pub title: String,
    /// The meta and Open Graph description.
    pub description: String,
    pub section: Section,
    /// The page shows texts of descriptions, which are only in Dutch.
    pub dutch_content: bool,
    /// Keep search engines away (result pages of queries, error pages).
    pub noindex: bool,
    /// Show the small search form in the header (not on pages that have a big one).
    pub header_search: bool,
}

impl Page {
    /// A page at `path` (without language prefix) in `lang`.
    pub fn new(
        lang: Lang,
        base_url: &str,
        path: impl Into<String>,
        title: impl Into<String>,
    ) -> Page {
        let path = path.into();
        let canonical = path.split('?').next().unwrap_or("/").to_owned();
        let t = tr(lang);
        Page {
            t,
            lang,
            base_url: base_url.trim_end_matches('/').to_owned(),
            path,
            canonical,
            title: title.into(),
            description: t.t("site-description").to_owned(),
            section: Section::None,
            dutch_content: false,
            noindex: false,
            header_search: true,
        }
    }

    pub fn section(mut self, s: Section) -> Page {
        self.section = s;
        self
    }

    pub fn description(mut self, d: impl Into<String>) -> Page {
        let d: String = d.into();
        if !d.trim().is_empty() {
            self.description = truncate(d.trim(), 160);
        }
        self
    }

    pub fn dutch_content(mut self) -> Page {
        self.dutch_content = true;
        self
    }

    pub fn noindex(mut self) -> Page {
        self.noindex = true;
        self
    }

    pub fn without_header_search(mut self) -> Page {
        self.header_search = false;
        self
    }

    /// A text of this page's language.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.t.t(key)
    }

    /// `path` (without language prefix) as a link in this page's language.
    pub fn href(&self, path: &str) -> String {
        prefixed(self.lang, path)
    }

    /// This page in `lang` (for the language switch and `hreflang`).
    pub fn in_lang(&self, lang: &Lang) -> String {
        prefixed(*lang, &self.path)
    }

    /// The absolute canonical URL.
    pub fn canonical_url(&self) -> String {
        format!("{}{}", self.base_url, prefixed(self.lang, &self.canonical))
    }

    /// `(hreflang, absolute URL)` of the canonical page in every language.
    pub fn alternates(&self) -> Vec<(&'static str, String)> {
        Lang::ALL
            .iter()
            .map(|l| {
                (
                    l.as_str(),
                    format!("{}{}", self.base_url, prefixed(*l, &self.canonical)),
                )
            })
            .collect()
    }

    pub fn langs(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    /// The name of a language in itself (`Nederlands`, `English`, `Frysk`).
    pub fn lang_name(&self, lang: &Lang) -> &'static str {
        match lang {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
            Lang::Fy => "Frysk",
        }
    }

    /// Open Graph locale of the page's language.
    pub fn og_locale(&self) -> &'static str {
        match self.lang {
            Lang::Nl => "nl_NL",
            Lang::En => "en_GB",
            Lang::Fy => "fy_NL",
        }
    }

    /// Show the notice that the content is only in Dutch.
    pub fn show_dutch_notice(&self) -> bool {
        self.dutch_content && self.lang != Lang::Nl
    }

    pub fn is_section(&self, s: Section) -> bool {
        self.section == s
    }

    pub fn css(&self) -> &'static str {
        &assets::CSS.path
    }

    pub fn js(&self) -> &'static str {
        &assets::JS.path
    }
}

/// `path` with the prefix of `lang`: Dutch at `/`, English at `/en/…`, Frisian at `/fy/…`.
pub fn prefixed(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Nl => path.to_owned(),
        _ if path == "/" => format!("/{}", lang.as_str()),
        _ => format!("/{}{}", lang.as_str(), path),
    }
}

/// At most `max` characters, cut at a word with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_prefixes() {
        assert_eq!(prefixed(Lang::Nl, "/zoeken?q=a"), "/zoeken?q=a");
        assert_eq!(prefixed(Lang::En, "/"), "/en");
        assert_eq!(prefixed(Lang::Fy, "/organisaties"), "/fy/organisaties");
        let p = Page::new(Lang::En, "https://r.example/", "/zoeken?q=x", "Search");
        assert_eq!(p.canonical_url(), "https://r.example/en/zoeken");
        assert_eq!(p.in_lang(&Lang::Nl), "/zoeken?q=x");
        assert_eq!(
            p.alternates()[2],
            ("fy", "https://r.example/fy/zoeken".to_owned())
        );
    }

    #[test]
    fn truncates_at_a_word() {
        assert_eq!(truncate("kort", 10), "kort");
        assert_eq!(truncate("een lange zin, met woorden", 16), "een lange zin…");
    }
}
