package dev.deckhand.adapter.sqlite.collection;

import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

/**
 * Consistent copies of SQLite databases that the server may be writing at the same moment, from
 * its own process or another: users' collections and the server database, for backups and exports.
 *
 * <p>A copy is SQLite's online backup in one step: it reads one snapshot inside one read
 * transaction, so it holds every transaction committed before it began and nothing of a later or
 * still open one (a normal sync is one transaction from {@code start} to {@code finish}, so a copy
 * never holds half of one). In WAL mode that read does not block writers. Stepping page by page
 * instead would restart the copy whenever another connection writes, possibly for ever.
 *
 * <p>The source is opened read-only: a read-write connection that happened to close last would
 * checkpoint and delete the server's write-ahead log by name, which races a full upload's rename.
 * A full upload replaces a collection by renaming a new file over it; a copy during which the file
 * was replaced is thrown away and made again.
 *
 * <p>The copy is a single self-contained file (rollback journal, not WAL), private to this account
 * and synced to disk.
 */
public final class SqliteSnapshots {

    private static final int ATTEMPTS = 3;
    /** {@code sqlite3_backup_step(-1)}: every page in one step, under one read transaction. */
    private static final int ALL_PAGES = -1;
    private static final int BUSY_SLEEP_MILLIS = 100;
    private static final int BUSY_RETRIES = 100;

    private SqliteSnapshots() {}

    /**
     * Copies {@code source} to {@code target}, which must not exist yet.
     *
     * @throws StorageException if the copy fails, or the source was replaced during every attempt
     */
    public static void copy(Path source, Path target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        for (int attempt = 1; ; attempt++) {
            Object before = identity(source);
            copyOnce(source, target);
            if (Objects.equals(before, identity(source))) {
                useRollbackJournal(target);
                sync(target);
                return;
            }
            deleteQuietly(target);
            if (attempt == ATTEMPTS) {
                throw new StorageException(source + " was replaced while it was being copied, " + ATTEMPTS + " times");
            }
        }
    }

    private static void copyOnce(Path source, Path target) {
        try {
            if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(target);
            }
        } catch (IOException e) {
            throw new StorageException("cannot create " + target, e);
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        readOnly.setBusyTimeout(10_000);
        try (Connection connection = readOnly.createConnection("jdbc:sqlite:" + source.toAbsolutePath())) {
            int rc = ((SQLiteConnection) connection).getDatabase()
                    .backup("main", target.toAbsolutePath().toString(), null, BUSY_SLEEP_MILLIS, BUSY_RETRIES, ALL_PAGES);
            if (rc != SQLiteErrorCode.SQLITE_OK.code) {
                throw new StorageException("copying " + source + " failed with SQLite result code " + rc);
            }
        } catch (SQLException e) {
            deleteQuietly(target);
            throw new StorageException("cannot copy " + source, e);
        } catch (StorageException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    /** The copy keeps the source's WAL flag in its header; a backup should be one file on its own. */
    private static void useRollbackJournal(Path target) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + target.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = DELETE");
        } catch (SQLException e) {
            deleteQuietly(target);
            throw new StorageException("cannot finish the copy " + target, e);
        }
    }

    /** The file's identity (device and inode on Linux); a rename over the path changes it. */
    private static Object identity(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            throw new StorageException("cannot read " + file, e);
        }
    }

    private static void sync(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot sync " + file + " to disk", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(CollectionFiles.sibling(file, "-journal"));
            Files.deleteIfExists(CollectionFiles.sibling(file, "-wal"));
            Files.deleteIfExists(CollectionFiles.sibling(file, "-shm"));
        } catch (IOException e) {
            // The caller reports the failure that matters; a stray partial copy is removed with its folder.
        }
    }
}
