//! The services that machine front doors need beyond single saves: checking a document without saving
//! it, upserting many descriptions of one organisation by the organisation's own IDs (`source_id`) in
//! one transaction, and remembering answers to requests sent with an idempotency key.

use std::collections::{HashMap, HashSet};

use algoreg_domain::{Action, Actor, AlgorithmId, Denied, Organisation, Situation, authorize};
use algoreg_standard::{Document, Problem, ProblemKind, StandardVersion};
use algoreg_store::{
    BulkWrite, Claim, NewDescription, StoreError, StoredAnswer, VersionColumns, now,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::descriptions::{check_reason, event, new_version, prepare, source_id};
use crate::public::InvalidParam;
use crate::{Register, RegisterError};

/// The most descriptions one bulk upsert takes. One call is one transaction, and on SQLite a
/// transaction holds the only write lock: 1,000 descriptions keep it about a second, so other writers
/// wait at most that long.
pub const MAX_BULK_ITEMS: usize = 1000;

/// How long an idempotency key is remembered.
pub const IDEMPOTENCY_TTL: chrono::Duration = chrono::Duration::hours(24);

/// After this long, a claimed key whose answer never came (the process stopped) may be used again.
const IDEMPOTENCY_STALE: chrono::Duration = chrono::Duration::minutes(5);

/// The longest idempotency key, in bytes.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// A document as the register would store it, and everything that is wrong with it.
#[derive(Debug, Clone, Serialize)]
pub struct Validation {
    /// The version of the standard the document follows (the current one when it names none or an
    /// unknown one).
    pub standard_version: StandardVersion,
    /// True when there are no problems: the document may be submitted and published.
    pub valid: bool,
    /// Every problem, with its field path, in the standard's field order.
    pub problems: Vec<Problem>,
    /// The document normalised: what would be stored (sanitised rich text, unknown keys dropped).
    pub document: Document,
}

/// One description of a bulk upsert: the organisation's own ID for it, and its document.
#[derive(Debug, Clone)]
pub struct BulkItem {
    pub source_id: String,
    pub document: Document,
}

/// What became of one item of a bulk upsert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BulkResult {
    /// A new description (or, when the batch was refused: would have been).
    Created,
    /// A new draft version of an existing description.
    Updated,
    /// The document equals the newest version's: nothing written.
    Unchanged,
    /// The document has problems, or the description cannot be changed: nothing of the whole batch
    /// was written.
    Invalid,
}

#[derive(Debug, Clone, Serialize)]
pub struct BulkItemReport {
    /// The item's place in the request, from 0.
    pub index: usize,
    pub source_id: String,
    pub result: BulkResult,
    /// The description's Algoritme-ID (absent for items that would have been created).
    pub id: Option<AlgorithmId>,
    /// The newest version after the upsert (absent when the batch was refused).
    pub version: Option<i64>,
    /// For `invalid`: every problem of the document, with its field path.
    pub problems: Vec<Problem>,
    /// For `invalid`: why the description cannot be changed, when that is the reason.
    pub denied: Option<Denied>,
}

/// The answer of a bulk upsert.
#[derive(Debug, Clone, Serialize)]
#[must_use = "a refused batch (`committed == false`) wrote nothing"]
pub struct BulkReport {
    /// True when the batch was written; false when an item was invalid and nothing was written.
    pub committed: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub invalid: usize,
    pub items: Vec<BulkItemReport>,
}

/// One checked item: its normalised document and columns, or its problems.
struct Prepared {
    doc_text: String,
    doc: Document,
    columns: VersionColumns,
}

/// Normalises and validates one bulk item: the item's `source_id` goes into the document (a
/// different `source_id` in the document is a problem).
fn prepare_item(item: &BulkItem) -> Result<Prepared, Vec<Problem>> {
    let source = item.source_id.trim();
    let mut problems = Vec::new();
    if source.is_empty() {
        problems.push(Problem::new("source_id", ProblemKind::Required));
    }
    let mut input = item.document.clone();
    match input.get("source_id") {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(s)) if s.trim() == source || s.trim().is_empty() => {}
        Some(_) => problems.push(Problem::new(
            "document.source_id",
            ProblemKind::NotAllowed {
                allowed: vec![source.to_owned()],
            },
        )),
    }
    input.insert("source_id".into(), source.into());
    match prepare(&input) {
        Ok((doc, doc_problems, columns)) => {
            problems.extend(doc_problems);
            if problems.is_empty() {
                Ok(Prepared {
                    doc_text: serde_json::Value::Object(doc.clone()).to_string(),
                    doc,
                    columns,
                })
            } else {
                Err(problems)
            }
        }
        Err(RegisterError::Invalid(p)) => {
            problems.extend(p);
            Err(problems)
        }
        Err(_) => {
            problems.push(Problem::new(
                "standard_version",
                ProblemKind::UnknownVersion,
            ));
            Err(problems)
        }
    }
}

