package dev.deckhand.app.backup;

import dev.deckhand.ports.model.UserId;
import java.util.Optional;

/**
 * Runs the copy of one user's collection. Inside the server it holds the user's sync lock, so no
 * request of that user runs during the copy. A backup process beside the server cannot reach the
 * server's locks and copies straight away; its copy is still consistent, because each copy is one
 * SQLite snapshot and a full upload's rename is detected (see {@code SqliteSnapshots}).
 */
@FunctionalInterface
public interface CollectionGuard {

    /**
     * @param owner the user whose collection it is, when the server database names them (a user
     *     who was never signed in on a device has no sync to wait for)
     */
    void whileCopying(Optional<UserId> owner, Runnable copy);

    /** For a backup process beside the server: nothing to hold. */
    static CollectionGuard none() {
        return (owner, copy) -> copy.run();
    }
}
