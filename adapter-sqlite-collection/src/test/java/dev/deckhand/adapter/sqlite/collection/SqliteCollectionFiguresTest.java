package dev.deckhand.adapter.sqlite.collection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionFigures;
import dev.deckhand.ports.out.CollectionFigures.StoredCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCollectionFiguresTest {

    private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");
    private static final Instant LAST_SYNC = NOW.minus(Duration.ofHours(1));
    private final UserId alice = new UserId("alice");
    private final UserId bob = new UserId("bob");

    @TempDir Path data;

    private CollectionFiles files() {
        return new CollectionFiles(data);
    }

    @Test
    void aCollection_reportsItsSizeNotesCardsAndLastSync() throws Exception {
        collectionWith(alice, 3, LAST_SYNC);

        StoredCollection found = new SqliteCollectionFigures(data).collection(alice).orElseThrow();

        assertThat(found.bytes()).isEqualTo(Files.size(files().collection(alice)));
        assertThat(found.notes()).isEqualTo(OptionalLong.of(3));
        assertThat(found.cards()).isEqualTo(OptionalLong.of(6));
        assertThat(found.lastSync()).contains(LAST_SYNC);
    }

    @Test
    void aUserWithoutACollectionHere_hasNone() {
        assertThat(new SqliteCollectionFigures(data).collection(alice)).isEmpty();
    }

    @Test
    void aCollectionTheServerMadeAndNoDeviceSynced_hasNoLastSync() throws Exception {
        collectionWith(alice, 0, Instant.EPOCH);

        StoredCollection found = new SqliteCollectionFigures(data).collection(alice).orElseThrow();

        assertThat(found.notes()).isEqualTo(OptionalLong.of(0));
        assertThat(found.lastSync()).isEmpty();
    }

    @Test
    void aFileThatCannotBeRead_hasNoCounts_andIsDatedByTheFile() throws Exception {
        Path collection = files().collection(alice);
        Files.createDirectories(collection.getParent());
        Files.writeString(collection, "not a database, e.g. half of an upload being replaced");
        Files.setLastModifiedTime(collection, FileTime.from(LAST_SYNC));

        StoredCollection found = new SqliteCollectionFigures(data).collection(alice).orElseThrow();

        assertThat(found.bytes()).isEqualTo(Files.size(collection));
        assertThat(found.notes()).isEmpty();
        assertThat(found.cards()).isEmpty();
        assertThat(found.lastSync()).contains(LAST_SYNC);
    }

    @Test
    void aCollectionInTheMiddleOfASync_isReportedAsLastCommitted() throws Exception {
        collectionWith(alice, 2, LAST_SYNC);
        CollectionFigures figures = new SqliteCollectionFigures(data);
        try (Connection sync = DriverManager.getConnection("jdbc:sqlite:" + files().collection(alice));
                Statement statement = sync.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("DELETE FROM notes");

            assertThat(figures.collection(alice).orElseThrow().notes()).isEqualTo(OptionalLong.of(2));
            statement.execute("COMMIT");
        }
        assertThat(figures.collection(alice).orElseThrow().notes()).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void totals_countEveryCollectionOnDisk_andTheirBytes() throws Exception {
        collectionWith(alice, 1, LAST_SYNC);
        collectionWith(bob, 2, LAST_SYNC);

        assertThat(new SqliteCollectionFigures(data).totals()).isEqualTo(new CollectionFigures.Totals(2,
                Files.size(files().collection(alice)) + Files.size(files().collection(bob))));
    }

    @Test
    void totals_ofAnEmptyDataFolder_areZero() {
        assertThat(new SqliteCollectionFigures(data).totals()).isEqualTo(new CollectionFigures.Totals(0, 0));
    }

    /** A real collection for the user, with {@code notes} notes of two cards each and {@code col.ls} set. */
    private void collectionWith(UserId user, int notes, Instant lastSync) throws Exception {
        Path collection = files().collection(user);
        Files.createDirectories(collection.getParent());
        new EmptyCollectionFactory(Clock.fixed(NOW, ZoneOffset.UTC)).create(collection);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + collection);
                PreparedStatement note = connection.prepareStatement(
                        "INSERT INTO notes VALUES (?, ?, 1, 0, 0, '', 'front\u001fback', 'front', 0, 0, '')");
                PreparedStatement card = connection.prepareStatement(
                        "INSERT INTO cards VALUES (?, ?, 1, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)")) {
            connection.setAutoCommit(false);
            try (Statement synced = connection.createStatement()) {
                synced.execute("UPDATE col SET ls = " + lastSync.toEpochMilli());
            }
            for (int i = 1; i <= notes; i++) {
                note.setLong(1, i);
                note.setString(2, "guid" + i);
                note.executeUpdate();
                for (int ord = 0; ord < 2; ord++) {
                    card.setLong(1, i * 10L + ord);
                    card.setLong(2, i);
                    card.setInt(3, ord);
                    card.executeUpdate();
                }
            }
            connection.commit();
        }
    }
}
