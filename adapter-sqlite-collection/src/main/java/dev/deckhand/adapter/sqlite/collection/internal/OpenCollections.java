package dev.deckhand.adapter.sqlite.collection.internal;

import dev.deckhand.adapter.sqlite.collection.CollectionCheck;
import dev.deckhand.ports.model.UserId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps recently used collections open between requests, as Anki's own server does: opening a
 * collection costs a file open and its setup, and closing the last connection to a WAL database
 * checkpoints and syncs it, which {@code meta} would otherwise pay on every call. At most
 * {@code capacity} stay open; the least recently used idle one is closed to make room.
 *
 * <p>A normal sync's transaction spans several requests; it {@linkplain #checkOut checks out} the
 * user's connection for that time and {@linkplain #checkIn checks it in} after, which saves opening
 * a connection (about half a millisecond) per sync. A connection checked out before its file was
 * replaced is closed on return, never kept.
 *
 * <p>Callers already serialise each user's requests; the per-entry lock only stops a connection
 * from being closed for room while its user is using it.
 */
public final class OpenCollections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenCollections.class);

    private final int capacity;
    private final Map<UserId, Entry> open = new LinkedHashMap<>(16, 0.75f, true);
    /** Bumped each time a user's file is replaced: connections checked out before then are stale. */
    private final Map<UserId, Long> generations = new HashMap<>();

    /**
     * A connection lent out for a transaction, the file generation it belongs to, what is known of
     * its row counts, and its compiled statements.
     */
    public record CheckedOut(Connection connection, long generation, CountedRows counted, SyncStatements statements) {}

    public OpenCollections(int capacity) {
        this.capacity = capacity;
    }

    /** Work on one open collection connection. */
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    public <T> T with(UserId user, Path file, Work<T> work) throws SQLException {
        Entry entry;
        synchronized (this) {
            entry = open.get(user);
            if (entry == null) {
                makeRoom();
                Connection connection = CollectionCheck.open(file);
                entry = new Entry(connection, new CountedRows(), new SyncStatements(connection));
                open.put(user, entry);
            }
        }
        entry.lock.lock();
        try {
            if (entry.closed) {
                // Closed for room between lookup and lock; use a fresh one.
                return with(user, file, work);
            }
            return work.apply(entry.connection);
        } finally {
            entry.lock.unlock();
        }
    }

    /** Lends the user's connection (or a new one) to a transaction; it is not used by anyone else meanwhile. */
    public CheckedOut checkOut(UserId user, Path file) throws SQLException {
        Entry entry;
        long generation;
        synchronized (this) {
            entry = open.remove(user);
            generation = generations.getOrDefault(user, 0L);
        }
        if (entry != null) {
            entry.lock.lock();
            try {
                if (!entry.closed) {
                    entry.closed = true; // the entry is spent; the connection now belongs to the caller
                    return new CheckedOut(entry.connection, generation, entry.counted, entry.statements);
                }
            } finally {
                entry.lock.unlock();
            }
        }
        Connection connection = CollectionCheck.open(file);
        return new CheckedOut(connection, generation, new CountedRows(), new SyncStatements(connection));
    }

    /**
     * Takes a lent connection back, idle and outside any transaction. It is closed instead if the
     * file was replaced meanwhile or another connection of the user is open already.
     */
    public void checkIn(UserId user, CheckedOut lent) {
        synchronized (this) {
            if (generations.getOrDefault(user, 0L) == lent.generation() && !open.containsKey(user)) {
                makeRoom();
                open.put(user, new Entry(lent.connection(), lent.counted(), lent.statements()));
                return;
            }
        }
        new Entry(lent.connection(), lent.counted(), lent.statements()).close();
    }

    /** Closes the user's connection, e.g. before its file is replaced. */
    public void close(UserId user) {
        Entry entry;
        synchronized (this) {
            generations.merge(user, 1L, Long::sum);
            entry = open.remove(user);
        }
        if (entry != null) {
            entry.lock.lock();
            try {
                entry.close();
            } finally {
                entry.lock.unlock();
            }
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(Entry::close);
        open.clear();
    }

    private void makeRoom() {
        Iterator<Map.Entry<UserId, Entry>> eldest = open.entrySet().iterator();
        while (open.size() >= capacity && eldest.hasNext()) {
            Entry candidate = eldest.next().getValue();
            if (candidate.lock.tryLock()) {
                try {
                    candidate.close();
                    eldest.remove();
                } finally {
                    candidate.lock.unlock();
                }
            }
        }
    }

    private static final class Entry {
        private final Connection connection;
        private final CountedRows counted;
        /** Kept with the connection: a sync would otherwise compile the same statements again (JMH: a quarter of a small chunk's merge). */
        private final SyncStatements statements;
        private final ReentrantLock lock = new ReentrantLock();
        private boolean closed;

        Entry(Connection connection, CountedRows counted, SyncStatements statements) {
            this.connection = connection;
            this.counted = counted;
            this.statements = statements;
        }

        void close() {
            if (!closed) {
                closed = true;
                statements.closeCached();
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.warn("closing a collection failed: {}", e.getMessage());
                }
            }
        }
    }
}
