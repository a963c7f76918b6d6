-- Administration (SQLite). Keep in step with ../postgres/0007_admin.sql.

-- Single-use links: invitations to an organisation (`kind = 'invite'`, with the roles to give) and
-- password resets (`kind = 'reset'`, for one user). Found by the SHA-256 of the secret in the link; the
-- secret itself is never stored. A new link for the same person replaces the unused old one.
CREATE TABLE user_links (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash       TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    email            TEXT NOT NULL,
    org_code         TEXT NOT NULL REFERENCES organisations (code),
    roles            TEXT NOT NULL DEFAULT '',
    user_id          INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created_by       INTEGER REFERENCES users (id),
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    used_at          TEXT
);
CREATE INDEX user_links_org ON user_links (org_code, kind);

-- When a person last logged in (set with every new session).
ALTER TABLE users ADD COLUMN last_login_at TEXT;
