//! Two-factor authentication (TOTP) through the services, on both backends: enrolment, login with a
//! code, replays, throttling, the token grant, and an organisation's requirement.

use algoreg_register::domain::{Denied, OrgRole, PlatformRole};
use algoreg_register::{
    LoginStep, Register, RegisterError, SessionPolicy, TwoFactorProblem, base32_decode, totp_code,
};
use algoreg_store::test_support::backends;

use super::user;

const PASSWORD: &str = "correct horse battery staple";

fn unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code of `secret` `offset` steps from now.
fn code(secret: &str, offset: i64) -> String {
    let t = unix().saturating_add_signed(offset * 30);
    totp_code(&base32_decode(secret).unwrap(), t)
}

fn problem<T: std::fmt::Debug>(r: Result<T, RegisterError>) -> TwoFactorProblem {
    match r {
        Err(RegisterError::TwoFactor(p)) => p,
        other => panic!("expected a two-factor problem, got {other:?}"),
    }
}

/// Enrols `email` and answers the secret; the code of the current step is used.
async fn enrol(reg: &Register, actor: &algoreg_register::domain::Actor) -> String {
    let e = reg.totp_enrolment(actor).await.unwrap().unwrap();
    let secret = e.secret.expose().to_owned();
    reg.confirm_totp(actor, &code(&secret, 0)).await.unwrap();
    secret
}

#[tokio::test]
async fn enrolment_and_switching_off() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let status = reg.two_factor(eva.id).await.unwrap();
        assert!(!status.enabled && !status.required);

        // The same secret until confirmed; 160 bits in base32.
        let e = reg.totp_enrolment(&eva).await.unwrap().unwrap();
        assert_eq!(e.account, "eva@example.nl");
        let secret = e.secret.expose().to_owned();
        assert_eq!(secret.len(), 32);
        assert_eq!(base32_decode(&secret).unwrap().len(), 20);
        assert!(!format!("{e:?}").contains(&secret), "no secret in logs");
        let again = reg.totp_enrolment(&eva).await.unwrap().unwrap();
        assert_eq!(again.secret.expose(), secret);

        // A wrong code does not switch it on; a current one does.
        assert_eq!(
            problem(reg.confirm_totp(&eva, "000000").await),
            TwoFactorProblem::WrongCode
        );
        assert_eq!(
            problem(reg.confirm_totp(&eva, &code(&secret, -2)).await),
            TwoFactorProblem::WrongCode
        );
        assert!(!reg.two_factor(eva.id).await.unwrap().enabled);
        reg.confirm_totp(&eva, &code(&secret, 0)).await.unwrap();
        assert!(reg.two_factor(eva.id).await.unwrap().enabled);
        assert!(reg.totp_enrolment(&eva).await.unwrap().is_none());

        // Switching off needs a code that was not used yet.
        assert_eq!(
            problem(reg.disable_totp(&eva, &code(&secret, 0)).await),
            TwoFactorProblem::WrongCode,
            "the confirming code was used"
        );
        reg.disable_totp(&eva, &code(&secret, 1)).await.unwrap();
        assert!(!reg.two_factor(eva.id).await.unwrap().enabled);
        // A new enrolment has a new secret.
        let fresh = reg.totp_enrolment(&eva).await.unwrap().unwrap();
        assert_ne!(fresh.secret.expose(), secret);

        // The operator removes it for someone who lost their phone.
        reg.confirm_totp(&eva, &code(fresh.secret.expose(), 1))
            .await
            .unwrap();
        assert!(reg.two_factor(eva.id).await.unwrap().enabled);
        reg.reset_two_factor_as_operator(" EVA@example.nl ")
            .await
            .unwrap();
        assert!(!reg.two_factor(eva.id).await.unwrap().enabled);
        assert!(matches!(
            reg.log_in("eva@example.nl", PASSWORD, "10.0.0.9").await,
            Ok(LoginStep::Done(_))
        ));
        assert!(matches!(
            reg.reset_two_factor_as_operator("nobody@example.nl").await,
            Err(RegisterError::NotFound)
        ));
        // Each change is in the organisation's audit log: on, off, on, removed by the operator.
        let oda = user(
            &reg,
            "oda@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let log = reg
            .org_log(&oda, "gm0363", &algoreg_register::LogQuery::default())
            .await
            .unwrap();
        let kinds: Vec<(&str, &str)> = log
            .events
            .iter()
            .filter(|e| e.kind.starts_with("two-factor"))
            .map(|e| (e.kind.as_str(), e.actor_name.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("two-factor-reset", "algoreg (opdrachtregel)"),
                ("two-factor-on", "eva"),
                ("two-factor-off", "eva"),
                ("two-factor-on", "eva"),
            ],
            "newest first"
        );
    }
}

