//! Rate limits: requests counted per key (an account or API client, an address) in fixed one-minute
//! windows, in the database, so that every node sees the same count.

use crate::{Register, RegisterError};

/// How many requests a minute each kind of key may make; 0 switches a limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Per account or API client, on the write APIs.
    pub per_actor: u32,
    /// Per client address, on the write APIs.
    pub per_address: u32,
    /// Per client address, at the token endpoint (guards against guessing passwords and secrets).
    pub token_per_address: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            per_actor: 600,
            per_address: 1200,
            token_per_address: 30,
        }
    }
}

const WINDOW_SECONDS: i64 = 60;

impl Register {
    pub fn with_rate_limits(mut self, limits: RateLimits) -> Self {
        self.limits = limits;
        self
    }

    pub fn rate_limits(&self) -> RateLimits {
        self.limits
    }

    /// Counts one request for `key` against `limit` a minute; over the limit is
    /// [`RegisterError::RateLimited`] with the seconds until the window ends.
    pub async fn count_request(&self, key: &str, limit: u32) -> Result<(), RegisterError> {
        if limit == 0 {
            return Ok(());
        }
        let now = algoreg_store::now().timestamp();
        let window = now - now.rem_euclid(WINDOW_SECONDS);
        let count = self
            .store
            .count_request(key, window, window - WINDOW_SECONDS)
            .await?;
        if count > i64::from(limit) {
            let retry_after = u64::try_from(window + WINDOW_SECONDS - now)
                .unwrap_or(1)
                .max(1);
            return Err(RegisterError::RateLimited { retry_after });
        }
        Ok(())
    }
}
