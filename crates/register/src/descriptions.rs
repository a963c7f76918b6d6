//! The description services: create, save draft, submit, publish, reject, retract, archive, get, list.

use algoreg_domain::{
    Action, Actor, AlgorithmId, DescriptionStatus, OrgCode, Organisation, Situation, VersionState,
    authorize,
};
use algoreg_exchange::FieldCells;
use algoreg_standard::{Document, Problem, ProblemKind, StandardVersion};
use algoreg_store::{
    DescriptionRow, ExportCells, ListFilter, NewDescription, NewEvent, NewVersion, StoreError,
    Transition, VersionColumns, VersionRow, now,
};
use serde::Serialize;

use crate::public::InvalidParam;
use crate::{Register, RegisterError};

/// What the name of a copy gets after it.
pub const COPY_MARK: &str = "(kopie)";

/// The longest reason for a rejection, retraction or archiving, in characters.
pub const MAX_REASON_LEN: usize = 1000;

/// The result of a save: the new version, and what is still wrong with it (a draft may be invalid).
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    pub id: AlgorithmId,
    pub version: i64,
    pub problems: Vec<Problem>,
}

/// A description as the viewer may see it.
#[derive(Debug, Clone, Serialize)]
pub struct DescriptionView {
    pub description: DescriptionRow,
    pub organisation: Organisation,
    pub status: DescriptionStatus,
    /// Oldest first. For the public: only versions that were ever published.
    pub versions: Vec<VersionRow>,
}

impl DescriptionView {
    /// The public version, when there is one.
    pub fn published(&self) -> Option<&VersionRow> {
        let n = self.description.published_n?;
        self.versions.iter().find(|v| v.n == n)
    }

    /// The newest version the viewer may see.
    pub fn newest(&self) -> Option<&VersionRow> {
        self.versions.last()
    }
}

#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only this organisation.
    pub org: Option<String>,
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: AlgorithmId,
    pub org: OrgCode,
    /// The organisation's own ID for the description, when it gave one.
    pub source_id: Option<String>,
    pub name: String,
    pub status: DescriptionStatus,
    pub head: i64,
    pub head_state: VersionState,
    pub completeness: u8,
    pub last_change_at: chrono::DateTime<chrono::Utc>,
    pub last_change_by: String,
    /// The newest version waits for the viewer: a submission they may publish or reject, or their own
    /// version that was sent back.
    pub waits_for_viewer: bool,
    /// The standard version of the newest version.
    pub standard_version: String,
    /// Whether a version is public now.
    pub published: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Normalises a document in its own version of the standard, and returns it with its problems and the
/// columns the store keeps beside it.
pub(crate) fn prepare(
    input: &Document,
) -> Result<(Document, Vec<Problem>, VersionColumns), RegisterError> {
    let version =
        algoreg_standard::version_of(input).map_err(|p| RegisterError::Invalid(vec![p]))?;
    let (doc, problems) = algoreg_standard::check(version, input);
    let columns = columns(version, &doc);
    Ok((doc, problems, columns))
}

/// The download cells of a version being published (see `algoreg_exchange::FieldCells`).
pub(crate) fn export_cells(version: StandardVersion, doc: &Document) -> ExportCells {
    ExportCells {
        format: FieldCells::FORMAT,
        cells: FieldCells::render(version, doc).into_string(),
    }
}

/// [`export_cells`] for a version given with its stored columns, when it is the published one.
pub(crate) fn export_cells_if_published(
    doc: &Document,
    columns: &VersionColumns,
    state: VersionState,
) -> Option<ExportCells> {
    if state != VersionState::Published {
        return None;
    }
    let version =
        StandardVersion::parse(&columns.standard_version).unwrap_or(StandardVersion::CURRENT);
    Some(export_cells(version, doc))
}

