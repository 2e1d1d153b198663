-- Every user's media, shared by every node: one row per file name. A deleted file keeps its row
-- with sha256 NULL and size 0, so devices that are behind learn about the deletion.
CREATE TABLE media_files (
    user_name TEXT NOT NULL,
    filename  TEXT NOT NULL,
    sha1      TEXT NOT NULL,
    sha256    TEXT CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size      BIGINT NOT NULL CHECK (size >= 0),
    usn       INTEGER NOT NULL,
    mtime     BIGINT NOT NULL,
    PRIMARY KEY (user_name, filename)
);
CREATE INDEX media_files_by_usn ON media_files (user_name, usn);
CREATE INDEX media_files_by_blob ON media_files (sha256) WHERE sha256 IS NOT NULL;

-- Each user's latest USN and live totals. A batch locks its user's row (SELECT ... FOR UPDATE), so
-- batches of one user run one at a time across nodes and never hand out one USN twice.
CREATE TABLE media_state (
    user_name  TEXT PRIMARY KEY,
    last_usn   INTEGER NOT NULL,
    live_files BIGINT NOT NULL,
    live_bytes BIGINT NOT NULL
);
