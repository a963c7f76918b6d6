//! Integration tests of the open-data writers: CSV, XLSX and public JSON, read back and compared cell by
//! cell with the source records.

use std::collections::HashMap;
use std::io::Cursor;

use algoreg_demo::{DemoConfig, DemoDescription, generate, sample_orgs};
use algoreg_exchange::columns::{EXCLUDED_FIELDS, HISTORY_KEYS, META_KEYS};
use algoreg_exchange::public_json::{FORMAT, FORMAT_VERSION};
use algoreg_exchange::xlsx::{
    MAX_CELL_LEN, data_sheet_name, explanation_headers, explanation_sheet_name, fit_cell,
};
use algoreg_exchange::{
    Content, CsvOptions, CsvWriter, FieldCells, JsonWriter, OpenDataError, PublicOrganisation,
    PublicRecord, XlsxOptions, XlsxWriter, columns, csv_columns,
};
use algoreg_standard::{
    Document, FieldKind, Lang, StandardVersion, normalise, plain_text, standard, to_v1, validate,
    version_of,
};
use calamine::{Data, Range, Reader, Xlsx};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

// ------------------------------------------------------------------------------------------ fixtures

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn obj(v: Value) -> Document {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

/// A realistic 1.0 description with every awkward character a CSV can meet.
fn doc_v1() -> Document {
    let raw = obj(json!({
        "name": "Slimme \"parkeer\"controle, met scanauto",
        "description_short": "Een scanauto leest kentekens van geparkeerde auto's.\nDaarna controleert een handhaver of er betaald is.",
        "organization": "Gemeente Voorbeeld",
        "category": ["Verkeer", "Openbare orde en veiligheid"],
        "status": "In gebruik",
        "begin_date": "2021-03",
        "contact_email": "algoritmes@voorbeeld.example",
        "website": "https://www.voorbeeld.example/parkeren",
        "publication_category": "Impactvolle algoritmes",
        "url": "https://register.voorbeeld.example/scanauto",
        "goal": "<p>Wij willen dat iedereen betaalt, ook als het druk is.</p><ul><li>Eerlijk</li><li>Snel &amp; goedkoop</li></ul>",
        "proportionality": "<p>Voordeel: minder handwerk.</p><p>Nadeel: camera's op straat.</p>",
        "human_intervention": "<div>Een handhaver kijkt altijd mee.<br>Pas dan volgt een boete.</div>",
        "risks": "<ol><li>Een kenteken wordt verkeerd gelezen</li><li>Een vergunning ontbreekt in het systeem</li></ol>",
        "lawful_basis": "<p>Gemeentewet, artikel 1; Wegenverkeerswet</p>",
        "lawful_basis_grouping": [
            {"title": "Gemeentewet", "link": "https://wetten.overheid.nl/BWBR0005416"},
            {"title": "Parkeerverordening, 2020", "link": "https://lokaleregelgeving.overheid.nl/CVDR1"}
        ],
        "process_index_url": "https://www.voorbeeld.example/verwerkingsregister",
        "impacttoetsen_grouping": [
            {"title": "DPIA", "link": "https://www.voorbeeld.example/dpia.pdf"},
            {"title": "IAMA"}
        ],
        "impacttoetsen": "<p>De IAMA is nog niet openbaar.</p>",
        "source_data": "<p>Kentekens en parkeerrechten.</p>",
        "source_data_grouping": [
            {"title": "Parkeerrechten", "link": "https://data.voorbeeld.example/parkeerrechten"}
        ],
        "methods_and_models": "<p>Beeldherkenning (OCR) leest het kenteken.</p>",
        "provider": "Scanbedrijf B.V.",
        "publiccode": "https://code.voorbeeld.example/scanauto",
        "lang": "nld",
        "standard_version": "1.0",
        "source_id": "ALG-007",
        "tags": "geheimzoekwoord, kenteken"
    }));
    let doc = normalise(StandardVersion::V1_0, &raw);
    assert_eq!(validate(StandardVersion::V1_0, &doc), vec![]);
    doc
}

/// A description in standard 0.4.
fn doc_v04() -> Document {
    let raw = obj(json!({
        "name": "Toewijzing sociale huurwoningen",
        "organization": "Gemeente Voorbeeld",
        "description_short": "Het algoritme zet woningzoekenden in volgorde van inschrijfduur.",
        "type": "Nee",
        "category": ["Huisvesting", "Financiën", "Bestuur"],
        "website": "https://www.voorbeeld.example/wonen",
        "status": "In gebruik",
        "begin_date": "2019-06",
        "goal": "<p>Eerlijk verdelen van woningen.</p>",
        "proportionality": "<p>Iedereen krijgt dezelfde kans.</p>",
        "provider": "Intern ontwikkeld",
        "lawful_basis": "Huisvestingswet 2014",
        "lawful_basis_link": "https://wetten.overheid.nl/BWBR0035303",
        "impacttoetsen": ["DPIA", "Geen"],
        "contact_email": "wonen@voorbeeld.example",
        "lang": "nld",
        "standard_version": "0.4",
        "source_id": "W-12",
        "tags": "woning, huur",
        "source_data": "<p>Inschrijfgegevens.</p>",
        "source_data_link": "https://data.voorbeeld.example/inschrijvingen",
        "methods_and_models": "<p>Sorteren op inschrijfdatum.</p>",
        "human_intervention": "<p>Een consulent controleert de top 3.</p>",
        "risks": "<p>Fouten in de inschrijfdatum.</p>"
    }));
    normalise(StandardVersion::V0_4, &raw)
}

fn record(id: &str, version: i64, state: &str, doc: Document) -> PublicRecord {
    let standard_version = version_of(&doc).unwrap();
    PublicRecord {
        id: id.to_owned(),
        org_code: "gm9999".to_owned(),
        org_name: "Gemeente Voorbeeld, afdeling \"Parkeren\"".to_owned(),
        url: format!("https://algoritmes.voorbeeld.example/algoritme/{id}"),
        first_published_at: Some(at("2024-03-01T09:00:00Z")),
        published_at: Some(at("2024-03-01T09:00:00.123Z")),
        superseded_at: None,
        version,
        state: state.to_owned(),
        state_reason: None,
        standard_version,
        content: Content::Document(doc),
    }
}

fn doc_of(r: &PublicRecord) -> &Document {
    r.document().expect("a record with its document")
}

fn handmade() -> Vec<PublicRecord> {
    let mut old = record("23456781", 1, "published", doc_v04());
    old.first_published_at = Some(at("2023-05-02T10:15:00Z"));
    old.published_at = old.first_published_at;
    vec![record("12345674", 3, "published", doc_v1()), old]
}

/// One description's history: a 0.4 version, superseded by a 1.0 version, then retracted.
fn handmade_history() -> Vec<PublicRecord> {
    let mut v1 = record("34567892", 1, "superseded", doc_v04());
    v1.first_published_at = Some(at("2023-01-01T08:00:00Z"));
    v1.published_at = Some(at("2023-01-01T08:00:00Z"));
    v1.superseded_at = Some(at("2024-02-01T12:00:00Z"));
    let mut v2 = record("34567892", 2, "retracted", doc_v1());
    v2.first_published_at = v1.first_published_at;
    v2.published_at = Some(at("2024-02-01T12:00:00Z"));
    v2.state_reason = Some("Fout, gepubliceerd: \"verkeerde\" organisatie\nWordt hersteld.".into());
    vec![v1, v2]
}

fn demo_now() -> DateTime<Utc> {
    at("2026-11-15T12:00:00Z")
}

/// Records of `count` demo descriptions: the current published version of each (`history` false), or
/// every version that was ever public (`history` true), in description and version order.
fn demo_records(count: usize, history: bool) -> Vec<PublicRecord> {
    let names: HashMap<String, String> = sample_orgs()
        .into_iter()
        .map(|o| (o.code.to_string(), o.name))
        .collect();
    let cfg = DemoConfig {
        count,
        seed: 42,
        now: demo_now(),
    };
    generate(&cfg, &[])
        .flat_map(|d| demo_description_records(&d, &names, history))
        .collect()
}

fn demo_description_records(
    d: &DemoDescription,
    names: &HashMap<String, String>,
    history: bool,
) -> Vec<PublicRecord> {
    let first = d.versions.iter().filter_map(|v| v.published_at).min();
    d.versions
        .iter()
        .enumerate()
        .filter(|(_, v)| {
            if history {
                v.published_at.is_some()
            } else {
                v.state.as_str() == "published"
            }
        })
        .map(|(i, v)| PublicRecord {
            id: d.id.as_string(),
            org_code: d.org.to_string(),
            org_name: names[&d.org.to_string()].clone(),
            url: format!("https://algoritmes.example/algoritme/{}", d.id.as_string()),
            first_published_at: first,
            published_at: v.published_at,
            superseded_at: v.superseded_at,
            version: i as i64 + 1,
            state: v.state.as_str().to_owned(),
            state_reason: v.state_reason.clone(),
            standard_version: version_of(&v.document).unwrap(),
            content: Content::Document(v.document.clone()),
        })
        .collect()
}

fn organisations() -> Vec<PublicOrganisation> {
    sample_orgs()
        .into_iter()
        .map(|o| PublicOrganisation {
            code: o.code.to_string(),
            name: o.name,
            org_type: o.org_type.as_str().to_owned(),
        })
        .collect()
}

// ------------------------------------------------------------------------------- expected values

const RICH_TAGS: [&str; 6] = ["<p", "<br", "<ul", "<ol", "<li", "<div"];

fn time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The cells of a record's row, computed here independently of the writers.
fn expected(r: &PublicRecord, history: bool) -> Vec<String> {
    let doc = if r.standard_version == StandardVersion::V1_0 {
        doc_of(r).clone()
    } else {
        to_v1(r.standard_version, doc_of(r))
    };
    let mut out = vec![
        r.id.clone(),
        r.org_code.clone(),
        r.org_name.clone(),
        r.url.clone(),
        time(r.first_published_at),
        time(r.published_at),
        r.standard_version.as_str().to_owned(),
    ];
    if history {
        out.extend([
            r.version.to_string(),
            r.state.clone(),
            time(r.superseded_at),
            r.state_reason.clone().unwrap_or_default(),
        ]);
    }
    for f in &standard(StandardVersion::V1_0).fields {
        if ["standard_version", "tags", "lars", "publication_dt"].contains(&f.key.as_str()) {
            continue;
        }
        let cell = match (f.kind, doc.get(&f.key)) {
            (_, None) => String::new(),
            (FieldKind::RichText, Some(Value::String(s))) => plain_text(s),
            (FieldKind::LinkGroup, Some(Value::Array(items))) => items
                .iter()
                .map(|i| {
                    let title = i.get("title").and_then(Value::as_str).unwrap_or("");
                    match i.get("link").and_then(Value::as_str) {
                        Some(l) if title.is_empty() => l.to_owned(),
                        Some(l) => format!("{title} ({l})"),
                        None => title.to_owned(),
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            (_, Some(Value::Array(items))) => items
                .iter()
                .map(|i| i.as_str().expect("list of strings").to_owned())
                .collect::<Vec<_>>()
                .join("; "),
            (_, Some(Value::String(s))) => s.clone(),
            (_, Some(other)) => panic!("{}: unexpected value {other}", f.key),
        };
        out.push(cell);
    }
    out
}

fn all_langs() -> [Lang; 3] {
    Lang::ALL
}

// ------------------------------------------------------------------------------------ writers

fn write_csv(records: &[PublicRecord], lang: Lang, bom: bool, history: bool) -> Vec<u8> {
    let mut w = CsvWriter::new(Vec::new(), CsvOptions { lang, bom, history }).unwrap();
    for r in records {
        w.write(r).unwrap();
    }
    assert_eq!(w.rows(), records.len() as u64);
    w.finish().unwrap()
}

fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "strip the BOM first");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn write_xlsx(records: &[PublicRecord], lang: Lang, history: bool) -> Vec<u8> {
    let mut w = XlsxWriter::new(XlsxOptions::new(lang, history)).unwrap();
    for r in records {
        w.write(r).unwrap();
    }
    assert_eq!(w.rows(), records.len() as u64);
    w.finish().unwrap()
}

fn open_xlsx(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn cell_text(d: Option<&Data>) -> String {
    match d {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => panic!("unexpected cell {other:?}"),
    }
}

/// Every row of a sheet as texts, `width` cells each (trailing empty cells included).
fn sheet_rows(range: &Range<Data>, width: usize) -> Vec<Vec<String>> {
    assert_eq!(range.start(), Some((0, 0)));
    (0..range.height())
        .map(|r| {
            (0..width)
                .map(|c| cell_text(range.get_value((r as u32, c as u32))))
                .collect()
        })
        .collect()
}

fn write_json(records: &[PublicRecord], history: bool, orgs: &[PublicOrganisation]) -> Vec<u8> {
    let mut w = JsonWriter::new(Vec::new(), history, orgs).unwrap();
    for r in records {
        w.write(r).unwrap();
    }
    w.finish().unwrap()
}

// ------------------------------------------------------------------------------------- columns

#[test]
fn the_column_list_is_the_documented_one() {
    let fields = [
        "name",
        "description_short",
        "organization",
        "category",
        "status",
        "begin_date",
        "end_date",
        "contact_email",
        "website",
        "publication_category",
        "url",
        "goal",
        "proportionality",
        "human_intervention",
        "risks",
        "lawful_basis",
        "lawful_basis_grouping",
        "process_index_url",
        "impacttoetsen_grouping",
        "impacttoetsen",
        "source_data",
        "source_data_grouping",
        "methods_and_models",
        "provider",
        "publiccode",
        "lang",
        "source_id",
    ];
    let meta = [
        "algoritme_id",
        "organisation_code",
        "organisation_name",
        "register_url",
        "first_published_at",
        "published_at",
        "standard_version",
    ];
    let history = ["version", "state", "superseded_at", "state_reason"];
    assert_eq!(META_KEYS, meta);
    assert_eq!(HISTORY_KEYS, history);
    let want: Vec<&str> = meta.iter().chain(&fields).copied().collect();
    assert_eq!(csv_columns(false), want);
    let want: Vec<&str> = meta
        .iter()
        .chain(&history)
        .chain(&fields)
        .copied()
        .collect();
    assert_eq!(csv_columns(true), want);
    for h in [false, true] {
        let keys = csv_columns(h);
        for excluded in ["tags", "lars", "publication_dt"] {
            assert!(!keys.contains(&excluded));
        }
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "column keys are unique");
        for lang in all_langs() {
            let mut labels: Vec<&str> = columns(h).iter().map(|c| c.label(lang)).collect();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), keys.len(), "labels are unique in {lang}");
            for c in columns(h) {
                assert!(!c.label(lang).trim().is_empty(), "{} label {lang}", c.key);
                assert!(
                    !c.explanation(lang).trim().is_empty(),
                    "{} help {lang}",
                    c.key
                );
            }
        }
    }
    assert!(EXCLUDED_FIELDS.contains(&"tags"));
}

// ------------------------------------------------------------------------------------------ CSV

#[test]
fn csv_rows_match_the_records_cell_by_cell() {
    let records = handmade();
    let bytes = write_csv(&records, Lang::Nl, false, false);
    let rows = read_csv(&bytes);
    assert_eq!(rows.len(), 1 + records.len());
    assert_eq!(rows[0], csv_columns(false));
    for (row, r) in rows[1..].iter().zip(&records) {
        assert_eq!(row, &expected(r, false));
    }
}

#[test]
fn csv_values_are_converted_as_documented() {
    let records = handmade();
    let rows = read_csv(&write_csv(&records, Lang::Nl, false, false));
    let keys = csv_columns(false);
    let get = |row: usize, key: &str| -> String {
        let i = keys.iter().position(|k| *k == key).unwrap();
        rows[row][i].clone()
    };
    assert_eq!(get(1, "algoritme_id"), "12345674");
    assert_eq!(
        get(1, "organisation_name"),
        "Gemeente Voorbeeld, afdeling \"Parkeren\""
    );
    assert_eq!(get(1, "first_published_at"), "2024-03-01T09:00:00Z");
    assert_eq!(get(1, "published_at"), "2024-03-01T09:00:00Z");
    assert_eq!(get(1, "standard_version"), "1.0");
    assert_eq!(get(1, "name"), "Slimme \"parkeer\"controle, met scanauto");
    assert_eq!(
        get(1, "goal"),
        "Wij willen dat iedereen betaalt, ook als het druk is.\n- Eerlijk\n- Snel & goedkoop"
    );
    assert_eq!(
        get(1, "human_intervention"),
        "Een handhaver kijkt altijd mee.\nPas dan volgt een boete."
    );
    assert_eq!(get(1, "category"), "Verkeer; Openbare orde en veiligheid");
    assert_eq!(
        get(1, "lawful_basis_grouping"),
        "Gemeentewet (https://wetten.overheid.nl/BWBR0005416); Parkeerverordening, 2020 (https://lokaleregelgeving.overheid.nl/CVDR1)"
    );
    assert_eq!(
        get(1, "impacttoetsen_grouping"),
        "DPIA (https://www.voorbeeld.example/dpia.pdf); IAMA"
    );
    assert_eq!(get(1, "url"), "https://register.voorbeeld.example/scanauto");
    assert_eq!(
        get(1, "register_url"),
        "https://algoritmes.voorbeeld.example/algoritme/12345674"
    );
    assert_eq!(get(1, "end_date"), "");
    // The 0.4 description, mapped to 1.0.
    assert_eq!(get(2, "standard_version"), "0.4");
    assert_eq!(get(2, "category"), "Wonen; Overheidsfinanciën");
    assert_eq!(get(2, "lang"), "nld");
    assert!(get(2, "lawful_basis_grouping").contains("(https://wetten.overheid.nl/BWBR0035303)"));
    assert!(get(2, "impacttoetsen_grouping").starts_with("DPIA"));
    // No tag and no search term anywhere.
    for row in &rows[1..] {
        for cell in row {
            assert!(!cell.contains("geheimzoekwoord"), "{cell}");
            for tag in RICH_TAGS {
                assert!(!cell.contains(tag), "{cell}");
            }
        }
    }
}

#[test]
fn csv_is_rfc_4180_with_optional_bom() {
    let records = handmade();
    let plain = write_csv(&records, Lang::Nl, false, false);
    let with_bom = write_csv(&records, Lang::Nl, true, false);
    assert!(!plain.starts_with(b"\xEF\xBB\xBF"));
    assert!(plain.starts_with(b"algoritme_id,organisation_code,"));
    assert_eq!(&with_bom[..3], b"\xEF\xBB\xBF");
    assert_eq!(&with_bom[3..], &plain[..]);
    let text = String::from_utf8(plain).unwrap();
    // Every line end outside a quoted field is CRLF; the file ends with one.
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.split("\r\n").count(),
        4,
        "header, two rows, empty tail"
    );
    assert!(text.starts_with(&format!("{}\r\n", csv_columns(false).join(","))));
    // Commas, quotes and newlines are quoted; quotes doubled.
    assert!(text.contains(",\"Slimme \"\"parkeer\"\"controle, met scanauto\","));
    assert!(text.contains(",\"Gemeente Voorbeeld, afdeling \"\"Parkeren\"\"\","));
    assert!(text.contains(
        ",\"Wij willen dat iedereen betaalt, ook als het druk is.\n- Eerlijk\n- Snel & goedkoop\","
    ));
    // Plain values are not quoted.
    assert!(text.contains("\r\n12345674,gm9999,"));
    assert!(text.contains(",2024-03-01T09:00:00Z,2024-03-01T09:00:00Z,1.0,"));
    assert!(!text.contains("tags"));
}

