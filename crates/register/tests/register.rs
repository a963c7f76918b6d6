//! The services end to end, on SQLite always and on PostgreSQL when `ALGOREG_TEST_POSTGRES_URL` is set.

use algoreg_register::domain::{
    Actor, AlgorithmId, Denied, OrgRole, PlatformRole, PublicationFlow, UserId,
};
use algoreg_register::standard::{Document, ProblemKind};
use algoreg_register::{ListQuery, NewUserRequest, Register, RegisterError};
use algoreg_store::test_support::{TestDb, backends, sqlite};
use serde_json::json;

#[path = "register/admin.rs"]
mod admin;
#[path = "register/auth.rs"]
mod auth;
#[path = "register/drafts.rs"]
mod drafts;
#[path = "register/notify.rs"]
mod notify;
#[path = "register/templates.rs"]
mod templates;
#[path = "register/totp.rs"]
mod totp;

struct World {
    reg: Register,
    editor: Actor,
    approver: Actor,
    approver2: Actor,
    outsider: Actor,
    supervisor: Actor,
    central: Actor,
    _db: TestDb,
}

async fn user(
    reg: &Register,
    email: &str,
    memberships: &[(&str, OrgRole)],
    platform: &[PlatformRole],
) -> Actor {
    let id: UserId = reg
        .add_user(NewUserRequest {
            email: email.into(),
            name: email.split('@').next().unwrap().into(),
            password: Some("correct horse battery staple".into()),
            memberships: memberships
                .iter()
                .map(|(o, r)| ((*o).to_owned(), *r))
                .collect(),
            platform_roles: platform.to_vec(),
        })
        .await
        .unwrap();
    reg.actor(id).await.unwrap()
}

async fn worlds() -> Vec<World> {
    let mut out = Vec::new();
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        out.push(World {
            editor: user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await,
            approver: user(
                &reg,
                "abel@example.nl",
                &[("gm0363", OrgRole::Approver)],
                &[],
            )
            .await,
            approver2: user(
                &reg,
                "anna@example.nl",
                &[("gm0363", OrgRole::Approver), ("gm0363", OrgRole::Editor)],
                &[],
            )
            .await,
            outsider: user(
                &reg,
                "otto@example.nl",
                &[("gm0599", OrgRole::Approver)],
                &[],
            )
            .await,
            supervisor: user(&reg, "sara@example.nl", &[], &[PlatformRole::Supervisor]).await,
            central: user(
                &reg,
                "cor@example.nl",
                &[],
                &[PlatformRole::CentralPublisher],
            )
            .await,
            reg,
            _db: db,
        });
    }
    out
}

fn valid_doc(name: &str) -> Document {
    json!({
        "name": name,
        "description_short": "Dit algoritme helpt bij het plannen van de route van de vuilniswagen.",
        "organization": "Gemeente Amsterdam",
        "category": ["Natuur en milieu"],
        "status": "In gebruik",
        "begin_date": "2023-04",
        "contact_email": "algoritmes@example.nl",
        "publication_category": "Overige algoritmes",
        "goal": "<p>Minder kilometers rijden.</p><script>alert(1)</script>",
        "lawful_basis_grouping": [{"title": "Wet milieubeheer", "link": "https://wetten.overheid.nl/BWBR0003245"}],
        "lang": "nld",
        "standard_version": "1.0",
        "lars": "placeholder",
        "type": "an old field"
    })
    .as_object()
    .unwrap()
    .clone()
}

