//! Notifications: who hears of what, the outbox written with the change, who may read it, and
//! sending by SMTP to a tiny server started here. On both backends.

use algoreg_register::domain::{
    Action, Actor, AlgorithmId, Denied, OrgRole, PlatformRole, PublicationFlow,
};
use algoreg_register::{
    MailSettings, Mailer, MessageRow, MessageState, NotifySettings, OutboxQuery, Register,
    RegisterError, TrustRoots,
};
use algoreg_store::test_support::{backends, execute};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use super::{user, valid_doc};

const URL: &str = "https://register.example.nl";

/// The messages about description `id`, oldest first: (kind, recipient's address).
fn about(all: &[MessageRow], id: AlgorithmId) -> Vec<(String, String)> {
    let out: Vec<(String, String)> = all
        .iter()
        .rev()
        .filter(|m| m.description_id == Some(id.as_string()))
        .map(|m| (m.kind.clone(), m.email.clone()))
        .collect();
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, e)| ((*k).to_owned(), (*e).to_owned()))
        .collect()
}

async fn client_actor(reg: &Register, org: &str) -> Actor {
    let made = reg
        .create_client_as_operator(
            org,
            "Toolkit",
            &[Action::SaveDraft, Action::Submit, Action::Publish],
        )
        .await
        .unwrap();
    let token = reg
        .token_for_client(&made.client.client_id, made.secret.expose())
        .await
        .unwrap();
    reg.authenticate(token.access_token.expose()).await.unwrap()
}

