//! Logging in through an organisation's own identity provider (OpenID Connect, authorization code
//! flow with PKCE). The configuration names each provider, its client registration and the
//! organisations whose people it may log in.
//!
//! 1. [`Register::begin_oidc_login`] reads the provider's discovery document, stores the login
//!    (state, nonce, code verifier; found by the SHA-256 of the state) and answers the URL to send
//!    the browser to. The front door also keeps the state in a short cookie, so that only the browser
//!    that started a login can finish it.
//! 2. [`Register::finish_oidc_login`] takes the stored login (once), trades the code for tokens at
//!    the token endpoint and checks the ID token: issuer, audience, expiry and nonce. Its signature is
//!    not checked: it comes straight from the token endpoint over TLS, which OpenID Connect Core
//!    (3.1.3.7) allows in place of the signature.
//! 3. The verified e-mail address names the account. It must be a member of one of the provider's
//!    organisations; an open invitation for the address into one of them is accepted first (making an
//!    account without a password when there is none). A user with a second factor still gives a
//!    one-time code, as after a password.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use algoreg_domain::{Actor, OrgCode};
use algoreg_store::{NewAccount, OidcLoginRow, ProviderLogin, StoreError, now};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::https::{HttpClient, allowed_url};
use crate::sessions::LoginStep;
use crate::{Register, RegisterError, TrustRoots};

/// A login sent to a provider must come back within this time.
pub const OIDC_LOGIN_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// How long a provider's discovery document is kept.
const DISCOVERY_TTL: Duration = Duration::from_secs(60 * 60);
/// Clock difference allowed between the provider and us.
const CLOCK_SKEW: i64 = 300;

/// One identity provider, as configured (`[[oidc]]` in `algoreg.toml`).
#[derive(Clone, Deserialize, Serialize)]
pub struct OidcProvider {
    /// Short name in the URLs (`/beheer/inloggen/oidc/{id}`): lower-case letters, digits and `-`.
    pub id: String,
    /// The button text on the login page, e.g. `Gemeente Voorbeeld (eigen account)`.
    pub label: String,
    /// The issuer: its discovery document is `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// The organisations (codes such as `gm0363`) whose people may log in through this provider.
    pub organisations: Vec<String>,
    /// Whether the ID token must say `email_verified: true` (default). Switch off only for a
    /// provider that gives out the organisation's own addresses and does not send that claim.
    #[serde(default = "yes")]
    pub require_verified_email: bool,
}

fn yes() -> bool {
    true
}

impl std::fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProvider")
            .field("id", &self.id)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("organisations", &self.organisations)
            .finish_non_exhaustive()
    }
}

/// What went wrong with a login through an identity provider.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OidcProblem {
    /// The login is unknown, was used already, took too long, or was started in another browser.
    #[error("the login has expired or is unknown")]
    Expired,
    /// The provider did not log the person in (they cancelled, or it refused).
    #[error("the identity provider did not log the person in: {0}")]
    Refused(String),
    /// The provider cannot be reached or answered something we cannot use.
    #[error("the identity provider failed: {0}")]
    Provider(String),
    /// The ID token does not hold what it must (issuer, audience, expiry, nonce).
    #[error("the ID token is not valid: {0}")]
    BadToken(String),
    /// The provider did not vouch for an e-mail address.
    #[error("the identity provider gave no verified e-mail address")]
    NoVerifiedEmail,
    /// No account (or open invitation) for the address in the provider's organisations.
    #[error("no account for this address in the provider's organisations")]
    NoAccount,
}

impl From<OidcProblem> for RegisterError {
    fn from(p: OidcProblem) -> Self {
        RegisterError::Oidc(p)
    }
}

/// Where to send the browser to start a login, and the state to keep in its cookie.
#[derive(Debug)]
pub struct OidcStart {
    pub state: String,
    pub url: String,
}

/// A finished login: the next step, and where to go afterwards.
#[derive(Debug)]
pub struct OidcDone {
    pub step: LoginStep,
    pub next: String,
}