#[tokio::test]
async fn two_step_story_with_four_eyes() {
    for w in worlds().await {
        let r = &w.reg;
        // An incomplete draft is saved anyway, with its problems.
        let mut doc = valid_doc("Route vuilniswagen");
        doc.remove("contact_email");
        doc.insert("begin_date".into(), json!("2023-13"));
        let saved = r.create(&w.editor, "gm0363", &doc).await.unwrap();
        let paths: Vec<&str> = saved.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["begin_date", "contact_email"]);
        let id = saved.id;
        // It cannot be submitted while invalid, and nothing changes.
        assert!(
            matches!(r.submit(&w.editor, id, Some(1)).await, Err(RegisterError::Invalid(p)) if p.len() == 2)
        );

        let fixed = r
            .save_draft(&w.editor, id, 1, &valid_doc("Route vuilniswagen"))
            .await
            .unwrap();
        assert!(fixed.problems.is_empty(), "{:?}", fixed.problems);
        assert_eq!(fixed.version, 2);
        // The stored document is sanitised and free of system and unknown fields.
        let view = r.get(Some(&w.editor), id).await.unwrap();
        let stored = &view.versions[1].document;
        assert!(
            !stored.contains("<script")
                && !stored.contains("alert")
                && !stored.contains("placeholder")
                && !stored.contains("an old field"),
            "{stored}"
        );

        r.submit(&w.editor, id, Some(2)).await.unwrap();
        // The public sees nothing yet; an outsider gets "not found", not "forbidden".
        assert!(matches!(
            r.get(None, id).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            r.publish(&w.outsider, id, Some(2)).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            r.publish(&w.editor, id, Some(2)).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        assert!(matches!(
            r.publish(&w.supervisor, id, Some(2)).await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        assert!(matches!(
            r.reject(&w.approver, id, Some(2), "  ").await,
            Err(RegisterError::Invalid(_))
        ));
        r.reject(&w.approver, id, Some(2), "De contactgegevens kloppen niet.")
            .await
            .unwrap();

        // The editor fixes and resubmits; an approver who wrote the last change may not publish it.
        r.save_draft(
            &w.approver2,
            id,
            2,
            &valid_doc("Route vuilniswagen plannen"),
        )
        .await
        .unwrap();
        r.submit(&w.approver2, id, Some(3)).await.unwrap();
        assert!(matches!(
            r.publish(&w.approver2, id, Some(3)).await,
            Err(RegisterError::Denied(Denied::FourEyes))
        ));
        r.publish(&w.approver, id, Some(3)).await.unwrap();

        let public = r.get(None, id).await.unwrap();
        assert_eq!(public.published().unwrap().n, 3);
        assert_eq!(
            public.versions.len(),
            1,
            "the public sees only published history"
        );

        // A newer draft: the public still sees version 3.
        r.save_draft(&w.editor, id, 3, &valid_doc("Nieuwe naam in de maak"))
            .await
            .unwrap();
        let public = r.get(None, id).await.unwrap();
        assert_eq!(
            public.published().unwrap().columns.name,
            "Route vuilniswagen plannen"
        );
        assert_eq!(
            r.get(Some(&w.editor), id).await.unwrap().status.as_str(),
            "published-with-draft"
        );

        // Stale saves conflict and lose nothing.
        assert!(matches!(
            r.save_draft(&w.approver2, id, 3, &valid_doc("Te laat"))
                .await,
            Err(RegisterError::Conflict { current: 4 })
        ));

        assert!(matches!(
            r.retract(&w.approver, id, "").await,
            Err(RegisterError::Invalid(_))
        ));
        r.retract(&w.approver, id, "We gebruiken dit algoritme niet meer.")
            .await
            .unwrap();
        assert!(matches!(
            r.get(None, id).await,
            Err(RegisterError::NotFound)
        ));

        let kinds: Vec<String> = r
            .events(&w.approver, id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                "create",
                "save-draft",
                "submit",
                "reject",
                "save-draft",
                "submit",
                "publish",
                "save-draft",
                "retract"
            ]
        );
        assert!(matches!(
            r.events(&w.outsider, id).await,
            Err(RegisterError::NotFound)
        ));
    }
}

#[tokio::test]
async fn central_flow_and_archive() {
    for w in worlds().await {
        let r = &w.reg;
        let mut org = r.organisation("gm0363").await.unwrap();
        org.flow = PublicationFlow::Central;
        let admin = user(r, "adm@example.nl", &[], &[PlatformRole::Admin]).await;
        assert!(r.put_organisation(&w.editor, org.clone()).await.is_err());
        r.put_organisation(&admin, org).await.unwrap();

        let id = r
            .create(&w.editor, "gm0363", &valid_doc("Centraal"))
            .await
            .unwrap()
            .id;
        r.submit(&w.editor, id, None).await.unwrap();
        assert!(matches!(
            r.publish(&w.approver, id, None).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        r.publish(&w.central, id, None).await.unwrap();
        assert!(r.get(None, id).await.is_ok());
        r.archive(&w.approver, id, "").await.unwrap();
        assert!(matches!(
            r.get(None, id).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            r.save_draft(&w.editor, id, 1, &valid_doc("Na archief"))
                .await,
            Err(RegisterError::Denied(Denied::WrongState { .. }))
        ));
    }
}

#[tokio::test]
async fn lists_respect_who_asks() {
    for w in worlds().await {
        let r = &w.reg;
        let a = r
            .create(&w.editor, "gm0363", &valid_doc("Eén"))
            .await
            .unwrap()
            .id;
        r.create(&w.editor, "gm0363", &valid_doc("Twee"))
            .await
            .unwrap();
        r.submit(&w.editor, a, None).await.unwrap();
        r.publish(&w.approver, a, None).await.unwrap();
        let q = ListQuery {
            org: None,
            page: 1,
            per_page: 10,
        };
        assert_eq!(r.list(None, &q).await.unwrap().total, 1);
        assert_eq!(r.list(Some(&w.editor), &q).await.unwrap().total, 2);
        assert_eq!(r.list(Some(&w.outsider), &q).await.unwrap().total, 0);
        assert_eq!(r.list(Some(&w.supervisor), &q).await.unwrap().total, 2);
        let q = ListQuery {
            org: Some("gm0363".into()),
            page: 1,
            per_page: 10,
        };
        assert_eq!(r.list(Some(&w.outsider), &q).await.unwrap().total, 1);
        let bad = ListQuery {
            org: Some("nope".into()),
            page: 1,
            per_page: 10,
        };
        assert!(matches!(
            r.list(None, &bad).await,
            Err(RegisterError::UnknownOrganisation(_))
        ));
    }
}

#[tokio::test]
async fn bad_input_gets_specific_errors() {
    for w in worlds().await {
        let r = &w.reg;
        assert!(matches!(
            Register::parse_id("15888638"),
            Err(RegisterError::InvalidId(_))
        ));
        assert!(matches!(
            Register::parse_id("1588863"),
            Err(RegisterError::InvalidId(_))
        ));
        let unknown = AlgorithmId::parse("15888639").unwrap();
        assert!(matches!(
            r.get(None, unknown).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            r.create(&w.editor, "gm9999", &valid_doc("X")).await,
            Err(RegisterError::UnknownOrganisation(_))
        ));
        assert!(matches!(
            r.create(&w.editor, "gm0599", &valid_doc("X")).await,
            Err(RegisterError::Denied(Denied::NotMember))
        ));
        let mut doc = valid_doc("X");
        doc.insert("standard_version".into(), json!("9.9"));
        assert!(
            matches!(r.create(&w.editor, "gm0363", &doc).await, Err(RegisterError::Invalid(p)) if p[0].path == "standard_version")
        );

        let err = r
            .add_user(NewUserRequest {
                email: "not-an-address".into(),
                name: " ".into(),
                password: Some("short".into()),
                memberships: vec![
                    ("gm0363".into(), OrgRole::Editor),
                    ("??".into(), OrgRole::Editor),
                ],
                platform_roles: vec![],
            })
            .await
            .unwrap_err();
        let RegisterError::Invalid(problems) = err else {
            panic!("{err:?}")
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["email", "name", "password", "memberships[1].org"]);
        assert!(matches!(problems[2].kind, ProblemKind::TooShort { .. }));
        let dup = r
            .add_user(NewUserRequest {
                email: "EVA@example.nl".into(),
                name: "Eva".into(),
                password: None,
                memberships: vec![],
                platform_roles: vec![],
            })
            .await;
        assert!(matches!(dup, Err(RegisterError::Duplicate(_))), "{dup:?}");
        assert!(
            r.verify_password("eva@example.nl", "correct horse battery staple")
                .await
                .is_ok()
        );
        assert!(matches!(
            r.verify_password("eva@example.nl", "wrong password!").await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            r.verify_password("nobody@example.nl", "whatever").await,
            Err(RegisterError::NotFound)
        ));
    }
}

#[tokio::test]
async fn export_import_round_trip_and_corrupt_files() {
    let until = chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
        .unwrap()
        .to_utc();
    for w in worlds().await {
        let r = &w.reg;
        let report = r.load_demo(60, 7, until).await.unwrap();
        assert_eq!(report.descriptions, 60);
        // Add a description with a live history too.
        let id = r
            .create(&w.editor, "gm0363", &valid_doc("Eigen"))
            .await
            .unwrap()
            .id;
        r.submit(&w.editor, id, None).await.unwrap();
        r.publish(&w.approver, id, None).await.unwrap();
        let mut first = Vec::new();
        assert_eq!(r.export_json(&mut first).await.unwrap(), 61);

        let target = sqlite().await;
        let other = Register::new(target.store.clone());
        let report = other.import_json(&first).await.unwrap();
        assert_eq!(report.descriptions, 61);
        let mut second = Vec::new();
        other.export_json(&mut second).await.unwrap();
        assert!(first == second, "export → import → export differs");

        // Importing the same file again: every ID exists; nothing is written.
        assert!(matches!(
            other.import_json(&first).await,
            Err(RegisterError::Import(_))
        ));

        // A corrupt file: every problem with its record and field; nothing written.
        let mut dump: serde_json::Value = serde_json::from_slice(&first).unwrap();
        let d = &mut dump["descriptions"];
        d[0]["id"] = json!("12345678");
        d[1]["organisation"] = json!("gm9999");
        d[2]["versions"][0]["state"] = json!("half-done");
        let published = d.as_array().unwrap().iter().position(|x| {
            x["versions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v["state"] == "published" && v["standard_version"] == "1.0")
        });
        let p = published.unwrap();
        let vi = d[p]["versions"]
            .as_array()
            .unwrap()
            .iter()
            .position(|v| v["state"] == "published")
            .unwrap();
        d[p]["versions"][vi]["document"]["contact_email"] = json!("http://not-https.example");
        let fresh = sqlite().await;
        let empty = Register::new(fresh.store.clone());
        let err = empty
            .import_json(&serde_json::to_vec(&dump).unwrap())
            .await
            .unwrap_err();
        let RegisterError::Import(problems) = err else {
            panic!("{err:?}")
        };
        let fields: Vec<String> = problems
            .iter()
            .map(|p| format!("{} {}", p.record.split(' ').next().unwrap(), p.field))
            .collect();
        assert!(
            fields.contains(&"descriptions[0] id".to_string()),
            "{fields:?}"
        );
        assert!(
            fields.contains(&"descriptions[1] organisation".to_string()),
            "{fields:?}"
        );
        assert!(
            fields.contains(&"descriptions[2] versions[0].state".to_string()),
            "{fields:?}"
        );
        assert!(
            fields.contains(&format!(
                "descriptions[{p}] versions[{vi}].document.contact_email"
            )),
            "{fields:?}"
        );
        assert_eq!(empty.counts().await.unwrap(), (0, 0));
        assert!(
            matches!(empty.import_json(b"{not json").await, Err(RegisterError::Import(p)) if p[0].field.starts_with("line 1"))
        );
    }
}

#[tokio::test]
async fn demo_data_is_deterministic() {
    let until = chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
        .unwrap()
        .to_utc();
    let mut dumps = Vec::new();
    for _ in 0..2 {
        let db = sqlite().await;
        let r = Register::new(db.store.clone());
        r.seed_organisations().await.unwrap();
        r.load_demo(40, 3, until).await.unwrap();
        let mut out = Vec::new();
        r.export_json(&mut out).await.unwrap();
        dumps.push(out);
    }
    assert!(dumps[0] == dumps[1]);
}

/// Two nodes on one database, each with its own index: what one publishes, the other finds within 2 s.
#[tokio::test]
async fn search_follows_the_change_log_across_nodes() {
    use algoreg_register::search_index::{SearchIndex, SearchQuery};
    for w in worlds().await {
        let url = w._db.url.clone();
        let other = Register::open(&url)
            .await
            .unwrap()
            .with_search(SearchIndex::in_memory().unwrap());
        let node_a = w.reg.clone().with_search(SearchIndex::in_memory().unwrap());
        assert_eq!(other.rebuild_search().await.unwrap(), 0);
        // Node B follows the change log as `serve` does.
        let follower = {
            let b = other.clone();
            tokio::spawn(async move {
                loop {
                    b.sync_search().await.unwrap();
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            })
        };
        let id = node_a
            .create(
                &w.editor,
                "gm0363",
                &valid_doc("Zwerfafval herkennen met camera's"),
            )
            .await
            .unwrap()
            .id;
        node_a.submit(&w.editor, id, None).await.unwrap();
        let published = std::time::Instant::now();
        node_a.publish(&w.approver, id, None).await.unwrap();
        let found = loop {
            let r = other.search(&SearchQuery::new("zwerfafval")).unwrap();
            if r.hits.iter().any(|h| h.id == id.as_string()) {
                break published.elapsed();
            }
            assert!(
                published.elapsed() < std::time::Duration::from_secs(2),
                "not found through the other node within 2 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        };
        eprintln!(
            "{:?}: found through the other node after {found:?}",
            w.reg.backend()
        );
        // A retraction disappears the same way.
        node_a
            .retract(&w.approver, id, "Proef gestopt.")
            .await
            .unwrap();
        let retracted = std::time::Instant::now();
        while other.search(&SearchQuery::new("zwerfafval")).unwrap().total > 0 {
            assert!(retracted.elapsed() < std::time::Duration::from_secs(2));
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        // A reindex request reaches every node.
        node_a.request_reindex().await.unwrap();
        other.sync_search().await.unwrap();
        follower.abort();
    }
}

fn item(source: &str, name: &str) -> algoreg_register::BulkItem {
    algoreg_register::BulkItem {
        source_id: source.into(),
        document: valid_doc(name),
    }
}

#[tokio::test]
async fn validate_reports_every_problem_and_saves_nothing() {
    for w in worlds().await {
        let mut doc = valid_doc("Route");
        doc.remove("contact_email");
        doc.insert("begin_date".into(), json!("2023-13"));
        doc.insert("status".into(), json!("Kapot"));
        let v = Register::validate_document(&doc);
        assert!(!v.valid);
        let paths: Vec<&str> = v.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["status", "begin_date", "contact_email"]);
        assert!(
            !v.document.contains_key("type"),
            "the answer shows the normalised document"
        );
        let ok = Register::validate_document(&valid_doc("Route"));
        assert!(ok.valid && ok.problems.is_empty(), "{:?}", ok.problems);
        let mut unknown = valid_doc("Route");
        unknown.insert("standard_version".into(), json!("9.9"));
        let v = Register::validate_document(&unknown);
        assert_eq!(v.problems.len(), 1);
        assert_eq!(v.problems[0].kind, ProblemKind::UnknownVersion);
        assert_eq!(w.reg.counts().await.unwrap(), (0, 0));
    }
}

#[tokio::test]
async fn bulk_upsert_creates_updates_skips_and_is_all_or_nothing() {
    use algoreg_register::BulkResult::{Created, Invalid, Unchanged, Updated};
    for w in worlds().await {
        let r = &w.reg;
        let report = r
            .bulk_upsert(
                &w.editor,
                "gm0363",
                vec![item("A-1", "Een"), item("A-2", "Twee")],
            )
            .await
            .unwrap();
        assert!(report.committed);
        assert_eq!(
            (report.created, report.updated, report.unchanged),
            (2, 0, 0)
        );
        let a1 = report.items[0].id.unwrap();
        assert_eq!(report.items[0].version, Some(1));
        assert_eq!(
            r.get(Some(&w.editor), a1)
                .await
                .unwrap()
                .description
                .source_id
                .as_deref(),
            Some("A-1")
        );
        // Publish A-2, so that its update becomes a draft beside the public version.
        let a2 = report.items[1].id.unwrap();
        r.submit(&w.editor, a2, None).await.unwrap();
        r.publish(&w.approver, a2, None).await.unwrap();

        let events_before = r.events(&w.editor, a1).await.unwrap().len();
        let report = r
            .bulk_upsert(
                &w.editor,
                "gm0363",
                vec![
                    item("A-1", "Een"),
                    item("A-2", "Twee, beter"),
                    item("A-3", "Drie"),
                ],
            )
            .await
            .unwrap();
        assert!(report.committed);
        let results: Vec<_> = report.items.iter().map(|i| i.result).collect();
        assert_eq!(results, [Unchanged, Updated, Created]);
        assert_eq!(report.items[0].version, Some(1));
        assert_eq!(report.items[1].version, Some(2));
        assert_eq!(
            r.events(&w.editor, a1).await.unwrap().len(),
            events_before,
            "unchanged writes nothing"
        );
        let a2v = r.get(Some(&w.editor), a2).await.unwrap();
        assert_eq!(
            a2v.description.published_n,
            Some(1),
            "the public version stays"
        );
        assert_eq!(a2v.newest().unwrap().columns.name, "Twee, beter");

        // One invalid item: nothing is written, and the report says why, per item.
        let before = r.counts().await.unwrap();
        let mut bad = item("A-4", "Vier");
        bad.document.insert("status".into(), json!("Kapot"));
        let mut other_source = item("A-5", "Vijf");
        other_source
            .document
            .insert("source_id".into(), json!("Z-9"));
        let report = r
            .bulk_upsert(
                &w.editor,
                "gm0363",
                vec![
                    item("A-1", "Een, nieuw"),
                    bad,
                    item("A-6", "Zes"),
                    item("A-6", "Zes weer"),
                    other_source,
                    item(" ", "Leeg"),
                ],
            )
            .await
            .unwrap();
        assert!(!report.committed);
        let results: Vec<_> = report.items.iter().map(|i| i.result).collect();
        assert_eq!(
            results,
            [Updated, Invalid, Created, Invalid, Invalid, Invalid]
        );
        assert_eq!(report.invalid, 4);
        assert_eq!(report.items[1].problems[0].path, "status");
        assert_eq!(report.items[3].problems[0].kind, ProblemKind::Duplicate);
        assert_eq!(report.items[4].problems[0].path, "document.source_id");
        assert_eq!(report.items[5].problems[0].kind, ProblemKind::Required);
        assert!(report.items.iter().all(|i| i.version.is_none()));
        assert_eq!(r.counts().await.unwrap(), before);
        assert_eq!(
            r.get(Some(&w.editor), a1).await.unwrap().description.head_n,
            1
        );

        // An archived description cannot be changed: the item says why, nothing is written.
        r.archive(&w.approver, a1, "").await.unwrap();
        let report = r
            .bulk_upsert(
                &w.editor,
                "gm0363",
                vec![item("A-1", "Een, weer"), item("A-7", "Zeven")],
            )
            .await
            .unwrap();
        assert!(!report.committed);
        assert!(matches!(
            report.items[0].denied,
            Some(Denied::WrongState { .. })
        ));
        assert_eq!(r.counts().await.unwrap(), before);

        // Who may: outsiders, supervisors and too many items are refused as a whole.
        assert!(matches!(
            r.bulk_upsert(&w.outsider, "gm0363", vec![item("B-1", "Een")])
                .await,
            Err(RegisterError::Denied(Denied::NotMember))
        ));
        assert!(matches!(
            r.bulk_upsert(&w.supervisor, "gm0363", vec![item("B-1", "Een")])
                .await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        assert!(matches!(
            r.bulk_upsert(&w.editor, "gm0363", vec![]).await,
            Err(RegisterError::InvalidParams(_))
        ));
        let many = (0..=algoreg_register::MAX_BULK_ITEMS)
            .map(|i| item(&format!("M-{i}"), "Veel"))
            .collect();
        assert!(matches!(
            r.bulk_upsert(&w.editor, "gm0363", many).await,
            Err(RegisterError::InvalidParams(_))
        ));
        assert!(matches!(
            r.bulk_upsert(&w.editor, "xx0000", vec![item("B-1", "Een")])
                .await,
            Err(RegisterError::UnknownOrganisation(_))
        ));
        // Source IDs are per organisation: the outsider's organisation gets its own A-2.
        let report = r
            .bulk_upsert(&w.outsider, "gm0599", vec![item("A-2", "Twee elders")])
            .await
            .unwrap();
        assert_eq!(report.items[0].result, Created);
        assert_ne!(report.items[0].id, Some(a2));
    }
}

#[tokio::test]
async fn lists_by_state_and_source_ids_follow_saves() {
    use algoreg_register::domain::VersionState;
    for w in worlds().await {
        let r = &w.reg;
        let a = r
            .create(&w.editor, "gm0363", &valid_doc("Een"))
            .await
            .unwrap()
            .id;
        let b = r
            .create(&w.editor, "gm0363", &valid_doc("Twee"))
            .await
            .unwrap()
            .id;
        r.submit(&w.editor, b, None).await.unwrap();
        let q = ListQuery {
            org: None,
            page: 1,
            per_page: 10,
        };
        let drafts = r
            .list_in_states(Some(&w.editor), &q, &[VersionState::Draft])
            .await
            .unwrap();
        assert_eq!(drafts.total, 1);
        assert_eq!(drafts.items[0].id, a);
        let both = r
            .list_in_states(
                Some(&w.editor),
                &q,
                &[VersionState::Draft, VersionState::Submitted],
            )
            .await
            .unwrap();
        assert_eq!(both.total, 2);
        assert_eq!(
            r.list_in_states(Some(&w.outsider), &q, &[])
                .await
                .unwrap()
                .total,
            0
        );
        // A save that changes source_id moves the description to its new source ID.
        let mut doc = valid_doc("Een");
        doc.insert("source_id".into(), json!("S-1"));
        r.save_draft(&w.editor, a, 1, &doc).await.unwrap();
        let list = r.list(Some(&w.editor), &q).await.unwrap();
        let row = list.items.iter().find(|s| s.id == a).unwrap();
        assert_eq!(row.source_id.as_deref(), Some("S-1"));
        let report = r
            .bulk_upsert(
                &w.editor,
                "gm0363",
                vec![algoreg_register::BulkItem {
                    source_id: "S-1".into(),
                    document: doc,
                }],
            )
            .await
            .unwrap();
        assert_eq!(
            report.items[0].result,
            algoreg_register::BulkResult::Unchanged
        );
        assert_eq!(report.items[0].id, Some(a));
    }
}

#[tokio::test]
async fn idempotency_keys_are_per_actor_and_checked() {
    for w in worlds().await {
        let r = &w.reg;
        let first = r
            .begin_idempotent(&w.editor, "key-1", "POST", "/api/v1/algorithms", b"{}")
            .await
            .unwrap();
        assert_eq!(first, algoreg_register::Claim::New);
        let answer = algoreg_register::StoredAnswer {
            status: 201,
            headers: vec![("etag".into(), "\"v1\"".into())],
            body: "{}".into(),
        };
        r.finish_idempotent(&w.editor, "key-1", &answer)
            .await
            .unwrap();
        assert_eq!(
            r.begin_idempotent(&w.editor, "key-1", "POST", "/api/v1/algorithms", b"{}")
                .await
                .unwrap(),
            algoreg_register::Claim::Replay(answer)
        );
        assert_eq!(
            r.begin_idempotent(&w.editor, "key-1", "POST", "/api/v1/algorithms", b"{ }")
                .await
                .unwrap(),
            algoreg_register::Claim::Mismatch
        );
        assert_eq!(
            r.begin_idempotent(&w.approver, "key-1", "POST", "/api/v1/algorithms", b"{ }")
                .await
                .unwrap(),
            algoreg_register::Claim::New
        );
        r.abandon_idempotent(&w.approver, "key-1").await.unwrap();
        for bad in ["", "met spatie", &"x".repeat(256), "é"] {
            assert!(matches!(
                r.begin_idempotent(&w.editor, bad, "POST", "/", b"").await,
                Err(RegisterError::InvalidParams(_))
            ));
        }
    }
}

#[tokio::test]
async fn strict_saves_refuse_wrong_values_and_act_on_checks_reasons() {
    use algoreg_register::domain::Action;
    for w in worlds().await {
        let r = &w.reg;
        // Incomplete is fine; wrong is not, and nothing is saved.
        let saved = r
            .create_strict(
                &w.editor,
                "gm0363",
                &json!({"name": "Alleen een naam"})
                    .as_object()
                    .unwrap()
                    .clone(),
            )
            .await
            .unwrap();
        assert!(
            saved
                .problems
                .iter()
                .all(|p| p.kind == ProblemKind::Required)
        );
        let mut wrong = valid_doc("Fout");
        wrong.insert("status".into(), json!("Kapot"));
        wrong.insert("name".into(), json!(5));
        let Err(RegisterError::Invalid(problems)) =
            r.create_strict(&w.editor, "gm0363", &wrong).await
        else {
            panic!("a wrong document is refused");
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["name", "status"]);
        assert_eq!(r.counts().await.unwrap(), (1, 0));
        assert!(matches!(
            r.save_draft_strict(&w.editor, saved.id, 1, &wrong).await,
            Err(RegisterError::Invalid(_))
        ));
        assert!(matches!(
            r.save_draft_strict(&w.editor, saved.id, 7, &valid_doc("Goed"))
                .await,
            Err(RegisterError::Conflict { current: 1 })
        ));
        let id = r
            .save_draft_strict(&w.editor, saved.id, 1, &valid_doc("Goed"))
            .await
            .unwrap()
            .id;
        // Only members see the description through get_internal, also once it is published.
        assert!(matches!(
            r.get_internal(&w.outsider, id).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            r.act_on(&w.editor, id, None, Action::Submit, Some("waarom"))
                .await,
            Err(RegisterError::InvalidParams(_))
        ));
        assert!(matches!(
            r.act_on(&w.editor, id, Some(1), Action::Submit, None).await,
            Err(RegisterError::Conflict { current: 2 })
        ));
        r.act_on(&w.editor, id, Some(2), Action::Submit, Some(" "))
            .await
            .unwrap();
        r.act_on(&w.approver, id, None, Action::Publish, None)
            .await
            .unwrap();
        assert!(
            r.get(Some(&w.outsider), id).await.is_ok(),
            "the public sees it"
        );
        assert!(matches!(
            r.get_internal(&w.outsider, id).await,
            Err(RegisterError::NotFound)
        ));
        assert!(r.get_internal(&w.supervisor, id).await.is_ok());
        assert!(matches!(
            r.act_on(&w.approver, id, None, Action::Retract, None).await,
            Err(RegisterError::Invalid(_))
        ));
        r.act_on(&w.approver, id, None, Action::Retract, Some("Klaar"))
            .await
            .unwrap();
        r.act_on(&w.approver, id, None, Action::Archive, None)
            .await
            .unwrap();
        assert!(matches!(
            r.act_on(&w.approver, id, None, Action::SaveDraft, None)
                .await,
            Err(RegisterError::InvalidParams(_))
        ));
        let kinds: Vec<String> = r
            .events(&w.editor, id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                "create",
                "save-draft",
                "submit",
                "publish",
                "retract",
                "archive"
            ]
        );
    }
}

#[tokio::test]
async fn sessions_log_in_time_out_and_throttle() {
    use algoreg_register::{MAX_ACCOUNT_FAILURES, SessionPolicy};
    use std::time::Duration;
    for w in worlds().await {
        let reg = &w.reg;
        let policy = SessionPolicy::default();
        // Wrong password and unknown account look the same.
        assert!(matches!(
            reg.log_in("eva@example.nl", "wrong password!!", "10.0.0.1")
                .await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            reg.log_in(
                "nobody@example.nl",
                "correct horse battery staple",
                "10.0.0.1"
            )
            .await,
            Err(RegisterError::NotFound)
        ));
        // The right password: a session with the actor's roles; a second login is a second session.
        let a = reg
            .log_in(
                " Eva@Example.nl ",
                "correct horse battery staple",
                "10.0.0.1",
            )
            .await
            .unwrap()
            .done()
            .unwrap();
        let b = reg
            .log_in("eva@example.nl", "correct horse battery staple", "10.0.0.2")
            .await
            .unwrap()
            .done()
            .unwrap();
        assert_ne!(a.secret, b.secret);
        assert_ne!(a.session.csrf, b.session.csrf);
        let s = reg.session(&a.secret, policy).await.unwrap().unwrap();
        assert_eq!(s.actor, w.editor);
        assert_eq!(s.csrf, a.session.csrf);
        assert!(
            reg.session("not-a-session", policy)
                .await
                .unwrap()
                .is_none()
        );
        // Logging out ends that session only.
        reg.log_out(&a.secret).await.unwrap();
        assert!(reg.session(&a.secret, policy).await.unwrap().is_none());
        assert!(reg.session(&b.secret, policy).await.unwrap().is_some());
        // Time-outs: a policy of zero ends every session (and removes it).
        let zero = SessionPolicy {
            idle: Duration::ZERO,
            absolute: Duration::from_secs(3600),
        };
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert!(reg.session(&b.secret, zero).await.unwrap().is_none());
        assert!(reg.session(&b.secret, policy).await.unwrap().is_none());
        let c = reg
            .log_in("eva@example.nl", "correct horse battery staple", "10.0.0.2")
            .await
            .unwrap()
            .done()
            .unwrap();
        let short = SessionPolicy {
            idle: Duration::from_secs(3600),
            absolute: Duration::ZERO,
        };
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert_eq!(reg.remove_expired_sessions(short).await.unwrap(), 1);
        assert!(reg.session(&c.secret, policy).await.unwrap().is_none());

        // Throttling per account: after the limit even the right password is refused, for a while;
        // other accounts are not affected.
        for _ in 0..MAX_ACCOUNT_FAILURES {
            assert!(matches!(
                reg.log_in("abel@example.nl", "wrong password!!", "10.0.0.3")
                    .await,
                Err(RegisterError::NotFound)
            ));
        }
        assert!(matches!(
            reg.log_in(
                "abel@example.nl",
                "correct horse battery staple",
                "10.0.0.4"
            )
            .await,
            Err(RegisterError::RateLimited { .. })
        ));
        assert!(
            reg.log_in(
                "anna@example.nl",
                "correct horse battery staple",
                "10.0.0.3"
            )
            .await
            .is_ok()
        );
    }
}

/// The tabular downloads copy the cells rendered at publication (demo load, import, the publish
/// service); the file must be byte for byte the one written from the documents.
#[tokio::test]
async fn table_downloads_equal_downloads_from_documents() {
    use algoreg_exchange::{CsvOptions, CsvWriter, PublicRecord};
    use algoreg_register::PublicQuery;
    use futures_util::{Stream, StreamExt};

    async fn csv<S>(records: S, history: bool) -> Vec<u8>
    where
        S: Stream<Item = Result<PublicRecord, RegisterError>>,
    {
        let options = CsvOptions {
            lang: algoreg_register::standard::Lang::Nl,
            bom: false,
            history,
        };
        let mut w = CsvWriter::new(Vec::new(), options).unwrap();
        let mut records = std::pin::pin!(records);
        while let Some(r) = records.next().await {
            w.write(&r.unwrap()).unwrap();
        }
        w.finish().unwrap()
    }
    let until = chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
        .unwrap()
        .to_utc();
    for w in worlds().await {
        w.reg.load_demo(120, 5, until).await.unwrap();
        // One published through the services, then published again in a newer version.
        let id = w
            .reg
            .create(&w.editor, "gm0363", &valid_doc("Route van de vuilniswagen"))
            .await
            .unwrap()
            .id;
        w.reg.submit(&w.editor, id, None).await.unwrap();
        w.reg.publish(&w.approver, id, None).await.unwrap();
        let mut doc = valid_doc("Route van de vuilniswagen, \"slim\"");
        doc.insert(
            "goal".into(),
            json!("<ul><li>Minder, korter</li><li>Stiller</li></ul>"),
        );
        w.reg.save_draft(&w.editor, id, 1, &doc).await.unwrap();
        w.reg.submit(&w.editor, id, None).await.unwrap();
        w.reg.publish(&w.approver, id, None).await.unwrap();
        let url = |id: &AlgorithmId, name: &str| format!("https://x.example/{id}/{name}");
        for (params, history) in [
            (vec![], false),
            (vec![], true),
            (vec![("organisation".to_owned(), "gm0363".to_owned())], true),
            (vec![("status".to_owned(), "in-gebruik".to_owned())], false),
        ] {
            let q = PublicQuery::parse(&params, &[]).unwrap();
            let from_documents = csv(
                w.reg.public_records(&q, history, url).await.unwrap(),
                history,
            )
            .await;
            let from_cells = csv(
                w.reg.public_table_records(&q, history, url).await.unwrap(),
                history,
            )
            .await;
            assert!(from_documents.len() > 2000, "{params:?}: too few rows");
            assert!(
                from_documents == from_cells,
                "{:?} {params:?} history {history}: the files differ",
                w.reg.backend()
            );
        }
        // Demo load and the publish service rendered every cell: nothing is left to fill in.
        assert_eq!(w.reg.fill_export_cells(50).await.unwrap(), 0);
    }
}

/// Every filter combination the data allows, one value and two values per filter, pairs of filters,
/// unknown values: the lists of the read model equal the SQL answers, page by page, in every order;
/// also right after publications and retractions through the services.
#[tokio::test]
async fn read_model_lists_equal_the_sql_answers() {
    use algoreg_store::{PublicFilter, PublicSort};
    use std::collections::BTreeSet;

    let until = chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
        .unwrap()
        .to_utc();
    for w in worlds().await {
        let store = w._db.store.clone();
        w.reg.load_demo(300, 8, until).await.unwrap();
        let compare = |label: &'static str| {
            let store = store.clone();
            async move {
                let (all, _) = store
                    .public_list_sql(&PublicFilter::default(), PublicSort::Newest, 100_000, 0)
                    .await
                    .unwrap();
                let mut values: Vec<BTreeSet<String>> = vec![BTreeSet::new(); 10];
                for r in &all {
                    values[0].insert(r.org_code.clone());
                    values[1].insert(r.org_type.as_str().to_owned());
                    values[2].extend(r.themes.iter().cloned());
                    values[3].extend(r.status.iter().cloned());
                    values[4].extend(r.publication_category.iter().cloned());
                    values[5].extend(r.impact_codes.iter().cloned());
                    values[6].extend(r.provider.iter().cloned());
                    values[7].insert(r.standard_version.clone());
                    values[8].insert(r.lang.clone());
                }
                values[9] = all.iter().take(5).map(|r| r.id.as_string()).collect();
                let set = |f: &mut PublicFilter, dim: usize, v: Vec<String>| match dim {
                    0 => f.orgs = v,
                    1 => f.org_types = v,
                    2 => f.themes = v,
                    3 => f.statuses = v,
                    4 => f.categories = v,
                    5 => f.impact_codes = v,
                    6 => f.providers = v,
                    7 => f.standard_versions = v,
                    8 => f.langs = v,
                    _ => f.ids = v,
                };
                let some = |dim: usize, k: usize| -> Vec<String> {
                    values[dim].iter().take(k).cloned().collect()
                };
                let mut filters = vec![PublicFilter::default()];
                for (dim, dim_values) in values.iter().enumerate() {
                    for v in dim_values.iter().take(6) {
                        let mut f = PublicFilter::default();
                        set(&mut f, dim, vec![v.clone()]);
                        filters.push(f);
                    }
                    let mut f = PublicFilter::default();
                    set(&mut f, dim, some(dim, 2));
                    filters.push(f);
                    let mut f = PublicFilter::default();
                    set(&mut f, dim, vec!["no such value".into()]);
                    filters.push(f);
                    for other in dim + 1..10 {
                        let mut f = PublicFilter::default();
                        set(&mut f, dim, some(dim, 1));
                        set(&mut f, other, some(other, 2));
                        filters.push(f);
                    }
                }
                let mut checked = 0;
                for f in &filters {
                    for sort in [
                        PublicSort::Newest,
                        PublicSort::Oldest,
                        PublicSort::Name,
                        PublicSort::NameDesc,
                    ] {
                        for (limit, offset) in [(20, 0), (7, 13), (100, 100), (3, 290)] {
                            let want = store.public_list_sql(f, sort, limit, offset).await.unwrap();
                            let got = store.public_list(f, sort, limit, offset).await.unwrap();
                            assert_eq!(got, want, "{label}: {f:?} {sort:?} {limit}/{offset}");
                            checked += 1;
                        }
                    }
                }
                assert!(checked > 1000, "{checked}");
                all.len()
            }
        };
        let before = compare("after the demo load").await;
        // Changes through the services, read at once through the same node.
        let id = w
            .reg
            .create(&w.editor, "gm0363", &valid_doc("Één afvalroute, \"Zuid\""))
            .await
            .unwrap()
            .id;
        w.reg.submit(&w.editor, id, None).await.unwrap();
        w.reg.publish(&w.approver, id, None).await.unwrap();
        let (first, _) = store
            .public_list(&PublicFilter::default(), PublicSort::Newest, 1, 0)
            .await
            .unwrap();
        assert_eq!(first[0].id, id, "a node reads its own publication at once");
        let gm0363 = PublicFilter {
            orgs: vec!["gm0363".into()],
            ..Default::default()
        };
        let (gone, _) = store
            .public_list(&gm0363, PublicSort::Oldest, 2, 0)
            .await
            .unwrap();
        assert!(gone.iter().all(|g| g.id != id));
        for g in &gone {
            w.reg
                .retract(&w.approver, g.id, "Tijdelijk teruggetrokken.")
                .await
                .unwrap();
        }
        assert_eq!(compare("after changes").await, before + 1 - gone.len());
    }
}

/// Two nodes on one database: what one publishes, the other's lists show within the poll interval,
/// and at once after it has read the newer generation (as the answer cache does before each answer).
#[tokio::test]
async fn read_model_follows_the_change_log_across_nodes() {
    use algoreg_store::{POLL, PublicFilter, PublicSort, Store};

    for w in worlds().await {
        let other = Store::connect(&w._db.url).await.unwrap();
        let newest = |s: Store| async move {
            let (items, total) = s
                .public_list(&PublicFilter::default(), PublicSort::Newest, 5, 0)
                .await
                .unwrap();
            (items.into_iter().map(|r| r.id).collect::<Vec<_>>(), total)
        };
        assert_eq!(newest(other.clone()).await, (vec![], 0));
        let id = w
            .reg
            .create(&w.editor, "gm0363", &valid_doc("Zwerfafval herkennen"))
            .await
            .unwrap()
            .id;
        w.reg.submit(&w.editor, id, None).await.unwrap();
        w.reg.publish(&w.approver, id, None).await.unwrap();
        // At once once the generation has been read.
        other.generation().await.unwrap();
        assert_eq!(newest(other.clone()).await, (vec![id], 1));
        // Without that, within the poll interval.
        w.reg
            .retract(&w.approver, id, "Proef gestopt.")
            .await
            .unwrap();
        let retracted = std::time::Instant::now();
        while newest(other.clone()).await.1 != 0 {
            assert!(
                retracted.elapsed() < POLL * 8,
                "still listed after {:?}",
                retracted.elapsed()
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        other.close().await;
    }
}
