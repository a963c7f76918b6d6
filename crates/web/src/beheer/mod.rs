//! The back-office at `/beheer` (Dutch) and `/en/beheer` (English): logging in, the dashboard, the
//! description form generated from the standard, and the workflow buttons. Server-rendered, usable
//! without JavaScript. Handlers are thin: every rule (who may do what, validation, four eyes) is the
//! register's and the domain's; this module only reads forms, checks the session and its CSRF token,
//! and renders.
//!
//! Sessions: a random secret in the cookie `algoreg_session` (`HttpOnly`, `SameSite=Lax`, `Secure`
//! when the public URL is https), stored in the database as a hash; a new secret at every login. Every
//! form carries the session's CSRF token; the login form carries a token from a short cookie of its own.

mod accounts;
mod clients;
mod copy;
mod dashboard;
mod edit;
mod history;
mod links;
mod log;
mod oidc;
mod orgs;
mod outbox;
mod security;
mod templates;
mod twofactor;
mod users;

use algoreg_register::{LoggedIn, LoginStep, RegisterError, Session, same_secret};
use algoreg_site::views::beheer::Frame;
use algoreg_site::{Lang, Page};
use askama::Template;
use axum::extract::{Form, FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};

use crate::SharedState;

/// The cookie that carries the session's secret.
const SESSION_COOKIE: &str = "algoreg_session";
/// The cookie that carries the login form's CSRF token.
const LOGIN_COOKIE: &str = "algoreg_login";
/// The cookie that names a login waiting for its one-time code (a random secret; the database keeps
/// its hash). It gives no access: only the code step reads it.
const CODE_COOKIE: &str = "algoreg_code";

fn pages(prefix: &str) -> Router<SharedState> {
    let p = |path: &str| format!("{prefix}/beheer{path}");
    Router::new()
        .route(&p(""), get(dashboard::dashboard))
        .route(&p("/inloggen"), get(login_form).post(login))
        .route(&p("/inloggen/oidc/{provider}"), get(oidc::start))
        .route(&p("/inloggen/oidc/{provider}/terug"), get(oidc::back))
        .route(
            &p("/inloggen/code"),
            get(twofactor::code_form).post(twofactor::code),
        )
        .route(
            &p("/tweestapsverificatie"),
            get(twofactor::settings).post(twofactor::change),
        )
        .route(&p("/beveiliging"), get(security::show).post(security::save))
        .route(&p("/uitloggen"), post(logout))
        .route(&p("/koppelingen"), get(clients::list).post(clients::manage))
        .route(&p("/gebruikers"), get(users::list).post(users::manage))
        .route(&p("/personen"), get(accounts::list).post(accounts::manage))
        .route(
            &p("/uitnodiging/{secret}"),
            get(links::invitation_form).post(links::accept_invitation),
        )
        .route(
            &p("/wachtwoord/{secret}"),
            get(links::reset_form).post(links::reset_password),
        )
        .route(&p("/organisaties"), get(orgs::list).post(orgs::manage))
        .route(&p("/profiel"), get(orgs::profile).post(orgs::save_profile))
        .route(&p("/logboek"), get(log::log))
        .route(&p("/toezicht"), get(log::oversight))
        .route(
            &p("/algoritme/nieuw"),
            get(edit::new_form).post(edit::create),
        )
        .route(&p("/algoritme/{id}"), get(edit::edit_form).post(edit::save))
        .route(&p("/algoritme/{id}/actie"), post(edit::act))
        .route(&p("/algoritme/{id}/voorbeeld"), get(edit::preview))
        .route(&p("/algoritme/{id}/geschiedenis"), get(history::history))
        .route(&p("/berichten"), get(outbox::outbox))
        .route(&p("/algoritme/{id}/herstel"), post(history::restore))
        .route(&p("/algoritme/kopie"), get(copy::form).post(copy::create))
        .route(
            &p("/algoritme/sjabloon"),
            get(copy::template_form).post(copy::create_from_template),
        )
        .route(
            &p("/sjablonen"),
            get(templates::list).post(templates::create),
        )
        .route(&p("/sjablonen/nieuw"), get(templates::new_form))
        .route(
            &p("/sjablonen/{id}"),
            get(templates::edit_form).post(templates::save),
        )
        .route(&p("/sjablonen/{id}/actie"), post(templates::act))
}

