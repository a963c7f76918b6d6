//! Integration tests of algoreg-standard: table-driven checks of every validation rule, normalising,
//! completeness, mapping older versions to 1.0, facets and impact codes, through the public API only.

use algoreg_standard::*;
use serde_json::{Value, json};

fn doc(v: Value) -> Document {
    match v {
        Value::Object(m) => m,
        other => panic!("test document must be an object, got {other}"),
    }
}

/// A fully filled, valid 1.0 description of a fictitious municipality.
fn demo_v1() -> Document {
    doc(json!({
        "name": "Risicoselectie bij bouwtoezicht",
        "description_short": "De gemeente Dijkerveen kiest met dit algoritme welke bouwplaatsen eerst een controle krijgen.",
        "organization": "Gemeente Dijkerveen",
        "category": ["Ruimte en infrastructuur", "Wonen"],
        "status": "Buiten gebruik",
        "begin_date": "2023-04",
        "end_date": "2026-12",
        "contact_email": "algoritmes@dijkerveen.example",
        "website": "https://www.dijkerveen.example/bouwen/toezicht",
        "publication_category": "Impactvolle algoritmes",
        "url": "https://algoritmes.dijkerveen.example/bouwtoezicht",
        "goal": "<p>Bouwplaatsen met de meeste risico's eerst controleren.</p>",
        "proportionality": "<p>Het algoritme gebruikt geen persoonsgegevens.</p>",
        "human_intervention": "<p>Een teamleider bekijkt de lijst.</p>",
        "risks": "<ul><li>Ongelijke verdeling</li><li>Fouten in gegevens</li></ul>",
        "lawful_basis": "<p>De Omgevingswet.</p>",
        "lawful_basis_grouping": [{"title": "Omgevingswet", "link": "https://wetten.overheid.nl/BWBR0037885"}],
        "process_index_url": "https://www.dijkerveen.example/privacy/verwerkingsregister",
        "impacttoetsen_grouping": [{"title": "DPIA", "link": "https://www.dijkerveen.example/dpia.pdf"}, {"title": "IAMA"}],
        "impacttoetsen": "<p>Beide toetsen zijn gedaan in 2023.</p>",
        "source_data": "<p>Vergunningsaanvragen en de BAG.</p>",
        "source_data_grouping": [{"title": "Vergunningen", "link": "https://data.dijkerveen.example/vergunningen"}],
        "methods_and_models": "<p>Vaste regels die punten geven.</p>",
        "provider": "Intern ontwikkeld",
        "publiccode": "https://code.dijkerveen.example/bouwtoezicht-selectie",
        "lang": "nld",
        "standard_version": "1.0",
        "source_id": "DV-ALG-0042",
        "tags": "bouwcontrole, inspectie"
    }))
}

/// `demo_v1` with `changes` applied (a `null` value removes the key).
fn demo_with(changes: Value) -> Document {
    let mut d = demo_v1();
    for (k, v) in doc(changes) {
        if v.is_null() {
            d.remove(&k);
        } else {
            d.insert(k, v);
        }
    }
    d
}

fn problems(v: StandardVersion, d: &Document) -> Vec<(String, ProblemKind)> {
    validate(v, d)
        .into_iter()
        .map(|p| (p.path, p.kind))
        .collect()
}

fn p(path: &str, kind: ProblemKind) -> (String, ProblemKind) {
    (path.to_string(), kind)
}

fn too_long(max: usize, actual: usize) -> ProblemKind {
    ProblemKind::TooLong { max, actual }
}

fn wrong(expected: &str) -> ProblemKind {
    ProblemKind::WrongType {
        expected: expected.to_string(),
    }
}

fn allowed(key: &str) -> ProblemKind {
    let f = standard(StandardVersion::V1_0)
        .field(key)
        .expect("field exists");
    ProblemKind::NotAllowed {
        allowed: f.allowed.clone(),
    }
}

/// Runs each case (a change to the demo document) and compares the problems exactly.
fn table(cases: Vec<(Value, Vec<(String, ProblemKind)>)>) {
    for (change, want) in cases {
        let d = demo_with(change.clone());
        assert_eq!(problems(StandardVersion::V1_0, &d), want, "case {change}");
    }
}

#[test]
fn demo_document_is_valid_and_normal() {
    let d = demo_v1();
    assert_eq!(validate(StandardVersion::V1_0, &d), vec![]);
    assert_eq!(normalise(StandardVersion::V1_0, &d), d);
    let (n, problems) = check(StandardVersion::V1_0, &d);
    assert_eq!(n, d);
    assert!(problems.is_empty());
}

#[test]
fn rule_required() {
    assert_eq!(
        problems(StandardVersion::V1_0, &Document::new()),
        vec![
            p("name", ProblemKind::Required),
            p("description_short", ProblemKind::Required),
            p("organization", ProblemKind::Required),
            p("status", ProblemKind::Required),
            p("contact_email", ProblemKind::Required),
            p("publication_category", ProblemKind::Required),
            p("lang", ProblemKind::Required),
        ]
    );
    table(vec![
        (
            json!({"name": null}),
            vec![p("name", ProblemKind::Required)],
        ),
        (json!({"name": ""}), vec![p("name", ProblemKind::Required)]),
        (
            json!({"name": "   "}),
            vec![p("name", ProblemKind::Required)],
        ),
        (
            json!({"name": "<b> </b>"}),
            vec![p("name", ProblemKind::Required)],
        ),
        (
            json!({"status": null}),
            vec![p("status", ProblemKind::Required)],
        ),
        (json!({"website": null, "goal": "", "category": []}), vec![]),
    ]);
    // Older versions only require what their schema required.
    assert_eq!(
        problems(StandardVersion::V0_4, &Document::new()),
        vec![
            p("name", ProblemKind::Required),
            p("organization", ProblemKind::Required)
        ]
    );
}

#[test]
fn rule_max_length_after_stripping_html() {
    let a100 = "a".repeat(100);
    let a101 = "a".repeat(101);
    table(vec![
        (json!({"name": a100}), vec![]),
        (json!({"name": format!("<b>{a100}</b>")}), vec![]),
        (
            json!({"name": format!("<b>{a101}</b>")}),
            vec![p("name", too_long(100, 101))],
        ),
        (json!({"name": a101}), vec![p("name", too_long(100, 101))]),
        (json!({"name": "é".repeat(100)}), vec![]),
        (json!({"name": "&amp;".repeat(100)}), vec![]),
        (
            json!({"description_short": "b".repeat(401)}),
            vec![p("description_short", too_long(400, 401))],
        ),
        (
            json!({"goal": format!("<p>{}</p>", "c".repeat(2500))}),
            vec![],
        ),
        (
            json!({"goal": format!("<p>{}</p>", "c".repeat(2501))}),
            vec![p("goal", too_long(2500, 2501))],
        ),
        (
            json!({"methods_and_models": "d".repeat(5001)}),
            vec![p("methods_and_models", too_long(5000, 5001))],
        ),
        (
            json!({"provider": "e".repeat(201)}),
            vec![p("provider", too_long(200, 201))],
        ),
        (
            json!({"source_id": "f".repeat(101)}),
            vec![p("source_id", too_long(100, 101))],
        ),
        (
            json!({"tags": "g".repeat(2501)}),
            vec![p("tags", too_long(2500, 2501))],
        ),
        (
            json!({"website": format!("https://x.example/{}", "h".repeat(483))}),
            vec![p("website", too_long(500, 501))],
        ),
    ]);
}

#[test]
fn rule_enums() {
    table(vec![
        (
            json!({"status": "Actief"}),
            vec![p("status", allowed("status"))],
        ),
        (
            json!({"status": "in gebruik"}),
            vec![p("status", allowed("status"))],
        ),
        (json!({"status": "In ontwikkeling"}), vec![]),
        (
            json!({"publication_category": "Hoog risico"}),
            vec![p("publication_category", allowed("publication_category"))],
        ),
        (
            json!({"publication_category": "Hoog-risico AI-systeem"}),
            vec![],
        ),
        (json!({"lang": "eng"}), vec![p("lang", allowed("lang"))]),
        (
            json!({"standard_version": "0.4"}),
            vec![p("standard_version", allowed("standard_version"))],
        ),
    ]);
    let ProblemKind::NotAllowed { allowed } = allowed("status") else {
        panic!("not allowed");
    };
    assert_eq!(allowed, ["In ontwikkeling", "In gebruik", "Buiten gebruik"]);
    // normalise repairs case and spacing.
    let (_, problems) = check(
        StandardVersion::V1_0,
        &demo_with(json!({"status": " in  GEBRUIK "})),
    );
    assert!(problems.is_empty());
}

