package dev.deckhand.sync.session;

import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionTransactions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one normal sync per user. A new {@code start} pre-empts the old session (rolling it back),
 * and the old session's next call gets 409, as Anki's "another device is syncing" expects. Sessions
 * idle longer than the timeout are rolled back so that an abandoned sync never holds a collection.
 *
 * <p>Callers hold the user's lock ({@link dev.deckhand.sync.lock.UserLocks}) around every method.
 */
public final class SyncSessions {

    private static final Logger LOG = LoggerFactory.getLogger(SyncSessions.class);

    private final Map<UserId, Session> active = new ConcurrentHashMap<>();
    private final CollectionTransactions transactions;
    private final Clock clock;
    private final Duration idleTimeout;

    public SyncSessions(CollectionTransactions transactions, Clock clock, Duration idleTimeout) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /** Opens a session, rolling back any the user had. */
    public Session start(UserId user, SessionKey key, int clientUsn, boolean clientIsNewer) {
        abort(user, "pre-empted by a new sync");
        Session session = new Session(key, transactions.begin(user), clientUsn, clientIsNewer, clock.millis());
        active.put(user, session);
        return session;
    }

    /** The user's active session, if {@code key} names it; otherwise 409. */
    public Session require(UserId user, SessionKey key) {
        Session session = active.get(user);
        if (session != null && isIdle(session)) {
            abort(user, "idle for longer than " + idleTimeout.toSeconds() + " s");
            session = null;
        }
        if (session == null) {
            throw new SyncConflictException("no sync in progress for this session; it was finished, aborted or taken over");
        }
        if (!session.key().equals(key)) {
            throw new SyncConflictException("another device started a sync of this account");
        }
        session.touch(clock.millis());
        return session;
    }

    /** Ends the session without committing (if there is one); returns whether there was. */
    public boolean abort(UserId user, String why) {
        Session session = active.remove(user);
        if (session == null) {
            return false;
        }
        session.transaction().close();
        LOG.info("rolled back the sync of {}: {}", user.name(), why);
        return true;
    }

    /** Ends the session without committing if {@code key} names the user's active one. */
    public void abortIfActive(UserId user, SessionKey key, String why) {
        Session session = active.get(user);
        if (session != null && session.key().equals(key)) {
            abort(user, why);
        }
    }

    /** Forgets a session whose transaction has been committed. */
    public void finished(UserId user, Session session) {
        active.remove(user, session);
    }

    /**
     * Rolls back sessions idle for longer than the timeout. The caller must hold no user locks; each
     * expired user is locked through {@code lockAndRun}.
     */
    public void expireIdle(BiConsumer<UserId, Runnable> lockAndRun) {
        for (Map.Entry<UserId, Session> entry : active.entrySet()) {
            if (isIdle(entry.getValue())) {
                lockAndRun.accept(entry.getKey(), () -> {
                    Session current = active.get(entry.getKey());
                    if (current != null && isIdle(current)) {
                        abort(entry.getKey(), "idle for longer than " + idleTimeout.toSeconds() + " s");
                    }
                });
            }
        }
    }

    public int activeCount() {
        return active.size();
    }

    private boolean isIdle(Session session) {
        return clock.millis() - session.lastUsedMillis() > idleTimeout.toMillis();
    }
}
