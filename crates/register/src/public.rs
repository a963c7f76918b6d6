//! The public register: filters that every public front door shares (API, website, downloads), the
//! published list, versions and comparisons, organisations with counts, and download streams.

use std::collections::HashMap;

use algoreg_domain::{AlgorithmId, OrgCode, OrgType, Organisation, VersionState};
use algoreg_exchange::{Content, FieldCells, PublicRecord};
use algoreg_standard::{
    Document, FieldChange, IMPACT_ASSESSMENTS, IMPACT_NONE, IMPACT_OTHER, StandardVersion,
};
use algoreg_store::{
    ExportContent, OrganisationCount, PublicFilter, PublicSort, PublicSummaryRow, VersionRow,
};
use futures_util::{Stream, StreamExt};
use serde::Serialize;

use crate::{Register, RegisterError};

/// A query parameter that could not be used: its name, what is wrong, and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidParam {
    pub name: String,
    pub reason: String,
    /// The values this parameter takes, when it takes a fixed list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
}

/// Lower case, accents folded, anything else than letters and digits as single hyphens:
/// `Zorg en gezondheid` → `zorg-en-gezondheid`, `Overheidsfinanciën` → `overheidsfinancien`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        // Most characters are ASCII: lower-case those without the Unicode tables.
        if c.is_ascii() {
            slug_char(&mut out, c.to_ascii_lowercase());
        } else {
            for l in c.to_lowercase() {
                slug_char(&mut out, l);
            }
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn slug_char(out: &mut String, c: char) {
    let c = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        c => c,
    };
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else if !out.is_empty() && !out.ends_with('-') {
        out.push('-');
    }
}

/// One filter of the public register: its parameter and, for closed lists, its values as
/// `(slug, stored value)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilterDef {
    pub param: &'static str,
    /// `None` for open values (organisation codes, providers).
    pub values: Option<Vec<(String, String)>>,
}

fn enum_values(key: &str) -> Vec<(String, String)> {
    algoreg_standard::standard(StandardVersion::V1_0)
        .field(key)
        .map(|f| f.allowed.iter().map(|v| (slug(v), v.clone())).collect())
        .unwrap_or_default()
}

/// Every public filter, in the order the site shows them.
pub fn public_filters() -> Vec<FilterDef> {
    FILTERS.clone()
}

/// The filters, built once (every query is read against them).
static FILTERS: std::sync::LazyLock<Vec<FilterDef>> = std::sync::LazyLock::new(build_filters);

fn build_filters() -> Vec<FilterDef> {
    let mut impact: Vec<(String, String)> = IMPACT_ASSESSMENTS
        .iter()
        .map(|(code, _)| ((*code).to_owned(), (*code).to_owned()))
        .collect();
    impact.push((IMPACT_OTHER.to_owned(), IMPACT_OTHER.to_owned()));
    impact.push((IMPACT_NONE.to_owned(), IMPACT_NONE.to_owned()));
    vec![
        FilterDef {
            param: "organisation",
            values: None,
        },
        FilterDef {
            param: "organisation_type",
            values: Some(
                OrgType::ALL
                    .iter()
                    .map(|t| (t.as_str().to_owned(), t.as_str().to_owned()))
                    .collect(),
            ),
        },
        FilterDef {
            param: "theme",
            values: Some(enum_values("category")),
        },
        FilterDef {
            param: "status",
            values: Some(enum_values("status")),
        },
        FilterDef {
            param: "publication_category",
            values: Some(enum_values("publication_category")),
        },
        FilterDef {
            param: "impact_assessment",
            values: Some(impact),
        },
        FilterDef {
            param: "provider",
            values: None,
        },
        FilterDef {
            param: "standard_version",
            values: Some(
                StandardVersion::ALL
                    .iter()
                    .map(|v| (v.as_str().to_owned(), v.as_str().to_owned()))
                    .collect(),
            ),
        },
        FilterDef {
            param: "lang",
            values: Some(vec![("nld".into(), "nld".into())]),
        },
    ]
}

/// The parameters of a public query, read from `(name, value)` pairs (repeated names and
/// comma-separated values both give several values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicQuery {
    pub filter: PublicFilter,
    pub sort: PublicSort,
    pub page: i64,
    pub page_size: i64,
}

pub const SORTS: &[(&str, PublicSort)] = &[
    ("-published", PublicSort::Newest),
    ("published", PublicSort::Oldest),
    ("name", PublicSort::Name),
    ("-name", PublicSort::NameDesc),
];

