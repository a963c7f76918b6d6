//! The page of a description (`/algoritme/{id}/{slug}`), the comparison of two published versions
//! (`/algoritme/{id}/vergelijk?van=1&naar=2`), the page of a description that left the register, and
//! the redirects that keep old links working (`/algoritme/{id}`, a wrong slug, and the existing
//! register's `/nl/algoritme/…` shapes).
//!
//! The register decides what is public; this module only arranges it for reading. The standard's own
//! definitions (groups, labels, help texts, kinds) decide how each field is shown.

use algoreg_register::search_index::{Filters, SearchQuery, Sort};
use algoreg_register::standard::{
    self, ChangeKind, DiffOp, FieldDef, FieldKind, StandardVersion, text_diff,
};
use algoreg_register::{PublicDescription, PublicVersion, Register, RegisterError};
use algoreg_register::{WithdrawnDescription, domain::VersionState};
use algoreg_site::page::prefixed;
use algoreg_site::views::description::{
    Change, ChangeGroup, ComparePage, DescriptionPage, Download, Field, Group, LinkItem, Piece,
    SameProvider, Shown, VersionLine, WithdrawnPage,
};
use algoreg_site::{Lang, Page, Tr, i18n};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use chrono::{DateTime, Datelike, Utc};
use serde_json::Value;

use super::{OrPage, PageError, PageResult, SiteError, moved, render};
use crate::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/algoritme/{id}", get(without_slug))
        .route("/algoritme/{id}/vergelijk", get(compare))
        .route("/algoritme/{id}/{slug}", get(with_slug))
}

/// The existing register's URL shapes, redirected to ours.
pub fn legacy_routes() -> Router<SharedState> {
    Router::new().route("/nl/algoritme/{*rest}", get(legacy))
}

/// How many similar descriptions, and descriptions with the same provider, the page shows.
const RELATED: usize = 4;

/// The provider of an algorithm an organisation built itself, as the standard's help text asks it.
const IN_HOUSE: &str = "Intern ontwikkeld";

/// What the public may see of a description: the description, or the fact that it left.
enum Found {
    Public(Box<PublicDescription>),
    Withdrawn(WithdrawnDescription),
}

impl Found {
    fn name(&self) -> &str {
        match self {
            Found::Public(d) => name_of(&d.current),
            Found::Withdrawn(w) => &w.name,
        }
    }
}

async fn lookup(reg: &Register, raw: &str) -> Result<(String, Found), SiteError> {
    let id = Register::parse_id(raw).map_err(|_| SiteError::NotFound)?;
    let found = match reg.public_description(id).await {
        Ok(d) => Found::Public(Box::new(d)),
        Err(RegisterError::NotFound) => Found::Withdrawn(reg.public_withdrawn(id).await?),
        Err(e) => return Err(e.into()),
    };
    Ok((id.as_string(), found))
}

