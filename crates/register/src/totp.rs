//! Two-factor authentication with one-time codes: TOTP (RFC 6238 over HOTP, RFC 4226) with HMAC-SHA1,
//! 30-second steps and 6 digits, the form every authenticator app reads from an `otpauth://` URI.
//! A code is accepted for the step before, of and after now (clock drift), and at most once: the
//! newest accepted step is stored and only newer steps count (replay protection that holds across
//! nodes, one atomic update). Secrets are 160 random bits, shown to the user in base32, and stored
//! sealed with the configured `secret_key` (`sealing`).
//!
//! The services: a user's status, enrolment (a pending secret confirmed with a code), switching it
//! off (with a code, unless an organisation requires it), an organisation's requirement (set by its
//! admins and platform admins, `domain::authorize_admin`), and checking a code at login.

use algoreg_domain::{Actor, AdminAction, OrgCode, UserId, authorize_admin};
use algoreg_store::StoreError;
use hmac::{KeyInit, Mac};

use crate::auth::Secret;
use crate::error::TwoFactorProblem;
use crate::{Register, RegisterError};

/// Seconds per step.
pub const TOTP_STEP_SECONDS: u64 = 30;
/// Digits of a code.
pub const TOTP_DIGITS: u32 = 6;
/// Bytes of a secret (160 bits, as RFC 4226 recommends).
const SECRET_BYTES: usize = 20;

/// HOTP (RFC 4226): the `digits`-digit code of `key` for `counter`.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC accepts keys of any length; this cannot fail.
    let Ok(mut mac) = hmac::Hmac::<sha1::Sha1>::new_from_slice(key) else {
        return 0;
    };
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[hash.len() - 1] & 0x0f);
    let bin = u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    bin % 10u32.pow(digits)
}

/// The step of Unix time `unix`.
pub fn step_at(unix: u64) -> u64 {
    unix / TOTP_STEP_SECONDS
}

/// The 6-digit code of `key` at Unix time `unix`, with leading zeros.
pub fn totp_code(key: &[u8], unix: u64) -> String {
    format!(
        "{:0width$}",
        hotp(key, step_at(unix), TOTP_DIGITS),
        width = TOTP_DIGITS as usize
    )
}

/// The step (one before, of, or after now) whose code `code` is, newest first; `None` when it is
/// none of them. Spaces in the code are ignored; comparing takes the same time wherever it differs.
pub fn matching_step(key: &[u8], code: &str, unix: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != TOTP_DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix);
    [now + 1, now, now.saturating_sub(1)]
        .into_iter()
        .find(|&step| {
            let expected = format!(
                "{:0width$}",
                hotp(key, step, TOTP_DIGITS),
                width = TOTP_DIGITS as usize
            );
            crate::same_secret(&expected, &code)
        })
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Base32 (RFC 4648) without padding, as authenticator apps take secrets.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Reads base32 (either case, spaces and padding ignored); `None` for any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let c = c.to_ascii_uppercase();
        let v = BASE32.iter().position(|&x| char::from(x) == c)?;
        buffer = (buffer << 5) | u32::try_from(v).ok()?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

fn component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `otpauth://` URI an authenticator app reads (Google Authenticator's key URI format).
pub fn otpauth_uri(issuer: &str, account: &str, secret_base32: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={secret_base32}&issuer={}&algorithm=SHA1&digits={TOTP_DIGITS}&period={TOTP_STEP_SECONDS}",
        component(issuer),
        component(account),
        component(issuer)
    )
}

fn unix_now() -> u64 {
    u64::try_from(algoreg_store::now().timestamp()).unwrap_or(0)
}

fn as_step(step: u64) -> i64 {
    i64::try_from(step).unwrap_or(i64::MAX)
}

/// A user's second factor, as they see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoFactorStatus {
    /// The user logs in with a one-time code.
    pub enabled: bool,
    /// One of the user's organisations requires it.
    pub required: bool,
}

impl TwoFactorStatus {
    /// The user must set it up before doing anything else.
    pub fn must_enrol(self) -> bool {
        self.required && !self.enabled
    }
}

/// A secret being set up: shown to the user (as text and in an `otpauth://` URI) until they confirm it
/// with a code.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// Base32.
    pub secret: Secret,
    /// The user's e-mail address (the account name in the app).
    pub account: String,
}

impl Register {
    /// The second factor of `user`.
    pub async fn two_factor(&self, user: UserId) -> Result<TwoFactorStatus, RegisterError> {
        let row = self.store.totp(user).await?;
        Ok(TwoFactorStatus {
            enabled: row.secret.is_some(),
            required: row.required,
        })
    }