#[test]
fn rule_theme_list() {
    let ProblemKind::NotAllowed { allowed: themes } = allowed("category") else {
        panic!("not allowed");
    };
    assert_eq!(themes.len(), 16);
    table(vec![
        (json!({"category": ["Verkeer"]}), vec![]),
        (
            json!({"category": ["Verkeer", "Sport"]}),
            vec![p("category[1]", allowed("category"))],
        ),
        (
            json!({"category": ["Financiën", "Werk", "Huisvesting"]}),
            vec![
                p("category[0]", allowed("category")),
                p("category[2]", allowed("category")),
            ],
        ),
        (
            json!({"category": [7]}),
            vec![p("category[0]", wrong("text"))],
        ),
        (
            json!({"category": "Verkeer"}),
            vec![p("category", wrong("list"))],
        ),
    ]);
}

#[test]
fn rule_months() {
    let not = ProblemKind::NotAMonth;
    table(vec![
        (json!({"begin_date": "2024-03", "end_date": null}), vec![]),
        (json!({"begin_date": "1900-01", "end_date": null}), vec![]),
        (json!({"begin_date": "2100-12", "end_date": null}), vec![]),
        (
            json!({"begin_date": "2024-13", "end_date": null}),
            vec![p("begin_date", not.clone())],
        ),
        (
            json!({"begin_date": "2024-00", "end_date": null}),
            vec![p("begin_date", not.clone())],
        ),
        (
            json!({"begin_date": "2024-3", "end_date": null}),
            vec![p("begin_date", not.clone())],
        ),
        (
            json!({"begin_date": "03-2024", "end_date": null}),
            vec![p("begin_date", not.clone())],
        ),
        (
            json!({"begin_date": "2024-03-01", "end_date": null}),
            vec![p("begin_date", not.clone())],
        ),
        (
            json!({"begin_date": "1899-12", "end_date": null}),
            vec![p("begin_date", not.clone())],
        ),
        (
            json!({"begin_date": "2101-01", "end_date": null}),
            vec![p("begin_date", not.clone())],
        ),
        (
            json!({"begin_date": "maart 2024", "end_date": null}),
            vec![p("begin_date", not.clone())],
        ),
        (
            json!({"begin_date": "2024-05", "end_date": "2024-05"}),
            vec![],
        ),
        (
            json!({"begin_date": "2024-05", "end_date": "2024-04"}),
            vec![p("end_date", ProblemKind::EndBeforeBegin)],
        ),
        (
            json!({"begin_date": "2024-05", "end_date": "2023-12"}),
            vec![p("end_date", ProblemKind::EndBeforeBegin)],
        ),
        (json!({"begin_date": null, "end_date": "2020-01"}), vec![]),
        (
            json!({"begin_date": "2024-15", "end_date": "2020-01"}),
            vec![p("begin_date", not.clone())],
        ),
        (
            json!({"begin_date": "2024-01", "end_date": "2024-1"}),
            vec![p("end_date", not.clone())],
        ),
        (
            json!({"begin_date": 202401}),
            vec![p("begin_date", wrong("text"))],
        ),
    ]);
}

#[test]
fn rule_contact() {
    table(vec![
        (
            json!({"contact_email": "algoritmes@dijkerveen.example"}),
            vec![],
        ),
        (
            json!({"contact_email": "https://www.dijkerveen.example/contact"}),
            vec![],
        ),
        (
            json!({"contact_email": "http://www.dijkerveen.example/contact"}),
            vec![p("contact_email", ProblemKind::NotContact)],
        ),
        (
            json!({"contact_email": "www.dijkerveen.example/contact"}),
            vec![p("contact_email", ProblemKind::NotContact)],
        ),
        (
            json!({"contact_email": "Jan de Vries"}),
            vec![p("contact_email", ProblemKind::NotContact)],
        ),
        (
            json!({"contact_email": "jan@dijkerveen"}),
            vec![p("contact_email", ProblemKind::NotContact)],
        ),
        (
            json!({"contact_email": format!("{}@dijkerveen.example", "a".repeat(482))}),
            vec![
                p("contact_email", too_long(500, 501)),
                p("contact_email", ProblemKind::NotContact),
            ],
        ),
    ]);
    // A mailto: prefix is removed by normalise.
    let (_, problems) = check(
        StandardVersion::V1_0,
        &demo_with(json!({"contact_email": "mailto:algoritmes@dijkerveen.example"})),
    );
    assert!(problems.is_empty());
}

#[test]
fn rule_urls() {
    let cases: Vec<(Value, Vec<(String, ProblemKind)>)> =
        ["website", "url", "process_index_url", "publiccode"]
            .into_iter()
            .flat_map(|k| {
                vec![
                    (json!({k: "https://www.dijkerveen.example/a?b=c"}), vec![]),
                    (json!({k: "http://dijkerveen.example"}), vec![]),
                    (
                        json!({k: "www.dijkerveen.example"}),
                        vec![p(k, ProblemKind::NotUrl)],
                    ),
                    (
                        json!({k: "ftp://dijkerveen.example"}),
                        vec![p(k, ProblemKind::NotUrl)],
                    ),
                    (json!({k: "https://"}), vec![p(k, ProblemKind::NotUrl)]),
                    (
                        json!({k: "https://dijkerveen"}),
                        vec![p(k, ProblemKind::NotUrl)],
                    ),
                    (
                        json!({k: "javascript:alert(1)"}),
                        vec![p(k, ProblemKind::NotUrl)],
                    ),
                    (
                        json!({k: ["https://dijkerveen.example"]}),
                        vec![p(k, wrong("text"))],
                    ),
                ]
            })
            .collect();
    table(cases);
}

#[test]
fn rule_link_groups() {
    let ok = json!({"title": "Omgevingswet", "link": "https://wetten.overheid.nl/BWBR0037885"});
    table(vec![
        (
            json!({"lawful_basis_grouping": [ok.clone(), ok.clone()]}),
            vec![],
        ),
        (
            json!({"lawful_basis_grouping": [
                ok.clone(),
                {"title": "Alleen een titel"},
                {"link": "https://wetten.overheid.nl/x"},
                {"title": "t".repeat(101), "link": "https://wetten.overheid.nl/x"},
                {"title": "Geen link", "link": "wetten.overheid.nl"},
                "los",
                {"title": 5, "link": "https://wetten.overheid.nl/x"},
                {"title": "Lange link", "link": format!("https://wetten.overheid.nl/{}", "x".repeat(474))},
                {"title": "", "link": ""}
            ]}),
            vec![
                p("lawful_basis_grouping[1].link", ProblemKind::Required),
                p("lawful_basis_grouping[2].title", ProblemKind::Required),
                p("lawful_basis_grouping[3].title", too_long(100, 101)),
                p("lawful_basis_grouping[4].link", ProblemKind::NotUrl),
                p("lawful_basis_grouping[5]", wrong("object")),
                p("lawful_basis_grouping[6].title", wrong("text")),
                p("lawful_basis_grouping[7].link", too_long(500, 501)),
                p("lawful_basis_grouping[8].title", ProblemKind::Required),
                p("lawful_basis_grouping[8].link", ProblemKind::Required),
            ],
        ),
        (
            json!({"lawful_basis_grouping": ok.clone()}),
            vec![p("lawful_basis_grouping", wrong("list"))],
        ),
        (
            json!({"impacttoetsen_grouping": [
                {"title": "DPIA"},
                {"link": "https://www.dijkerveen.example/iama.pdf"},
                {"title": "IAMA", "link": "geen link"},
                {"title": "x".repeat(300)}
            ]}),
            vec![
                p("impacttoetsen_grouping[1].title", ProblemKind::Required),
                p("impacttoetsen_grouping[2].link", ProblemKind::NotUrl),
            ],
        ),
        (
            json!({"source_data_grouping": [
                {"title": "s".repeat(500), "link": "https://data.dijkerveen.example"},
                {"title": "s".repeat(501), "link": "https://data.dijkerveen.example"},
                {"title": "Zonder link"}
            ]}),
            vec![
                p("source_data_grouping[1].title", too_long(500, 501)),
                p("source_data_grouping[2].link", ProblemKind::Required),
            ],
        ),
    ]);
}