#[tokio::test]
async fn each_change_notifies_who_must_act_next_and_never_the_actor() {
    for db in backends().await {
        let reg = Register::new(db.store.clone()).with_notify_settings(NotifySettings {
            public_url: format!("{URL}/"),
        });
        reg.seed_organisations().await.unwrap();
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let abel = user(
            &reg,
            "abel@example.nl",
            &[("gm0363", OrgRole::Approver)],
            &[],
        )
        .await;
        let anna = user(
            &reg,
            "anna@example.nl",
            &[("gm0363", OrgRole::Approver), ("gm0363", OrgRole::Editor)],
            &[],
        )
        .await;
        let dirk = user(
            &reg,
            "dirk@example.nl",
            &[("gm0363", OrgRole::Approver)],
            &[],
        )
        .await;
        let _olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let _otto = user(
            &reg,
            "otto@example.nl",
            &[("gm0599", OrgRole::Approver)],
            &[],
        )
        .await;
        let cor = user(
            &reg,
            "cor@example.nl",
            &[],
            &[PlatformRole::CentralPublisher],
        )
        .await;
        let root = user(&reg, "root@example.nl", &[], &[PlatformRole::Admin]).await;
        let client = client_actor(&reg, "gm0363").await;
        execute(
            &db.store,
            &format!("UPDATE users SET disabled = TRUE WHERE id = {}", dirk.id.0),
        )
        .await;

        // Two-step flow, back-office door: the submission goes to the organisation's approvers —
        // not to the disabled one, not to the machine client, not to other organisations.
        let id = reg
            .create(&eva, "gm0363", &valid_doc("Route vuilniswagen"))
            .await
            .unwrap()
            .id;
        reg.submit(&eva, id, Some(1)).await.unwrap();
        let all = reg
            .outbox(&root, &Default::default())
            .await
            .unwrap()
            .messages;
        assert_eq!(
            about(&all, id),
            pairs(&[
                ("submitted", "abel@example.nl"),
                ("submitted", "anna@example.nl")
            ])
        );
        let m = all.iter().find(|m| m.email == "abel@example.nl").unwrap();
        assert_eq!(
            m.subject,
            "Beschrijving wacht op uw beoordeling: Route vuilniswagen"
        );
        assert!(m.body.starts_with("Beste abel,"), "{}", m.body);
        assert!(m.body.contains("eva heeft de beschrijving"), "{}", m.body);
        assert!(
            m.body.contains(&format!("{URL}/beheer/algoritme/{id}\n")),
            "{}",
            m.body
        );
        assert_eq!(m.org.as_str(), "gm0363");
        assert!(m.sent_at.is_none() && m.attempts == 0 && m.last_error.is_none());

        // A stale or refused action writes no message: the outbox is part of the change.
        assert!(matches!(
            reg.act_on(&anna, id, Some(7), Action::Publish, None).await,
            Err(RegisterError::Conflict { current: 1 })
        ));
        assert!(matches!(
            reg.act_on(&eva, id, None, Action::Publish, None).await,
            Err(RegisterError::Denied(_))
        ));
        assert!(matches!(
            reg.reject(&abel, id, Some(1), " ").await,
            Err(RegisterError::Invalid(_))
        ));
        assert_eq!(
            about(
                &reg.outbox(&root, &Default::default())
                    .await
                    .unwrap()
                    .messages,
                id
            )
            .len(),
            2
        );

        // The API's door: publishing tells the author.
        reg.act_on(&anna, id, Some(1), Action::Publish, None)
            .await
            .unwrap();
        let all = reg
            .outbox(&root, &Default::default())
            .await
            .unwrap()
            .messages;
        assert_eq!(
            about(&all, id)[2..],
            pairs(&[("published", "eva@example.nl")])
        );
        assert_eq!(
            all[0].subject,
            "Uw beschrijving is gepubliceerd: Route vuilniswagen"
        );

        // Anna writes and submits herself: only the other approver hears; her own rejection... is
        // someone else's: Abel rejects, Anna (the author) hears why.
        reg.save_draft(&anna, id, 1, &valid_doc("Route vuilniswagen 2"))
            .await
            .unwrap();
        reg.submit(&anna, id, Some(2)).await.unwrap();
        reg.reject(&abel, id, Some(2), "De bron ontbreekt.")
            .await
            .unwrap();
        let all = reg
            .outbox(&root, &Default::default())
            .await
            .unwrap()
            .messages;
        assert_eq!(
            about(&all, id)[3..],
            pairs(&[
                ("submitted", "abel@example.nl"),
                ("rejected", "anna@example.nl")
            ])
        );
        assert!(
            all[0].body.contains("De reden:\nDe bron ontbreekt.\n"),
            "{}",
            all[0].body
        );

        // A machine client's version: the approvers hear of its submission; it hears nothing of
        // the publication.
        let cid = reg
            .create(&client, "gm0363", &valid_doc("Parkeren"))
            .await
            .unwrap()
            .id;
        reg.act_on(&client, cid, None, Action::Submit, None)
            .await
            .unwrap();
        reg.publish(&abel, cid, None).await.unwrap();
        assert_eq!(
            about(
                &reg.outbox(&root, &Default::default())
                    .await
                    .unwrap()
                    .messages,
                cid
            ),
            pairs(&[
                ("submitted", "abel@example.nl"),
                ("submitted", "anna@example.nl")
            ])
        );

        // Central flow: the platform's central publishers hear of submissions.
        let mut org = reg.organisation("gm0363").await.unwrap();
        org.flow = PublicationFlow::Central;
        reg.put_organisation(&root, org).await.unwrap();
        let cen = reg
            .create(&eva, "gm0363", &valid_doc("Centraal"))
            .await
            .unwrap()
            .id;
        reg.submit(&eva, cen, None).await.unwrap();
        reg.reject(&cor, cen, None, "Graag een doel.")
            .await
            .unwrap();
        assert_eq!(
            about(
                &reg.outbox(&root, &Default::default())
                    .await
                    .unwrap()
                    .messages,
                cen
            ),
            pairs(&[
                ("submitted", "cor@example.nl"),
                ("rejected", "eva@example.nl")
            ])
        );
    }
}

