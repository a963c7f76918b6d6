//! The store conformance suite: every test runs on SQLite, and on PostgreSQL too when
//! `ALGOREG_TEST_POSTGRES_URL` is set (each test in a schema of its own).

use algoreg_domain::{
    AlgorithmId, OrgCode, OrgRole, OrgType, Organisation, PublicationFlow, UserId, VersionState,
};
use algoreg_store::{
    Backend, BulkWrite, Claim, ExportCells, ImportDescription, ListFilter, NewDescription,
    NewEvent, NewUser, NewVersion, StoreError, StoredAnswer, Transition, VersionColumns, now,
};
use futures_util::StreamExt;

use algoreg_store::test_support::backends;

fn org(code: &str) -> Organisation {
    Organisation {
        code: OrgCode::parse(code).unwrap(),
        name: format!("Organisatie {code}"),
        org_type: OrgType::Gemeente,
        parent: None,
        flow: PublicationFlow::TwoStep,
        public_page: true,
        about: String::new(),
        contact: String::new(),
    }
}

fn version(name: &str, state: VersionState) -> NewVersion {
    let at = now();
    NewVersion {
        document: format!("{{\"name\":\"{name}\"}}"),
        columns: VersionColumns {
            standard_version: "1.0".into(),
            name: name.into(),
            summary: format!("Over {name}."),
            status: Some("In gebruik".into()),
            publication_category: Some("Overige algoritmes".into()),
            provider: None,
            lang: "nld".into(),
            themes: vec!["Verkeer".into(), "Werk".into()],
            impact_codes: vec!["dpia".into()],
            completeness: 80,
        },
        export_cells: (state == VersionState::Published).then(|| ExportCells {
            format: 1,
            cells: format!("{name},cells"),
        }),
        state,
        created_at: at,
        created_by: None,
        author_name: "Tester".into(),
        state_changed_at: at,
        state_changed_by: None,
        state_reason: None,
        published_at: (state == VersionState::Published).then_some(at),
        superseded_at: None,
    }
}

fn event(kind: &str) -> NewEvent {
    NewEvent {
        at: now(),
        actor: None,
        actor_name: "test".into(),
        kind: kind.into(),
        reason: None,
    }
}

fn id(s: &str) -> AlgorithmId {
    AlgorithmId::parse(s).unwrap()
}

#[tokio::test]
async fn migrations_run_once() {
    for db in backends().await {
        assert_eq!(
            db.store.migrate().await.unwrap(),
            0,
            "{:?}",
            db.store.backend()
        );
        db.store.ping().await.unwrap();
    }
}

#[tokio::test]
async fn organisations_and_users() {
    for db in backends().await {
        let s = &db.store;
        assert_eq!(
            s.insert_missing_organisations(&[org("gm0363"), org("gm0599")])
                .await
                .unwrap(),
            2
        );
        let mut changed = org("gm0363");
        changed.name = "Gemeente Amsterdam".into();
        assert_eq!(
            s.insert_missing_organisations(&[changed.clone()])
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            s.organisation(&changed.code).await.unwrap().name,
            "Organisatie gm0363"
        );
        s.upsert_organisations(&[changed.clone()]).await.unwrap();
        assert_eq!(s.organisation(&changed.code).await.unwrap(), changed);
        assert!(matches!(
            s.organisation(&OrgCode::parse("gm9999").unwrap()).await,
            Err(StoreError::NotFound)
        ));

        let user = NewUser {
            email: "Editor@Example.nl".into(),
            name: "Eva Editor".into(),
            password_hash: Some("$argon2id$fake".into()),
            platform_roles: vec![],
            memberships: vec![
                (changed.code.clone(), OrgRole::Editor),
                (changed.code.clone(), OrgRole::Approver),
            ],
        };
        let uid = s.create_user(&user).await.unwrap();
        assert!(matches!(
            s.create_user(&user).await,
            Err(StoreError::Duplicate(_))
        ));
        let mut stranger = user.clone();
        stranger.email = "other@example.nl".into();
        stranger.memberships = vec![(OrgCode::parse("gm9999").unwrap(), OrgRole::Editor)];
        assert!(matches!(
            s.create_user(&stranger).await,
            Err(StoreError::MissingReference(_))
        ));
        // Nothing half-written: the failed user does not exist.
        assert!(matches!(
            s.user_by_email("other@example.nl").await,
            Err(StoreError::NotFound)
        ));
        let actor = s.actor(uid).await.unwrap();
        assert!(actor.has_org_role(&changed.code, OrgRole::Approver));
        assert_eq!(s.user_by_email("editor@example.nl").await.unwrap().id, uid);
        assert!(
            !format!("{:?}", s.user_by_email("editor@example.nl").await.unwrap())
                .contains("argon2")
        );
    }
}

