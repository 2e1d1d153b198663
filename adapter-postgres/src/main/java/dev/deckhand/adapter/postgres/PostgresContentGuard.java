package dev.deckhand.adapter.postgres;

import dev.deckhand.ports.out.ContentGuard;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@link ContentGuard} of the nodes of a cluster, as one PostgreSQL advisory lock: while any
 * upload runs on a node, the node holds the lock's shared side on a connection of its own; a sweep,
 * on whichever node, takes the exclusive side on another, and so waits for every node's uploads
 * between storing a content and recording it, and holds new ones back while it deletes.
 *
 * <p>PostgreSQL queues a shared request behind a waiting exclusive one, so uploads wait while a sweep
 * waits for its turn; the sweep waits at most {@code deleteWait} and then gives up for this round,
 * which bounds that wait too.
 */
public final class PostgresContentGuard implements ContentGuard, AutoCloseable {

    static final long KEY = AdvisoryLocks.key("media content guard");
    /** How long a sweep waits for uploads to let go before it skips its deletions this time. */
    static final Duration DELETE_WAIT = Duration.ofSeconds(10);
    /** How long an upload waits for a sweep's deletions. */
    static final Duration UPLOAD_WAIT = Duration.ofSeconds(30);
    /** PostgreSQL's SQLSTATE for a lock not granted within {@code lock_timeout}. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final PostgresSettings settings;
    private final Duration deleteWait;
    private final Object uploadsLock = new Object();
    /** Holds the shared side while {@link #uploads} is above zero; kept open between uploads. */
    private Connection shared;
    private int uploads;

    public PostgresContentGuard(PostgresSettings settings) {
        this(settings, DELETE_WAIT);
    }

    PostgresContentGuard(PostgresSettings settings, Duration deleteWait) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.deleteWait = Objects.requireNonNull(deleteWait, "deleteWait");
    }

    @Override
    public <T> T whileUploading(Supplier<T> work) {
        enter();
        try {
            return work.get();
        } finally {
            leave();
        }
    }

    private void enter() {
        synchronized (uploadsLock) {
            if (uploads == 0) {
                try {
                    lockShared();
                } catch (SQLException first) {
                    // The kept connection may have died since the last upload: one fresh try.
                    AdvisoryLocks.closeQuietly(shared);
                    shared = null;
                    try {
                        lockShared();
                    } catch (SQLException e) {
                        AdvisoryLocks.closeQuietly(shared);
                        shared = null;
                        throw PostgresFailures.translate("guard an upload of media", e);
                    }
                }
            }
            uploads++;
        }
    }

    private void lockShared() throws SQLException {
        if (shared == null) {
            shared = AdvisoryLocks.connect(settings, "deckhand-content-guard");
        }
        AdvisoryLocks.call(shared, "SELECT pg_advisory_lock_shared(?)", KEY, UPLOAD_WAIT);
    }

    private void leave() {
        synchronized (uploadsLock) {
            uploads--;
            if (uploads == 0) {
                try {
                    AdvisoryLocks.call(shared, "SELECT pg_advisory_unlock_shared(?)", KEY, AdvisoryLocks.TIMEOUT);
                } catch (SQLException e) {
                    // Closing the connection releases the lock as well.
                    AdvisoryLocks.closeQuietly(shared);
                    shared = null;
                }
            }
        }
    }

    @Override
    public boolean whileDeleting(Runnable work) {
        try (Connection connection = AdvisoryLocks.connect(settings, "deckhand-content-sweep")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET lock_timeout = " + deleteWait.toMillis());
            }
            try {
                AdvisoryLocks.call(connection, "SELECT pg_advisory_lock(?)", KEY, deleteWait.plus(AdvisoryLocks.TIMEOUT));
            } catch (SQLException e) {
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
            try {
                work.run();
                return true;
            } finally {
                try {
                    AdvisoryLocks.call(connection, "SELECT pg_advisory_unlock(?)", KEY, AdvisoryLocks.TIMEOUT);
                } catch (SQLException e) {
                    // Closing the connection, just below, releases the lock as well.
                }
            }
        } catch (SQLException e) {
            throw PostgresFailures.translate("guard a sweep of media", e);
        }
    }

    /** Closes the connection kept for uploads; the node holds nothing afterwards. */
    @Override
    public void close() {
        synchronized (uploadsLock) {
            AdvisoryLocks.closeQuietly(shared);
            shared = null;
        }
    }
}
