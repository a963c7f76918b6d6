//! Rough timings of the write services (measured, not asserted), on a new SQLite database (or
//! PostgreSQL, by URL).
//!
//! ```text
//! cargo run --release -p algoreg-register --example bench_write -- [SAVES] [TASKS] [BULK] [DATABASE_URL]
//! cargo run --release -p algoreg-register --example bench_write -- files DIR [BULK]
//! ```
//!
//! The second form writes request bodies for the HTTP benchmark (`scripts/bench-write.sh`) and
//! stops: `create.jsonl` (one `POST /api/v1/algorithms` body a line), `validate.json`, and
//! `bulk-N.json` (bodies of 1,000 items for `POST /api/v1/organizations/gm0599/algorithms/bulk`).
//!
//! Prints a Markdown table: `validate_document` per second (on every core), creates and saves
//! (`create_strict`, `save_draft_strict`) per second from TASKS concurrent tasks (default 8), and a bulk
//! upsert of BULK descriptions (default 10,000) in calls of 1,000: first creating them, then updating
//! every one, then sending them unchanged. Documents are generated 1.0 demo descriptions (valid ones
//! only), each given its own name.

use std::sync::Arc;
use std::time::Instant;

use algoreg_register::domain::OrgRole;
use algoreg_register::standard::Document;
use algoreg_register::{BulkItem, MAX_BULK_ITEMS, NewUserRequest, Register};
use algoreg_store::Store;

/// Valid 1.0 documents from the demo generator.
fn documents(n: usize) -> Vec<Document> {
    let cfg = algoreg_demo::DemoConfig {
        count: n * 3,
        seed: 7,
        now: chrono::Utc::now(),
    };
    let mut out = Vec::with_capacity(n);
    for d in algoreg_demo::generate(&cfg, &[]) {
        for v in d.versions.into_iter().rev() {
            let valid = Register::validate_document(&v.document);
            if valid.valid && valid.standard_version.is_current() {
                out.push(valid.document);
                break;
            }
        }
        if out.len() == n {
            break;
        }
    }
    out
}

fn named(doc: &Document, name: String) -> Document {
    let mut d = doc.clone();
    d.insert("name".into(), name.into());
    d
}

/// The `i`th item of a bulk upsert: its source ID and its document, which names the same source.
fn bulk_item(docs: &[Document], i: usize, round: &str) -> (String, Document) {
    let source_id = format!("SRC-{i}");
    let mut document = named(&docs[i % docs.len()], format!("Bulk {i} {round}"));
    document.insert("source_id".into(), source_id.clone().into());
    (source_id, document)
}

fn rate(n: usize, secs: f64) -> String {
    format!("{:.0}", n as f64 / secs)
}

