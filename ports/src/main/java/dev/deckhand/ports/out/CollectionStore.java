package dev.deckhand.ports.out;

import dev.deckhand.ports.model.CollectionState;
import dev.deckhand.ports.model.UserId;
import java.io.InputStream;

/**
 * One Anki collection per user, kept in schema 18.
 *
 * <p>The caller serialises calls for the same user (the sync core holds a per-user lock); calls for
 * different users may run in parallel.
 */
public interface CollectionStore {

    /** The state of the user's collection, creating a valid empty one first if the user has none. */
    CollectionState open(UserId user);

    /**
     * Streams an uploaded collection into a staging file and checks it (SQLite integrity with the
     * {@code unicase} collation, the tables of a collection, a supported schema). Nothing the user
     * has stored changes. May run without the user's lock.
     *
     * @param maxBytes uploads of this many bytes or more are refused as too large
     */
    StageOutcome stage(UserId user, InputStream uploaded, long maxBytes);

    /**
     * Atomically replaces the user's collection with a staged upload: durable on disk, stale
     * write-ahead-log files removed.
     */
    void install(StagedCollection staged);

    /**
     * Bumps the collection's USN and sets its modification time, as a full download requires, then
     * returns the file fully checkpointed.
     */
    StoredFile prepareDownload(UserId user, long nowMillis);

    /**
     * The user's collection exactly as stored, fully checkpointed into its one file, for a copy to
     * another node. Unlike {@link #prepareDownload} it changes nothing. Creates an empty collection
     * first if the user has none.
     */
    StoredFile snapshot(UserId user);

    /** Deletes the user's collection, once it lives on another node; harmless when there is none. */
    void remove(UserId user);
}
