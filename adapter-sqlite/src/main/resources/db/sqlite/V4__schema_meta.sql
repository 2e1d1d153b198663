-- Which schema version this database has and which Deckhand build last brought it there: one row.
-- An older build that finds a newer version refuses the file and names the build that wrote it.
CREATE TABLE deckhand_schema (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    schema_version INTEGER NOT NULL,
    written_by     TEXT NOT NULL,
    written_at     TEXT NOT NULL
);
