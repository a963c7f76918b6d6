//! Logging in through an organisation's identity provider (OpenID Connect): the link on the login
//! page starts the login and sends the browser to the provider; the provider sends it back here. The
//! register does the checks; this keeps the login's `state` in a short cookie, so that only the browser
//! that started a login can finish it.

use algoreg_register::{LoginStep, OidcProblem, RegisterError, same_secret};
use algoreg_site::Lang;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;

use super::{
    NextParam, cookie, internal, logged_in, login_page, safe_next, see_other, set_cookie,
    to_code_step,
};
use crate::SharedState;

/// The cookie that holds the `state` of a login sent to a provider, after the language of the page
/// the login started on (`en.{state}`): the provider always sends the browser back to one address.
const OIDC_COOKIE: &str = "algoreg_oidc";

/// Starts a login through `provider`.
pub(super) async fn start(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    Path(provider): Path<String>,
    Query(q): Query<NextParam>,
) -> Response {
    let next = safe_next(lang, q.next.as_deref());
    match state.register.begin_oidc_login(&provider, &next).await {
        Ok(start) => {
            let mut res = see_other(&start.url);
            let age = algoreg_register::OIDC_LOGIN_TIMEOUT.as_secs();
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(
                    &state,
                    OIDC_COOKIE,
                    &format!("{}.{}", lang.as_str(), start.state),
                    Some(age),
                ),
            );
            res
        }
        Err(e) => failed(&state, lang, e),
    }
}

#[derive(serde::Deserialize)]
pub(super) struct Back {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
}

/// The browser back from the provider, with a code (or the provider's error) and the login's state.
pub(super) async fn back(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    Query(q): Query<Back>,
) -> Response {
    let started = cookie(&headers, OIDC_COOKIE).and_then(|c| c.split_once('.'));
    let lang = started.and_then(|(l, _)| Lang::parse(l)).unwrap_or(lang);
    let same_browser = match (started, q.state.as_deref()) {
        (Some((_, c)), Some(s)) => !s.is_empty() && same_secret(c, s),
        _ => false,
    };
    if !same_browser {
        return failed(&state, lang, OidcProblem::Expired.into());
    }
    let done = state
        .register
        .finish_oidc_login(
            &provider,
            q.state.as_deref().unwrap_or_default(),
            q.code.as_deref(),
            q.error.as_deref(),
        )
        .await;
    let mut res = match done {
        Ok(done) => {
            // The login started on one of our pages: `next` is a back-office path, checked again.
            let next = safe_next(lang, Some(&done.next));
            match done.step {
                LoginStep::Done(l) => logged_in(&state, &headers, lang, l, &next).await,
                LoginStep::NeedsCode { challenge } => to_code_step(&state, lang, &challenge, &next),
            }
        }
        Err(e) => failed(&state, lang, e),
    };
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, OIDC_COOKIE, "", Some(0)),
    );
    res
}

/// The login page again, saying what went wrong (the details go to the log, not to the browser).
fn failed(state: &SharedState, lang: Lang, e: RegisterError) -> Response {
    let (status, key) = match &e {
        RegisterError::Oidc(p) => match p {
            OidcProblem::Expired => (StatusCode::BAD_REQUEST, "office-oidc-expired"),
            OidcProblem::Refused(_) => (StatusCode::UNAUTHORIZED, "office-oidc-refused"),
            OidcProblem::Provider(_) | OidcProblem::BadToken(_) => {
                (StatusCode::BAD_GATEWAY, "office-oidc-failed")
            }
            OidcProblem::NoVerifiedEmail => (StatusCode::FORBIDDEN, "office-oidc-no-email"),
            OidcProblem::NoAccount => (StatusCode::FORBIDDEN, "office-oidc-no-account"),
        },
        _ => return internal(e, lang),
    };
    tracing::warn!(error = %e, "a login through an identity provider failed");
    login_page(state, lang, status, "", Some(key), &safe_next(lang, None))
}
