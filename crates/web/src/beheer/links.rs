//! The pages of single-use links, for people who are not logged in: accepting an invitation
//! (`/beheer/uitnodiging/{secret}`: a name and password make a new account; an existing account only
//! gets the roles) and choosing a new password (`/beheer/wachtwoord/{secret}`). An unknown link is
//! 404, a used or expired one 410. The forms carry a token from a short cookie of their own, like the
//! login form. The secret is in the path: these pages send no referrer.

use algoreg_register::{LinkInfo, LinkKind, LinkState, RegisterError};
use algoreg_site::Lang;
use algoreg_site::views::admin::LinkPage;
use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{LOGIN_COOKIE, cookie, field, frame, message, page, prefixed, same_secret, set_cookie};
use crate::SharedState;
use crate::beheer::users::roles_text;

fn path_of(kind: LinkKind, secret: &str) -> String {
    match kind {
        LinkKind::Invite => format!("/beheer/uitnodiging/{secret}"),
        LinkKind::Reset => format!("/beheer/wachtwoord/{secret}"),
    }
}

fn no_referrer(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// The page for a link that cannot be used (unknown or of the other kind: 404; used or expired: 410).
fn unusable(state: &SharedState, lang: Lang, info: Option<&LinkInfo>) -> Response {
    let (status, title, text) = match info.map(|i| i.state) {
        Some(LinkState::Used) => (
            StatusCode::GONE,
            "office-link-used-title",
            "office-link-used",
        ),
        Some(LinkState::Expired) => (
            StatusCode::GONE,
            "office-link-expired-title",
            "office-link-expired",
        ),
        _ => (
            StatusCode::NOT_FOUND,
            "office-link-unknown-title",
            "office-link-unknown",
        ),
    };
    no_referrer(message(
        state,
        lang,
        None,
        status,
        (title, text),
        Some(("office-to-login", "/beheer/inloggen")),
    ))
}

/// The usable link of `kind`, or the page that says why it cannot be used.
async fn usable(
    state: &SharedState,
    lang: Lang,
    secret: &str,
    kind: LinkKind,
) -> Result<LinkInfo, Response> {
    match state.register.link_info(secret).await {
        Ok(i) if i.kind == kind && i.state == LinkState::Usable => Ok(i),
        Ok(i) if i.kind == kind => Err(unusable(state, lang, Some(&i))),
        Ok(_) | Err(RegisterError::NotFound) => Err(unusable(state, lang, None)),
        Err(e) => Err(super::internal(e, lang)),
    }
}

fn form(
    state: &SharedState,
    lang: Lang,
    secret: &str,
    info: &LinkInfo,
    name: &str,
    problems: Vec<(String, String)>,
    status: StatusCode,
) -> Response {
    let t = algoreg_site::i18n::tr(lang);
    let token = algoreg_register::random_secret();
    let path = path_of(info.kind, secret);
    let invite = info.kind == LinkKind::Invite;
    let (title, intro, button) = match (invite, info.has_account) {
        (true, false) => (
            "office-invite-title",
            "office-invite-intro-new",
            "office-invite-accept",
        ),
        (true, true) => (
            "office-invite-title",
            "office-invite-intro-existing",
            "office-invite-accept",
        ),
        (false, _) => (
            "office-reset-title",
            "office-reset-intro",
            "office-reset-save",
        ),
    };
    let view = LinkPage {
        title: t.t(title).to_owned(),
        intro: t.f(
            intro,
            &[
                ("org", &info.organisation.name),
                ("roles", &roles_text(t, &info.roles).to_lowercase()),
            ],
        ),
        kind: info.kind.as_str(),
        email: info.email.clone(),
        asks_name: invite && !info.has_account,
        asks_password: !(invite && info.has_account),
        name: name.to_owned(),
        problems,
        action: prefixed(lang, &path),
        button: t.t(button).to_owned(),
        // An organisation with its own identity provider: the invitation can be accepted by logging
        // in there (the register accepts open invitations for the provider's verified address).
        providers: if invite {
            super::provider_links(
                lang,
                state
                    .register
                    .oidc_providers_for(info.organisation.code.as_str()),
                &prefixed(lang, "/beheer"),
            )
        } else {
            Vec::new()
        },
        providers_intro: t.f("office-invite-oidc-intro", &[("email", &info.email)]),
        frame: algoreg_site::views::beheer::Frame {
            csrf: token.clone(),
            ..frame(state, lang, &path, t.t(title).to_owned(), None)
        },
    };
    let mut res = page(status, &view, lang);
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, LOGIN_COOKIE, &token, Some(3600)),
    );
    no_referrer(res)
}

