//! The `algoreg` binary as a user runs it: migrate, demo, user add, export → import → export, serve.
//! On SQLite always; on PostgreSQL too when `ALGOREG_TEST_POSTGRES_URL` is set.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn algoreg(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_algoreg"))
        .current_dir(dir.path())
        .env_remove("ALGOREG_DATABASE_URL")
        .env("ALGOREG_LOG", "warn")
        .arg("--database-url")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

async fn databases(dir: &std::path::Path, name: &str) -> Vec<String> {
    let mut urls = vec![format!(
        "sqlite://{}",
        dir.join(format!("{name}.db")).display()
    )];
    if let Some(pg) = algoreg_store::test_support::postgres_url().await {
        urls.push(pg);
    }
    urls
}

#[tokio::test]
async fn demo_users_and_export_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let sources = databases(dir.path(), "source").await;
    let targets = databases(dir.path(), "target").await;
    for (source, target) in sources.iter().zip(&targets) {
        ok(&algoreg(source, &["migrate"], None));
        let msg = ok(&algoreg(
            source,
            &[
                "demo",
                "--count",
                "80",
                "--seed",
                "5",
                "--until",
                "2026-06-01",
            ],
            None,
        ));
        assert!(msg.contains("loaded 80 demo descriptions"), "{msg}");

        let msg = ok(&algoreg(
            source,
            &[
                "user",
                "add",
                "--email",
                "eva@example.nl",
                "--name",
                "Eva",
                "--password-stdin",
                "--org",
                "gm0363",
                "--role",
                "editor",
                "--org",
                "gm0363",
                "--role",
                "approver",
            ],
            Some("a long enough passphrase\n"),
        ));
        assert!(msg.contains("added"), "{msg}");
        let msg = ok(&algoreg(
            source,
            &[
                "user",
                "add",
                "--email",
                "piet@leverancier.nl",
                "--name",
                "Piet",
                "--provider",
                "Leverancier BV",
            ],
            None,
        ));
        assert!(msg.contains("supplier: Leverancier BV"), "{msg}");
        let dup = algoreg(
            source,
            &["user", "add", "--email", "EVA@example.nl", "--name", "Eva"],
            None,
        );
        assert!(!dup.status.success());
        assert!(String::from_utf8_lossy(&dup.stderr).contains("already exists"));
        let bad = algoreg(
            source,
            &[
                "user", "add", "--email", "x", "--name", "X", "--org", "gm0363",
            ],
            None,
        );
        assert!(!bad.status.success(), "an --org without --role must fail");
        let unknown = algoreg(
            source,
            &[
                "user",
                "add",
                "--email",
                "y@example.nl",
                "--name",
                "Y",
                "--org",
                "gm9999",
                "--role",
                "editor",
            ],
            None,
        );
        assert!(!unknown.status.success());

        let first = dir.path().join("first.json");
        let second = dir.path().join("second.json");
        ok(&algoreg(
            source,
            &["export", "--format", "json", "-o", first.to_str().unwrap()],
            None,
        ));
        let msg = ok(&algoreg(
            target,
            &["import", "--format", "json", first.to_str().unwrap()],
            None,
        ));
        assert!(msg.contains("80 descriptions"), "{msg}");
        ok(&algoreg(
            target,
            &["export", "--format", "json", "-o", second.to_str().unwrap()],
            None,
        ));
        assert!(
            std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(),
            "export → import → export differs"
        );

        // A second import of the same file is refused whole, naming the records.
        let again = algoreg(
            target,
            &["import", "--format", "json", first.to_str().unwrap()],
            None,
        );
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("nothing was imported"));

        // Export to stdout is the same file.
        let out = algoreg(source, &["export", "--format", "json"], None);
        ok(&out);
        assert!(out.stdout == std::fs::read(&first).unwrap());
    }
}

