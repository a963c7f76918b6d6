//! `algoreg`: the register in one binary. `algoreg serve` with no configuration at all starts on an
//! embedded SQLite database with demo data at http://127.0.0.1:8080.

mod config;

use std::io::{IsTerminal, Read, Write};
use std::time::Instant;

use algoreg_register::domain::{Action, OrgRole, PlatformRole};
use algoreg_register::{NewUserRequest, Register, RegisterError};
use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "algoreg",
    version,
    about = "A public register of the algorithms governments use"
)]
struct Cli {
    /// Database URL: sqlite://PATH or postgres://… (overrides algoreg.toml and ALGOREG_DATABASE_URL).
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the register: migrate, seed organisations, load demo data into a new database, serve HTTP.
    Serve(ServeArgs),
    /// Apply database migrations and seed the national organisation lists, then stop.
    Migrate,
    /// Generate demo descriptions (deterministic for a seed) and load them into the database.
    Demo(DemoArgs),
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API clients (machine access for an organisation's own tools).
    Client {
        #[command(subcommand)]
        command: ClientCommand,
    },
    /// Write the whole register (organisations, descriptions, every version) to a file or stdout.
    Export(ExportArgs),
    /// Read a whole-register file into the database: all or nothing.
    Import(ImportArgs),
    /// Rebuild the search index: every running node rebuilds its own (through the change log), or,
    /// with --offline, this node's index folder is rebuilt here (stop `serve` first).
    Reindex(ReindexArgs),
}

#[derive(Args)]
struct ReindexArgs {
    /// Rebuild the index folder directly instead of asking the running servers.
    #[arg(long)]
    offline: bool,
    /// The index folder (default: index_dir from the configuration, `data/index`).
    #[arg(long)]
    index_dir: Option<String>,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long)]
    listen: Option<String>,
    /// Do not load demo data into a new database.
    #[arg(long)]
    no_demo: bool,
}

