//! Moving whole registers in and out: the JSON dump (export, import) and demo data.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use algoreg_domain::{AlgorithmId, OrgCode, Organisation, VersionState};
use algoreg_exchange::dump::{self, Dump};
use algoreg_standard::{Document, StandardVersion};
use algoreg_store::{
    ImportDescription, NewDescription, NewEvent, NewVersion, StoreError, TemplateRow, now,
};
use serde::Serialize;

use crate::descriptions::{export_cells_if_published, prepare};
use crate::{Register, RegisterError};

/// One problem in an import file: which record, which field, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    /// The record, e.g. `descriptions[3]` (with its ID where it has one).
    pub record: String,
    /// The field within the record, e.g. `versions[1].document.name`.
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub organisations: usize,
    pub descriptions: usize,
    pub versions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    pub descriptions: usize,
    pub versions: usize,
}

/// How many descriptions go into one transaction when loading demo data.
const DEMO_BATCH: usize = 1000;

fn system_event(kind: &str, at: chrono::DateTime<chrono::Utc>) -> NewEvent {
    NewEvent {
        at,
        actor: None,
        actor_name: "algoreg".into(),
        kind: kind.into(),
        reason: None,
    }
}

impl Register {
    /// Writes the whole register as a JSON dump, streaming from the database. Returns the number of
    /// descriptions written.
    pub async fn export_json<W: Write>(&self, out: &mut W) -> Result<u64, RegisterError> {
        let orgs = self.store.organisations().await?;
        let templates = self.store.all_templates().await?;
        dump::write(out, &orgs, &templates, self.store.export_stream())
            .await
            .map_err(|e| match e {
                dump::DumpError::Store(s) => s.into(),
                other => RegisterError::Internal(other.to_string()),
            })
    }

    /// Imports a JSON dump into this register: every organisation and every description with its
    /// versions, in one transaction. The whole file is checked first; any problem stops the import
    /// and is reported with its record and field, and nothing is written.
    pub async fn import_json(&self, bytes: &[u8]) -> Result<ImportReport, RegisterError> {
        let dump = dump::read(bytes).map_err(|e| {
            RegisterError::Import(vec![ImportProblem {
                record: "file".into(),
                field: format!("line {}, column {}", e.line(), e.column()),
                message: e.to_string(),
            }])
        })?;
        let existing: HashSet<OrgCode> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .map(|o| o.code)
            .collect();
        let (orgs, templates, items, problems) = check_dump(&dump, &existing);
        if !problems.is_empty() {
            return Err(RegisterError::Import(problems));
        }
        let versions = items.iter().map(|i| i.versions.len()).sum();
        self.store
            .import_with_templates(&orgs, &templates, &items)
            .await
            .map_err(|e| match e {
                StoreError::Duplicate(what) => RegisterError::Import(vec![ImportProblem {
                    record: what.clone(),
                    field: "id".into(),
                    message: format!("{what} exists in this register already"),
                }]),
                other => other.into(),
            })?;
        Ok(ImportReport {
            organisations: orgs.len(),
            descriptions: items.len(),
            versions,
        })
    }