/// The back-office's routes in Dutch and English.
pub fn router(state: SharedState) -> Router {
    Router::new()
        .merge(pages("").layer(Extension(Lang::Nl)))
        .merge(pages("/en").layer(Extension(Lang::En)))
        .with_state(state)
}

/// The value of cookie `name`, if the request has it.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, path `/`, `Secure` behind https.
fn set_cookie(state: &SharedState, name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
    let secure = if state.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let age = max_age.map_or(String::new(), |s| format!("; Max-Age={s}"));
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}{age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The session of the request, if it has a live one.
async fn session(state: &SharedState, headers: &HeaderMap) -> Result<Option<Session>, Response> {
    let Some(secret) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    state
        .register
        .session(secret, state.sessions)
        .await
        .map_err(|e| internal(e, Lang::Nl))
}

/// The session, or a redirect to the login page that comes back to `back`. A session that must set
/// up two-step verification first (its organisation requires it) is sent to do that: nothing else
/// is answered or done for it.
async fn require(
    state: &SharedState,
    headers: &HeaderMap,
    lang: Lang,
    back: &str,
) -> Result<Session, Response> {
    match require_any(state, headers, lang, back).await? {
        s if s.must_enrol => Err(see_other(&prefixed(lang, "/beheer/tweestapsverificatie"))),
        s => Ok(s),
    }
}

/// For a posted form: the session (as [`require`]) when the form carries its CSRF token, else the
/// answer that refuses it.
async fn require_form(
    state: &SharedState,
    headers: &HeaderMap,
    lang: Lang,
    back: &str,
    pairs: &[(String, String)],
) -> Result<Session, Response> {
    let s = require(state, headers, lang, back).await?;
    if csrf_ok(&s, pairs) {
        Ok(s)
    } else {
        Err(csrf_refused(lang))
    }
}

/// The session, also one that must set up two-step verification, or a redirect to the login page.
async fn require_any(
    state: &SharedState,
    headers: &HeaderMap,
    lang: Lang,
    back: &str,
) -> Result<Session, Response> {
    match session(state, headers).await? {
        Some(s) => Ok(s),
        None => Err(see_other(&format!(
            "{}?next={}",
            prefixed(lang, "/beheer/inloggen"),
            crate::urls::encode_component(back)
        ))),
    }
}

/// The answer to a completed login: the new session's cookie (any old session of the browser is
/// ended), the login cookies cleared, and on to `next` — or, when the organisation requires two-step
/// verification the user has not set up, to setting it up.
async fn logged_in(
    state: &SharedState,
    headers: &HeaderMap,
    lang: Lang,
    l: LoggedIn,
    next: &str,
) -> Response {
    if let Some(old) = cookie(headers, SESSION_COOKIE) {
        let _ = state.register.log_out(old).await;
    }
    let to = if l.session.must_enrol {
        prefixed(lang, "/beheer/tweestapsverificatie")
    } else {
        next.to_owned()
    };
    let mut res = see_other(&to);
    let h = res.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(state, SESSION_COOKIE, &l.secret, None),
    );
    h.append(
        header::SET_COOKIE,
        set_cookie(state, LOGIN_COOKIE, "", Some(0)),
    );
    h.append(
        header::SET_COOKIE,
        set_cookie(state, CODE_COOKIE, "", Some(0)),
    );
    res
}