#[test]
fn csv_headers_are_keys_in_every_language() {
    let records = handmade();
    let nl = write_csv(&records, Lang::Nl, true, false);
    for lang in [Lang::En, Lang::Fy] {
        assert_eq!(write_csv(&records, lang, true, false), nl);
    }
}

#[test]
fn csv_history_has_the_history_columns() {
    let records = handmade_history();
    let rows = read_csv(&write_csv(&records, Lang::Nl, false, true));
    assert_eq!(rows[0], csv_columns(true));
    assert_eq!(rows.len(), 3);
    for (row, r) in rows[1..].iter().zip(&records) {
        assert_eq!(row, &expected(r, true));
    }
    assert_eq!(
        &rows[1][7..11],
        ["1", "superseded", "2024-02-01T12:00:00Z", ""]
    );
    assert_eq!(
        &rows[2][7..11],
        [
            "2",
            "retracted",
            "",
            "Fout, gepubliceerd: \"verkeerde\" organisatie\nWordt hersteld."
        ]
    );
    assert_eq!(rows[1][6], "0.4");
    assert_eq!(rows[2][6], "1.0");
}

#[test]
fn csv_of_many_demo_descriptions_matches_cell_by_cell() {
    for history in [false, true] {
        let records = demo_records(300, history);
        assert!(records.len() > 100);
        assert!(
            records
                .iter()
                .any(|r| r.standard_version == StandardVersion::V0_4),
            "some 0.4 descriptions"
        );
        let bytes = write_csv(&records, Lang::Nl, true, history);
        let rows = read_csv(&bytes[3..]);
        assert_eq!(rows.len(), records.len() + 1);
        assert_eq!(rows[0], csv_columns(history));
        for (row, r) in rows[1..].iter().zip(&records) {
            assert_eq!(row, &expected(r, history), "{} v{}", r.id, r.version);
            assert!(
                row.iter().all(|c| RICH_TAGS.iter().all(|t| !c.contains(t))),
                "{}: rich text came out as plain text",
                r.id
            );
        }
    }
}

