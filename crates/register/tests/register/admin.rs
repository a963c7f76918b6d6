//! Administration on both backends: invitations and password resets by single-use links, members and
//! roles (an organisation keeps an admin), disabling accounts, the audit log, the organisation's
//! profile and settings, new organisations, and the supervisors' overview.

use algoreg_register::domain::{
    Denied, DescriptionStatus, OrgRole, OrgType, PlatformRole, PublicationFlow,
};
use algoreg_register::standard::ProblemKind;
use algoreg_register::{
    Delivery, LinkKind, LinkState, LogQuery, MailSettings, Mailer, NewOrganisation, Register,
    RegisterError, SessionPolicy, TrustRoots,
};
use algoreg_store::test_support::{backends, execute, expire_links};

use super::{user, valid_doc};

const PASSWORD: &str = "correct horse battery staple";

fn problems<T: std::fmt::Debug>(r: Result<T, RegisterError>) -> Vec<(String, ProblemKind)> {
    match r {
        Err(RegisterError::Invalid(ps)) => ps.into_iter().map(|p| (p.path, p.kind)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn gone<T: std::fmt::Debug>(r: Result<T, RegisterError>) {
    assert!(
        matches!(r, Err(RegisterError::Unauthenticated(_))),
        "expected a used or expired link, got {r:?}"
    );
}

fn not_found<T: std::fmt::Debug>(r: Result<T, RegisterError>) {
    assert!(
        matches!(r, Err(RegisterError::NotFound)),
        "expected NotFound, got {r:?}"
    );
}

/// With SMTP configured, a link is e-mailed to its person (and never written to the outbox, which
/// admins read); when sending fails it is shown to the admin instead.
#[tokio::test]
async fn links_are_emailed_when_a_mail_server_is_set() {
    for db in backends().await {
        let (port, server) = super::notify::smtp_server().await;
        let settings = |port: u16| MailSettings {
            smtp_url: format!("smtp://127.0.0.1:{port}"),
            from: "Algoritmeregister <noreply@example.nl>".into(),
        };
        let reg = Register::new(db.store.clone())
            .with_mailer(Mailer::new(&settings(port), &TrustRoots::system()).unwrap());
        reg.seed_organisations().await.unwrap();
        let oda = user(
            &reg,
            "oda@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let link = reg
            .invite(&oda, "gm0363", "nina@example.nl", &[OrgRole::Editor])
            .await
            .unwrap();
        let url = format!(
            "https://register.example/beheer/uitnodiging/{}",
            link.secret.expose()
        );
        assert_eq!(reg.deliver(&link, &url).await, Delivery::Mailed);
        let seen = server.await.unwrap();
        assert!(seen.contains("RCPT TO:<nina@example.nl>"), "{seen}");
        // The body is quoted-printable: long lines end in a soft break "=".
        let body = seen.replace("=\n", "");
        assert!(body.contains(&url), "the link is in the message: {seen}");
        assert!(seen.contains("Gemeente Amsterdam"), "{seen}");
        assert!(
            reg.outbox(&oda, &Default::default())
                .await
                .unwrap()
                .messages
                .is_empty(),
            "links never go to the outbox"
        );

        // Nobody listens: the admin gets the link to pass on.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let dead = closed.local_addr().unwrap().port();
        drop(closed);
        let reg = Register::new(db.store.clone())
            .with_mailer(Mailer::new(&settings(dead), &TrustRoots::system()).unwrap());
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let reset = reg.reset_link(&oda, "gm0363", eva.id).await.unwrap();
        assert_eq!(
            reg.deliver(&reset, "https://x.example/r").await,
            Delivery::ShowToAdmin
        );
    }
}

/// An admin removes the two-step verification of a member who lost their phone: the member's
/// sessions end, the log says so; editors may not, other organisations' admins find nobody.
#[tokio::test]
async fn admins_remove_a_members_two_step_verification() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let oda = user(
            &reg,
            "oda@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let session = reg
            .log_in("eva@example.nl", PASSWORD, "10.0.0.1")
            .await
            .unwrap()
            .done()
            .expect("no second factor yet");
        execute(
            &db.store,
            &format!(
                "UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE id = {}",
                eva.id.0
            ),
        )
        .await;
        let on = |reg: &Register| {
            let reg = reg.clone();
            let oda = oda.clone();
            async move {
                reg.members(&oda, "gm0363")
                    .await
                    .unwrap()
                    .members
                    .iter()
                    .find(|m| m.email == "eva@example.nl")
                    .unwrap()
                    .two_factor
            }
        };
        assert!(on(&reg).await);
        assert!(matches!(
            reg.reset_member_two_factor(&eva, "gm0363", eva.id).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        not_found(reg.reset_member_two_factor(&olga, "gm0363", eva.id).await);
        not_found(reg.reset_member_two_factor(&olga, "gm0599", eva.id).await);
        assert!(on(&reg).await, "nothing changed");

        reg.reset_member_two_factor(&oda, "gm0363", eva.id)
            .await
            .unwrap();
        assert!(!on(&reg).await);
        assert!(
            reg.session(&session.secret, SessionPolicy::default())
                .await
                .unwrap()
                .is_none(),
            "the member's sessions ended"
        );
        let log = reg
            .org_log(&oda, "gm0363", &LogQuery::default())
            .await
            .unwrap();
        assert!(
            log.events
                .iter()
                .any(|e| e.kind == "two-factor-reset"
                    && e.reason.as_deref() == Some("eva@example.nl")),
            "{:?}",
            log.events
        );
        // Logging in needs the password only again.
        assert!(
            reg.log_in("eva@example.nl", PASSWORD, "10.0.0.1")
                .await
                .unwrap()
                .done()
                .is_some()
        );
    }
}

/// Platform admins find every person's account by address or name, also one without an
/// organisation; nobody else may; LIKE's own characters match only themselves.
#[tokio::test]
async fn platform_admins_find_accounts() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let pia = user(&reg, "pia@example.nl", &[], &[PlatformRole::Admin]).await;
        let oda = user(
            &reg,
            "oda@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let eva = user(
            &reg,
            "eva_100%@example.nl",
            &[("gm0363", OrgRole::Editor), ("gm0363", OrgRole::Approver)],
            &[],
        )
        .await;
        let lone = user(&reg, "lone@example.nl", &[], &[]).await;
        let found = reg.find_accounts(&pia, "LONE").await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, lone.id);
        assert!(found[0].memberships.is_empty());
        let found = reg.find_accounts(&pia, "_100%").await.unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].id, eva.id);
        assert_eq!(found[0].memberships.len(), 2);
        assert!(reg.find_accounts(&pia, "%%").await.unwrap().is_empty());
        assert_eq!(
            reg.find_accounts(&pia, "example.nl").await.unwrap().len(),
            4
        );
        assert!(matches!(
            reg.find_accounts(&pia, " a ").await,
            Err(RegisterError::Invalid(_))
        ));
        assert!(matches!(
            reg.find_accounts(&oda, "lone").await,
            Err(RegisterError::Denied(_))
        ));
    }
}

