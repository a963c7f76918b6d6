//! The services end to end, on SQLite always and on PostgreSQL when `ALGOREG_TEST_POSTGRES_URL` is set.

use algoreg_register::domain::{
    Actor, AlgorithmId, Denied, OrgRole, PlatformRole, PublicationFlow, UserId,
};
use algoreg_register::standard::{Document, ProblemKind};
use algoreg_register::{ListQuery, NewUserRequest, Register, RegisterError};
use algoreg_store::test_support::{TestDb, backends, sqlite};
use serde_json::json;

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
