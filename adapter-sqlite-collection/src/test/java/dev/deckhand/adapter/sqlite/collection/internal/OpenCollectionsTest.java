package dev.deckhand.adapter.sqlite.collection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenCollectionsTest {

    private static final UserId ALICE = new UserId("alice");

    @TempDir
    Path folder;
    private Path file;
    private final OpenCollections open = new OpenCollections(4);

    @BeforeEach
    void collection() throws Exception {
        file = folder.resolve("collection.anki2");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE col (usn INTEGER)");
            s.execute("INSERT INTO col VALUES (0)");
        }
    }

    @AfterEach
    void closeAll() {
        open.close();
    }

    @Test
    void aConnectionGivenBackIsLentAgain_andUsedForReadsMeanwhile() throws Exception {
        OpenCollections.CheckedOut first = open.checkOut(ALICE, file);
        open.checkIn(ALICE, first);

        Connection readWith = open.with(ALICE, file, connection -> connection);
        OpenCollections.CheckedOut second = open.checkOut(ALICE, file);

        assertThat(readWith).isSameAs(first.connection());
        assertThat(second.connection()).isSameAs(first.connection());
        assertThat(second.connection().isClosed()).isFalse();
    }

    @Test
    void compiledStatementsStayWithTheConnection_untilItCloses() throws Exception {
        OpenCollections.CheckedOut first = open.checkOut(ALICE, file);
        PreparedStatement compiled = first.statements().cached("SELECT usn FROM col");
        open.checkIn(ALICE, first);

        OpenCollections.CheckedOut second = open.checkOut(ALICE, file);
        assertThat(second.statements().cached("SELECT usn FROM col")).isSameAs(compiled);
        open.checkIn(ALICE, second);

        open.close(ALICE);
        assertThat(compiled.isClosed()).isTrue();
    }

    @Test
    void whileLentNobodyElseUsesTheConnection() throws Exception {
        OpenCollections.CheckedOut lent = open.checkOut(ALICE, file);

        Connection forReading = open.with(ALICE, file, connection -> connection);

        assertThat(forReading).isNotSameAs(lent.connection());
        open.checkIn(ALICE, lent);
        assertThat(lent.connection().isClosed()).as("one idle connection per user is enough").isTrue();
    }

    @Test
    void aConnectionLentBeforeTheFileWasReplacedIsClosedOnReturn() throws Exception {
        OpenCollections.CheckedOut lent = open.checkOut(ALICE, file);
        open.close(ALICE); // a full upload replaces the file
        Files.writeString(folder.resolve("marker"), "replaced");

        open.checkIn(ALICE, lent);

        assertThat(lent.connection().isClosed()).isTrue();
        OpenCollections.CheckedOut next = open.checkOut(ALICE, file);
        assertThat(next.connection()).isNotSameAs(lent.connection());
        open.checkIn(ALICE, next);
        assertThat(next.connection().isClosed()).as("the new generation is kept").isFalse();
    }
}
