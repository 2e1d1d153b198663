package dev.deckhand.ports.in;

import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.SanityCounts;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UnchunkedChanges;
import dev.deckhand.ports.model.UserId;
import java.util.Optional;

/**
 * The stateful steps of a normal (incremental) sync, from {@code start} to {@code finish}. Everything
 * a session changes lives in one transaction that {@code finish} commits; anything else rolls it back.
 *
 * <p>A session belongs to one session key. {@code start} with another key pre-empts it; calls that
 * name a session that is not the user's active one fail with {@link SyncConflictException} (409).
 * Data the collection cannot take fails with {@link InvalidSyncDataException} (400) and ends the
 * session.
 */
public interface NormalSync {

    /**
     * Opens a session and returns the server's deletions since the client's last sync.
     *
     * @param clientUsn the client's {@code minUsn}: the server USN at its last sync
     * @param clientIsNewer the client's {@code lnewer}: whose config wins
     * @param legacyGraves deletions old clients send here instead of through {@code applyGraves}
     */
    Graves start(UserId user, SessionKey session, int clientUsn, boolean clientIsNewer, Optional<Graves> legacyGraves);

    void applyGraves(UserId user, SessionKey session, Graves graves);

    /** Merges the client's notetypes, decks, deck configs, tags and config; returns the server's. */
    UnchunkedChanges applyChanges(UserId user, SessionKey session, UnchunkedChanges clientChanges);

    /** The next chunk of the server's changed revlog entries, cards and notes. */
    Chunk chunk(UserId user, SessionKey session);

    void applyChunk(UserId user, SessionKey session, Chunk chunk);

    /** Compares totals; a mismatch rolls the session back. */
    SanityOutcome sanityCheck(UserId user, SessionKey session, SanityCounts client);

    /** Commits the session; returns the collection's new modification time in milliseconds. */
    long finish(UserId user, SessionKey session);

    /**
     * Rolls back the session if it is the user's active one, because a request in it could not be
     * read. Does nothing for another session key, so a stray request cannot end someone's sync.
     */
    void abandon(UserId user, SessionKey session, String reason);
}