#[tokio::test]
async fn admins_read_the_outbox_of_their_organisations() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        reg.seed_organisations().await.unwrap();
        let eva = user(&reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
        let _abel = user(
            &reg,
            "abel@example.nl",
            &[("gm0363", OrgRole::Approver)],
            &[],
        )
        .await;
        let olga = user(
            &reg,
            "olga@example.nl",
            &[("gm0363", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let oscar = user(
            &reg,
            "oscar@example.nl",
            &[("gm0599", OrgRole::OrgAdmin)],
            &[],
        )
        .await;
        let sara = user(&reg, "sara@example.nl", &[], &[PlatformRole::Supervisor]).await;
        let root = user(&reg, "root@example.nl", &[], &[PlatformRole::Admin]).await;
        let client = client_actor(&reg, "gm0363").await;
        let id = reg
            .create(&eva, "gm0363", &valid_doc("Route"))
            .await
            .unwrap()
            .id;
        reg.submit(&eva, id, None).await.unwrap();

        assert_eq!(
            reg.outbox(&olga, &Default::default())
                .await
                .unwrap()
                .messages
                .len(),
            1
        );
        assert_eq!(
            reg.outbox(&root, &Default::default())
                .await
                .unwrap()
                .messages
                .len(),
            1
        );
        assert!(
            reg.outbox(&oscar, &Default::default())
                .await
                .unwrap()
                .messages
                .is_empty()
        );
        // Filters: one organisation (only one the reader may read), a state, a page.
        let q = |org: Option<&str>, state: Option<MessageState>, page: u64| OutboxQuery {
            org: org.map(str::to_owned),
            state,
            page,
        };
        let gm0363 = reg
            .outbox(&root, &q(Some("gm0363"), None, 1))
            .await
            .unwrap();
        assert_eq!(
            (gm0363.total, gm0363.messages.len(), gm0363.pages),
            (1, 1, 1)
        );
        assert_eq!(
            reg.outbox(&root, &q(Some("gm0599"), None, 1))
                .await
                .unwrap()
                .total,
            0
        );
        assert!(matches!(
            reg.outbox(&oscar, &q(Some("gm0363"), None, 1)).await,
            Err(RegisterError::NotFound)
        ));
        assert!(matches!(
            reg.outbox(&root, &q(Some("not a code"), None, 1)).await,
            Err(RegisterError::NotFound)
        ));
        let waiting = reg
            .outbox(&olga, &q(None, Some(MessageState::Waiting), 1))
            .await
            .unwrap();
        assert_eq!(waiting.total, 1);
        let sent = reg
            .outbox(&olga, &q(None, Some(MessageState::Sent), 1))
            .await
            .unwrap();
        assert_eq!((sent.total, sent.messages.len()), (0, 0));
        let beyond = reg.outbox(&olga, &q(None, None, 2)).await.unwrap();
        assert_eq!(
            (beyond.total, beyond.messages.len(), beyond.page),
            (1, 0, 2)
        );
        assert!(matches!(
            reg.outbox(&eva, &Default::default()).await,
            Err(RegisterError::Denied(Denied::MissingRole { .. }))
        ));
        assert!(matches!(
            reg.outbox(&sara, &Default::default()).await,
            Err(RegisterError::Denied(Denied::ReadOnly))
        ));
        assert!(matches!(
            reg.outbox(&client, &Default::default()).await,
            Err(RegisterError::Denied(Denied::OutOfScope { .. }))
        ));
    }
}

/// A mailer for `url`, trusting `roots`, sending as the register.
fn mailer(url: String, roots: &TrustRoots) -> Mailer {
    Mailer::new(
        &MailSettings {
            smtp_url: url,
            from: "Algoritmeregister <noreply@example.nl>".into(),
        },
        roots,
    )
    .unwrap()
}

/// Organisations seeded, an editor (eva) and an approver (abel) of gm0363, and one description of
/// eva's submitted: one message waits for abel in the outbox.
async fn one_submission(reg: &Register) {
    reg.seed_organisations().await.unwrap();
    let eva = user(reg, "eva@example.nl", &[("gm0363", OrgRole::Editor)], &[]).await;
    user(
        reg,
        "abel@example.nl",
        &[("gm0363", OrgRole::Approver)],
        &[],
    )
    .await;
    let id = reg
        .create(&eva, "gm0363", &valid_doc("Route"))
        .await
        .unwrap()
        .id;
    reg.submit(&eva, id, None).await.unwrap();
}

/// A tiny SMTP server (someone else's system, as far as the register knows) that accepts one
/// connection and returns everything the client sent.
pub(super) async fn smtp_server() -> (u16, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        smtp_dialogue(socket).await
    });
    (port, handle)
}

