//! `/organisaties`: the directory of organisations (search by name, filter by kind, A–Z), and
//! `/organisatie/{code}`: one organisation with its published descriptions, filtered and paged like
//! the search page.

use algoreg_register::domain::OrgType;
use algoreg_register::search_index::SearchQuery;
use algoreg_register::{InvalidParam, RegisterError};
use algoreg_site::page::Section;
use algoreg_site::views::orgs::{Contact, Directory, Entry, Group, Kind, Letter, OrganisationPage};
use algoreg_site::views::search::Link;
use algoreg_site::{Lang, Page, i18n};
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Extension, Router};

use super::search::{bad_request, own_path, pagination, read_query, results};
use super::{OrPage, PageError, PageResult, SiteError, render};
use crate::SharedState;
use crate::params::{self, query_string};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/organisaties", get(directory))
        .route("/organisatie/{code}", get(organisation))
}

/// What the directory was asked for.
#[derive(Default, Clone)]
struct Wanted {
    q: String,
    types: Vec<OrgType>,
    letter: Option<char>,
    all: bool,
    page: usize,
}

impl Wanted {
    fn read(pairs: Vec<(String, String)>) -> Result<Wanted, Vec<InvalidParam>> {
        let mut w = Wanted {
            page: 1,
            ..Wanted::default()
        };
        let mut bad = Vec::new();
        for (k, v) in pairs {
            match k.as_str() {
                "q" => w.q = v.trim().to_owned(),
                "type" => {
                    for t in v.split(',').filter(|t| !t.is_empty()) {
                        match OrgType::parse(t) {
                            Some(t) => w.types.push(t),
                            None => bad.push(InvalidParam {
                                name: "type".into(),
                                reason: format!("unknown organisation type {t:?}"),
                                allowed: OrgType::ALL.iter().map(|t| t.as_str().into()).collect(),
                            }),
                        }
                    }
                }
                "letter" => {
                    let mut c = v.chars();
                    match (c.next(), c.next()) {
                        (Some(l), None) if l.is_ascii_alphabetic() => {
                            w.letter = Some(l.to_ascii_uppercase())
                        }
                        _ => bad.push(InvalidParam {
                            name: "letter".into(),
                            reason: format!("{v:?}"),
                            allowed: vec!["a".into(), "…".into(), "z".into()],
                        }),
                    }
                }
                "page" => match v.parse::<usize>() {
                    Ok(n) if n >= 1 => w.page = n,
                    _ => bad.push(InvalidParam {
                        name: "page".into(),
                        reason: format!("{v:?}"),
                        allowed: vec![],
                    }),
                },
                "show" => match v.as_str() {
                    "all" => w.all = true,
                    "published" | "" => w.all = false,
                    _ => bad.push(InvalidParam {
                        name: "show".into(),
                        reason: format!("{v:?}"),
                        allowed: vec!["all".into(), "published".into()],
                    }),
                },
                _ => bad.push(InvalidParam {
                    name: k,
                    reason: "unknown parameter".into(),
                    allowed: vec![],
                }),
            }
        }
        if bad.is_empty() { Ok(w) } else { Err(bad) }
    }

    /// The directory as URL parameters.
    fn href(&self, page: &Page) -> String {
        let mut p: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            p.push(("q", self.q.clone()));
        }
        for t in &self.types {
            p.push(("type", t.as_str().to_owned()));
        }
        if let Some(l) = self.letter {
            p.push(("letter", l.to_ascii_lowercase().to_string()));
        }
        if self.all {
            p.push(("show", "all".into()));
        }
        if self.page > 1 {
            p.push(("page", self.page.to_string()));
        }
        page.href(&format!("/organisaties{}", query_string(&p)))
    }
}

/// Organisations on one page of the directory (the page stays light).
const PER_PAGE: usize = 100;

