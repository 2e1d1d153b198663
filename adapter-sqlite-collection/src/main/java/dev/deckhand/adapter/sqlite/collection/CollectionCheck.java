package dev.deckhand.adapter.sqlite.collection;

import dev.deckhand.adapter.sqlite.collection.internal.schema.UnicaseCollation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a file is a collection this server can keep (an upload, or a backup's copy):
 * SQLite, intact (checked with the {@code unicase} collation Anki's indexes use), the tables of
 * schema 18 and exactly one {@code col} row. Returns the first problem in words a user can act on.
 */
public final class CollectionCheck {

    public static final int SUPPORTED_SCHEMA = 18;
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> REQUIRED_TABLES = List.of(
            "col", "notes", "cards", "revlog", "graves", "deck_config", "config", "decks", "notetypes", "fields",
            "templates", "tags");

    private CollectionCheck() {}

    /** The problem with the file, or empty if it is a usable collection. */
    public static Optional<String> problemWith(Path file) throws IOException {
        if (!hasSqliteHeader(file)) {
            return Optional.of("not an SQLite database");
        }
        try (Connection connection = open(file)) {
            return problemWith(file, connection);
        } catch (SQLException e) {
            return Optional.of("unreadable SQLite file: " + firstLine(e.getMessage()));
        } finally {
            Files.deleteIfExists(CollectionFiles.sibling(file, "-wal"));
            Files.deleteIfExists(CollectionFiles.sibling(file, "-shm"));
        }
    }

    /**
     * Opens a collection file with the collation that its indexes need. Collections come from
     * clients, so their schema is not trusted: functions in views and triggers are disabled.
     */
    public static Connection open(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA trusted_schema = OFF");
            statement.execute("PRAGMA busy_timeout = 10000");
        }
        UnicaseCollation.register(connection);
        return connection;
    }

    private static Optional<String> problemWith(Path file, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            Optional<String> damage = IntegrityCheck.forThisMachine().problemWith(file, connection, tables);
            if (damage.isPresent()) {
                return Optional.of("integrity check failed: " + firstLine(damage.get()));
            }
            List<String> missing = REQUIRED_TABLES.stream().filter(t -> !tables.contains(t)).toList();
            if (missing.contains("col")) {
                return Optional.of("not an Anki collection (no col table)");
            }
            try (ResultSet rs = statement.executeQuery("SELECT count(*), max(ver) FROM col")) {
                rs.next();
                if (rs.getInt(1) != 1) {
                    return Optional.of("not an Anki collection (col has " + rs.getInt(1) + " rows)");
                }
                int version = rs.getInt(2);
                if (version != SUPPORTED_SCHEMA) {
                    return Optional.of("collection schema " + version + " is not supported; this server keeps schema "
                            + SUPPORTED_SCHEMA + " (Anki 2.1.50 and later)");
                }
            }
            if (!missing.isEmpty()) {
                return Optional.of("not a schema-18 collection (missing tables " + missing + ")");
            }
        }
        return Optional.empty();
    }

    public static boolean hasSqliteHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SQLITE_MAGIC.length), SQLITE_MAGIC);
        }
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
