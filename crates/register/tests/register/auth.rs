//! Tokens and API clients, on both backends.

use std::time::Duration;

use algoreg_register::domain::{Action, Denied, OrgRole, PlatformRole};
use algoreg_register::{AuthSettings, Register, RegisterError};
use algoreg_store::test_support::backends;

use super::{user, valid_doc};

const PASSWORD: &str = "correct horse battery staple";

fn unauthenticated<T: std::fmt::Debug>(r: Result<T, RegisterError>) -> String {
    match r {
        Err(RegisterError::Unauthenticated(why)) => why,
        other => panic!("expected Unauthenticated, got {other:?}"),
    }
}

#[tokio::test]
async fn person_tokens() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;

        assert_eq!(
            unauthenticated(
                reg.token_for_password("eva@example.nl", "wrong password!", None)
                    .await
            ),
            "wrong e-mail address or password"
        );
        assert_eq!(
            unauthenticated(
                reg.token_for_password("nobody@example.nl", PASSWORD, None)
                    .await
            ),
            "wrong e-mail address or password"
        );
        let t = reg
            .token_for_password(" EVA@example.nl ", PASSWORD, Some(""))
            .await
            .unwrap();
        assert_eq!(t.expires_in, 3600);
        assert_eq!(t.access_token.expose().len(), 64);
        assert!(!format!("{t:?}").contains(t.access_token.expose()));
        let actor = reg.authenticate(t.access_token.expose()).await.unwrap();
        assert_eq!(actor.id, eva.id);
        assert_eq!(actor.scope, None);
        assert_eq!(actor.memberships, eva.memberships);
        // Each login gets its own token.
        let t2 = reg
            .token_for_password("eva@example.nl", PASSWORD, None)
            .await
            .unwrap();
        assert_ne!(t.access_token, t2.access_token);

        for bad in ["", "   ", "nonsense", &"x".repeat(300)] {
            assert_eq!(
                unauthenticated(reg.authenticate(bad).await),
                "the token is not valid"
            );
        }
        // A token differing in one character is unknown.
        let mut other = t.access_token.expose().to_owned();
        let last = if other.ends_with('0') { "1" } else { "0" };
        other.replace_range(63.., last);
        assert_eq!(
            unauthenticated(reg.authenticate(&other).await),
            "the token is not valid"
        );

        // A token that lives no time at all is expired at once.
        let instant = Register::new(db.store.clone()).with_auth_settings(AuthSettings {
            client_token_ttl: Duration::ZERO,
            person_token_ttl: Duration::ZERO,
        });
        let t0 = instant
            .token_for_password("eva@example.nl", PASSWORD, None)
            .await
            .unwrap();
        assert_eq!(t0.expires_in, 0);
        assert_eq!(
            unauthenticated(reg.authenticate(t0.access_token.expose()).await),
            "the token has expired"
        );
        // The earlier token still works.
        reg.authenticate(t.access_token.expose()).await.unwrap();
    }
}

