//! The description form, generated from the standard, and the workflow buttons.
//!
//! Saving always keeps what was typed, valid or not (a draft may be incomplete); the problems come back
//! at the top of the form, each linking to its field, and beside each field. When someone else saved
//! first, nothing is overwritten: the form comes back with what was typed and, beside each field that
//! differs, what the other person saved.

use std::collections::BTreeMap;

use algoreg_register::domain::{Action, AlgorithmId};
use algoreg_register::standard::form::{FormValue, document_from_form, form_values};
use algoreg_register::standard::{
    Document, FieldKind, Problem, StandardDef, StandardVersion, check, standard, text_len,
};
use algoreg_register::{DescriptionView, Register, RegisterError, Session};
use algoreg_site::Lang;
use algoreg_site::i18n::Tr;
use algoreg_site::views::beheer::{Button, Edit, Field, Group, Listed, Option_};
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{field, frame, not_found, page, prefixed, require, require_form, see_other};
use crate::SharedState;

#[derive(serde::Deserialize, Default)]
pub(super) struct EditQuery {
    org: Option<String>,
    /// Set after a save: show the problems of what was saved.
    opgeslagen: Option<String>,
    /// Set after a workflow action: which one was done.
    gedaan: Option<String>,
    /// Set after an older version was used as the new draft: its number.
    hersteld: Option<String>,
    /// Set after a copy was made.
    kopie: Option<String>,
    /// Set after a description was started from a template.
    sjabloon: Option<String>,
}

/// Everything a form page needs besides the frame.
pub(super) struct FormState<'a> {
    pub(super) def: &'static StandardDef,
    pub(super) values: BTreeMap<String, FormValue>,
    pub(super) problems: Vec<Problem>,
    /// What someone else saved, per field, where it differs from `values`.
    pub(super) theirs: BTreeMap<String, String>,
    /// A link group that gets one more empty row.
    pub(super) extra_row: Option<&'a str>,
}

fn control(f: &algoreg_register::standard::FieldDef) -> &'static str {
    match f.kind {
        FieldKind::RichText => "rich",
        FieldKind::LongText => "long",
        FieldKind::Url => "url",
        FieldKind::Enum => "select",
        FieldKind::EnumList => "checkboxes",
        FieldKind::TextList => "lines",
        FieldKind::Month => "month",
        FieldKind::LinkGroup => "links",
        FieldKind::Text if f.max_len.is_some_and(|m| m > 200) => "long",
        _ => "text",
    }
}

