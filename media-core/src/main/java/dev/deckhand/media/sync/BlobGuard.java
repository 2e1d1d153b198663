package dev.deckhand.media.sync;

import dev.deckhand.ports.out.ContentGuard;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The {@link ContentGuard} of a server on its own: a read-write lock in this process. (The nodes of
 * a cluster use one in their shared database.)
 */
public final class BlobGuard implements ContentGuard {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    @Override
    public <T> T whileUploading(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Always gets the lock: uploads in this process are short, so waiting for them is. */
    @Override
    public boolean whileDeleting(Runnable work) {
        lock.writeLock().lock();
        try {
            work.run();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