#[tokio::test]
async fn api_clients_are_scoped_rotated_and_revoked() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let abel = user(
            &reg,
            "abel@example.nl",
            &[("gm0363", OrgRole::Approver)],
            &[],
        )
        .await;
        let otto = user(
            &reg,
            "otto@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let sara = user(&reg, "sara@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let root = user(&reg, "root@example.nl", &[], &[PlatformRole::Admin]).await;
        let allow = [Action::Submit, Action::SaveDraft, Action::Submit];

        // Who may create clients for gm0363: its org admins and platform admins only.
        assert!(matches!(
            reg.create_client(&eva, "gm0363", "Toolkit", &allow).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        assert!(matches!(
            reg.create_client(&otto, "gm0363", "Toolkit", &allow).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            reg.create_client(&sara, "gm0363", "Toolkit", &allow).await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        assert!(matches!(
            reg.create_client(&root, "xx9999", "Toolkit", &allow).await,
            Err(RegisterError::UnknownOrganisation(_))
        ));
        // Every problem at once, and nothing saved.
        match reg.create_client(&olga, "gm0363", "  ", &[]).await {
            Err(RegisterError::Invalid(p)) => {
                let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
                assert_eq!(paths, ["name", "allowed_actions"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(reg.list_clients(&olga, "gm0363").await.unwrap().is_empty());

        let made = reg
            .create_client(&olga, "gm0363", " Toolkit ", &allow)
            .await
            .unwrap();
        let secret = made.secret.expose().to_owned();
        assert!(!format!("{made:?}").contains(&secret));
        assert_eq!(made.client.name, "Toolkit");
        assert_eq!(
            made.client.allowed_actions,
            [Action::SaveDraft, Action::Submit]
        );
        assert_eq!(made.client.created_by, Some(olga.id));
        assert_eq!(made.client.last_used_at, None);
        let id = made.client.client_id.clone();
        let by_admin = reg
            .create_client(&root, "gm0363", "Vendor", &[Action::Publish])
            .await
            .unwrap();
        assert_ne!(by_admin.client.client_id, id);
        assert_ne!(by_admin.secret, made.secret);

        // Tokens: wrong secret, unknown client, then the right one.
        assert_eq!(
            unauthenticated(reg.token_for_client(&id, "wrong").await),
            "unknown client or wrong secret"
        );
        assert_eq!(
            unauthenticated(reg.token_for_client("client-nope", &secret).await),
            "unknown client or wrong secret"
        );
        assert_eq!(
            unauthenticated(
                reg.token_for_client(&by_admin.client.client_id, &secret)
                    .await
            ),
            "unknown client or wrong secret"
        );
        let t = reg.token_for_client(&id, &secret).await.unwrap();
        assert_eq!(t.expires_in, 900);
        let bot = reg.authenticate(t.access_token.expose()).await.unwrap();
        assert!(bot.is_client());
        assert_eq!(bot.name, "Toolkit");
        assert_eq!(bot.scope, Some(vec![Action::SaveDraft, Action::Submit]));
        assert!(bot.organisations().iter().all(|o| o.as_str() == "gm0363"));
        assert!(bot.platform_roles.is_empty());

        // The client writes and submits; it may not publish, and an approver publishes its work.
        let saved = reg
            .create(&bot, "gm0363", &valid_doc("Van de toolkit"))
            .await
            .unwrap();
        reg.submit(&bot, saved.id, Some(1)).await.unwrap();
        assert!(matches!(
            reg.publish(&bot, saved.id, Some(1)).await,
            Err(RegisterError::Denied(Denied::OutOfScope { action })) if action == "publish"
        ));
        reg.publish(&abel, saved.id, Some(1)).await.unwrap();
        let view = reg.get(Some(&abel), saved.id).await.unwrap();
        assert_eq!(view.versions[0].author_name, "Toolkit");
        // Another organisation's descriptions do not exist for it.
        let elsewhere = reg
            .create(&otto_editor(&reg).await, "gm0599", &valid_doc("Elders"))
            .await
            .unwrap();
        assert!(matches!(
            reg.save_draft(&bot, elsewhere.id, 1, &valid_doc("Overschreven"))
                .await,
            Err(RegisterError::NotFound)
        ));
        // A client administers nothing, not even clients of its own organisation.
        assert!(matches!(
            reg.create_client(&bot, "gm0363", "Child", &allow).await,
            Err(RegisterError::Denied(Denied::OutOfScope { .. }))
        ));

        // Managers see when it was last used; outsiders see nothing.
        let list = reg.list_clients(&olga, "gm0363").await.unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].client_id, id);
        assert!(list[1].last_used_at.is_some());
        assert!(matches!(
            reg.list_clients(&otto, "gm0363").await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            reg.rotate_client_secret(&otto, &id).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            reg.revoke_client(&eva, &id).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));

        // Rotating: the old secret and its tokens stop working, the new one works.
        let rotated = reg.rotate_client_secret(&olga, &id).await.unwrap();
        assert_ne!(rotated.secret.expose(), secret);
        unauthenticated(reg.authenticate(t.access_token.expose()).await);
        unauthenticated(reg.token_for_client(&id, &secret).await);
        let t2 = reg
            .token_for_client(&id, rotated.secret.expose())
            .await
            .unwrap();
        reg.authenticate(t2.access_token.expose()).await.unwrap();

        // Revoking: at once, for good.
        let revoked = reg.revoke_client(&root, &id).await.unwrap();
        assert!(revoked.revoked_at.is_some());
        unauthenticated(reg.authenticate(t2.access_token.expose()).await);
        unauthenticated(reg.token_for_client(&id, rotated.secret.expose()).await);
        assert!(matches!(
            reg.rotate_client_secret(&olga, &id).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            reg.revoke_client(&olga, &id).await,
            Err(RegisterError::NotFound)
        ));
        let list = reg.list_clients(&olga, "gm0363").await.unwrap();
        assert!(list[1].revoked_at.is_some());
        assert!(list[0].revoked_at.is_none());

        // A client's token expires like a person's.
        let instant = Register::new(db.store.clone()).with_auth_settings(AuthSettings {
            client_token_ttl: Duration::ZERO,
            person_token_ttl: Duration::from_secs(3600),
        });
        let t3 = instant
            .token_for_client(&by_admin.client.client_id, by_admin.secret.expose())
            .await
            .unwrap();
        assert_eq!(
            unauthenticated(reg.authenticate(t3.access_token.expose()).await),
            "the token has expired"
        );
        // The client's user cannot log in with a password.
        unauthenticated(
            reg.token_for_password(&format!("{id}@api-clients.invalid"), "", None)
                .await,
        );
    }
}

async fn otto_editor(reg: &Register) -> algoreg_register::domain::Actor {
    user(reg, "oscar@example.nl", &[("gm0599", OrgRole::Editor)], &[]).await
}

#[tokio::test]
async fn rate_limits_count_per_key_in_the_database() {
    for db in backends().await {
        let limits = algoreg_register::RateLimits {
            per_actor: 2,
            per_address: 0,
            token_per_address: 0,
        };
        // Two nodes on one database share the counts.
        let a = Register::new(db.store.clone()).with_rate_limits(limits);
        let b = Register::new(db.store.clone()).with_rate_limits(limits);
        algoreg_store::test_support::within_one_window().await;
        a.count_request("user:1", 2).await.unwrap();
        b.count_request("user:1", 2).await.unwrap();
        match a.count_request("user:1", 2).await {
            Err(RegisterError::RateLimited { retry_after }) => {
                assert!((1..=60).contains(&retry_after), "{retry_after}");
            }
            other => panic!("{other:?}"),
        }
        // Another key has its own count; a limit of 0 is no limit.
        b.count_request("user:2", 2).await.unwrap();
        for _ in 0..5 {
            a.count_request("user:1", 0).await.unwrap();
        }
    }
}
