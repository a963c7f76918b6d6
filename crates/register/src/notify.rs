//! Notifications: who hears of a state change, what the message says, the outbox admins read, and
//! sending by SMTP.
//!
//! Recipients are decided here, once, for every front door (back-office, `/api/v1`, `/aanleverapi`):
//! a submission goes to the organisation's approvers (two-step flow) or to the platform's central
//! publishers (central flow); a publication or rejection goes to the author of the version. Nobody
//! hears of their own action; disabled accounts and machine clients hear nothing. The messages are
//! written to the outbox in the transaction of the change itself, and a background task sends them
//! when SMTP is configured.

use std::time::Duration;

use algoreg_domain::{
    Action, Actor, AdminAction, Denied, OrgCode, OrgRole, Organisation, PlatformRole,
    PublicationFlow, authorize_admin,
};
use algoreg_store::{
    DescriptionRow, MessageRow, MessageState, NewMessage, Recipient, VersionRow, now,
};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::{Register, RegisterError};

/// How often a message is tried before it is left with its error.
pub const MAX_SEND_ATTEMPTS: i64 = 10;

/// How long a node's claim on a message holds (longer than one SMTP exchange can take).
const CLAIM: chrono::Duration = chrono::Duration::minutes(10);

/// Messages claimed at a time.
const BATCH: i64 = 50;

/// Messages on one page of the outbox.
pub const OUTBOX_PAGE_SIZE: i64 = 50;

/// Which messages of the outbox to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxQuery {
    /// One organisation (its code) instead of every one the reader may read.
    pub org: Option<String>,
    pub state: Option<MessageState>,
    /// From 1.
    pub page: u64,
}

/// A page of the outbox, newest first.
#[derive(Debug, Clone)]
pub struct OutboxPage {
    pub messages: Vec<MessageRow>,
    /// Messages matching the query, on every page.
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// Where links in messages point: the public base URL (without a trailing slash).
#[derive(Debug, Clone)]
pub struct NotifySettings {
    pub public_url: String,
}

impl Default for NotifySettings {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".into(),
        }
    }
}

/// One line of text for a header: no line breaks, no surrounding blanks.
fn one_line(s: &str) -> String {
    s.split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What happened, for the message's text.
struct Change<'a> {
    actor: &'a Actor,
    org: &'a Organisation,
    d: &'a DescriptionRow,
    head: &'a VersionRow,
    reason: Option<&'a str>,
}

impl Register {
    /// Sends single-use links (invitations, password resets) by e-mail with `mailer`, straight away
    /// and never through the outbox (which admins read).
    pub fn with_mailer(mut self, mailer: Mailer) -> Self {
        self.mailer = Some(mailer);
        self
    }

    pub(crate) fn mailer(&self) -> Option<&Mailer> {
        self.mailer.as_ref()
    }

    pub fn with_notify_settings(mut self, settings: NotifySettings) -> Self {
        self.notify = settings;
        self
    }

    /// The link to a description in the back-office.
    fn office_link(&self, id: &str) -> String {
        format!(
            "{}/beheer/algoritme/{id}",
            self.notify.public_url.trim_end_matches('/')
        )
    }

    /// The messages that announce `action` on the description, one per recipient.
    pub(crate) async fn messages_for(
        &self,
        action: Action,
        actor: &Actor,
        org: &Organisation,
        d: &DescriptionRow,
        head: &VersionRow,
        reason: Option<&str>,
    ) -> Result<Vec<NewMessage>, RegisterError> {
        let recipients: Vec<Recipient> = match action {
            Action::Submit => match org.flow {
                PublicationFlow::TwoStep => {
                    self.store
                        .recipients_with_org_role(&org.code, OrgRole::Approver)
                        .await?
                }
                PublicationFlow::Central => {
                    self.store
                        .recipients_with_platform_role(PlatformRole::CentralPublisher)
                        .await?
                }
            },
            Action::Publish | Action::Reject => match head.created_by {
                Some(author) => self.store.recipient(author).await?.into_iter().collect(),
                None => Vec::new(),
            },
            _ => Vec::new(),
        };
        let change = Change {
            actor,
            org,
            d,
            head,
            reason,
        };
        Ok(recipients
            .into_iter()
            .filter(|r| r.id != actor.id)
            .filter_map(|r| self.message(action, &change, r))
            .collect())
    }

