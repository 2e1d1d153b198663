package dev.deckhand.ports.out;

/**
 * What the sync core tells the outside about its own work, for metrics. The core calls it on request
 * threads while it works, so an implementation must be quick, thread-safe and never throw; it never
 * hears a user name or anything else a client chose. {@link #NONE} ignores everything.
 */
public interface SyncEvents {

    /** Hears nothing. */
    SyncEvents NONE = new SyncEvents() {};

    /**
     * A request starts waiting for its user's lock; the core ends the returned wait exactly once.
     * The implementation keeps the time, so the core needs no clock for it.
     */
    default LockWait lockWaitStarted() {
        return LockWait.NONE;
    }

    /** One wait for a user's lock. */
    interface LockWait {

        /** A wait nobody measures. */
        LockWait NONE = acquired -> { };

        /** The wait is over: the lock was taken, or not within the configured time (the request gets 409). */
        void ended(boolean acquired);
    }
}
