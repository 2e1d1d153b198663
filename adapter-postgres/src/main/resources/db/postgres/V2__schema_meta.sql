-- Which schema version the catalog has and which Deckhand build last brought it there: one row.
-- An older build that finds a newer version refuses the catalog and names the build that wrote it
-- (Flyway alone would ignore migrations it does not know and carry on).
CREATE TABLE deckhand_schema (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    schema_version INTEGER NOT NULL,
    written_by     TEXT NOT NULL,
    written_at     TIMESTAMPTZ NOT NULL
);