pub const DEFAULT_PAGE_SIZE: i64 = 20;
pub const MAX_PAGE_SIZE: i64 = 100;

impl PublicQuery {
    /// Reads the query; every problem is reported at once. `extra` names parameters the caller
    /// handles itself (e.g. `format`), so they are not reported as unknown.
    pub fn parse(params: &[(String, String)], extra: &[&str]) -> Result<Self, Vec<InvalidParam>> {
        let mut q = PublicQuery {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            ..Default::default()
        };
        let mut problems = Vec::new();
        let defs: &[FilterDef] = &FILTERS;
        let mut values: HashMap<&str, Vec<String>> = HashMap::new();
        for (name, value) in params {
            let known = defs.iter().any(|d| d.param == name)
                || ["sort", "page", "page_size"].contains(&name.as_str())
                || extra.contains(&name.as_str());
            if !known {
                let mut allowed: Vec<String> = defs.iter().map(|d| d.param.to_owned()).collect();
                allowed.extend(["sort", "page", "page_size"].map(String::from));
                allowed.extend(extra.iter().map(|e| (*e).to_owned()));
                problems.push(InvalidParam {
                    name: name.clone(),
                    reason: "unknown parameter".into(),
                    allowed,
                });
                continue;
            }
            let entry = values
                .entry(
                    defs.iter()
                        .find(|d| d.param == name)
                        .map_or("", |d| d.param),
                )
                .or_default();
            match name.as_str() {
                "sort" => match SORTS.iter().find(|(s, _)| s == value) {
                    Some((_, sort)) => q.sort = *sort,
                    None => problems.push(InvalidParam {
                        name: "sort".into(),
                        reason: format!("unknown sort order {value:?}"),
                        allowed: SORTS.iter().map(|(s, _)| (*s).to_owned()).collect(),
                    }),
                },
                "page" => match value.parse::<i64>() {
                    Ok(p) if (1..=100_000).contains(&p) => q.page = p,
                    _ => problems.push(InvalidParam {
                        name: "page".into(),
                        reason: format!("{value:?} is not a page number from 1 to 100000"),
                        allowed: vec![],
                    }),
                },
                "page_size" => match value.parse::<i64>() {
                    Ok(p) if (1..=MAX_PAGE_SIZE).contains(&p) => q.page_size = p,
                    _ => problems.push(InvalidParam {
                        name: "page_size".into(),
                        reason: format!("{value:?} is not a page size from 1 to {MAX_PAGE_SIZE}"),
                        allowed: vec![],
                    }),
                },
                _ if entry.is_empty() && !defs.iter().any(|d| d.param == name) => {}
                _ => entry.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(str::to_owned),
                ),
            }
        }
        for def in defs {
            let Some(given) = values.get(def.param) else {
                continue;
            };
            let mut stored = Vec::new();
            for v in given {
                match &def.values {
                    Some(list) => {
                        let wanted = slug(v);
                        let found = list
                            .iter()
                            .find(|(s, st)| *s == wanted || st.eq_ignore_ascii_case(v));
                        match found {
                            Some((_, st)) => stored.push(st.clone()),
                            None => problems.push(InvalidParam {
                                name: def.param.into(),
                                reason: format!("unknown value {v:?}"),
                                allowed: list.iter().map(|(s, _)| s.clone()).collect(),
                            }),
                        }
                    }
                    None if def.param == "organisation" => match OrgCode::parse(v) {
                        Ok(code) => stored.push(code.to_string()),
                        Err(_) => problems.push(InvalidParam {
                            name: def.param.into(),
                            reason: format!("{v:?} is not an organisation code such as gm0363"),
                            allowed: vec![],
                        }),
                    },
                    None => stored.push(v.clone()),
                }
            }
            stored.sort();
            stored.dedup();
            let f = &mut q.filter;
            match def.param {
                "organisation" => f.orgs = stored,
                "organisation_type" => f.org_types = stored,
                "theme" => f.themes = stored,
                "status" => f.statuses = stored,
                "publication_category" => f.categories = stored,
                "impact_assessment" => f.impact_codes = stored,
                "provider" => f.providers = stored,
                "standard_version" => f.standard_versions = stored,
                "lang" => f.langs = stored,
                _ => {}
            }
        }
        if problems.is_empty() {
            Ok(q)
        } else {
            Err(problems)
        }
    }
}

