package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.collection.CollectionCheck;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Builds what old servers leave behind, with real SQLite files in their schemas (taken from the
 * official server's {@code schema_v4.sql} and ankisyncd's {@code media.py}).
 */
final class OldServerFixtures {

    private OldServerFixtures() {}

    /** A schema-18 collection with notes, cards and reviews, and the given col USN and mod. */
    static Path collection(Path file, int notes, int reviews, int usn, long mod) throws IOException, SQLException {
        Files.createDirectories(file.getParent());
        new EmptyCollectionFactory(Clock.systemUTC()).create(file);
        try (Connection c = CollectionCheck.open(file); Statement s = c.createStatement()) {
            long notetype;
            try (var rs = s.executeQuery("SELECT id FROM notetypes ORDER BY id LIMIT 1")) {
                rs.next();
                notetype = rs.getLong(1);
            }
            for (int i = 1; i <= notes; i++) {
                s.execute("INSERT INTO notes VALUES (" + i + ", 'guid" + i + "', " + notetype + ", 1, " + usn + ", '', 'front " + i
                        + "\u001fback', 'front " + i + "', 1, 0, '')");
                s.execute("INSERT INTO cards VALUES (" + (100 + i) + ", " + i + ", 1, 0, 1, " + usn
                        + ", 0, 0, " + i + ", 0, 0, 0, 0, 0, 0, 0, 0, '')");
            }
            for (int i = 1; i <= reviews; i++) {
                s.execute("INSERT INTO revlog VALUES (" + (1000 + i) + ", 101, " + usn + ", 3, 1, 0, 2500, 5000, 0)");
            }
            s.execute("UPDATE col SET usn = " + usn + ", mod = " + mod);
        }
        return file;
    }

    /** The official server's {@code media.db} (schema v4) with its meta row. */
    static Connection officialMediaDatabase(Path file, int lastUsn) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE media (fname text NOT NULL PRIMARY KEY, csum blob NOT NULL, size int NOT NULL,"
                    + " usn int NOT NULL, mtime int NOT NULL)");
            s.execute("CREATE INDEX ix_usn ON media (usn)");
            s.execute("CREATE TABLE meta (last_usn int NOT NULL, total_bytes int NOT NULL, total_nonempty_files int NOT NULL)");
            s.execute("INSERT INTO meta VALUES (" + lastUsn + ", 0, 0)");
        }
        return c;
    }

    /** A row of the official {@code media.db}; size 0 is a deletion that keeps the file's hash. */
    static void officialRow(Connection media, String name, byte[] content, long size, int usn, long mtime) throws SQLException {
        try (PreparedStatement p = media.prepareStatement("INSERT INTO media VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, name);
            p.setBytes(2, sha1(content));
            p.setLong(3, size);
            p.setInt(4, usn);
            p.setLong(5, mtime);
            p.executeUpdate();
        }
    }

    /** ankisyncd's {@code collection.media.server.db}; a NULL checksum is a deletion. */
    static Connection ankisyncdMediaDatabase(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE media (fname TEXT NOT NULL PRIMARY KEY, usn INT NOT NULL, csum TEXT)");
            s.execute("CREATE INDEX idx_media_usn ON media (usn)");
        }
        return c;
    }

    static void ankisyncdRow(Connection media, String name, int usn, byte[] contentOrNull) throws SQLException {
        try (PreparedStatement p = media.prepareStatement("INSERT INTO media VALUES (?, ?, ?)")) {
            p.setString(1, name);
            p.setInt(2, usn);
            p.setString(3, contentOrNull == null ? null : HexFormat.of().formatHex(sha1(contentOrNull)));
            p.executeUpdate();
        }
    }

    /** ankisyncd's {@code auth.db} hash: hex SHA-256 of name + password + salt, then the salt. */
    static String ankisyncdHash(String user, String password, String saltHex) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((user + password + saltHex).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + saltHex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void ankisyncdAuth(Path file, String user, String hash) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS auth (username VARCHAR PRIMARY KEY, hash VARCHAR)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO auth VALUES (?, ?)")) {
                p.setString(1, user);
                p.setString(2, hash);
                p.executeUpdate();
            }
        }
    }

    static void ankisyncdSession(Path file, String hkey, String user) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS session (hkey VARCHAR PRIMARY KEY, skey VARCHAR, username VARCHAR, path VARCHAR)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO session VALUES (?, 'abcdef12', ?, '/somewhere')")) {
                p.setString(1, hkey);
                p.setString(2, user);
                p.executeUpdate();
            }
        }
    }

    static byte[] sha1(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha1Hex(byte[] content) {
        return HexFormat.of().formatHex(sha1(content));
    }
}
