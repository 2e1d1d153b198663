package dev.deckhand.adapter.sqlite.collection.internal;

import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConfig;

/**
 * Notes and cards of collection files, read on a read-only connection of its own that waits at most
 * {@link #BUSY_MILLIS} for a lock: a sync never waits for it, and a collection being replaced or
 * committed right then is reported without counts rather than holding anyone up. Counts are kept
 * per file while its size and modification times stay the same, so a dashboard refresh opens only
 * the collections that changed.
 */
public final class CollectionCounts {

    private static final int BUSY_MILLIS = 200;

    /** What the file looks like on disk: its size and latest modification time with the write-ahead log. */
    public record Stamp(long bytes, Instant modified) {}

    /**
     * What the collection holds, and {@code col.ls}: the time of its last sync, which the server
     * sets when a normal sync commits and the client when it uploads the whole collection. (The
     * file's own modification time would also move when SQLite merely checkpoints its log.)
     */
    public record Counts(long notes, long cards, Optional<Instant> lastSync) {}

    private record Cached(Stamp stamp, Counts counts) {}

    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    /** The file's stamp; empty if there is no collection file. */
    public static Optional<Stamp> stamp(Path collection) {
        try {
            BasicFileAttributes file = Files.readAttributes(collection, BasicFileAttributes.class);
            long bytes = file.size();
            Instant modified = file.lastModifiedTime().toInstant();
            Path wal = CollectionFiles.sibling(collection, "-wal");
            try {
                BasicFileAttributes log = Files.readAttributes(wal, BasicFileAttributes.class);
                bytes += log.size();
                Instant logModified = log.lastModifiedTime().toInstant();
                modified = logModified.isAfter(modified) ? logModified : modified;
            } catch (NoSuchFileException e) {
                // no write-ahead log: the file holds everything
            }
            return Optional.of(new Stamp(bytes, modified));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Notes and cards as last committed; empty if the file could not be read within the wait. */
    public Optional<Counts> counts(Path collection, Stamp stamp) {
        Cached cached = cache.get(collection);
        if (cached != null && cached.stamp().equals(stamp)) {
            return Optional.of(cached.counts());
        }
        Optional<Counts> counts = read(collection);
        counts.ifPresentOrElse(read -> cache.put(collection, new Cached(stamp, read)), () -> cache.remove(collection));
        return counts;
    }

    private static Optional<Counts> read(Path collection) {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        readOnly.setBusyTimeout(BUSY_MILLIS);
        try (Connection connection = readOnly.createConnection("jdbc:sqlite:" + collection.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA trusted_schema = OFF");
            return Optional.of(new Counts(count(statement, "SELECT count() FROM notes"),
                    count(statement, "SELECT count() FROM cards"), lastSync(count(statement, "SELECT ls FROM col"))));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** A collection that never synced (one the server made empty) has {@code ls} 0. */
    private static Optional<Instant> lastSync(long millis) {
        return millis > 0 ? Optional.of(Instant.ofEpochMilli(millis)) : Optional.empty();
    }

    private static long count(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