#[test]
fn csv_streams_in_chunks() {
    let records = demo_records(60, false);
    let whole = write_csv(&records, Lang::Nl, true, false);
    let mut w = CsvWriter::new(
        Vec::new(),
        CsvOptions {
            lang: Lang::Nl,
            bom: true,
            history: false,
        },
    )
    .unwrap();
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        w.write(r).unwrap();
        if i % 7 == 0 {
            chunks.push(w.take_output().unwrap());
        }
    }
    chunks.push(w.finish().unwrap());
    assert!(chunks.iter().filter(|c| !c.is_empty()).count() > 5);
    assert_eq!(chunks.concat(), whole);
}

// ------------------------------------------------------------------------------- stored cells

/// The same record with its field cells rendered (as the register stores them at publication).
fn with_cells(r: &PublicRecord) -> PublicRecord {
    let mut out = r.clone();
    out.content = Content::Cells(FieldCells::render(r.standard_version, doc_of(r)));
    out
}

#[test]
fn stored_cells_give_the_same_csv_byte_for_byte() {
    let mut sets = vec![
        (handmade(), false),
        (handmade_history(), true),
        (demo_records(400, false), false),
        (demo_records(200, true), true),
    ];
    // Awkward values: quotes, commas, line breaks, leading and trailing spaces, an empty document.
    let mut odd = record("45678903", 1, "published", doc_v1());
    if let Content::Document(d) = &mut odd.content {
        d.insert("provider".into(), json!(" Komma, \"quote\" "));
        d.insert("goal".into(), json!("<p>regel\r\nnog een</p>"));
    }
    let mut empty = record("56789014", 1, "published", doc_v1());
    empty.content = Content::Document(
        [("standard_version".to_owned(), json!("1.0"))]
            .into_iter()
            .collect(),
    );
    sets.push((vec![odd, empty], false));
    for (records, history) in sets {
        let cells: Vec<PublicRecord> = records.iter().map(with_cells).collect();
        // Mixed: some rows from documents, some from cells, as after a change of the cell format.
        let mixed: Vec<PublicRecord> = records
            .iter()
            .enumerate()
            .map(|(i, r)| if i % 2 == 0 { with_cells(r) } else { r.clone() })
            .collect();
        for bom in [false, true] {
            let want = write_csv(&records, Lang::Nl, bom, history);
            assert!(want == write_csv(&cells, Lang::Nl, bom, history));
            assert!(want == write_csv(&mixed, Lang::Nl, bom, history));
        }
    }
}