#[test]
fn rule_wrong_types() {
    table(vec![
        (json!({"name": 5}), vec![p("name", wrong("text"))]),
        (
            json!({"organization": {"naam": "x"}}),
            vec![p("organization", wrong("text"))],
        ),
        (json!({"goal": true}), vec![p("goal", wrong("text"))]),
        (
            json!({"status": ["In gebruik"]}),
            vec![p("status", wrong("text"))],
        ),
        (
            json!({"source_data_grouping": "https://x.example"}),
            vec![p("source_data_grouping", wrong("list"))],
        ),
        (
            json!({"impacttoetsen_grouping": [["DPIA"]]}),
            vec![p("impacttoetsen_grouping[0]", wrong("object"))],
        ),
    ]);
    // normalise keeps wrong types, so check still reports them.
    let (_, problems) = check(
        StandardVersion::V1_0,
        &demo_with(json!({"name": 5, "category": "Verkeer"})),
    );
    assert_eq!(
        problems
            .iter()
            .map(|p| (p.path.as_str(), p.kind.code()))
            .collect::<Vec<_>>(),
        [("name", "wrong_type"), ("category", "wrong_type")]
    );
}

#[test]
fn every_problem_at_once_in_field_order() {
    let d = doc(json!({
        "name": "n".repeat(120),
        "category": ["Verkeer", "Sport"],
        "status": "Actief",
        "begin_date": "2024-06",
        "end_date": "2024-01",
        "contact_email": "http://dijkerveen.example/contact",
        "website": "dijkerveen.example",
        "lawful_basis_grouping": [{"title": "Wet"}],
        "publiccode": 3,
        "lang": "nld"
    }));
    assert_eq!(
        problems(StandardVersion::V1_0, &d),
        vec![
            p("name", too_long(100, 120)),
            p("description_short", ProblemKind::Required),
            p("organization", ProblemKind::Required),
            p("category[1]", allowed("category")),
            p("status", allowed("status")),
            p("end_date", ProblemKind::EndBeforeBegin),
            p("contact_email", ProblemKind::NotContact),
            p("website", ProblemKind::NotUrl),
            p("publication_category", ProblemKind::Required),
            p("lawful_basis_grouping[0].link", ProblemKind::Required),
            p("publiccode", wrong("text")),
        ]
    );
    // Serialised for an API client.
    let json = serde_json::to_value(validate(StandardVersion::V1_0, &d)).expect("serialises");
    assert_eq!(
        json[0],
        json!({"path": "name", "code": "too_long", "max": 100, "actual": 120})
    );
    assert_eq!(
        json[9],
        json!({"path": "lawful_basis_grouping[0].link", "code": "required"})
    );
    for problem in validate(StandardVersion::V1_0, &d) {
        for lang in Lang::ALL {
            assert!(!problem.message(lang).is_empty());
        }
    }
}

#[test]
fn system_fields_are_ignored() {
    let d = demo_with(json!({"lars": "not an id", "publication_dt": 12}));
    assert!(validate(StandardVersion::V1_0, &d).is_empty());
    let n = normalise(StandardVersion::V1_0, &d);
    assert!(!n.contains_key("lars") && !n.contains_key("publication_dt"));
}

#[test]
fn sanitising_on_input() {
    let input = demo_with(json!({
        "name": "<script>alert('x')</script><b onclick=\"x()\">Risicoselectie</b> &amp; meer",
        "goal": "<p class=\"lead\" style=\"color:red\">Doel <a href=\"https://e.example\">met link</a><img src=x onerror=alert(1)></p><style>p{}</style><ul><li data-x=\"1\">punt</li></ul><h2>Kop</h2><div><br/></div>",
        "tags": "<i>a</i>, b",
        "lawful_basis_grouping": [{"title": "<b>Omgevingswet</b>", "link": " https://wetten.overheid.nl/BWBR0037885 "}]
    }));
    let (out, problems) = check(StandardVersion::V1_0, &input);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(out["name"], json!("Risicoselectie & meer"));
    assert_eq!(
        out["goal"],
        json!("<p>Doel met link</p><ul><li>punt</li></ul>Kop<div><br></div>")
    );
    assert_eq!(out["tags"], json!("a, b"));
    assert_eq!(
        out["lawful_basis_grouping"],
        json!([{"title": "Omgevingswet", "link": "https://wetten.overheid.nl/BWBR0037885"}])
    );
    for key in out.keys() {
        let text = out[key].to_string();
        for bad in [
            "<script", "<style", "onclick", "<a ", "href", "<img", "class=", "style=",
        ] {
            assert!(!text.contains(bad), "{key} still has {bad}: {text}");
        }
    }
}

#[test]
fn completeness_bounds() {
    assert_eq!(completeness(StandardVersion::V1_0, &demo_v1()), 100);
    assert_eq!(completeness(StandardVersion::V1_0, &Document::new()), 0);
    // Still in use: no end date is needed for 100.
    let in_use = demo_with(json!({"status": "In gebruik", "end_date": null}));
    assert_eq!(completeness(StandardVersion::V1_0, &in_use), 100);
    // Ended without an end date is not complete.
    let ended = demo_with(json!({"end_date": null}));
    let c = completeness(StandardVersion::V1_0, &ended);
    assert!(c < 100 && c > 90, "{c}");
    // Invalid content does not count.
    let invalid = demo_with(json!({"website": "geen link"}));
    assert!(completeness(StandardVersion::V1_0, &invalid) < 100);
    // Required fields weigh more than optional ones.
    let without_required = demo_with(json!({"description_short": null}));
    let without_optional = demo_with(json!({"url": null}));
    assert!(
        completeness(StandardVersion::V1_0, &without_required)
            < completeness(StandardVersion::V1_0, &without_optional)
    );
    // Only the required fields: low, but not zero.
    let minimal = doc(json!({
        "name": "n", "description_short": "d", "organization": "o", "status": "In gebruik",
        "contact_email": "a@b.example", "publication_category": "Overige algoritmes", "lang": "nld"
    }));
    let c = completeness(StandardVersion::V1_0, &minimal);
    assert!(c > 20 && c < 60, "{c}");
    for v in StandardVersion::ALL {
        assert!(completeness(v, &demo_v1()) <= 100);
    }
}

fn sample_v01() -> Document {
    doc(json!({
        "name": "Toewijzing parkeervergunningen",
        "organization": "Gemeente Dijkerveen",
        "department": "Team Parkeren",
        "description_short": "Het algoritme bepaalt de volgorde van de wachtlijst voor parkeervergunningen.",
        "type": "Regelgebaseerd",
        "category": "Verkeer, parkeren; Financiën",
        "website": "https://www.dijkerveen.example/parkeren",
        "status": "in gebruik",
        "goal": "Eerlijk verdelen van vergunningen.\n\nZonder wachttijd te verliezen.",
        "impact": "Inwoners weten sneller waar ze aan toe zijn.",
        "proportionality": "Weinig gegevens, veel tijdwinst.",
        "decision_making_process": "Aanvraag parkeervergunning",
        "documentation": "https://www.dijkerveen.example/projecten/parkeren",
        "description": "Een lange uitleg. ".repeat(40),
        "application_url": "https://leverancier.example",
        "publiccode": "https://code.dijkerveen.example/parkeren",
        "mprd": "Ja",
        "source_data": "Gegevens uit de BRP & de aanvraag <b>zelf</b>.",
        "methods_and_models": "Een beslisboom.",
        "monitoring": "Elk kwartaal een steekproef.",
        "human_intervention": "Een medewerker controleert elke toewijzing.",
        "risks": "Fouten in adressen.",
        "performance_standard": "95% juist.",
        "competent_authority": "College van B en W",
        "lawful_basis": "Wegenverkeerswet",
        "iama": "Nee",
        "iama_description": "Niet nodig: geen persoonlijke gevolgen.",
        "dpia": "Ja",
        "dpia_description": "Afgerond in 2021.",
        "objection_procedure": "Bezwaar via het formulier op de website.",
        "standard_version": "0.1",
        "uuid": "2f7c4b0a-0000-4000-8000-000000000001",
        "url": "https://algoritmes.dijkerveen.example/parkeren",
        "contact_email": "parkeren@dijkerveen.example",
        "area": "Binnenstad",
        "lang": "NL",
        "revision_date": "2025-01-01",
        "lars": "12345674",
        "id": 99
    }))
}

