-- Machine access: API clients, access tokens, and rate-limit counters (SQLite). Keep in step with
-- ../postgres/0002_auth.sql.

-- A user row is a person or the identity of an API client, so versions and events name the client.
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'person';

-- An organisation's API clients. Only the Argon2id hash of the secret is kept.
CREATE TABLE api_clients (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id        TEXT NOT NULL UNIQUE,
    user_id          INTEGER NOT NULL UNIQUE REFERENCES users (id),
    org_code         TEXT NOT NULL REFERENCES organisations (code),
    name             TEXT NOT NULL,
    secret_hash      TEXT NOT NULL,
    allowed_actions  TEXT NOT NULL,
    created_by       INTEGER REFERENCES users (id),
    created_at       TEXT NOT NULL,
    secret_set_at    TEXT NOT NULL,
    last_used_at     TEXT,
    revoked_at       TEXT
);
CREATE INDEX api_clients_org ON api_clients (org_code);

-- Short-lived bearer tokens, by the SHA-256 of the token (the token itself is never stored).
CREATE TABLE access_tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_ref  INTEGER REFERENCES api_clients (id) ON DELETE CASCADE,
    org_code    TEXT REFERENCES organisations (code),
    expires_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX access_tokens_expires ON access_tokens (expires_at);
CREATE INDEX access_tokens_client ON access_tokens (client_ref);

-- Requests counted per key (a client, an address) and fixed window, shared by every node.
CREATE TABLE rate_counters (
    key           TEXT NOT NULL,
    window_start  BIGINT NOT NULL,
    count         BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);