#[derive(Args)]
struct DemoArgs {
    #[arg(long, default_value_t = 2000)]
    count: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The latest date in the demo data (YYYY-MM-DD); default today.
    #[arg(long)]
    until: Option<chrono::NaiveDate>,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user. Memberships are pairs: --org gm0363 --role editor --org gm0363 --role approver.
    Add(UserAddArgs),
    /// Remove a user's two-step verification (for someone who lost their phone); they set it up again
    /// after logging in with their password.
    ResetTwoFactor {
        /// The user's e-mail address.
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum ClientCommand {
    /// Add an API client to an organisation; prints its id and secret (the secret only this once).
    Add(ClientAddArgs),
}

#[derive(Args)]
struct ClientAddArgs {
    /// The organisation's code, e.g. gm0363.
    #[arg(long)]
    org: String,
    #[arg(long)]
    name: String,
    /// The actions it may take, comma-separated: save-draft, submit, publish, reject, retract, archive.
    #[arg(long, value_delimiter = ',', required = true)]
    allow: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Editor,
    Approver,
    OrgAdmin,
}

#[derive(Clone, Copy, ValueEnum)]
enum PlatformRoleArg {
    Admin,
    CentralPublisher,
    Supervisor,
}

#[derive(Args)]
struct UserAddArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    /// Read the password from standard input (one line); without it the account has no password.
    #[arg(long)]
    password_stdin: bool,
    #[arg(long = "org")]
    orgs: Vec<String>,
    #[arg(long = "role", value_enum)]
    roles: Vec<RoleArg>,
    #[arg(long = "platform-role", value_enum)]
    platform_roles: Vec<PlatformRoleArg>,
    /// Make it an account of a supplier (its name, e.g. "Leverancier BV"): it may write and publish
    /// the supplier's templates.
    #[arg(long)]
    provider: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// The full register (every version, every state), for `algoreg import`.
    Json,
    /// The open-data CSV of the published descriptions, as `/api/v1/downloads/algorithms?format=csv`.
    Csv,
}

#[derive(Args)]
struct ExportArgs {
    #[arg(long, value_enum, default_value = "json")]
    format: ExportFormat,
    /// CSV: every once-published version, with its times (the download "with history").
    #[arg(long)]
    history: bool,
    /// CSV: start with a byte-order mark, for Excel.
    #[arg(long)]
    bom: bool,
    /// File to write; standard output when absent or "-".
    #[arg(long, short)]
    output: Option<String>,
}

#[derive(Args)]
struct ImportArgs {
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// File to read; "-" for standard input.
    file: String,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ALGOREG_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut config = config::load().context("reading the configuration")?;
    if let Some(url) = cli.database_url.clone() {
        config.database_url = url;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(cli.command, config))
}

async fn open(config: &config::Config) -> anyhow::Result<Register> {
    let register = Register::open(&config.database_url)
        .await
        .with_context(|| {
            format!(
                "opening the database {}",
                config::redact(&config.database_url)
            )
        })?;
    register.seed_organisations().await?;
    Ok(register)
}

async fn run(command: Command, mut config: config::Config) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => {
            if let Some(listen) = args.listen {
                config.listen = listen;
            }
            serve(config, !args.no_demo).await
        }
        Command::Migrate => {
            let register = open(&config).await?;
            register.close().await;
            eprintln!("database up to date");
            Ok(())
        }
        Command::Demo(args) => {
            let register = open(&config).await?;
            let until = match args.until {
                Some(d) => d.and_hms_opt(12, 0, 0).context("date")?.and_utc(),
                None => chrono::Utc::now(),
            };
            let started = Instant::now();
            let report = register
                .load_demo(args.count, args.seed, until)
                .await
                .map_err(explain)?;
            register.close().await;
            eprintln!(
                "loaded {} demo descriptions ({} versions) in {:.1} s",
                report.descriptions,
                report.versions,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::User {
            command: UserCommand::Add(args),
        } => user_add(&config, args).await,
        Command::User {
            command: UserCommand::ResetTwoFactor { email },
        } => {
            let register = open(&config).await?;
            register
                .reset_two_factor_as_operator(&email)
                .await
                .map_err(explain)?;
            register.close().await;
            eprintln!("two-step verification removed for {email}");
            Ok(())
        }
        Command::Client {
            command: ClientCommand::Add(args),
        } => client_add(&config, args).await,
        Command::Export(args) => {
            let register = open(&config).await?;
            let out: Box<dyn Write> = match args.output.as_deref() {
                None | Some("-") => Box::new(std::io::stdout().lock()),
                Some(path) => Box::new(
                    std::fs::File::create(path).with_context(|| format!("creating {path}"))?,
                ),
            };
            let mut out = std::io::BufWriter::new(out);
            let n = match args.format {
                ExportFormat::Json => register.export_json(&mut out).await.map_err(explain)?,
                ExportFormat::Csv => export_csv(&register, &config, &args, &mut out).await?,
            };
            out.flush()?;
            register.close().await;
            eprintln!("exported {n} descriptions");
            Ok(())
        }
        Command::Reindex(args) => {
            let register = open(&config).await?;
            if args.offline {
                let dir = args.index_dir.unwrap_or(config.index_dir.clone());
                let index =
                    algoreg_register::search_index::SearchIndex::open(std::path::Path::new(&dir))
                        .with_context(|| {
                        format!(
                            "opening the search index in {dir} (is algoreg serve running on it?)"
                        )
                    })?;
                let register = register.with_search(index);
                let started = Instant::now();
                let n = register.rebuild_search().await.map_err(explain)?;
                register.close().await;
                eprintln!(
                    "search index in {dir} rebuilt: {n} descriptions in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
            } else {
                let seq = register.request_reindex().await.map_err(explain)?;
                register.close().await;
                eprintln!("asked every running node to rebuild its search index (change {seq})");
            }
            Ok(())
        }
        Command::Import(args) => {
            let mut bytes = Vec::new();
            if args.file == "-" {
                std::io::stdin().read_to_end(&mut bytes)?;
            } else {
                bytes =
                    std::fs::read(&args.file).with_context(|| format!("reading {}", args.file))?;
            }
            let register = open(&config).await?;
            let result = register.import_json(&bytes).await;
            register.close().await;
            let report = result.map_err(explain)?;
            eprintln!(
                "imported {} organisations, {} descriptions, {} versions",
                report.organisations, report.descriptions, report.versions
            );
            Ok(())
        }
    }
}

/// Turns a service error into a message that lists every problem.
fn explain(e: RegisterError) -> anyhow::Error {
    match e {
        RegisterError::Invalid(problems) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| {
                    format!(
                        "  {}: {}",
                        p.path,
                        p.message(algoreg_register::standard::Lang::En)
                    )
                })
                .collect();
            anyhow::anyhow!(
                "the input has {} problem(s):\n{}",
                problems.len(),
                lines.join("\n")
            )
        }
        RegisterError::Import(problems) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| format!("  {} {}: {}", p.record, p.field, p.message))
                .collect();
            anyhow::anyhow!(
                "nothing was imported; the file has {} problem(s):\n{}",
                problems.len(),
                lines.join("\n")
            )
        }
        other => anyhow::anyhow!(other),
    }
}

