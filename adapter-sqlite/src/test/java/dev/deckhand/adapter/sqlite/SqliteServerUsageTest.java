package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.SqliteCollectionFigures;
import dev.deckhand.ports.in.ServerUsage;
import dev.deckhand.ports.in.StorageTotals;
import dev.deckhand.ports.in.UserUsage;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionFigures;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import dev.deckhand.ports.testing.FastPasswordHashing;
import dev.deckhand.ports.testing.ServerUsageContract;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite usage against the contract (collections set by the test), and over real collection files. */
class SqliteServerUsageTest {

    private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");
    /** {@code col.ls} of the collections the tests make. */
    private static final Instant LAST_COLLECTION_SYNC = NOW.minus(Duration.ofHours(1));
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final UserId alice = new UserId("alice");
    private final UserId bob = new UserId("<img src=x onerror=alert(1)>");

    @TempDir Path data;
    private ServerDatabase database;
    private SqliteMediaLedger ledger;
    private SqliteHostKeyStore hostKeys;
    private CollectionFiles files;

    @BeforeEach
    void setUp() {
        database = ServerDatabase.open(data.resolve("deckhand.sqlite"), STAMP);
        ledger = new SqliteMediaLedger(database);
        hostKeys = new SqliteHostKeyStore(database);
        files = new CollectionFiles(data);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private SqliteServerUsage usage(Optional<Duration> maxHostKeyAge) {
        return new SqliteServerUsage(database, new SqliteCollectionFigures(data), maxHostKeyAge, clock);
    }

    @Nested
    class Contract extends ServerUsageContract {
        @Override
        protected Stores emptyStores() {
            return new Stores(new SqliteAccountStore(database, clock, new FastPasswordHashing()), hostKeys, ledger);
        }

        @Override
        protected ServerUsage usage(CollectionFigures collections, Optional<Duration> maxHostKeyAge, Clock clock) {
            return new SqliteServerUsage(database, collections, maxHostKeyAge, clock);
        }
    }

    @Test
    void perUser_countsNotesCardsMediaAndDevices_fromTheRealFiles() throws Exception {
        new SqliteAccountStore(database, clock, new FastPasswordHashing()).add(alice, new Credential.PlainPassword("pw"));
        collectionWith(alice, 3);
        ledger.apply(alice, List.of(put("a.jpg", content(1, 100)), put("b.jpg", content(2, 50))),
                NOW.minus(Duration.ofHours(2)).getEpochSecond());
        hostKeys.save(alice, digest(1), NOW.toEpochMilli());
        hostKeys.save(alice, digest(2), NOW.toEpochMilli());

        UserUsage usage = usage(Optional.empty()).user(alice).orElseThrow();

        Path collection = files.collection(alice);
        assertThat(usage.collectionBytes()).isEqualTo(Files.size(collection));
        assertThat(usage.notes()).isEqualTo(OptionalLong.of(3));
        assertThat(usage.cards()).isEqualTo(OptionalLong.of(6));
        assertThat(usage.mediaFiles()).isEqualTo(2);
        assertThat(usage.mediaBytes()).isEqualTo(150);
        assertThat(usage.devices()).isEqualTo(2);
        assertThat(usage.lastSync()).contains(LAST_COLLECTION_SYNC);
    }

    @Test
    void aUserKnownOnlyByDevicesOrMedia_isListed_andAnUnknownNameIsNot() {
        hostKeys.save(bob, digest(3), NOW.toEpochMilli());

        assertThat(usage(Optional.empty()).users()).extracting(UserUsage::user).containsExactly(bob);
        UserUsage hostile = usage(Optional.empty()).user(bob).orElseThrow();
        assertThat(hostile.collectionBytes()).isZero();
        assertThat(hostile.notes()).isEmpty();
        assertThat(hostile.lastSync()).isEmpty();
        assertThat(usage(Optional.empty()).user(new UserId("nobody"))).isEmpty();
    }

    @Test
    void devices_leaveOutHostKeysOlderThanTheMaximumAge() {
        hostKeys.save(alice, digest(1), NOW.minus(Duration.ofDays(10)).toEpochMilli());
        hostKeys.save(alice, digest(2), NOW.minus(Duration.ofDays(1)).toEpochMilli());

        assertThat(usage(Optional.of(Duration.ofDays(5))).user(alice).orElseThrow().devices()).isEqualTo(1);
        assertThat(usage(Optional.empty()).user(alice).orElseThrow().devices()).isEqualTo(2);
    }

    @Test
    void totals_countIdenticalMediaOnce_andReportTheSaving() throws Exception {
        collectionWith(alice, 1);
        collectionWith(bob, 2);
        MediaFile shared = content(3, 1000);
        ledger.apply(alice, List.of(put("shared.png", shared), put("own.png", content(4, 10))), 1);
        ledger.apply(bob, List.of(put("same-bytes-other-name.png", shared)), 1);

        StorageTotals totals = usage(Optional.empty()).totals();

        assertThat(totals.users()).isEqualTo(2);
        assertThat(totals.collections()).isEqualTo(2);
        assertThat(totals.collectionBytes()).isEqualTo(Files.size(files.collection(alice)) + Files.size(files.collection(bob)));
        assertThat(totals.mediaFiles()).isEqualTo(3);
        assertThat(totals.mediaReferencedBytes()).isEqualTo(2010);
        assertThat(totals.mediaBlobs()).isEqualTo(2);
        assertThat(totals.mediaStoredBytes()).isEqualTo(1010);
        assertThat(totals.deduplicationSavedBytes()).isEqualTo(1000);
        assertThat(totals.deduplicationRatio()).isEqualTo(2010.0 / 1010.0);
    }

    @Test
    void aCollectionInTheMiddleOfASync_isReportedAsLastCommitted_withoutWaitingForIt() throws Exception {
        collectionWith(alice, 2);
        hostKeys.save(alice, digest(1), NOW.toEpochMilli());
        try (Connection sync = DriverManager.getConnection("jdbc:sqlite:" + files.collection(alice));
                Statement statement = sync.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("DELETE FROM notes");
            long started = System.nanoTime();

            UserUsage usage = usage(Optional.empty()).user(alice).orElseThrow();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(usage.notes()).isEqualTo(OptionalLong.of(2));
            statement.execute("COMMIT");
        }
        assertThat(usage(Optional.empty()).user(alice).orElseThrow().notes()).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void lastSync_isTheLaterOfTheCollectionsAndTheNewestMediaChange() throws Exception {
        collectionWith(alice, 1);
        hostKeys.save(alice, digest(1), NOW.toEpochMilli());
        assertThat(usage(Optional.empty()).user(alice).orElseThrow().lastSync()).contains(LAST_COLLECTION_SYNC);

        ledger.apply(alice, List.of(put("later.jpg", content(5, 10))), NOW.getEpochSecond());

        assertThat(usage(Optional.empty()).user(alice).orElseThrow().lastSync()).contains(NOW);
    }

    /** The figure the docs quote: a table of 200 users with collections, media and devices. */
    @Test
    void twoHundredUsers_areTabulatedQuickly() throws Exception {
        List<UserId> users = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            UserId user = new UserId("user" + i);
            users.add(user);
            collectionWith(user, 20);
            ledger.apply(user, List.of(put("own" + i + ".jpg", content(100 + i, 100 + i)),
                    put("common.jpg", content(99, 5000))), 1);
            hostKeys.save(user, digest(1000 + i), NOW.toEpochMilli());
        }
        SqliteServerUsage usage = usage(Optional.empty());

        long cold = timed(() -> assertThat(usage.users()).hasSize(200));
        long warm = timed(() -> assertThat(usage.users()).hasSize(200));
        long steady = timed(() -> assertThat(usage.users()).hasSize(200));
        long totals = timed(() -> assertThat(usage.totals().users()).isEqualTo(200));

        System.err.printf("usage of %d users: first table %d ms, second %d ms, third %d ms, totals %d ms%n",
                users.size(), cold, warm, steady, totals);
        assertThat(steady).isLessThan(2000);
    }

    private static long timed(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /** A real collection for the user, with {@code notes} notes of two cards each. */
    private void collectionWith(UserId user, int notes) throws Exception {
        Path collection = files.collection(user);
        Files.createDirectories(collection.getParent());
        new EmptyCollectionFactory(clock).create(collection);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + collection);
                PreparedStatement note = connection.prepareStatement(
                        "INSERT INTO notes VALUES (?, ?, 1, 0, 0, '', 'front\u001fback', 'front', 0, 0, '')");
                PreparedStatement card = connection.prepareStatement(
                        "INSERT INTO cards VALUES (?, ?, 1, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)")) {
            connection.setAutoCommit(false);
            try (Statement synced = connection.createStatement()) {
                synced.execute("UPDATE col SET ls = " + LAST_COLLECTION_SYNC.toEpochMilli());
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

    private static MediaFile content(int bytes, long size) {
        return new MediaFile("%040x".formatted(bytes), new Sha256("%064x".formatted(bytes)), size);
    }

    private static MediaUpdate put(String name, MediaFile content) {
        return new MediaUpdate(name, Optional.of(content));
    }

    private static HostKeyDigest digest(int n) {
        return new HostKeyDigest(HexFormat.of().formatHex(ByteBuffer.allocate(32).putInt(28, n).array()));
    }
}