/// Prepares every item, on as many threads as there are cores (normalising HTML is the costly part).
fn prepare_all(items: &[BulkItem]) -> Vec<Result<Prepared, Vec<Problem>>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| scope.spawn(move || c.iter().map(prepare_item).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// The fingerprint of a request: what must be equal for a repeat to get the stored answer.
fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(body);
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// An idempotency key: 1 to 255 visible ASCII characters.
fn check_key(key: &str) -> Result<(), RegisterError> {
    if key.is_empty()
        || key.len() > MAX_IDEMPOTENCY_KEY_LEN
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(RegisterError::InvalidParams(vec![InvalidParam {
            name: "Idempotency-Key".into(),
            reason: format!(
                "an idempotency key is 1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters, such as a UUID"
            ),
            allowed: vec![],
        }]));
    }
    Ok(())
}

impl Register {
    /// Any state change by name, for front doors that take the action from their input: `version`
    /// (when given) must be the newest version; `reason` is required for `reject` and `retract`,
    /// optional for `archive`, and refused for `submit` and `publish`.
    pub async fn act_on(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        version: Option<i64>,
        action: Action,
        reason: Option<&str>,
    ) -> Result<(), RegisterError> {
        // Another organisation's ID is "not found" before anything is said about the input.
        let d = self.store.description(id).await?;
        Self::visible(actor, &d)?;
        let given = reason.map(str::trim).filter(|r| !r.is_empty());
        let reason = match action {
            Action::SaveDraft => {
                return Err(RegisterError::InvalidParams(vec![InvalidParam {
                    name: "action".into(),
                    reason: "saving a draft takes a document: use save_draft".into(),
                    allowed: vec![],
                }]));
            }
            Action::Submit | Action::Publish => {
                if given.is_some() {
                    return Err(RegisterError::InvalidParams(vec![InvalidParam {
                        name: "reason".into(),
                        reason: format!("{} takes no reason", action.as_str()),
                        allowed: vec![],
                    }]));
                }
                None
            }
            Action::Reject | Action::Retract => check_reason(given.unwrap_or(""), true)?,
            Action::Archive => check_reason(given.unwrap_or(""), false)?,
        };
        self.act(actor, id, version, action, reason).await
    }

    /// Checks a document against its version of the standard without saving anything.
    pub fn validate_document(input: &Document) -> Validation {
        match prepare(input) {
            Ok((document, problems, columns)) => Validation {
                standard_version: StandardVersion::parse(&columns.standard_version)
                    .unwrap_or(StandardVersion::CURRENT),
                valid: problems.is_empty(),
                problems,
                document,
            },
            Err(e) => Validation {
                standard_version: StandardVersion::CURRENT,
                valid: false,
                problems: match e {
                    RegisterError::Invalid(p) => p,
                    _ => vec![Problem::new(
                        "standard_version",
                        ProblemKind::UnknownVersion,
                    )],
                },
                document: input.clone(),
            },
        }
    }