#[tokio::test]
async fn client_add_prints_the_secret_once_and_it_works() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path(), "clients").await {
        ok(&algoreg(&db, &["migrate"], None));
        let out = algoreg(
            &db,
            &[
                "client",
                "add",
                "--org",
                "gm0363",
                "--name",
                "Toolkit",
                "--allow",
                "submit,save-draft",
            ],
            None,
        );
        let msg = ok(&out);
        assert!(msg.contains("save-draft, submit"), "{msg}");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let field = |name: &str| {
            stdout
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{name}: ")))
                .unwrap_or_else(|| panic!("no {name} in {stdout}"))
                .to_owned()
        };
        let (id, secret) = (field("client_id"), field("client_secret"));
        assert!(!msg.contains(&secret), "the secret stays out of the log");
        // The printed credentials get a token.
        let store = algoreg_store::Store::connect(&db).await.unwrap();
        let reg = algoreg_register::Register::new(store.clone());
        let t = reg.token_for_client(&id, &secret).await.unwrap();
        let bot = reg.authenticate(t.access_token.expose()).await.unwrap();
        assert_eq!(bot.name, "Toolkit");
        store.close().await;

        for (args, why) in [
            (
                &[
                    "client", "add", "--org", "gm0363", "--name", "X", "--allow", "fly",
                ][..],
                "unknown action",
            ),
            (
                &[
                    "client", "add", "--org", "gm9999", "--name", "X", "--allow", "submit",
                ][..],
                "unknown organisation",
            ),
            (
                &[
                    "client", "add", "--org", "gm0363", "--name", " ", "--allow", "submit",
                ][..],
                "name",
            ),
        ] {
            let out = algoreg(&db, args, None);
            assert!(!out.status.success(), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(why), "{args:?}: {err}");
            assert!(!String::from_utf8_lossy(&out.stdout).contains("client_secret"));
        }
    }
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    Some(body)
}

#[tokio::test]
async fn serve_answers_health_and_ready() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("serve.db").display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_algoreg"))
        .current_dir(dir.path())
        .env("ALGOREG_DEMO_COUNT", "25")
        .env("ALGOREG_PUBLIC_URL", "https://register.example")
        .args([
            "--database-url",
            &db,
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut ready = None;
    while started.elapsed() < Duration::from_secs(60) {
        if let Some(r) = get(port, "/ready").filter(|r| r.starts_with("HTTP/1.1 200")) {
            ready = Some(r);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let health = get(port, "/health");
    let download = body(port, "/api/v1/downloads/algorithms?format=csv");
    let list = body(port, "/api/v1/algorithms?page_size=1");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(ready.unwrap().contains("\"ready\""));
    assert!(health.unwrap().starts_with("HTTP/1.1 200"));
    // The new database got demo data (25 from the environment variable) and the national lists.
    let out = algoreg(&db, &["export", "--format", "json"], None);
    let dump: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(dump["descriptions"].as_array().unwrap().len(), 25);
    assert!(dump["organisations"].as_array().unwrap().len() > 400);

    // The CSV from the command line is the download, byte for byte: one row per published description.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_algoreg"));
    cmd.env("ALGOREG_PUBLIC_URL", "https://register.example")
        .args(["--database-url", &db, "export", "--format", "csv"]);
    let out = cmd.output().unwrap();
    let msg = ok(&out);
    assert_eq!(out.stdout, download.unwrap());
    let list: serde_json::Value = serde_json::from_slice(&list.unwrap()).unwrap();
    let published = list["total"].as_u64().unwrap();
    assert!(published > 10, "{published}");
    assert!(
        msg.contains(&format!("exported {published} descriptions")),
        "{msg}"
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv.matches("https://register.example/").count() as u64,
        published
    );
}

/// The body of a `200` answer (HTTP/1.0, so neither chunked nor kept open).
fn body(port: u16, path: &str) -> Option<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    raw.starts_with(b"HTTP/1.0 200")
        .then(|| raw[end + 4..].to_vec())
}

#[test]
fn serve_refuses_a_secret_key_that_is_not_64_hex_characters() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("key.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_algoreg"))
        .current_dir(dir.path())
        .env("ALGOREG_DEMO_COUNT", "0")
        .env("ALGOREG_SECRET_KEY", "geheim")
        .env("ALGOREG_LOG", "warn")
        .args(["--database-url", &db, "serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("serve did not stop");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!status.success());
    assert!(err.contains("64 hexadecimal characters"), "{err}");
    assert!(!err.contains("geheim"), "the key is never printed");
}