fn name_of(v: &PublicVersion) -> &str {
    v.document
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The canonical path (without language prefix) of a description.
fn canonical(id: &str, name: &str) -> String {
    crate::urls::algorithm("", id, name)
}

async fn without_slug(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    show(&state, lang, &headers, &id, None).await
}

async fn with_slug(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    Path((id, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> PageResult {
    show(&state, lang, &headers, &id, Some(&slug)).await
}

/// The page at its canonical address; any other address of it is moved there.
async fn show(
    state: &SharedState,
    lang: Lang,
    headers: &HeaderMap,
    raw_id: &str,
    slug: Option<&str>,
) -> PageResult {
    let (id, found) = lookup(&state.register, raw_id).await.or_page(lang)?;
    let canonical = canonical(&id, found.name());
    let here = match slug {
        Some(s) => format!("/algoritme/{raw_id}/{s}"),
        None => format!("/algoritme/{raw_id}"),
    };
    if here != canonical {
        return Ok(moved(&prefixed(lang, &canonical)));
    }
    match found {
        Found::Public(d) => {
            let same = same_product(state, lang, &d).await;
            Ok(description_page(state, lang, headers, &d, canonical, same))
        }
        Found::Withdrawn(w) => Ok(withdrawn_page(state, lang, headers, &w, canonical)),
    }
}

/// `/nl/algoritme/{org}/{id}/{slug}`, `/nl/algoritme/{id}/{slug}`, `/nl/algoritme/{id}`: the first
/// segment that is an Algoritme-ID decides.
async fn legacy(
    State(state): State<SharedState>,
    Path(rest): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::Nl;
    let Some(raw) = rest
        .split('/')
        .find(|s| Register::parse_id(s).is_ok() && !s.trim().is_empty())
    else {
        return SiteError::NotFound.into_page(&headers, lang);
    };
    match lookup(&state.register, raw).await {
        Ok((id, found)) => moved(&canonical(&id, found.name())),
        Err(e) => e.into_page(&headers, lang),
    }
}

fn date(t: &Tr, at: Option<DateTime<Utc>>) -> String {
    at.map(|at| {
        let d = at.date_naive();
        t.date(d.year(), d.month(), d.day())
    })
    .unwrap_or_default()
}

/// Every published version, newest first, each with a link to compare it with the one before.
fn version_lines(page: &Page, d: &PublicDescription) -> Vec<VersionLine> {
    let t = page.t;
    let id = d.id.as_string();
    let mut lines: Vec<VersionLine> = d
        .history
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let published = date(t, v.published_at);
            VersionLine {
                number: v.version,
                label: t.f("desc-history-version", &[("number", &v.version)]),
                option: t.f(
                    "cmp-version-option",
                    &[("number", &v.version), ("date", &published)],
                ),
                published: t.f("desc-history-published", &[("date", &published)]),
                current: v.version == d.current.version,
                compare_href: i.checked_sub(1).map(|p| {
                    page.href(&format!(
                        "/algoritme/{id}/vergelijk?van={}&naar={}",
                        d.history[p].version, v.version
                    ))
                }),
            }
        })
        .collect();
    lines.reverse();
    lines
}

/// The public page of a description (also the back-office's preview of a draft).
pub(crate) fn description_page(
    state: &SharedState,
    lang: Lang,
    headers: &HeaderMap,
    d: &PublicDescription,
    canonical: String,
    same_product: Vec<(String, String, String)>,
) -> Response {
    let t = i18n::tr(lang);
    let v = &d.current;
    let id = d.id.as_string();
    let name = name_of(v).to_owned();
    let summary = text_of(v, "description_short");
    let page = Page::new(lang, &state.public_url, canonical, name.clone())
        .description(summary.clone())
        .dutch_content();
    let last_published = date(t, v.published_at);
    let versions = version_lines(&page, d);
    let compare_from = d
        .history
        .iter()
        .rev()
        .find(|h| h.version < v.version)
        .map_or(v.version, |h| h.version);
    let org_code = d.organisation.code.to_string();
    let api = format!("/api/v1/algorithms/{id}");
    let download = |format: &str, history: bool, key: &str| Download {
        label: t.t(key).to_owned(),
        href: format!(
            "{api}/download?format={format}{}",
            if history { "&history=true" } else { "" }
        ),
    };
    let view = DescriptionPage {
        groups: groups(t, lang, v, &id, &last_published),
        similar: similar(state, &page, d),
        same_provider: same_provider(state, &page, v, &org_code),
        same_product,
        organisation_href: page.href(&format!("/organisatie/{org_code}")),
        organisation: d.organisation.name.clone(),
        status: Some(text_of(v, "status")).filter(|s| !s.is_empty()),
        category: Some(text_of(v, "publication_category")).filter(|s| !s.is_empty()),
        standard_version: v.standard_version.as_str().to_owned(),
        version: v.version,
        first_published: date(t, d.first_published_at.or(v.published_at)),
        last_published,
        compare_action: page.href(&format!("/algoritme/{id}/vergelijk")),
        compare_from,
        compare_to: v.version,
        versions,
        downloads: vec![
            download("csv", false, "desc-download-csv"),
            download("xlsx", false, "desc-download-xlsx"),
            download("json", false, "desc-download-json"),
            download("json", true, "desc-download-history"),
        ],
        api_href: api,
        summary,
        name,
        id,
        page,
    };
    render(headers, lang, StatusCode::OK, &view)
}

fn text_of(v: &PublicVersion, key: &str) -> String {
    v.document
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default()
        .to_owned()
}

/// The standard's groups with the fields to show: filled-in fields, and empty ones the standard
/// always shows. The name is the page's heading and the short description its lead, so they are not
/// repeated.
fn groups(t: &Tr, lang: Lang, v: &PublicVersion, id: &str, published: &str) -> Vec<Group> {
    let def = standard::standard(v.standard_version);
    def.groups
        .iter()
        .map(|g| {
            let fields = def
                .fields_in_group(&g.key)
                .filter(|f| f.public && f.key != "name")
                .filter_map(|f| {
                    let value = match f.key.as_str() {
                        "lars" => Shown::Text(id.to_owned()),
                        "publication_dt" if !published.is_empty() => {
                            Shown::Text(published.to_owned())
                        }
                        "standard_version" => Shown::Text(v.standard_version.as_str().to_owned()),
                        _ => shown(t, f, v.document.get(&f.key)),
                    };
                    let empty = value == Shown::Empty;
                    let in_lead = f.key == "description_short" && !empty;
                    (!in_lead && (!empty || f.always_shown)).then(|| field(lang, f, value))
                })
                .collect();
            Group::new(&g.key, g.label.get(lang).to_owned(), fields)
        })
        .filter(|g| !g.blocks.is_empty())
        .collect()
}

fn field(lang: Lang, f: &FieldDef, value: Shown) -> Field {
    Field {
        key: f.key.clone(),
        label: f.label.get(lang).to_owned(),
        help: f.help.get(lang).trim().to_owned(),
        long: is_long(f.kind),
        value,
    }
}

fn is_long(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::RichText | FieldKind::LongText | FieldKind::LinkGroup
    )
}

fn web_link(s: &str) -> Option<String> {
    let s = s.trim();
    (s.starts_with("https://") || s.starts_with("http://")).then(|| s.to_owned())
}

/// A stored value as it is shown, by the kind of its field.
fn shown(t: &Tr, f: &FieldDef, value: Option<&Value>) -> Shown {
    let Some(value) = value.filter(|v| !standard::normalise::is_blank(v)) else {
        return Shown::Empty;
    };
    let text = match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    };
    let list = || -> Vec<String> {
        value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let out = match f.kind {
        FieldKind::RichText if standard::plain_text(&text).trim().is_empty() => Shown::Empty,
        FieldKind::RichText => Shown::Html(text),
        FieldKind::LongText => Shown::Paragraphs(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        FieldKind::Url => match web_link(&text) {
            Some(href) => Shown::Link { href, text },
            None => Shown::Text(text),
        },
        FieldKind::Contact => match web_link(&text) {
            Some(href) => Shown::Link { href, text },
            None if text.contains('@') && !text.contains([' ', ':', '/']) => Shown::Link {
                href: format!("mailto:{text}"),
                text,
            },
            None => Shown::Text(text),
        },
        FieldKind::Enum if f.key == "lang" => Shown::Text(language_name(&text)),
        FieldKind::Enum => Shown::Text(t.value(&text).to_owned()),
        FieldKind::EnumList => Shown::List(list().iter().map(|v| t.value(v).to_owned()).collect()),
        FieldKind::TextList => Shown::List(list()),
        FieldKind::Month => Shown::Text(month(t, &text)),
        FieldKind::LinkGroup => Shown::Links(
            value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|item| {
                    let get = |k: &str| item.get(k).and_then(Value::as_str).map(str::trim);
                    let href = get("link").and_then(web_link);
                    let title = get("title")
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .or_else(|| href.clone())?;
                    Some(LinkItem { title, href })
                })
                .collect(),
        ),
        FieldKind::Text if f.key == "lang" => Shown::Text(language_name(&text)),
        FieldKind::Text | FieldKind::System => Shown::Text(text),
    };
    match &out {
        Shown::Text(s) if s.is_empty() => Shown::Empty,
        Shown::List(l) | Shown::Paragraphs(l) if l.is_empty() => Shown::Empty,
        Shown::Links(l) if l.is_empty() => Shown::Empty,
        _ => out,
    }
}

/// `nld` → `Nederlands` (the language's own name).
fn language_name(code: &str) -> String {
    match standard::Lang::parse(code) {
        Some(standard::Lang::Nl) => "Nederlands".into(),
        Some(standard::Lang::En) => "English".into(),
        Some(standard::Lang::Fy) => "Frysk".into(),
        None => code.to_owned(),
    }
}

/// `2024-03` → `maart 2024`.
fn month(t: &Tr, s: &str) -> String {
    let parsed = s.split_once('-').and_then(|(y, m)| {
        let y: i32 = y.parse().ok()?;
        let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        Some((y, m))
    });
    match parsed {
        Some((y, m)) => format!("{} {y}", t.t(&format!("month-{m}"))),
        None => s.to_owned(),
    }
}

/// Descriptions like this one (from the search index; none when search is not available).
fn similar(
    state: &SharedState,
    page: &Page,
    d: &PublicDescription,
) -> Vec<algoreg_site::views::Summary> {
    match state.register.similar(&d.id, RELATED) {
        Ok(hits) => hits
            .into_iter()
            .map(|h| super::search::summary(page, h, false))
            .collect(),
        Err(e) => {
            tracing::debug!(error = %e, "no similar descriptions");
            Vec::new()
        }
    }
}

/// The other published descriptions started from the same supplier's template: (organisation,
/// description name, href). None when the register cannot say (the page still shows).
async fn same_product(
    state: &SharedState,
    lang: Lang,
    d: &PublicDescription,
) -> Vec<(String, String, String)> {
    match state.register.public_same_product(d.id).await {
        Ok(rows) => rows
            .into_iter()
            .map(|r| {
                let href = prefixed(lang, &canonical(&r.description_id, &r.name));
                (r.org_name, r.name, href)
            })
            .collect(),
        Err(e) => {
            tracing::debug!(error = %e, "no descriptions of the same product");
            Vec::new()
        }
    }
}

/// Descriptions of other organisations with the same provider.
fn same_provider(
    state: &SharedState,
    page: &Page,
    v: &PublicVersion,
    org_code: &str,
) -> Option<SameProvider> {
    let provider = text_of(v, "provider");
    // The standard asks organisations that built the algorithm themselves to write this; other
    // organisations' own work has nothing in common with it.
    if provider.is_empty() || provider.eq_ignore_ascii_case(IN_HOUSE) {
        return None;
    }
    let q = SearchQuery {
        filters: Filters {
            providers: vec![provider.clone()],
            ..Default::default()
        },
        sort: Sort::Newest,
        page_size: 30,
        ..Default::default()
    };
    let hits = state
        .register
        .search(&q)
        .map_err(|e| tracing::debug!(error = %e, "no descriptions with the same provider"))
        .ok()?
        .hits;
    let items: Vec<_> = hits
        .into_iter()
        .filter(|h| h.org_code != org_code)
        .take(RELATED)
        .map(|h| super::search::summary(page, h, false))
        .collect();
    if items.is_empty() {
        return None;
    }
    let t = page.t;
    Some(SameProvider {
        lead: t.f("desc-provider-lead", &[("provider", &provider)]),
        all_text: t.f("desc-provider-all", &[("provider", &provider)]),
        search_href: page.href(&format!(
            "/zoeken?provider={}",
            crate::urls::encode_component(&provider)
        )),
        items,
    })
}

fn withdrawn_page(
    state: &SharedState,
    lang: Lang,
    headers: &HeaderMap,
    w: &WithdrawnDescription,
    canonical: String,
) -> Response {
    let t = i18n::tr(lang);
    let archived = w.state == VersionState::Archived;
    let (title, lead) = if archived {
        ("wd-title-archived", "wd-lead-archived")
    } else {
        ("wd-title-retracted", "wd-lead-retracted")
    };
    let page = Page::new(lang, &state.public_url, canonical, t.t(title)).noindex();
    let view = WithdrawnPage {
        id: w.id.as_string(),
        name: w.name.clone(),
        organisation: w.organisation.name.clone(),
        organisation_href: page.href(&format!("/organisatie/{}", w.organisation.code)),
        archived,
        lead: t.f(lead, &[("date", &date(t, Some(w.at)))]),
        reason: w.reason.clone(),
        page,
    };
    render(headers, lang, StatusCode::GONE, &view)
}

/// `/algoritme/{id}/vergelijk?van=1&naar=2`: what changed between two published versions.
async fn compare(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    Path(raw_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> PageResult {
    let t = i18n::tr(lang);
    let bad = |ps: Vec<(String, String)>| PageError(lang, SiteError::BadRequest(ps));
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .map(|q| q.0)
        .map_err(|_| bad(vec![("query".into(), t.t("cmp-bad-query").into())]))?;
    let (id, found) = lookup(&state.register, &raw_id).await.or_page(lang)?;
    let d = match found {
        Found::Public(d) => d,
        Found::Withdrawn(_) => return Err(PageError(lang, SiteError::NotFound)),
    };
    // A description named "Vergelijk" has this address as its canonical page.
    if pairs.is_empty() && canonical(&id, name_of(&d.current)).ends_with("/vergelijk") {
        return Ok(description_page(
            &state,
            lang,
            &headers,
            &d,
            canonical(&id, name_of(&d.current)),
            same_product(&state, lang, &d).await,
        ));
    }
    let (from, to) = versions_asked(t, &d, &pairs).map_err(bad)?;
    let path = format!(
        "/algoritme/{id}/vergelijk?van={}&naar={}",
        from.version, to.version
    );
    let name = name_of(&d.current).to_owned();
    let mut page = Page::new(
        lang,
        &state.public_url,
        path.clone(),
        format!("{}: {name}", t.t("cmp-title")),
    )
    .dutch_content()
    .noindex();
    page.canonical = path;
    let (groups, changed) = changes(t, lang, from, to);
    let fields = standard::standard(if from.standard_version == to.standard_version {
        to.standard_version
    } else {
        StandardVersion::V1_0
    })
    .fields
    .iter()
    .filter(|f| f.public && !f.is_system())
    .count();
    let unchanged = fields.saturating_sub(changed);
    let view = ComparePage {
        description_href: page.href(&canonical(&id, &name)),
        organisation: d.organisation.name.clone(),
        lead: t.f("cmp-lead", &[("from", &from.version), ("to", &to.version)]),
        before_label: t.f("cmp-before", &[("number", &from.version)]),
        after_label: t.f("cmp-after", &[("number", &to.version)]),
        changed_text: t.count("cmp-changed", changed as u64),
        unchanged_text: if changed > 0 && unchanged > 0 {
            t.count("cmp-unchanged", unchanged as u64)
        } else {
            String::new()
        },
        versions: version_lines(&page, &d),
        compare_action: page.href(&format!("/algoritme/{id}/vergelijk")),
        compare_from: from.version,
        compare_to: to.version,
        from: from.version,
        to: to.version,
        groups,
        name,
        id,
        page,
    };
    Ok(render(&headers, lang, StatusCode::OK, &view))
}

/// The two versions of `?van=…&naar=…`: `naar` defaults to the current version, `van` to the one
/// published before `naar`. Problems name the parameter, in the page's language.
fn versions_asked<'d>(
    t: &Tr,
    d: &'d PublicDescription,
    pairs: &[(String, String)],
) -> Result<(&'d PublicVersion, &'d PublicVersion), Vec<(String, String)>> {
    let mut problems = Vec::new();
    let mut pick = |name: &str| -> Option<&'d PublicVersion> {
        let raw = pairs.iter().rev().find(|(k, _)| k == name)?.1.trim();
        let shown: String = raw.chars().take(20).collect();
        let Some(n) = raw.parse::<i64>().ok().filter(|n| *n >= 1) else {
            problems.push((name.to_owned(), t.f("cmp-bad-number", &[("value", &shown)])));
            return None;
        };
        let found = d.history.iter().find(|v| v.version == n);
        if found.is_none() {
            let allowed: Vec<String> = d.history.iter().map(|v| v.version.to_string()).collect();
            problems.push((
                name.to_owned(),
                t.f(
                    "cmp-unknown-version",
                    &[("value", &n), ("allowed", &allowed.join(", "))],
                ),
            ));
        }
        found
    };
    let from = pick("van");
    let to = pick("naar");
    if !problems.is_empty() {
        return Err(problems);
    }
    let to = to.unwrap_or(&d.current);
    let from = from.unwrap_or_else(|| {
        d.history
            .iter()
            .rev()
            .find(|v| v.version < to.version)
            .unwrap_or(to)
    });
    Ok((from, to))
}

/// The changed fields, grouped as the standard groups them, and how many there are.
pub(crate) fn changes(
    t: &Tr,
    lang: Lang,
    from: &PublicVersion,
    to: &PublicVersion,
) -> (Vec<ChangeGroup>, usize) {
    let def = standard::standard(if from.standard_version == to.standard_version {
        to.standard_version
    } else {
        StandardVersion::V1_0
    });
    let diff = standard::diff(
        (from.standard_version, &from.document),
        (to.standard_version, &to.document),
    );
    let count = diff.len();
    let mut groups: Vec<ChangeGroup> = def
        .groups
        .iter()
        .map(|g| ChangeGroup {
            title: g.label.get(lang).to_owned(),
            changes: Vec::new(),
        })
        .collect();
    for c in diff {
        let f = def.field(&c.key);
        let at = f
            .and_then(|f| def.groups.iter().position(|g| g.key == f.group))
            .unwrap_or(groups.len().saturating_sub(1));
        let show = |v: Option<&Value>| match f {
            Some(f) => shown(t, f, v),
            None => match v {
                Some(Value::String(s)) if !s.trim().is_empty() => Shown::Text(s.clone()),
                Some(v) if !standard::normalise::is_blank(v) => Shown::Text(v.to_string()),
                _ => Shown::Empty,
            },
        };
        let words = match (f, c.change, &c.before, &c.after) {
            (Some(f), ChangeKind::Changed, Some(Value::String(a)), Some(Value::String(b)))
                if matches!(f.kind, FieldKind::RichText | FieldKind::LongText)
                    || (f.kind == FieldKind::Text && a.len().max(b.len()) > 100) =>
            {
                Some(
                    text_diff(a, b)
                        .into_iter()
                        .map(|(op, s)| match op {
                            DiffOp::Equal => Piece::Same(s),
                            DiffOp::Insert => Piece::Added(s),
                            DiffOp::Delete => Piece::Removed(s),
                        })
                        .collect(),
                )
            }
            _ => None,
        };
        let change = Change {
            label: f.map_or_else(|| c.key.clone(), |f| f.label.get(lang).to_owned()),
            kind: match c.change {
                ChangeKind::Added => "added",
                ChangeKind::Removed => "removed",
                ChangeKind::Changed => "changed",
            },
            before: show(c.before.as_ref()),
            after: show(c.after.as_ref()),
            words,
        };
        if let Some(g) = groups.get_mut(at) {
            g.changes.push(change);
        }
    }
    groups.retain(|g| !g.changes.is_empty());
    (groups, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_languages() {
        let t = i18n::tr(Lang::Nl);
        assert_eq!(month(t, "2024-03"), "maart 2024");
        assert_eq!(month(t, "2024-13"), "2024-13");
        assert_eq!(month(i18n::tr(Lang::En), "2023-11"), "November 2023");
        assert_eq!(language_name("nld"), "Nederlands");
    }

    #[test]
    fn values_by_kind() {
        let t = i18n::tr(Lang::Nl);
        let def = standard::standard(StandardVersion::V1_0);
        let def_of = |k: &str| def.field(k).unwrap();
        assert_eq!(
            shown(
                t,
                def_of("contact_email"),
                Some(&Value::from("info@example.nl"))
            ),
            Shown::Link {
                href: "mailto:info@example.nl".into(),
                text: "info@example.nl".into()
            }
        );
        assert_eq!(
            shown(
                t,
                def_of("website"),
                Some(&Value::from("javascript:alert(1)"))
            ),
            Shown::Text("javascript:alert(1)".into())
        );
        assert_eq!(
            shown(t, def_of("goal"), Some(&Value::from("<p></p>"))),
            Shown::Empty
        );
        let links = serde_json::json!([{"title": "DPIA", "link": "https://example.nl/dpia"}, {"title": "", "link": ""}]);
        assert_eq!(
            shown(t, def_of("impacttoetsen_grouping"), Some(&links)),
            Shown::Links(vec![LinkItem {
                title: "DPIA".into(),
                href: Some("https://example.nl/dpia".into())
            }])
        );
    }
}
