//! The services end to end, on SQLite always and on PostgreSQL when `ALGOREG_TEST_POSTGRES_URL` is set.

use algoreg_register::domain::{
    Actor, AlgorithmId, Denied, OrgRole, PlatformRole, PublicationFlow, UserId,
};
use algoreg_register::standard::{Document, ProblemKind};
use algoreg_register::{ListQuery, NewUserRequest, Register, RegisterError};
use algoreg_store::test_support::{TestDb, backends, sqlite};
use serde_json::json;

#[path = "register/auth.rs"]
mod auth;

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
            .unwrap();
        let b = reg
            .log_in("eva@example.nl", "correct horse battery staple", "10.0.0.2")
            .await
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
