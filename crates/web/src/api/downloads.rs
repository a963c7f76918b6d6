//! Open-data downloads: the whole register or any selection (the same filters as the list), or one
//! description, as CSV, XLSX or JSON, with or without history. Rows stream from the database; CSV and
//! JSON are sent while they are written, XLSX is built in a temporary file first.

use std::io::{Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};

use algoreg_exchange::{
    CsvOptions, CsvWriter, JsonWriter, PublicOrganisation, PublicRecord, XlsxOptions, XlsxWriter,
};
use algoreg_register::standard::Lang;
use algoreg_register::{PublicQuery, Register};
use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::problem::InvalidParam;
use super::{Problem, query_pairs};
use crate::SharedState;

pub fn router() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(download_register))
        .routes(routes!(download_algorithm))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
    Json,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Json => "application/json",
        }
    }
}

struct Options {
    format: Format,
    history: bool,
    bom: bool,
    lang: Lang,
}

const OWN: &[&str] = &["format", "history", "bom", "lang"];

/// Reads the download's own parameters; the rest go to the filters.
fn options(pairs: &[(String, String)]) -> (Options, Vec<(String, String)>, Vec<InvalidParam>) {
    let mut o = Options {
        format: Format::Csv,
        history: false,
        bom: false,
        lang: Lang::Nl,
    };
    let mut rest = Vec::new();
    let mut bad = Vec::new();
    let boolean = |name: &str, v: &str, bad: &mut Vec<InvalidParam>| match v {
        "true" | "1" => true,
        "false" | "0" => false,
        _ => {
            bad.push(InvalidParam {
                name: name.into(),
                reason: format!("{v:?} is not true or false"),
                allowed: vec!["true".into(), "false".into()],
            });
            false
        }
    };
    for (k, v) in pairs {
        match k.as_str() {
            "format" => match v.as_str() {
                "csv" => o.format = Format::Csv,
                "xlsx" => o.format = Format::Xlsx,
                "json" => o.format = Format::Json,
                _ => bad.push(InvalidParam {
                    name: "format".into(),
                    reason: format!("unknown format {v:?}"),
                    allowed: vec!["csv".into(), "xlsx".into(), "json".into()],
                }),
            },
            "history" => o.history = boolean(k, v, &mut bad),
            "bom" => o.bom = boolean(k, v, &mut bad),
            "lang" => match Lang::parse(v) {
                Some(l) => o.lang = l,
                None => bad.push(InvalidParam {
                    name: "lang".into(),
                    reason: format!("unknown language {v:?}"),
                    allowed: vec!["nl".into(), "en".into(), "fy".into()],
                }),
            },
            _ => rest.push((k.clone(), v.clone())),
        }
    }
    (o, rest, bad)
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct DownloadParams {
    /// `csv` (default), `xlsx` or `json`.
    format: Option<String>,
    /// `true`: every published version with its times, not only the current one.
    history: Option<bool>,
    /// CSV only: start with a byte-order mark, so that Excel reads UTF-8 right.
    bom: Option<bool>,
    /// Language of XLSX headers and the explanation sheet: `nl` (default), `en` or `fy`.
    lang: Option<String>,
}

/// A `Write` whose bytes the sending side takes in chunks.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn take(&self, at_least: usize) -> Option<bytes::Bytes> {
        let mut b = self.0.lock().unwrap_or_else(|e| e.into_inner());
        (b.len() >= at_least && !b.is_empty()).then(|| bytes::Bytes::from(std::mem::take(&mut *b)))
    }
}

const CHUNK: usize = 64 * 1024;

type Records = std::pin::Pin<
    Box<dyn Stream<Item = Result<PublicRecord, algoreg_register::RegisterError>> + Send>,
>;