pub(super) async fn invitation_form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    Path(secret): Path<String>,
) -> Response {
    match usable(&state, lang, &secret, LinkKind::Invite).await {
        Ok(info) => form(&state, lang, &secret, &info, "", Vec::new(), StatusCode::OK),
        Err(res) => res,
    }
}

pub(super) async fn reset_form(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    Path(secret): Path<String>,
) -> Response {
    match usable(&state, lang, &secret, LinkKind::Reset).await {
        Ok(info) => form(&state, lang, &secret, &info, "", Vec::new(), StatusCode::OK),
        Err(res) => res,
    }
}

/// Whether the posted form carries the token of its cookie.
fn form_ok(headers: &HeaderMap, pairs: &[(String, String)]) -> bool {
    match (cookie(headers, LOGIN_COOKIE), field(pairs, "csrf")) {
        (Some(c), Some(f)) => same_secret(c, f),
        _ => false,
    }
}

async fn post(
    state: SharedState,
    lang: Lang,
    headers: HeaderMap,
    secret: String,
    pairs: Vec<(String, String)>,
    kind: LinkKind,
) -> Response {
    let info = match usable(&state, lang, &secret, kind).await {
        Ok(i) => i,
        Err(res) => return res,
    };
    if !form_ok(&headers, &pairs) {
        return super::csrf_refused(lang);
    }
    let name = field(&pairs, "name").unwrap_or("");
    let password = field(&pairs, "password").unwrap_or("");
    let done = match kind {
        LinkKind::Invite => {
            state
                .register
                .accept_invitation(&secret, name, password)
                .await
        }
        LinkKind::Reset => state.register.use_reset_link(&secret, password).await,
    };
    match done {
        Ok(_) => {
            let text = match kind {
                LinkKind::Invite => ("office-invite-done-title", "office-invite-done"),
                LinkKind::Reset => ("office-reset-done-title", "office-reset-done"),
            };
            let mut res = no_referrer(message(
                &state,
                lang,
                None,
                StatusCode::OK,
                text,
                Some(("office-to-login", "/beheer/inloggen")),
            ));
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&state, LOGIN_COOKIE, "", Some(0)),
            );
            res
        }
        Err(RegisterError::Invalid(ps)) => {
            let problems = ps
                .iter()
                .map(|p| {
                    let id = if p.path == "name" {
                        "link-name"
                    } else {
                        "link-password"
                    };
                    (id.to_owned(), p.message(lang))
                })
                .collect();
            form(
                &state,
                lang,
                &secret,
                &info,
                name,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        // Used or expired meanwhile.
        Err(RegisterError::Unauthenticated(_) | RegisterError::NotFound) => {
            let now = state.register.link_info(&secret).await.ok();
            unusable(&state, lang, now.as_ref())
        }
        Err(e) => super::internal(e, lang).into_response(),
    }
}

pub(super) async fn accept_invitation(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(secret): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(state, lang, headers, secret, pairs, LinkKind::Invite).await
}

pub(super) async fn reset_password(
    State(state): State<SharedState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Path(secret): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(state, lang, headers, secret, pairs, LinkKind::Reset).await
}
