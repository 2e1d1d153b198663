package dev.deckhand.adapter.postgres;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.ServerUsage;
import dev.deckhand.ports.in.UserUsage;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.CollectionFigures;
import dev.deckhand.ports.out.CollectionFigures.StoredCollection;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.testing.FastPasswordHashing;
import dev.deckhand.ports.testing.InMemoryCollectionFigures;
import dev.deckhand.ports.testing.ServerUsageContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL usage honours the contract; also what only a cluster shows: two nodes over one
 * database agree on users, devices and media, and each reports only the collections on its disk.
 */
class PostgresServerUsageTest extends ServerUsageContract {

    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final Clock CLOCK = Clock.systemUTC();

    private static EmbeddedPostgres postgres;
    private static PostgresDatabase database;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        database = PostgresDatabase.open(settings(), STAMP);
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
        postgres.close();
    }

    private static PostgresSettings settings() {
        return EmbeddedPostgresSettings.of(postgres, 4);
    }

    @Override
    protected Stores emptyStores() {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE accounts, host_keys, media_files, media_state"));
        return new Stores(new PostgresAccountStore(database, Clock.fixed(NOW, CLOCK.getZone()), new FastPasswordHashing()),
                new PostgresHostKeyStore(database), new PostgresMediaLedger(database));
    }

    @Override
    protected ServerUsage usage(CollectionFigures collections, Optional<Duration> maxHostKeyAge, Clock clock) {
        return new PostgresServerUsage(database, collections, maxHostKeyAge, clock);
    }

    @Test
    void twoNodes_shareUsersDevicesAndMedia_andEachReportsTheCollectionsOnItsOwnDisk() {
        emptyStores();
        new PostgresAccountStore(database, CLOCK, new FastPasswordHashing()).add(ALICE, new Credential.PlainPassword("pw"));
        new PostgresHostKeyStore(database).save(ALICE, new HostKeyDigest("a".repeat(64)), NOW.toEpochMilli());
        new PostgresHostKeyStore(database).save(BOB, new HostKeyDigest("b".repeat(64)), NOW.toEpochMilli());
        Instant aliceSynced = NOW.minusSeconds(60);
        InMemoryCollectionFigures nodeA = new InMemoryCollectionFigures()
                .put(ALICE, new StoredCollection(4096, OptionalLong.of(3), OptionalLong.of(6), Optional.of(aliceSynced)));
        InMemoryCollectionFigures nodeB = new InMemoryCollectionFigures()
                .put(BOB, new StoredCollection(2048, OptionalLong.of(1), OptionalLong.of(2), Optional.empty()));

        try (PostgresDatabase otherPool = PostgresDatabase.open(settings(), STAMP)) {
            ServerUsage onA = new PostgresServerUsage(database, nodeA, Optional.empty(), CLOCK);
            ServerUsage onB = new PostgresServerUsage(otherPool, nodeB, Optional.empty(), CLOCK);

            assertThat(onA.users()).extracting(UserUsage::user).containsExactly(ALICE, BOB);
            assertThat(onB.users()).extracting(UserUsage::user).containsExactly(ALICE, BOB);
            assertThat(onA.user(ALICE)).contains(new UserUsage(ALICE, 4096, OptionalLong.of(3), OptionalLong.of(6), 0, 0,
                    Optional.of(aliceSynced), 1));
            assertThat(onB.user(ALICE)).contains(new UserUsage(ALICE, 0, OptionalLong.empty(), OptionalLong.empty(), 0, 0,
                    Optional.empty(), 1));
            assertThat(onA.totals().users()).isEqualTo(2);
            assertThat(onA.totals().collectionBytes()).isEqualTo(4096);
            assertThat(onB.totals().collectionBytes()).isEqualTo(2048);
        }
    }

    @Test
    void aMissingTable_isAStorageException_andAStoppedDatabaseIsUnavailable() throws IOException {
        emptyStores();
        ServerUsage usage = new PostgresServerUsage(database, new InMemoryCollectionFigures(), Optional.empty(), CLOCK);
        database.jdbi().useHandle(h -> h.execute("ALTER TABLE media_state RENAME TO media_state_elsewhere"));
        try {
            assertThatThrownBy(usage::users).isInstanceOf(StorageException.class)
                    .isNotInstanceOf(BackendUnavailableException.class).hasMessage("cannot read the server's usage");
        } finally {
            database.jdbi().useHandle(h -> h.execute("ALTER TABLE media_state_elsewhere RENAME TO media_state"));
        }

        EmbeddedPostgres stopped = EmbeddedPostgres.builder().start();
        try (PostgresDatabase unreachable = PostgresDatabase.open(
                EmbeddedPostgresSettings.of(stopped, 2), STAMP)) {
            stopped.close();
            ServerUsage down = new PostgresServerUsage(unreachable, new InMemoryCollectionFigures(), Optional.empty(), CLOCK);

            assertThatThrownBy(down::totals).isInstanceOf(BackendUnavailableException.class);
        }
    }
}