/// After the first factor of a user with a second one: on to the code step, with the waiting login
/// in a short cookie.
fn to_code_step(state: &SharedState, lang: Lang, challenge: &str, next: &str) -> Response {
    let mut res = see_other(&format!(
        "{}?next={}",
        prefixed(lang, "/beheer/inloggen/code"),
        crate::urls::encode_component(next)
    ));
    let age = algoreg_register::CODE_STEP_TIMEOUT.as_secs();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, CODE_COOKIE, challenge, Some(age)),
    );
    res
}

/// Whether a posted form carries the session's CSRF token.
fn csrf_ok(session: &Session, pairs: &[(String, String)]) -> bool {
    field(pairs, "csrf").is_some_and(|t| same_secret(t, &session.csrf))
}

/// The first value of field `name` in a posted form.
fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn prefixed(lang: Lang, path: &str) -> String {
    algoreg_site::page::prefixed(lang, path)
}

/// `303 See Other` to `location` (after a form was handled).
fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location.to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response()
}

/// The frame of a back-office page at `path` (without language prefix).
fn frame(state: &SharedState, lang: Lang, path: &str, title: String, s: Option<&Session>) -> Frame {
    let page = Page::new(lang, &state.public_url, path, title).noindex();
    let other_lang = match lang {
        Lang::En => ("nl", "Nederlands", prefixed(Lang::Nl, path)),
        _ => ("en", "English", prefixed(Lang::En, path)),
    };
    Frame {
        page,
        user: s.map(|s| s.actor.name.clone()),
        manages_clients: s.is_some_and(|s| {
            s.actor.is_admin()
                || s.actor
                    .memberships
                    .iter()
                    .any(|m| m.role == algoreg_register::domain::OrgRole::OrgAdmin)
        }),
        csrf: s.map(|s| s.csrf.clone()).unwrap_or_default(),
        other_lang,
        admin_links: s.map_or_else(Vec::new, |s| admin_links(lang, s)),
    }
}

/// The administration pages `actor` may open, as menu items. The domain decides; this only asks.
fn admin_links(lang: Lang, s: &Session) -> Vec<(String, String)> {
    use algoreg_register::domain::{
        AdminAction, PlatformAction, authorize_admin, authorize_platform,
    };
    let actor = &s.actor;
    let t = algoreg_site::i18n::tr(lang);
    let any = |a: AdminAction| {
        actor
            .organisations()
            .into_iter()
            .any(|o| authorize_admin(actor, a, o).is_ok())
    };
    let platform = |a: PlatformAction| authorize_platform(actor, a).is_ok();
    let mut links = Vec::new();
    let mut add = |show: bool, key: &str, path: &str| {
        if show {
            links.push((t.t(key).to_owned(), prefixed(lang, path)));
        }
    };
    add(
        any(AdminAction::ManageUsers),
        "office-nav-users",
        "/beheer/gebruikers",
    );
    add(
        any(AdminAction::EditProfile),
        "office-nav-profile",
        "/beheer/profiel",
    );
    add(
        any(AdminAction::ReadLog),
        "office-nav-log",
        "/beheer/logboek",
    );
    add(
        platform(PlatformAction::ManageOrganisations),
        "office-nav-orgs",
        "/beheer/organisaties",
    );
    add(
        platform(PlatformAction::ManageAccounts),
        "office-nav-accounts",
        "/beheer/personen",
    );
    add(
        platform(PlatformAction::Oversee),
        "office-nav-oversight",
        "/beheer/toezicht",
    );
    add(
        algoreg_register::domain::authorize_template(
            actor,
            s.provider.as_deref(),
            algoreg_register::domain::TemplateAction::Create,
            None,
        )
        .is_ok(),
        "office-templates-title",
        "/beheer/sjablonen",
    );
    links
}

/// The organisation an administration page is about: the one asked for, else the first of the
/// actor's organisations for which the domain allows `action`.
fn chosen_org(
    actor: &algoreg_register::domain::Actor,
    asked: Option<&str>,
    action: algoreg_register::domain::AdminAction,
) -> Option<String> {
    match asked.map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) => Some(o.to_owned()),
        None => actor
            .organisations()
            .into_iter()
            .find(|o| algoreg_register::domain::authorize_admin(actor, action, o).is_ok())
            .map(|o| o.to_string()),
    }
}

