package dev.deckhand.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.BuildStamp;
import dev.deckhand.ports.out.NewerSchemaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server database records its schema version and writer; an older build refuses a newer file; the probe. */
class ServerDatabaseSchemaVersionTest {

    private static final BuildStamp OLD = new BuildStamp("0.2.0", "aaaaaaa");

    @TempDir
    Path folder;

    private String query(Path file, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void opening_recordsTheSchemaVersionAndTheBuildThatWroteIt() throws Exception {
        Path file = folder.resolve("deckhand.sqlite");
        ServerDatabase.open(file, OLD).close();

        assertThat(query(file, "SELECT schema_version || ' ' || written_by FROM deckhand_schema"))
                .isEqualTo(ServerDatabase.schemaVersion() + " Deckhand 0.2.0 (commit aaaaaaa)");
        assertThat(query(file, "PRAGMA user_version")).isEqualTo(Integer.toString(ServerDatabase.schemaVersion()));
    }

    @Test
    void anOlderBuild_refusesAFileWithANewerSchema_namingBothVersionsAndTheWriter() throws Exception {
        Path file = folder.resolve("deckhand.sqlite");
        ServerDatabase.open(file, OLD).close();
        FutureSchema.write(file, 42, "Deckhand 7.0.0 (commit fffffff)");

        assertThatThrownBy(() -> ServerDatabase.open(file, OLD))
                .isInstanceOf(NewerSchemaException.class)
                .hasMessage("deckhand.sqlite has schema version 42, written by Deckhand 7.0.0 (commit fffffff); "
                        + "Deckhand 0.2.0 (commit aaaaaaa) knows schema versions up to " + ServerDatabase.schemaVersion()
                        + ": run that newer Deckhand, or restore a backup made by this one");
        assertThat(query(file, "PRAGMA user_version")).isEqualTo("42");
    }

    @Test
    void probe_passesOnAWritableDatabase_andFailsOnAFileThatIsNoDatabase() throws Exception {
        Path file = folder.resolve("deckhand.sqlite");
        ServerDatabaseProbe probe = new ServerDatabaseProbe(file);
        assertThatCode(() -> probe.check(Duration.ofSeconds(1))).doesNotThrowAnyException(); // not created yet
        ServerDatabase.open(file, OLD).close();
        assertThatCode(() -> probe.check(Duration.ofSeconds(1))).doesNotThrowAnyException();

        // Tests run as root here, so a read-only file would still be written; a damaged one is refused alike.
        Path damaged = folder.resolve("damaged.sqlite");
        Files.write(damaged, new byte[4096]);
        Files.writeString(damaged, "not an SQLite database, just text that fills the header page");
        assertThatThrownBy(() -> new ServerDatabaseProbe(damaged).check(Duration.ofSeconds(1)))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageStartingWith("damaged.sqlite does not take writes");
        assertThat(probe.name()).isEqualTo("server-database");
    }

    @Test
    void probe_givesUpOnALockHeldLongerThanItsTimeout() throws Exception {
        Path file = folder.resolve("deckhand.sqlite");
        ServerDatabase.open(file, OLD).close();
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = holder.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            long started = System.nanoTime();
            assertThatThrownBy(() -> new ServerDatabaseProbe(file).check(Duration.ofMillis(300)))
                    .isInstanceOf(BackendUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            statement.execute("ROLLBACK");
        }
        assertThat(Files.exists(file)).isTrue();
    }
}
