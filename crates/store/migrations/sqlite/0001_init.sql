-- The register's core tables (SQLite). Keep in step with ../postgres/0001_init.sql.
CREATE TABLE organisations (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    org_type     TEXT NOT NULL,
    parent_code  TEXT REFERENCES organisations (code),
    flow         TEXT NOT NULL,
    public_page  BOOLEAN NOT NULL DEFAULT 1,
    about        TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    password_hash   TEXT,
    platform_roles  TEXT NOT NULL DEFAULT '',
    disabled        BOOLEAN NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);

CREATE TABLE memberships (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_code  TEXT NOT NULL REFERENCES organisations (code),
    role      TEXT NOT NULL,
    PRIMARY KEY (user_id, org_code, role)
);

CREATE TABLE descriptions (
    id                  TEXT PRIMARY KEY,
    org_code            TEXT NOT NULL REFERENCES organisations (code),
    created_at          TEXT NOT NULL,
    head_n              INTEGER NOT NULL,
    published_n         INTEGER,
    first_published_at  TEXT,
    archived_at         TEXT,
    source_id           TEXT
);
CREATE INDEX descriptions_org ON descriptions (org_code);
CREATE INDEX descriptions_published ON descriptions (published_n);

CREATE TABLE versions (
    description_id        TEXT NOT NULL REFERENCES descriptions (id),
    n                     INTEGER NOT NULL,
    state                 TEXT NOT NULL,
    standard_version      TEXT NOT NULL,
    document              TEXT NOT NULL,
    name                  TEXT NOT NULL,
    summary               TEXT NOT NULL,
    status                TEXT,
    publication_category  TEXT,
    provider              TEXT,
    lang                  TEXT NOT NULL,
    themes                TEXT NOT NULL,
    impact_codes          TEXT NOT NULL,
    completeness          INTEGER NOT NULL,
    created_at            TEXT NOT NULL,
    created_by            INTEGER REFERENCES users (id),
    author_name           TEXT NOT NULL,
    state_changed_at      TEXT NOT NULL,
    state_changed_by      INTEGER REFERENCES users (id),
    state_reason          TEXT,
    published_at          TEXT,
    superseded_at         TEXT,
    PRIMARY KEY (description_id, n)
);
CREATE INDEX versions_state ON versions (state);

-- The public register as one narrow row per published description: what lists and filters read, so
-- they never scan version documents. Kept in step by every transition and import, in their transaction.
CREATE TABLE published (
    description_id        TEXT PRIMARY KEY REFERENCES descriptions (id),
    org_code              TEXT NOT NULL REFERENCES organisations (code),
    n                     INTEGER NOT NULL,
    name                  TEXT NOT NULL,
    summary               TEXT NOT NULL,
    status                TEXT,
    publication_category  TEXT,
    provider              TEXT,
    standard_version      TEXT NOT NULL,
    lang                  TEXT NOT NULL,
    themes                TEXT NOT NULL,
    impact_codes          TEXT NOT NULL,
    first_published_at    TEXT,
    published_at          TEXT NOT NULL
);
-- Lists page through these in order and stop after a page: no sort of the whole selection.
CREATE INDEX published_published_at ON published (published_at, description_id);
CREATE INDEX published_name ON published (LOWER(name), description_id);
CREATE INDEX published_org ON published (org_code);
-- Covers every filter column, so counts of a filtered selection read the index only.
CREATE INDEX published_filters ON published
    (org_code, status, publication_category, standard_version, lang, provider, themes, impact_codes);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    actor_id        INTEGER REFERENCES users (id),
    actor_name      TEXT NOT NULL,
    org_code        TEXT NOT NULL,
    description_id  TEXT,
    version_n       INTEGER,
    kind            TEXT NOT NULL,
    reason          TEXT
);
CREATE INDEX events_org ON events (org_code, id);
CREATE INDEX events_description ON events (description_id, id);

-- What changed, in order: a description ID or `organisations`; followers (caches, the search index)
-- read it by sequence number.
CREATE TABLE change_log (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    subject         TEXT NOT NULL,
    kind            TEXT NOT NULL
);