fn shown(v: &FormValue) -> String {
    match v {
        FormValue::Text(s) => s.clone(),
        FormValue::List(items) => items.join(", "),
        FormValue::Links(rows) => rows
            .iter()
            .map(|r| format!("{} ({})", r.title, r.link))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

pub(super) fn groups(fs: &FormState<'_>, lang: Lang, t: &Tr) -> (Vec<Group>, Vec<Listed>) {
    let mut listed = Vec::new();
    let groups = fs
        .def
        .groups
        .iter()
        .map(|g| Group {
            key: g.key.clone(),
            label: g.label.get(lang).to_owned(),
            fields: fs
                .def
                .fields_in_group(&g.key)
                .filter(|f| !f.is_system() && f.key != "standard_version")
                .map(|f| {
                    let value = fs
                        .values
                        .get(&f.key)
                        .cloned()
                        .unwrap_or(FormValue::Text(String::new()));
                    let problems: Vec<String> = fs
                        .problems
                        .iter()
                        .filter(|p| p.field_key() == f.key)
                        .map(|p| p.message(lang))
                        .collect();
                    for m in &problems {
                        listed.push(Listed {
                            key: f.key.clone(),
                            label: f.label.get(lang).to_owned(),
                            message: m.clone(),
                        });
                    }
                    let mut links: Vec<(String, String)> = match &value {
                        FormValue::Links(rows) => rows
                            .iter()
                            .map(|r| (r.title.clone(), r.link.clone()))
                            .collect(),
                        _ => Vec::new(),
                    };
                    if f.kind == FieldKind::LinkGroup {
                        // Always one empty row to fill in; one more when asked for.
                        links.push(Default::default());
                        if fs.extra_row == Some(f.key.as_str()) {
                            links.push(Default::default());
                        }
                    }
                    Field {
                        key: f.key.clone(),
                        label: f.label.get(lang).to_owned(),
                        help: f.help.get(lang).to_owned(),
                        example: f.example.get(lang).to_owned(),
                        required: f.required,
                        always_shown: f.always_shown,
                        control: control(f),
                        value: value.text().to_owned(),
                        options: f
                            .allowed
                            .iter()
                            .map(|a| Option_ {
                                value: a.clone(),
                                label: t.value(a).to_owned(),
                                selected: value.has(a),
                            })
                            .collect(),
                        links,
                        suggestions: algoreg_register::standard::title_suggestions(
                            fs.def.version,
                            &f.key,
                        )
                        .into_iter()
                        .map(str::to_owned)
                        .collect(),
                        max_len: f.max_len,
                        len: text_len(value.text()),
                        problems,
                        theirs: fs.theirs.get(&f.key).cloned(),
                    }
                })
                .collect(),
        })
        .collect();
    (groups, listed)
}

/// What a posted form becomes: the form's values as typed (to show again), and the document as the
/// register will store it with its problems.
pub(super) fn typed(
    def: &'static StandardDef,
    pairs: &[(String, String)],
) -> (BTreeMap<String, FormValue>, Document, Vec<Problem>) {
    let raw = document_from_form(def, pairs);
    let (doc, problems) = check(def.version, &raw);
    (form_values(def, &raw), doc, problems)
}

fn def_of(view: &DescriptionView) -> &'static StandardDef {
    let v = view
        .newest()
        .and_then(|h| StandardVersion::parse(&h.columns.standard_version))
        .unwrap_or(StandardVersion::CURRENT);
    standard(v)
}

fn head_doc(view: &DescriptionView) -> Document {
    view.newest()
        .and_then(|h| serde_json::from_str(&h.document).ok())
        .unwrap_or_default()
}

async fn org_name(reg: &Register, code: &str) -> String {
    reg.organisation(code)
        .await
        .map_or_else(|_| code.to_owned(), |o| o.name)
}

/// Renders the form page of a new description (no ID yet).
async fn render_new(
    state: &SharedState,
    lang: Lang,
    s: &Session,
    org: &str,
    fs: FormState<'_>,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let (groups, problems) = groups(&fs, lang, t);
    let path = format!("/beheer/algoritme/nieuw?org={org}");
    let view = Edit {
        title: t.t("office-new-title").to_owned(),
        id: None,
        organisation: org_name(&state.register, org).await,
        action: prefixed(lang, "/beheer/algoritme/nieuw"),
        base: None,
        org_code: org.to_owned(),
        state: None,
        groups,
        problems,
        conflict: false,
        notice: None,
        editable: true,
        buttons: Vec::new(),
        act_action: String::new(),
        public_href: None,
        preview_href: None,
        frame: frame(
            state,
            lang,
            &path,
            t.t("office-new-title").to_owned(),
            Some(s),
        ),
    };
    page(status, &view, lang)
}

pub(super) async fn new_form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(q): Query<EditQuery>,
) -> Response {
    let org = q.org.unwrap_or_default();
    let back = prefixed(lang, &format!("/beheer/algoritme/nieuw?org={org}"));
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    match state.register.may_create(&s.actor, &org).await {
        Ok(true) => {}
        Ok(false) | Err(RegisterError::UnknownOrganisation(_) | RegisterError::NotFound) => {
            return not_found(lang);
        }
        Err(e) => return super::internal(e, lang),
    }
    let def = standard(StandardVersion::CURRENT);
    let fs = FormState {
        def,
        values: form_values(def, &Document::new()),
        problems: Vec::new(),
        theirs: BTreeMap::new(),
        extra_row: None,
    };
    render_new(&state, lang, &s, &org, fs, StatusCode::OK).await
}