/// A published version as the public sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicVersion {
    pub version: i64,
    pub state: VersionState,
    pub standard_version: StandardVersion,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub superseded_at: Option<chrono::DateTime<chrono::Utc>>,
    pub state_reason: Option<String>,
    pub document: Document,
}

/// The public view of one description: its current public version, and its published history.
#[derive(Debug, Clone, Serialize)]
pub struct PublicDescription {
    pub id: AlgorithmId,
    pub organisation: Organisation,
    pub first_published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub current: PublicVersion,
    pub history: Vec<PublicVersion>,
}

/// A description that was public once and is no longer: what the public may still know of it (the
/// name and organisation it was published under, and when and how it left the register).
#[derive(Debug, Clone, Serialize)]
pub struct WithdrawnDescription {
    pub id: AlgorithmId,
    pub organisation: Organisation,
    /// The name of its last published version.
    pub name: String,
    /// [`VersionState::Retracted`] or [`VersionState::Archived`].
    pub state: VersionState,
    pub at: chrono::DateTime<chrono::Utc>,
    /// Why, as the organisation wrote it when it retracted or archived the description.
    pub reason: Option<String>,
}

/// A stored document as the public may see it.
fn public_document(text: &str) -> Result<Document, RegisterError> {
    let mut document: Document = serde_json::from_str(text)
        .map_err(|e| RegisterError::Internal(format!("stored document unreadable: {e}")))?;
    // Search words are never shown publicly.
    document.remove("tags");
    Ok(document)
}

pub(crate) fn public_version(v: &VersionRow) -> Result<PublicVersion, RegisterError> {
    let document = public_document(&v.document)?;
    Ok(PublicVersion {
        version: v.n,
        state: v.state,
        standard_version: StandardVersion::parse(&v.columns.standard_version)
            .unwrap_or(StandardVersion::CURRENT),
        published_at: v.published_at,
        superseded_at: v.superseded_at,
        state_reason: v.state_reason.clone(),
        document,
    })
}

/// The current public version of a description, without its history (what a reader of one
/// description needs first).
#[derive(Debug, Clone, Serialize)]
pub struct PublicCurrent {
    pub id: AlgorithmId,
    pub organisation: Organisation,
    pub first_published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub current: PublicVersion,
}

/// The public's page of results.
#[derive(Debug, Clone, Serialize)]
pub struct PublicPage {
    pub items: Vec<PublicSummaryRow>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

impl Register {
    /// Published descriptions matching the query. An unknown organisation code is reported as a bad
    /// parameter, not as an empty list.
    pub async fn public_list(&self, q: &PublicQuery) -> Result<PublicPage, RegisterError> {
        self.check_organisations(&q.filter.orgs).await?;
        let (items, total) = self
            .store
            .public_list(&q.filter, q.sort, q.page_size, (q.page - 1) * q.page_size)
            .await?;
        Ok(PublicPage {
            items,
            total,
            page: q.page,
            page_size: q.page_size,
        })
    }

    /// Prepares the public lists (the store's read model) now rather than at the first list: for a
    /// serving node to call in the background when it starts.
    pub async fn warm_public_lists(&self) -> Result<(), RegisterError> {
        Ok(self.store.warm_public_lists().await?)
    }

    /// Renders the download cells that are missing for current public versions (published before
    /// the store kept them, or kept in an older format), `batch` at a time, until none are missing.
    /// Downloads work without them (they convert the document instead); with them a download only
    /// copies text. A serving node runs this in the background when it starts. Returns how many
    /// were written.
    pub async fn fill_export_cells(&self, batch: usize) -> Result<u64, RegisterError> {
        let limit = i64::try_from(batch.max(1)).unwrap_or(i64::MAX);
        let mut after = None;
        let mut written = 0;
        loop {
            let missing = self
                .store
                .versions_missing_cells(FieldCells::FORMAT, after.as_ref(), limit)
                .await?;
            let Some(last) = missing.last() else {
                return Ok(written);
            };
            after = Some(last.id);
            // Rendering is CPU work (HTML to text for every rich field): off the async threads.
            let cells = tokio::task::spawn_blocking(move || {
                missing
                    .into_iter()
                    .map(|m| {
                        let version = StandardVersion::parse(&m.standard_version)
                            .unwrap_or(StandardVersion::CURRENT);
                        let doc = public_document(&m.document)?;
                        Ok((m.id, m.n, crate::descriptions::export_cells(version, &doc)))
                    })
                    .collect::<Result<Vec<_>, RegisterError>>()
            })
            .await
            .map_err(|e| RegisterError::Internal(format!("rendering download cells: {e}")))??;
            written += self.store.put_export_cells(&cells).await?;
        }
    }