#[test]
fn stored_cells_give_the_same_xlsx_cells() {
    for (records, history) in [(handmade(), false), (demo_records(150, true), true)] {
        let cells: Vec<PublicRecord> = records.iter().map(with_cells).collect();
        let width = columns(history).len();
        let read = |records: &[PublicRecord]| {
            let mut wb = open_xlsx(write_xlsx(records, Lang::En, history));
            let range = wb.worksheet_range(data_sheet_name(Lang::En)).unwrap();
            sheet_rows(&range, width)
        };
        assert_eq!(read(&records), read(&cells));
    }
}

#[test]
fn field_cells_split_into_the_field_values() {
    for r in demo_records(100, true).iter().chain(&handmade()) {
        let all = expected(r, false);
        let cells = FieldCells::render(r.standard_version, doc_of(r));
        assert_eq!(cells.values(), all[META_KEYS.len()..], "{}", r.id);
        let stored = FieldCells::from_stored(cells.as_str().to_owned());
        assert_eq!(stored, cells);
    }
}

/// The rendering of fixed documents, pinned to [`FieldCells::FORMAT`]: stored cells of an older format
/// are rendered again, so any change of what a cell holds must raise the format.
#[test]
fn field_cells_format_is_pinned() {
    let mut text = String::new();
    for r in handmade().iter().chain(&handmade_history()) {
        text.push_str(FieldCells::render(r.standard_version, doc_of(r)).as_str());
        text.push('\n');
    }
    // FNV-1a: stable across Rust releases, unlike the standard library's hasher.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    assert_eq!(
        (FieldCells::FORMAT, hash),
        (1, 8673382445664717407),
        "the field cells changed: raise FieldCells::FORMAT and pin the new hash here"
    );
}

