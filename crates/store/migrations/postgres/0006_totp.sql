-- Two-factor authentication with one-time codes (TOTP, RFC 6238) (PostgreSQL). Keep in step with
-- ../sqlite/0006_totp.sql.
-- users.totp_secret: the confirmed secret (base32), NULL when the user has no second factor;
-- users.totp_pending: a secret shown during enrolment, until the user confirms it with a code;
-- users.totp_last_step: the newest 30-second step whose code was accepted (a code is used once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- An organisation may require every member to use a second factor.
ALTER TABLE organisations ADD COLUMN require_totp BOOLEAN NOT NULL DEFAULT FALSE;

-- Logins waiting for their one-time code: a correct password was given, no session exists yet. Found
-- by the SHA-256 of the secret in the browser's cookie, as sessions are.
CREATE TABLE login_challenges (
    id_hash     TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL
);