#[tokio::test]
async fn versions_states_events_and_conflicts() {
    for db in backends().await {
        let s = &db.store;
        s.insert_missing_organisations(&[org("gm0363")])
            .await
            .unwrap();
        let a = id("15888639");
        let d = NewDescription {
            id: a,
            org: OrgCode::parse("gm0363").unwrap(),
            created_at: now(),
            source_id: None,
        };
        s.create_description(
            &d,
            &version("Eerste", VersionState::Draft),
            &event("create"),
        )
        .await
        .unwrap();
        assert!(matches!(
            s.create_description(
                &d,
                &version("Dubbel", VersionState::Draft),
                &event("create")
            )
            .await,
            Err(StoreError::Duplicate(_))
        ));
        // Two saves from version 1: the second is a conflict, nothing overwritten.
        let n = s
            .save_version(
                a,
                1,
                &version("Tweede", VersionState::Draft),
                Some(VersionState::Superseded),
                &event("save"),
                None,
            )
            .await
            .unwrap();
        assert_eq!(n, 2);
        let stale = s
            .save_version(
                a,
                1,
                &version("Kwijt", VersionState::Draft),
                None,
                &event("save"),
                None,
            )
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { current: 2 })),
            "{stale:?}"
        );
        assert_eq!(s.versions(a).await.unwrap().len(), 2);
        assert_eq!(
            s.version(a, 1).await.unwrap().state,
            VersionState::Superseded
        );

        let t = |head_to, published_to, expected_head, kind: &str| Transition {
            id: a,
            expected_head,
            head_to,
            published_to,
            export_cells: (head_to == VersionState::Published).then(|| ExportCells {
                format: 1,
                cells: "published,cells".into(),
            }),
            event: event(kind),
            messages: Vec::new(),
        };
        s.transition(&t(VersionState::Submitted, None, 2, "submit"))
            .await
            .unwrap();
        assert!(matches!(
            s.transition(&t(VersionState::Published, None, 1, "publish"))
                .await,
            Err(StoreError::Conflict { .. })
        ));
        s.transition(&t(VersionState::Published, None, 2, "publish"))
            .await
            .unwrap();
        let desc = s.description(a).await.unwrap();
        assert_eq!(desc.published_n, Some(2));
        let first_published = desc.first_published_at.unwrap();

        // A newer draft: the published version stays public.
        s.save_version(
            a,
            2,
            &version("Derde", VersionState::Draft),
            None,
            &event("save"),
            Some("X-3"),
        )
        .await
        .unwrap();
        let desc = s.description(a).await.unwrap();
        assert_eq!(desc.published_n, Some(2));
        assert_eq!(
            desc.source_id.as_deref(),
            Some("X-3"),
            "a save sets source_id"
        );
        s.transition(&t(VersionState::Submitted, None, 3, "submit"))
            .await
            .unwrap();
        s.transition(&t(
            VersionState::Published,
            Some(VersionState::Superseded),
            3,
            "publish",
        ))
        .await
        .unwrap();
        let desc = s.description(a).await.unwrap();
        assert_eq!(desc.published_n, Some(3));
        assert_eq!(desc.first_published_at, Some(first_published));
        let v2 = s.version(a, 2).await.unwrap();
        assert_eq!(v2.state, VersionState::Superseded);
        assert!(v2.superseded_at.is_some() && v2.published_at.is_some());

        let mut retract = t(VersionState::Retracted, None, 3, "retract");
        retract.event.reason = Some("Niet meer in gebruik".into());
        s.transition(&retract).await.unwrap();
        let desc = s.description(a).await.unwrap();
        assert_eq!(desc.published_n, None);
        let v3 = s.version(a, 3).await.unwrap();
        assert_eq!(
            (v3.state, v3.state_reason.as_deref()),
            (VersionState::Retracted, Some("Niet meer in gebruik"))
        );

        let events = s.events(a).await.unwrap();
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "create", "save", "submit", "publish", "save", "submit", "publish", "retract"
            ]
        );
        let all = s.changes_since(0, 100).await.unwrap();
        assert_eq!(
            all[0].2, "organisations",
            "adding organisations is a change too"
        );
        let changes: Vec<_> = all.into_iter().filter(|c| c.2 == "15888639").collect();
        assert_eq!(changes.len(), events.len());
        assert_eq!(s.changes_since(changes[5].0, 100).await.unwrap().len(), 2);

        // Times read back equal what was written (microseconds on both backends).
        let written = version("Tijd", VersionState::Draft);
        s.save_version(a, 3, &written, None, &event("save"), None)
            .await
            .unwrap();
        let read = s.version(a, 4).await.unwrap();
        assert_eq!(read.created_at, written.created_at);
        assert_eq!(read.columns, written.columns);
    }
}

