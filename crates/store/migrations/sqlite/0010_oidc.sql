-- Logins through an organisation's identity provider (OpenID Connect) (SQLite). Keep in step with
-- ../postgres/0010_oidc.sql.
-- A login waits here between sending the browser to the provider and its return: found by the
-- SHA-256 of the `state` value (also kept in a short cookie of the browser), used once.
CREATE TABLE oidc_logins (
    state_hash  TEXT PRIMARY KEY,
    provider    TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    verifier    TEXT NOT NULL,
    next_path   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX oidc_logins_created ON oidc_logins (created_at);