/// Other organisations for which the domain allows `action` to this actor: (name, href with `?org=`).
async fn other_orgs(
    state: &SharedState,
    lang: Lang,
    actor: &algoreg_register::domain::Actor,
    current: &str,
    action: algoreg_register::domain::AdminAction,
    path: &str,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for o in actor.organisations() {
        if o.as_str() != current
            && algoreg_register::domain::authorize_admin(actor, action, o).is_ok()
        {
            let name = state
                .register
                .organisation(o.as_str())
                .await
                .map_or_else(|_| o.to_string(), |x| x.name);
            out.push((name, prefixed(lang, &format!("{path}?org={o}"))));
        }
    }
    out
}

/// A short page: a title, a text, maybe a link.
fn message(
    state: &SharedState,
    lang: Lang,
    s: Option<&Session>,
    status: StatusCode,
    (title, text): (&str, &str),
    link: Option<(&str, &str)>,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let view = algoreg_site::views::admin::Message {
        title: t.t(title).to_owned(),
        text: t.t(text).to_owned(),
        link: link.map(|(label, path)| (t.t(label).to_owned(), prefixed(lang, path))),
        frame: frame(state, lang, "/beheer", t.t(title).to_owned(), s),
    };
    page(status, &view, lang)
}

/// The answer to an administrative service's refusal: another organisation's things (or things that
/// do not exist) are "not found"; a missing role is "not allowed" (403).
fn admin_refused(state: &SharedState, lang: Lang, s: &Session, e: RegisterError) -> Response {
    match e {
        RegisterError::NotFound | RegisterError::UnknownOrganisation(_) => not_found(lang),
        RegisterError::Denied(_) => message(
            state,
            lang,
            Some(s),
            StatusCode::FORBIDDEN,
            ("office-not-allowed-title", "office-not-allowed"),
            Some(("office-back-dashboard", "/beheer")),
        ),
        other => internal(other, lang),
    }
}

/// Renders a back-office page: never cached, never framed by another site.
fn page(status: StatusCode, view: &impl Template, lang: Lang) -> Response {
    match view.render() {
        Ok(body) => (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
                (header::X_FRAME_OPTIONS, "DENY"),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a back-office page could not be rendered");
            crate::site::SiteError::Internal.into_page(&HeaderMap::new(), lang)
        }
    }
}

/// "Not found" in the page's language: also for what exists but is not this user's to see.
fn not_found(lang: Lang) -> Response {
    crate::site::SiteError::NotFound.into_page(&HeaderMap::new(), lang)
}

/// A posted form without the session's CSRF token: refused, nothing done.
fn csrf_refused(lang: Lang) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    (StatusCode::FORBIDDEN, t.t("office-csrf-failed").to_owned()).into_response()
}

/// The error page for an unexpected failure (logged once).
fn internal(e: RegisterError, lang: Lang) -> Response {
    crate::site::SiteError::from(e).into_page(&HeaderMap::new(), lang)
}

/// The network address of the request, for throttling logins (the same rule as the APIs' limits).
fn address(state: &SharedState, parts: &axum::http::request::Parts) -> String {
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0);
    crate::auth::client_address(&parts.headers, peer, state).unwrap_or_else(|| "unknown".to_owned())
}

/// Only back-office paths are followed after logging in (no open redirect).
fn safe_next(lang: Lang, next: Option<&str>) -> String {
    match next {
        Some(n)
            if (n.starts_with("/beheer") || n.starts_with("/en/beheer"))
                && !n.contains("//")
                && !n.contains('\\') =>
        {
            n.to_owned()
        }
        _ => prefixed(lang, "/beheer"),
    }
}

#[derive(serde::Deserialize)]
pub(super) struct NextParam {
    pub(super) next: Option<String>,
}