    /// Loads `count` generated demo descriptions (deterministic for a seed), spread over the
    /// organisations in the database, in batches of one transaction each.
    pub async fn load_demo(
        &self,
        count: usize,
        seed: u64,
        until: chrono::DateTime<chrono::Utc>,
    ) -> Result<DemoReport, RegisterError> {
        let orgs: Vec<algoreg_demo::DemoOrg> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .map(|o| algoreg_demo::DemoOrg {
                code: o.code,
                name: o.name,
                org_type: o.org_type,
            })
            .collect();
        if orgs.is_empty() {
            return Err(RegisterError::Internal(
                "there are no organisations to give demo data to".into(),
            ));
        }
        let cfg = algoreg_demo::DemoConfig {
            count,
            seed,
            now: until,
        };
        let mut report = DemoReport {
            descriptions: 0,
            versions: 0,
        };
        let mut batch = Vec::with_capacity(DEMO_BATCH);
        let at = now();
        for d in algoreg_demo::generate(&cfg, &orgs) {
            let mut versions = Vec::with_capacity(d.versions.len());
            for v in d.versions {
                let (doc, _problems, columns) = prepare(&v.document)?;
                versions.push(NewVersion {
                    export_cells: export_cells_if_published(&doc, &columns, v.state),
                    document: serde_json::Value::Object(doc).to_string(),
                    columns,
                    state: v.state,
                    created_at: v.created_at,
                    created_by: None,
                    author_name: v.author_name,
                    state_changed_at: v.state_changed_at,
                    state_changed_by: None,
                    state_reason: v.state_reason,
                    published_at: v.published_at,
                    superseded_at: v.superseded_at,
                });
            }
            let archived_at = versions
                .last()
                .filter(|v| v.state == VersionState::Archived)
                .map(|v| v.state_changed_at);
            report.descriptions += 1;
            report.versions += versions.len();
            batch.push(ImportDescription {
                description: NewDescription {
                    id: d.id,
                    org: d.org,
                    created_at: d.created_at,
                    source_id: None,
                },
                template_id: None,
                archived_at,
                versions,
                event: system_event("demo", at),
            });
            if batch.len() == DEMO_BATCH {
                self.store.import(&[], &batch).await?;
                batch.clear();
            }
        }
        if !batch.is_empty() {
            self.store.import(&[], &batch).await?;
        }
        self.store.analyze().await?;
        Ok(report)
    }
}