#[test]
fn json_needs_documents() {
    let r = with_cells(&handmade()[0]);
    let mut w = JsonWriter::new(Vec::new(), false, &organisations()).unwrap();
    assert!(matches!(w.write(&r), Err(OpenDataError::NoDocument { .. })));
}

// ----------------------------------------------------------------------------------------- XLSX

#[test]
fn xlsx_rows_match_the_csv_and_headers_are_labels() {
    let records = handmade();
    for lang in all_langs() {
        let mut wb = open_xlsx(write_xlsx(&records, lang, false));
        assert_eq!(
            wb.sheet_names(),
            [data_sheet_name(lang), explanation_sheet_name(lang)]
        );
        let cols = columns(false);
        let range = wb.worksheet_range(data_sheet_name(lang)).unwrap();
        let rows = sheet_rows(&range, cols.len());
        assert_eq!(range.width(), cols.len());
        assert_eq!(rows.len(), 1 + records.len());
        let labels: Vec<&str> = cols.iter().map(|c| c.label(lang)).collect();
        assert_eq!(rows[0], labels);
        for (row, r) in rows[1..].iter().zip(&records) {
            assert_eq!(row, &expected(r, false));
        }
    }
}

#[test]
fn xlsx_header_labels_in_three_languages() {
    let records = handmade();
    let header = |lang| {
        let mut wb = open_xlsx(write_xlsx(&records, lang, true));
        let range = wb.worksheet_range(data_sheet_name(lang)).unwrap();
        sheet_rows(&range, columns(true).len()).remove(0)
    };
    let nl = header(Lang::Nl);
    let en = header(Lang::En);
    let fy = header(Lang::Fy);
    assert_eq!(
        &nl[..4],
        [
            "Algoritme-ID",
            "Organisatiecode",
            "Naam organisatie",
            "Link naar deze beschrijving"
        ]
    );
    assert_eq!(
        &en[..4],
        [
            "Algorithm ID",
            "Organisation code",
            "Organisation name",
            "Link to this description"
        ]
    );
    assert_eq!(
        &fy[..4],
        [
            "Algoritme-ID",
            "Organisaasjekoade",
            "Namme organisaasje",
            "Keppeling nei dizze beskriuwing"
        ]
    );
    assert_eq!(&nl[7..9], ["Versie", "Status versie"]);
    assert_eq!(&en[7..9], ["Version", "Version state"]);
    let name = 11;
    assert_eq!(
        (&*nl[name], &*en[name], &*fy[name]),
        ("Naam", "Name", "Namme")
    );
    assert!(nl.contains(&"Doel en impact".to_owned()));
    assert!(en.contains(&"Purpose and impact".to_owned()));
    assert!(fy.contains(&"Doel en ympakt".to_owned()));
    for h in [&nl, &en, &fy] {
        assert!(
            !h.iter()
                .any(|l| l == "Zoektermen" || l == "Search terms" || l == "Syktermen")
        );
    }
}