/// The parts of a discovery document we use.
#[derive(Debug, Clone, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Vec<String>,
    /// Where a relying party sends the browser to end the provider's session (RP-initiated logout).
    #[serde(default)]
    end_session_endpoint: Option<String>,
}

/// The configured providers, with what is needed to talk to them.
pub(crate) struct Oidc {
    providers: Vec<OidcProvider>,
    /// Our public base URL: the redirect URI is `{base}/beheer/inloggen/oidc/{id}/terug`.
    public_url: String,
    client: HttpClient,
    discovered: Mutex<HashMap<String, (Instant, Discovery)>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("providers", &self.providers)
            .finish_non_exhaustive()
    }
}

/// The path the provider sends the browser back to.
pub fn oidc_return_path(provider: &str) -> String {
    format!("/beheer/inloggen/oidc/{provider}/terug")
}

fn trim_slash(s: &str) -> &str {
    s.trim_end_matches('/')
}

/// Checks the configured providers: ids, URLs and organisation codes.
fn check_providers(providers: &[OidcProvider]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for p in providers {
        let name = format!("oidc provider {:?}", p.id);
        if p.id.is_empty()
            || !p
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!(
                "{name}: the id may only hold lower-case letters, digits and -"
            ));
        }
        if !seen.insert(p.id.as_str()) {
            return Err(format!("{name}: the id is used twice"));
        }
        if p.label.trim().is_empty() || p.client_id.trim().is_empty() {
            return Err(format!("{name}: label and client_id are required"));
        }
        let issuer =
            url::Url::parse(&p.issuer).map_err(|e| format!("{name}: issuer is not a URL: {e}"))?;
        allowed_url(&issuer).map_err(|e| format!("{name}: {e}"))?;
        if p.organisations.is_empty() {
            return Err(format!("{name}: name at least one organisation"));
        }
        for code in &p.organisations {
            OrgCode::parse(code)
                .map_err(|_| format!("{name}: {code:?} is not an organisation code"))?;
        }
    }
    Ok(())
}

fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()))
}

/// The claims of an ID token, read from its middle part.
fn token_claims(id_token: &str) -> Result<serde_json::Map<String, serde_json::Value>, OidcProblem> {
    let bad = |why: &str| OidcProblem::BadToken(why.to_owned());
    let mut parts = id_token.split('.');
    let (Some(_header), Some(payload), Some(_sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("not three parts"));
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| bad("the claims are not base64url"))?;
    match serde_json::from_slice(&bytes) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        _ => Err(bad("the claims are not a JSON object")),
    }
}

/// Checks the claims against the provider and the login; answers the verified e-mail address (lower
/// case) and the person's name when given.
fn check_claims(
    claims: &serde_json::Map<String, serde_json::Value>,
    provider: &OidcProvider,
    issuer: &str,
    nonce: &str,
    at: i64,
) -> Result<(String, Option<String>), OidcProblem> {
    let bad = |why: &str| OidcProblem::BadToken(why.to_owned());
    let text = |k: &str| claims.get(k).and_then(|v| v.as_str());
    if text("iss").map(trim_slash) != Some(trim_slash(issuer)) {
        return Err(bad("iss is not the provider"));
    }
    let client = provider.client_id.as_str();
    match claims.get("aud") {
        Some(serde_json::Value::String(a)) if a == client => {}
        Some(serde_json::Value::Array(list)) if list.iter().any(|a| a.as_str() == Some(client)) => {
            if list.len() > 1 && text("azp") != Some(client) {
                return Err(bad("azp is not this register"));
            }
        }
        _ => return Err(bad("aud is not this register")),
    }
    let exp = claims
        .get("exp")
        .and_then(|v| v.as_i64())
        .ok_or_else(|| bad("no exp"))?;
    if exp + CLOCK_SKEW < at {
        return Err(bad("expired"));
    }
    if let Some(iat) = claims.get("iat").and_then(|v| v.as_i64())
        && iat > at + CLOCK_SKEW
    {
        return Err(bad("issued in the future"));
    }
    match text("nonce") {
        Some(n) if crate::same_secret(n, nonce) => {}
        _ => return Err(bad("the nonce is not this login's")),
    }
    let email = text("email")
        .map(|e| e.trim().to_lowercase())
        .filter(|e| crate::users::looks_like_email(e))
        .ok_or(OidcProblem::NoVerifiedEmail)?;
    let verified = match claims.get("email_verified") {
        Some(serde_json::Value::Bool(b)) => *b,
        // Some providers send the flag as text.
        Some(serde_json::Value::String(s)) => s == "true",
        _ => false,
    };
    if provider.require_verified_email && !verified {
        return Err(OidcProblem::NoVerifiedEmail);
    }
    let name = text("name")
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    Ok((email, name))
}