/// Streams CSV or JSON as it is written.
fn stream_text(
    format: Format,
    opts: &Options,
    organisations: Vec<PublicOrganisation>,
    mut records: Records,
) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<bytes::Bytes, std::io::Error>>(8);
    let buf = Shared::default();
    let history = opts.history;
    let csv = CsvOptions {
        lang: opts.lang,
        bom: opts.bom,
        history,
    };
    tokio::spawn(async move {
        enum W {
            Csv(Box<CsvWriter<Shared>>),
            Json(JsonWriter<Shared>),
        }
        let started = match format {
            Format::Csv => CsvWriter::new(buf.clone(), csv).map(|w| W::Csv(Box::new(w))),
            _ => JsonWriter::new(buf.clone(), history, &organisations).map(W::Json),
        };
        let mut w = match started {
            Ok(w) => w,
            Err(e) => {
                let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                return;
            }
        };
        while let Some(r) = records.next().await {
            let written = match r {
                Ok(rec) => match &mut w {
                    W::Csv(c) => c.write(&rec).map_err(|e| e.to_string()),
                    W::Json(j) => j.write(&rec).map_err(|e| e.to_string()),
                },
                Err(e) => Err(e.to_string()),
            };
            if let Err(e) = written {
                tracing::error!(error = %e, "download failed");
                let _ = tx
                    .send(Err(std::io::Error::other(
                        "the download could not be completed",
                    )))
                    .await;
                return;
            }
            if let Some(chunk) = buf.take(CHUNK)
                && tx.send(Ok(chunk)).await.is_err()
            {
                return; // the client went away
            }
        }
        let finished = match w {
            W::Csv(c) => c.finish().map(|_| ()).map_err(|e| e.to_string()),
            W::Json(j) => j.finish().map(|_| ()).map_err(|e| e.to_string()),
        };
        match finished {
            Ok(()) => {
                if let Some(chunk) = buf.take(0) {
                    let _ = tx.send(Ok(chunk)).await;
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "download failed");
                let _ = tx
                    .send(Err(std::io::Error::other(
                        "the download could not be completed",
                    )))
                    .await;
            }
        }
    });
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|c| (c, rx))
    }))
}

/// Builds the workbook in a temporary file (rows stream in; memory stays flat), then streams it out.
async fn xlsx(opts: &Options, mut records: Records) -> Result<Body, Problem> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<PublicRecord>(256);
    let options = XlsxOptions::new(opts.lang, opts.history);
    let builder = tokio::task::spawn_blocking(move || -> Result<std::fs::File, String> {
        let mut w = XlsxWriter::new(options).map_err(|e| e.to_string())?;
        while let Some(rec) = rx.blocking_recv() {
            w.write(&rec).map_err(|e| e.to_string())?;
        }
        let mut file = tempfile::tempfile().map_err(|e| e.to_string())?;
        w.finish_to(&mut file).map_err(|e| e.to_string())?;
        file.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
        Ok(file)
    });
    let mut failed = None;
    while let Some(r) = records.next().await {
        match r {
            Ok(rec) => {
                if tx.send(rec).await.is_err() {
                    break;
                }
            }
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    drop(tx);
    let file = builder
        .await
        .map_err(|e| internal(e.to_string()))?
        .map_err(internal)?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    let (ctx, crx) = tokio::sync::mpsc::channel::<Result<bytes::Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        use std::io::Read;
        let mut file = file;
        let mut buf = vec![0u8; CHUNK];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if ctx
                        .blocking_send(Ok(bytes::Bytes::copy_from_slice(&buf[..n])))
                        .is_err()
                    {
                        break;
                    }
                }
                Err(e) => {
                    let _ = ctx.blocking_send(Err(e));
                    break;
                }
            }
        }
    });
    Ok(Body::from_stream(futures_util::stream::unfold(
        crx,
        |mut rx| async move { rx.recv().await.map(|c| (c, rx)) },
    )))
}

fn internal(e: String) -> Problem {
    Problem::from(algoreg_register::RegisterError::Internal(e))
}