#[tokio::test]
async fn invitations_make_accounts_and_memberships() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let oda = user(
            &reg,
            "oda@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;

        // Only admins invite; another organisation's admin finds nothing.
        assert!(matches!(
            reg.invite(&eva, "gm0363", "new@example.nl", &[OrgRole::Editor])
                .await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        not_found(
            reg.invite(&olga, "gm0363", "new@example.nl", &[OrgRole::Editor])
                .await,
        );
        let ps = problems(reg.invite(&oda, "gm0363", "not an address", &[]).await);
        assert_eq!(ps.len(), 2, "{ps:?}");
        let ps = problems(
            reg.invite(
                &oda,
                "gm0363",
                "client-1@api-clients.invalid",
                &[OrgRole::Editor],
            )
            .await,
        );
        assert_eq!(ps[0].0, "email");

        // A first invitation, replaced by a second: the first link no longer exists.
        let first = reg
            .invite(&oda, "gm0363", "Nina@Example.nl", &[OrgRole::Approver])
            .await
            .unwrap();
        assert_eq!(first.email, "nina@example.nl");
        assert_eq!(
            reg.deliver(&first, "https://x.example/beheer/uitnodiging/1")
                .await,
            Delivery::ShowToAdmin
        );
        let link = reg
            .invite(
                &oda,
                "gm0363",
                "nina@example.nl",
                &[OrgRole::Editor, OrgRole::Approver],
            )
            .await
            .unwrap();
        not_found(reg.link_info(first.secret.expose()).await);
        let secret = link.secret.expose().to_owned();
        assert_eq!(secret.len(), 64);
        let days = (link.expires_at - chrono::Utc::now()).num_hours();
        assert!((167..=168).contains(&days), "{days} hours");
        let info = reg.link_info(&secret).await.unwrap();
        assert_eq!(info.kind, LinkKind::Invite);
        assert_eq!(info.state, LinkState::Usable);
        assert!(!info.has_account);
        assert_eq!(info.roles, [OrgRole::Editor, OrgRole::Approver]);
        let open = reg.members(&oda, "gm0363").await.unwrap().invitations;
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].email, "nina@example.nl");

        // A new account needs a name and a good password; nothing is used up by a mistake.
        let ps = problems(reg.accept_invitation(&secret, " ", "short").await);
        assert_eq!(ps.len(), 2, "{ps:?}");
        let nina = reg
            .accept_invitation(&secret, "Nina", PASSWORD)
            .await
            .unwrap();
        let actor = reg
            .verify_password("nina@example.nl", PASSWORD)
            .await
            .unwrap();
        assert_eq!(actor.id, nina);
        assert!(actor.has_org_role(&"gm0363".parse().unwrap(), OrgRole::Editor));
        assert!(actor.has_org_role(&"gm0363".parse().unwrap(), OrgRole::Approver));
        // Single use.
        gone(reg.accept_invitation(&secret, "Nina", PASSWORD).await);
        assert_eq!(reg.link_info(&secret).await.unwrap().state, LinkState::Used);
        assert!(
            reg.members(&oda, "gm0363")
                .await
                .unwrap()
                .invitations
                .is_empty()
        );
        not_found(reg.link_info("0".repeat(64).as_str()).await);

        // An existing account invited to a second organisation gets the membership; its password
        // stays.
        let to_other = reg
            .invite(&olga, "gm0599", "eva@example.nl", &[OrgRole::Approver])
            .await
            .unwrap();
        assert!(
            reg.link_info(to_other.secret.expose())
                .await
                .unwrap()
                .has_account
        );
        reg.accept_invitation(to_other.secret.expose(), "", "")
            .await
            .unwrap();
        let eva2 = reg
            .verify_password("eva@example.nl", PASSWORD)
            .await
            .unwrap();
        assert!(eva2.has_org_role(&"gm0599".parse().unwrap(), OrgRole::Approver));
        assert!(eva2.has_org_role(&"gm0363".parse().unwrap(), OrgRole::Editor));

        // Expired links cannot be used.
        let late = reg
            .invite(&oda, "gm0363", "late@example.nl", &[OrgRole::Editor])
            .await
            .unwrap();
        expire_links(&db.store).await;
        assert_eq!(
            reg.link_info(late.secret.expose()).await.unwrap().state,
            LinkState::Expired
        );
        gone(
            reg.accept_invitation(late.secret.expose(), "Late", PASSWORD)
                .await,
        );
        assert!(
            reg.members(&oda, "gm0363")
                .await
                .unwrap()
                .invitations
                .is_empty()
        );

        // Withdrawn invitations are gone; another organisation's admin cannot withdraw them.
        let w = reg
            .invite(&oda, "gm0363", "wim@example.nl", &[OrgRole::Editor])
            .await
            .unwrap();
        let id = reg.members(&oda, "gm0363").await.unwrap().invitations[0].id;
        not_found(reg.withdraw_invitation(&olga, "gm0599", id).await);
        not_found(reg.withdraw_invitation(&olga, "gm0363", id).await);
        reg.withdraw_invitation(&oda, "gm0363", id).await.unwrap();
        not_found(reg.link_info(w.secret.expose()).await);

        // Every step is in the organisation's log, newest first.
        let log = reg
            .org_log(&oda, "gm0363", &LogQuery::default())
            .await
            .unwrap();
        let kinds: Vec<&str> = log.events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "invitation-withdrawn",
                "user-invited",
                "user-invited",
                "invitation-accepted",
                "user-invited",
                "user-invited"
            ]
        );
        assert_eq!(log.events[3].actor_name, "Nina");
    }
}

