-- The write API (PostgreSQL). Keep in step with ../sqlite/0003_idempotency.sql.

-- Answers to POST requests sent with an `Idempotency-Key`, per user (person or API client), so that a
-- repeated request gets the first answer instead of acting twice. `status` is NULL while the first
-- request is still being answered. Rows older than 24 hours are removed when new keys are stored.
CREATE TABLE idempotency_keys (
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    status        INTEGER,
    headers       TEXT,
    body          TEXT,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Bulk upserts find an organisation's descriptions by the organisation's own ID for them.
CREATE INDEX descriptions_source ON descriptions (org_code, source_id);