/// The same over TLS from the start (`smtps`), with the certificate of `config`.
async fn smtps_server(
    config: std::sync::Arc<rustls::ServerConfig>,
) -> (u16, tokio::task::JoinHandle<Option<String>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        // A client that does not trust the certificate ends the handshake: nothing was said.
        let tls = tokio_rustls::TlsAcceptor::from(config)
            .accept(socket)
            .await
            .ok()?;
        Some(smtp_dialogue(tls).await)
    });
    (port, handle)
}

async fn smtp_dialogue<S>(socket: S) -> String
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let (read, mut write) = tokio::io::split(socket);
    let mut lines = BufReader::new(read).lines();
    let mut seen = String::new();
    write.write_all(b"220 test ESMTP\r\n").await.unwrap();
    let mut in_data = false;
    while let Ok(Some(line)) = lines.next_line().await {
        seen.push_str(&line);
        seen.push('\n');
        if in_data {
            if line == "." {
                in_data = false;
                write.write_all(b"250 queued\r\n").await.unwrap();
            }
            continue;
        }
        let upper = line.to_ascii_uppercase();
        let answer: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250 test\r\n"
        } else if upper.starts_with("DATA") {
            in_data = true;
            b"354 go ahead\r\n"
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await.unwrap();
            break;
        } else {
            b"250 ok\r\n"
        };
        write.write_all(answer).await.unwrap();
    }
    seen
}

