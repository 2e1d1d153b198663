-- The shared-deck media catalog. A file is stored once (stored_media_files, keyed by the SHA-256 of
-- the stored bytes); a deck maps the file names its notes use to files (deck_media); notes and
-- suggestions reference names (media_references). reference_count of a file is the number of
-- references whose (deck, name) maps to it, kept in the same transaction as every change.

CREATE TABLE shared_decks (
    id          TEXT PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    title       TEXT NOT NULL,
    quota_bytes BIGINT NOT NULL CHECK (quota_bytes > 0),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE deck_members (
    deck_id   TEXT NOT NULL REFERENCES shared_decks (id) ON DELETE CASCADE,
    user_name TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('SUBSCRIBER', 'CONTRIBUTOR', 'MAINTAINER')),
    PRIMARY KEY (deck_id, user_name)
);

CREATE TABLE stored_media_files (
    hash            TEXT PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
    storage_key     TEXT NOT NULL UNIQUE,
    size            BIGINT NOT NULL CHECK (size >= 0),
    content_type    TEXT NOT NULL,
    reference_count INTEGER NOT NULL DEFAULT 0 CHECK (reference_count >= 0),
    -- When a deck last mapped a name to this file: a file nothing references is kept for a grace
    -- period after that, so an upload is not deleted before the suggestion that uses it arrives.
    last_mapped_at  TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX stored_media_files_unreferenced ON stored_media_files (last_mapped_at) WHERE reference_count = 0;

-- Announced bytes that were stored converted (a PNG stored as WebP): the next announcement of the
-- same PNG finds the WebP.
CREATE TABLE media_aliases (
    announced_hash TEXT PRIMARY KEY CHECK (announced_hash ~ '^[0-9a-f]{64}$'),
    stored_hash    TEXT NOT NULL REFERENCES stored_media_files (hash) ON DELETE CASCADE
);
CREATE INDEX media_aliases_by_stored ON media_aliases (stored_hash);

CREATE TABLE deck_media (
    deck_id   TEXT NOT NULL REFERENCES shared_decks (id) ON DELETE CASCADE,
    filename  TEXT NOT NULL,
    hash      TEXT NOT NULL REFERENCES stored_media_files (hash) ON DELETE CASCADE,
    mapped_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (deck_id, filename)
);
CREATE INDEX deck_media_by_hash ON deck_media (hash);
CREATE INDEX deck_media_by_time ON deck_media (deck_id, mapped_at);

CREATE TABLE media_references (
    deck_id     TEXT NOT NULL REFERENCES shared_decks (id) ON DELETE CASCADE,
    holder_kind TEXT NOT NULL CHECK (holder_kind IN ('NOTE', 'SUGGESTION')),
    holder_id   BIGINT NOT NULL,
    filename    TEXT NOT NULL,
    PRIMARY KEY (deck_id, holder_kind, holder_id, filename)
);
CREATE INDEX media_references_by_name ON media_references (deck_id, filename);

CREATE TABLE upload_tickets (
    id             UUID PRIMARY KEY,
    deck_id        TEXT NOT NULL REFERENCES shared_decks (id) ON DELETE CASCADE,
    user_name      TEXT NOT NULL,
    filename       TEXT NOT NULL,
    announced_hash TEXT NOT NULL CHECK (announced_hash ~ '^[0-9a-f]{64}$'),
    size           BIGINT NOT NULL CHECK (size > 0),
    staging_key    TEXT NOT NULL UNIQUE,
    expires_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX upload_tickets_by_expiry ON upload_tickets (expires_at);