#[tokio::test]
async fn import_is_all_or_nothing_and_export_streams_in_order() {
    for db in backends().await {
        let s = &db.store;
        s.insert_missing_organisations(&[org("gm0363")])
            .await
            .unwrap();
        let item = |i: &str| ImportDescription {
            description: NewDescription {
                id: id(i),
                org: OrgCode::parse("gm0363").unwrap(),
                created_at: now(),
                source_id: Some("X-1".into()),
            },
            template_id: None,
            archived_at: None,
            versions: vec![
                version("Oud", VersionState::Superseded),
                version("Nieuw", VersionState::Published),
            ],
            event: event("import"),
        };
        let mut bad = item("16812651");
        bad.description.org = OrgCode::parse("gm0001").unwrap();
        let err = s
            .import(&[org("pv27")], &[item("16752463"), bad])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::MissingReference(_)), "{err:?}");
        assert_eq!(s.counts().await.unwrap(), (0, 0));
        assert!(
            s.organisation(&OrgCode::parse("pv27").unwrap())
                .await
                .is_err(),
            "organisations rolled back too"
        );

        s.import(&[org("pv27")], &[item("16752463"), item("15888639")])
            .await
            .unwrap();
        assert_eq!(s.counts().await.unwrap(), (2, 2));
        assert_eq!(
            s.description(id("15888639")).await.unwrap().published_n,
            Some(2)
        );
        let dup = s.import(&[], &[item("15888639")]).await;
        assert!(matches!(dup, Err(StoreError::Duplicate(_))));

        let rows: Vec<_> = s.export_stream().map(|r| r.unwrap()).collect().await;
        let order: Vec<(String, i64)> = rows
            .iter()
            .map(|r| (r.description.id.as_string(), r.version.n))
            .collect();
        assert_eq!(
            order,
            [
                ("15888639".into(), 1),
                ("15888639".into(), 2),
                ("16752463".into(), 1),
                ("16752463".into(), 2)
            ]
        );

        let (list, total) = s
            .list(&ListFilter {
                orgs: None,
                published_only: true,
                head_states: None,
                limit: 1,
                offset: 0,
            })
            .await
            .unwrap();
        assert_eq!((list.len(), total), (1, 2));
        assert_eq!(list[0].head.columns.name, "Nieuw");
        let (none, total) = s
            .list(&ListFilter {
                orgs: Some(vec![OrgCode::parse("pv27").unwrap()]),
                published_only: false,
                head_states: None,
                limit: 10,
                offset: 0,
            })
            .await
            .unwrap();
        assert_eq!((none.len(), total), (0, 0));
    }
}