#[test]
fn xlsx_explanation_sheet_lists_every_column() {
    for history in [false, true] {
        for lang in all_langs() {
            let mut wb = open_xlsx(write_xlsx(&handmade(), lang, history));
            let range = wb.worksheet_range(explanation_sheet_name(lang)).unwrap();
            let rows = sheet_rows(&range, 3);
            let cols = columns(history);
            assert_eq!(rows.len(), cols.len() + 1);
            assert_eq!(rows[0], explanation_headers(lang));
            for (row, c) in rows[1..].iter().zip(cols) {
                assert_eq!(row[0], c.key);
                assert_eq!(row[1], c.label(lang));
                assert_eq!(row[2], c.explanation(lang));
                assert!(!row[2].is_empty());
                if let Some(f) = c.field() {
                    assert_eq!(row[2], f.help.get(lang));
                }
            }
            assert!(!rows.iter().any(|r| r[0] == "tags"));
        }
    }
    let mut wb = open_xlsx(write_xlsx(&[], Lang::En, false));
    let range = wb.worksheet_range("Explanation").unwrap();
    let rows = sheet_rows(&range, 3);
    assert_eq!(rows[1][0], "algoritme_id");
    assert_eq!(
        rows[1][2],
        "The fixed number of this description in the register. This number never changes."
    );
}

#[test]
fn xlsx_history_has_numbers_for_versions() {
    let records = handmade_history();
    let mut wb = open_xlsx(write_xlsx(&records, Lang::Nl, true));
    let range = wb.worksheet_range("Algoritmes").unwrap();
    assert_eq!(range.get_value((1, 7)), Some(&Data::Float(1.0)));
    assert_eq!(range.get_value((2, 7)), Some(&Data::Float(2.0)));
    let rows = sheet_rows(&range, columns(true).len());
    for (row, r) in rows[1..].iter().zip(&records) {
        assert_eq!(row, &expected(r, true));
    }
}

#[test]
fn xlsx_of_many_demo_descriptions_matches_cell_by_cell() {
    let records = demo_records(300, true);
    let mut wb = open_xlsx(write_xlsx(&records, Lang::Fy, true));
    let range = wb.worksheet_range("Algoritmen").unwrap();
    let rows = sheet_rows(&range, columns(true).len());
    assert_eq!(rows.len(), records.len() + 1);
    for (row, r) in rows[1..].iter().zip(&records) {
        assert_eq!(row, &expected(r, true), "{} v{}", r.id, r.version);
    }
}

