-- Notifications: every message is written to the outbox in the transaction of the change it
-- announces, and sent from there by SMTP when that is configured (SQLite). Keep in step with
-- ../postgres/0008_outbox.sql.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at       TEXT NOT NULL,
    -- submitted | published | rejected
    kind             TEXT NOT NULL,
    recipient_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    recipient_email  TEXT NOT NULL,
    recipient_name   TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    -- The description the message is about (none for messages about something else).
    description_id   TEXT,
    org_code         TEXT NOT NULL REFERENCES organisations (code),
    sent_at          TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    -- A sending node's claim: its random token, held until claimed_until.
    claim_token      TEXT,
    claimed_until    TEXT,
    last_error       TEXT
);
CREATE INDEX outbox_org ON outbox (org_code, id);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
