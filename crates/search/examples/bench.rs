//! Rough timings for the search component (measured, not asserted).
//!
//! ```text
//! cargo run --release -p algoreg-search --example bench -- [DOCS] [BUILD_DOCS] [THREADS]
//! ```
//!
//! Builds an in-memory index of DOCS synthetic descriptions (default 20,000,
//! ~2 KB of text each, vocabulary from the acceptance corpus plus generated
//! compounds), runs a mix of citizen queries with facets from THREADS
//! threads (default 2) and prints throughput and latency percentiles; then
//! times building an on-disk index of BUILD_DOCS descriptions (default
//! 100,000; 0 skips).

use std::sync::Arc;
use std::time::{Duration, Instant};

use algoreg_search::{Filters, SearchDoc, SearchIndex, SearchQuery, Sort};
use chrono::{TimeZone, Utc};

/// A small deterministic PRNG (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Roughly Zipf-distributed index below n.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

fn vocabulary() -> Vec<String> {
    let corpus: Vec<SearchDoc> =
        serde_json::from_str(include_str!("../tests/corpus.json")).expect("corpus");
    let mut words: Vec<String> = Vec::new();
    for d in &corpus {
        for t in std::iter::once(&d.summary)
            .chain(&d.texts)
            .chain(std::iter::once(&d.name))
        {
            for w in t.split(|c: char| !c.is_alphanumeric()) {
                let w = w.to_lowercase();
                if w.len() > 2 && !words.contains(&w) {
                    words.push(w);
                }
            }
        }
    }
    let parts = [
        "gegevens",
        "aanvraag",
        "beoordeling",
        "risico",
        "model",
        "signaal",
        "woning",
        "zorg",
        "toeslag",
        "uitkering",
        "vergunning",
        "controle",
        "planning",
        "melding",
        "verkeer",
        "belasting",
        "onderwijs",
        "afval",
        "water",
        "energie",
        "jeugd",
        "schuld",
        "subsidie",
        "handhaving",
        "selectie",
        "advies",
        "inkomen",
        "wijk",
        "school",
        "haven",
    ];
    for a in parts {
        for b in parts {
            if a != b {
                words.push(format!("{a}{b}"));
            }
        }
    }
    words
}