fn sample_v04() -> Document {
    doc(json!({
        "name": "Voorspelling onderhoud gemalen",
        "organization": "Waterschap Dijkerveen",
        "description_short": "Het algoritme voorspelt welke gemalen binnenkort onderhoud nodig hebben.",
        "type": "Ja",
        "category": ["Natuur en milieu", "Landbouw", "Financiën", "Huisvesting"],
        "website": "https://www.waterschap-dijkerveen.example/gemalen",
        "status": "Buiten gebruik",
        "begin_date": "2021-02",
        "end_date": "2024-06",
        "goal": "<p>Storingen voorkomen.</p>",
        "proportionality": "Minder storingen, lagere kosten.",
        "provider": "Leverancier Waterdata BV",
        "lawful_basis": "<p>De Waterschapswet.</p>",
        "lawful_basis_link": "https://wetten.overheid.nl/BWBR0005108 https://wetten.overheid.nl/BWBR0025458",
        "impacttoetsen": ["Data Protection Impact Assessment (DPIA)", "Geen"],
        "iama_description": "https://www.waterschap-dijkerveen.example/dpia.pdf",
        "url": "https://algoritmes.waterschap-dijkerveen.example/gemalen",
        "contact_email": "https://www.waterschap-dijkerveen.example/contact",
        "lang": "nld",
        "standard_version": "0.4",
        "uuid": "abc",
        "source_id": "WD-17",
        "tags": "gemaal, pomp",
        "source_data": "<p>Sensordata van de gemalen.</p>",
        "source_data_link": "Zie https://data.waterschap-dijkerveen.example/sensoren",
        "methods_and_models": "<p>Een zelflerend model.</p>",
        "publiccode": "https://code.waterschap-dijkerveen.example/gemalen",
        "human_intervention": "<p>Een planner beslist.</p>",
        "risks": "<p>Valse meldingen.</p>"
    }))
}

/// After mapping, the only problems allowed are "required" for fields the old document could not fill.
fn assert_valid_except_missing(d: &Document) {
    for problem in validate(StandardVersion::V1_0, d) {
        assert_eq!(problem.kind, ProblemKind::Required, "{problem:?}");
        assert!(!d.contains_key(problem.field_key()), "{problem:?}");
    }
}

#[test]
fn old_samples_are_valid_in_their_own_version() {
    assert_eq!(validate(StandardVersion::V0_1, &sample_v01()), vec![]);
    // The 0.4 link fields hold one link each; real data often holds several, or words. The sample does,
    // to show that to_v1 copes.
    assert_eq!(
        problems(StandardVersion::V0_4, &sample_v04()),
        vec![
            p("lawful_basis_link", ProblemKind::NotUrl),
            p("source_data_link", ProblemKind::NotUrl)
        ]
    );
    assert_eq!(version_of(&sample_v04()), Ok(StandardVersion::V0_4));
}

#[test]
fn to_v1_from_v01() {
    let v1 = to_v1(StandardVersion::V0_1, &sample_v01());
    assert_valid_except_missing(&v1);
    assert_eq!(
        validate(StandardVersion::V1_0, &v1)
            .into_iter()
            .map(|p| p.path)
            .collect::<Vec<_>>(),
        ["publication_category"]
    );
    assert_eq!(v1["standard_version"], json!("1.0"));
    assert_eq!(v1["status"], json!("In gebruik"));
    assert_eq!(v1["category"], json!(["Verkeer", "Overheidsfinanciën"]));
    assert_eq!(v1["tags"], json!("Team Parkeren, Binnenstad, parkeren"));
    assert_eq!(v1["lang"], json!("nld"));
    assert_eq!(v1["lars"], json!("12345674"));
    assert_eq!(
        v1["goal"],
        json!(
            "<p>Eerlijk verdelen van vergunningen.</p><p>Zonder wachttijd te verliezen.</p><p>Impact: Inwoners weten sneller waar ze aan toe zijn.</p><p>Proces: Aanvraag parkeervergunning</p>"
        )
    );
    assert_eq!(
        v1["source_data"],
        json!(
            "<p>Gegevens uit de BRP &amp; de aanvraag zelf.</p><p>Koppeling met basisregistraties: Ja</p>"
        )
    );
    assert!(
        v1["human_intervention"]
            .as_str()
            .is_some_and(|s| s.contains("Bezwaarprocedure: Bezwaar via"))
    );
    assert!(v1["risks"].as_str().is_some_and(
        |s| s.contains("Monitoring: Elk kwartaal") && s.contains("Prestatienormen: 95%")
    ));
    assert!(
        v1["lawful_basis"]
            .as_str()
            .is_some_and(|s| s.contains("Bevoegde autoriteit: College"))
    );
    // The long description does not fit description_short, so it goes to methods_and_models.
    assert!(v1["methods_and_models"].as_str().is_some_and(|s| {
        s.starts_with("<p>Een beslisboom.</p><p>Omschrijving: Een lange uitleg.")
    }));
    assert!(
        v1["methods_and_models"]
            .as_str()
            .is_some_and(|s| s.contains("Link naar ontwikkelaar: https://leverancier.example"))
    );
    assert_eq!(v1["impacttoetsen_grouping"], json!([{"title": "DPIA"}]));
    assert!(
        v1["impacttoetsen"]
            .as_str()
            .is_some_and(|s| s.contains("Omschrijving van de IAMA: Niet nodig")
                && s.contains("Omschrijving van de DPIA: Afgerond"))
    );
    for dropped in [
        "type",
        "uuid",
        "revision_date",
        "department",
        "area",
        "id",
        "publication_category",
        "description",
        "documentation",
    ] {
        assert!(!v1.contains_key(dropped), "{dropped}");
    }
    assert_eq!(
        impact_assessment_codes(StandardVersion::V1_0, &v1),
        ["dpia"]
    );
    assert_eq!(
        impact_assessment_codes(StandardVersion::V0_1, &sample_v01()),
        impact_assessment_codes(StandardVersion::V1_0, &v1)
    );
    // Choosing a publication category is all that is left.
    let mut done = v1.clone();
    done.insert("publication_category".into(), json!("Overige algoritmes"));
    assert!(validate(StandardVersion::V1_0, &done).is_empty());
}

#[test]
fn to_v1_from_v04() {
    let v1 = to_v1(StandardVersion::V0_4, &sample_v04());
    assert_valid_except_missing(&v1);
    assert_eq!(v1["standard_version"], json!("1.0"));
    assert_eq!(
        v1["category"],
        json!(["Natuur en milieu", "Overheidsfinanciën", "Wonen"])
    );
    assert_eq!(v1["begin_date"], json!("2021-02"));
    assert_eq!(v1["end_date"], json!("2024-06"));
    assert_eq!(
        v1["proportionality"],
        json!("<p>Minder storingen, lagere kosten.</p>")
    );
    assert_eq!(
        v1["lawful_basis_grouping"],
        json!([
            {"title": "Wettelijke basis 1", "link": "https://wetten.overheid.nl/BWBR0005108"},
            {"title": "Wettelijke basis 2", "link": "https://wetten.overheid.nl/BWBR0025458"}
        ])
    );
    assert_eq!(
        v1["source_data_grouping"],
        json!([{"title": "Gegevensbron", "link": "https://data.waterschap-dijkerveen.example/sensoren"}])
    );
    assert_eq!(
        v1["source_data"],
        json!("<p>Sensordata van de gemalen.</p><p>Link naar gegevensbronnen: Zie</p>")
    );
    assert_eq!(
        v1["impacttoetsen_grouping"],
        json!([{"title": "Data Protection Impact Assessment (DPIA)", "link": "https://www.waterschap-dijkerveen.example/dpia.pdf"}])
    );
    assert_eq!(v1["impacttoetsen"], json!("<p>Impacttoetsen: Geen</p>"));
    assert_eq!(v1["tags"], json!("gemaal, pomp"));
    for dropped in [
        "type",
        "uuid",
        "lawful_basis_link",
        "source_data_link",
        "iama_description",
        "publication_category",
    ] {
        assert!(!v1.contains_key(dropped), "{dropped}");
    }
    assert_eq!(
        facets(StandardVersion::V0_4, &sample_v04()).themes,
        facets(StandardVersion::V1_0, &v1).themes
    );
    assert_eq!(facets(StandardVersion::V1_0, &v1).impact_codes, ["dpia"]);
}