pub(crate) fn columns(version: StandardVersion, doc: &Document) -> VersionColumns {
    let f = algoreg_standard::facets(version, doc);
    VersionColumns {
        standard_version: version.as_str().to_owned(),
        name: f.name,
        summary: summary(version, doc),
        status: f.status,
        publication_category: f.publication_category,
        provider: f.provider,
        lang: f.lang,
        themes: f.themes,
        impact_codes: f.impact_codes,
        completeness: algoreg_standard::completeness(version, doc),
    }
}

/// The short description as plain text, from whichever version the document is in.
fn summary(version: StandardVersion, doc: &Document) -> String {
    let text = |d: &Document| {
        d.get("description_short")
            .and_then(|v| v.as_str())
            .map(algoreg_standard::strip_html)
    };
    if version == StandardVersion::V1_0 {
        text(doc).unwrap_or_default()
    } else {
        text(&algoreg_standard::to_v1(version, doc)).unwrap_or_default()
    }
}

/// Refuses a document whose problems are more than missing fields.
pub(crate) fn refuse_wrong_values(problems: &[Problem]) -> Result<(), RegisterError> {
    let wrong: Vec<Problem> = problems
        .iter()
        .filter(|p| p.kind != ProblemKind::Required)
        .cloned()
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(RegisterError::Invalid(wrong))
    }
}

/// Removes what belongs to one description only — the organisation's own ID (`source_id`) and the
/// register's system fields — from a document that another description starts from (a copy, a
/// template).
pub(crate) fn remove_own_fields(doc: &mut Document) {
    doc.remove("source_id");
    if let Ok(version) = algoreg_standard::version_of(doc) {
        let def = algoreg_standard::standard(version);
        for f in def.fields.iter().filter(|f| f.is_system()) {
            doc.remove(&f.key);
        }
    }
}

/// The organisation's own ID for a description, from its (normalised) document.
pub(crate) fn source_id(doc: &Document) -> Option<&str> {
    doc.get("source_id").and_then(|v| v.as_str())
}

pub(crate) fn check_reason(reason: &str, required: bool) -> Result<Option<String>, RegisterError> {
    let reason = reason.trim();
    if reason.is_empty() {
        if required {
            return Err(RegisterError::Invalid(vec![Problem {
                path: "reason".into(),
                kind: ProblemKind::Required,
            }]));
        }
        return Ok(None);
    }
    let len = reason.chars().count();
    if len > MAX_REASON_LEN {
        return Err(RegisterError::Invalid(vec![Problem {
            path: "reason".into(),
            kind: ProblemKind::TooLong {
                max: MAX_REASON_LEN,
                actual: len,
            },
        }]));
    }
    Ok(Some(algoreg_standard::strip_html(reason)))
}

pub(crate) fn event(actor: &Actor, action: &str, reason: Option<String>) -> NewEvent {
    NewEvent {
        at: now(),
        actor: Some(actor.id),
        actor_name: actor.name.clone(),
        kind: action.to_owned(),
        reason,
    }
}

pub(crate) fn new_version(
    doc: &Document,
    columns: VersionColumns,
    actor: &Actor,
    at: chrono::DateTime<chrono::Utc>,
) -> NewVersion {
    NewVersion {
        document: serde_json::Value::Object(doc.clone()).to_string(),
        columns,
        export_cells: None,
        state: VersionState::Draft,
        created_at: at,
        created_by: Some(actor.id),
        author_name: actor.name.clone(),
        state_changed_at: at,
        state_changed_by: Some(actor.id),
        state_reason: None,
        published_at: None,
        superseded_at: None,
    }
}

impl Register {
    /// Parses an Algoritme-ID: a typo is [`RegisterError::InvalidId`], never "not found".
    pub fn parse_id(s: &str) -> Result<AlgorithmId, RegisterError> {
        Ok(AlgorithmId::parse(s)?)
    }

    /// The facts the domain needs to decide on an action.
    async fn situation(
        &self,
        id: AlgorithmId,
    ) -> Result<(DescriptionRow, Organisation, VersionRow), RegisterError> {
        let d = self.store.description(id).await?;
        let org = self.store.organisation(&d.org).await?;
        let head = self.store.version(id, d.head_n).await?;
        Ok((d, org, head))
    }