async fn download(
    state: SharedState,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    one: Option<String>,
) -> Response {
    let result = async {
        let pairs = query_pairs(uri)?;
        let (opts, mut rest, mut bad) = options(&pairs);
        if one.is_some() {
            // One description: the filters do not apply.
            bad.extend(rest.drain(..).map(|(name, _)| InvalidParam {
                name,
                reason: "unknown parameter".into(),
                allowed: OWN.iter().map(|s| (*s).to_owned()).collect(),
            }));
        }
        let mut query = match PublicQuery::parse(&rest, OWN) {
            Ok(q) => q,
            Err(e) => {
                bad.extend(e.into_iter().map(Into::into));
                PublicQuery::default()
            }
        };
        if !bad.is_empty() {
            return Err(Problem::invalid_params(bad));
        }
        let mut organisations: Vec<PublicOrganisation> = Vec::new();
        let filename = match &one {
            Some(id) => {
                let id = Register::parse_id(id)?;
                let d = state.register.public_description(id).await?;
                query.filter.ids = vec![id.as_string()];
                organisations.push(PublicOrganisation::from(&d.organisation));
                format!("algoritme-{id}")
            }
            None => {
                if opts.format == Format::Json {
                    organisations = state
                        .register
                        .organisation_counts()
                        .await?
                        .iter()
                        .filter(|c| c.published > 0)
                        .map(|c| PublicOrganisation::from(&c.organisation))
                        .collect();
                }
                format!(
                    "algoritmeregister-{}",
                    chrono::Utc::now().format("%Y-%m-%d")
                )
            }
        };
        let filename = if opts.history {
            format!("{filename}-historie")
        } else {
            filename
        };
        // The same data for the same register generation and query: a cheap ETag before any work.
        let generation = state.api_cache.generation(&state).await?;
        let etag = format!(
            "\"{:016x}\"",
            super::hash_bytes(&[
                super::API_VERSION.as_bytes(),
                &generation.to_le_bytes(),
                uri.to_string().as_bytes()
            ])
        );
        if super::not_modified(headers, &etag) {
            let mut res = StatusCode::NOT_MODIFIED.into_response();
            res.headers_mut().insert(
                header::ETAG,
                HeaderValue::from_str(&etag).map_err(|e| internal(e.to_string()))?,
            );
            return Ok(res);
        }
        let base = state.public_url.clone();
        let url = move |id: &algoreg_register::domain::AlgorithmId, name: &str| {
            crate::urls::algorithm(&base, &id.as_string(), name)
        };
        // CSV and XLSX copy the cells rendered at publication; JSON carries the documents.
        let records: Records = if opts.format == Format::Json {
            Box::pin(
                state
                    .register
                    .public_records(&query, opts.history, url)
                    .await?,
            )
        } else {
            Box::pin(
                state
                    .register
                    .public_table_records(&query, opts.history, url)
                    .await?,
            )
        };
        let body = match opts.format {
            Format::Xlsx => xlsx(&opts, records).await?,
            f => stream_text(f, &opts, organisations, records),
        };
        let mut res = Response::new(body);
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(opts.format.content_type()),
        );
        let disposition = format!("attachment; filename=\"{filename}.{}\"", opts.format.ext());
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).map_err(|e| internal(e.to_string()))?,
        );
        h.insert(
            header::ETAG,
            HeaderValue::from_str(&etag).map_err(|e| internal(e.to_string()))?,
        );
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=30"),
        );
        Ok(res)
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// Download published descriptions: the whole register, or a selection with the filters of
/// `GET /api/v1/algorithms`.
///
/// Every row carries the Algoritme-ID, the organisation's code and name, the canonical URL, the first
/// and current publication dates and the standard version. CSV and XLSX hold rich text as clean text;
/// JSON keeps the sanitised HTML.
#[utoipa::path(
    get,
    path = "/api/v1/downloads/algorithms",
    tag = "downloads",
    params(DownloadParams, super::algorithms::ListParams),
    responses(
        (status = 200, description = "The file", content(
            ("text/csv"),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("application/json"),
        )),
        (status = 304, description = "Not modified"),
        (status = 400, description = "A parameter cannot be used", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn download_register(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    download(state, &uri, &headers, None).await
}

/// Download one published description (or its whole published history).
#[utoipa::path(
    get,
    path = "/api/v1/algorithms/{id}/download",
    tag = "downloads",
    params(("id" = String, Path, description = "The Algoritme-ID"), DownloadParams),
    responses(
        (status = 200, description = "The file", content(
            ("text/csv"),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("application/json"),
        )),
        (status = 304, description = "Not modified"),
        (status = 400, description = "A bad ID or parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published description with this ID", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn download_algorithm(
    State(state): State<SharedState>,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    download(state, &uri, &headers, Some(id)).await
}