impl Register {
    /// Attaches the identity providers of the configuration, reached with `roots` trusted.
    /// `public_url` is the register's base URL, from which the return address is made.
    pub fn with_oidc(
        mut self,
        providers: Vec<OidcProvider>,
        public_url: &str,
        roots: &TrustRoots,
    ) -> Result<Self, String> {
        check_providers(&providers)?;
        if providers.is_empty() {
            self.oidc = None;
            return Ok(self);
        }
        self.oidc = Some(Arc::new(Oidc {
            providers,
            public_url: trim_slash(public_url).to_owned(),
            client: HttpClient::new(roots)?,
            discovered: Mutex::new(HashMap::new()),
        }));
        Ok(self)
    }

    /// The configured providers: (id, button text).
    pub fn oidc_providers(&self) -> Vec<(String, String)> {
        self.oidc.as_ref().map_or_else(Vec::new, |o| {
            o.providers
                .iter()
                .map(|p| (p.id.clone(), p.label.clone()))
                .collect()
        })
    }

    /// The providers people of organisation `org` may log in through: (id, button text).
    pub fn oidc_providers_for(&self, org: &str) -> Vec<(String, String)> {
        self.oidc.as_ref().map_or_else(Vec::new, |o| {
            o.providers
                .iter()
                .filter(|p| p.organisations.iter().any(|c| c.eq_ignore_ascii_case(org)))
                .map(|p| (p.id.clone(), p.label.clone()))
                .collect()
        })
    }

    fn oidc_provider(&self, id: &str) -> Result<(&Oidc, &OidcProvider), RegisterError> {
        let oidc = self.oidc.as_deref().ok_or(RegisterError::NotFound)?;
        let p = oidc
            .providers
            .iter()
            .find(|p| p.id == id)
            .ok_or(RegisterError::NotFound)?;
        Ok((oidc, p))
    }

    /// The provider's discovery document (kept for an hour).
    async fn discover(oidc: &Oidc, p: &OidcProvider) -> Result<Discovery, OidcProblem> {
        if let Some((at, d)) = oidc.discovered.lock().expect("not poisoned").get(&p.id)
            && at.elapsed() < DISCOVERY_TTL
        {
            return Ok(d.clone());
        }
        let fail = |why: String| OidcProblem::Provider(why);
        let url = url::Url::parse(&format!(
            "{}/.well-known/openid-configuration",
            trim_slash(&p.issuer)
        ))
        .map_err(|e| fail(e.to_string()))?;
        let reply = oidc.client.get(&url).await.map_err(fail)?;
        if reply.status != 200 {
            return Err(fail(format!("discovery answered {}", reply.status)));
        }
        let d: Discovery = serde_json::from_slice(&reply.body)
            .map_err(|e| fail(format!("discovery document: {e}")))?;
        if trim_slash(&d.issuer) != trim_slash(&p.issuer) {
            return Err(fail(format!(
                "discovery names issuer {}, not {}",
                d.issuer, p.issuer
            )));
        }
        for endpoint in [&d.authorization_endpoint, &d.token_endpoint]
            .into_iter()
            .chain(d.end_session_endpoint.as_ref())
        {
            let u = url::Url::parse(endpoint).map_err(|e| fail(format!("{endpoint}: {e}")))?;
            allowed_url(&u).map_err(fail)?;
        }
        oidc.discovered
            .lock()
            .expect("not poisoned")
            .insert(p.id.clone(), (Instant::now(), d.clone()));
        Ok(d)
    }