#[tokio::test]
async fn bulk_writes_are_all_or_nothing_and_find_descriptions_by_source_id() {
    for db in backends().await {
        let s = &db.store;
        s.insert_missing_organisations(&[org("gm0363"), org("pv27")])
            .await
            .unwrap();
        let gm = OrgCode::parse("gm0363").unwrap();
        let create = |i: &str, source: &str| BulkWrite::Create {
            description: NewDescription {
                id: id(i),
                org: gm.clone(),
                created_at: now(),
                source_id: Some(source.into()),
            },
            version: version(source, VersionState::Draft),
            event: event("create"),
        };
        let ids = s
            .bulk_write(&gm, &[create("15888639", "A-1"), create("16752463", "A-2")])
            .await
            .unwrap();
        assert_eq!(ids, [1, 1]);
        assert_eq!(
            s.existing_ids(&[id("15888639"), id("16812651")])
                .await
                .unwrap(),
            [id("15888639")]
        );
        let found = s
            .by_source_ids(&gm, &["A-2".into(), "A-9".into()])
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].description.id, id("16752463"));
        assert_eq!(found[0].head.columns.name, "A-2");
        assert!(
            s.by_source_ids(&OrgCode::parse("pv27").unwrap(), &["A-2".into()])
                .await
                .unwrap()
                .is_empty(),
            "source IDs are per organisation"
        );

        let save = |i: &str, base: i64| BulkWrite::Save {
            id: id(i),
            base,
            version: version("Nieuw", VersionState::Draft),
            previous_head_to: Some(VersionState::Superseded),
            event: event("save-draft"),
            source_id: Some("A-1".into()),
        };
        let before = s.changes_since(0, 1000).await.unwrap().len();
        // A stale base in the middle: the create before it and the save after it are rolled back.
        let err = s
            .bulk_write(
                &gm,
                &[
                    create("16812651", "A-3"),
                    save("16752463", 7),
                    save("15888639", 1),
                ],
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Conflict { current: 1 }),
            "{err:?}"
        );
        // A source ID that is taken: nothing written either.
        let err = s
            .bulk_write(&gm, &[save("15888639", 1), create("16812651", "A-2")])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Duplicate(_)), "{err:?}");
        // A description of another organisation is not found.
        let err = s
            .bulk_write(&OrgCode::parse("pv27").unwrap(), &[save("15888639", 1)])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound), "{err:?}");
        assert_eq!(s.counts().await.unwrap(), (2, 0));
        assert_eq!(s.description(id("15888639")).await.unwrap().head_n, 1);
        assert_eq!(s.changes_since(0, 1000).await.unwrap().len(), before);

        let ns = s
            .bulk_write(&gm, &[save("15888639", 1), create("16812651", "A-3")])
            .await
            .unwrap();
        assert_eq!(ns, [2, 1]);
        assert_eq!(
            s.version(id("15888639"), 1).await.unwrap().state,
            VersionState::Superseded
        );
        let (drafts, total) = s
            .list(&ListFilter {
                orgs: Some(vec![gm.clone()]),
                published_only: false,
                head_states: Some(vec![VersionState::Draft]),
                limit: 10,
                offset: 0,
            })
            .await
            .unwrap();
        assert_eq!((drafts.len(), total), (3, 3));
        let (submitted, total) = s
            .list(&ListFilter {
                orgs: Some(vec![gm.clone()]),
                published_only: false,
                head_states: Some(vec![VersionState::Submitted]),
                limit: 10,
                offset: 0,
            })
            .await
            .unwrap();
        assert_eq!((submitted.len(), total), (0, 0));
    }
}

