-- Read paths of the public register (lists and downloads).

-- The name as lists sort it: lower case, accents folded (`store::name_key`, written by the store with
-- every `published` row), compared byte by byte on both backends and in the store's read model. Rows
-- published before this migration get their key from the migrator, in the same transaction; the column
-- stays nullable only because SQLite cannot add a NOT NULL column without a default.
ALTER TABLE published ADD COLUMN name_key TEXT COLLATE "C";
DROP INDEX published_name;
CREATE INDEX published_name ON published (name_key, description_id);
-- Counts of filtered lists are made by the read model now; this index only cost writes.
DROP INDEX published_filters;

-- The cells of the tabular downloads (CSV, XLSX) of each description's current public version, rendered
-- when it is published, so that a download copies them instead of converting the document again (older
-- versions in history downloads are converted). `format` is the version of the rendering; cells of
-- another format are rendered again from the document when they are read. Derived data: the document
-- stays the only source.
CREATE TABLE export_cells (
    description_id  TEXT PRIMARY KEY REFERENCES descriptions (id),
    n               BIGINT NOT NULL,
    format          BIGINT NOT NULL,
    cells           TEXT NOT NULL,
    FOREIGN KEY (description_id, n) REFERENCES versions (description_id, n)
);