    /// Starts a login through provider `provider`, to go on to back-office page `next` afterwards.
    /// An unknown provider is [`RegisterError::NotFound`]; a provider that cannot be reached is
    /// [`OidcProblem::Provider`].
    pub async fn begin_oidc_login(
        &self,
        provider: &str,
        next: &str,
    ) -> Result<OidcStart, RegisterError> {
        let (oidc, p) = self.oidc_provider(provider)?;
        let d = Self::discover(oidc, p).await?;
        let state = crate::random_secret();
        let nonce = crate::random_secret();
        let verifier = crate::random_secret();
        let at = now();
        self.store
            .create_oidc_login(
                &crate::auth::token_hash(&state),
                &OidcLoginRow {
                    provider: p.id.clone(),
                    nonce: nonce.clone(),
                    verifier: verifier.clone(),
                    next_path: next.to_owned(),
                    created_at: at,
                },
                at - chrono::Duration::from_std(OIDC_LOGIN_TIMEOUT).unwrap_or_default(),
            )
            .await?;
        let mut url = url::Url::parse(&d.authorization_endpoint)
            .map_err(|e| OidcProblem::Provider(e.to_string()))?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &p.client_id)
            .append_pair("redirect_uri", &self.oidc_redirect_uri(oidc, p))
            .append_pair("scope", "openid email profile")
            .append_pair("state", &state)
            .append_pair("nonce", &nonce)
            .append_pair("code_challenge", &pkce_challenge(&verifier))
            .append_pair("code_challenge_method", "S256");
        Ok(OidcStart {
            state,
            url: url.into(),
        })
    }

    fn oidc_redirect_uri(&self, oidc: &Oidc, p: &OidcProvider) -> String {
        format!("{}{}", oidc.public_url, oidc_return_path(&p.id))
    }

    /// Finishes a login through `provider` when the browser comes back with `state` and either a
    /// `code` or the provider's `error`. The stored login is used once, whatever the outcome.
    pub async fn finish_oidc_login(
        &self,
        provider: &str,
        state: &str,
        code: Option<&str>,
        error: Option<&str>,
    ) -> Result<OidcDone, RegisterError> {
        let (oidc, p) = self.oidc_provider(provider)?;
        let login = match self
            .store
            .take_oidc_login(&crate::auth::token_hash(state))
            .await
        {
            Ok(l) => l,
            Err(StoreError::NotFound) => return Err(OidcProblem::Expired.into()),
            Err(e) => return Err(e.into()),
        };
        let timeout = chrono::Duration::from_std(OIDC_LOGIN_TIMEOUT).unwrap_or_default();
        if login.provider != p.id || login.created_at + timeout < now() {
            return Err(OidcProblem::Expired.into());
        }
        if let Some(e) = error {
            return Err(OidcProblem::Refused(e.chars().take(100).collect()).into());
        }
        let code = code
            .filter(|c| !c.is_empty())
            .ok_or_else(|| OidcProblem::Refused("no code".into()))?;
        let d = Self::discover(oidc, p).await?;
        let redirect = self.oidc_redirect_uri(oidc, p);
        let token_url =
            url::Url::parse(&d.token_endpoint).map_err(|e| OidcProblem::Provider(e.to_string()))?;
        // client_secret_basic unless the provider only takes client_secret_post.
        let basic = d.token_endpoint_auth_methods_supported.is_empty()
            || d.token_endpoint_auth_methods_supported
                .iter()
                .any(|m| m == "client_secret_basic");
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect.as_str()),
            ("code_verifier", login.verifier.as_str()),
            ("client_id", p.client_id.as_str()),
        ];
        if !basic {
            form.push(("client_secret", p.client_secret.as_str()));
        }
        let reply = oidc
            .client
            .post_form(
                &token_url,
                &form,
                basic.then_some((p.client_id.as_str(), p.client_secret.as_str())),
            )
            .await
            .map_err(OidcProblem::Provider)?;
        let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or_default();
        if reply.status != 200 {
            let why = body
                .get("error")
                .and_then(|v| v.as_str())
                .unwrap_or("no reason given");
            return Err(OidcProblem::Provider(format!(
                "the token endpoint answered {}: {}",
                reply.status,
                why.chars().take(100).collect::<String>()
            ))
            .into());
        }
        let id_token = body
            .get("id_token")
            .and_then(|v| v.as_str())
            .ok_or_else(|| OidcProblem::BadToken("no id_token in the answer".into()))?;
        let claims = token_claims(id_token)?;
        let (email, name) = check_claims(&claims, p, &d.issuer, &login.nonce, now().timestamp())?;
        let actor = self.oidc_account(p, &email, name.as_deref()).await?;
        let via = ProviderLogin {
            provider: p.id.clone(),
            id_token: id_token.to_owned(),
        };
        let step = self.after_first_factor(actor, None, Some(&via)).await?;
        tracing::info!(provider = %p.id, "logged in through an identity provider");
        Ok(OidcDone {
            step,
            next: login.next_path,
        })
    }

    /// Where to send the browser to end the session at the provider a login went through: its
    /// `end_session_endpoint` with the ID token as hint and the login page as the way back. `None`
    /// when the provider offers none, is no longer configured, or cannot be reached (logged).
    pub(crate) async fn oidc_logout_url(&self, via: &ProviderLogin) -> Option<String> {
        let (oidc, p) = self.oidc_provider(&via.provider).ok()?;
        let d = match Self::discover(oidc, p).await {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(provider = %p.id, error = %e, "the provider's session is not ended");
                return None;
            }
        };
        let mut url = url::Url::parse(d.end_session_endpoint.as_deref()?).ok()?;
        url.query_pairs_mut()
            .append_pair("id_token_hint", &via.id_token)
            .append_pair("client_id", &p.client_id)
            .append_pair(
                "post_logout_redirect_uri",
                &format!("{}/beheer/inloggen", oidc.public_url),
            );
        Some(url.into())
    }

    /// The account of `email` for a login through `p`: open invitations into the provider's
    /// organisations are accepted first; then the account must be active and a member of one of them.
    async fn oidc_account(
        &self,
        p: &OidcProvider,
        email: &str,
        name: Option<&str>,
    ) -> Result<Actor, RegisterError> {
        let orgs: Vec<OrgCode> = p
            .organisations
            .iter()
            .filter_map(|c| OrgCode::parse(c).ok())
            .collect();
        let at = now();
        for org in &orgs {
            match self.store.open_invitation_for(email, org, at).await {
                Ok(hash) => {
                    let account = NewAccount {
                        name: name
                            .map(str::to_owned)
                            .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_owned()),
                        password_hash: None,
                    };
                    match self
                        .store
                        .accept_invitation(&hash, at, Some(&account))
                        .await
                    {
                        // Used meanwhile: the account check below decides.
                        Ok(_) | Err(StoreError::NotFound) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                Err(StoreError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        let user = match self.store.user_by_email(email).await {
            Ok(u) if !u.disabled => u,
            Ok(_) | Err(StoreError::NotFound) => return Err(OidcProblem::NoAccount.into()),
            Err(e) => return Err(e.into()),
        };
        let actor = match self.store.actor(user.id).await {
            Ok(a) => a,
            Err(StoreError::NotFound) => return Err(OidcProblem::NoAccount.into()),
            Err(e) => return Err(e.into()),
        };
        if !orgs.iter().any(|o| actor.is_member(o)) {
            return Err(OidcProblem::NoAccount.into());
        }
        Ok(actor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider() -> OidcProvider {
        OidcProvider {
            id: "gemeente".into(),
            label: "Gemeente".into(),
            issuer: "https://idp.example/realm".into(),
            client_id: "algoreg".into(),
            client_secret: "geheim".into(),
            organisations: vec!["gm0363".into()],
            require_verified_email: true,
        }
    }

    fn claims(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn pkce_follows_rfc_7636() {
        // The example of RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn claims_are_checked_one_by_one() {
        let p = provider();
        let iss = "https://idp.example/realm";
        let good = serde_json::json!({
            "iss": iss, "aud": "algoreg", "exp": 2_000, "iat": 1_000, "nonce": "n1",
            "email": "Ada@Example.NL", "email_verified": true, "name": "Ada"
        });
        assert_eq!(
            check_claims(&claims(good.clone()), &p, iss, "n1", 1_500),
            Ok(("ada@example.nl".into(), Some("Ada".into())))
        );
        let with = |k: &str, v: serde_json::Value| {
            let mut c = claims(good.clone());
            c.insert(k.into(), v);
            check_claims(&c, &p, iss, "n1", 1_500)
        };
        let is_bad = |r: Result<_, OidcProblem>| matches!(r, Err(OidcProblem::BadToken(_)));
        assert!(is_bad(with("iss", "https://evil.example".into())));
        assert!(is_bad(with("aud", "someone-else".into())));
        assert!(is_bad(with("aud", serde_json::json!(["algoreg", "other"]))));
        assert!(with("aud", serde_json::json!(["algoreg"])).is_ok());
        assert!(is_bad(with("exp", 1_000.into())));
        assert!(is_bad(with("iat", 9_000.into())));
        assert!(is_bad(with("nonce", "n2".into())));
        assert_eq!(
            with("email_verified", false.into()),
            Err(OidcProblem::NoVerifiedEmail)
        );
        assert_eq!(
            with("email", "not an address".into()),
            Err(OidcProblem::NoVerifiedEmail)
        );
        let mut c = claims(good);
        c.remove("email_verified");
        assert_eq!(
            check_claims(&c, &p, iss, "n1", 1_500),
            Err(OidcProblem::NoVerifiedEmail)
        );
        let lenient = OidcProvider {
            require_verified_email: false,
            ..provider()
        };
        assert!(check_claims(&c, &lenient, iss, "n1", 1_500).is_ok());
    }

    #[test]
    fn tokens_are_read_from_their_middle_part() {
        let payload = URL_SAFE_NO_PAD.encode(br#"{"sub":"1"}"#);
        let t = format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln");
        assert_eq!(token_claims(&t).unwrap()["sub"], "1");
        assert!(token_claims("a.b").is_err());
        assert!(token_claims("a.!!!.c").is_err());
    }

    #[test]
    fn configuration_mistakes_are_named() {
        let ok = provider();
        assert!(check_providers(std::slice::from_ref(&ok)).is_ok());
        let e = check_providers(&[ok.clone(), ok.clone()]).unwrap_err();
        assert!(e.contains("twice"), "{e}");
        let e = check_providers(&[OidcProvider {
            issuer: "http://idp.example".into(),
            ..ok.clone()
        }])
        .unwrap_err();
        assert!(e.contains("https"), "{e}");
        assert!(
            check_providers(&[OidcProvider {
                issuer: "http://127.0.0.1:9000".into(),
                ..ok.clone()
            }])
            .is_ok()
        );
        assert!(
            check_providers(&[OidcProvider {
                id: "Gemeente X".into(),
                ..ok.clone()
            }])
            .is_err()
        );
        assert!(
            check_providers(&[OidcProvider {
                organisations: vec!["nope".into()],
                ..ok.clone()
            }])
            .is_err()
        );
        assert!(!format!("{ok:?}").contains("geheim"));
    }
}