#[test]
fn xlsx_cuts_overlong_cells_safely() {
    assert_eq!(fit_cell("kort".into()), "kort");
    let exact = "é".repeat(MAX_CELL_LEN);
    assert_eq!(fit_cell(exact.clone()), exact);
    let long = "a".repeat(MAX_CELL_LEN + 10);
    let cut = fit_cell(long);
    assert_eq!(cut.chars().count(), MAX_CELL_LEN);
    assert!(cut.ends_with('…'));
    // Characters outside the BMP count twice, as in Excel; a pair is never split.
    let emoji = "😀".repeat(MAX_CELL_LEN / 2 + 5);
    let cut = fit_cell(emoji);
    assert!(cut.encode_utf16().count() <= MAX_CELL_LEN);
    assert!(cut.ends_with("😀…"));

    // A record with an overlong value still makes a workbook.
    let mut r = handmade().remove(0);
    let huge = format!("<p>{}</p>", "lang verhaal ".repeat(4000));
    if let Content::Document(d) = &mut r.content {
        d.insert("methods_and_models".into(), json!(huge));
    }
    let mut wb = open_xlsx(write_xlsx(&[r], Lang::Nl, false));
    let range = wb.worksheet_range("Algoritmes").unwrap();
    let i = csv_columns(false)
        .iter()
        .position(|k| *k == "methods_and_models")
        .unwrap();
    let cell = cell_text(range.get_value((1, i as u32)));
    assert_eq!(cell.encode_utf16().count(), MAX_CELL_LEN);
    assert!(cell.starts_with("lang verhaal lang verhaal"));
    assert!(cell.ends_with('…'));
}

#[test]
fn xlsx_can_be_written_to_a_file() {
    let dir = std::env::temp_dir().join(format!("algoreg-exchange-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("download.xlsx");
    let mut opts = XlsxOptions::new(Lang::En, false);
    opts.tempdir = Some(dir.clone());
    let mut w = XlsxWriter::new(opts).unwrap();
    for r in handmade() {
        w.write(&r).unwrap();
    }
    w.finish_to(std::fs::File::create(&path).unwrap()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let mut wb = open_xlsx(bytes);
    let range = wb.worksheet_range("Algorithms").unwrap();
    assert_eq!(range.height(), 3);
}

// ----------------------------------------------------------------------------------------- JSON

#[test]
fn json_has_the_documented_shape() {
    let records = handmade();
    let orgs = vec![PublicOrganisation {
        code: "gm9999".into(),
        name: "Gemeente Voorbeeld".into(),
        org_type: "gemeente".into(),
    }];
    let bytes = write_json(&records, false, &orgs);
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    let top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        top,
        ["format", "format_version", "organisations", "algorithms"]
    );
    assert_eq!(v["format"], FORMAT);
    assert_eq!(v["format"], "algoreg-open-data");
    assert_eq!(v["format_version"], FORMAT_VERSION);
    assert_eq!(v["format_version"], 1);
    assert_eq!(
        v["organisations"],
        json!([{"code": "gm9999", "name": "Gemeente Voorbeeld", "type": "gemeente"}])
    );
    let algos = v["algorithms"].as_array().unwrap();
    assert_eq!(algos.len(), 2);
    let a = &algos[0];
    let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "organisation",
            "url",
            "first_published_at",
            "published_at",
            "standard_version",
            "version",
            "document"
        ]
    );
    assert_eq!(a["id"], "12345674");
    assert_eq!(
        a["organisation"],
        json!({"code": "gm9999", "name": "Gemeente Voorbeeld, afdeling \"Parkeren\""})
    );
    assert_eq!(
        a["url"],
        "https://algoritmes.voorbeeld.example/algoritme/12345674"
    );
    assert_eq!(a["first_published_at"], "2024-03-01T09:00:00Z");
    assert_eq!(a["published_at"], "2024-03-01T09:00:00Z");
    assert_eq!(a["standard_version"], "1.0");
    assert_eq!(a["version"], 3);
    // The document as stored, without tags; rich text stays sanitised HTML.
    let mut want = doc_of(&records[0]).clone();
    want.remove("tags");
    assert_eq!(a["document"], Value::Object(want));
    assert_eq!(
        a["document"]["goal"],
        "<p>Wij willen dat iedereen betaalt, ook als het druk is.</p><ul><li>Eerlijk</li><li>Snel &amp; goedkoop</li></ul>"
    );
    // The 0.4 description stays in 0.4.
    let b = &algos[1];
    assert_eq!(b["standard_version"], "0.4");
    assert_eq!(b["document"]["standard_version"], "0.4");
    assert_eq!(b["document"]["impacttoetsen"], json!(["DPIA", "Geen"]));
    assert!(b["document"].get("tags").is_none());
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains("geheimzoekwoord"));
    assert!(!text.contains("\"tags\""));
}