/// Words that many names start with and that say only the kind (`Gemeente Aalsmeer`): the directory
/// sorts and groups by what follows them.
const KIND_WORDS: &[&str] = &[
    "gemeente ",
    "provincie ",
    "waterschap ",
    "hoogheemraadschap ",
    "wetterskip ",
    "veiligheidsregio ",
    "omgevingsdienst ",
    "ministerie van ",
    "ministerie voor ",
];

/// The name as the directory sorts it: without a leading kind word or `'s-`/`'t`, folded.
fn sort_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut rest = lower.as_str();
    for w in KIND_WORDS {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r;
            break;
        }
    }
    for p in ["'s-", "'s ", "'t-", "'t "] {
        if let Some(r) = rest.strip_prefix(p) {
            rest = r;
        }
    }
    algoreg_register::slug(rest)
}

/// The group of a sort key: its first letter, `#` for anything else.
fn letter_of(key: &str) -> char {
    key.chars()
        .next()
        .filter(char::is_ascii_alphabetic)
        .map_or('#', |c| c.to_ascii_uppercase())
}

async fn directory(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> PageResult {
    let t = i18n::tr(lang);
    let pairs = params::pairs(&uri).map_err(|p| bad_request(lang, vec![p]))?;
    let wanted = Wanted::read(pairs).map_err(|e| bad_request(lang, e))?;
    let mut page = Page::new(
        lang,
        &state.public_url,
        own_path("/organisaties", &uri),
        t.t("orgs-title"),
    )
    .section(Section::Organisations)
    .description(t.t("orgs-lead"));
    if !wanted.q.is_empty() {
        page = page.noindex();
    }
    let counts = state.register.organisation_counts().await.or_page(lang)?;
    let needle = algoreg_register::slug(&wanted.q);
    // Matching name and publication, before the kind and letter (their counts are for these).
    let mut matching: Vec<(String, &algoreg_register::OrganisationCount)> = counts
        .iter()
        .filter(|c| c.organisation.public_page && (wanted.all || c.published > 0))
        .filter(|c| {
            needle.is_empty() || algoreg_register::slug(&c.organisation.name).contains(&needle)
        })
        .map(|c| (sort_key(&c.organisation.name), c))
        .collect();
    matching.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.organisation.name.cmp(&b.1.organisation.name))
    });

    let kinds = OrgType::ALL
        .iter()
        .map(|k| Kind {
            value: k.as_str().to_owned(),
            label: t.value(k.as_str()).to_owned(),
            count: matching
                .iter()
                .filter(|(_, c)| c.organisation.org_type == *k)
                .count() as u64,
            selected: wanted.types.contains(k),
        })
        .filter(|k| k.count > 0 || k.selected)
        .collect();
    matching.retain(|(_, c)| {
        wanted.types.is_empty() || wanted.types.contains(&c.organisation.org_type)
    });

    let letters = ('A'..='Z')
        .map(|l| {
            let any = matching.iter().any(|(key, _)| letter_of(key) == l);
            let mut w = wanted.clone();
            w.letter = Some(l);
            w.page = 1;
            Letter {
                letter: l.to_string(),
                href: any.then(|| w.href(&page)),
                current: wanted.letter == Some(l),
            }
        })
        .collect();
    if let Some(l) = wanted.letter {
        matching.retain(|(key, _)| letter_of(key) == l);
    }
    let all_letters = wanted.letter.map(|_| {
        let mut w = wanted.clone();
        w.letter = None;
        w.page = 1;
        w.href(&page)
    });
    let last = matching.len().div_ceil(PER_PAGE).max(1);
    if wanted.page > last {
        return Err(bad_request(
            lang,
            vec![InvalidParam {
                name: "page".into(),
                reason: format!("\"{}\"", wanted.page),
                allowed: vec![],
            }],
        ));
    }
    let pagination = pagination(last, wanted.page, |n| {
        let mut w = wanted.clone();
        w.page = n;
        w.href(&page)
    });
    let mut groups: Vec<Group> = Vec::new();
    for (key, c) in matching
        .iter()
        .skip((wanted.page - 1) * PER_PAGE)
        .take(PER_PAGE)
    {
        let letter = letter_of(key).to_string();
        let entry = Entry {
            name: c.organisation.name.clone(),
            href: page.href(&format!("/organisatie/{}", c.organisation.code)),
            kind: t.value(c.organisation.org_type.as_str()).to_owned(),
            published: if c.published > 0 {
                t.count("count-descriptions", c.published as u64)
            } else {
                t.t("orgs-nothing-yet").to_owned()
            },
        };
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.entries.push(entry),
            _ => groups.push(Group {
                letter,
                entries: vec![entry],
            }),
        }
    }
    let status = t.count("count-organisations", matching.len() as u64);
    let filtered = !wanted.q.is_empty() || !wanted.types.is_empty() || wanted.letter.is_some();
    let clear_href = filtered.then(|| {
        Wanted {
            all: wanted.all,
            page: 1,
            ..Wanted::default()
        }
        .href(&page)
    });
    let view = Directory {
        q: wanted.q,
        kinds,
        all: wanted.all,
        letters,
        all_letters,
        groups,
        status,
        clear_href,
        pagination,
        page,
    };
    Ok(render(&headers, lang, StatusCode::OK, &view))
}