#[tokio::test]
async fn password_resets_end_every_session() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let oda = user(
            &reg,
            "oda@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let pia = user(&reg, "pia@example.nl", &[], &[PlatformRole::Admin]).await;

        let session = reg
            .log_in("eva@example.nl", PASSWORD, "10.0.0.1")
            .await
            .unwrap()
            .done()
            .expect("no second factor");
        not_found(reg.reset_link(&olga, "gm0363", eva.id).await);
        not_found(reg.reset_link(&olga, "gm0599", eva.id).await);
        assert!(reg.reset_link(&eva, "gm0363", oda.id).await.is_err());
        // A platform admin may too; the newer link replaces the older.
        let older = reg.reset_link(&pia, "gm0363", eva.id).await.unwrap();
        let link = reg.reset_link(&oda, "gm0363", eva.id).await.unwrap();
        not_found(reg.link_info(older.secret.expose()).await);
        assert_eq!(link.kind, LinkKind::Reset);
        let minutes = (link.expires_at - chrono::Utc::now()).num_minutes();
        assert!((59..=60).contains(&minutes), "{minutes}");
        // An invitation's secret is not a reset link, nor the other way round.
        not_found(
            reg.accept_invitation(link.secret.expose(), "x", PASSWORD)
                .await,
        );

        let ps = problems(reg.use_reset_link(link.secret.expose(), "short").await);
        assert_eq!(ps[0].0, "password");
        let new = "a brand new long password";
        assert_eq!(
            reg.use_reset_link(link.secret.expose(), new).await.unwrap(),
            eva.id
        );
        gone(reg.use_reset_link(link.secret.expose(), new).await);
        assert!(
            reg.session(&session.secret, SessionPolicy::default())
                .await
                .unwrap()
                .is_none(),
            "the session ended"
        );
        assert!(
            reg.verify_password("eva@example.nl", PASSWORD)
                .await
                .is_err()
        );
        assert!(reg.verify_password("eva@example.nl", new).await.is_ok());

        let late = reg.reset_link(&oda, "gm0363", eva.id).await.unwrap();
        expire_links(&db.store).await;
        gone(reg.use_reset_link(late.secret.expose(), PASSWORD).await);
    }
}