#[tokio::test]
async fn messages_are_sent_once_and_failures_are_kept_for_later() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        one_submission(&reg).await;
        let root = user(&reg, "root@example.nl", &[], &[PlatformRole::Admin]).await;

        // Nobody listens: the attempt fails, the error is kept, and the message waits.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let dead_port = closed.local_addr().unwrap().port();
        drop(closed);
        let dead = mailer(
            format!("smtp://mailer:geheim-wachtwoord@127.0.0.1:{dead_port}"),
            &TrustRoots::system(),
        );
        assert_eq!(reg.send_due_messages(&dead).await.unwrap(), 0);
        let m = &reg
            .outbox(&root, &Default::default())
            .await
            .unwrap()
            .messages[0];
        assert_eq!(m.attempts, 1);
        assert!(m.sent_at.is_none());
        let error = m.last_error.clone().unwrap();
        assert!(!error.contains("geheim"), "{error}");
        assert!(m.next_attempt_at > algoreg_store::now());
        // Not due yet: nothing is tried.
        assert_eq!(reg.send_due_messages(&dead).await.unwrap(), 0);
        assert_eq!(
            reg.outbox(&root, &Default::default())
                .await
                .unwrap()
                .messages[0]
                .attempts,
            1
        );

        // Due again (as if the wait had passed): sent to the server, once.
        execute(&db.store, "UPDATE outbox SET next_attempt_at = created_at").await;
        let (port, server) = smtp_server().await;
        let live = mailer(format!("smtp://127.0.0.1:{port}"), &TrustRoots::system());
        assert_eq!(reg.send_due_messages(&live).await.unwrap(), 1);
        let seen = server.await.unwrap();
        assert!(seen.contains("RCPT TO:<abel@example.nl>"), "{seen}");
        assert!(
            seen.contains("Subject: Beschrijving wacht op uw beoordeling: Route"),
            "{seen}"
        );
        assert!(seen.contains("Beste abel,"), "{seen}");
        let m = &reg
            .outbox(&root, &Default::default())
            .await
            .unwrap()
            .messages[0];
        assert!(m.sent_at.is_some());
        assert_eq!(m.attempts, 2);
        assert!(m.last_error.is_none());
        // Sent messages are never sent again.
        assert_eq!(reg.send_due_messages(&live).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn a_claimed_message_is_not_claimed_again() {
    for db in backends().await {
        let reg = Register::new(db.store.clone());
        one_submission(&reg).await;
        let at = algoreg_store::now();
        let until = at + chrono::Duration::minutes(10);
        let (a, b) = tokio::join!(
            db.store.claim_messages("node-a", at, until, 10, 50),
            db.store.claim_messages("node-b", at, until, 10, 50),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.len() + b.len(), 1, "{a:?} {b:?}");
        // Another node's claim cannot mark the message.
        let id = a.first().or(b.first()).unwrap().id;
        let other = if a.is_empty() { "node-a" } else { "node-b" };
        db.store.message_sent(id, other, at).await.unwrap();
        assert!(
            db.store.messages(None, None, 10, 0).await.unwrap().0[0]
                .sent_at
                .is_none()
        );
        // After the claim runs out, another node may take it.
        let later = until + chrono::Duration::seconds(1);
        let again = db
            .store
            .claim_messages(
                "node-c",
                later,
                later + chrono::Duration::minutes(10),
                10,
                50,
            )
            .await
            .unwrap();
        assert_eq!(again.len(), 1);
    }
}

#[tokio::test]
async fn a_relay_without_starttls_gets_no_message_when_tls_is_required() {
    let db = algoreg_store::test_support::sqlite().await;
    let reg = Register::new(db.store.clone());
    one_submission(&reg).await;
    // The relay offers no STARTTLS: the mailer stops after EHLO, before any address or text.
    let (port, server) = smtp_server().await;
    let strict = mailer(
        format!("smtp://127.0.0.1:{port}?tls=required"),
        &TrustRoots::system(),
    );
    assert_eq!(reg.send_due_messages(&strict).await.unwrap(), 0);
    let seen = server.await.unwrap();
    assert!(seen.starts_with("EHLO"), "{seen}");
    assert!(
        !seen.contains("MAIL FROM") && !seen.contains("DATA"),
        "{seen}"
    );
    let root = user(&reg, "root@example.nl", &[], &[PlatformRole::Admin]).await;
    let m = &reg
        .outbox(&root, &Default::default())
        .await
        .unwrap()
        .messages[0];
    assert!(m.sent_at.is_none());
    assert!(m.last_error.is_some());
}

#[tokio::test]
async fn messages_go_over_tls_to_a_relay_whose_certificate_is_trusted() {
    let db = algoreg_store::test_support::sqlite().await;
    let reg = Register::new(db.store.clone());
    one_submission(&reg).await;
    let (ca_pem, config) = algoreg_register::test_support::test_pki();
    let url = |port: u16| format!("smtps://127.0.0.1:{port}");

    // The relay's certificate is not signed by an authority the register trusts: nothing is sent.
    let (port, server) = smtps_server(config.clone()).await;
    let untrusting = mailer(url(port), &TrustRoots::system());
    assert_eq!(reg.send_due_messages(&untrusting).await.unwrap(), 0);
    assert_eq!(
        server.await.unwrap(),
        None,
        "no SMTP over an unchecked connection"
    );

    // Trusting the test authority (as `tls_ca_file` does), the message goes over TLS.
    execute(&db.store, "UPDATE outbox SET next_attempt_at = created_at").await;
    let (port, server) = smtps_server(config).await;
    let roots = TrustRoots::with_pem(ca_pem.as_bytes()).unwrap();
    let trusting = mailer(url(port), &roots);
    assert_eq!(reg.send_due_messages(&trusting).await.unwrap(), 1);
    let seen = server.await.unwrap().expect("a TLS session");
    assert!(seen.contains("RCPT TO:<abel@example.nl>"), "{seen}");
}
