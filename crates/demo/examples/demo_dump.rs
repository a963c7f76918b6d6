//! Generates demo descriptions and reports the time taken and the size of the JSON.
//!
//! `cargo run --release -p algoreg-demo --example demo_dump -- [count] [print] [seed]`
//! prints the first `print` descriptions as JSON. Organisations come from the CSV files in
//! `$ALGOREG_ORG_DIR` (`name;identifier;org_id`) when set, else from `sample_orgs()`.

use std::time::Instant;

use algoreg_demo::{DemoConfig, DemoOrg, generate, sample_orgs};
use algoreg_domain::{OrgCode, OrgType};

fn orgs() -> Vec<DemoOrg> {
    let Ok(dir) = std::env::var("ALGOREG_ORG_DIR") else {
        return sample_orgs();
    };
    let files = [
        ("gemeenten.csv", OrgType::Gemeente),
        ("provincies.csv", OrgType::Provincie),
        ("waterschappen.csv", OrgType::Waterschap),
        ("veiligheidsregios.csv", OrgType::Veiligheidsregio),
        ("omgevingsdiensten.csv", OrgType::Omgevingsdienst),
    ];
    let mut out: Vec<DemoOrg> = sample_orgs()
        .into_iter()
        .filter(|o| {
            !matches!(
                o.org_type,
                OrgType::Gemeente
                    | OrgType::Provincie
                    | OrgType::Waterschap
                    | OrgType::Veiligheidsregio
                    | OrgType::Omgevingsdienst
            )
        })
        .collect();
    for (file, t) in files {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).expect("read CSV");
        for line in text.lines().skip(1) {
            let parts: Vec<&str> = line.split(';').collect();
            if parts.len() == 3 {
                out.push(DemoOrg {
                    code: OrgCode::parse(parts[2]).expect("code"),
                    name: parts[0].to_string(),
                    org_type: t,
                });
            }
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let print: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    let orgs = orgs();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-15T12:00:00Z")
        .expect("date")
        .to_utc();
    let cfg = DemoConfig { count, seed, now };

    if std::env::var_os("DEMO_GEN_ONLY").is_some() {
        let started = Instant::now();
        let n = generate(&cfg, &orgs)
            .map(|d| d.versions.len())
            .sum::<usize>();
        eprintln!(
            "{count} descriptions, {n} versions, generated in {:.2?}",
            started.elapsed()
        );
        return;
    }
    let started = Instant::now();
    let mut versions = 0usize;
    let mut bytes = 0usize;
    for (i, d) in generate(&cfg, &orgs).enumerate() {
        versions += d.versions.len();
        for v in &d.versions {
            bytes += serde_json::to_string(&v.document).expect("json").len();
        }
        if i < print {
            println!("{}", serde_json::to_string_pretty(&d).expect("json"));
        }
    }
    let took = started.elapsed();
    // Generation alone, without serialising.
    let started = Instant::now();
    let n = generate(&cfg, &orgs)
        .map(|d| d.versions.len())
        .sum::<usize>();
    let gen_only = started.elapsed();
    eprintln!(
        "{count} descriptions, {versions} versions ({n}), {:.1} KB JSON per version on average; \
         generate+serialise {:.2?}, generate only {:.2?}",
        bytes as f64 / versions.max(1) as f64 / 1024.0,
        took,
        gen_only
    );
}