    /// Hides descriptions of other organisations from actors who may not see them: `NotFound`, so
    /// that an ID of another organisation does not leak that it exists.
    pub(crate) fn visible(actor: &Actor, d: &DescriptionRow) -> Result<(), RegisterError> {
        if actor.may_read_internal(&d.org) {
            Ok(())
        } else {
            Err(RegisterError::NotFound)
        }
    }

    /// Creates a description in `org` with its first draft. Saving keeps what was given, valid or not;
    /// the problems come back beside the new version.
    pub async fn create(
        &self,
        actor: &Actor,
        org: &str,
        input: &Document,
    ) -> Result<Saved, RegisterError> {
        self.create_as(actor, org, input, false, None).await
    }

    /// As [`Register::create`], but a document with wrong values — anything but empty required
    /// fields: wrong types, values outside their list, bad dates or links, too long texts, an unknown
    /// standard version — is refused with every problem, and nothing is saved. A draft may be
    /// incomplete; what is filled in must be right. The machine front doors use this.
    pub async fn create_strict(
        &self,
        actor: &Actor,
        org: &str,
        input: &Document,
    ) -> Result<Saved, RegisterError> {
        self.create_as(actor, org, input, true, None).await
    }

    /// Creates a description; with `template` (its ID and the audit event's reason), one started from
    /// that template.
    pub(crate) async fn create_as(
        &self,
        actor: &Actor,
        org: &str,
        input: &Document,
        strict: bool,
        template: Option<(i64, String)>,
    ) -> Result<Saved, RegisterError> {
        let org = self.organisation(org).await?;
        let situation = Situation {
            org: &org.code,
            flow: org.flow,
            head: None,
            head_author: None,
            has_published: false,
        };
        authorize(actor, Action::SaveDraft, &situation)?;
        let (doc, problems, columns) = prepare(input)?;
        if strict {
            refuse_wrong_values(&problems)?;
        }
        let at = now();
        let source_id = source_id(&doc).map(str::to_owned);
        let version = new_version(&doc, columns, actor, at);
        // Draw IDs until one is free: with 4.8 million possible IDs a clash is rare.
        for _ in 0..20 {
            let id = AlgorithmId::generate(&mut rand::rng());
            let d = NewDescription {
                id,
                org: org.code.clone(),
                created_at: at,
                source_id: source_id.clone(),
            };
            let written = match &template {
                None => {
                    self.store
                        .create_description(&d, &version, &event(actor, "create", None))
                        .await
                }
                Some((t, reason)) => {
                    let e = event(actor, "create-from-template", Some(reason.clone()));
                    self.store
                        .create_description_from_template(&d, &version, &e, *t)
                        .await
                }
            };
            match written {
                Ok(()) => {
                    return Ok(Saved {
                        id,
                        version: 1,
                        problems,
                    });
                }
                Err(StoreError::Duplicate(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(RegisterError::Internal(
            "could not find a free Algoritme-ID".into(),
        ))
    }

    /// Saves a new draft version, started from version `base`. Someone else's newer save is a
    /// [`RegisterError::Conflict`]; nothing is overwritten.
    pub async fn save_draft(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        base: i64,
        input: &Document,
    ) -> Result<Saved, RegisterError> {
        self.save_draft_as(actor, id, base, input, false, None)
            .await
    }

    /// As [`Register::save_draft`], but a document with wrong values is refused as in
    /// [`Register::create_strict`].
    pub async fn save_draft_strict(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        base: i64,
        input: &Document,
    ) -> Result<Saved, RegisterError> {
        self.save_draft_as(actor, id, base, input, true, None).await
    }

    async fn save_draft_as(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        base: i64,
        input: &Document,
        strict: bool,
        restored: Option<i64>,
    ) -> Result<Saved, RegisterError> {
        let (d, org, head) = self.situation(id).await?;
        Self::visible(actor, &d)?;
        let decision = authorize(
            actor,
            Action::SaveDraft,
            &Situation {
                org: &org.code,
                flow: org.flow,
                head: Some(head.state),
                head_author: head.created_by,
                has_published: d.published_n.is_some(),
            },
        )?;
        if base != d.head_n {
            return Err(RegisterError::Conflict { current: d.head_n });
        }
        let (doc, problems, columns) = prepare(input)?;
        if strict {
            refuse_wrong_values(&problems)?;
        }
        let version = new_version(&doc, columns, actor, now());
        // A restored version is recorded as such, with the number it came from as the reason.
        let event = match restored {
            Some(n) => event(actor, "restore-version", Some(n.to_string())),
            None => event(actor, "save-draft", None),
        };
        let n = self
            .store
            .save_version(
                id,
                base,
                &version,
                decision.previous_head_to,
                &event,
                source_id(&doc),
            )
            .await?;
        Ok(Saved {
            id,
            version: n,
            problems,
        })
    }

    /// Uses an older version `n` as a new draft: its document is saved on top of the newest version
    /// `base` (someone else's newer save is a [`RegisterError::Conflict`]), as any save by this user
    /// would be; the audit event `restore-version` names `n`. The newest version itself cannot be
    /// restored.
    pub async fn restore_version(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        n: i64,
        base: i64,
    ) -> Result<Saved, RegisterError> {
        let d = self.store.description(id).await?;
        Self::visible(actor, &d)?;
        if n >= d.head_n || n < 1 {
            return Err(RegisterError::InvalidParams(vec![InvalidParam {
                name: "version".into(),
                reason: format!(
                    "only an older version (1 to {}) can be used as a new draft",
                    d.head_n - 1
                ),
                allowed: vec![],
            }]));
        }
        let old = self.store.version(id, n).await?;
        let doc: Document = serde_json::from_str(&old.document)
            .map_err(|e| RegisterError::Internal(format!("stored document unreadable: {e}")))?;
        self.save_draft_as(actor, id, base, &doc, false, Some(n))
            .await
    }

    /// Starts a new description in the organisation of description `from`, from a copy of its
    /// newest version: the same document without the organisation's own ID (`source_id`) and the
    /// register's system fields, its name marked "(kopie)". Only for those who may write in that
    /// organisation; another organisation's description is "not found".
    pub async fn create_copy(
        &self,
        actor: &Actor,
        from: AlgorithmId,
    ) -> Result<Saved, RegisterError> {
        let d = self.store.description(from).await?;
        Self::visible(actor, &d)?;
        let head = self.store.version(from, d.head_n).await?;
        let mut doc: Document = serde_json::from_str(&head.document)
            .map_err(|e| RegisterError::Internal(format!("stored document unreadable: {e}")))?;
        remove_own_fields(&mut doc);
        let name = doc
            .get("name")
            .and_then(|v| v.as_str())
            .map(str::trim)
            .unwrap_or("");
        let name = if name.is_empty() {
            COPY_MARK.to_owned()
        } else {
            format!("{name} {COPY_MARK}")
        };
        doc.insert("name".into(), name.into());
        self.create(actor, d.org.as_str(), &doc).await
    }

    /// Saves a new draft from the newest version, unless the input (once normalised) equals the newest
    /// version's document: then nothing is written and the answer is `None`. For clients that send
    /// the whole description every time and expect to hear when nothing changed.
    pub async fn save_draft_if_changed(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        input: &Document,
    ) -> Result<Option<Saved>, RegisterError> {
        let (d, org, head) = self.situation(id).await?;
        Self::visible(actor, &d)?;
        // Whether saving is allowed at all comes first: "no changes" is an answer for editors only.
        authorize(
            actor,
            Action::SaveDraft,
            &Situation {
                org: &org.code,
                flow: org.flow,
                head: Some(head.state),
                head_author: head.created_by,
                has_published: d.published_n.is_some(),
            },
        )?;
        let (doc, _, _) = prepare(input)?;
        let current: Document = serde_json::from_str(&head.document)
            .map_err(|e| RegisterError::Internal(format!("stored document unreadable: {e}")))?;
        if doc == current {
            return Ok(None);
        }
        self.save_draft(actor, id, d.head_n, input).await.map(Some)
    }

    /// Runs a state change that the domain allows, on the newest version `version`.
    pub(crate) async fn act(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        version: Option<i64>,
        action: Action,
        reason: Option<String>,
    ) -> Result<(), RegisterError> {
        let (d, org, head) = self.situation(id).await?;
        Self::visible(actor, &d)?;
        let decision = authorize(
            actor,
            action,
            &Situation {
                org: &org.code,
                flow: org.flow,
                head: Some(head.state),
                head_author: head.created_by,
                has_published: d.published_n.is_some(),
            },
        )?;
        if let Some(v) = version.filter(|v| *v != d.head_n) {
            let _ = v;
            return Err(RegisterError::Conflict { current: d.head_n });
        }
        // Only a complete, valid description may go on towards the public; what is published gets
        // its download cells.
        let mut cells = None;
        if matches!(action, Action::Submit | Action::Publish) {
            let doc: Document = serde_json::from_str(&head.document)
                .map_err(|e| RegisterError::Internal(format!("stored document unreadable: {e}")))?;
            let version = StandardVersion::parse(&head.columns.standard_version)
                .unwrap_or(StandardVersion::CURRENT);
            let problems = algoreg_standard::validate(version, &doc);
            if !problems.is_empty() {
                return Err(RegisterError::Invalid(problems));
            }
            if decision.head_to == VersionState::Published {
                cells = Some(export_cells(version, &doc));
            }
        }
        // The notifications are written in the transaction of the change: a refused or conflicting
        // change announces nothing.
        let messages = self
            .messages_for(action, actor, &org, &d, &head, reason.as_deref())
            .await?;
        let t = Transition {
            id,
            expected_head: d.head_n,
            head_to: decision.head_to,
            published_to: decision.published_to,
            export_cells: cells,
            event: event(actor, action.as_str(), reason),
            messages,
        };
        Ok(self.store.transition(&t).await?)
    }

    /// Hands the newest draft on for approval. It must be valid.
    pub async fn submit(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        version: Option<i64>,
    ) -> Result<(), RegisterError> {
        self.act(actor, id, version, Action::Submit, None).await
    }

    /// Publishes the submitted version (four eyes: not by the author of the last change).
    pub async fn publish(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        version: Option<i64>,
    ) -> Result<(), RegisterError> {
        self.act(actor, id, version, Action::Publish, None).await
    }

    /// Sends the submitted version back to its author, with a reason.
    pub async fn reject(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        version: Option<i64>,
        reason: &str,
    ) -> Result<(), RegisterError> {
        let reason = check_reason(reason, true)?;
        self.act(actor, id, version, Action::Reject, reason).await
    }

    /// Takes the public version off the register, with a reason shown to the public.
    pub async fn retract(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        reason: &str,
    ) -> Result<(), RegisterError> {
        let reason = check_reason(reason, true)?;
        self.act(actor, id, None, Action::Retract, reason).await
    }

    /// Archives the description: it leaves the public register and can no longer be edited.
    pub async fn archive(
        &self,
        actor: &Actor,
        id: AlgorithmId,
        reason: &str,
    ) -> Result<(), RegisterError> {
        let reason = check_reason(reason, false)?;
        self.act(actor, id, None, Action::Archive, reason).await
    }

    /// A description as `viewer` may see it. The public (`None`, or an outsider) sees only published
    /// history, and nothing of a description that was never published.
    pub async fn get(
        &self,
        viewer: Option<&Actor>,
        id: AlgorithmId,
    ) -> Result<DescriptionView, RegisterError> {
        let d = self.store.description(id).await?;
        let internal = viewer.is_some_and(|a| a.may_read_internal(&d.org));
        let mut versions = self.store.versions(id).await?;
        let head = versions
            .last()
            .map(|v| v.state)
            .unwrap_or(VersionState::Draft);
        let status = DescriptionStatus::derive(head, d.published_n.is_some());
        if !internal {
            versions.retain(|v| v.published_at.is_some());
            if d.published_n.is_none() {
                return Err(RegisterError::NotFound);
            }
        }
        let organisation = self.store.organisation(&d.org).await?;
        Ok(DescriptionView {
            description: d,
            organisation,
            status,
            versions,
        })
    }

    /// A description with all its versions, for someone who works on it (a member of its
    /// organisation, or a platform role); [`RegisterError::NotFound`] for everyone else, also when it
    /// is published.
    pub async fn get_internal(
        &self,
        actor: &Actor,
        id: AlgorithmId,
    ) -> Result<DescriptionView, RegisterError> {
        let d = self.store.description(id).await?;
        Self::visible(actor, &d)?;
        self.get(Some(actor), id).await
    }

    /// Lists descriptions, newest change first: the public sees published ones; an organisation's
    /// members see all of theirs; platform roles see all.
    pub async fn list(
        &self,
        viewer: Option<&Actor>,
        q: &ListQuery,
    ) -> Result<Page<Summary>, RegisterError> {
        self.list_in_states(viewer, q, &[]).await
    }

    /// As [`Register::list`], only descriptions whose newest version is in one of `states` (none
    /// given: every state).
    pub async fn list_in_states(
        &self,
        viewer: Option<&Actor>,
        q: &ListQuery,
        states: &[VersionState],
    ) -> Result<Page<Summary>, RegisterError> {
        let per_page = q.per_page.clamp(1, 100);
        let page = q.page.max(1);
        let org = match &q.org {
            Some(code) => Some(self.organisation(code).await?.code),
            None => None,
        };
        let (orgs, published_only) = match viewer {
            Some(a) if !a.platform_roles.is_empty() => (org.map(|o| vec![o]), false),
            Some(a) => match org {
                Some(o) if a.is_member(&o) => (Some(vec![o]), false),
                Some(o) => (Some(vec![o]), true),
                None => (
                    Some(a.organisations().into_iter().cloned().collect()),
                    false,
                ),
            },
            None => (org.map(|o| vec![o]), true),
        };
        let filter = ListFilter {
            orgs,
            published_only,
            head_states: (!states.is_empty()).then(|| states.to_vec()),
            limit: per_page,
            offset: (page - 1) * per_page,
        };
        let (rows, total) = self.store.list(&filter).await?;
        let mut flows: std::collections::HashMap<OrgCode, algoreg_domain::PublicationFlow> =
            std::collections::HashMap::new();
        let mut waits = Vec::with_capacity(rows.len());
        for r in &rows {
            let Some(a) = viewer else {
                waits.push(false);
                continue;
            };
            let w = match r.head.state {
                VersionState::Rejected => r.head.created_by == Some(a.id),
                VersionState::Submitted => {
                    let flow = match flows.get(&r.description.org) {
                        Some(f) => *f,
                        None => {
                            let f = self.store.organisation(&r.description.org).await?.flow;
                            flows.insert(r.description.org.clone(), f);
                            f
                        }
                    };
                    let s = Situation {
                        org: &r.description.org,
                        flow,
                        head: Some(r.head.state),
                        head_author: r.head.created_by,
                        has_published: r.description.published_n.is_some(),
                    };
                    authorize(a, Action::Publish, &s).is_ok()
                }
                _ => false,
            };
            waits.push(w);
        }
        let items = rows
            .into_iter()
            .zip(waits)
            .map(|(r, waits_for_viewer)| Summary {
                id: r.description.id,
                org: r.description.org,
                source_id: r.description.source_id,
                status: DescriptionStatus::derive(
                    r.head.state,
                    r.description.published_n.is_some(),
                ),
                name: r.head.columns.name,
                head: r.head.n,
                head_state: r.head.state,
                completeness: r.head.columns.completeness,
                last_change_at: r.head.state_changed_at,
                last_change_by: r.head.author_name,
                waits_for_viewer,
                standard_version: r.head.columns.standard_version,
                published: r.description.published_n.is_some(),
            })
            .collect();
        Ok(Page {
            items,
            total,
            page,
            per_page,
        })
    }

    /// (all descriptions, published descriptions).
    pub async fn counts(&self) -> Result<(i64, i64), RegisterError> {
        Ok(self.store.counts().await?)
    }

    /// The audit trail of one description (members and platform roles only).
    /// Whether `actor` may start a new description in organisation `org` (what the back-office asks
    /// before it shows an empty form; `create` checks again).
    pub async fn may_create(&self, actor: &Actor, org: &str) -> Result<bool, RegisterError> {
        let org = self.organisation(org).await?;
        let situation = Situation {
            org: &org.code,
            flow: org.flow,
            head: None,
            head_author: None,
            has_published: false,
        };
        Ok(authorize(actor, Action::SaveDraft, &situation).is_ok())
    }

    /// The actions `actor` may take on the description now, in the order a screen offers them: what
    /// the back-office shows as buttons. The same rules as the actions themselves (`authorize`).
    pub async fn possible_actions(
        &self,
        actor: &Actor,
        id: AlgorithmId,
    ) -> Result<Vec<Action>, RegisterError> {
        let (d, org, head) = self.situation(id).await?;
        Self::visible(actor, &d)?;
        let situation = Situation {
            org: &org.code,
            flow: org.flow,
            head: Some(head.state),
            head_author: head.created_by,
            has_published: d.published_n.is_some(),
        };
        Ok([
            Action::SaveDraft,
            Action::Submit,
            Action::Publish,
            Action::Reject,
            Action::Retract,
            Action::Archive,
        ]
        .into_iter()
        .filter(|a| authorize(actor, *a, &situation).is_ok())
        .collect())
    }

    /// The newest version (draft or not) as the public page would show it once published, with the
    /// public history before it: what the back-office's preview renders. Only for those who may read
    /// the organisation's work in progress.
    pub async fn preview(
        &self,
        actor: &Actor,
        id: AlgorithmId,
    ) -> Result<crate::PublicDescription, RegisterError> {
        let view = self.get(Some(actor), id).await?;
        if !actor.may_read_internal(&view.organisation.code) {
            return Err(RegisterError::NotFound);
        }
        let head = view.newest().ok_or(RegisterError::NotFound)?;
        let mut current = crate::public::public_version(head)?;
        // Shown as if published now.
        current.published_at = Some(now());
        let mut history = view
            .versions
            .iter()
            .filter(|v| v.published_at.is_some() && v.n != head.n)
            .map(crate::public::public_version)
            .collect::<Result<Vec<_>, _>>()?;
        history.push(current.clone());
        Ok(crate::PublicDescription {
            id,
            organisation: view.organisation,
            first_published_at: view.description.first_published_at,
            current,
            history,
        })
    }

    /// Every version of a description with its document, oldest first, for the back-office's history
    /// and comparisons. Only for those who may read the organisation's work in progress.
    pub async fn history(
        &self,
        actor: &Actor,
        id: AlgorithmId,
    ) -> Result<(DescriptionView, Vec<crate::PublicVersion>), RegisterError> {
        let view = self.get(Some(actor), id).await?;
        if !actor.may_read_internal(&view.organisation.code) {
            return Err(RegisterError::NotFound);
        }
        let versions = view
            .versions
            .iter()
            .map(crate::public::public_version)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((view, versions))
    }

    pub async fn events(
        &self,
        actor: &Actor,
        id: AlgorithmId,
    ) -> Result<Vec<algoreg_store::EventRow>, RegisterError> {
        let d = self.store.description(id).await?;
        Self::visible(actor, &d)?;
        Ok(self.store.events(id).await?)
    }
}
