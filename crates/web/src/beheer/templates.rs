//! A supplier's templates (`/beheer/sjablonen`): its accounts list them, start one, fill in the form
//! generated from the standard (the description form's fields, `edit::groups`), and publish or
//! withdraw it. Who may do what is the register's and the domain's rule; these handlers only ask.

use std::collections::BTreeMap;

use algoreg_register::standard::form::form_values;
use algoreg_register::standard::{Document, StandardVersion, standard};
use algoreg_register::{RegisterError, Session, TemplateView};
use algoreg_site::Lang;
use algoreg_site::views::beheer::{Button, Edit, TemplateList};
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::edit::{FormState, groups, typed};
use super::{
    admin_refused, field, frame, not_found, page, prefixed, require, require_form, see_other,
};
use crate::SharedState;

const PATH: &str = "/beheer/sjablonen";

#[derive(serde::Deserialize, Default)]
pub(super) struct TemplateQuery {
    /// Set after a save: show the problems of what was saved.
    opgeslagen: Option<String>,
    /// Set after publish or withdraw: which one.
    gedaan: Option<String>,
}

/// The supplier of the actor's account, or the "not allowed" page.
async fn provider_of(state: &SharedState, lang: Lang, s: &Session) -> Result<String, Response> {
    match state.register.actor_provider(&s.actor).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(admin_refused(
            state,
            lang,
            s,
            RegisterError::Denied(algoreg_register::domain::Denied::MissingRole {
                needed: vec![algoreg_register::domain::PROVIDER_ROLE.to_owned()],
            }),
        )),
        Err(e) => Err(super::internal(e, lang)),
    }
}

pub(super) async fn list(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let s = match require(&state, &headers, lang, &prefixed(lang, PATH)).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let provider = match provider_of(&state, lang, &s).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let rows = match state.register.my_templates(&s.actor).await {
        Ok(r) => r,
        Err(e) => return super::internal(e, lang),
    };
    let view = TemplateList {
        provider,
        rows: rows
            .into_iter()
            .map(|r| {
                let name = if r.name.trim().is_empty() {
                    t.t("office-untitled").to_owned()
                } else {
                    r.name
                };
                let state = if r.published_at.is_some() {
                    "office-template-published"
                } else {
                    "office-template-unpublished"
                };
                (
                    name,
                    prefixed(lang, &format!("{PATH}/{}", r.id)),
                    t.t(state).to_owned(),
                )
            })
            .collect(),
        frame: frame(
            &state,
            lang,
            PATH,
            t.t("office-templates-title").to_owned(),
            Some(&s),
        ),
    };
    page(StatusCode::OK, &view, lang)
}

/// Renders the form of a template: a new one (`view` none) or an existing one.
#[allow(clippy::too_many_arguments)]
async fn render(
    state: &SharedState,
    lang: Lang,
    s: &Session,
    provider: String,
    view: Option<&TemplateView>,
    fs: FormState<'_>,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let (groups, problems) = groups(&fs, lang, t);
    let (title, path, state_text, buttons, editable) = match view {
        None => (
            t.t("office-templates-new-title").to_owned(),
            format!("{PATH}/nieuw"),
            None,
            Vec::new(),
            true,
        ),
        Some(v) => {
            let published = v.template.published_at.is_some();
            let (action, label) = if published {
                ("withdraw", "office-template-withdraw")
            } else {
                ("publish", "office-template-publish")
            };
            (
                if v.template.name.trim().is_empty() {
                    t.t("office-untitled").to_owned()
                } else {
                    v.template.name.clone()
                },
                format!("{PATH}/{}", v.template.id),
                Some(
                    t.t(if published {
                        "office-template-published"
                    } else {
                        "office-template-unpublished"
                    })
                    .to_owned(),
                ),
                if v.may_edit {
                    vec![Button {
                        action: action.to_owned(),
                        label: t.t(label).to_owned(),
                        reason: None,
                    }]
                } else {
                    Vec::new()
                },
                v.may_edit,
            )
        }
    };
    let notice = notice.or_else(|| (!editable).then(|| t.t("office-read-only").to_owned()));
    let form_path = if view.is_some() {
        path.clone()
    } else {
        PATH.to_owned()
    };
    let edit = Edit {
        title: title.clone(),
        id: None,
        organisation: provider,
        action: prefixed(lang, &form_path),
        base: None,
        org_code: String::new(),
        state: state_text,
        groups,
        problems,
        conflict: false,
        notice,
        editable,
        buttons,
        act_action: prefixed(lang, &format!("{path}/actie")),
        public_href: None,
        preview_href: None,
        frame: frame(state, lang, &path, title, Some(s)),
    };
    page(status, &edit, lang)
}

fn form_state(doc: &Document) -> FormState<'static> {
    let def = standard(StandardVersion::CURRENT);
    FormState {
        def,
        values: form_values(def, doc),
        problems: Vec::new(),
        theirs: BTreeMap::new(),
        extra_row: None,
    }
}

