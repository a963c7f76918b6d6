//! Organisations (`/beheer/organisaties`, platform admins): the list with filters, each one's flow and
//! public page, adding one from the national lists or a new one; and an organisation's profile
//! (`/beheer/profiel`, its admins and platform admins): about text, contact link, public page.

use algoreg_register::domain::{
    AdminAction, OrgType, PlatformAction, PublicationFlow, authorize_platform,
};
use algoreg_register::{MAX_ABOUT_LEN, NewOrganisation, RegisterError, Session};
use algoreg_site::Lang;
use algoreg_site::views::admin::{OrgView, Organisations, Profile};
use algoreg_site::views::beheer::Option_;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{
    admin_refused, chosen_org, field, frame, other_orgs, page, prefixed, require, require_form,
};
use crate::SharedState;

/// Organisations shown at most; a search narrows the list.
const MAX_ROWS: usize = 100;

#[derive(serde::Deserialize, Default)]
pub(super) struct OrgFilter {
    q: Option<String>,
    soort: Option<String>,
}

#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    problems: Vec<String>,
    name: String,
    code: String,
    org_type: Option<OrgType>,
}

async fn render(
    state: &SharedState,
    lang: Lang,
    s: &Session,
    f: &OrgFilter,
    out: Outcome,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let missing = match state
        .register
        .missing_national_organisations(&s.actor)
        .await
    {
        Ok(m) => m,
        Err(e) => return admin_refused(state, lang, s, e),
    };
    let all = match state.register.organisations().await {
        Ok(o) => o,
        Err(e) => return super::internal(e, lang),
    };
    let q = f.q.as_deref().unwrap_or("").trim().to_lowercase();
    let kind = f.soort.as_deref().and_then(OrgType::parse);
    let matching: Vec<_> = all
        .iter()
        .filter(|o| kind.is_none_or(|k| o.org_type == k))
        .filter(|o| {
            q.is_empty() || o.name.to_lowercase().contains(&q) || o.code.as_str().contains(&q)
        })
        .collect();
    let type_options = |selected: Option<OrgType>| -> Vec<Option_> {
        let mut v: Vec<Option_> = OrgType::ALL
            .iter()
            .map(|ty| Option_ {
                value: ty.as_str().to_owned(),
                label: t.value(ty.as_str()).to_owned(),
                selected: selected == Some(*ty),
            })
            .collect();
        v.sort_by(|a, b| a.label.cmp(&b.label));
        v
    };
    let view = Organisations {
        q: f.q.clone().unwrap_or_default(),
        types: type_options(kind),
        count: t.count("office-orgs-count", matching.len() as u64),
        more: matching.len() > MAX_ROWS,
        rows: matching
            .iter()
            .take(MAX_ROWS)
            .map(|o| OrgView {
                code: o.code.to_string(),
                name: o.name.clone(),
                kind: t.value(o.org_type.as_str()).to_owned(),
                flows: PublicationFlow::ALL
                    .iter()
                    .map(|fl| Option_ {
                        value: fl.as_str().to_owned(),
                        label: t.t(&format!("office-flow-{}", fl.as_str())).to_owned(),
                        selected: o.flow == *fl,
                    })
                    .collect(),
                public_page: o.public_page,
                users_href: prefixed(lang, &format!("/beheer/gebruikers?org={}", o.code)),
                profile_href: prefixed(lang, &format!("/beheer/profiel?org={}", o.code)),
                log_href: prefixed(lang, &format!("/beheer/logboek?org={}", o.code)),
            })
            .collect(),
        missing: missing
            .iter()
            .map(|o| Option_ {
                value: o.code.to_string(),
                label: format!("{} ({})", o.name, o.code),
                selected: false,
            })
            .collect(),
        new_name: out.name,
        new_code: out.code,
        new_types: type_options(out.org_type),
        problems: out.problems,
        notice: out.notice,
        action: prefixed(lang, "/beheer/organisaties"),
        frame: frame(
            state,
            lang,
            "/beheer/organisaties",
            t.t("office-orgs-title").to_owned(),
            Some(s),
        ),
    };
    page(status, &view, lang)
}