    /// Creates or updates descriptions of `org` by their `source_id`, all in one transaction. An item
    /// whose document equals the newest version's writes nothing. Every document must be valid (a
    /// machine that pushes descriptions sends them complete); when any item is invalid, nothing is
    /// written and the report says `committed: false` with every item's problems. At most
    /// [`MAX_BULK_ITEMS`] items.
    pub async fn bulk_upsert(
        &self,
        actor: &Actor,
        org: &str,
        items: Vec<BulkItem>,
    ) -> Result<BulkReport, RegisterError> {
        if items.is_empty() || items.len() > MAX_BULK_ITEMS {
            return Err(RegisterError::InvalidParams(vec![InvalidParam {
                name: "items".into(),
                reason: format!(
                    "send 1 to {MAX_BULK_ITEMS} items in one call; this call has {}",
                    items.len()
                ),
                allowed: vec![],
            }]));
        }
        let org = self.organisation(org).await?;
        // May this actor write in this organisation at all?
        authorize(
            actor,
            Action::SaveDraft,
            &Situation {
                org: &org.code,
                flow: org.flow,
                head: None,
                head_author: None,
                has_published: false,
            },
        )?;
        let prepared = tokio::task::spawn_blocking(move || {
            let prepared = prepare_all(&items);
            (items, prepared)
        })
        .await
        .map_err(|e| RegisterError::Internal(format!("preparing a bulk upsert: {e}")))?;
        let (items, prepared) = prepared;
        // Another writer may change the same descriptions between reading and writing: the store
        // then refuses the whole batch, and it is planned again from what is current.
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.bulk_attempt(actor, &org, &items, &prepared).await {
                Err(RegisterError::Conflict { .. } | RegisterError::Duplicate(_))
                    if attempt < 3 =>
                {
                    continue;
                }
                other => return other,
            }
        }
    }

    async fn bulk_attempt(
        &self,
        actor: &Actor,
        org: &Organisation,
        items: &[BulkItem],
        prepared: &[Result<Prepared, Vec<Problem>>],
    ) -> Result<BulkReport, RegisterError> {
        let mut reports: Vec<BulkItemReport> = items
            .iter()
            .enumerate()
            .map(|(index, item)| BulkItemReport {
                index,
                source_id: item.source_id.trim().to_owned(),
                result: BulkResult::Invalid,
                id: None,
                version: None,
                problems: Vec::new(),
                denied: None,
            })
            .collect();
        for (r, p) in reports.iter_mut().zip(prepared) {
            if let Err(problems) = p {
                r.problems = problems.clone();
            }
        }
        // Each source ID once per batch.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for i in 0..reports.len() {
            let source = reports[i].source_id.clone();
            if source.is_empty() {
                continue;
            }
            if first.contains_key(source.as_str()) {
                reports[i]
                    .problems
                    .push(Problem::new("source_id", ProblemKind::Duplicate));
            } else {
                first.insert(items[i].source_id.trim(), i);
            }
        }
        let wanted: Vec<String> = first.keys().map(|s| (*s).to_owned()).collect();
        let existing = self.store.by_source_ids(&org.code, &wanted).await?;
        let mut by_source: HashMap<&str, Vec<&algoreg_store::ListRow>> = HashMap::new();
        for row in &existing {
            if let Some(s) = row.description.source_id.as_deref() {
                by_source.entry(s).or_default().push(row);
            }
        }

        let at = now();
        let mut writes = Vec::new();
        // For each write, the index of its item.
        let mut write_items = Vec::new();
        let mut creates = Vec::new();
        for (i, p) in prepared.iter().enumerate() {
            let Ok(p) = p else { continue };
            if !reports[i].problems.is_empty() {
                continue;
            }
            let source = reports[i].source_id.clone();
            match by_source.get(source.as_str()).map(Vec::as_slice) {
                None | Some([]) => {
                    reports[i].result = BulkResult::Created;
                    creates.push(i);
                }
                Some([row]) => {
                    let d = &row.description;
                    reports[i].id = Some(d.id);
                    if row.head.document == p.doc_text {
                        reports[i].result = BulkResult::Unchanged;
                        reports[i].version = Some(d.head_n);
                        continue;
                    }
                    let decision = authorize(
                        actor,
                        Action::SaveDraft,
                        &Situation {
                            org: &org.code,
                            flow: org.flow,
                            head: Some(row.head.state),
                            head_author: row.head.created_by,
                            has_published: d.published_n.is_some(),
                        },
                    );
                    match decision {
                        Ok(decision) => {
                            reports[i].result = BulkResult::Updated;
                            write_items.push(i);
                            writes.push(BulkWrite::Save {
                                id: d.id,
                                base: d.head_n,
                                version: new_version(&p.doc, p.columns.clone(), actor, at),
                                previous_head_to: decision.previous_head_to,
                                event: event(actor, "save-draft", None),
                                source_id: source_id(&p.doc).map(str::to_owned),
                            });
                        }
                        Err(denied) => reports[i].denied = Some(denied),
                    }
                }
                Some(_) => {
                    // Descriptions made before source IDs were kept unique in an organisation.
                    reports[i]
                        .problems
                        .push(Problem::new("source_id", ProblemKind::Duplicate));
                }
            }
        }

        let invalid = reports
            .iter()
            .filter(|r| !r.problems.is_empty() || r.denied.is_some())
            .count();
        for r in &mut reports {
            if !r.problems.is_empty() || r.denied.is_some() {
                r.result = BulkResult::Invalid;
            }
        }
        let count = |reports: &[BulkItemReport], result| {
            reports.iter().filter(|r| r.result == result).count()
        };
        if invalid > 0 {
            for r in &mut reports {
                if r.result != BulkResult::Unchanged {
                    r.version = None;
                }
                if r.result == BulkResult::Created {
                    r.id = None;
                }
            }
            return Ok(BulkReport {
                committed: false,
                created: count(&reports, BulkResult::Created),
                updated: count(&reports, BulkResult::Updated),
                unchanged: count(&reports, BulkResult::Unchanged),
                invalid,
                items: reports,
            });
        }

        let ids = self.fresh_ids(creates.len()).await?;
        for (&i, id) in creates.iter().zip(ids) {
            let Ok(p) = &prepared[i] else { continue };
            reports[i].id = Some(id);
            write_items.push(i);
            writes.push(BulkWrite::Create {
                description: NewDescription {
                    id,
                    org: org.code.clone(),
                    created_at: at,
                    source_id: source_id(&p.doc).map(str::to_owned),
                },
                version: new_version(&p.doc, p.columns.clone(), actor, at),
                event: event(actor, "create", None),
            });
        }
        if !writes.is_empty() {
            let versions = self.store.bulk_write(&org.code, &writes).await?;
            for (&i, n) in write_items.iter().zip(versions) {
                reports[i].version = Some(n);
            }
        }
        Ok(BulkReport {
            committed: true,
            created: count(&reports, BulkResult::Created),
            updated: count(&reports, BulkResult::Updated),
            unchanged: count(&reports, BulkResult::Unchanged),
            invalid: 0,
            items: reports,
        })
    }

    /// `n` different Algoritme-IDs that no description has.
    async fn fresh_ids(&self, n: usize) -> Result<Vec<AlgorithmId>, RegisterError> {
        let mut chosen: HashSet<AlgorithmId> = HashSet::with_capacity(n);
        let mut out = Vec::with_capacity(n);
        for _ in 0..20 {
            let mut candidates = Vec::new();
            {
                // The thread's generator is not `Send`: not held across the query below.
                let mut rng = rand::rng();
                while out.len() + candidates.len() < n {
                    let id = AlgorithmId::generate(&mut rng);
                    if chosen.insert(id) {
                        candidates.push(id);
                    }
                }
            }
            if candidates.is_empty() {
                return Ok(out);
            }
            let taken: HashSet<AlgorithmId> = self
                .store
                .existing_ids(&candidates)
                .await?
                .into_iter()
                .collect();
            out.extend(candidates.into_iter().filter(|id| !taken.contains(id)));
        }
        if out.len() == n {
            Ok(out)
        } else {
            Err(RegisterError::Internal(
                "could not find free Algoritme-IDs".into(),
            ))
        }
    }

    /// Starts a request sent with an idempotency key: [`Claim::New`] when it should act (and then
    /// [`Register::finish_idempotent`] or [`Register::abandon_idempotent`]), else the stored answer,
    /// a mismatch (the key was used for another request) or "still in progress". The request is
    /// identified by its method, path and body; keys are per actor and kept for 24 hours.
    pub async fn begin_idempotent(
        &self,
        actor: &Actor,
        key: &str,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> Result<Claim, RegisterError> {
        check_key(key)?;
        let at = now();
        Ok(self
            .store
            .claim_idempotency_key(
                actor.id,
                key,
                &request_hash(method, path, body),
                at,
                at - IDEMPOTENCY_TTL,
                at - IDEMPOTENCY_STALE,
            )
            .await?)
    }

    /// Stores the answer to a request begun with [`Register::begin_idempotent`].
    pub async fn finish_idempotent(
        &self,
        actor: &Actor,
        key: &str,
        answer: &StoredAnswer,
    ) -> Result<(), RegisterError> {
        Ok(self
            .store
            .finish_idempotency_key(actor.id, key, answer)
            .await?)
    }

    /// Forgets a begun request that could not be answered, so that a retry may act.
    pub async fn abandon_idempotent(&self, actor: &Actor, key: &str) -> Result<(), RegisterError> {
        match self.store.release_idempotency_key(actor.id, key).await {
            Ok(()) | Err(StoreError::NotFound) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