#[tokio::test]
async fn idempotency_keys_replay_refuse_and_expire() {
    for db in backends().await {
        let s = &db.store;
        let user = |email: &str| NewUser {
            email: email.into(),
            name: email.into(),
            password_hash: None,
            platform_roles: vec![],
            memberships: vec![],
        };
        let a = s.create_user(&user("a@example.nl")).await.unwrap();
        let b = s.create_user(&user("b@example.nl")).await.unwrap();
        let t0 = now();
        let hour = chrono::Duration::hours(1);
        let claim = |u,
                     key: &'static str,
                     hash: &'static str,
                     at: chrono::DateTime<chrono::Utc>| async move {
            s.claim_idempotency_key(
                u,
                key,
                hash,
                at,
                at - hour * 24,
                at - chrono::Duration::minutes(5),
            )
            .await
            .unwrap()
        };
        assert_eq!(claim(a, "k1", "h1", t0).await, Claim::New);
        assert_eq!(claim(a, "k1", "h1", t0).await, Claim::InProgress);
        assert_eq!(claim(a, "k1", "h2", t0).await, Claim::Mismatch);
        assert_eq!(
            claim(b, "k1", "h2", t0).await,
            Claim::New,
            "keys are per user"
        );
        let answer = StoredAnswer {
            status: 201,
            headers: vec![
                ("location".into(), "/x".into()),
                ("etag".into(), "\"v1\"".into()),
            ],
            body: "{\"id\":\"15888639\"}".into(),
        };
        s.finish_idempotency_key(a, "k1", &answer).await.unwrap();
        assert_eq!(
            claim(a, "k1", "h1", t0 + hour).await,
            Claim::Replay(answer.clone())
        );
        assert_eq!(claim(a, "k1", "h2", t0 + hour).await, Claim::Mismatch);
        // After 24 hours the key is forgotten.
        assert_eq!(claim(a, "k1", "h2", t0 + hour * 25).await, Claim::New);
        // A released claim can be used again at once; a claim left unanswered is taken over later.
        assert_eq!(claim(a, "k2", "h1", t0).await, Claim::New);
        s.release_idempotency_key(a, "k2").await.unwrap();
        assert_eq!(claim(a, "k2", "h1", t0).await, Claim::New);
        assert_eq!(
            claim(a, "k2", "h1", t0 + chrono::Duration::minutes(1)).await,
            Claim::InProgress
        );
        assert_eq!(
            claim(a, "k2", "h1", t0 + chrono::Duration::minutes(6)).await,
            Claim::New
        );
    }
}

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let dbs = backends().await;
    if dbs.len() < 2 {
        eprintln!(
            "ALGOREG_TEST_POSTGRES_URL not set: the PostgreSQL half of this check did not run"
        );
    }
    let mut schemas = Vec::new();
    for db in &dbs {
        schemas.push((db.store.backend(), db.store.schema_columns().await.unwrap()));
    }
    assert!(schemas[0].1.len() > 30, "{:?}", schemas[0]);
    if let [(Backend::Sqlite, a), (Backend::Postgres, b)] = schemas.as_slice() {
        assert_eq!(a, b);
    }
    let _ = UserId(0);
}

#[tokio::test]
async fn export_stream_copies_cells_or_falls_back_to_documents() {
    use algoreg_store::{ExportContent, PublicFilter};
    for db in backends().await {
        let s = &db.store;
        s.insert_missing_organisations(&[org("gm0363")])
            .await
            .unwrap();
        let item = ImportDescription {
            description: NewDescription {
                id: id("15888639"),
                org: OrgCode::parse("gm0363").unwrap(),
                created_at: now(),
                source_id: None,
            },
            template_id: None,
            archived_at: None,
            versions: vec![
                version("Oud", VersionState::Superseded),
                version("Nieuw", VersionState::Published),
            ],
            event: event("import"),
        };
        s.import(&[], &[item]).await.unwrap();
        let rows: Vec<_> = s
            .public_export_stream(&PublicFilter::default(), false, 1)
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].n, rows[0].name.as_str()), (2, "Nieuw"));
        assert_eq!(rows[0].org_name, "Organisatie gm0363");
        assert_eq!(rows[0].content, ExportContent::Cells("Nieuw,cells".into()));
        // Cells of another format are not used: the document comes instead.
        let rows: Vec<_> = s
            .public_export_stream(&PublicFilter::default(), false, 2)
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert_eq!(
            rows[0].content,
            ExportContent::Document("{\"name\":\"Nieuw\"}".into())
        );
    }
}