pub(super) async fn list(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(f): Query<OrgFilter>,
) -> Response {
    let back = prefixed(lang, "/beheer/organisaties");
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    render(&state, lang, &s, &f, Outcome::default(), StatusCode::OK).await
}

pub(super) async fn manage(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, "/beheer/organisaties");
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let f = OrgFilter::default();
    let reg = &state.register;
    match field(&pairs, "op") {
        Some("settings") => {
            let org = field(&pairs, "org").unwrap_or("");
            let Some(flow) = field(&pairs, "flow").and_then(PublicationFlow::parse) else {
                return (StatusCode::BAD_REQUEST, "flow?").into_response();
            };
            let public = field(&pairs, "public_page").is_some();
            match reg.set_org_settings(&s.actor, org, flow, public).await {
                Ok(o) => {
                    let out = Outcome {
                        notice: Some(format!("{} {}", o.name, t.t("office-orgs-saved"))),
                        ..Default::default()
                    };
                    let f = OrgFilter {
                        q: Some(o.code.to_string()),
                        soort: None,
                    };
                    render(&state, lang, &s, &f, out, StatusCode::OK).await
                }
                Err(e) => admin_refused(&state, lang, &s, e),
            }
        }
        Some("create") => {
            let new = NewOrganisation {
                code: field(&pairs, "code").unwrap_or("").trim().to_owned(),
                name: field(&pairs, "name").unwrap_or("").trim().to_owned(),
                org_type: field(&pairs, "org_type").and_then(OrgType::parse),
            };
            match reg.create_organisation(&s.actor, &new).await {
                Ok(o) => {
                    let out = Outcome {
                        notice: Some(t.t("office-orgs-created").to_owned()),
                        ..Default::default()
                    };
                    let f = OrgFilter {
                        q: Some(o.code.to_string()),
                        soort: None,
                    };
                    render(&state, lang, &s, &f, out, StatusCode::OK).await
                }
                Err(RegisterError::Invalid(ps)) => {
                    let problems = ps
                        .iter()
                        .map(|p| match (p.path.as_str(), &p.kind) {
                            ("code", algoreg_register::standard::ProblemKind::Duplicate) => {
                                t.t("office-orgs-duplicate").to_owned()
                            }
                            ("code", _) => t.t("office-orgs-bad-code").to_owned(),
                            (path, _) => format!(
                                "{}: {}",
                                t.t(if path == "name" {
                                    "office-col-name"
                                } else {
                                    "office-orgs-type"
                                }),
                                p.message(lang)
                            ),
                        })
                        .collect();
                    let out = Outcome {
                        problems,
                        name: new.name,
                        code: new.code,
                        org_type: new.org_type,
                        ..Default::default()
                    };
                    render(&state, lang, &s, &f, out, StatusCode::UNPROCESSABLE_ENTITY).await
                }
                Err(e) => admin_refused(&state, lang, &s, e),
            }
        }
        _ => (StatusCode::BAD_REQUEST, "op?").into_response(),
    }
}

#[derive(serde::Deserialize, Default)]
pub(super) struct OrgParam {
    org: Option<String>,
}

/// What the profile form shows: the values (as typed, after a failed save), problems, a notice.
struct ProfileForm {
    about: String,
    contact: String,
    public_page: bool,
    problems: Vec<(String, String)>,
    notice: Option<String>,
}

async fn render_profile(
    state: &SharedState,
    lang: Lang,
    s: &Session,
    org: &algoreg_register::domain::Organisation,
    form: ProfileForm,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let code = org.code.to_string();
    let path = format!("/beheer/profiel?org={code}");
    let view = Profile {
        other_orgs: other_orgs(
            state,
            lang,
            &s.actor,
            &code,
            AdminAction::EditProfile,
            "/beheer/profiel",
        )
        .await,
        about: form.about,
        about_max: MAX_ABOUT_LEN,
        contact: form.contact,
        public_page: form.public_page,
        public_href: prefixed(lang, &format!("/organisatie/{code}")),
        problems: form.problems,
        notice: form.notice,
        action: prefixed(lang, "/beheer/profiel"),
        org: (code, org.name.clone()),
        frame: frame(
            state,
            lang,
            &path,
            t.t("office-profile-title").to_owned(),
            Some(s),
        ),
    };
    page(status, &view, lang)
}

