-- Every user's media: one row per file name. A deleted file keeps its row with sha256 NULL and
-- size 0, so devices that are behind learn about the deletion.
CREATE TABLE media_files (
    user_name TEXT NOT NULL,
    filename  TEXT NOT NULL,
    sha1      TEXT NOT NULL,
    sha256    TEXT,
    size      INTEGER NOT NULL,
    usn       INTEGER NOT NULL,
    mtime     INTEGER NOT NULL,
    PRIMARY KEY (user_name, filename)
) WITHOUT ROWID;
CREATE INDEX media_files_by_usn ON media_files (user_name, usn);
CREATE INDEX media_files_by_blob ON media_files (sha256) WHERE sha256 IS NOT NULL;

CREATE TABLE media_state (
    user_name  TEXT PRIMARY KEY NOT NULL,
    last_usn   INTEGER NOT NULL,
    live_files INTEGER NOT NULL,
    live_bytes INTEGER NOT NULL
);