#[tokio::test]
async fn members_roles_and_accounts() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let oda = user(
            &reg,
            "oda@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let sam = user(&reg, "sam@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let pia = user(&reg, "pia@example.nl", &[], &[PlatformRole::Admin]).await;

        reg.log_in("eva@example.nl", PASSWORD, "10.0.0.1")
            .await
            .unwrap();
        let m = reg.members(&oda, "gm0363").await.unwrap();
        let names: Vec<&str> = m.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["eva", "oda"]);
        assert!(m.members[0].last_login_at.is_some());
        assert!(m.members[1].last_login_at.is_none());
        not_found(reg.members(&olga, "gm0363").await);
        assert!(matches!(
            reg.members(&sam, "gm0363").await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        assert!(reg.members(&pia, "gm0363").await.is_ok());

        // Roles change; a member of another organisation is not found here.
        reg.set_roles(
            &oda,
            "gm0363",
            eva.id,
            &[OrgRole::Approver, OrgRole::OrgAdmin],
        )
        .await
        .unwrap();
        not_found(
            reg.set_roles(&oda, "gm0363", olga.id, &[OrgRole::Editor])
                .await,
        );
        not_found(
            reg.set_roles(&olga, "gm0363", eva.id, &[OrgRole::Editor])
                .await,
        );
        assert_eq!(
            problems(reg.set_roles(&oda, "gm0363", eva.id, &[]).await)[0].0,
            "roles"
        );
        // The organisation keeps an admin: with two, one may step down; the last may not.
        reg.set_roles(&oda, "gm0363", oda.id, &[OrgRole::Editor])
            .await
            .unwrap();
        let eva = reg.actor(eva.id).await.unwrap();
        assert!(matches!(
            reg.remove_member(&eva, "gm0363", eva.id).await,
            Err(RegisterError::Denied(Denied::LastAdmin))
        ));
        assert!(matches!(
            reg.set_roles(&pia, "gm0363", eva.id, &[OrgRole::Editor])
                .await,
            Err(RegisterError::Denied(Denied::LastAdmin))
        ));
        reg.remove_member(&eva, "gm0363", oda.id).await.unwrap();
        let oda = reg.actor(oda.id).await.unwrap();
        assert!(
            oda.memberships.is_empty(),
            "the account stays, without roles"
        );

        // Platform admins disable and enable accounts (not their own); disabling ends sessions.
        let s = reg
            .log_in("eva@example.nl", PASSWORD, "10.0.0.1")
            .await
            .unwrap()
            .done()
            .expect("no second factor");
        assert!(matches!(
            reg.set_account_disabled(&eva, pia.id, true).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        assert!(matches!(
            reg.set_account_disabled(&pia, pia.id, true).await,
            Err(RegisterError::Denied(Denied::OwnAccount))
        ));
        reg.set_account_disabled(&pia, eva.id, true).await.unwrap();
        assert!(
            reg.session(&s.secret, SessionPolicy::default())
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            reg.log_in("eva@example.nl", PASSWORD, "10.0.0.1")
                .await
                .is_err()
        );
        assert!(reg.members(&pia, "gm0363").await.unwrap().members[0].disabled);
        reg.set_account_disabled(&pia, eva.id, false).await.unwrap();
        assert!(
            reg.log_in("eva@example.nl", PASSWORD, "10.0.0.1")
                .await
                .is_ok()
        );

        let kinds: Vec<String> = reg
            .org_log(&pia, "gm0363", &LogQuery::default())
            .await
            .unwrap()
            .events
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                "account-enabled",
                "account-disabled",
                "member-removed",
                "roles-changed",
                "roles-changed"
            ]
        );
    }
}