/// The organisation whose profile this user may change, or the answer that they may not.
async fn profile_org(
    state: &SharedState,
    lang: Lang,
    s: &Session,
    asked: Option<&str>,
) -> Result<algoreg_register::domain::Organisation, Response> {
    let Some(code) = chosen_org(&s.actor, asked, AdminAction::EditProfile) else {
        if authorize_platform(&s.actor, PlatformAction::ManageOrganisations).is_ok() {
            return Err(super::see_other(&prefixed(lang, "/beheer/organisaties")));
        }
        return Err(admin_refused(
            state,
            lang,
            s,
            RegisterError::Denied(algoreg_register::domain::Denied::MissingRole {
                needed: vec!["org-admin".into()],
            }),
        ));
    };
    // Asks the domain through the register without changing anything: may this user edit it?
    let code =
        algoreg_register::domain::OrgCode::parse(&code).map_err(|_| super::not_found(lang))?;
    if let Err(d) =
        algoreg_register::domain::authorize_admin(&s.actor, AdminAction::EditProfile, &code)
    {
        let e = match d {
            algoreg_register::domain::Denied::NotMember => RegisterError::NotFound,
            other => RegisterError::Denied(other),
        };
        return Err(admin_refused(state, lang, s, e));
    }
    state
        .register
        .organisation(code.as_str())
        .await
        .map_err(|e| admin_refused(state, lang, s, e))
}

pub(super) async fn profile(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(q): Query<OrgParam>,
) -> Response {
    let back = prefixed(lang, "/beheer/profiel");
    let s = match require(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let org = match profile_org(&state, lang, &s, q.org.as_deref()).await {
        Ok(o) => o,
        Err(res) => return res,
    };
    let form = ProfileForm {
        about: org.about.clone(),
        contact: org.contact.clone(),
        public_page: org.public_page,
        problems: Vec::new(),
        notice: None,
    };
    render_profile(&state, lang, &s, &org, form, StatusCode::OK).await
}

pub(super) async fn save_profile(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, "/beheer/profiel");
    let s = match require_form(&state, &headers, lang, &back, &pairs).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let t = algoreg_site::i18n::tr(lang);
    let org = field(&pairs, "org").unwrap_or("");
    let about = field(&pairs, "about").unwrap_or("");
    let contact = field(&pairs, "contact").unwrap_or("");
    let public = field(&pairs, "public_page").is_some();
    match state
        .register
        .update_profile(&s.actor, org, about, contact, public)
        .await
    {
        Ok(o) => {
            let form = ProfileForm {
                about: o.about.clone(),
                contact: o.contact.clone(),
                public_page: o.public_page,
                problems: Vec::new(),
                notice: Some(t.t("office-profile-saved").to_owned()),
            };
            render_profile(&state, lang, &s, &o, form, StatusCode::OK).await
        }
        Err(RegisterError::Invalid(ps)) => {
            let o = match state.register.organisation(org).await {
                Ok(o) => o,
                Err(e) => return admin_refused(&state, lang, &s, e),
            };
            let form = ProfileForm {
                about: about.to_owned(),
                contact: contact.to_owned(),
                public_page: public,
                problems: ps
                    .iter()
                    .map(|p| {
                        let (id, label) = if p.path == "about" {
                            ("about", "office-profile-about")
                        } else {
                            ("contact", "office-profile-contact")
                        };
                        (
                            id.to_owned(),
                            format!("{}: {}", t.t(label), p.message(lang)),
                        )
                    })
                    .collect(),
                notice: None,
            };
            render_profile(&state, lang, &s, &o, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => admin_refused(&state, lang, &s, e),
    }
}
