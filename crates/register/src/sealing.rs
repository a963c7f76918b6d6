//! Secrets the register must be able to read back (the TOTP secrets of two-step verification) are
//! stored encrypted when the configuration gives a `secret_key`: AES-256-GCM (ring), a random nonce
//! per value, and the user's id as associated data, so a value copied to another user's row does not
//! open. A sealed value is `sealed1:` followed by base64url of nonce and ciphertext. Values written
//! before a key was configured stay readable and are sealed at start-up
//! ([`Register::seal_totp_secrets`]).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

use algoreg_domain::UserId;

use crate::{Register, RegisterError};

/// The prefix of a sealed value.
pub(crate) const SEALED: &str = "sealed1:";

/// The key that seals stored secrets (32 bytes). Never printed.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

impl SecretKey {
    /// A key from 64 hexadecimal characters (e.g. `openssl rand -hex 32`).
    pub fn from_hex(hex: &str) -> Result<Self, String> {
        let hex = hex.trim();
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("secret_key must be 64 hexadecimal characters (32 bytes)".into());
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("checked hex");
        }
        Ok(Self(key))
    }

    fn aead(&self) -> LessSafeKey {
        LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &self.0).expect("32 bytes for AES-256"))
    }
}

fn aad(user: UserId) -> String {
    format!("algoreg:totp:{}", user.0)
}

/// Seals `plain` for `user`.
fn seal(key: &SecretKey, user: UserId, plain: &str) -> String {
    use rand::RngCore;
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let mut data = plain.as_bytes().to_vec();
    key.aead()
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad(user).as_bytes()),
            &mut data,
        )
        .expect("AES-GCM seals any short value");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&data);
    format!("{SEALED}{}", URL_SAFE_NO_PAD.encode(out))
}

/// Opens a stored value of `user`: a sealed one with the key, an older plain one as it is.
fn open(key: Option<&SecretKey>, user: UserId, stored: &str) -> Result<String, RegisterError> {
    let Some(sealed) = stored.strip_prefix(SEALED) else {
        return Ok(stored.to_owned());
    };
    let Some(key) = key else {
        return Err(RegisterError::Internal(
            "a stored secret is encrypted and no secret_key is configured".into(),
        ));
    };
    let cannot = || RegisterError::Internal("a stored secret does not open with secret_key".into());
    let bytes = URL_SAFE_NO_PAD.decode(sealed).map_err(|_| cannot())?;
    if bytes.len() <= NONCE_LEN {
        return Err(cannot());
    }
    let (nonce, data) = bytes.split_at(NONCE_LEN);
    let mut data = data.to_vec();
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| cannot())?;
    let plain = key
        .aead()
        .open_in_place(nonce, Aad::from(aad(user).as_bytes()), &mut data)
        .map_err(|_| cannot())?;
    String::from_utf8(plain.to_vec()).map_err(|_| cannot())
}

impl Register {
    /// Stores TOTP secrets encrypted with `key` from now on (see the module's text).
    pub fn with_secret_key(mut self, key: SecretKey) -> Self {
        self.secret_key = Some(std::sync::Arc::new(key));
        self
    }

    /// A TOTP secret of `user` as it is to be stored.
    pub(crate) fn seal_secret(&self, user: UserId, plain: &str) -> String {
        match &self.secret_key {
            Some(k) => seal(k, user, plain),
            None => plain.to_owned(),
        }
    }

    /// A stored TOTP secret of `user`, readable again.
    pub(crate) fn open_secret(&self, user: UserId, stored: &str) -> Result<String, RegisterError> {
        open(self.secret_key.as_deref(), user, stored)
    }

    /// At start-up: refuses (with the reason) when stored secrets are sealed and the configured key
    /// (or its absence) cannot open them; with a key, seals the values stored in plain before.
    /// Answers how many values it sealed.
    pub async fn seal_totp_secrets(&self) -> Result<u64, RegisterError> {
        if let Some((user, stored)) = self.store.a_sealed_totp_secret(SEALED).await? {
            match (&self.secret_key, self.open_secret(user, &stored)) {
                (None, _) => {
                    return Err(RegisterError::Unavailable(
                        "the database holds encrypted two-step verification secrets: configure the \
                         secret_key they were sealed with"
                            .into(),
                    ));
                }
                (Some(_), Err(_)) => {
                    return Err(RegisterError::Unavailable(
                        "secret_key does not open the stored two-step verification secrets: is it \
                         the key they were sealed with?"
                            .into(),
                    ));
                }
                (Some(_), Ok(_)) => {}
            }
        }
        if self.secret_key.is_none() {
            return Ok(0);
        }
        let mut sealed = 0;
        for (user, secret, pending) in self.store.unsealed_totp_secrets(SEALED).await? {
            for (is_pending, value) in [(false, secret), (true, pending)] {
                if let Some(v) = value.filter(|v| !v.starts_with(SEALED)) {
                    let new = self.seal_secret(user, &v);
                    if self
                        .store
                        .replace_totp_value(user, is_pending, &v, &new)
                        .await?
                    {
                        sealed += 1;
                    }
                }
            }
        }
        Ok(sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_user() {
        let key = SecretKey::from_hex(&"ab".repeat(32)).unwrap();
        let other = SecretKey::from_hex(&"cd".repeat(32)).unwrap();
        let a = seal(&key, UserId(1), "JBSWY3DPEHPK3PXP");
        assert!(a.starts_with(SEALED) && !a.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(
            a,
            seal(&key, UserId(1), "JBSWY3DPEHPK3PXP"),
            "a new nonce each time"
        );
        assert_eq!(open(Some(&key), UserId(1), &a).unwrap(), "JBSWY3DPEHPK3PXP");
        assert!(
            open(Some(&key), UserId(2), &a).is_err(),
            "another user's row"
        );
        assert!(open(Some(&other), UserId(1), &a).is_err(), "another key");
        assert!(open(None, UserId(1), &a).is_err());
        assert!(open(Some(&key), UserId(1), "sealed1:!!").is_err());
        assert!(open(Some(&key), UserId(1), "sealed1:AAAA").is_err());
        // Values from before the key are read as they are.
        assert_eq!(open(Some(&key), UserId(1), "ABC").unwrap(), "ABC");
        assert_eq!(open(None, UserId(1), "ABC").unwrap(), "ABC");
    }

    #[test]
    fn keys_are_64_hex_characters_and_never_printed() {
        assert!(SecretKey::from_hex("abc").is_err());
        assert!(SecretKey::from_hex(&"zz".repeat(32)).is_err());
        let k = SecretKey::from_hex(&format!(" {} ", "0f".repeat(32))).unwrap();
        assert_eq!(format!("{k:?}"), "SecretKey(***)");
    }
}