/// Links that start a login through each of `providers` (id, button text) and go on to `next`:
/// (button text, link).
fn provider_links(
    lang: Lang,
    providers: Vec<(String, String)>,
    next: &str,
) -> Vec<(String, String)> {
    providers
        .into_iter()
        .map(|(id, label)| {
            let href = format!(
                "{}?next={}",
                prefixed(lang, &format!("/beheer/inloggen/oidc/{id}")),
                crate::urls::encode_component(next)
            );
            (label, href)
        })
        .collect()
}

/// The login page (with a fresh token for its form, in a short cookie of its own), with the e-mail
/// address typed so far and why the last attempt failed; and the identity providers, if any.
fn login_page(
    state: &SharedState,
    lang: Lang,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
    next: &str,
) -> Response {
    let token = algoreg_register::random_secret();
    let t = algoreg_site::i18n::tr(lang);
    let providers = provider_links(lang, state.register.oidc_providers(), next);
    let view = algoreg_site::views::beheer::Login {
        frame: Frame {
            csrf: token.clone(),
            ..frame(
                state,
                lang,
                "/beheer/inloggen",
                t.t("office-login-title").to_owned(),
                None,
            )
        },
        email: email.to_owned(),
        error: error.map(|k| t.t(k).to_owned()),
        next: next.to_owned(),
        providers,
    };
    let mut res = page(status, &view, lang);
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, LOGIN_COOKIE, &token, Some(3600)),
    );
    res
}

async fn login_form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    axum::extract::Query(q): axum::extract::Query<NextParam>,
) -> Response {
    let next = safe_next(lang, q.next.as_deref());
    login_page(&state, lang, StatusCode::OK, "", None, &next)
}

async fn login(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let addr = address(&state, &parts);
    let Ok(Form(pairs)) =
        Form::<Vec<(String, String)>>::from_request(Request::from_parts(parts.clone(), body), &())
            .await
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let email = field(&pairs, "email").unwrap_or("").trim().to_owned();
    let next = safe_next(lang, field(&pairs, "next"));
    let form_ok = match (cookie(&parts.headers, LOGIN_COOKIE), field(&pairs, "csrf")) {
        (Some(c), Some(f)) => same_secret(c, f),
        _ => false,
    };
    let failed = |key: &str, status: StatusCode, retry: Option<u64>| {
        let mut res = login_page(&state, lang, status, &email, Some(key), &next);
        if let Some(s) = retry.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
            res.headers_mut().insert(header::RETRY_AFTER, s);
        }
        res
    };
    if !form_ok {
        return failed("office-csrf-failed", StatusCode::FORBIDDEN, None);
    }
    let password = field(&pairs, "password").unwrap_or("");
    match state.register.log_in(&email, password, &addr).await {
        Ok(LoginStep::Done(l)) => logged_in(&state, &parts.headers, lang, l, &next).await,
        Ok(LoginStep::NeedsCode { challenge }) => to_code_step(&state, lang, &challenge, &next),
        Err(RegisterError::NotFound) => {
            failed("office-login-failed", StatusCode::UNAUTHORIZED, None)
        }
        Err(RegisterError::RateLimited { retry_after }) => failed(
            "office-login-throttled",
            StatusCode::TOO_MANY_REQUESTS,
            Some(retry_after),
        ),
        Err(e) => internal(e, lang),
    }
}

async fn logout(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let s = match session(&state, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    if let Some(s) = &s
        && !csrf_ok(s, &pairs)
    {
        return StatusCode::FORBIDDEN.into_response();
    }
    // A session that came through an identity provider ends there too: on to its logout page.
    let mut to = prefixed(lang, "/beheer/inloggen");
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        match state.register.log_out(secret).await {
            Ok(Some(provider_logout)) => to = provider_logout,
            Ok(None) => {}
            Err(e) => return internal(e, lang),
        }
    }
    let mut res = see_other(&to);
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    res
}