async fn organisation(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    Path(code): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> PageResult {
    let t = i18n::tr(lang);
    let org = match state.register.organisation(&code).await {
        Ok(o) if o.public_page => o,
        Ok(_) | Err(RegisterError::UnknownOrganisation(_)) => {
            return Err(PageError(lang, SiteError::NotFound));
        }
        Err(e) => return Err(PageError(lang, e.into())),
    };
    let code = org.code.to_string();
    let path = format!("/organisatie/{code}");
    let mut query = read_query(lang, &uri, true)?;
    query.filters.orgs = vec![code.clone()];
    let r = state.register.search(&query).or_page(lang)?;
    super::search::past_the_end(lang, &query, &r)?;
    // What it has published in all: the total when nothing narrows the list.
    let narrowed = !query.text.trim().is_empty() || params::filter_pairs(&query.filters).len() > 1;
    let published = if narrowed {
        let mut all = SearchQuery::new("");
        all.filters.orgs = vec![code.clone()];
        all.page_size = 1;
        state.register.search(&all).or_page(lang)?.total
    } else {
        r.total
    } as u64;
    let mut page = Page::new(
        lang,
        &state.public_url,
        own_path(&path, &uri),
        org.name.clone(),
    )
    .section(Section::Organisations)
    .dutch_content()
    .description(if org.about.is_empty() {
        t.f("org-description", &[("name", &org.name)])
    } else {
        org.about.clone()
    });
    if narrowed {
        page = page.noindex();
    }
    let contact = Some(org.contact.trim())
        .filter(|c| !c.is_empty())
        .map(|c| Contact {
            text: c.to_owned(),
            href: if c.starts_with("https://") {
                Some(c.to_owned())
            } else if c.contains('@') && !c.contains(char::is_whitespace) {
                Some(format!("mailto:{c}"))
            } else {
                None
            },
        });
    let results = results(&page, &path, Some(&code), &query, r);
    let view = OrganisationPage {
        name: org.name.clone(),
        kind: t.value(org.org_type.as_str()).to_owned(),
        about: org.about.clone(),
        contact,
        published: if published > 0 {
            t.f(
                "org-published",
                &[("descriptions", &t.count("count-descriptions", published))],
            )
        } else {
            t.t("org-nothing-yet").to_owned()
        },
        has_published: published > 0,
        api: Link {
            label: t.t("org-api-link").to_owned(),
            href: format!("/api/v1/organizations/{code}"),
        },
        code,
        results,
        page,
    };
    Ok(render(&headers, lang, StatusCode::OK, &view))
}
