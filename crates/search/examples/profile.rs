//! Times single searches on an existing index directory (measured, not
//! asserted): the development companion of `scripts/bench-search.sh`.
//!
//! ```text
//! cargo run --release -p algoreg-search --example profile -- INDEX_DIR [ITERATIONS] [QUERY…]
//! ```
//!
//! INDEX_DIR is an index written by `algoreg reindex --offline` (it is
//! opened with a writer, so no server may have it open: copy it). A QUERY
//! is a URL query string like those of the benchmark:
//! `q=risico&theme=Zorg en gezondheid&status=In gebruik` (filter values as
//! stored, `+` for a space). Without queries, the benchmark's four are run.
//! Each query is run ITERATIONS times (default 2,000) on one thread, then
//! on two threads at once; mean, p50 and p99 are printed per query, and the
//! CPU time per search on one thread (steadier than wall time on a busy
//! machine). `PROFILE_ONE_THREAD=1` skips the two-thread run (e.g. under
//! `valgrind --tool=callgrind --toggle-collect='*SearchIndex::search*'`,
//! whose instruction counts do not depend on the machine's load at all).
//! `PROFILE_DUMP=1` prints each query's answer as JSON instead (to compare
//! two builds); `-` as the only query reads the queries from stdin.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use algoreg_search::{Filters, SearchIndex, SearchQuery, Sort};

const DEFAULT_QUERIES: [&str; 4] = [
    "q=parkeren",
    "q=afval+route",
    "q=risico&theme=Zorg+en+gezondheid&status=In+gebruik",
    "q=parkeerbelsting",
];

fn parse(spec: &str) -> SearchQuery {
    // The API's default page size.
    let mut q = SearchQuery {
        page_size: 20,
        ..SearchQuery::new("")
    };
    let mut f = Filters::default();
    for pair in spec.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = v.replace('+', " ");
        match k {
            "q" => q.text = v,
            "org" => f.orgs.push(v),
            "org_type" => f.org_types.push(v),
            "theme" => f.themes.push(v),
            "status" => f.statuses.push(v),
            "publication_category" => f.categories.push(v),
            "impact_assessment" => f.impact_codes.push(v),
            "provider" => f.providers.push(v),
            "standard_version" => f.standard_versions.push(v),
            "lang" => f.langs.push(v),
            "sort" => q.sort = Sort::from_param(&v).expect("known sort"),
            "page" => q.page = v.parse().expect("page number"),
            "page_size" => q.page_size = v.parse().expect("page size"),
            other => panic!("unknown parameter {other}"),
        }
    }
    q.filters = f;
    q
}

fn stats(mut lat: Vec<Duration>) -> String {
    lat.sort();
    let mean = lat.iter().sum::<Duration>() / lat.len() as u32;
    let p = |x: f64| lat[((lat.len() as f64 * x) as usize).min(lat.len() - 1)];
    format!(
        "mean {mean:>9.2?} p50 {:>9.2?} p99 {:>9.2?}",
        p(0.5),
        p(0.99)
    )
}

/// CPU time of this thread so far (Linux: `/proc/thread-self/schedstat`),
/// which, unlike wall time, hardly depends on what else the machine runs.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().expect("INDEX_DIR"));
    let iterations: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let specs: Vec<String> = if args.len() == 3 && args[2] == "-" {
        std::io::stdin()
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.trim().is_empty())
            .collect()
    } else if args.len() > 2 {
        args[2..].to_vec()
    } else {
        DEFAULT_QUERIES.map(String::from).to_vec()
    };
    let index = Arc::new(SearchIndex::open(&dir).expect("open index"));
    if std::env::var_os("PROFILE_DUMP").is_some() {
        // The answers themselves, one JSON line per query, for comparing
        // two builds.
        for spec in &specs {
            let r = index.search(&parse(spec));
            let json = match r {
                Ok(r) => serde_json::to_string(&r).expect("results serialise"),
                Err(e) => format!("error: {e}"),
            };
            println!("{spec}\t{json}");
        }
        return;
    }
    println!("{} documents", index.len());
    for spec in &specs {
        let q = parse(spec);
        let r = index.search(&q).expect("search");
        let facets: usize = r.facets.iter().map(|(_, v)| v.len()).sum();
        println!(
            "{spec}: total {} ({} facets, {facets} values){}",
            r.total,
            r.facets.len(),
            r.correction
                .map(|c| format!(", corrected to {:?} from {}", c.corrected, c.original_total))
                .unwrap_or_default()
        );
        let mut lat = Vec::with_capacity(iterations);
        let cpu = thread_cpu();
        for _ in 0..iterations {
            let t = Instant::now();
            std::hint::black_box(index.search(&q).expect("search"));
            lat.push(t.elapsed());
        }
        let cpu = thread_cpu().map(|end| end.saturating_sub(cpu.unwrap_or_default()));
        println!(
            "  1 thread:  {} cpu/search {}",
            stats(lat),
            cpu.map_or("?".into(), |c| format!("{:.2?}", c / iterations as u32))
        );
        if std::env::var_os("PROFILE_ONE_THREAD").is_some() {
            continue;
        }
        let start = Instant::now();
        let lat: Vec<Duration> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        (0..iterations)
                            .map(|_| {
                                let t = Instant::now();
                                std::hint::black_box(index.search(&q).expect("search"));
                                t.elapsed()
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("thread"))
                .collect()
        });
        let wall = start.elapsed();
        println!(
            "  2 threads: {} — {:.0}/s",
            stats(lat),
            (2 * iterations) as f64 / wall.as_secs_f64()
        );
    }
}
