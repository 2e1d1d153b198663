package dev.deckhand.app;

import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.internal.schema.UnicaseCollation;
import java.io.IOException;
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

/**
 * A data folder as the official sync server leaves it ({@code SYNC_BASE}): per user a schema-18
 * collection, {@code media/} and {@code media.db} in the server's schema (v4).
 */
final class OfficialServerFolderBuilder {

    private final Path base;

    OfficialServerFolderBuilder(Path base) throws IOException {
        this.base = Files.createDirectories(base);
    }

    Path base() {
        return base;
    }

    /** A user folder with a collection of {@code notes} notes (one card each) and {@code reviews} reviews. */
    OfficialServerFolderBuilder collection(String user, int notes, int reviews, int usn, long mod) throws IOException, SQLException {
        Path file = Files.createDirectories(base.resolve(user)).resolve("collection.anki2");
        new EmptyCollectionFactory(Clock.systemUTC()).create(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            UnicaseCollation.register(c);
            try (Statement s = c.createStatement()) {
                for (int i = 1; i <= notes; i++) {
                    s.execute("INSERT INTO notes SELECT " + i + ", 'g" + i + "', id, 1, " + usn + ", '', 'front " + i
                            + "\u001fback', 'front', 1, 0, '' FROM notetypes ORDER BY id LIMIT 1");
                    s.execute("INSERT INTO cards VALUES (" + (100 + i) + ", " + i + ", 1, 0, 1, " + usn + ", 0, 0, " + i
                            + ", 0, 0, 0, 0, 0, 0, 0, 0, '')");
                }
                for (int i = 1; i <= reviews; i++) {
                    s.execute("INSERT INTO revlog VALUES (" + (1000 + i) + ", 101, " + usn + ", 3, 1, 0, 2500, 5000, 0)");
                }
                s.execute("UPDATE col SET usn = " + usn + ", mod = " + mod);
            }
        }
        return this;
    }

    /** {@code media.db} with its meta row; files are added with {@link #file} and {@link #deletion}. */
    OfficialServerFolderBuilder media(String user, int lastUsn) throws IOException, SQLException {
        Files.createDirectories(base.resolve(user).resolve("media"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + base.resolve(user).resolve("media.db"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE media (fname text NOT NULL PRIMARY KEY, csum blob NOT NULL, size int NOT NULL,"
                    + " usn int NOT NULL, mtime int NOT NULL)");
            s.execute("CREATE TABLE meta (last_usn int NOT NULL, total_bytes int NOT NULL, total_nonempty_files int NOT NULL)");
            s.execute("INSERT INTO meta VALUES (" + lastUsn + ", 0, 0)");
        }
        return this;
    }

    OfficialServerFolderBuilder file(String user, String name, byte[] content, int usn) throws IOException, SQLException {
        Files.write(base.resolve(user).resolve("media").resolve(name), content);
        return row(user, name, content, content.length, usn);
    }

    /** A deletion: size 0, the old hash kept, as the official server records it. */
    OfficialServerFolderBuilder deletion(String user, String name, byte[] oldContent, int usn) throws SQLException {
        return row(user, name, oldContent, 0, usn);
    }

    private OfficialServerFolderBuilder row(String user, String name, byte[] content, long size, int usn) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + base.resolve(user).resolve("media.db"));
                PreparedStatement p = c.prepareStatement("INSERT INTO media VALUES (?, ?, ?, ?, 1796337867)")) {
            p.setString(1, name);
            p.setBytes(2, sha1(content));
            p.setLong(3, size);
            p.setInt(4, usn);
            p.executeUpdate();
        }
        return this;
    }

    static byte[] sha1(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
