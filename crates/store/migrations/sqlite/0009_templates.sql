-- Provider templates (SQLite). Keep in step with ../postgres/0009_templates.sql.
-- An account of a supplier: the supplier's name (none for everyone else).
ALTER TABLE users ADD COLUMN provider TEXT;

-- A supplier's description of its product that organisations start from: a document of the standard,
-- normalised like every document. Public to the back-office once published_at is set.
CREATE TABLE templates (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    provider      TEXT NOT NULL,
    name          TEXT NOT NULL,
    document      TEXT NOT NULL,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    published_at  TEXT
);
CREATE INDEX templates_provider ON templates (provider, id);

-- The template a description was started from (none for most).
ALTER TABLE descriptions ADD COLUMN template_id INTEGER REFERENCES templates (id);
CREATE INDEX descriptions_template ON descriptions (template_id) WHERE template_id IS NOT NULL;
