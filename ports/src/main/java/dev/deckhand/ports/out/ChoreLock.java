package dev.deckhand.ports.out;

import java.util.Optional;

/**
 * A named lock that one server at a time holds, for a chore the nodes of a cluster must not run
 * together (sweeping unreferenced blobs, say). Never waits: a node that does not get the lock
 * skips the chore this time.
 */
@FunctionalInterface
public interface ChoreLock {

    /** A server on its own: every chore may always run. */
    ChoreLock ALONE = name -> Optional.of(() -> { });

    /** The lock called {@code name}, if nobody holds it; close it when the chore is done. */
    Optional<? extends Held> tryAcquire(String name);

    /** A held lock. */
    interface Held extends AutoCloseable {
        /** Releases the lock; closing twice does nothing. */
        @Override
        void close();
    }
}
