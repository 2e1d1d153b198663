package dev.deckhand.adapter.sqlite;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * A copy of the server database taken for a backup ({@link dev.deckhand.adapter.sqlite.collection.SqliteSnapshots#copy}), read without
 * changing it: which blobs its media ledgers need, which users it knows, and whether it is intact.
 * Opening it as a {@link ServerDatabase} would switch it to WAL and run migrations, altering the
 * bytes a backup's checksum covers.
 */
public final class ServerDatabaseCopy {

    private final Path file;

    public ServerDatabaseCopy(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** Every blob a live media file points at, with its size, in hash order. */
    public Map<Sha256, Long> referencedBlobs() {
        return query(statement -> {
            Map<Sha256, Long> blobs = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT sha256, max(size) FROM media_files WHERE sha256 IS NOT NULL GROUP BY sha256 ORDER BY sha256")) {
                while (rs.next()) {
                    blobs.put(new Sha256(rs.getString(1)), rs.getLong(2));
                }
            }
            return Collections.unmodifiableMap(blobs);
        });
    }

    /**
     * Every user the database names: built-in accounts, holders of host keys (anyone signed in on a
     * device, whatever the sign-in backend) and owners of media.
     */
    public Set<UserId> users() {
        return query(statement -> {
            Set<UserId> users = new LinkedHashSet<>();
            try (ResultSet rs = statement.executeQuery("SELECT name FROM accounts UNION SELECT user_name FROM host_keys"
                    + " UNION SELECT user_name FROM media_state ORDER BY 1")) {
                while (rs.next()) {
                    users.add(new UserId(rs.getString(1)));
                }
            }
            return Collections.unmodifiableSet(users);
        });
    }

    /** What is wrong with the copy, or empty if a server of this version can open it. */
    public Optional<String> problem() {
        if (!Files.isRegularFile(file)) {
            return Optional.of("no file " + file);
        }
        try {
            return query(statement -> {
                List<String> integrity = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("PRAGMA integrity_check(5)")) {
                    while (rs.next()) {
                        integrity.add(rs.getString(1));
                    }
                }
                if (!integrity.equals(List.of("ok"))) {
                    return Optional.of("integrity check failed: " + String.join("; ", integrity));
                }
                int version;
                try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version < 1 || version > ServerDatabase.schemaVersion()) {
                    return Optional.of("server database schema " + version + writtenBy(statement)
                            + " is not one this version of Deckhand knows (1 to " + ServerDatabase.schemaVersion() + ")");
                }
                return Optional.<String>empty();
            });
        } catch (StorageException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Optional.of("not a readable SQLite database: " + cause.getMessage());
        }
    }

    /** {@code ", written by Deckhand 0.3.0 (commit ...)"} when the copy records its writer, else nothing. */
    private static String writtenBy(Statement statement) throws SQLException {
        try (ResultSet table = statement.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'deckhand_schema'")) {
            if (!table.next() || table.getInt(1) == 0) {
                return "";
            }
        }
        try (ResultSet rs = statement.executeQuery("SELECT written_by FROM deckhand_schema WHERE id = 1")) {
            return rs.next() ? ", written by " + rs.getString(1) + "," : "";
        }
    }

    private interface Query<T> {
        T run(Statement statement) throws SQLException;
    }

    private <T> T query(Query<T> query) {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection connection = readOnly.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            return query.run(statement);
        } catch (SQLException e) {
            throw new StorageException("cannot read the server database copy " + file, e);
        }
    }
}
