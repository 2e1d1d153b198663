package dev.deckhand.sync.lock;

import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SyncEvents;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * One lock per user, so that a user's requests run one at a time while other users never wait.
 * (The official server holds a single lock for every user; this is the difference that matters
 * under load.)
 *
 * <p>The lock has no owning thread: a download may release it from whichever thread finishes
 * streaming. A waiter gives up after {@code maxWait} with a {@link SyncConflictException} rather than queue
 * behind a stalled transfer for ever.
 */
public final class UserLocks {

    private final ConcurrentMap<UserId, Semaphore> locks = new ConcurrentHashMap<>();
    private final Duration maxWait;
    private final SyncEvents events;

    public UserLocks(Duration maxWait, SyncEvents events) {
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Takes the user's lock, waiting at most {@code maxWait}. Release it with {@link Held#close()}. */
    public Held acquire(UserId user) {
        Semaphore lock = locks.computeIfAbsent(user, u -> new Semaphore(1));
        SyncEvents.LockWait wait = events.lockWaitStarted();
        boolean acquired = false;
        try {
            acquired = lock.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncConflictException("interrupted while waiting for this account's other sync");
        } finally {
            wait.ended(acquired);
        }
        if (!acquired) {
            throw new SyncConflictException("another sync of this account is still running");
        }
        return new Held(lock);
    }

    /** A held user lock; closing it more than once is harmless. */
    public static final class Held implements AutoCloseable {
        private final Semaphore lock;
        private boolean released;

        private Held(Semaphore lock) {
            this.lock = lock;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                lock.release();
            }
        }
    }
}