/// PostgreSQL may commit change-log numbers out of order: the read model applies what it sees and looks
/// for the missing number again until it appears.
#[tokio::test]
async fn read_model_fills_holes_in_the_change_log() {
    use algoreg_store::{PublicFilter, PublicSort, Store};
    for db in backends().await {
        if db.store.backend() != Backend::Postgres {
            continue;
        }
        let a = &db.store;
        a.insert_missing_organisations(&[org("gm0363")])
            .await
            .unwrap();
        let item = |i: &str| ImportDescription {
            description: NewDescription {
                id: id(i),
                org: OrgCode::parse("gm0363").unwrap(),
                created_at: now(),
                source_id: None,
            },
            template_id: None,
            archived_at: None,
            versions: vec![version("Nieuw", VersionState::Published)],
            event: event("import"),
        };
        a.import(&[], &[item("15888639")]).await.unwrap();
        let b = Store::connect(&db.url).await.unwrap();
        let out_of_use = PublicFilter {
            statuses: vec!["Buiten gebruik".into()],
            ..Default::default()
        };
        let count = |f: PublicFilter| {
            let b = b.clone();
            async move {
                b.public_list(&f, PublicSort::Newest, 10, 0)
                    .await
                    .unwrap()
                    .1
            }
        };
        assert_eq!(count(out_of_use.clone()).await, 0);
        // A change whose transaction stays open takes number N ...
        let raw = sqlx::PgPool::connect(&db.url).await.unwrap();
        let mut tx = raw.begin().await.unwrap();
        sqlx::query(
            "INSERT INTO change_log (at, subject, kind) VALUES (now(), '15888639', 'test')",
        )
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "UPDATE published SET status = 'Buiten gebruik' WHERE description_id = '15888639'",
        )
        .execute(&mut *tx)
        .await
        .unwrap();
        // ... while N + 1 commits and is applied.
        a.import(&[], &[item("16752463")]).await.unwrap();
        b.generation().await.unwrap();
        assert_eq!(count(PublicFilter::default()).await, 2);
        assert_eq!(count(out_of_use.clone()).await, 0);
        tx.commit().await.unwrap();
        let committed = std::time::Instant::now();
        while count(out_of_use.clone()).await != 1 {
            assert!(
                committed.elapsed() < std::time::Duration::from_secs(3),
                "the late change was not applied"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        raw.close().await;
        b.close().await;
    }
}

/// A database with data at migration 1 (the schema before the read paths) migrates to the newest
/// schema with everything readable: name keys written for rows published before, downloads of those
/// rows falling back to their documents, new publications getting keys and cells as usual.
#[tokio::test]
async fn a_database_at_migration_1_migrates_with_its_data_readable() {
    use algoreg_store::test_support::backends_at;
    use algoreg_store::{ExportContent, PublicFilter, PublicSort};

    // The rows as the code of migration 1 wrote them (times in the text both backends read).
    const DATA: &str = "
        INSERT INTO organisations (code, name, org_type, parent_code, flow, created_at)
            VALUES ('gm0363', 'Gemeente Amsterdam', 'gemeente', NULL, 'two_step', '2026-01-01T00:00:00+00:00');
        INSERT INTO descriptions (id, org_code, created_at, head_n, published_n, first_published_at)
            VALUES ('15888639', 'gm0363', '2026-01-01T00:00:00+00:00', 2, 2, '2026-02-01T00:00:00+00:00'),
                   ('16752463', 'gm0363', '2026-01-01T00:00:00+00:00', 1, NULL, NULL);
        INSERT INTO versions (description_id, n, state, standard_version, document, name, summary, status,
            publication_category, provider, lang, themes, impact_codes, completeness, created_at, author_name,
            state_changed_at, published_at, superseded_at)
        VALUES
            ('15888639', 1, 'superseded', '1.0', '{\"name\":\"Oud\"}', 'Oud', 'Oud.', 'In gebruik',
             'Overige algoritmes', NULL, 'nld', '|Verkeer|', '|dpia|', 80, '2026-01-01T00:00:00+00:00', 'A',
             '2026-03-01T00:00:00+00:00', '2026-02-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00'),
            ('15888639', 2, 'published', '1.0', '{\"name\":\"Één afvalroute\"}', 'Één afvalroute', 'Nieuw.',
             'In gebruik', 'Overige algoritmes', NULL, 'nld', '|Verkeer|', '|dpia|', 80,
             '2026-01-01T00:00:00+00:00', 'A', '2026-03-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00', NULL),
            ('16752463', 1, 'draft', '1.0', '{\"name\":\"Concept\"}', 'Concept', 'Nog niet.', NULL, NULL, NULL,
             'nld', '', '', 10, '2026-01-01T00:00:00+00:00', 'A', '2026-01-01T00:00:00+00:00', NULL, NULL);
        INSERT INTO published (description_id, org_code, n, name, summary, status, publication_category,
            provider, standard_version, lang, themes, impact_codes, first_published_at, published_at)
        VALUES ('15888639', 'gm0363', 2, 'Één afvalroute', 'Nieuw.', 'In gebruik', 'Overige algoritmes', NULL,
            '1.0', 'nld', '|Verkeer|', '|dpia|', '2026-02-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00');
        INSERT INTO change_log (at, subject, kind) VALUES ('2026-03-01T00:00:00+00:00', '15888639', 'publish');
    ";
    for db in backends_at(1).await {
        let s = &db.store;
        match s.backend() {
            Backend::Sqlite => {
                let raw = sqlx::SqlitePool::connect(&db.url).await.unwrap();
                sqlx::raw_sql(DATA).execute(&raw).await.unwrap();
                raw.close().await;
            }
            Backend::Postgres => {
                let raw = sqlx::PgPool::connect(&db.url).await.unwrap();
                sqlx::raw_sql(DATA).execute(&raw).await.unwrap();
                raw.close().await;
            }
        }
        // Every migration after the first (2 auth, 3 idempotency, 4 read paths, 5 sessions, …): as
        // many as there are files after the first.
        let dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo");
        let files = std::fs::read_dir(format!("{dir}/migrations/sqlite"))
            .unwrap()
            .count();
        assert_eq!(s.migrate().await.unwrap(), files - 1, "{:?}", s.backend());
        assert_eq!(s.migrate().await.unwrap(), 0);

        let old = id("15888639");
        assert_eq!(s.description(old).await.unwrap().published_n, Some(2));
        assert_eq!(s.versions(old).await.unwrap().len(), 2);
        assert_eq!(s.versions(id("16752463")).await.unwrap().len(), 1);
        let current = s.public_current(old).await.unwrap();
        assert_eq!(current.document, "{\"name\":\"Één afvalroute\"}");
        assert_eq!(current.organisation.name, "Gemeente Amsterdam");
        // Published before the migration: no cells, so downloads convert the document.
        let rows: Vec<_> = s
            .public_export_stream(&PublicFilter::default(), true, 1)
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert_eq!(rows.len(), 2);
        assert!(
            rows.iter()
                .all(|r| matches!(r.content, ExportContent::Document(_)))
        );

        // The cells missing for current public versions are found and can be filled in: only for
        // the version still public, never over cells of a newer version or format.
        let missing = s.versions_missing_cells(1, None, 10).await.unwrap();
        assert_eq!(missing.len(), 1);
        assert_eq!((missing[0].id, missing[0].n), (old, 2));
        assert!(missing[0].document.contains("afvalroute"));
        assert!(
            s.versions_missing_cells(1, Some(&old), 10)
                .await
                .unwrap()
                .is_empty()
        );
        let cells = |format, text: &str| ExportCells {
            format,
            cells: text.into(),
        };
        let superseded = (old, 1, cells(1, "Oud,cells"));
        assert_eq!(s.put_export_cells(&[superseded]).await.unwrap(), 0);
        let filled = (old, 2, cells(1, "Afvalroute,cells"));
        assert_eq!(s.put_export_cells(&[filled]).await.unwrap(), 1);
        assert!(
            s.versions_missing_cells(1, None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        // An older format never replaces a newer one; a newer format is missing the older cells.
        assert_eq!(
            s.put_export_cells(&[(old, 2, cells(0, "Ouder formaat"))])
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            s.versions_missing_cells(2, None, 10).await.unwrap().len(),
            1
        );
        let current: Vec<_> = s
            .public_export_stream(&PublicFilter::default(), false, 1)
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert_eq!(
            current[0].content,
            ExportContent::Cells("Afvalroute,cells".into())
        );

        // Published after it: a description of its own, with its key and cells written as usual.
        let fresh = AlgorithmId::from_digits([2, 1, 1, 1, 1, 1, 1]).unwrap();
        let item = ImportDescription {
            description: NewDescription {
                id: fresh,
                org: OrgCode::parse("gm0363").unwrap(),
                created_at: now(),
                source_id: None,
            },
            template_id: None,
            archived_at: None,
            versions: vec![version("Fietsparkeren", VersionState::Published)],
            event: event("import"),
        };
        s.import(&[], &[item]).await.unwrap();
        let cells: Vec<_> = s
            .public_export_stream(&PublicFilter::default(), false, 1)
            .map(|r| r.unwrap())
            .filter(|r| std::future::ready(r.id == fresh))
            .collect()
            .await;
        assert_eq!(
            cells[0].content,
            ExportContent::Cells("Fietsparkeren,cells".into())
        );
        // Lists by name: the migrated key folds the accent ("een afvalroute"), the same order in the
        // read model and in SQL.
        for sort in [PublicSort::Name, PublicSort::NameDesc, PublicSort::Newest] {
            let model = s
                .public_list(&PublicFilter::default(), sort, 10, 0)
                .await
                .unwrap();
            let sql = s
                .public_list_sql(&PublicFilter::default(), sort, 10, 0)
                .await
                .unwrap();
            assert_eq!(model, sql, "{sort:?}");
            assert_eq!(model.1, 2);
        }
        let (by_name, _) = s
            .public_list(&PublicFilter::default(), PublicSort::Name, 10, 0)
            .await
            .unwrap();
        let names: Vec<&str> = by_name.iter().map(|r| r.name.as_str()).collect();
        // Folded, "een afvalroute" sorts before "fietsparkeren" (unfolded, "é" would sort after "f").
        assert_eq!(names, ["Één afvalroute", "Fietsparkeren"]);
        db.store.close().await;
    }
}

/// The same when the model is first built while a number below the newest has not committed yet.
#[tokio::test]
async fn read_model_built_over_a_hole_applies_it_later() {
    use algoreg_store::{PublicFilter, PublicSort, Store};
    for db in backends().await {
        if db.store.backend() != Backend::Postgres {
            continue;
        }
        let a = &db.store;
        a.insert_missing_organisations(&[org("gm0363")])
            .await
            .unwrap();
        let item = |i: &str| ImportDescription {
            description: NewDescription {
                id: id(i),
                org: OrgCode::parse("gm0363").unwrap(),
                created_at: now(),
                source_id: None,
            },
            template_id: None,
            archived_at: None,
            versions: vec![version("Nieuw", VersionState::Published)],
            event: event("import"),
        };
        a.import(&[], &[item("15888639")]).await.unwrap();
        let raw = sqlx::PgPool::connect(&db.url).await.unwrap();
        let mut tx = raw.begin().await.unwrap();
        sqlx::query(
            "INSERT INTO change_log (at, subject, kind) VALUES (now(), '15888639', 'test')",
        )
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "UPDATE published SET status = 'Buiten gebruik' WHERE description_id = '15888639'",
        )
        .execute(&mut *tx)
        .await
        .unwrap();
        a.import(&[], &[item("16752463")]).await.unwrap();
        // A node that starts now builds its model past the open transaction's number.
        let b = Store::connect(&db.url).await.unwrap();
        let out_of_use = PublicFilter {
            statuses: vec!["Buiten gebruik".into()],
            ..Default::default()
        };
        let count = |f: PublicFilter| {
            let b = b.clone();
            async move {
                b.public_list(&f, PublicSort::Newest, 10, 0)
                    .await
                    .unwrap()
                    .1
            }
        };
        assert_eq!(count(PublicFilter::default()).await, 2);
        assert_eq!(count(out_of_use.clone()).await, 0);
        tx.commit().await.unwrap();
        let committed = std::time::Instant::now();
        while count(out_of_use.clone()).await != 1 {
            assert!(
                committed.elapsed() < std::time::Duration::from_secs(3),
                "the late change was not applied"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        raw.close().await;
        b.close().await;
    }
}