    /// The text of one message (Dutch, plain text).
    fn message(&self, action: Action, c: &Change<'_>, to: Recipient) -> Option<NewMessage> {
        let name = one_line(&c.head.columns.name);
        let name = if name.is_empty() {
            "(zonder naam)".to_owned()
        } else {
            name
        };
        let actor = one_line(&c.actor.name);
        let link = self.office_link(&c.d.id.as_string());
        let (kind, subject, middle) = match action {
            Action::Submit => (
                "submitted",
                format!("Beschrijving wacht op uw beoordeling: {name}"),
                format!(
                    "{actor} heeft de beschrijving \"{name}\" van {org} ingediend.\n\
                     De beschrijving wacht nu op uw beoordeling. U kunt de beschrijving\n\
                     publiceren of met een reden terugsturen.",
                    org = one_line(&c.org.name)
                ),
            ),
            Action::Publish => (
                "published",
                format!("Uw beschrijving is gepubliceerd: {name}"),
                format!(
                    "{actor} heeft uw beschrijving \"{name}\" gepubliceerd.\n\
                     Iedereen kan de beschrijving nu lezen in het Algoritmeregister."
                ),
            ),
            Action::Reject => (
                "rejected",
                format!("Uw beschrijving is teruggestuurd: {name}"),
                format!(
                    "{actor} heeft uw beschrijving \"{name}\" teruggestuurd.\n\n\
                     De reden:\n{reason}\n\n\
                     Pas de beschrijving aan en dien die daarna opnieuw in.",
                    reason = c.reason.unwrap_or("").trim()
                ),
            ),
            _ => return None,
        };
        let body = format!(
            "Beste {to},\n\n{middle}\n\nBekijk de beschrijving:\n{link}\n\n\
             Dit bericht is automatisch verstuurd door het Algoritmeregister.\n",
            to = one_line(&to.name)
        );
        Some(NewMessage {
            kind: kind.to_owned(),
            recipient: to.id,
            email: to.email,
            name: to.name,
            subject,
            body,
        })
    }

    /// A page of the outbox as `actor` may read it: a platform admin reads every message, an
    /// organisation's admin the messages about their organisations' descriptions; anyone else is
    /// refused. An organisation in the query that the actor may not read is "not found".
    pub async fn outbox(
        &self,
        actor: &Actor,
        q: &OutboxQuery,
    ) -> Result<OutboxPage, RegisterError> {
        let readable: Option<Vec<OrgCode>> = if actor.is_admin() && !actor.is_client() {
            None
        } else {
            let mut orgs = Vec::new();
            let mut denied: Option<Denied> = None;
            for org in actor.organisations() {
                match authorize_admin(actor, AdminAction::ReadOutbox, org) {
                    Ok(()) => orgs.push(org.clone()),
                    Err(d) => denied = Some(d),
                }
            }
            if orgs.is_empty() {
                return Err(RegisterError::Denied(denied.unwrap_or(
                    if actor.has_platform_role(PlatformRole::Supervisor) {
                        Denied::ReadOnly
                    } else {
                        Denied::NotMember
                    },
                )));
            }
            Some(orgs)
        };
        let orgs = match &q.org {
            Some(org) => {
                let code = OrgCode::parse(org.trim()).map_err(|_| RegisterError::NotFound)?;
                if readable.as_ref().is_some_and(|r| !r.contains(&code)) {
                    return Err(RegisterError::NotFound);
                }
                Some(vec![code])
            }
            None => readable,
        };
        let page = q.page.max(1);
        let offset = i64::try_from(page - 1)
            .unwrap_or(i64::MAX)
            .saturating_mul(OUTBOX_PAGE_SIZE);
        let (messages, total) = self
            .store
            .messages(orgs.as_deref(), q.state, OUTBOX_PAGE_SIZE, offset)
            .await?;
        Ok(OutboxPage {
            messages,
            total: u64::try_from(total).unwrap_or(0),
            page,
            pages: u64::try_from(total)
                .unwrap_or(0)
                .div_ceil(OUTBOX_PAGE_SIZE as u64)
                .max(1),
        })
    }