async fn client_add(config: &config::Config, args: ClientAddArgs) -> anyhow::Result<()> {
    let mut allowed = Vec::new();
    for a in &args.allow {
        let a = a.trim();
        match Action::parse(a) {
            Some(action) => allowed.push(action),
            None => bail!(
                "unknown action {a:?}: use {}",
                Action::ALL
                    .iter()
                    .map(|a| a.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
    let register = open(config).await?;
    let result = register
        .create_client_as_operator(&args.org, &args.name, &allowed)
        .await;
    register.close().await;
    let made = result.map_err(explain)?;
    // The secret goes to standard output only, once; it is never logged or stored.
    println!("client_id: {}", made.client.client_id);
    println!("client_secret: {}", made.secret.expose());
    eprintln!(
        "API client {:?} added to {} (may: {}); keep the secret now, it cannot be shown again",
        made.client.name,
        made.client.org,
        made.client
            .allowed_actions
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

async fn user_add(config: &config::Config, args: UserAddArgs) -> anyhow::Result<()> {
    if args.orgs.len() != args.roles.len() {
        bail!(
            "give each --org its own --role (got {} organisations and {} roles)",
            args.orgs.len(),
            args.roles.len()
        );
    }
    if args
        .provider
        .as_deref()
        .is_some_and(|p| p.trim().is_empty())
    {
        bail!("--provider needs the supplier's name");
    }
    let password = if args.password_stdin {
        let mut line = String::new();
        if std::io::stdin().is_terminal() {
            eprint!("password: ");
        }
        std::io::stdin().read_line(&mut line)?;
        Some(line.trim_end_matches(['\r', '\n']).to_owned())
    } else {
        None
    };
    let memberships = args
        .orgs
        .into_iter()
        .zip(args.roles)
        .map(|(org, role)| {
            let role = match role {
                RoleArg::Editor => OrgRole::Editor,
                RoleArg::Approver => OrgRole::Approver,
                RoleArg::OrgAdmin => OrgRole::OrgAdmin,
            };
            (org, role)
        })
        .collect();
    let platform_roles = args
        .platform_roles
        .into_iter()
        .map(|r| match r {
            PlatformRoleArg::Admin => PlatformRole::Admin,
            PlatformRoleArg::CentralPublisher => PlatformRole::CentralPublisher,
            PlatformRoleArg::Supervisor => PlatformRole::Supervisor,
        })
        .collect();
    let register = open(config).await?;
    let result = register
        .add_user(NewUserRequest {
            email: args.email,
            name: args.name,
            password,
            memberships,
            platform_roles,
        })
        .await;
    let result = match (result, args.provider.as_deref()) {
        (Ok(id), Some(p)) => register
            .set_user_provider_as_operator(id, Some(p))
            .await
            .map(|()| id),
        (result, _) => result,
    };
    register.close().await;
    let id = result.map_err(explain)?;
    match args.provider {
        Some(p) => eprintln!("user {id} added (supplier: {})", p.trim()),
        None => eprintln!("user {id} added"),
    }
    Ok(())
}

/// The open-data CSV of the published descriptions, row by row from the store (memory stays flat):
/// the same records and writer as the download in the API.
async fn export_csv(
    register: &Register,
    config: &config::Config,
    args: &ExportArgs,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    use futures_util::StreamExt;
    let base = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.listen));
    let url = move |id: &algoreg_register::domain::AlgorithmId, name: &str| {
        algoreg_web::urls::algorithm(&base, &id.as_string(), name)
    };
    let query =
        algoreg_register::PublicQuery::parse(&[], &[]).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let records = register
        .public_table_records(&query, args.history, url)
        .await
        .map_err(explain)?;
    let options = algoreg_exchange::CsvOptions {
        lang: algoreg_register::standard::Lang::Nl,
        bom: args.bom,
        history: args.history,
    };
    let mut w = algoreg_exchange::CsvWriter::new(out, options)?;
    let mut records = std::pin::pin!(records);
    let mut n = 0;
    while let Some(r) = records.next().await {
        w.write(&r.map_err(explain)?)?;
        n += 1;
    }
    w.finish()?;
    Ok(n)
}

async fn serve(config: config::Config, demo: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let register = open(&config).await?;
    let (total, _) = register.counts().await?;
    if demo && total == 0 && config.demo_count > 0 {
        let report = register
            .load_demo(config.demo_count, config.demo_seed, chrono::Utc::now())
            .await
            .map_err(explain)?;
        tracing::info!(
            descriptions = report.descriptions,
            "new database: demo data loaded"
        );
    }
    let index =
        algoreg_register::search_index::SearchIndex::open(std::path::Path::new(&config.index_dir))
            .with_context(|| {
                format!(
                    "opening the search index in {} (is another algoreg using it?)",
                    config.index_dir
                )
            })?;
    let register = register
        .with_search(index)
        .with_auth_settings(algoreg_register::AuthSettings {
            client_token_ttl: std::time::Duration::from_secs(config.client_token_seconds),
            person_token_ttl: std::time::Duration::from_secs(config.person_token_seconds),
        })
        .with_rate_limits(algoreg_register::RateLimits {
            per_actor: config.rate_limit_per_actor,
            per_address: config.rate_limit_per_address,
            token_per_address: config.rate_limit_token_per_address,
        });
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.listen));
    let roots = match &config.tls_ca_file {
        Some(f) => algoreg_register::TrustRoots::with_file(std::path::Path::new(f))
            .map_err(|e| anyhow::anyhow!(e))?,
        None => algoreg_register::TrustRoots::system(),
    };
    let mut register = register
        .with_notify_settings(algoreg_register::NotifySettings {
            public_url: public_url.clone(),
        })
        .with_oidc(config.oidc.clone(), &public_url, &roots)
        .map_err(|e| anyhow::anyhow!(e))?;
    if let Some(hex) = &config.secret_key {
        let key = algoreg_register::SecretKey::from_hex(hex).map_err(|e| anyhow::anyhow!(e))?;
        register = register.with_secret_key(key);
    }
    // Refuses to start when stored secrets cannot be opened; seals those stored before the key.
    match register.seal_totp_secrets().await.map_err(explain)? {
        0 => {}
        n => tracing::info!(
            secrets = n,
            "two-step verification secrets sealed with secret_key"
        ),
    }
    if config.secret_key.is_none() {
        tracing::info!("no secret_key: two-step verification secrets are stored unencrypted");
    }
    for p in &config.oidc {
        tracing::info!(provider = %p.id, "login through an identity provider is on");
        for code in &p.organisations {
            if register.organisation(code).await.is_err() {
                tracing::warn!(
                    provider = %p.id,
                    organisation = %code,
                    "the identity provider names an organisation the register does not have"
                );
            }
        }
    }
    // Notifications are always written to the outbox; with SMTP configured, this node sends them,
    // and e-mails single-use links (invitations, password resets) straight away.
    if config.smtp_url.trim().is_empty() {
        tracing::info!("no smtp_url: notifications stay in the outbox, not sent");
    } else {
        let mailer = algoreg_register::Mailer::new(
            &algoreg_register::MailSettings {
                smtp_url: config.smtp_url.clone(),
                from: config.mail_from.clone(),
            },
            &roots,
        )
        .map_err(|e| anyhow::anyhow!(e))?;
        tracing::info!(smtp = %config::redact(&config.smtp_url), "notifications are sent by SMTP");
        register = register.with_mailer(mailer.clone());
        tokio::spawn(
            register
                .clone()
                .run_outbox(mailer, std::time::Duration::from_secs(10)),
        );
    }
    // The index follows the change log; a new index is built first, in the background, so the
    // register is ready (and the API answers) at once.
    tokio::spawn(follow_changes(register.clone()));
    // The public lists' read model is built in the background too (the first list would otherwise
    // wait for it); a list before it is done builds it itself.
    let warm = register.clone();
    tokio::spawn(async move {
        if let Err(e) = warm.warm_public_lists().await {
            tracing::warn!(error = %e, "public lists not prepared; the first list will build them");
        }
    });
    // Download cells missing for versions published before the store kept them (or in an older
    // format): rendered in the background; until then downloads convert those documents themselves.
    let cells = register.clone();
    tokio::spawn(async move {
        match cells.fill_export_cells(500).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(versions = n, "download cells rendered"),
            Err(e) => {
                tracing::warn!(error = %e, "download cells not rendered; downloads convert documents")
            }
        }
    });
    tracing::info!(
        database = %config::redact(&config.database_url),
        ms = started.elapsed().as_millis() as u64,
        "algoreg ready at http://{}",
        config.listen
    );
    let web = algoreg_web::WebConfig {
        public_url,
        api_cache: config.api_cache,
        contact_email: config.contact_email.clone(),
        realm: config.realm.clone(),
        client_ip_header: config.client_ip_header.clone(),
        ..Default::default()
    };
    algoreg_web::serve(listener, register.clone(), web, shutdown_signal()).await?;
    register.close().await;
    Ok(())
}

/// Keeps this node's search index current: applies the change log every quarter second.
async fn follow_changes(register: Register) {
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = register.sync_search().await {
            tracing::warn!(error = %e, "search index could not follow the change log; trying again");
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
