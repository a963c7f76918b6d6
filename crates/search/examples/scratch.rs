use algoreg_search::*;
fn main() {
    let docs: Vec<SearchDoc> = serde_json::from_str(include_str!("../tests/corpus.json")).unwrap();
    let index = SearchIndex::in_memory().unwrap();
    index.rebuild(docs.into_iter()).unwrap();
    for q in std::env::args().skip(1) {
        let r = index.search(&SearchQuery::new(q.clone())).unwrap();
        println!(
            "== {q:?} total {} interpreted {:?} corr {:?} direct {:?}",
            r.total, r.interpreted, r.correction, r.direct
        );
        for h in r.hits.iter().take(5) {
            println!("  {} {:6.2} {} | {}", h.id, h.score, h.name, h.snippet);
        }
    }
    for p in ["parkeer", "gem", "bsn", "wmo", "ministerie"] {
        println!(
            "suggest {p:?}: {:?}",
            index
                .suggest(p, 6)
                .iter()
                .map(|s| format!("{:?}:{}", s.kind, s.text))
                .collect::<Vec<_>>()
        );
    }
    println!(
        "similar 11000030: {:?}",
        index
            .similar("11000030", 5)
            .iter()
            .map(|h| (&h.id, &h.name, h.score))
            .collect::<Vec<_>>()
    );
}
