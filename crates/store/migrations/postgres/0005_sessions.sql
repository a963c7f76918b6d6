-- Back-office sessions and login throttling (PostgreSQL). Keep in step with ../sqlite/0005_sessions.sql.
-- Kept in the database so that every node behind a load balancer knows every session and every failed
-- login. A session is found by the SHA-256 of its cookie value: the cookie itself is never stored.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per failed login, per subject (`account:<e-mail>` and `address:<ip>`); old rows are removed
-- when newer failures are written.
CREATE TABLE login_failures (
    subject  TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (subject, at);
