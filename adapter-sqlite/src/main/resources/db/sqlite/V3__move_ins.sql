-- Users moved in from another server by `deckhand import`, one row each: a second import leaves
-- them alone, and the server knows that what the old server left in its folder is not waiting any more.
CREATE TABLE move_ins (
    user_name   TEXT PRIMARY KEY NOT NULL,
    source_kind TEXT NOT NULL,
    source      TEXT NOT NULL,
    media_usn   INTEGER NOT NULL,
    moved_in_at INTEGER NOT NULL
);
