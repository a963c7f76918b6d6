//! The store conformance suite: every test runs on SQLite, and on PostgreSQL too when
//! `ALGOREG_TEST_POSTGRES_URL` is set (each test in a schema of its own).

use algoreg_domain::{
    AlgorithmId, OrgCode, OrgRole, OrgType, Organisation, PublicationFlow, UserId, VersionState,
};
use algoreg_store::{
    Backend, ImportDescription, ListFilter, NewDescription, NewEvent, NewUser, NewVersion,
    StoreError, Transition, VersionColumns, now,
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
            event: event(kind),
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
        )
        .await
        .unwrap();
        assert_eq!(s.description(a).await.unwrap().published_n, Some(2));
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
        s.save_version(a, 3, &written, None, &event("save"))
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
                limit: 10,
                offset: 0,
            })
            .await
            .unwrap();
        assert_eq!((none.len(), total), (0, 0));
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