#[tokio::test]
async fn login_with_a_code_replays_and_throttling() {
    use algoreg_register::MAX_ACCOUNT_FAILURES;
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let secret = enrol(&reg, &eva).await;

        // A correct password gives no session yet.
        let LoginStep::NeedsCode { challenge } = reg
            .log_in("eva@example.nl", PASSWORD, "10.0.0.1")
            .await
            .unwrap()
        else {
            panic!("a user with a second factor needs a code");
        };
        assert!(
            reg.session(&challenge, SessionPolicy::default())
                .await
                .unwrap()
                .is_none(),
            "the waiting login is no session"
        );
        // Wrong codes, the code already used at enrolment, an unknown login.
        assert_eq!(
            problem(reg.finish_login(&challenge, "123456", "10.0.0.1").await),
            TwoFactorProblem::WrongCode
        );
        assert_eq!(
            problem(
                reg.finish_login(&challenge, &code(&secret, 0), "10.0.0.1")
                    .await
            ),
            TwoFactorProblem::WrongCode,
            "a code is used once"
        );
        assert_eq!(
            problem(
                reg.finish_login("nonsense", &code(&secret, 1), "10.0.0.1")
                    .await
            ),
            TwoFactorProblem::Expired
        );
        // The right code: a session; the waiting login is gone.
        let next = code(&secret, 1);
        let done = reg
            .finish_login(&challenge, &next, "10.0.0.1")
            .await
            .unwrap();
        assert_eq!(done.session.actor.id, eva.id);
        assert!(!done.session.must_enrol);
        assert!(
            reg.session(&done.secret, SessionPolicy::default())
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(
            problem(reg.finish_login(&challenge, &next, "10.0.0.1").await),
            TwoFactorProblem::Expired
        );
        // Replaying the same code in a new login fails.
        let LoginStep::NeedsCode { challenge } = reg
            .log_in("eva@example.nl", PASSWORD, "10.0.0.1")
            .await
            .unwrap()
        else {
            panic!()
        };
        assert_eq!(
            problem(reg.finish_login(&challenge, &next, "10.0.0.1").await),
            TwoFactorProblem::WrongCode
        );

        // Wrong codes count as failed logins: the account locks, also for the right code and for
        // the password step.
        for _ in 1..MAX_ACCOUNT_FAILURES {
            let _ = reg.finish_login(&challenge, "000000", "10.0.0.2").await;
        }
        assert!(matches!(
            reg.finish_login(&challenge, &code(&secret, 1), "10.0.0.3")
                .await,
            Err(RegisterError::RateLimited { .. })
        ));
        assert!(matches!(
            reg.log_in("eva@example.nl", PASSWORD, "10.0.0.4").await,
            Err(RegisterError::RateLimited { .. })
        ));
    }
}

#[tokio::test]
async fn the_token_grant_needs_the_code() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let secret = enrol(&reg, &eva).await;
        for totp in [
            None,
            Some(""),
            Some("000000"),
            Some(code(&secret, 0).as_str()),
        ] {
            assert_eq!(
                problem(
                    reg.token_for_password("eva@example.nl", PASSWORD, totp)
                        .await
                ),
                TwoFactorProblem::WrongCode,
                "{totp:?}"
            );
        }
        let c = code(&secret, 1);
        let t = reg
            .token_for_password("eva@example.nl", PASSWORD, Some(&c))
            .await
            .unwrap();
        assert_eq!(
            reg.authenticate(t.access_token.expose()).await.unwrap().id,
            eva.id
        );
        assert_eq!(
            problem(
                reg.token_for_password("eva@example.nl", PASSWORD, Some(&c))
                    .await
            ),
            TwoFactorProblem::WrongCode,
            "replayed"
        );
        // A wrong password is still only "wrong credentials", whatever the code.
        assert!(matches!(
            reg.token_for_password("eva@example.nl", "wrong password!!", Some(&c))
                .await,
            Err(RegisterError::Unauthenticated(_))
        ));
    }
}