#[tokio::test]
async fn log_profile_organisations_and_oversight() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let oda = user(
            &reg,
            "oda@example.nl",
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
        let olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let sam = user(&reg, "sam@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let pia = user(&reg, "pia@example.nl", &[], &[PlatformRole::Admin]).await;

        // The log holds description events too, newest first, filtered by kind and person.
        let saved = reg
            .create(&eva, "gm0363", &valid_doc("Logboek"))
            .await
            .unwrap();
        reg.submit(&eva, saved.id, None).await.unwrap();
        let q = LogQuery::default();
        for who in [&oda, &abel, &sam, &pia] {
            let log = reg.org_log(who, "gm0363", &q).await.unwrap();
            assert_eq!(log.total, 2);
            assert_eq!(log.events[0].kind, "submit");
            assert_eq!(
                log.events[0].description_id.as_deref(),
                Some(saved.id.to_string().as_str())
            );
        }
        assert!(matches!(
            reg.org_log(&eva, "gm0363", &q).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        not_found(reg.org_log(&olga, "gm0363", &q).await);
        let log = reg
            .org_log(
                &oda,
                "gm0363",
                &LogQuery {
                    kind: Some("create".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(log.total, 1, "{:?}", log.kinds);
        assert_eq!(log.people, [(eva.id, "eva".to_owned())]);
        let log = reg
            .org_log(
                &oda,
                "gm0363",
                &LogQuery {
                    actor: Some(oda.id),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(log.total, 0);

        // The profile: plain text, a checked contact link, public page on or off.
        assert_eq!(
            problems(
                reg.update_profile(
                    &oda,
                    "gm0363",
                    &"x".repeat(1001),
                    "javascript:alert(1)",
                    true
                )
                .await
            )
            .iter()
            .map(|p| p.0.as_str())
            .collect::<Vec<_>>(),
            ["about", "contact"]
        );
        assert!(
            reg.update_profile(&abel, "gm0363", "", "", true)
                .await
                .is_err()
        );
        not_found(reg.update_profile(&olga, "gm0363", "", "", true).await);
        assert!(matches!(
            reg.update_profile(&sam, "gm0363", "", "", true).await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        let o = reg
            .update_profile(
                &oda,
                "gm0363",
                "Wij zijn <b>de</b> hoofdstad.",
                "mailto:info@example.nl",
                false,
            )
            .await
            .unwrap();
        assert_eq!(o.about, "Wij zijn de hoofdstad.");
        assert_eq!(o.contact, "info@example.nl");
        let o = reg.organisation("gm0363").await.unwrap();
        assert!(!o.public_page);
        reg.update_profile(&pia, "gm0363", "", "https://www.example.nl/contact", true)
            .await
            .unwrap();
        assert!(reg.organisation("gm0363").await.unwrap().public_page);
        assert_eq!(
            reg.org_log(&oda, "gm0363", &q).await.unwrap().events[0].kind,
            "profile-changed"
        );

        // Flow and public page: platform admins only.
        assert!(
            reg.set_org_settings(&oda, "gm0363", PublicationFlow::Central, true)
                .await
                .is_err()
        );
        let o = reg
            .set_org_settings(&pia, "gm0363", PublicationFlow::Central, true)
            .await
            .unwrap();
        assert_eq!(o.flow, PublicationFlow::Central);

        // New organisations: from the national lists when missing, or new with a code of their type.
        assert!(
            reg.missing_national_organisations(&pia)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(reg.missing_national_organisations(&oda).await.is_err());
        let new = |code: &str, name: &str, t: Option<OrgType>| NewOrganisation {
            code: code.into(),
            name: name.into(),
            org_type: t,
        };
        let ps = problems(
            reg.create_organisation(
                &pia,
                &new("gm12", "Gemeente Nergens", Some(OrgType::Gemeente)),
            )
            .await,
        );
        assert_eq!(ps[0].0, "code");
        let ps = problems(
            reg.create_organisation(&pia, &new("gm0363", "", None))
                .await,
        );
        assert_eq!(ps[0], ("code".to_owned(), ProblemKind::Duplicate));
        assert!(matches!(
            reg.create_organisation(
                &sam,
                &new("gm9999", "Gemeente Nergens", Some(OrgType::Gemeente))
            )
            .await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        let o = reg
            .create_organisation(
                &pia,
                &new("GM9999", " Gemeente Nergens ", Some(OrgType::Gemeente)),
            )
            .await
            .unwrap();
        assert_eq!(o.code.as_str(), "gm9999");
        assert_eq!(
            reg.organisation("gm9999").await.unwrap().name,
            "Gemeente Nergens"
        );

        // The supervisors' overview: counts per status of every organisation with descriptions.
        let all = reg.oversight(&sam).await.unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].organisation.code.as_str(), "gm0363");
        assert_eq!(all[0].counts.get(&DescriptionStatus::Submitted), Some(&1));
        assert!(reg.oversight(&pia).await.is_ok());
        assert!(reg.oversight(&oda).await.is_err());
    }
}

/// Two admins stepping down at the same moment: one succeeds, the other is refused, and the
/// organisation keeps an admin (the store checks again under the organisation's row lock).
#[tokio::test]
async fn two_admins_cannot_both_step_down_at_once() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let a = user(&reg, "a@example.nl", &[("gm0363", OrgRole::OrgAdmin)], &[]).await;
        let b = user(&reg, "b@example.nl", &[("gm0363", OrgRole::OrgAdmin)], &[]).await;
        let (ra, rb) = tokio::join!(
            reg.set_roles(&a, "gm0363", a.id, &[OrgRole::Editor]),
            reg.set_roles(&b, "gm0363", b.id, &[OrgRole::Editor]),
        );
        assert!(ra.is_ok() != rb.is_ok(), "{ra:?} {rb:?}");
        let refused = if ra.is_err() { ra } else { rb };
        assert!(matches!(
            refused,
            Err(RegisterError::Denied(Denied::LastAdmin))
        ));
        let m = reg.members(&reg.actor(a.id).await.unwrap(), "gm0363").await;
        let m = match m {
            Ok(m) => m,
            Err(_) => reg
                .members(&reg.actor(b.id).await.unwrap(), "gm0363")
                .await
                .unwrap(),
        };
        assert_eq!(
            m.members
                .iter()
                .filter(|x| x.roles.contains(&OrgRole::OrgAdmin))
                .count(),
            1
        );
    }
}
