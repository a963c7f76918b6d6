//! Human-readable API documentation, rendered once from the OpenAPI document into plain, accessible
//! HTML served by the binary itself (no scripts, no third-party files).

use std::fmt::Write;

use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::{OpenApi, RefOr};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn schema_name(r: &RefOr<utoipa::openapi::schema::Schema>) -> String {
    match r {
        RefOr::Ref(r) => r
            .ref_location
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned(),
        RefOr::T(_) => "object".into(),
    }
}

pub fn render(api: &OpenApi) -> String {
    let mut h = String::new();
    let title = esc(&api.info.title);
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>\
         body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1a1a1a}}\
         code{{background:#f1f1f1;padding:0 .2em}}table{{border-collapse:collapse;width:100%;margin:.5rem 0}}\
         th,td{{text-align:left;border:1px solid #999;padding:.25rem .5rem;vertical-align:top}}\
         h2{{border-top:2px solid #154273;padding-top:1rem;margin-top:2rem}}.m{{font-weight:bold;color:#154273}}\
         a{{color:#154273}}a:focus{{outline:3px solid #ffbf47}}\
         </style></head><body><main><h1>{title} <small>{}</small></h1><p>{}</p>\
         <p>The machine-readable description: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>",
        esc(&api.info.version),
        esc(api.info.description.as_deref().unwrap_or_default())
    );
    h.push_str("<nav aria-label=\"Endpoints\"><ul>");
    for (path, item) in &api.paths.paths {
        if let Some(op) = &item.get {
            let _ = write!(
                h,
                "<li><a href=\"#{}\"><span class=\"m\">GET</span> <code>{}</code></a> — {}</li>",
                esc(&anchor(path)),
                esc(path),
                esc(op.summary.as_deref().unwrap_or_default())
            );
        }
    }
    h.push_str("</ul></nav>");
    for (path, item) in &api.paths.paths {
        let Some(op) = &item.get else { continue };
        let _ = write!(
            h,
            "<section aria-labelledby=\"{id}\"><h2 id=\"{id}\"><span class=\"m\">GET</span> <code>{}</code></h2><p>{}</p>",
            esc(path),
            esc(op
                .description
                .as_deref()
                .or(op.summary.as_deref())
                .unwrap_or_default()),
            id = esc(&anchor(path)),
        );
        if let Some(params) = op.parameters.as_ref().filter(|p| !p.is_empty()) {
            h.push_str("<table><caption>Parameters</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">In</th><th scope=\"col\">Required</th><th scope=\"col\">Description</th></tr></thead><tbody>");
            for p in params {
                let RefOr::T(p) = p else { continue };
                let place = match p.parameter_in {
                    ParameterIn::Path => "path",
                    ParameterIn::Query | ParameterIn::QueryString => "query",
                    ParameterIn::Header => "header",
                    ParameterIn::Cookie => "cookie",
                };
                let required = matches!(p.required, utoipa::openapi::Required::True);
                let _ = write!(
                    h,
                    "<tr><td><code>{}</code></td><td>{place}</td><td>{}</td><td>{}</td></tr>",
                    esc(&p.name),
                    if required { "yes" } else { "no" },
                    esc(p.description.as_deref().unwrap_or_default())
                );
            }
            h.push_str("</tbody></table>");
        }
        h.push_str("<table><caption>Responses</caption><thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Meaning</th><th scope=\"col\">Body</th></tr></thead><tbody>");
        for (status, resp) in &op.responses.responses {
            let (desc, body) = match resp {
                RefOr::T(r) => (
                    r.description.clone(),
                    r.content
                        .iter()
                        .map(|(ct, c)| match c {
                            RefOr::T(c) => format!(
                                "{ct}{}",
                                c.schema
                                    .as_ref()
                                    .map(|s| format!(": {}", schema_name(s)))
                                    .unwrap_or_default()
                            ),
                            RefOr::Ref(_) => ct.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                RefOr::Ref(r) => (r.ref_location.clone(), String::new()),
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(status),
                esc(&desc),
                esc(&body)
            );
        }
        h.push_str("</tbody></table></section>");
    }
    h.push_str("</main></body></html>");
    h
}

fn anchor(path: &str) -> String {
    path.trim_start_matches('/').replace(['/', '{', '}'], "-")
}
