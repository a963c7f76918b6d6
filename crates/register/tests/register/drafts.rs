//! New drafts from what exists: an older version used again, and a copy of a description. On both
//! backends.

use algoreg_register::domain::{Denied, OrgRole, PlatformRole};
use algoreg_register::{Register, RegisterError};
use algoreg_store::test_support::backends;
use serde_json::json;

use super::{user, valid_doc};

#[tokio::test]
async fn an_older_version_becomes_the_new_draft() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let abel = user(
            &reg,
            "abel@example.nl",
            &[("gm0363", OrgRole::Approver)],
            &[],
        )
        .await;
        let otto = user(&reg, "otto@example.nl", &[("gm0599", OrgRole::Editor)], &[]).await;
        let sara = user(&reg, "sara@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let id = reg
            .create(&eva, "gm0363", &valid_doc("Eerste"))
            .await
            .unwrap()
            .id;
        reg.save_draft(&eva, id, 1, &valid_doc("Tweede"))
            .await
            .unwrap();
        reg.submit(&eva, id, Some(2)).await.unwrap();
        reg.publish(&abel, id, Some(2)).await.unwrap();

        // Who may not save may not restore; another organisation's description is not found.
        assert!(matches!(
            reg.restore_version(&otto, id, 1, 2).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            reg.restore_version(&sara, id, 1, 2).await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        // Only an older version, and only on top of the newest.
        for n in [0, 2, 3] {
            assert!(matches!(
                reg.restore_version(&eva, id, n, 2).await,
                Err(RegisterError::InvalidParams(_))
            ));
        }
        assert!(matches!(
            reg.restore_version(&eva, id, 1, 1).await,
            Err(RegisterError::Conflict { current: 2 })
        ));

        let saved = reg.restore_version(&eva, id, 1, 2).await.unwrap();
        assert_eq!(saved.version, 3);
        assert!(saved.problems.is_empty(), "{:?}", saved.problems);
        let view = reg.get(Some(&eva), id).await.unwrap();
        assert_eq!(view.versions[2].document, view.versions[0].document);
        assert_eq!(view.versions[2].columns.name, "Eerste");
        // The public version stays while the restored draft is worked on.
        assert_eq!(view.description.published_n, Some(2));
        let events = reg.events(&eva, id).await.unwrap();
        let last = events.last().unwrap();
        assert_eq!(
            (last.kind.as_str(), last.reason.as_deref(), last.version_n),
            ("restore-version", Some("1"), Some(3))
        );
    }
}

#[tokio::test]
async fn a_copy_is_a_new_draft_of_the_same_organisation() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let otto = user(&reg, "otto@example.nl", &[("gm0599", OrgRole::Editor)], &[]).await;
        let sara = user(&reg, "sara@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let mut doc = valid_doc("Parkeren");
        doc.insert("source_id".into(), json!("PARK-1"));
        let from = reg.create(&eva, "gm0363", &doc).await.unwrap().id;

        assert!(matches!(
            reg.create_copy(&otto, from).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            reg.create_copy(&sara, from).await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));

        let copy = reg.create_copy(&eva, from).await.unwrap();
        assert_ne!(copy.id, from);
        assert_eq!(copy.version, 1);
        let view = reg.get(Some(&eva), copy.id).await.unwrap();
        assert_eq!(view.description.org.as_str(), "gm0363");
        assert_eq!(view.description.source_id, None);
        assert_eq!(view.versions[0].columns.name, "Parkeren (kopie)");
        let copied: serde_json::Value = serde_json::from_str(&view.versions[0].document).unwrap();
        let original: serde_json::Value =
            serde_json::from_str(&reg.get(Some(&eva), from).await.unwrap().versions[0].document)
                .unwrap();
        assert_eq!(copied["goal"], original["goal"]);
        assert!(copied.get("source_id").is_none());
        let events = reg.events(&eva, copy.id).await.unwrap();
        assert_eq!(events[0].kind, "create");
        // The original is unchanged.
        assert_eq!(reg.get(Some(&eva), from).await.unwrap().versions.len(), 1);
    }
}