fn synthetic(i: usize, vocab: &[String], rng: &mut Rng) -> SearchDoc {
    let sentence = |n: usize, rng: &mut Rng| {
        (0..n)
            .map(|_| vocab[rng.zipf(vocab.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    const THEMES: &[&str] = &[
        "Verkeer",
        "Wonen",
        "Zorg en gezondheid",
        "Belasting",
        "Onderwijs",
        "Werk en inkomen",
        "Natuur en milieu",
        "Openbare orde en veiligheid",
        "Sociale zekerheid",
        "Migratie",
        "Economie",
        "Organisatie en bedrijfsvoering",
        "Ruimte en infrastructuur",
    ];
    let org = rng.below(400);
    SearchDoc {
        id: format!("{:08}", 30_000_000 + i),
        org_code: format!("gm{org:04}"),
        org_name: format!("Gemeente {}", vocab[org % vocab.len()]),
        org_type: [
            "Gemeente",
            "Provincie",
            "Waterschap",
            "Ministerie",
            "Agentschap",
        ][org % 5]
            .into(),
        name: sentence(3 + rng.below(4), rng),
        summary: sentence(15 + rng.below(20), rng),
        tags: sentence(rng.below(4), rng),
        provider: (rng.below(3) == 0).then(|| format!("Leverancier {}", rng.below(40))),
        texts: (0..5).map(|_| sentence(40 + rng.below(50), rng)).collect(),
        themes: (0..1 + rng.below(2))
            .map(|_| THEMES[rng.below(THEMES.len())].to_string())
            .collect(),
        status: Some(["In gebruik", "In ontwikkeling", "Buiten gebruik"][rng.below(3)].into()),
        publication_category: Some(
            [
                "Impactvolle algoritmes",
                "Overige algoritmes",
                "Hoog-risico AI-systeem",
            ][rng.below(3)]
            .into(),
        ),
        impact_codes: vec![["dpia", "iama", "other", "none"][rng.below(4)].into()],
        standard_version: ["1.0", "0.4"][rng.below(2)].into(),
        lang: [
            "nld", "nld", "nld", "nld", "nld", "nld", "nld", "nld", "eng", "fry",
        ][rng.below(10)]
        .into(),
        published_at: Utc
            .timestamp_opt(1_600_000_000 + rng.below(150_000_000) as i64, 0)
            .unwrap(),
    }
}

fn queries(vocab: &[String]) -> Vec<SearchQuery> {
    let q = |text: &str| SearchQuery::new(text);
    let mut out = vec![
        q(""),
        q("gegevens"),
        q("aanvraag beoordeling"),
        q("woning of zorg"),
        q("\"aanvragen voor\""),
        q("parkeerbelsting"),
        q("BRP"),
        q("gm0042"),
        q("30001234"),
        q("risico -model"),
        q("uitkering inkomen"),
        q("kunstmatige intelligentie"),
        SearchQuery {
            text: String::new(),
            filters: Filters {
                themes: vec!["Verkeer".into(), "Wonen".into()],
                statuses: vec!["In gebruik".into()],
                ..Default::default()
            },
            ..Default::default()
        },
        SearchQuery {
            text: "controle".into(),
            filters: Filters {
                org_types: vec!["Gemeente".into()],
                ..Default::default()
            },
            sort: Sort::Newest,
            ..Default::default()
        },
        SearchQuery {
            text: "melding".into(),
            sort: Sort::Name,
            page: 3,
            ..Default::default()
        },
    ];
    // Rarer words from the tail of the vocabulary.
    for i in 0..10 {
        out.push(q(&vocab[vocab.len() / 3 + i * 37]));
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let docs = args.first().copied().unwrap_or(20_000);
    let build_docs = args.get(1).copied().unwrap_or(100_000);
    let threads = args.get(2).copied().unwrap_or(2);
    let vocab = vocabulary();

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let corpus: Vec<SearchDoc> = (0..docs).map(|i| synthetic(i, &vocab, &mut rng)).collect();
    let bytes: usize = corpus
        .iter()
        .map(|d| d.summary.len() + d.texts.iter().map(String::len).sum::<usize>())
        .sum();
    let index = Arc::new(SearchIndex::in_memory().expect("index"));
    let t = Instant::now();
    index.rebuild(corpus.into_iter()).expect("rebuild");
    println!(
        "indexed {docs} docs ({:.1} MB text) in memory in {:.2?}",
        bytes as f64 / 1e6,
        t.elapsed()
    );

    let qs = Arc::new(queries(&vocab));
    // Warm up (lazy structures: suggestions, name ranks).
    for q in qs.iter() {
        let r = index.search(q).expect("search");
        assert!(r.facets.len() == 8);
    }
    for (i, q) in qs.iter().enumerate() {
        let t = Instant::now();
        let r = index.search(q).expect("search");
        println!(
            "  q{i:02} {:>32} total {:>6} corr {:5} {:>8.2?}",
            format!("{:?}", q.text.chars().take(30).collect::<String>()),
            r.total,
            r.correction.is_some(),
            t.elapsed()
        );
    }

    let per_thread: usize = std::env::var("BENCH_SEARCHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let index = index.clone();
            let qs = qs.clone();
            std::thread::spawn(move || {
                let mut lat = Vec::with_capacity(per_thread);
                for i in 0..per_thread {
                    let q = &qs[(i * 7 + t * 3) % qs.len()];
                    let t0 = Instant::now();
                    let r = index.search(q).expect("search");
                    std::hint::black_box(r);
                    lat.push(t0.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut lat: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let wall = start.elapsed();
    lat.sort();
    println!(
        "{} searches on {threads} threads in {:.2?}: {:.0}/s; p50 {:.2?} p90 {:.2?} p99 {:.2?} max {:.2?}",
        lat.len(),
        wall,
        lat.len() as f64 / wall.as_secs_f64(),
        percentile(&lat, 0.50),
        percentile(&lat, 0.90),
        percentile(&lat, 0.99),
        lat[lat.len() - 1]
    );

    let t = Instant::now();
    let n = 2000;
    for i in 0..n {
        let p = ["par", "gem", "aan", "brp", "wo", "gegevens a"][i % 6];
        std::hint::black_box(index.suggest(p, 8));
    }
    println!("suggest: {:.1?} per call", t.elapsed() / n as u32);
    let t = Instant::now();
    for i in 0..200 {
        std::hint::black_box(index.similar(&format!("{:08}", 30_000_000 + i), 5));
    }
    println!("similar: {:.2?} per call", t.elapsed() / 200);

    let mut rng = Rng(42);
    let extra = synthetic(docs + 1, &vocab, &mut rng);
    let t = Instant::now();
    index.upsert(std::slice::from_ref(&extra)).expect("upsert");
    let upsert = t.elapsed();
    let t = Instant::now();
    index
        .remove(std::slice::from_ref(&extra.id))
        .expect("remove");
    println!(
        "upsert of 1 doc (visible on return): {upsert:.2?}; remove: {:.2?}",
        t.elapsed()
    );
    let t = Instant::now();
    let r = index.search(&SearchQuery::new("gegevens")).expect("search");
    println!(
        "  first search after the write: {:.2?} (total {})",
        t.elapsed(),
        r.total
    );

    if build_docs > 0 {
        let dir = std::env::temp_dir().join(format!("algoreg-search-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let index = SearchIndex::open(&dir).expect("open");
        let mut rng = Rng(0x1234_5678_9ABC_DEF1);
        let t = Instant::now();
        let n = index
            .rebuild((0..build_docs).map(|i| synthetic(i, &vocab, &mut rng)))
            .expect("rebuild");
        println!("built on-disk index of {n} docs in {:.2?}", t.elapsed());
        let t = Instant::now();
        let r = index.search(&SearchQuery::new("gegevens")).expect("search");
        println!(
            "  first search on it: total {} in {:.2?}",
            r.total,
            t.elapsed()
        );
        drop(index);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