    /// The secret `actor` is setting up: the one shown before (so that a reloaded page shows the same),
    /// or a new one. `None` when they have a second factor already. Machine clients have none.
    pub async fn totp_enrolment(&self, actor: &Actor) -> Result<Option<Enrolment>, RegisterError> {
        if actor.is_client() {
            return Err(RegisterError::NotFound);
        }
        let row = self.store.totp(actor.id).await?;
        if row.secret.is_some() {
            return Ok(None);
        }
        let secret = match row.pending {
            Some(p) => self.open_secret(actor.id, &p)?,
            None => {
                use rand::RngCore;
                let mut key = [0u8; SECRET_BYTES];
                rand::rng().fill_bytes(&mut key);
                let s = base32_encode(&key);
                self.store
                    .set_totp_pending(actor.id, Some(&self.seal_secret(actor.id, &s)))
                    .await?;
                s
            }
        };
        Ok(Some(Enrolment {
            secret: Secret::new(secret),
            account: self.store.user_email(actor.id).await?,
        }))
    }

    /// Switches the second factor on: `code` must be a current code of the secret being set up.
    pub async fn confirm_totp(&self, actor: &Actor, code: &str) -> Result<(), RegisterError> {
        let row = self.store.totp(actor.id).await?;
        let Some(pending) = row.pending.filter(|_| row.secret.is_none()) else {
            return Err(RegisterError::TwoFactor(TwoFactorProblem::Expired));
        };
        let key = self.totp_key(actor.id, &pending)?;
        let Some(step) = matching_step(&key, code, unix_now()) else {
            return Err(RegisterError::TwoFactor(TwoFactorProblem::WrongCode));
        };
        let events = self
            .events_for_account(Some(actor), actor.id, "two-factor-on")
            .await?;
        if !self
            .store
            .confirm_totp(actor.id, &pending, as_step(step), &events)
            .await?
        {
            return Err(RegisterError::TwoFactor(TwoFactorProblem::Expired));
        }
        tracing::info!(user = %actor.id, "two-factor authentication switched on");
        Ok(())
    }

    /// Switches the second factor off, with a current code; refused while an organisation of the
    /// user requires it.
    pub async fn disable_totp(&self, actor: &Actor, code: &str) -> Result<(), RegisterError> {
        let row = self.store.totp(actor.id).await?;
        if row.secret.is_none() {
            return Ok(());
        }
        if row.required {
            return Err(RegisterError::TwoFactor(TwoFactorProblem::Required));
        }
        self.check_code(actor.id, code).await?;
        let events = self
            .events_for_account(Some(actor), actor.id, "two-factor-off")
            .await?;
        self.store.clear_totp(actor.id, &events).await?;
        tracing::info!(user = %actor.id, "two-factor authentication switched off");
        Ok(())
    }

    /// Checks a code of a user with a second factor, and marks its step used. A user without one
    /// passes. Wrong, missing and reused codes are [`TwoFactorProblem::WrongCode`].
    /// The key bytes of a stored secret of `user` (sealed or not).
    fn totp_key(&self, user: UserId, stored: &str) -> Result<Vec<u8>, RegisterError> {
        base32_decode(&self.open_secret(user, stored)?)
            .ok_or_else(|| RegisterError::Internal("a stored TOTP secret is not base32".into()))
    }

    pub(crate) async fn check_code(&self, user: UserId, code: &str) -> Result<(), RegisterError> {
        let row = self.store.totp(user).await?;
        let Some(secret) = row.secret else {
            return Ok(());
        };
        let key = self.totp_key(user, &secret)?;
        let wrong = || RegisterError::TwoFactor(TwoFactorProblem::WrongCode);
        let step = matching_step(&key, code, unix_now()).ok_or_else(wrong)?;
        if row.last_step.is_some_and(|last| last >= as_step(step))
            || !self.store.use_totp_step(user, as_step(step)).await?
        {
            return Err(wrong());
        }
        Ok(())
    }

    /// Removes the second factor of the user with e-mail address `email` on the operator's say-so (the
    /// command line, which holds the database credentials), for someone who lost their phone. They log
    /// in with their password again (and set it up anew if their organisation requires it).
    pub async fn reset_two_factor_as_operator(&self, email: &str) -> Result<(), RegisterError> {
        let user = self.store.user_by_email(email).await?;
        // Logged in each of the user's organisations, by the command line rather than a person.
        let events = self
            .events_for_account(None, user.id, "two-factor-reset")
            .await?;
        self.store.clear_totp(user.id, &events).await?;
        tracing::info!(user = %user.id, "two-factor authentication removed by the operator");
        Ok(())
    }