#[test]
fn to_v1_from_every_version() {
    let v1_demo = demo_v1();
    assert_eq!(to_v1(StandardVersion::V1_0, &v1_demo), v1_demo);
    for from in [
        StandardVersion::V0_1,
        StandardVersion::V0_2_3,
        StandardVersion::V0_3_1,
        StandardVersion::V0_4,
    ] {
        let mapped = to_v1(from, &sample_v01());
        assert_eq!(mapped["standard_version"], json!("1.0"), "{from}");
        assert_eq!(
            mapped["name"],
            json!("Toewijzing parkeervergunningen"),
            "{from}"
        );
        assert!(
            mapped
                .keys()
                .all(|k| standard(StandardVersion::V1_0).field(k).is_some()),
            "{from}"
        );
        assert_eq!(
            to_v1(from, &Document::new()),
            doc(json!({"lang": "nld", "standard_version": "1.0"}))
        );
    }
    // 0.3.1: a single IAMA link becomes the link of the IAMA item.
    let d = doc(
        json!({"name": "x", "organization": "y", "iama": "Ja", "iama_description": "https://www.dijkerveen.example/iama.pdf"}),
    );
    let v1 = to_v1(StandardVersion::V0_3_1, &d);
    assert_eq!(
        v1["impacttoetsen_grouping"],
        json!([{"title": "IAMA", "link": "https://www.dijkerveen.example/iama.pdf"}])
    );
}

#[test]
fn older_versions_validate_by_their_own_facts() {
    let d = doc(json!({
        "name": "n".repeat(101), "organization": "o", "type": "Zelflerend", "status": "Actief",
        "iama": "Misschien", "contact_email": "geen", "revision_date": "2025-01-011"
    }));
    assert_eq!(
        problems(StandardVersion::V0_2_3, &d),
        vec![
            p("name", too_long(100, 101)),
            p(
                "status",
                ProblemKind::NotAllowed {
                    allowed: vec![
                        "In ontwikkeling".into(),
                        "In gebruik".into(),
                        "Buiten gebruik".into()
                    ]
                }
            ),
            p(
                "iama",
                ProblemKind::NotAllowed {
                    allowed: vec!["Ja".into(), "Nee".into()]
                }
            ),
            p("contact_email", ProblemKind::NotContact),
            p("revision_date", too_long(10, 11)),
        ]
    );
    // 0.1 is free text almost everywhere, with long limits.
    assert_eq!(
        problems(StandardVersion::V0_1, &d),
        vec![p("contact_email", ProblemKind::NotContact)]
    );
    // 0.4 themes are its own 19.
    let d = doc(
        json!({"name": "n", "organization": "o", "category": ["Landbouw", "Wonen"], "type": "Zelflerend"}),
    );
    let v04 = standard(StandardVersion::V0_4);
    let cat = v04
        .field("category")
        .map(|f| f.allowed.clone())
        .unwrap_or_default();
    assert_eq!(cat.len(), 19);
    assert_eq!(
        problems(StandardVersion::V0_4, &d),
        vec![
            p(
                "type",
                ProblemKind::NotAllowed {
                    allowed: vec!["Ja".into(), "Nee".into()]
                }
            ),
            p("category[1]", ProblemKind::NotAllowed { allowed: cat }),
        ]
    );
}

#[test]
fn facets_and_impact_codes() {
    let f = facets(StandardVersion::V1_0, &demo_v1());
    assert_eq!(f.name, "Risicoselectie bij bouwtoezicht");
    assert_eq!(f.organization, "Gemeente Dijkerveen");
    assert_eq!(f.status.as_deref(), Some("Buiten gebruik"));
    assert_eq!(
        f.publication_category.as_deref(),
        Some("Impactvolle algoritmes")
    );
    assert_eq!(f.themes, ["Ruimte en infrastructuur", "Wonen"]);
    assert_eq!(f.provider.as_deref(), Some("Intern ontwikkeld"));
    assert_eq!(f.lang, "nld");
    assert_eq!(f.impact_codes, ["dpia", "iama"]);
    assert_eq!(f.begin_date.as_deref(), Some("2023-04"));

    let codes = |items: Value| {
        impact_assessment_codes(
            StandardVersion::V1_0,
            &doc(json!({"impacttoetsen_grouping": items})),
        )
    };
    assert_eq!(codes(json!([])), ["none"]);
    assert_eq!(codes(json!([{"title": "Eigen ethische toets"}])), ["other"]);
    assert_eq!(
        codes(json!([{"title": "Pre-scan DPIA"}, {"title": "DPIA"}])),
        ["pre-scan-dpia", "dpia"]
    );
    assert_eq!(
        codes(json!([{"title": "fraia"}, {"title": "Eigen toets"}, {"title": "FRAIA"}])),
        ["fraia", "other"]
    );
    let f = facets(
        StandardVersion::V0_2_3,
        &doc(json!({"name": "x", "iama": "Ja", "dpia": "Ja"})),
    );
    assert_eq!(f.impact_codes, ["iama", "dpia"]);
    assert!(
        IMPACT_ASSESSMENTS
            .iter()
            .all(|(code, _)| code.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
    );
}

#[test]
fn plain_text_for_exports() {
    let d = demo_v1();
    let risks = d["risks"].as_str().unwrap_or_default();
    assert_eq!(
        plain_text(risks),
        "- Ongelijke verdeling\n- Fouten in gegevens"
    );
    assert_eq!(strip_html(risks), "Ongelijke verdeling Fouten in gegevens");
    assert_eq!(text_len(risks), 38);
}

// ------------------------------------------------------------------------------------------------
// JSON Schema

const BASE: &str = "https://algoreg.example";

/// The schemas of every version in every language, compiled with `boon` (which also checks each schema
/// against the 2020-12 meta-schema while compiling).
struct Schemas {
    schemas: boon::Schemas,
    index: std::collections::HashMap<(StandardVersion, Lang), boon::SchemaIndex>,
}

impl Schemas {
    fn compile(format_assertions: bool) -> Schemas {
        let mut compiler = boon::Compiler::new();
        if format_assertions {
            compiler.enable_format_assertions();
        }
        let mut schemas = boon::Schemas::new();
        let mut index = std::collections::HashMap::new();
        for v in StandardVersion::ALL {
            for lang in Lang::ALL {
                let schema = json_schema(v, lang, BASE);
                let id = schema_id(v, lang, BASE);
                assert_eq!(schema["$id"], json!(id));
                compiler
                    .add_resource(&id, schema)
                    .unwrap_or_else(|e| panic!("{v} {lang}: {e}"));
                let i = compiler
                    .compile(&id, &mut schemas)
                    .unwrap_or_else(|e| panic!("{v} {lang}: {e:#}"));
                index.insert((v, lang), i);
            }
        }
        Schemas { schemas, index }
    }

    fn errors(&self, v: StandardVersion, lang: Lang, d: &Document) -> Option<String> {
        let value = Value::Object(d.clone());
        self.schemas
            .validate(&value, self.index[&(v, lang)])
            .err()
            .map(|e| format!("{e:#}"))
    }

    /// Asserts that `d` passes the schema of `v` in every language.
    fn assert_passes(&self, v: StandardVersion, d: &Document, what: &str) {
        for lang in Lang::ALL {
            if let Some(e) = self.errors(v, lang, d) {
                panic!("{what} should pass the {v} schema ({lang}): {e}\n{d:?}");
            }
        }
    }

    /// Asserts that `d` fails the schema of `v` in every language.
    fn assert_fails(&self, v: StandardVersion, d: &Document, what: &str) {
        for lang in Lang::ALL {
            assert!(
                self.errors(v, lang, d).is_some(),
                "{what} should fail the {v} schema ({lang})"
            );
        }
    }
}

#[test]
fn schemas_are_valid_2020_12_schemas() {
    let mut compiler = boon::Compiler::new();
    let mut metas = boon::Schemas::new();
    let meta = compiler
        .compile("https://json-schema.org/draft/2020-12/schema", &mut metas)
        .expect("boon knows the 2020-12 meta-schema");
    for v in StandardVersion::ALL {
        for lang in Lang::ALL {
            let schema = json_schema(v, lang, BASE);
            if let Err(e) = metas.validate(&schema, meta) {
                panic!("{v} {lang}: {e:#}");
            }
            assert_eq!(schema["$schema"], json!(schema::SCHEMA_DIALECT));
            assert_eq!(schema["type"], json!("object"));
            assert_eq!(schema["additionalProperties"], json!(true));
            assert!(
                schema["title"]
                    .as_str()
                    .is_some_and(|t| t.ends_with(v.as_str()))
            );
            let def = standard(v);
            let props = schema["properties"].as_object().expect("properties");
            let keys: Vec<&str> = props.keys().map(String::as_str).collect();
            let field_keys: Vec<&str> = def.fields.iter().map(|f| f.key.as_str()).collect();
            assert_eq!(keys, field_keys, "{v}: one property per field, in order");
            for f in &def.fields {
                let p = &props[&f.key];
                assert_eq!(p["title"], json!(f.label.get(lang)), "{v} {}", f.key);
                let description = p["description"].as_str().unwrap_or_default();
                assert!(
                    description.starts_with(f.help.get(lang).trim()),
                    "{v} {}: {description}",
                    f.key
                );
                if let Some(max) = f.max_len.filter(|_| f.kind != FieldKind::Month) {
                    assert!(description.contains(&max.to_string()), "{v} {}", f.key);
                }
                match f.kind {
                    FieldKind::RichText | FieldKind::LongText => {
                        assert!(p.get("maxLength").is_none(), "{v} {}", f.key);
                    }
                    FieldKind::Text | FieldKind::Url | FieldKind::Contact => {
                        assert_eq!(p["maxLength"], json!(f.max_len), "{v} {}", f.key);
                    }
                    FieldKind::System => assert_eq!(p["readOnly"], json!(true)),
                    FieldKind::Enum => assert_eq!(p["enum"], json!(f.allowed)),
                    FieldKind::EnumList => assert_eq!(p["items"]["enum"], json!(f.allowed)),
                    FieldKind::Month => assert!(p["pattern"].is_string()),
                    FieldKind::TextList | FieldKind::LinkGroup => {
                        assert_eq!(p["type"], json!("array"));
                    }
                }
            }
            let required: Vec<&str> = def
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.key.as_str())
                .collect();
            assert_eq!(schema["required"], json!(required), "{v}");
        }
    }
    // The languages differ in their texts only.
    let nl = json_schema(StandardVersion::V1_0, Lang::Nl, BASE);
    let fy = json_schema(StandardVersion::V1_0, Lang::Fy, BASE);
    assert_eq!(nl["properties"]["name"]["title"], json!("Naam"));
    assert_eq!(fy["properties"]["name"]["title"], json!("Namme"));
    assert_eq!(
        nl["properties"]["status"]["enum"],
        fy["properties"]["status"]["enum"]
    );
}

