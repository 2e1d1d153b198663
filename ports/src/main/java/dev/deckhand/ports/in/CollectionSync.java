package dev.deckhand.ports.in;

import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UserId;
import java.io.InputStream;

/**
 * The collection sync protocol as seen from the server: the meta decision and full (one-way) sync.
 *
 * <p>Calls for one user are serialised; calls for different users never wait for each other.
 */
public interface CollectionSync {

    /** Answers {@code /sync/meta}: the state the client compares its own against. */
    MetaOutcome meta(UserId user, MetaRequest request);

    /**
     * Replaces the user's collection with an uploaded file, or leaves it untouched and says why.
     *
     * @param collectionFile the uploaded SQLite bytes, streamed; read at most once, not closed
     */
    UploadOutcome upload(UserId user, InputStream collectionFile);

    /**
     * Prepares the user's collection for a full download (bumping its USN as the protocol requires)
     * and holds the user's sync lock until the returned download is closed.
     */
    CollectionDownload download(UserId user);

    /** Abandons whatever sync the user has in progress; harmless when there is none. */
    void abort(UserId user, SessionKey session);
}