    async fn check_organisations(&self, codes: &[String]) -> Result<(), RegisterError> {
        for code in codes {
            if self.organisation(code).await.is_err() {
                return Err(RegisterError::InvalidParams(vec![InvalidParam {
                    name: "organisation".into(),
                    reason: format!("there is no organisation with code {code:?}"),
                    allowed: vec![],
                }]));
            }
        }
        Ok(())
    }

    /// The current public version of a description and its published history. Not published:
    /// `NotFound`.
    pub async fn public_description(
        &self,
        id: AlgorithmId,
    ) -> Result<PublicDescription, RegisterError> {
        let view = self.get(None, id).await?;
        let current = view.published().ok_or(RegisterError::NotFound)?;
        let current = public_version(current)?;
        let history = view
            .versions
            .iter()
            .map(public_version)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PublicDescription {
            id,
            organisation: view.organisation,
            first_published_at: view.description.first_published_at,
            current,
            history,
        })
    }

    /// A description that was published and has been retracted or archived since. Public now, or
    /// never published: `NotFound` (a description that never was public stays unknown).
    pub async fn public_withdrawn(
        &self,
        id: AlgorithmId,
    ) -> Result<WithdrawnDescription, RegisterError> {
        let d = self.store.description(id).await?;
        if d.published_n.is_some() {
            return Err(RegisterError::NotFound);
        }
        let versions = self.store.versions(id).await?;
        let last = versions
            .iter()
            .rev()
            .find(|v| v.published_at.is_some())
            .ok_or(RegisterError::NotFound)?;
        let (state, at, reason) = match (d.archived_at, last.state) {
            (Some(at), _) => {
                // The reason of archiving is on the newest version.
                let head = versions.last().and_then(|v| v.state_reason.clone());
                (VersionState::Archived, at, head)
            }
            (None, VersionState::Retracted) => (
                VersionState::Retracted,
                last.state_changed_at,
                last.state_reason.clone(),
            ),
            _ => return Err(RegisterError::NotFound),
        };
        Ok(WithdrawnDescription {
            id,
            organisation: self.store.organisation(&d.org).await?,
            name: last.columns.name.clone(),
            state,
            at,
            reason,
        })
    }

    /// The current public version of a description, read in one query. Not published: `NotFound`.
    pub async fn public_current(&self, id: AlgorithmId) -> Result<PublicCurrent, RegisterError> {
        let row = self.store.public_current(id).await?;
        let document = public_document(&row.document)?;
        Ok(PublicCurrent {
            id,
            organisation: row.organisation,
            first_published_at: row.first_published_at,
            current: PublicVersion {
                version: row.n,
                state: row.state,
                standard_version: StandardVersion::parse(&row.standard_version)
                    .unwrap_or(StandardVersion::CURRENT),
                published_at: row.published_at,
                superseded_at: row.superseded_at,
                state_reason: row.state_reason,
                document,
            },
        })
    }