/// Checks a whole dump and turns it into rows: every problem is collected, none stops the check.
fn check_dump(
    dump: &Dump,
    existing_orgs: &HashSet<OrgCode>,
) -> (
    Vec<Organisation>,
    Vec<TemplateRow>,
    Vec<ImportDescription>,
    Vec<ImportProblem>,
) {
    let mut problems = Vec::new();
    let mut problem = |record: String, field: String, message: String| {
        problems.push(ImportProblem {
            record,
            field,
            message,
        });
    };
    if dump.format != dump::FORMAT || dump.format_version != dump::FORMAT_VERSION {
        problem(
            "file".into(),
            "format".into(),
            format!(
                "expected format {:?} version {}",
                dump::FORMAT,
                dump::FORMAT_VERSION
            ),
        );
    }
    let mut orgs = Vec::new();
    let mut known: HashSet<OrgCode> = existing_orgs.clone();
    for (i, o) in dump.organisations.iter().enumerate() {
        match o.to_domain() {
            Ok(org) => {
                known.insert(org.code.clone());
                orgs.push(org);
            }
            Err(field) => problem(
                format!("organisations[{i}]"),
                field.into(),
                format!("invalid {field}"),
            ),
        }
    }
    for (i, o) in orgs.iter().enumerate() {
        if let Some(p) = o.parent.as_ref().filter(|p| !known.contains(*p)) {
            problem(
                format!("organisations[{i}]"),
                "parent".into(),
                format!("unknown organisation {p}"),
            );
        }
    }
    // Suppliers' templates: normalised like every document; ids unique in the file.
    let mut templates: Vec<TemplateRow> = Vec::with_capacity(dump.templates.len());
    for (i, t) in dump.templates.iter().enumerate() {
        let record = format!("templates[{i}] ({})", t.id);
        if templates.iter().any(|x| x.id == t.id) {
            problem(
                record.clone(),
                "id".into(),
                "the same id as an earlier template".into(),
            );
            continue;
        }
        if t.provider.trim().is_empty() {
            problem(
                record.clone(),
                "provider".into(),
                "a template needs its supplier".into(),
            );
        }
        let Some(doc) = t.document.as_object() else {
            problem(record, "document".into(), "must be a JSON object".into());
            continue;
        };
        match crate::templates::prepare_template(doc) {
            Ok((doc, _, name)) => templates.push(TemplateRow {
                id: t.id,
                provider: t.provider.trim().to_owned(),
                name: if name.is_empty() {
                    t.name.clone()
                } else {
                    name
                },
                document: serde_json::Value::Object(doc).to_string(),
                created_by: None,
                created_at: t.created_at,
                updated_at: t.updated_at,
                published_at: t.published_at,
            }),
            Err(_) => problem(
                record,
                "document.standard_version".into(),
                format!(
                    "a template is a document of standard {}",
                    StandardVersion::CURRENT.as_str()
                ),
            ),
        }
    }
    let at = now();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::with_capacity(dump.descriptions.len());
    for (i, d) in dump.descriptions.iter().enumerate() {
        let record = format!("descriptions[{i}] ({})", d.id);
        let id = AlgorithmId::parse(&d.id);
        if let Err(e) = &id {
            problem(record.clone(), "id".into(), e.to_string());
        }
        if let Some(first) = seen_ids.insert(d.id.clone(), i) {
            problem(
                record.clone(),
                "id".into(),
                format!("the same ID as descriptions[{first}]"),
            );
        }
        let org = OrgCode::parse(&d.organisation)
            .ok()
            .filter(|o| known.contains(o));
        if org.is_none() {
            problem(
                record.clone(),
                "organisation".into(),
                format!("unknown organisation {:?}", d.organisation),
            );
        }
        if d.versions.is_empty() {
            problem(
                record.clone(),
                "versions".into(),
                "a description needs at least one version".into(),
            );
        }
        let mut versions = Vec::with_capacity(d.versions.len());
        let mut published = 0;
        for (j, v) in d.versions.iter().enumerate() {
            let field = |f: &str| format!("versions[{j}].{f}");
            if v.n != i64::try_from(j + 1).unwrap_or(0) {
                problem(
                    record.clone(),
                    field("n"),
                    format!("expected version number {}", j + 1),
                );
            }
            let Some(state) = VersionState::parse(&v.state) else {
                problem(
                    record.clone(),
                    field("state"),
                    format!("unknown state {:?}", v.state),
                );
                continue;
            };
            if state == VersionState::Published {
                published += 1;
                if v.published_at.is_none() {
                    problem(
                        record.clone(),
                        field("published_at"),
                        "a published version needs published_at".into(),
                    );
                }
            }
            let Some(std_version) = StandardVersion::parse(&v.standard_version) else {
                problem(
                    record.clone(),
                    field("standard_version"),
                    format!("unknown version {:?}", v.standard_version),
                );
                continue;
            };
            let Some(doc) = v.document.as_object() else {
                problem(
                    record.clone(),
                    field("document"),
                    "must be a JSON object".into(),
                );
                continue;
            };
            let mut doc: Document = doc.clone();
            doc.entry("standard_version")
                .or_insert_with(|| std_version.as_str().into());
            match prepare(&doc) {
                Ok((doc, doc_problems, columns)) => {
                    if columns.standard_version != std_version.as_str() {
                        problem(
                            record.clone(),
                            field("document.standard_version"),
                            "differs from the version's standard_version".into(),
                        );
                    }
                    // What was public or waiting for approval must meet the standard.
                    if matches!(state, VersionState::Published | VersionState::Submitted) {
                        for p in doc_problems {
                            problem(
                                record.clone(),
                                field(&format!("document.{}", p.path)),
                                p.message(algoreg_standard::Lang::En),
                            );
                        }
                    }
                    versions.push(NewVersion {
                        export_cells: export_cells_if_published(&doc, &columns, state),
                        document: serde_json::Value::Object(doc).to_string(),
                        columns,
                        state,
                        created_at: v.created_at,
                        created_by: None,
                        author_name: v.author.clone(),
                        state_changed_at: v.state_changed_at,
                        state_changed_by: None,
                        state_reason: v.state_reason.clone(),
                        published_at: v.published_at,
                        superseded_at: v.superseded_at,
                    });
                }
                Err(_) => problem(
                    record.clone(),
                    field("document.standard_version"),
                    "unknown standard version".into(),
                ),
            }
        }
        if published > 1 {
            problem(
                record.clone(),
                "versions".into(),
                "at most one version can be published".into(),
            );
        }
        if let Some(t) = d
            .template
            .filter(|t| !dump.templates.iter().any(|x| x.id == *t))
        {
            problem(
                record.clone(),
                "template".into(),
                format!("template {t} is not in the file"),
            );
        }
        if let (Ok(id), Some(org)) = (id, org) {
            items.push(ImportDescription {
                description: NewDescription {
                    id,
                    org,
                    created_at: d.created_at,
                    source_id: d.source_id.clone(),
                },
                template_id: d.template,
                archived_at: d.archived_at,
                versions,
                event: system_event("import", at),
            });
        }
    }
    (orgs, templates, items, problems)
}
