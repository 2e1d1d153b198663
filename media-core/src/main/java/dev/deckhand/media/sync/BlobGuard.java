package dev.deckhand.media.sync;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps housekeeping from deleting a blob between an upload storing it and the upload's ledger
 * change that references it. Uploads hold the shared side from storing blobs until their ledger
 * commit; a sweep holds the exclusive side while it re-checks and deletes. Within one process; a
 * multi-node deployment needs the same guarantee from its database.
 */
public final class BlobGuard {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** Runs an upload's store-then-reference work; many may run at once. */
    public <T> T whileUploading(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a deletion with no upload between storing and referencing. */
    public void whileDeleting(Runnable work) {
        lock.writeLock().lock();
        try {
            work.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
