//! Configuration: safe defaults, then `algoreg.toml` (in the working folder, or the file named by
//! `ALGOREG_CONFIG`), then `ALGOREG_*` environment variables, then command-line flags.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    /// `sqlite://data/algoreg.db` (default) or `postgres://user@host/db`.
    pub database_url: String,
    /// Where `serve` listens.
    pub listen: String,
    /// How many demo descriptions `serve` loads into a new database (0: none).
    pub demo_count: usize,
    pub demo_seed: u64,
    /// The public base URL used in links and canonical URLs; default `http://` + `listen`.
    pub public_url: Option<String>,
    /// Keep answers of the read API in memory until the register changes.
    pub api_cache: bool,
    /// This node's search-index folder (every node has its own; never share one between processes).
    pub index_dir: String,
    /// The register team's public e-mail address, named on the accessibility and privacy pages.
    pub contact_email: String,
    /// How long an API client's access token lives, in seconds (default 900).
    pub client_token_seconds: u64,
    /// How long a person's access token lives, in seconds (default 3600).
    pub person_token_seconds: u64,
    /// The realm in the token endpoint's path, `/realms/{realm}/protocol/openid-connect/token`.
    pub realm: String,
    /// Requests a minute per account or API client on the write APIs (0: no limit).
    pub rate_limit_per_actor: u32,
    /// Requests a minute per client address on the write APIs (0: no limit).
    pub rate_limit_per_address: u32,
    /// Token requests a minute per client address (0: no limit).
    pub rate_limit_token_per_address: u32,
    /// Behind a reverse proxy: the header with the client's address (e.g. `x-forwarded-for`).
    pub client_ip_header: Option<String>,
    /// The SMTP relay notifications are sent through: `smtp://[user:password@]host[:port]` (plain
    /// SMTP), `smtp://…?tls=required` (STARTTLS) or `smtps://…` (TLS). Empty: messages stay in the
    /// outbox, not sent.
    pub smtp_url: String,
    /// The sender of notifications, e.g. `Algoritmeregister <noreply@example.nl>`.
    pub mail_from: String,
    /// A PEM file of certificate authorities trusted besides the system's, for TLS to the SMTP relay
    /// and to identity providers.
    pub tls_ca_file: Option<String>,
    /// Identity providers (OpenID Connect) people of the named organisations may log in through:
    /// `[[oidc]]` tables in `algoreg.toml`.
    pub oidc: Vec<algoreg_register::OidcProvider>,
    /// 64 hexadecimal characters (e.g. `openssl rand -hex 32`): the key two-step verification
    /// secrets are stored encrypted with. Keep it outside the database and its backups.
    pub secret_key: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/algoreg.db".into(),
            listen: "127.0.0.1:8080".into(),
            demo_count: 2000,
            demo_seed: 1,
            public_url: None,
            api_cache: true,
            index_dir: "data/index".into(),
            contact_email: "register@example.nl".into(),
            client_token_seconds: 900,
            person_token_seconds: 3600,
            realm: "algreg".into(),
            rate_limit_per_actor: 600,
            rate_limit_per_address: 1200,
            rate_limit_token_per_address: 30,
            client_ip_header: None,
            smtp_url: String::new(),
            mail_from: "Algoritmeregister <noreply@example.nl>".into(),
            tls_ca_file: None,
            oidc: Vec::new(),
            secret_key: None,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact(&self.database_url))
            .field("listen", &self.listen)
            .field("demo_count", &self.demo_count)
            .field("demo_seed", &self.demo_seed)
            .field("public_url", &self.public_url)
            .field("api_cache", &self.api_cache)
            .field("index_dir", &self.index_dir)
            .field("contact_email", &self.contact_email)
            .field("client_token_seconds", &self.client_token_seconds)
            .field("person_token_seconds", &self.person_token_seconds)
            .field("realm", &self.realm)
            .field("rate_limit_per_actor", &self.rate_limit_per_actor)
            .field("rate_limit_per_address", &self.rate_limit_per_address)
            .field(
                "rate_limit_token_per_address",
                &self.rate_limit_token_per_address,
            )
            .field("client_ip_header", &self.client_ip_header)
            .field("smtp_url", &redact(&self.smtp_url))
            .field("mail_from", &self.mail_from)
            .field("tls_ca_file", &self.tls_ca_file)
            .field("oidc", &self.oidc)
            .field("secret_key", &self.secret_key.as_ref().map(|_| "***"))
            .finish()
    }
}

/// A database URL fit for logs: the password, if any, replaced by `***`.
pub fn redact(url: &str) -> String {
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

pub fn load() -> anyhow::Result<Config> {
    let file = std::env::var("ALGOREG_CONFIG").unwrap_or_else(|_| "algoreg.toml".into());
    let config = Figment::from(Serialized::defaults(Config::default()))
        .merge(Toml::file(file))
        .merge(Env::prefixed("ALGOREG_").ignore(&["config"]))
        .extract()?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn identity_providers_are_read_from_the_file() {
        use figment::Figment;
        use figment::providers::{Format, Serialized, Toml};
        let config: super::Config = Figment::from(Serialized::defaults(super::Config::default()))
            .merge(Toml::string(
                r#"
tls_ca_file = "/etc/algoreg/ca.pem"
[[oidc]]
id = "amsterdam"
label = "Gemeente Amsterdam-account"
issuer = "https://login.example.nl"
client_id = "algoreg"
client_secret = "s3cret"
organisations = ["gm0363"]
"#,
            ))
            .extract()
            .unwrap();
        assert_eq!(config.oidc.len(), 1);
        assert_eq!(config.oidc[0].organisations, ["gm0363"]);
        assert!(
            config.oidc[0].require_verified_email,
            "on unless switched off"
        );
        assert_eq!(config.tls_ca_file.as_deref(), Some("/etc/algoreg/ca.pem"));
        assert!(!format!("{config:?}").contains("s3cret"));
        assert!(super::Config::default().oidc.is_empty());
    }

    #[test]
    fn passwords_never_reach_logs() {
        assert_eq!(
            redact("postgres://app:s3cret@db.example/register"),
            "postgres://app:***@db.example/register"
        );
        assert_eq!(
            redact("postgres://app@db/register"),
            "postgres://app@db/register"
        );
        assert_eq!(
            redact("sqlite://data/algoreg.db"),
            "sqlite://data/algoreg.db"
        );
        assert_eq!(
            redact("smtp://mailer:s3cret@relay:25"),
            "smtp://mailer:***@relay:25"
        );
        let config = super::Config {
            smtp_url: "smtp://mailer:s3cret@relay:25".into(),
            oidc: vec![algoreg_register::OidcProvider {
                id: "gemeente".into(),
                label: "Gemeente".into(),
                issuer: "https://idp.example".into(),
                client_id: "algoreg".into(),
                client_secret: "s3cret".into(),
                organisations: vec!["gm0363".into()],
                require_verified_email: true,
            }],
            secret_key: Some("5e".repeat(32)),
            ..Default::default()
        };
        assert!(!format!("{config:?}").contains("s3cret"));
        assert!(!format!("{config:?}").contains("5e5e"));
    }
}
