//! Two-step verification in the back-office: the code step of logging in (after a correct password,
//! for users with a second factor), and each user's page to set it up or switch it off. The rules
//! (codes, replays, throttling, an organisation's requirement) are the register's.

use algoreg_register::{RegisterError, TwoFactorProblem};
use algoreg_site::Lang;
use algoreg_site::views::beheer::{CodeStep, Frame, TwoFactor};
use axum::Extension;
use axum::extract::{Form, FromRequest, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{
    CODE_COOKIE, LOGIN_COOKIE, NextParam, address, cookie, csrf_ok, csrf_refused, field, frame,
    logged_in, page, prefixed, require_any, safe_next, same_secret, see_other, set_cookie,
};
use crate::SharedState;

/// The name authenticator apps show beside the account.
const ISSUER: &str = "Algoritmeregister";

/// The code form, with a fresh CSRF token in the login cookie.
fn code_page(
    state: &SharedState,
    lang: Lang,
    error: Option<&str>,
    next: String,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let token = algoreg_register::random_secret();
    let view = CodeStep {
        frame: Frame {
            csrf: token.clone(),
            ..frame(
                state,
                lang,
                "/beheer/inloggen/code",
                t.t("office-code-title").to_owned(),
                None,
            )
        },
        error: error.map(|k| t.t(k).to_owned()),
        next,
    };
    let mut res = page(status, &view, lang);
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, LOGIN_COOKIE, &token, Some(3600)),
    );
    res
}

/// Back to the login page (the waiting login is gone or was never there).
fn start_again(state: &SharedState, lang: Lang) -> Response {
    let mut res = see_other(&prefixed(lang, "/beheer/inloggen"));
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, CODE_COOKIE, "", Some(0)),
    );
    res
}

/// `GET /beheer/inloggen/code`.
pub(super) async fn code_form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Query(q): Query<NextParam>,
) -> Response {
    if cookie(&headers, CODE_COOKIE).is_none() {
        return start_again(&state, lang);
    }
    code_page(
        &state,
        lang,
        None,
        safe_next(lang, q.next.as_deref()),
        StatusCode::OK,
    )
}

/// `POST /beheer/inloggen/code`: the code for the waiting login.
pub(super) async fn code(
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
    let next = safe_next(lang, field(&pairs, "next"));
    let form_ok = match (cookie(&parts.headers, LOGIN_COOKIE), field(&pairs, "csrf")) {
        (Some(c), Some(f)) => same_secret(c, f),
        _ => false,
    };
    if !form_ok {
        return code_page(
            &state,
            lang,
            Some("office-csrf-failed"),
            next,
            StatusCode::FORBIDDEN,
        );
    }
    let Some(challenge) = cookie(&parts.headers, CODE_COOKIE) else {
        return start_again(&state, lang);
    };
    let code = field(&pairs, "code").unwrap_or("");
    match state.register.finish_login(challenge, code, &addr).await {
        Ok(l) => logged_in(&state, &parts.headers, lang, l, &next).await,
        Err(RegisterError::TwoFactor(TwoFactorProblem::WrongCode)) => code_page(
            &state,
            lang,
            Some("office-code-wrong"),
            next,
            StatusCode::UNAUTHORIZED,
        ),
        Err(RegisterError::TwoFactor(_)) => start_again(&state, lang),
        Err(RegisterError::RateLimited { retry_after }) => {
            let mut res = code_page(
                &state,
                lang,
                Some("office-code-throttled"),
                next,
                StatusCode::TOO_MANY_REQUESTS,
            );
            if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
        Err(e) => super::internal(e, lang),
    }
}

/// The secret in groups of four characters, easier to type over.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn render(
    state: &SharedState,
    lang: Lang,
    s: &algoreg_register::Session,
    notice: Option<&str>,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let reg = &state.register;
    let two = match reg.two_factor(s.actor.id).await {
        Ok(v) => v,
        Err(e) => return super::internal(e, lang),
    };
    let enrolment = if two.enabled {
        None
    } else {
        match reg.totp_enrolment(&s.actor).await {
            Ok(e) => e,
            Err(e) => return super::internal(e, lang),
        }
    };
    let view = TwoFactor {
        enabled: two.enabled,
        required: two.required,
        secret: enrolment.as_ref().map(|e| grouped(e.secret.expose())),
        uri: enrolment
            .as_ref()
            .map(|e| algoreg_register::otpauth_uri(ISSUER, &e.account, e.secret.expose())),
        notice: notice.map(|k| t.t(k).to_owned()),
        error: error.map(|k| t.t(k).to_owned()),
        action: prefixed(lang, "/beheer/tweestapsverificatie"),
        frame: frame(
            state,
            lang,
            "/beheer/tweestapsverificatie",
            t.t("office-2fa-title").to_owned(),
            Some(s),
        ),
    };
    page(status, &view, lang)
}

/// `GET /beheer/tweestapsverificatie`: the user's second factor (also for a session that must set
/// it up before anything else).
pub(super) async fn settings(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Response {
    let back = prefixed(lang, "/beheer/tweestapsverificatie");
    let s = match require_any(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    render(&state, lang, &s, None, None, StatusCode::OK).await
}

/// `POST /beheer/tweestapsverificatie`: switch on (`op=enable`, confirming the secret with a code) or
/// off (`op=disable`, with a code).
pub(super) async fn change(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back = prefixed(lang, "/beheer/tweestapsverificatie");
    let s = match require_any(&state, &headers, lang, &back).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    if !csrf_ok(&s, &pairs) {
        return csrf_refused(lang);
    }
    let code = field(&pairs, "code").unwrap_or("");
    let reg = &state.register;
    let (result, done) = match field(&pairs, "op") {
        Some("enable") => (reg.confirm_totp(&s.actor, code).await, "office-2fa-enabled"),
        Some("disable") => (
            reg.disable_totp(&s.actor, code).await,
            "office-2fa-disabled",
        ),
        _ => return (StatusCode::BAD_REQUEST, "op?").into_response(),
    };
    let (notice, error, status) = match result {
        Ok(()) => (Some(done), None, StatusCode::OK),
        Err(RegisterError::TwoFactor(p)) => {
            let key = match p {
                TwoFactorProblem::WrongCode => "office-code-wrong",
                TwoFactorProblem::Required | TwoFactorProblem::NotSetUp => {
                    "office-2fa-required-cannot-disable"
                }
                TwoFactorProblem::Expired => "office-2fa-restart",
            };
            (None, Some(key), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return super::internal(e, lang),
    };
    render(&state, lang, &s, notice, error, status).await
}