pub(super) async fn create(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let org = field(&pairs, "org").unwrap_or("").to_owned();
    let back = prefixed(lang, &format!("/beheer/algoritme/nieuw?org={org}"));
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let def = standard(StandardVersion::CURRENT);
    let (typed_values, doc, problems) = typed(def, &pairs);
    if let Some(row) = field(&pairs, "add_row") {
        let fs = FormState {
            def,
            values: typed_values,
            problems: Vec::new(),
            theirs: BTreeMap::new(),
            extra_row: Some(row),
        };
        return render_new(&state, lang, &s, &org, fs, StatusCode::OK).await;
    }
    match state.register.create(&s.actor, &org, &doc).await {
        Ok(saved) => see_other(&prefixed(
            lang,
            &format!("/beheer/algoritme/{}?opgeslagen=1", saved.id),
        )),
        Err(RegisterError::NotFound | RegisterError::UnknownOrganisation(_)) => not_found(lang),
        Err(RegisterError::Denied(_)) => not_found(lang),
        Err(RegisterError::Invalid(more)) => {
            let fs = FormState {
                def,
                values: typed_values,
                problems: problems.into_iter().chain(more).collect(),
                theirs: BTreeMap::new(),
                extra_row: None,
            };
            render_new(&state, lang, &s, &org, fs, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => super::internal(e, lang),
    }
}

/// Renders the page of an existing description: its state, the workflow buttons, the form.
#[allow(clippy::too_many_arguments)]
async fn render_edit(
    state: &SharedState,
    lang: Lang,
    s: &Session,
    view: &DescriptionView,
    fs: FormState<'_>,
    notice: Option<String>,
    conflict: bool,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let id = view.description.id;
    let actions = match state.register.possible_actions(&s.actor, id).await {
        Ok(a) => a,
        Err(e) => return super::internal(e, lang),
    };
    let head = view.newest();
    let name = head.map(|h| h.columns.name.clone()).unwrap_or_default();
    let title = if name.trim().is_empty() {
        t.t("office-untitled").to_owned()
    } else {
        name.clone()
    };
    let (groups, problems) = groups(&fs, lang, t);
    let buttons = actions
        .iter()
        .filter(|a| **a != Action::SaveDraft)
        .map(|a| Button {
            action: a.as_str().to_owned(),
            label: t.t(&format!("office-action-{}", a.as_str())).to_owned(),
            reason: match a {
                Action::Reject | Action::Retract => Some(true),
                Action::Archive => Some(false),
                _ => None,
            },
        })
        .collect();
    let mut notice = notice;
    if let Some(h) = head
        && h.state == algoreg_register::domain::VersionState::Rejected
        && let Some(reason) = &h.state_reason
        && notice.is_none()
    {
        notice = Some(format!("{}: {reason}", t.t("office-status-rejected")));
    }
    if actions.is_empty() && notice.is_none() {
        // Someone who may read but not act (a supervisor): say so, and where the whole text is.
        notice = Some(t.t("office-read-only").to_owned());
    }
    let path = format!("/beheer/algoritme/{id}");
    let edit = Edit {
        title: title.clone(),
        id: Some(id.to_string()),
        organisation: view.organisation.name.clone(),
        action: prefixed(lang, &path),
        base: Some(view.description.head_n),
        org_code: view.organisation.code.to_string(),
        state: Some(
            t.t(&format!("office-status-{}", view.status.as_str()))
                .to_owned(),
        ),
        groups,
        problems,
        conflict,
        notice,
        editable: actions.contains(&Action::SaveDraft),
        buttons,
        act_action: prefixed(lang, &format!("{path}/actie")),
        public_href: view.description.published_n.map(|_| {
            prefixed(
                lang,
                &crate::urls::algorithm(
                    "",
                    &id.to_string(),
                    &view
                        .published()
                        .map_or(name.clone(), |p| p.columns.name.clone()),
                ),
            )
        }),
        preview_href: Some(prefixed(lang, &format!("{path}/voorbeeld"))),
        frame: frame(state, lang, &path, title, Some(s)),
    };
    page(status, &edit, lang)
}

async fn load(
    state: &SharedState,
    s: &Session,
    id: &str,
    lang: Lang,
) -> Result<DescriptionView, Response> {
    let id = AlgorithmId::parse(id).map_err(|_| not_found(lang))?;
    match state.register.get(Some(&s.actor), id).await {
        // Members see every version; an outsider sees only public history, and may not edit here.
        Ok(v) if s.actor.may_read_internal(&v.organisation.code) => Ok(v),
        Ok(_) | Err(RegisterError::NotFound | RegisterError::InvalidId(_)) => Err(not_found(lang)),
        Err(e) => Err(super::internal(e, lang)),
    }
}

pub(super) async fn edit_form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<EditQuery>,
) -> Response {
    let back = prefixed(lang, &format!("/beheer/algoritme/{id}"));
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let view = match load(&state, &s, &id, lang).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let def = def_of(&view);
    let doc = head_doc(&view);
    let t = algoreg_site::i18n::tr(lang);
    let saved = q.opgeslagen.is_some();
    let problems = if saved {
        algoreg_register::standard::validate(def.version, &doc)
    } else {
        Vec::new()
    };
    let restored = q.hersteld.as_deref().and_then(|n| n.parse::<i64>().ok());
    let notice = if let Some(done) = q.gedaan.as_deref().and_then(Action::parse) {
        Some(t.t(&format!("office-done-{}", done.as_str())).to_owned())
    } else if let Some(n) = restored {
        Some(t.f("office-restored", &[("number", &n)]))
    } else if q.kopie.is_some() {
        Some(t.t("office-copied").to_owned())
    } else if q.sjabloon.is_some() {
        Some(t.t("office-from-template-done").to_owned())
    } else if saved {
        Some(
            t.t(if problems.is_empty() {
                "office-saved"
            } else {
                "office-saved-with-problems"
            })
            .to_owned(),
        )
    } else {
        None
    };
    let fs = FormState {
        def,
        values: form_values(def, &doc),
        problems,
        theirs: BTreeMap::new(),
        extra_row: None,
    };
    render_edit(&state, lang, &s, &view, fs, notice, false, StatusCode::OK).await
}

pub(super) async fn save(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, &format!("/beheer/algoritme/{id}"));
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let view = match load(&state, &s, &id, lang).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let def = def_of(&view);
    let (typed_values, doc, problems) = typed(def, &pairs);
    if let Some(row) = field(&pairs, "add_row") {
        let fs = FormState {
            def,
            values: typed_values,
            problems: Vec::new(),
            theirs: BTreeMap::new(),
            extra_row: Some(row),
        };
        return render_edit(&state, lang, &s, &view, fs, None, false, StatusCode::OK).await;
    }
    let base = field(&pairs, "base")
        .and_then(|b| b.parse::<i64>().ok())
        .unwrap_or(view.description.head_n);
    let id_parsed = view.description.id;
    match state
        .register
        .save_draft(&s.actor, id_parsed, base, &doc)
        .await
    {
        Ok(_) => see_other(&prefixed(
            lang,
            &format!("/beheer/algoritme/{id_parsed}?opgeslagen=1"),
        )),
        Err(RegisterError::Conflict { .. }) => {
            // Someone else saved first: keep what was typed, show theirs beside it.
            let current = match load(&state, &s, &id, lang).await {
                Ok(v) => v,
                Err(res) => return res,
            };
            let theirs_values = form_values(def, &head_doc(&current));
            let mine = form_values(def, &doc);
            let theirs = theirs_values
                .iter()
                .filter(|(k, v)| mine.get(*k) != Some(*v))
                .map(|(k, v)| (k.clone(), shown(v)))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            let fs = FormState {
                def,
                values: typed_values,
                problems,
                theirs,
                extra_row: None,
            };
            render_edit(
                &state,
                lang,
                &s,
                &current,
                fs,
                None,
                true,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(RegisterError::Denied(_)) => {
            let t = algoreg_site::i18n::tr(lang);
            let fs = FormState {
                def,
                values: typed_values,
                problems,
                theirs: BTreeMap::new(),
                extra_row: None,
            };
            render_edit(
                &state,
                lang,
                &s,
                &view,
                fs,
                Some(t.t("office-denied-now").to_owned()),
                false,
                StatusCode::FORBIDDEN,
            )
            .await
        }
        Err(RegisterError::Invalid(more)) => {
            let fs = FormState {
                def,
                values: typed_values,
                problems: problems.into_iter().chain(more).collect(),
                theirs: BTreeMap::new(),
                extra_row: None,
            };
            render_edit(
                &state,
                lang,
                &s,
                &view,
                fs,
                None,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(RegisterError::NotFound) => not_found(lang),
        Err(e) => super::internal(e, lang),
    }
}

pub(super) async fn act(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, &format!("/beheer/algoritme/{id}"));
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let view = match load(&state, &s, &id, lang).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let id = view.description.id;
    let reason = field(&pairs, "reason").unwrap_or("");
    let reg = &state.register;
    let Some(action) = field(&pairs, "action").and_then(Action::parse) else {
        return (StatusCode::BAD_REQUEST, "action?").into_response();
    };
    let head = Some(view.description.head_n);
    let done = match action {
        Action::Submit => reg.submit(&s.actor, id, head).await,
        Action::Publish => reg.publish(&s.actor, id, head).await,
        Action::Reject => reg.reject(&s.actor, id, head, reason).await,
        Action::Retract => reg.retract(&s.actor, id, reason).await,
        Action::Archive => reg.archive(&s.actor, id, reason).await,
        Action::SaveDraft => return (StatusCode::BAD_REQUEST, "action?").into_response(),
    };
    let t = algoreg_site::i18n::tr(lang);
    let def = def_of(&view);
    let doc = head_doc(&view);
    let again = |problems: Vec<Problem>| FormState {
        def,
        values: form_values(def, &doc),
        problems,
        theirs: BTreeMap::new(),
        extra_row: None,
    };
    match done {
        Ok(()) => see_other(&prefixed(
            lang,
            &format!("/beheer/algoritme/{id}?gedaan={}", action.as_str()),
        )),
        Err(RegisterError::Invalid(problems)) => {
            let reason_problem = problems.iter().any(|p| p.path == "reason");
            let notice = if reason_problem {
                problems
                    .iter()
                    .map(|p| format!("{}: {}", t.t("office-reason"), p.message(lang)))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                t.t("office-not-valid").to_owned()
            };
            let shown = if reason_problem { Vec::new() } else { problems };
            render_edit(
                &state,
                lang,
                &s,
                &view,
                again(shown),
                Some(notice),
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(RegisterError::Denied(d)) => {
            tracing::info!(reason = %d, "back-office action refused");
            render_edit(
                &state,
                lang,
                &s,
                &view,
                again(Vec::new()),
                Some(t.t("office-denied-now").to_owned()),
                false,
                StatusCode::FORBIDDEN,
            )
            .await
        }
        Err(RegisterError::Conflict { .. }) => {
            see_other(&prefixed(lang, &format!("/beheer/algoritme/{id}")))
        }
        Err(RegisterError::NotFound) => not_found(lang),
        Err(e) => super::internal(e, lang),
    }
}

/// The newest version exactly as the public page will show it once published. Never cached, never
/// indexed.
pub(super) async fn preview(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let back = prefixed(lang, &format!("/beheer/algoritme/{id}/voorbeeld"));
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let Ok(id) = AlgorithmId::parse(&id) else {
        return not_found(lang);
    };
    let d = match state.register.preview(&s.actor, id).await {
        Ok(d) => d,
        Err(RegisterError::NotFound) => return not_found(lang),
        Err(e) => return super::internal(e, lang),
    };
    let path = format!("/beheer/algoritme/{id}/voorbeeld");
    let mut res = crate::site::description::description_page(
        &state,
        lang,
        &HeaderMap::new(),
        &d,
        path,
        Vec::new(),
    );
    let h = res.headers_mut();
    h.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    h.insert(
        "x-robots-tag",
        axum::http::HeaderValue::from_static("noindex"),
    );
    res
}
