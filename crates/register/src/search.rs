//! Search: the register's published descriptions in a full-text index (`algoreg-search`), built from
//! the store and kept current by following the change log. Each node keeps its own index; the change
//! log in the shared database is what keeps them all current.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use algoreg_search::{SearchDoc, SearchIndex, SearchQuery, SearchResults, Suggestion};
use algoreg_standard::{Document, FieldKind, StandardVersion};
use algoreg_store::{PublicFilter, PublicVersionRow};
use futures_util::StreamExt;

use crate::{Register, RegisterError};

/// The index's meta key that holds the change-log position it has applied.
const APPLIED: &str = "change_seq";
/// A hole in the change-log sequence may be a transaction that has not committed yet; wait this long
/// for it before passing over it (a rolled-back transaction leaves a hole for ever).
const GAP_WAIT: Duration = Duration::from_secs(5);

/// The search index and what the follower needs to remember.
pub struct Search {
    index: Arc<SearchIndex>,
    /// The first hole seen in the change log, and since when.
    gap: Mutex<Option<(i64, Instant)>>,
    /// Serialises rebuilds and syncs.
    sync: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("documents", &self.index.len())
            .finish()
    }
}

impl Search {
    pub fn new(index: SearchIndex) -> Self {
        Self {
            index: Arc::new(index),
            gap: Mutex::new(None),
            sync: tokio::sync::Mutex::new(()),
        }
    }
}

fn search_error(e: algoreg_search::SearchError) -> RegisterError {
    match e {
        // The only query the index refuses is a page beyond its result window.
        algoreg_search::SearchError::InvalidQuery(reason) => {
            RegisterError::InvalidParams(vec![crate::public::InvalidParam {
                name: "page".into(),
                reason,
                allowed: vec![],
            }])
        }
        e => RegisterError::Internal(format!("search index: {e}")),
    }
}