    /// Whether organisation `org` requires its members to use a second factor (for its admins and
    /// platform admins; others are refused as for its API clients).
    pub async fn org_requires_totp(&self, actor: &Actor, org: &str) -> Result<bool, RegisterError> {
        let code = org_code(org)?;
        authorize_admin(actor, AdminAction::ManageSecurity, &code).map_err(admin_denied)?;
        Ok(self.store.org_requires_totp(&code).await?)
    }

    /// Sets whether organisation `org` requires its members to use a second factor. Members without
    /// one are sent to set it up at their next request.
    pub async fn set_org_requires_totp(
        &self,
        actor: &Actor,
        org: &str,
        required: bool,
    ) -> Result<(), RegisterError> {
        let code = org_code(org)?;
        authorize_admin(actor, AdminAction::ManageSecurity, &code).map_err(admin_denied)?;
        self.store
            .set_org_requires_totp(&code, required, actor.id, &actor.name)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => RegisterError::NotFound,
                other => other.into(),
            })?;
        tracing::info!(user = %actor.id, org = %code, required, "two-factor requirement set");
        Ok(())
    }
}

fn org_code(org: &str) -> Result<OrgCode, RegisterError> {
    OrgCode::parse(org.trim()).map_err(|_| RegisterError::NotFound)
}

/// Outsiders learn nothing about another organisation.
fn admin_denied(d: algoreg_domain::Denied) -> RegisterError {
    match d {
        algoreg_domain::Denied::NotMember => RegisterError::NotFound,
        other => RegisterError::Denied(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows: the 20-byte seed "12345678901234567890", 8 digits.
    #[test]
    fn rfc6238_test_vectors() {
        let key = b"12345678901234567890";
        for (time, code) in [
            (59u64, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            assert_eq!(hotp(key, step_at(time), 8), code, "T = {time}");
            // Six digits are the last six of eight.
            assert_eq!(
                totp_code(key, time),
                format!("{:06}", code % 1_000_000),
                "T = {time}"
            );
        }
    }

    /// RFC 4226 appendix D: HOTP values for counters 0…9.
    #[test]
    fn rfc4226_test_vectors() {
        let key = b"12345678901234567890";
        let want = [
            755_224, 287_082, 359_152, 969_429, 338_314, 254_676, 287_922, 162_583, 399_871,
            520_489,
        ];
        for (counter, code) in want.iter().enumerate() {
            assert_eq!(hotp(key, counter as u64, 6), *code);
        }
    }

    #[test]
    fn codes_match_one_step_either_side() {
        let key = b"12345678901234567890";
        let t = 1_111_111_111;
        let now = totp_code(key, t);
        assert_eq!(matching_step(key, &now, t), Some(step_at(t)));
        assert_eq!(
            matching_step(key, &format!(" {} {} ", &now[..3], &now[3..]), t),
            Some(step_at(t))
        );
        let before = totp_code(key, t - 30);
        assert_eq!(matching_step(key, &before, t), Some(step_at(t) - 1));
        let after = totp_code(key, t + 30);
        assert_eq!(matching_step(key, &after, t), Some(step_at(t) + 1));
        assert_eq!(matching_step(key, &totp_code(key, t - 60), t), None);
        assert_eq!(matching_step(key, &totp_code(key, t + 60), t), None);
        for bad in ["", "12345", "1234567", "abcdef", "12345x"] {
            assert_eq!(matching_step(key, bad, t), None, "{bad}");
        }
    }

    #[test]
    fn base32_round_trips_and_matches_rfc4648() {
        assert_eq!(base32_encode(b""), "");
        assert_eq!(base32_encode(b"f"), "MY");
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32_encode(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(base32_decode("mzxw 6ytb oi=="), Some(b"foobar".to_vec()));
        assert_eq!(base32_decode("MZ1"), None);
        for n in 0..25u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(base32_decode(&base32_encode(&bytes)), Some(bytes));
        }
    }

    #[test]
    fn otpauth_uris_are_escaped() {
        assert_eq!(
            otpauth_uri("Algoritmeregister", "eva@example.nl", "ABC"),
            "otpauth://totp/Algoritmeregister:eva%40example.nl?secret=ABC&issuer=Algoritmeregister&algorithm=SHA1&digits=6&period=30"
        );
    }
}
