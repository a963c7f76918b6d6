//! Provider templates: who may write them, starting a description from one, and the public list of
//! organisations that use the same product.

use super::*;

async fn provider(reg: &Register, admin: &Actor, email: &str, name: &str) -> Actor {
    let a = user(reg, email, &[], &[]).await;
    reg.set_user_provider(admin, a.id, Some(name))
        .await
        .unwrap();
    reg.actor(a.id).await.unwrap()
}

#[tokio::test]
async fn a_supplier_publishes_a_template_and_organisations_start_from_it() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let admin = user(&reg, "root@example.nl", &[], &[PlatformRole::Admin]).await;
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let abel = user(
            &reg,
            "abel@example.nl",
            &[("gm0363", OrgRole::Approver)],
            &[],
        )
        .await;
        let otto = user(&reg, "otto@example.nl", &[("gm0599", OrgRole::Editor)], &[]).await;
        let olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::Approver)],
            &[],
        )
        .await;
        let sara = user(&reg, "sara@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let piet = provider(&reg, &admin, "piet@leverancier.nl", "Leverancier BV").await;
        let kees = provider(&reg, &admin, "kees@ander.nl", "Ander BV").await;

        // Only platform admins make an account one of a supplier.
        assert!(matches!(
            reg.set_user_provider(&eva, otto.id, Some("X")).await,
            Err(RegisterError::Denied(_))
        ));
        assert_eq!(
            reg.actor_provider(&piet).await.unwrap().as_deref(),
            Some("Leverancier BV")
        );

        // Only a supplier's accounts start a template; an unfinished one is kept with its problems.
        let mut doc = valid_doc("Parkeerscanner");
        doc.remove("description_short");
        doc.insert("source_id".into(), json!("PS-1"));
        for who in [&eva, &admin] {
            assert!(matches!(
                reg.create_template(who, &doc).await,
                Err(RegisterError::Denied(Denied::MissingRole { .. }))
            ));
        }
        assert!(matches!(
            reg.create_template(&sara, &doc).await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        let (t, problems) = reg.create_template(&piet, &doc).await.unwrap();
        assert!(problems.iter().any(|p| p.path == "description_short"));
        let view = reg.template(&piet, t).await.unwrap();
        assert!(view.may_edit);
        assert_eq!(view.template.provider, "Leverancier BV");
        assert_eq!(view.template.name, "Parkeerscanner");
        assert!(view.document.get("source_id").is_none());
        assert!(
            !view.template.document.contains("<script>"),
            "{}",
            view.template.document
        );

        // Unpublished: nobody else sees it or starts from it.
        for who in [&kees, &eva, &admin] {
            assert!(matches!(
                reg.template(who, t).await,
                Err(RegisterError::NotFound)
            ));
            assert!(matches!(
                reg.save_template(who, t, &doc).await,
                Err(RegisterError::NotFound)
            ));
        }
        assert!(reg.published_templates(&eva).await.unwrap().is_empty());
        assert!(matches!(
            reg.create_from_template(&eva, "gm0363", t).await,
            Err(RegisterError::NotFound)
        ));

        // Publishing needs the supplier's fields.
        assert!(matches!(
            reg.publish_template(&piet, t).await,
            Err(RegisterError::Invalid(p)) if p.iter().any(|p| p.path == "description_short")
        ));
        reg.save_template(&piet, t, &valid_doc("Parkeerscanner"))
            .await
            .unwrap();
        assert!(matches!(
            reg.publish_template(&kees, t).await,
            Err(RegisterError::NotFound)
        ));
        reg.publish_template(&piet, t).await.unwrap();
        assert_eq!(reg.my_templates(&piet).await.unwrap().len(), 1);
        assert!(reg.my_templates(&kees).await.unwrap().is_empty());
        // Published: others read it, another supplier still may not change it.
        assert!(!reg.template(&kees, t).await.unwrap().may_edit);
        assert!(matches!(
            reg.save_template(&kees, t, &doc).await,
            Err(RegisterError::Denied(Denied::NotMember))
        ));
        assert!(matches!(
            reg.withdraw_template(&eva, t).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        let listed = reg.published_templates(&otto).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, t);
        // A published template keeps the supplier's fields.
        assert!(matches!(
            reg.save_template(&piet, t, &doc).await,
            Err(RegisterError::Invalid(_))
        ));

        // Starting from it: only where the actor may write.
        assert!(matches!(
            reg.create_from_template(&otto, "gm0363", t).await,
            Err(RegisterError::Denied(Denied::NotMember))
        ));
        assert!(matches!(
            reg.create_from_template(&sara, "gm0363", t).await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        assert!(matches!(
            reg.create_from_template(&piet, "gm0363", t).await,
            Err(RegisterError::Denied(Denied::NotMember))
        ));
        let a = reg.create_from_template(&eva, "gm0363", t).await.unwrap();
        let view = reg.get(Some(&eva), a.id).await.unwrap();
        assert_eq!(view.description.org.as_str(), "gm0363");
        assert_eq!(view.versions[0].columns.name, "Parkeerscanner");
        let events = reg.events(&eva, a.id).await.unwrap();
        assert_eq!(
            (events[0].kind.as_str(), events[0].reason.as_deref()),
            (
                "create-from-template",
                Some("Leverancier BV: Parkeerscanner")
            )
        );
        let b = reg.create_from_template(&otto, "gm0599", t).await.unwrap();
        let c = reg.create_from_template(&otto, "gm0599", t).await.unwrap();

        // The public list: other published descriptions with the same template only.
        assert!(reg.public_same_product(a.id).await.unwrap().is_empty());
        reg.submit(&eva, a.id, Some(1)).await.unwrap();
        reg.publish(&abel, a.id, Some(1)).await.unwrap();
        reg.submit(&otto, b.id, Some(1)).await.unwrap();
        reg.publish(&olga, b.id, Some(1)).await.unwrap();
        let same = reg.public_same_product(a.id).await.unwrap();
        assert_eq!(same.len(), 1, "{same:?}");
        assert_eq!(same[0].description_id, b.id.as_string());
        assert_eq!(same[0].org.as_str(), "gm0599");
        // c is a draft: not listed.
        let same = reg.public_same_product(b.id).await.unwrap();
        assert_eq!(same.len(), 1);
        assert_eq!(same[0].description_id, a.id.as_string());
        assert!(same.iter().all(|s| s.description_id != c.id.as_string()));
        // A description not started from a template has no such list.
        let plain = reg.create(&eva, "gm0363", &valid_doc("Los")).await.unwrap();
        assert!(reg.public_same_product(plain.id).await.unwrap().is_empty());

        // Withdrawn: no new starts; those that started keep it.
        reg.withdraw_template(&piet, t).await.unwrap();
        assert!(matches!(
            reg.create_from_template(&eva, "gm0363", t).await,
            Err(RegisterError::NotFound)
        ));
        assert_eq!(reg.public_same_product(a.id).await.unwrap().len(), 1);

        // The full-register dump keeps templates and which description came from which: export →
        // import into an empty register → export is the same file, and the public list still holds.
        let mut first = Vec::new();
        reg.export_json(&mut first).await.unwrap();
        let dump: serde_json::Value = serde_json::from_slice(&first).unwrap();
        assert_eq!(dump["templates"].as_array().unwrap().len(), 1);
        assert_eq!(dump["templates"][0]["provider"], json!("Leverancier BV"));
        let target = backends()
            .await
            .into_iter()
            .find(|t| t.store.backend() == db.store.backend())
            .unwrap();
        let other = Register::new(target.store.clone());
        other.import_json(&first).await.unwrap();
        let mut second = Vec::new();
        other.export_json(&mut second).await.unwrap();
        assert!(first == second, "export → import → export differs");
        assert_eq!(other.public_same_product(a.id).await.unwrap().len(), 1);
        // New templates there continue after the imported ids.
        let admin2 = user(&other, "root@example.nl", &[], &[PlatformRole::Admin]).await;
        let piet2 = provider(&other, &admin2, "piet@leverancier.nl", "Leverancier BV").await;
        let (t2, _) = other
            .create_template(&piet2, &valid_doc("Tweede product"))
            .await
            .unwrap();
        assert!(t2 > t, "{t2} after {t}");
        // A description naming a template the file lacks, and a template id twice: refused whole.
        let mut bad = dump.clone();
        let with_template = bad["descriptions"]
            .as_array()
            .unwrap()
            .iter()
            .position(|d| d.get("template").is_some())
            .unwrap();
        bad["descriptions"][with_template]["template"] = json!(999);
        let t0 = bad["templates"][0].clone();
        bad["templates"].as_array_mut().unwrap().push(t0);
        let fresh = sqlite().await;
        let empty = Register::new(fresh.store.clone());
        match empty.import_json(&serde_json::to_vec(&bad).unwrap()).await {
            Err(RegisterError::Import(ps)) => {
                assert!(
                    ps.iter()
                        .any(|p| p.field == "template" && p.message.contains("999")),
                    "{ps:?}"
                );
                assert!(
                    ps.iter().any(|p| p.record.starts_with("templates[1]")),
                    "{ps:?}"
                );
            }
            other => panic!("expected import problems, got {other:?}"),
        }
        assert_eq!(empty.counts().await.unwrap().0, 0, "nothing written");
    }
}