    /// Sends the messages that are due, with `mailer`: each is claimed first, so two nodes never send
    /// the same message; a failure is recorded (without secrets) and tried again later, each time
    /// after a longer wait. Returns how many were sent.
    pub async fn send_due_messages(&self, mailer: &Mailer) -> Result<usize, RegisterError> {
        let token = crate::random_secret();
        let at = now();
        let claimed = self
            .store
            .claim_messages(&token, at, at + CLAIM, MAX_SEND_ATTEMPTS, BATCH)
            .await?;
        let mut sent = 0;
        for m in claimed {
            match mailer.send(&m).await {
                Ok(()) => {
                    self.store.message_sent(m.id, &token, now()).await?;
                    sent += 1;
                }
                Err(error) => {
                    let wait = backoff(m.attempts + 1);
                    tracing::warn!(message = m.id, attempts = m.attempts + 1, error = %error, "a message could not be sent; trying again later");
                    self.store
                        .message_failed(m.id, &token, &error, now() + wait)
                        .await?;
                }
            }
        }
        Ok(sent)
    }

    /// Sends due messages every `every`, until the process ends (the task `serve` starts when SMTP
    /// is configured).
    pub async fn run_outbox(self, mailer: Mailer, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match self.send_due_messages(&mailer).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(messages = n, "messages sent"),
                Err(e) => tracing::warn!(error = %e, "the outbox could not be read; trying again"),
            }
        }
    }
}

/// The wait before attempt `attempts + 1`: one minute, doubling, at most six hours.
pub fn backoff(attempts: i64) -> chrono::Duration {
    let minutes = 1_i64 << attempts.clamp(1, 10).saturating_sub(1);
    chrono::Duration::minutes(minutes.min(360))
}

/// How messages are sent: an SMTP relay and the sender's address.
#[derive(Clone, serde::Deserialize, serde::Serialize, Default)]
pub struct MailSettings {
    /// `smtp://[user:password@]host[:port]` (plain SMTP, port 25 by default), with `?tls=required`
    /// for STARTTLS; `smtps://…` for TLS from the start (port 465 by default).
    pub smtp_url: String,
    /// The sender, e.g. `Algoritmeregister <noreply@example.nl>`.
    pub from: String,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("smtp_url", &redact_url(&self.smtp_url))
            .field("from", &self.from)
            .finish()
    }
}