/// A document of version `v` built from the examples in the schema plus every required field.
fn document_from_examples(v: StandardVersion) -> Document {
    let schema = json_schema(v, Lang::Nl, BASE);
    let mut d = Document::new();
    for (key, p) in schema["properties"].as_object().expect("properties") {
        if let Some(example) = p["examples"].get(0) {
            d.insert(key.clone(), example.clone());
        }
    }
    for f in &standard(v).fields {
        if f.required && !d.contains_key(&f.key) {
            let value = match f.kind {
                FieldKind::Enum => json!(f.allowed[0]),
                FieldKind::Contact => json!("info@dijkerveen.example"),
                _ => json!("Tekst"),
            };
            d.insert(f.key.clone(), value);
        }
    }
    d
}

#[test]
fn schema_accepts_valid_documents() {
    for format_assertions in [false, true] {
        let s = Schemas::compile(format_assertions);
        let v1 = StandardVersion::V1_0;
        s.assert_passes(v1, &demo_v1(), "demo_v1");
        s.assert_passes(v1, &normalise(v1, &demo_v1()), "normalised demo_v1");
        let mut extra = demo_v1();
        extra.insert("id".into(), json!(7));
        extra.insert("lars".into(), json!("12345678"));
        extra.insert("publication_dt".into(), json!("2025-01-01T12:00:00Z"));
        s.assert_passes(v1, &extra, "extra keys and system fields");
        let minimal = doc(json!({
            "name": "x", "description_short": "y", "organization": "z", "status": "In gebruik",
            "contact_email": "https://www.dijkerveen.example/contact",
            "publication_category": "Overige algoritmes", "lang": "nld"
        }));
        assert_eq!(validate(v1, &minimal), vec![]);
        s.assert_passes(v1, &minimal, "minimal");
        s.assert_passes(StandardVersion::V0_1, &sample_v01(), "sample_v01");
        let v04 = normalise(StandardVersion::V0_4, &sample_v04());
        let mut v04 = v04;
        v04.remove("lawful_basis_link");
        v04.remove("source_data_link");
        assert_eq!(validate(StandardVersion::V0_4, &v04), vec![]);
        s.assert_passes(StandardVersion::V0_4, &v04, "sample_v04");
        for v in StandardVersion::ALL {
            let d = document_from_examples(v);
            assert_eq!(validate(v, &d), vec![], "{v}: examples are valid values");
            s.assert_passes(v, &d, "document from examples");
        }
        for from in StandardVersion::ALL {
            let mapped = to_v1(from, &sample_v01());
            let missing: Vec<String> = validate(v1, &mapped).into_iter().map(|p| p.path).collect();
            // The schema agrees with validate about what is missing.
            let errors = s.errors(v1, Lang::En, &mapped);
            assert_eq!(missing.is_empty(), errors.is_none(), "{from}: {errors:?}");
        }
    }
}

#[test]
fn schema_rejects_invalid_documents() {
    let too_long_name = "n".repeat(101);
    let cases: Vec<(&str, Value)> = vec![
        ("wrong enum", json!({"status": "Actief"})),
        (
            "wrong enum item",
            json!({"category": ["Verkeer", "Landbouw"]}),
        ),
        ("wrong constant", json!({"lang": "eng"})),
        ("wrong version", json!({"standard_version": "0.4"})),
        ("bad month", json!({"begin_date": "2024-13"})),
        ("short month", json!({"begin_date": "2024-3"})),
        ("date, not month", json!({"end_date": "2024-03-01"})),
        ("year out of range", json!({"end_date": "1899-12"})),
        ("number for text", json!({"name": 5})),
        ("object for rich text", json!({"goal": {"p": "x"}})),
        ("text for a list", json!({"category": "Verkeer"})),
        (
            "object for a link group",
            json!({"lawful_basis_grouping": {"title": "x"}}),
        ),
        (
            "text item in a link group",
            json!({"source_data_grouping": ["los"]}),
        ),
        (
            "item without link",
            json!({"lawful_basis_grouping": [{"title": "Wet"}]}),
        ),
        (
            "item without title",
            json!({"impacttoetsen_grouping": [{"link": "https://a.example"}]}),
        ),
        (
            "blank item title",
            json!({"impacttoetsen_grouping": [{"title": "  "}]}),
        ),
        (
            "item title too long",
            json!({"lawful_basis_grouping": [{"title": "t".repeat(101), "link": "https://a.example"}]}),
        ),
        (
            "item link not a link",
            json!({"impacttoetsen_grouping": [{"title": "DPIA", "link": "dpia.pdf"}]}),
        ),
        ("missing name", json!({"name": null})),
        ("missing status", json!({"status": null})),
        ("missing contact", json!({"contact_email": null})),
        ("blank name", json!({"name": "   "})),
        ("empty organisation", json!({"organization": ""})),
        ("too long", json!({"name": too_long_name})),
        (
            "contact over http",
            json!({"contact_email": "http://www.dijkerveen.example/contact"}),
        ),
        ("contact as words", json!({"contact_email": "Bel 14 0123"})),
        (
            "url without scheme",
            json!({"website": "www.dijkerveen.example"}),
        ),
        (
            "url with other scheme",
            json!({"url": "ftp://dijkerveen.example"}),
        ),
        (
            "url with user",
            json!({"publiccode": "https://user:pw@dijkerveen.example"}),
        ),
        (
            "url with space",
            json!({"website": "https://dijker veen.example"}),
        ),
    ];
    let s = Schemas::compile(false);
    let v1 = StandardVersion::V1_0;
    for (what, changes) in cases {
        let d = demo_with(changes);
        s.assert_fails(v1, &d, what);
        // The schema is never stricter than the standard: validate finds a problem too.
        assert!(!validate(v1, &d).is_empty(), "{what}: validate agrees");
    }
    // Older versions.
    let mut d = sample_v01();
    d.insert("name".into(), json!(["x"]));
    s.assert_fails(StandardVersion::V0_1, &d, "0.1 list for name");
    let mut d = sample_v01();
    d.remove("organization");
    s.assert_fails(StandardVersion::V0_1, &d, "0.1 without organisation");
    s.assert_fails(
        StandardVersion::V0_4,
        &sample_v04(),
        "0.4 words in link fields",
    );
    let mut d = normalise(StandardVersion::V0_4, &sample_v04());
    d.remove("lawful_basis_link");
    d.remove("source_data_link");
    d.insert("impacttoetsen".into(), json!([1]));
    s.assert_fails(StandardVersion::V0_4, &d, "0.4 number in a text list");
    // The whole document must be an object.
    let value = json!(["not", "an", "object"]);
    assert!(
        s.schemas
            .validate(&value, s.index[&(v1, Lang::Nl)])
            .is_err()
    );
}

