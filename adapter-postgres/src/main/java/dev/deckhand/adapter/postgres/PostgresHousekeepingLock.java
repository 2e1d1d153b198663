package dev.deckhand.adapter.postgres;

import dev.deckhand.ports.out.ChoreLock;
import dev.deckhand.ports.out.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named locks that one node at a time holds, so that only one node runs a chore such as blob
 * housekeeping. A lock is a PostgreSQL session-level advisory lock ({@code pg_try_advisory_lock})
 * on a connection of its own, not one of the pool's: it is held until the {@link Lease} is closed
 * or that connection dies (the node crashed, or the network or PostgreSQL went away), and then
 * another node can take it. Never waits for a lock another node holds.
 */
public final class PostgresHousekeepingLock implements ChoreLock {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresHousekeepingLock.class);
    /** How long opening the lock's connection, or asking for the lock, may take. */
    static final Duration TIMEOUT = AdvisoryLocks.TIMEOUT;

    private final PostgresSettings settings;

    public PostgresHousekeepingLock(PostgresSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Takes the lock called {@code name} if no one holds it.
     *
     * @return the held lock, to close when the chore is done; empty if another node (or another
     *     lease in this one) holds it
     * @throws StorageException if PostgreSQL cannot be asked ({@code BackendUnavailableException} if it does not answer)
     */
    @Override
    public Optional<Lease> tryAcquire(String name) {
        Objects.requireNonNull(name, "name");
        Connection connection = null;
        try {
            connection = AdvisoryLocks.connect(settings, "deckhand-housekeeping-lock");
            boolean acquired = AdvisoryLocks.call(connection, "SELECT pg_try_advisory_lock(?)", key(name), TIMEOUT);
            if (!acquired) {
                connection.close();
                return Optional.empty();
            }
            return Optional.of(new Lease(name, connection));
        } catch (SQLException e) {
            AdvisoryLocks.closeQuietly(connection);
            throw PostgresFailures.translate("take the lock " + name, e);
        }
    }

    /** The advisory lock key of a name: the same on every node and every run, and apart from other names. */
    static long key(String name) {
        return AdvisoryLocks.key(name);
    }

    /**
     * A held lock. Closing it unlocks at once and closes its connection; closing twice does nothing.
     * (Closing the connection alone releases the lock only once PostgreSQL's backend process has
     * exited, a moment later, and a node asking just then would still find it taken.)
     */
    public static final class Lease implements ChoreLock.Held {

        private final String name;
        private final Connection connection;

        private Lease(String name, Connection connection) {
            this.name = name;
            this.connection = connection;
        }

        /**
         * Whether the lock is still held: false once closed, or once its connection died, after
         * which another node may hold it. A long chore checks this between steps.
         */
        public boolean isHeld() {
            try {
                return connection.isValid((int) TIMEOUT.toSeconds());
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                if (!connection.isClosed()) {
                    AdvisoryLocks.call(connection, "SELECT pg_advisory_unlock(?)", key(name), TIMEOUT);
                }
            } catch (SQLException e) {
                LOG.debug("Unlocking {} failed; PostgreSQL drops the lock with its connection", name, e);
            } finally {
                AdvisoryLocks.closeQuietly(connection);
            }
        }

        @Override
        public String toString() {
            return "Lease[" + name + "]";
        }
    }
}