    /// Field-by-field changes between two published versions (`to` defaults to the current one,
    /// `from` to the one before `to`).
    pub async fn public_diff(
        &self,
        id: AlgorithmId,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<(i64, i64, Vec<FieldChange>), RegisterError> {
        let d = self.public_description(id).await?;
        let find = |n: i64, name: &str| {
            d.history.iter().find(|v| v.version == n).ok_or_else(|| {
                RegisterError::InvalidParams(vec![InvalidParam {
                    name: name.into(),
                    reason: format!("version {n} was never published"),
                    allowed: d.history.iter().map(|v| v.version.to_string()).collect(),
                }])
            })
        };
        let to = find(to.unwrap_or(d.current.version), "to")?;
        let from = match from {
            Some(n) => find(n, "from")?,
            None => d
                .history
                .iter()
                .rev()
                .find(|v| v.version < to.version)
                .unwrap_or(to),
        };
        let changes = algoreg_standard::diff(
            (from.standard_version, &from.document),
            (to.standard_version, &to.document),
        );
        Ok((from.version, to.version, changes))
    }

    /// Organisations with the number of their published descriptions.
    pub async fn organisation_counts(&self) -> Result<Vec<OrganisationCount>, RegisterError> {
        Ok(self.store.organisation_counts().await?)
    }

    /// The newest change number; anything cached for an older number is stale.
    pub async fn generation(&self) -> Result<i64, RegisterError> {
        Ok(self.store.generation().await?)
    }

    /// Streams public records for downloads, straight from the database. `url` makes the canonical
    /// URL of a description from its ID and name.
    pub async fn public_records(
        &self,
        q: &PublicQuery,
        history: bool,
        url: impl Fn(&AlgorithmId, &str) -> String + Send + 'static,
    ) -> Result<
        impl Stream<Item = Result<PublicRecord, RegisterError>> + Send + 'static,
        RegisterError,
    > {
        self.check_organisations(&q.filter.orgs).await?;
        let rows = self.store.public_stream(&q.filter, history);
        Ok(rows.map(move |row| {
            let row = row?;
            let v = public_version(&row.version)?;
            let d = &row.description;
            Ok(PublicRecord {
                id: d.id.as_string(),
                org_code: d.org.to_string(),
                org_name: row.org_name,
                url: url(&d.id, &row.version.columns.name),
                first_published_at: d.first_published_at,
                published_at: v.published_at,
                superseded_at: v.superseded_at,
                version: v.version,
                state: v.state.as_str().to_owned(),
                state_reason: v.state_reason,
                standard_version: v.standard_version,
                content: Content::Document(v.document),
            })
        }))
    }

    /// Streams public records for the tabular downloads (CSV, XLSX): the same rows as
    /// [`Register::public_records`], carrying the download cells rendered at publication instead of
    /// the document (which is read and converted only for versions without current cells).
    pub async fn public_table_records(
        &self,
        q: &PublicQuery,
        history: bool,
        url: impl Fn(&AlgorithmId, &str) -> String + Send + 'static,
    ) -> Result<
        impl Stream<Item = Result<PublicRecord, RegisterError>> + Send + 'static,
        RegisterError,
    > {
        self.check_organisations(&q.filter.orgs).await?;
        let rows = self
            .store
            .public_export_stream(&q.filter, history, FieldCells::FORMAT);
        Ok(rows.map(move |row| {
            let row = row?;
            let standard_version =
                StandardVersion::parse(&row.standard_version).unwrap_or(StandardVersion::CURRENT);
            let content = match row.content {
                ExportContent::Cells(cells) => Content::Cells(FieldCells::from_stored(cells)),
                ExportContent::Document(text) => Content::Document(public_document(&text)?),
            };
            Ok(PublicRecord {
                id: row.id.as_string(),
                url: url(&row.id, &row.name),
                org_code: row.org_code,
                org_name: row.org_name,
                first_published_at: row.first_published_at,
                published_at: row.published_at,
                superseded_at: row.superseded_at,
                version: row.n,
                state: row.state.as_str().to_owned(),
                state_reason: row.state_reason,
                standard_version,
                content,
            })
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Zorg en gezondheid"), "zorg-en-gezondheid");
        assert_eq!(slug("Overheidsfinanciën"), "overheidsfinancien");
        assert_eq!(slug("Hoog-risico AI-systeem"), "hoog-risico-ai-systeem");
    }

    #[test]
    fn queries_read_slugs_labels_and_lists() {
        let q = PublicQuery::parse(
            &params(&[
                ("theme", "verkeer,Zorg en gezondheid"),
                ("status", "in-gebruik"),
                ("page_size", "50"),
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(q.filter.themes, ["Verkeer", "Zorg en gezondheid"]);
        assert_eq!(q.filter.statuses, ["In gebruik"]);
        assert_eq!(q.page_size, 50);
    }

    #[test]
    fn every_problem_is_named_with_what_is_allowed() {
        let err = PublicQuery::parse(
            &params(&[
                ("theme", "sport"),
                ("page_size", "500"),
                ("colour", "red"),
                ("organisation", "??"),
                ("sort", "best"),
            ]),
            &[],
        )
        .unwrap_err();
        let names: Vec<&str> = err.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["page_size", "colour", "sort", "organisation", "theme"]
        );
        assert!(err[4].allowed.contains(&"verkeer".to_owned()));
        assert!(err[1].allowed.contains(&"theme".to_owned()));
    }
}