#[test]
fn schema_accepts_500_demo_descriptions() {
    let cfg = algoreg_demo::DemoConfig {
        count: 500,
        seed: 1,
        now: chrono::Utc::now(),
    };
    let plain = Schemas::compile(false);
    let strict = Schemas::compile(true);
    let mut checked = std::collections::HashMap::new();
    for description in algoreg_demo::generate(&cfg, &[]) {
        for version in &description.versions {
            let d = &version.document;
            let v = version_of(d).expect("demo documents name a known version");
            for s in [&plain, &strict] {
                if let Some(e) = s.errors(v, Lang::Nl, d) {
                    panic!("demo {:?} ({v}) fails its schema: {e}", description.id);
                }
            }
            *checked.entry(v).or_insert(0usize) += 1;
        }
    }
    let total: usize = checked.values().sum();
    assert!(total >= 500, "{checked:?}");
    assert!(checked.contains_key(&StandardVersion::V1_0), "{checked:?}");
    assert!(checked.contains_key(&StandardVersion::V0_4), "{checked:?}");
}

// ------------------------------------------------------------------------------------------------
// Field-by-field comparison

fn change(key: &str, kind: ChangeKind, before: Option<Value>, after: Option<Value>) -> FieldChange {
    FieldChange {
        key: key.to_string(),
        change: kind,
        before,
        after,
    }
}

#[test]
fn diff_table() {
    use ChangeKind::{Added, Changed, Removed};
    let v1 = StandardVersion::V1_0;
    let link = |t: &str, l: &str| json!({"title": t, "link": l});
    // (what, changes to `a`, changes to `b`, expected)
    let cases: Vec<(&str, Value, Value, Vec<FieldChange>)> = vec![
        ("identical", json!({}), json!({}), vec![]),
        (
            "added",
            json!({"website": null}),
            json!({}),
            vec![change(
                "website",
                Added,
                None,
                Some(json!("https://www.dijkerveen.example/bouwen/toezicht")),
            )],
        ),
        (
            "removed",
            json!({}),
            json!({"url": null, "end_date": ""}),
            vec![
                change("end_date", Removed, Some(json!("2026-12")), None),
                change(
                    "url",
                    Removed,
                    Some(json!("https://algoritmes.dijkerveen.example/bouwtoezicht")),
                    None,
                ),
            ],
        ),
        (
            "changed",
            json!({}),
            json!({"name": "Nieuwe naam", "status": "In gebruik"}),
            vec![
                change(
                    "name",
                    Changed,
                    Some(json!("Risicoselectie bij bouwtoezicht")),
                    Some(json!("Nieuwe naam")),
                ),
                change(
                    "status",
                    Changed,
                    Some(json!("Buiten gebruik")),
                    Some(json!("In gebruik")),
                ),
            ],
        ),
        (
            "absent, null, empty text, empty markup and empty lists are equal",
            json!({"website": null, "goal": "<p></p>", "category": [], "provider": "  "}),
            json!({"website": "", "goal": null, "category": null, "provider": null}),
            vec![],
        ),
        (
            "lists: an extra theme",
            json!({}),
            json!({"category": ["Ruimte en infrastructuur", "Wonen", "Verkeer"]}),
            vec![change(
                "category",
                Changed,
                Some(json!(["Ruimte en infrastructuur", "Wonen"])),
                Some(json!(["Ruimte en infrastructuur", "Wonen", "Verkeer"])),
            )],
        ),
        (
            "lists: order counts",
            json!({}),
            json!({"category": ["Wonen", "Ruimte en infrastructuur"]}),
            vec![change(
                "category",
                Changed,
                Some(json!(["Ruimte en infrastructuur", "Wonen"])),
                Some(json!(["Wonen", "Ruimte en infrastructuur"])),
            )],
        ),
        (
            "link groups: a changed link, an added group",
            json!({"source_data_grouping": null}),
            json!({
                "lawful_basis_grouping": [link("Omgevingswet", "https://wetten.overheid.nl/BWBR0037885x")],
                "source_data_grouping": [link("BAG", "https://data.example/bag")]
            }),
            vec![
                change(
                    "lawful_basis_grouping",
                    Changed,
                    Some(json!([link(
                        "Omgevingswet",
                        "https://wetten.overheid.nl/BWBR0037885"
                    )])),
                    Some(json!([link(
                        "Omgevingswet",
                        "https://wetten.overheid.nl/BWBR0037885x"
                    )])),
                ),
                change(
                    "source_data_grouping",
                    Added,
                    None,
                    Some(json!([link("BAG", "https://data.example/bag")])),
                ),
            ],
        ),
        (
            "rich text",
            json!({}),
            json!({"risks": "<ul><li>Ongelijke verdeling</li></ul>"}),
            vec![change(
                "risks",
                Changed,
                Some(json!(
                    "<ul><li>Ongelijke verdeling</li><li>Fouten in gegevens</li></ul>"
                )),
                Some(json!("<ul><li>Ongelijke verdeling</li></ul>")),
            )],
        ),
        (
            "system fields: a missing value is no change",
            json!({"lars": null, "standard_version": null}),
            json!({"lars": "12345678", "publication_dt": "2025-01-01"}),
            vec![],
        ),
        (
            "system fields: different values are",
            json!({"lars": "12345678", "publication_dt": "2024-01-01"}),
            json!({"lars": "12345679", "publication_dt": "2025-01-01"}),
            vec![
                change(
                    "lars",
                    Changed,
                    Some(json!("12345678")),
                    Some(json!("12345679")),
                ),
                change(
                    "publication_dt",
                    Changed,
                    Some(json!("2024-01-01")),
                    Some(json!("2025-01-01")),
                ),
            ],
        ),
        (
            "keys the standard does not define come last, a's first",
            json!({"zz_a": 1, "both": 1}),
            json!({"zz_b": 2, "both": 2, "name": "x"}),
            vec![
                change(
                    "name",
                    Changed,
                    Some(json!("Risicoselectie bij bouwtoezicht")),
                    Some(json!("x")),
                ),
                change("zz_a", Removed, Some(json!(1)), None),
                change("both", Changed, Some(json!(1)), Some(json!(2))),
                change("zz_b", Added, None, Some(json!(2))),
            ],
        ),
    ];
    for (what, a, b, expected) in cases {
        let (a, b) = (demo_with(a), demo_with(b));
        assert_eq!(diff((v1, &a), (v1, &b)), expected, "{what}");
        // Swapping the sides swaps the changes (for fields both standards define).
        let back: Vec<(String, ChangeKind)> = diff((v1, &b), (v1, &a))
            .into_iter()
            .map(|c| (c.key, c.change))
            .collect();
        for c in &expected {
            let swapped = match c.change {
                Added => Removed,
                Removed => Added,
                Changed => Changed,
            };
            assert!(back.contains(&(c.key.clone(), swapped)), "{what}: {back:?}");
        }
    }
}