#[tokio::test]
async fn an_organisation_can_require_it() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
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
        let ada = user(&reg, "ada@example.nl", &[], &[PlatformRole::Admin]).await;

        // Who may set it: the organisation's admins and platform admins.
        assert!(matches!(
            reg.set_org_requires_totp(&eva, "gm0363", true).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        assert!(matches!(
            reg.set_org_requires_totp(&otto, "gm0363", true).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            reg.set_org_requires_totp(&sara, "gm0363", true).await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        assert!(matches!(
            reg.set_org_requires_totp(&ada, "zz9999", true).await,
            Err(RegisterError::NotFound)
        ));
        assert!(!reg.org_requires_totp(&olga, "gm0363").await.unwrap());
        let before = reg
            .token_for_password("eva@example.nl", PASSWORD, None)
            .await
            .unwrap();
        let otto_token = reg
            .token_for_password("otto@example.nl", PASSWORD, None)
            .await
            .unwrap();
        reg.set_org_requires_totp(&olga, "gm0363", true)
            .await
            .unwrap();
        // Tokens got with the password alone stop working for the organisation's members.
        assert!(matches!(
            reg.authenticate(before.access_token.expose()).await,
            Err(RegisterError::Unauthenticated(_))
        ));
        assert!(
            reg.authenticate(otto_token.access_token.expose())
                .await
                .is_ok()
        );
        assert!(reg.org_requires_totp(&ada, "gm0363").await.unwrap());
        assert!(matches!(
            reg.org_requires_totp(&otto, "gm0363").await,
            Err(RegisterError::NotFound)
        ));

        // A member without a second factor: a session that may only enrol, and no token.
        let status = reg.two_factor(eva.id).await.unwrap();
        assert!(status.required && status.must_enrol());
        let s = reg
            .log_in("eva@example.nl", PASSWORD, "10.0.0.1")
            .await
            .unwrap()
            .done()
            .unwrap();
        assert!(s.session.must_enrol);
        let found = reg
            .session(&s.secret, SessionPolicy::default())
            .await
            .unwrap()
            .unwrap();
        assert!(found.must_enrol);
        assert_eq!(
            problem(
                reg.token_for_password("eva@example.nl", PASSWORD, None)
                    .await
            ),
            TwoFactorProblem::NotSetUp
        );
        // Others are not affected.
        assert!(!reg.two_factor(otto.id).await.unwrap().must_enrol());

        // Once enrolled, the session is whole; switching off is refused while required.
        let secret = enrol(&reg, &eva).await;
        let found = reg
            .session(&s.secret, SessionPolicy::default())
            .await
            .unwrap()
            .unwrap();
        assert!(!found.must_enrol);
        assert_eq!(
            problem(reg.disable_totp(&eva, &code(&secret, 1)).await),
            TwoFactorProblem::Required
        );
        reg.set_org_requires_totp(&ada, "gm0363", false)
            .await
            .unwrap();
        reg.disable_totp(&eva, &code(&secret, 1)).await.unwrap();
    }
}

/// Logs in with password and the next step's code of `secret`; panics unless a session starts.
async fn log_in_with_code(reg: &Register, email: &str, secret: &str) {
    let LoginStep::NeedsCode { challenge } =
        reg.log_in(email, PASSWORD, "192.0.2.1").await.unwrap()
    else {
        panic!("a code is needed")
    };
    reg.finish_login(&challenge, &code(secret, 1), "192.0.2.1")
        .await
        .unwrap();
}

#[tokio::test]
async fn secrets_are_stored_sealed_with_the_secret_key() {
    for db in backends().await {
        let key = || algoreg_register::SecretKey::from_hex(&"4b".repeat(32)).unwrap();
        let plain = Register::new(db.store.clone());
        plain.seed_organisations().await.unwrap();
        let eva = user(
            &plain,
            "eva@example.nl",
            &[("gm0363", OrgRole::Editor)],
            &[],
        )
        .await;
        let abel = user(
            &plain,
            "abel@example.nl",
            &[("gm0363", OrgRole::Approver)],
            &[],
        )
        .await;
        // Abel set up his second factor before the register had a key: stored as it is.
        let abel_secret = enrol(&plain, &abel).await;
        assert_eq!(
            db.store.totp(abel.id).await.unwrap().secret.as_deref(),
            Some(abel_secret.as_str())
        );

        // With the key, start-up seals it; his codes still work.
        let sealed = Register::new(db.store.clone()).with_secret_key(key());
        assert_eq!(sealed.seal_totp_secrets().await.unwrap(), 1);
        assert_eq!(sealed.seal_totp_secrets().await.unwrap(), 0, "once");
        let stored = db.store.totp(abel.id).await.unwrap().secret.unwrap();
        assert!(stored.starts_with("sealed1:") && !stored.contains(&abel_secret));
        log_in_with_code(&sealed, "abel@example.nl", &abel_secret).await;

        // Eva sets hers up with the key: sealed while pending and once confirmed.
        let e = sealed.totp_enrolment(&eva).await.unwrap().unwrap();
        let secret = e.secret.expose().to_owned();
        let pending = db.store.totp(eva.id).await.unwrap().pending.unwrap();
        assert!(pending.starts_with("sealed1:") && !pending.contains(&secret));
        assert_eq!(
            sealed
                .totp_enrolment(&eva)
                .await
                .unwrap()
                .unwrap()
                .secret
                .expose(),
            secret,
            "the same secret is shown again"
        );
        sealed.confirm_totp(&eva, &code(&secret, 0)).await.unwrap();
        assert!(
            db.store
                .totp(eva.id)
                .await
                .unwrap()
                .secret
                .unwrap()
                .starts_with("sealed1:")
        );
        log_in_with_code(&sealed, "eva@example.nl", &secret).await;

        // Without the key, or with another, the register refuses to start.
        let without = Register::new(db.store.clone());
        assert!(matches!(
            without.seal_totp_secrets().await,
            Err(RegisterError::Unavailable(m)) if m.contains("configure the secret_key")
        ));
        let other = Register::new(db.store.clone())
            .with_secret_key(algoreg_register::SecretKey::from_hex(&"5c".repeat(32)).unwrap());
        assert!(matches!(
            other.seal_totp_secrets().await,
            Err(RegisterError::Unavailable(m)) if m.contains("does not open")
        ));
    }
}