/// A URL fit for logs: the password, if any, replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// `%xx` escapes decoded (for the user and password in a URL).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An SMTP connection's settings, ready to send.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The password, to keep it out of recorded errors.
    password: Option<String>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer from the settings. `smtp_url` is one of
    /// - `smtp://[user:password@]host[:port]`: plain SMTP (port 25), for a relay on the same network;
    /// - `smtp://…?tls=required`: STARTTLS, refusing to send when the relay does not offer it
    ///   (`?tls=opportunistic`: STARTTLS when offered);
    /// - `smtps://…`: TLS from the start (port 465).
    ///
    /// TLS trusts the system's certificate authorities and those of `roots`.
    pub fn new(settings: &MailSettings, roots: &crate::TrustRoots) -> Result<Self, String> {
        let url = settings.smtp_url.trim();
        let (wrapped, rest) = if let Some(rest) = url.strip_prefix("smtps://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("smtp://") {
            (false, rest)
        } else {
            return Err(format!(
                "smtp_url {} is not supported: use smtp:// or smtps://",
                redact_url(url)
            ));
        };
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let starttls = match query {
            "" => None,
            "tls=required" => Some(true),
            "tls=opportunistic" => Some(false),
            other => {
                return Err(format!(
                    "smtp_url {}: {other:?} is not tls=required or tls=opportunistic",
                    redact_url(url)
                ));
            }
        };
        if wrapped && starttls.is_some() {
            return Err(format!(
                "smtp_url {}: smtps:// uses TLS from the start; ?tls= is for smtp://",
                redact_url(url)
            ));
        }
        let rest = rest.trim_end_matches('/');
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| format!("smtp_url {}: bad port", redact_url(url)))?,
            ),
            None => (hostport, if wrapped { 465 } else { 25 }),
        };
        if host.is_empty() {
            return Err(format!("smtp_url {}: no host", redact_url(url)));
        }
        let tls = if wrapped || starttls.is_some() {
            let mut params = TlsParameters::builder(host.to_owned());
            for der in roots.extra() {
                params = params.add_root_certificate(
                    Certificate::from_der(der.to_vec()).map_err(|e| e.to_string())?,
                );
            }
            let params = params.build_rustls().map_err(|e| e.to_string())?;
            match starttls {
                None => Tls::Wrapper(params),
                Some(true) => Tls::Required(params),
                Some(false) => Tls::Opportunistic(params),
            }
        } else {
            Tls::None
        };
        let from: Mailbox = settings.from.parse().map_err(|e| {
            format!(
                "mail_from {:?} is not an e-mail address: {e}",
                settings.from
            )
        })?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(30)));
        let mut password = None;
        if let Some(u) = userinfo {
            let (user, pass) = u.split_once(':').unwrap_or((u, ""));
            let pass = percent_decode(pass);
            password = Some(pass.clone()).filter(|p| !p.is_empty());
            builder = builder.credentials(Credentials::new(percent_decode(user), pass));
        }
        Ok(Self {
            transport: builder.build(),
            from,
            password,
        })
    }

    /// Sends one message of the outbox; an error comes back as text without the password.
    async fn send(&self, m: &MessageRow) -> Result<(), String> {
        self.send_text(&m.name, &m.email, &m.subject, &m.body).await
    }

    /// Sends a plain-text message to one person; an error comes back as text without the password.
    pub(crate) async fn send_text(
        &self,
        name: &str,
        email: &str,
        subject: &str,
        body: &str,
    ) -> Result<(), String> {
        let to: Mailbox = format!(
            "{} <{}>",
            one_line(name).replace(['<', '>', '"'], ""),
            email
        )
        .parse()
        .or_else(|_| email.parse())
        .map_err(|e| format!("not an e-mail address: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(one_line(subject))
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| format!("the message could not be made: {e}"))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            let text = e.to_string();
            match &self.password {
                Some(p) => text.replace(p.as_str(), "***"),
                None => text,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> MailSettings {
        MailSettings {
            smtp_url: url.into(),
            from: "Algoritmeregister <noreply@example.nl>".into(),
        }
    }

    #[test]
    fn smtp_urls_are_read_and_passwords_never_shown() {
        let roots = crate::TrustRoots::system();
        let new = |url: &str| Mailer::new(&settings(url), &roots);
        assert!(new("smtp://relay").is_ok());
        let m = new("smtp://mailer:p%40ss@relay.example:2525").unwrap();
        assert_eq!(m.password.as_deref(), Some("p@ss"));
        assert!(!format!("{m:?}").contains("p@ss"));
        assert!(new("smtps://mailer:geheim@relay").is_ok());
        assert!(new("smtp://relay:587?tls=required").is_ok());
        assert!(new("smtp://relay:587?tls=opportunistic").is_ok());
        for bad in [
            "ftp://mailer:geheim@relay",
            "smtp://mailer:geheim@relay?tls=maybe",
            "smtps://mailer:geheim@relay?tls=required",
            "smtp://mailer:geheim@relay:poort",
        ] {
            let e = new(bad).unwrap_err();
            assert!(!e.contains("geheim"), "{e}");
        }
        assert!(new("smtp://").is_err());
        assert!(
            Mailer::new(
                &MailSettings {
                    from: "geen adres".into(),
                    ..settings("smtp://relay")
                },
                &roots
            )
            .is_err()
        );
        assert!(!format!("{:?}", settings("smtp://u:geheim@h")).contains("geheim"));
    }

    #[test]
    fn retries_wait_longer_each_time() {
        let waits: Vec<i64> = (1..=11).map(|a| backoff(a).num_minutes()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360]);
        assert_eq!(one_line(" Route\r\nvuilniswagen \n"), "Route vuilniswagen");
        assert_eq!(percent_decode("a%2Fb%zz%4"), "a/b%zz%4");
    }
}