#[test]
fn diff_across_versions_maps_to_v1() {
    let v04 = StandardVersion::V0_4;
    let v1 = StandardVersion::V1_0;
    let old = sample_v04();
    let mapped = to_v1(v04, &old);
    // The successor that only took over the mapping differs in its version only.
    assert_eq!(
        diff((v04, &old), (v1, &mapped)),
        vec![change(
            "standard_version",
            ChangeKind::Changed,
            Some(json!("0.4")),
            Some(json!("1.0"))
        )]
    );
    // Edits on top of the mapping show as 1.0 fields, in 1.0 order.
    let mut edited = mapped.clone();
    edited.insert("publication_category".into(), json!("Overige algoritmes"));
    edited.insert("name".into(), json!("Onderhoud gemalen"));
    edited.remove("provider");
    let changes = diff((v04, &old), (v1, &edited));
    let summary: Vec<(&str, ChangeKind)> =
        changes.iter().map(|c| (c.key.as_str(), c.change)).collect();
    assert_eq!(
        summary,
        [
            ("name", ChangeKind::Changed),
            ("publication_category", ChangeKind::Added),
            ("provider", ChangeKind::Removed),
            ("standard_version", ChangeKind::Changed),
        ]
    );
    // The values are the mapped ones: 0.4 themes appear as 1.0 themes.
    let mut themes = mapped.clone();
    themes.insert("category".into(), json!(["Natuur en milieu"]));
    let changes = diff((v04, &old), (v1, &themes));
    assert_eq!(changes[0].key, "category");
    assert_eq!(
        changes[0].before,
        Some(json!(["Natuur en milieu", "Overheidsfinanciën", "Wonen"]))
    );
    // Comparing older versions among themselves needs no mapping.
    let mut older = sample_v01();
    older.insert("mprd".into(), json!("Nee"));
    assert_eq!(
        diff(
            (StandardVersion::V0_1, &sample_v01()),
            (StandardVersion::V0_1, &older)
        ),
        vec![change(
            "mprd",
            ChangeKind::Changed,
            Some(json!("Ja")),
            Some(json!("Nee"))
        )]
    );
    // Between two old versions, both sides go to 1.0.
    let changes = diff(
        (StandardVersion::V0_1, &sample_v01()),
        (StandardVersion::V0_4, &sample_v04()),
    );
    let def = standard(v1);
    assert!(changes.iter().all(|c| def.field(&c.key).is_some()));
    assert!(changes.iter().any(|c| c.key == "standard_version"));
}

#[test]
fn field_changes_serialise_for_the_api() {
    let c = change(
        "website",
        ChangeKind::Added,
        None,
        Some(json!("https://a.example")),
    );
    assert_eq!(
        serde_json::to_value(&c).expect("serialises"),
        json!({"key": "website", "change": "added", "before": null, "after": "https://a.example"})
    );
    assert_eq!(
        serde_json::to_value(ChangeKind::Removed).expect("serialises"),
        json!("removed")
    );
    assert_eq!(
        serde_json::to_value(DiffOp::Insert).expect("serialises"),
        json!("insert")
    );
}

// ------------------------------------------------------------------------------------------------
// Word-by-word comparison

fn pieces(list: &[(DiffOp, &str)]) -> Vec<(DiffOp, String)> {
    list.iter().map(|(op, t)| (*op, t.to_string())).collect()
}

fn rebuild(d: &[(DiffOp, String)], keep: DiffOp) -> String {
    d.iter()
        .filter(|(op, _)| *op == DiffOp::Equal || *op == keep)
        .map(|(_, t)| t.as_str())
        .collect()
}

#[test]
fn text_diff_examples() {
    use DiffOp::{Delete, Equal, Insert};
    type Case<'a> = (&'a str, &'a str, Vec<(DiffOp, &'a str)>);
    let cases: Vec<Case> = vec![
        ("", "", vec![]),
        ("gelijk", "gelijk", vec![(Equal, "gelijk")]),
        ("", "nieuw", vec![(Insert, "nieuw")]),
        ("oud", "", vec![(Delete, "oud")]),
        (
            "de kat slaapt",
            "de hond slaapt",
            vec![
                (Equal, "de "),
                (Delete, "kat "),
                (Insert, "hond "),
                (Equal, "slaapt"),
            ],
        ),
        (
            "de kat slaapt",
            "de kat",
            vec![(Equal, "de kat"), (Delete, " slaapt")],
        ),
        (
            "de kat slaapt",
            "kat slaapt",
            vec![(Delete, "de "), (Equal, "kat slaapt")],
        ),
        (
            "de kat slaapt",
            "de kat slaapt niet",
            vec![(Equal, "de kat slaapt"), (Insert, " niet")],
        ),
        (
            "de kat slaapt",
            "de grote kat slaapt",
            vec![(Equal, "de "), (Insert, "grote "), (Equal, "kat slaapt")],
        ),
        (
            "a b c d",
            "a x y d",
            vec![
                (Equal, "a "),
                (Delete, "b c "),
                (Insert, "x y "),
                (Equal, "d"),
            ],
        ),
        (
            "een twee",
            "drie vier",
            vec![(Delete, "een twee"), (Insert, "drie vier")],
        ),
        (
            "<p>Bouwplaatsen <b>eerst</b></p><ul><li>controleren</li></ul>",
            "<p>Bouwplaatsen   later</p><p>controleren</p>",
            vec![
                (Equal, "Bouwplaatsen "),
                (Delete, "eerst "),
                (Insert, "later "),
                (Equal, "controleren"),
            ],
        ),
    ];
    for (before, after, expected) in cases {
        let d = text_diff(before, after);
        assert_eq!(d, pieces(&expected), "{before:?} → {after:?}");
    }
}

#[test]
fn text_diff_rebuilds_both_texts() {
    let texts = [
        "",
        "a",
        "a b",
        "b a",
        "a b c d e f",
        "a x c y e",
        "f e d c b a",
        "a a a b b b",
        "b b a a",
        "<p>Een <i>opgemaakte</i> tekst</p><p>met twee alinea's &amp; meer</p>",
        "Een tekst met   veel\n\nwitruimte",
        "  voor en na  ",
    ];
    for before in texts {
        for after in texts {
            let d = text_diff(before, after);
            assert_eq!(
                rebuild(&d, DiffOp::Delete),
                strip_html(before),
                "{before:?} → {after:?}: {d:?}"
            );
            assert_eq!(
                rebuild(&d, DiffOp::Insert),
                strip_html(after),
                "{before:?} → {after:?}: {d:?}"
            );
            assert!(d.iter().all(|(_, t)| !t.is_empty()), "{d:?}");
            assert!(d.windows(2).all(|w| w[0].0 != w[1].0), "{d:?}");
            assert!(
                d.windows(2)
                    .all(|w| (w[0].0, w[1].0) != (DiffOp::Insert, DiffOp::Delete)),
                "deletions come first: {d:?}"
            );
            if strip_html(before) == strip_html(after) {
                assert!(d.iter().all(|(op, _)| *op == DiffOp::Equal), "{d:?}");
            }
        }
    }
    // Words kept are as many as possible: here the longest common run of words.
    let d = text_diff("a b c d e f", "a x c y e");
    let kept: String = d
        .iter()
        .filter(|(op, _)| *op == DiffOp::Equal)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(kept.split_whitespace().collect::<Vec<_>>(), ["a", "c", "e"]);
}

// ------------------------------------------------------------------------------------------------
// Definitions as JSON

#[test]
fn definitions_serialise_to_a_clean_shape() {
    let def = serde_json::to_value(standard(StandardVersion::V1_0)).expect("serialises");
    let top: Vec<&str> = def
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["version", "groups", "fields"]);
    assert_eq!(def["version"], json!("1.0"));
    assert_eq!(
        def["groups"][0],
        json!({"key": "general", "label": {"nl": "Algemene informatie", "en": "General information", "fy": "Algemiene ynformaasje"}})
    );
    let name = &def["fields"][0];
    let keys: Vec<&str> = name
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "key",
            "kind",
            "required",
            "max_len",
            "allowed",
            "group",
            "always_shown",
            "public",
            "label",
            "help",
            "example",
            "item_title_max",
            "item_link_max",
            "item_link_required"
        ]
    );
    assert_eq!(name["key"], json!("name"));
    assert_eq!(name["kind"], json!("text"));
    assert_eq!(name["required"], json!(true));
    assert_eq!(name["max_len"], json!(100));
    assert_eq!(name["allowed"], json!([]));
    assert_eq!(name["group"], json!("general"));
    assert_eq!(
        name["label"],
        json!({"nl": "Naam", "en": "Name", "fy": "Namme"})
    );
    for text in ["help", "example"] {
        let langs: Vec<&str> = name[text]
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(langs, ["nl", "en", "fy"], "{text}");
    }
    assert_eq!(name["item_title_max"], Value::Null);
    // Kinds are snake_case strings, and the whole definition reads back unchanged.
    let kinds: Vec<&str> = def["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"rich_text")
            && kinds.contains(&"link_group")
            && kinds.contains(&"enum_list")
    );
    for v in StandardVersion::ALL {
        let json = serde_json::to_string(standard(v)).expect("serialises");
        let back: StandardDef = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(&back, standard(v));
    }
}