#[test]
fn json_history_groups_versions_per_algorithm() {
    let mut records = handmade_history();
    records.extend(handmade());
    let bytes = write_json(&records, true, &[]);
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["organisations"], json!([]));
    let algos = v["algorithms"].as_array().unwrap();
    assert_eq!(algos.len(), 3);
    let a = &algos[0];
    let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "organisation",
            "url",
            "first_published_at",
            "versions"
        ]
    );
    assert_eq!(a["id"], "34567892");
    assert_eq!(a["first_published_at"], "2023-01-01T08:00:00Z");
    let versions = a["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    let vkeys: Vec<&str> = versions[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        vkeys,
        [
            "version",
            "state",
            "state_reason",
            "published_at",
            "superseded_at",
            "standard_version",
            "document"
        ]
    );
    assert_eq!(versions[0]["version"], 1);
    assert_eq!(versions[0]["state"], "superseded");
    assert_eq!(versions[0]["state_reason"], Value::Null);
    assert_eq!(versions[0]["superseded_at"], "2024-02-01T12:00:00Z");
    assert_eq!(versions[0]["standard_version"], "0.4");
    assert_eq!(versions[1]["state"], "retracted");
    assert_eq!(
        versions[1]["state_reason"],
        "Fout, gepubliceerd: \"verkeerde\" organisatie\nWordt hersteld."
    );
    assert_eq!(versions[1]["superseded_at"], Value::Null);
    assert!(versions.iter().all(|v| v["document"].get("tags").is_none()));
    for (a, id) in algos[1..].iter().zip(["12345674", "23456781"]) {
        assert_eq!(a["id"], id);
        assert_eq!(a["versions"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn json_of_many_demo_descriptions_round_trips() {
    let orgs = organisations();
    for history in [false, true] {
        let records = demo_records(300, history);
        let bytes = write_json(&records, history, &orgs);
        assert_eq!(bytes, write_json(&records, history, &orgs), "deterministic");
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["organisations"].as_array().unwrap().len(), orgs.len());
        let versions: Vec<(&Value, &Value)> = v["algorithms"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| {
                if history {
                    a["versions"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| (a, v))
                        .collect::<Vec<_>>()
                } else {
                    vec![(a, a)]
                }
            })
            .collect();
        assert_eq!(versions.len(), records.len());
        let ids: std::collections::HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(v["algorithms"].as_array().unwrap().len(), ids.len());
        for ((a, ver), r) in versions.into_iter().zip(&records) {
            assert_eq!(a["id"], r.id.as_str());
            assert_eq!(a["organisation"]["code"], r.org_code.as_str());
            assert_eq!(a["organisation"]["name"], r.org_name.as_str());
            assert_eq!(a["url"], r.url.as_str());
            assert_eq!(a["first_published_at"], time(r.first_published_at).as_str());
            assert_eq!(ver["published_at"], time(r.published_at).as_str());
            assert_eq!(ver["version"], r.version);
            assert_eq!(ver["standard_version"], r.standard_version.as_str());
            let mut want = doc_of(r).clone();
            want.remove("tags");
            assert_eq!(ver["document"], Value::Object(want));
            if history {
                assert_eq!(ver["state"], r.state.as_str());
                assert_eq!(
                    ver["superseded_at"],
                    json!(r.superseded_at.map(|t| time(Some(t))))
                );
                assert_eq!(ver["state_reason"], json!(r.state_reason));
            }
        }
    }
}

#[test]
fn json_history_rejects_versions_out_of_order() {
    let mut records = handmade_history();
    records.reverse();
    let mut w = JsonWriter::new(Vec::new(), true, &[]).unwrap();
    w.write(&records[0]).unwrap();
    let err = w.write(&records[1]).unwrap_err();
    assert!(matches!(err, OpenDataError::OutOfOrder { ref id, version: 1 } if id == "34567892"));
}

#[test]
fn json_streams_in_chunks() {
    let records = demo_records(40, true);
    let whole = write_json(&records, true, &organisations());
    let mut w = JsonWriter::new(Vec::new(), true, &organisations()).unwrap();
    let mut chunks = vec![w.take_output()];
    for r in &records {
        w.write(r).unwrap();
        chunks.push(w.take_output());
    }
    chunks.push(w.finish().unwrap());
    assert!(chunks.iter().all(|c| c.len() < whole.len()));
    assert_eq!(chunks.concat(), whole);
}

// ------------------------------------------------------------------------ per-description downloads

#[test]
fn one_description_downloads() {
    let r = handmade().remove(0);
    let one = std::slice::from_ref(&r);

    let rows = read_csv(&write_csv(one, Lang::Nl, false, false));
    assert_eq!(
        rows,
        [
            csv_columns(false).iter().map(|s| s.to_string()).collect(),
            expected(&r, false)
        ]
    );

    let mut wb = open_xlsx(write_xlsx(one, Lang::En, false));
    let range = wb.worksheet_range("Algorithms").unwrap();
    let rows = sheet_rows(&range, columns(false).len());
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1], expected(&r, false));

    let v: Value = serde_json::from_slice(&write_json(one, false, &[])).unwrap();
    assert_eq!(v["algorithms"].as_array().unwrap().len(), 1);
    assert_eq!(v["algorithms"][0]["id"], "12345674");

    // Its history.
    let history = handmade_history();
    let rows = read_csv(&write_csv(&history, Lang::Nl, true, true)[3..]);
    assert_eq!(rows.len(), 3);
    let mut wb = open_xlsx(write_xlsx(&history, Lang::Fy, true));
    let range = wb.worksheet_range("Algoritmen").unwrap();
    assert_eq!(sheet_rows(&range, columns(true).len()).len(), 3);
    let v: Value = serde_json::from_slice(&write_json(&history, true, &[])).unwrap();
    assert_eq!(v["algorithms"].as_array().unwrap().len(), 1);
    assert_eq!(v["algorithms"][0]["versions"].as_array().unwrap().len(), 2);
}

#[test]
fn empty_downloads_are_valid() {
    for history in [false, true] {
        let rows = read_csv(&write_csv(&[], Lang::Nl, false, history));
        assert_eq!(rows.len(), 1);
        let mut wb = open_xlsx(write_xlsx(&[], Lang::Nl, history));
        let range = wb.worksheet_range("Algoritmes").unwrap();
        assert_eq!(range.height(), 1);
        let v: Value = serde_json::from_slice(&write_json(&[], history, &[])).unwrap();
        assert_eq!(v["algorithms"], json!([]));
    }
}

#[test]
fn writers_can_move_to_another_thread() {
    fn send<T: Send>() {}
    send::<CsvWriter<Vec<u8>>>();
    send::<XlsxWriter>();
    send::<JsonWriter<Vec<u8>>>();
    send::<OpenDataError>();
}