pub(super) async fn new_form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let back = prefixed(lang, &format!("{PATH}/nieuw"));
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let provider = match provider_of(&state, lang, &s).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    let fs = form_state(&Document::new());
    render(&state, lang, &s, provider, None, fs, None, StatusCode::OK).await
}

pub(super) async fn create(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, &format!("{PATH}/nieuw"));
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let provider = match provider_of(&state, lang, &s).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    let def = standard(StandardVersion::CURRENT);
    let (values, doc, _) = typed(def, &pairs);
    if let Some(row) = field(&pairs, "add_row") {
        let fs = FormState {
            def,
            values,
            problems: Vec::new(),
            theirs: BTreeMap::new(),
            extra_row: Some(row),
        };
        return render(&state, lang, &s, provider, None, fs, None, StatusCode::OK).await;
    }
    match state.register.create_template(&s.actor, &doc).await {
        Ok((id, _)) => see_other(&prefixed(lang, &format!("{PATH}/{id}?opgeslagen=1"))),
        Err(e) => admin_refused(&state, lang, &s, e),
    }
}

async fn load(
    state: &SharedState,
    lang: Lang,
    s: &Session,
    id: &str,
) -> Result<(String, TemplateView), Response> {
    let Ok(id) = id.parse::<i64>() else {
        return Err(not_found(lang));
    };
    let provider = provider_of(state, lang, s).await?;
    match state.register.template(&s.actor, id).await {
        Ok(v) => Ok((provider, v)),
        Err(e) => Err(admin_refused(state, lang, s, e)),
    }
}

pub(super) async fn edit_form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<TemplateQuery>,
) -> Response {
    let back = prefixed(lang, &format!("{PATH}/{id}"));
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (_, view) = match load(&state, lang, &s, &id).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let mut fs = form_state(&view.document);
    let notice = match q.gedaan.as_deref() {
        Some("publish") => Some(t.t("office-template-published-now").to_owned()),
        Some("withdraw") => Some(t.t("office-template-withdrawn-now").to_owned()),
        _ if q.opgeslagen.is_some() => {
            fs.problems = view.problems.clone();
            Some(
                t.t(if fs.problems.is_empty() {
                    "office-saved"
                } else {
                    "office-saved-with-problems"
                })
                .to_owned(),
            )
        }
        _ => None,
    };
    let provider = view.template.provider.clone();
    render(
        &state,
        lang,
        &s,
        provider,
        Some(&view),
        fs,
        notice,
        StatusCode::OK,
    )
    .await
}

pub(super) async fn save(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, &format!("{PATH}/{id}"));
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (_, view) = match load(&state, lang, &s, &id).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let def = standard(StandardVersion::CURRENT);
    let (values, doc, problems) = typed(def, &pairs);
    let provider = view.template.provider.clone();
    if let Some(row) = field(&pairs, "add_row") {
        let fs = FormState {
            def,
            values,
            problems: Vec::new(),
            theirs: BTreeMap::new(),
            extra_row: Some(row),
        };
        return render(
            &state,
            lang,
            &s,
            provider,
            Some(&view),
            fs,
            None,
            StatusCode::OK,
        )
        .await;
    }
    let id = view.template.id;
    match state.register.save_template(&s.actor, id, &doc).await {
        Ok(_) => see_other(&prefixed(lang, &format!("{PATH}/{id}?opgeslagen=1"))),
        Err(RegisterError::Invalid(more)) => {
            let t = algoreg_site::i18n::tr(lang);
            let fs = FormState {
                def,
                values,
                problems: problems.into_iter().chain(more).collect(),
                theirs: BTreeMap::new(),
                extra_row: None,
            };
            render(
                &state,
                lang,
                &s,
                provider,
                Some(&view),
                fs,
                Some(t.t("office-template-publish-needs").to_owned()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => admin_refused(&state, lang, &s, e),
    }
}

pub(super) async fn act(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, &format!("{PATH}/{id}"));
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (_, view) = match load(&state, lang, &s, &id).await {
        Ok(v) => v,
        Err(res) => return res,
    };
    let id = view.template.id;
    let action = field(&pairs, "action").unwrap_or("");
    let done = match action {
        "publish" => state.register.publish_template(&s.actor, id).await,
        "withdraw" => state.register.withdraw_template(&s.actor, id).await,
        _ => return not_found(lang),
    };
    match done {
        Ok(()) => see_other(&prefixed(lang, &format!("{PATH}/{id}?gedaan={action}"))),
        Err(RegisterError::Invalid(problems)) => {
            let t = algoreg_site::i18n::tr(lang);
            let mut fs = form_state(&view.document);
            fs.problems = problems;
            let provider = view.template.provider.clone();
            render(
                &state,
                lang,
                &s,
                provider,
                Some(&view),
                fs,
                Some(t.t("office-template-publish-needs").to_owned()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => admin_refused(&state, lang, &s, e),
    }
}