/// Writes the HTTP benchmark's request bodies into `dir`.
fn write_files(dir: &std::path::Path, bulk: usize) -> Result<(), Box<dyn std::error::Error>> {
    use serde_json::json;
    let docs = documents(500);
    std::fs::create_dir_all(dir)?;
    let mut lines = String::new();
    for (i, d) in docs.iter().enumerate() {
        let body =
            json!({"organisation": "gm0363", "document": named(d, format!("Algoritme {i}"))});
        lines.push_str(&body.to_string());
        lines.push('\n');
    }
    std::fs::write(dir.join("create.jsonl"), lines)?;
    std::fs::write(
        dir.join("validate.json"),
        json!({"document": docs[0]}).to_string(),
    )?;
    for (k, start) in (0..bulk).step_by(MAX_BULK_ITEMS).enumerate() {
        let items: Vec<_> = (start..(start + MAX_BULK_ITEMS).min(bulk))
            .map(|i| {
                let (source_id, document) = bulk_item(&docs, i, "a");
                json!({"source_id": source_id, "document": document})
            })
            .collect();
        std::fs::write(
            dir.join(format!("bulk-{k}.json")),
            json!({"items": items}).to_string(),
        )?;
    }
    Ok(())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("files") {
        let dir = args.get(1).ok_or("files needs a folder")?;
        let bulk = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10_000);
        return write_files(std::path::Path::new(dir), bulk);
    }
    let saves: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let tasks: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(8);
    let bulk: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir()?;
    let url = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    let reg = Register::new(store);
    reg.seed_organisations().await?;
    let id = reg
        .add_user(NewUserRequest {
            email: "bench@example.nl".into(),
            name: "Bench".into(),
            password: None,
            memberships: vec![
                ("gm0363".into(), OrgRole::Editor),
                ("gm0599".into(), OrgRole::Editor),
            ],
            platform_roles: vec![],
        })
        .await?;
    let actor = Arc::new(reg.actor(id).await?);
    let docs = Arc::new(documents(500));
    let bytes: usize = docs
        .iter()
        .map(|d| serde_json::Value::Object(d.clone()).to_string().len())
        .sum();
    eprintln!(
        "{} different valid 1.0 documents, {:.1} KiB on average; {} cores",
        docs.len(),
        bytes as f64 / docs.len() as f64 / 1024.0,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    println!("| what | count | time (s) | per second |");
    println!("|---|---:|---:|---:|");

    // Validation only (pure CPU), on every core.
    let t0 = Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|s| {
        for t in 0..threads {
            let docs = docs.clone();
            s.spawn(move || {
                for i in (t..saves).step_by(threads) {
                    let v = Register::validate_document(&docs[i % docs.len()]);
                    assert!(v.valid);
                }
            });
        }
    });
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "| validate (register, no I/O) | {saves} | {secs:.2} | {} |",
        rate(saves, secs)
    );

    // Creates, then one save on each, from `tasks` concurrent tasks.
    let run = |update: bool, ids: Arc<Vec<algoreg_register::domain::AlgorithmId>>| {
        let reg = reg.clone();
        let actor = actor.clone();
        let docs = docs.clone();
        async move {
            let t0 = Instant::now();
            let mut handles = Vec::new();
            let made = Arc::new(std::sync::Mutex::new(Vec::new()));
            for t in 0..tasks {
                let (reg, actor, docs, ids, made) = (
                    reg.clone(),
                    actor.clone(),
                    docs.clone(),
                    ids.clone(),
                    made.clone(),
                );
                handles.push(tokio::spawn(async move {
                    for i in (t..saves).step_by(tasks) {
                        let doc = named(&docs[i % docs.len()], format!("Algoritme {i} {update}"));
                        if update {
                            reg.save_draft_strict(&actor, ids[i], 1, &doc)
                                .await
                                .map(|_| ())?;
                        } else {
                            let s = reg.create_strict(&actor, "gm0363", &doc).await?;
                            made.lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push((i, s.id));
                        }
                    }
                    Ok::<(), algoreg_register::RegisterError>(())
                }));
            }
            for h in handles {
                h.await
                    .map_err(|e| e.to_string())?
                    .map_err(|e| e.to_string())?;
            }
            let secs = t0.elapsed().as_secs_f64();
            let mut made = made.lock().unwrap_or_else(|e| e.into_inner()).clone();
            made.sort();
            Ok::<_, String>((secs, made.into_iter().map(|(_, id)| id).collect::<Vec<_>>()))
        }
    };
    let (secs, ids) = run(false, Arc::new(Vec::new())).await?;
    println!(
        "| create (register, {tasks} tasks) | {saves} | {secs:.2} | {} |",
        rate(saves, secs)
    );
    let (secs, _) = run(true, Arc::new(ids)).await?;
    println!(
        "| save draft (register, {tasks} tasks) | {saves} | {secs:.2} | {} |",
        rate(saves, secs)
    );

    // Bulk upserts of `bulk` descriptions in calls of MAX_BULK_ITEMS, in another organisation.
    let batches = |round: &str| -> Vec<Vec<BulkItem>> {
        (0..bulk)
            .map(|i| {
                let (source_id, document) = bulk_item(&docs, i, round);
                BulkItem {
                    source_id,
                    document,
                }
            })
            .collect::<Vec<_>>()
            .chunks(MAX_BULK_ITEMS)
            .map(<[BulkItem]>::to_vec)
            .collect()
    };
    for (label, round) in [("create", "a"), ("update", "b"), ("unchanged", "b")] {
        let calls = batches(round);
        let t0 = Instant::now();
        let mut counts = (0, 0, 0);
        for items in calls {
            let r = reg.bulk_upsert(&actor, "gm0599", items).await?;
            if !r.committed {
                let first = r.items.iter().find(|i| !i.problems.is_empty());
                return Err(format!("a bulk call was refused: {first:?}").into());
            }
            counts.0 += r.created;
            counts.1 += r.updated;
            counts.2 += r.unchanged;
        }
        let secs = t0.elapsed().as_secs_f64();
        eprintln!(
            "bulk {label}: created {}, updated {}, unchanged {}",
            counts.0, counts.1, counts.2
        );
        println!(
            "| bulk upsert, {label} ({} calls of {}) | {bulk} | {secs:.2} | {} |",
            bulk.div_ceil(MAX_BULK_ITEMS),
            MAX_BULK_ITEMS,
            rate(bulk, secs)
        );
    }
    reg.close().await;
    Ok(())
}
