package dev.deckhand.app.backup;

import dev.deckhand.adapter.filesystem.FilesystemBlobStore;
import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteAccountStore;
import dev.deckhand.adapter.sqlite.SqliteMediaLedger;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import static dev.deckhand.ports.testing.TestBuild.STAMP;

/**
 * A data folder laid out as the server keeps it, built with the real adapters: the server database
 * (accounts, media ledgers), collections under {@code users/<key>/}, blobs under {@code blobs/}.
 */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
final class DataFolderFixture {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T03:00:00Z"), ZoneOffset.UTC);
    /** A password hashed with 1,000 PBKDF2 iterations, so adding accounts costs nothing. */
    private static final Credential CHEAP = new Credential.PasswordHash(
            "$pbkdf2-sha256$i=1000,l=32$ZGVmZ2hpamtsbW5vcHFycw$rQG/d7x+qc6mX9N4x9HpjguO+6zkJsbLmavZrA/K1nA");

    final Path folder;
    final FilesystemBlobStore blobs;

    DataFolderFixture(Path folder) {
        this.folder = folder;
        this.blobs = new FilesystemBlobStore(folder.resolve("blobs"));
        try (ServerDatabase database = ServerDatabase.open(serverDatabase(), STAMP)) {
            // opened once so the file exists with its schema
        }
    }

    Path serverDatabase() {
        return folder.resolve("deckhand.sqlite");
    }

    Path collectionOf(String user) {
        return new CollectionFiles(folder).collection(new UserId(user));
    }

    /** An account whose collection has been synced once, modified at {@code mod}. */
    DataFolderFixture user(String name, long mod) throws IOException, SQLException {
        try (ServerDatabase database = ServerDatabase.open(serverDatabase(), STAMP)) {
            new SqliteAccountStore(database, CLOCK, new Pbkdf2PasswordHashing()).add(new UserId(name), CHEAP);
        }
        Path collection = collectionOf(name);
        Files.createDirectories(collection.getParent());
        new EmptyCollectionFactory(CLOCK).create(collection);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + collection); Statement s = c.createStatement()) {
            s.execute("UPDATE col SET mod = " + mod);
        }
        return this;
    }

    /** A media file of the user, stored as a blob and recorded in their ledger. */
    MediaFile media(String user, String filename, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        MediaFile file = new MediaFile(hex("SHA-1", bytes), new Sha256(hex("SHA-256", bytes)), bytes.length);
        blobs.put(file.sha256(), new ByteArrayInputStream(bytes), bytes.length);
        try (ServerDatabase database = ServerDatabase.open(serverDatabase(), STAMP)) {
            new SqliteMediaLedger(database).apply(new UserId(user), List.of(new MediaUpdate(filename, Optional.of(file))),
                    CLOCK.millis() / 1000);
        }
        return file;
    }

    Path blobPath(Sha256 sha256) {
        return folder.resolve("blobs").resolve(sha256.hex().substring(0, 2)).resolve(sha256.hex());
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flips one bit in the middle of a file, as a failing disk might. */
    static void flipAByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
    }

    OnlineBackup backup(Clock clock) {
        return new OnlineBackup(folder, serverDatabase(), blobs, CollectionGuard.none(), clock, "test");
    }
}