/// The searchable form of a published version: texts as plain text, facets from the stored columns.
pub(crate) fn search_doc(row: &PublicVersionRow) -> Result<SearchDoc, RegisterError> {
    let v = &row.version;
    let doc: Document = serde_json::from_str(&v.document)
        .map_err(|e| RegisterError::Internal(format!("stored document unreadable: {e}")))?;
    let version =
        StandardVersion::parse(&v.columns.standard_version).unwrap_or(StandardVersion::CURRENT);
    let mut texts = Vec::new();
    for f in &algoreg_standard::standard(version).fields {
        let Some(value) = doc.get(&f.key) else {
            continue;
        };
        match f.kind {
            FieldKind::RichText | FieldKind::LongText => {
                if let Some(s) = value.as_str() {
                    texts.push(algoreg_standard::plain_text(s));
                }
            }
            FieldKind::LinkGroup => {
                for item in value.as_array().into_iter().flatten() {
                    if let Some(t) = item.get("title").and_then(|t| t.as_str()) {
                        texts.push(t.to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    let text = |k: &str| {
        doc.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Ok(SearchDoc {
        id: row.description.id.as_string(),
        org_code: row.description.org.to_string(),
        org_name: row.org_name.clone(),
        org_type: row.org_type.clone(),
        name: v.columns.name.clone(),
        summary: v.columns.summary.clone(),
        tags: text("tags"),
        provider: v.columns.provider.clone(),
        texts,
        themes: v.columns.themes.clone(),
        status: v.columns.status.clone(),
        publication_category: v.columns.publication_category.clone(),
        impact_codes: v.columns.impact_codes.clone(),
        standard_version: v.columns.standard_version.clone(),
        lang: v.columns.lang.clone(),
        published_at: v.published_at.unwrap_or(v.state_changed_at),
    })
}

impl Register {
    /// Attaches a search index. Without one, search answers that it is unavailable.
    pub fn with_search(mut self, index: SearchIndex) -> Self {
        self.search = Some(Arc::new(Search::new(index)));
        self
    }

    fn search_state(&self) -> Result<&Arc<Search>, RegisterError> {
        self.search.as_ref().ok_or_else(|| {
            RegisterError::Unavailable("search is not configured on this node".into())
        })
    }

    /// Rebuilds the index from every published description, streamed from the store. Returns how many
    /// descriptions it holds.
    pub async fn rebuild_search(&self) -> Result<usize, RegisterError> {
        let search = self.search_state()?.clone();
        let _guard = search.sync.lock().await;
        // Read the position first: changes after it are applied by the next sync (idempotently).
        let seq = self.store.generation().await?;
        let (tx, mut rx) = tokio::sync::mpsc::channel::<SearchDoc>(512);
        let index = search.index.clone();
        let builder = tokio::task::spawn_blocking(move || {
            index.rebuild(std::iter::from_fn(move || rx.blocking_recv()))
        });
        let mut rows = self.store.public_stream(&PublicFilter::default(), false);
        let mut failed = None;
        while let Some(row) = rows.next().await {
            match row
                .map_err(RegisterError::from)
                .and_then(|r| search_doc(&r))
            {
                Ok(doc) => {
                    if tx.send(doc).await.is_err() {
                        break;
                    }
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        drop(tx);
        let n = builder
            .await
            .map_err(|e| RegisterError::Internal(e.to_string()))?
            .map_err(search_error)?;
        if let Some(e) = failed {
            return Err(e);
        }
        search
            .index
            .set_meta(APPLIED, &seq.to_string())
            .map_err(search_error)?;
        *search.gap.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(n)
    }

    /// Applies the changes logged since the index's position: publications are added, retractions
    /// and archivings removed; a `reindex` request (or a change of organisations) rebuilds. Returns how
    /// many changes were applied. Called every fraction of a second by each serving node.
    pub async fn sync_search(&self) -> Result<usize, RegisterError> {
        let search = self.search_state()?.clone();
        let applied: i64 = match search.index.meta(APPLIED).and_then(|s| s.parse().ok()) {
            Some(seq) => seq,
            None => {
                self.rebuild_search().await?;
                return Ok(0);
            }
        };
        let changes = self.store.changes_since(applied, 1000).await?;
        if changes.is_empty() {
            return Ok(0);
        }
        // Apply up to the first hole, unless the hole has waited long enough to be a rollback.
        let mut upto = applied;
        let mut subjects = BTreeSet::new();
        let mut rebuild = false;
        for (seq, _, subject, kind) in &changes {
            if *seq != upto + 1 {
                let mut gap = search.gap.lock().unwrap_or_else(|e| e.into_inner());
                match *gap {
                    Some((at, since)) if at == upto + 1 && since.elapsed() >= GAP_WAIT => {}
                    Some((at, _)) if at == upto + 1 => break,
                    _ => {
                        *gap = Some((upto + 1, Instant::now()));
                        break;
                    }
                }
            }
            upto = *seq;
            if kind == "reindex" || subject == "organisations" {
                rebuild = true;
            } else if subject != "search" {
                subjects.insert(subject.clone());
            }
        }
        if upto == applied {
            return Ok(0);
        }
        if rebuild {
            self.rebuild_search().await?;
            return Ok((upto - applied) as usize);
        }
        let _guard = search.sync.lock().await;
        let ids: Vec<String> = subjects.into_iter().collect();
        let filter = PublicFilter {
            ids: ids.clone(),
            ..Default::default()
        };
        let mut rows = self.store.public_stream(&filter, false);
        let mut docs = Vec::new();
        while let Some(row) = rows.next().await {
            docs.push(search_doc(&row?)?);
        }
        let gone: Vec<String> = ids
            .into_iter()
            .filter(|id| !docs.iter().any(|d| &d.id == id))
            .collect();
        let index = search.index.clone();
        let count = docs.len() + gone.len();
        tokio::task::spawn_blocking(move || -> Result<(), algoreg_search::SearchError> {
            if !docs.is_empty() {
                index.upsert(&docs)?;
            }
            if !gone.is_empty() {
                index.remove(&gone)?;
            }
            index.set_meta(APPLIED, &upto.to_string())
        })
        .await
        .map_err(|e| RegisterError::Internal(e.to_string()))?
        .map_err(search_error)?;
        *search.gap.lock().unwrap_or_else(|e| e.into_inner()) = None;
        tracing::debug!(changes = count, upto, "search index follows the change log");
        Ok(count)
    }

    /// Asks every node (through the change log) to rebuild its search index.
    pub async fn request_reindex(&self) -> Result<i64, RegisterError> {
        Ok(self.store.log_change("search", "reindex").await?)
    }

    /// Searches the published descriptions.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, RegisterError> {
        self.search_state()?.index.search(q).map_err(search_error)
    }

    /// Suggestions while typing: descriptions, organisations and abbreviations.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>, RegisterError> {
        Ok(self.search_state()?.index.suggest(prefix, limit))
    }

    /// Descriptions like this one.
    pub fn similar(
        &self,
        id: &algoreg_domain::AlgorithmId,
        limit: usize,
    ) -> Result<Vec<algoreg_search::Hit>, RegisterError> {
        Ok(self.search_state()?.index.similar(&id.as_string(), limit))
    }

    /// How many descriptions the index holds.
    pub fn search_len(&self) -> Option<usize> {
        self.search.as_ref().map(|s| s.index.len())
    }
}
