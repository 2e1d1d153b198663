package dev.deckhand.adapter.sqlite.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.ports.out.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSnapshotsTest {

    @TempDir
    Path folder;

    @Test
    void copy_whileAWriterHoldsAnOpenTransaction_holdsEveryCommitAndNothingUncommitted() throws Exception {
        Path live = folder.resolve("live.sqlite");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + live)) {
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("CREATE TABLE t (x INTEGER)");
                s.execute("INSERT INTO t VALUES (1), (2)");
            }
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO t VALUES (3)");
            }

            SqliteSnapshots.copy(live, folder.resolve("copy.sqlite"));

            writer.commit();
        }
        try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("copy.sqlite"));
                Statement s = copy.createStatement()) {
            assertThat(single(s, "SELECT group_concat(x) FROM t")).isEqualTo("1,2");
            assertThat(single(s, "PRAGMA journal_mode")).as("one file on its own").isEqualTo("delete");
        }
        assertThat(Files.exists(folder.resolve("copy.sqlite-wal"))).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("copy.sqlite"))))
                .isEqualTo("rw-------");
    }

    @Test
    void copy_leavesTheServersWriteAheadLogAlone() throws Exception {
        Path live = folder.resolve("live.sqlite");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + live)) {
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA wal_autocheckpoint = 0");
                s.execute("CREATE TABLE t (x INTEGER)");
                s.execute("INSERT INTO t VALUES (1)");
            }
            long walBefore = Files.size(folder.resolve("live.sqlite-wal"));

            SqliteSnapshots.copy(live, folder.resolve("copy.sqlite"));

            assertThat(Files.size(folder.resolve("live.sqlite-wal"))).isEqualTo(walBefore);
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO t VALUES (2)");
                assertThat(single(s, "SELECT count(*) FROM t")).isEqualTo("2");
            }
        }
    }

    @Test
    void aCopiedCollection_passesTheCollectionCheck() throws Exception {
        Path live = folder.resolve("collection.anki2");
        new EmptyCollectionFactory(Clock.systemUTC()).create(live);

        SqliteSnapshots.copy(live, folder.resolve("copy.anki2"));

        assertThat(CollectionCheck.problemWith(folder.resolve("copy.anki2"))).isEmpty();
    }

    @Test
    void copy_refusesToOverwrite_andReportsAMissingSource() throws Exception {
        Files.writeString(folder.resolve("taken.sqlite"), "keep me");
        Path live = folder.resolve("live.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
        }

        assertThatThrownBy(() -> SqliteSnapshots.copy(live, folder.resolve("taken.sqlite")))
                .isInstanceOf(StorageException.class);
        assertThat(Files.readString(folder.resolve("taken.sqlite"))).isEqualTo("keep me");
        assertThatThrownBy(() -> SqliteSnapshots.copy(folder.resolve("absent.sqlite"), folder.resolve("copy.sqlite")))
                .isInstanceOf(StorageException.class);
        assertThat(Files.exists(folder.resolve("copy.sqlite"))).isFalse();
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
