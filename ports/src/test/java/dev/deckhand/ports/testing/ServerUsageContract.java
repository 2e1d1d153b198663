package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.in.ServerUsage;
import dev.deckhand.ports.in.StorageTotals;
import dev.deckhand.ports.in.UserUsage;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.CollectionFigures;
import dev.deckhand.ports.out.CollectionFigures.StoredCollection;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.MediaLedger;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ServerUsage} over a server database must do, whatever database holds the
 * accounts, host keys and media ledgers; the collections come from a {@link CollectionFigures} the
 * test sets. Extended once per implementation.
 */
public abstract class ServerUsageContract {

    protected static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");
    private static final Instant COLLECTION_SYNC = NOW.minus(Duration.ofHours(1));
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final UserId alice = new UserId("alice");
    private final UserId bob = new UserId("<img src=x onerror=alert(1)>");
    private final UserId carol = new UserId("carol");
    private InMemoryCollectionFigures collections;
    private Stores stores;

    /** The server database's stores behind the usage, as the implementation under test reads them. */
    protected record Stores(AccountStore accounts, HostKeyStore hostKeys, MediaLedger ledger) {
        public Stores {
            Objects.requireNonNull(accounts, "accounts");
            Objects.requireNonNull(hostKeys, "hostKeys");
            Objects.requireNonNull(ledger, "ledger");
        }
    }

    /** Stores of an empty server database; called before each test. */
    protected abstract Stores emptyStores();

    /** The usage under test over the stores {@link #emptyStores()} returned last. */
    protected abstract ServerUsage usage(CollectionFigures collections, Optional<Duration> maxHostKeyAge, Clock clock);

    @BeforeEach
    void setUp() {
        collections = new InMemoryCollectionFigures();
        stores = emptyStores();
    }

    private ServerUsage usage() {
        return usage(collections, Optional.empty(), clock);
    }

    @Test
    void aUser_combinesTheCollectionHere_withMediaAndDevicesFromTheServerDatabase() {
        stores.accounts().add(alice, new Credential.PlainPassword("pw"));
        collections.put(alice, new StoredCollection(4096, OptionalLong.of(3), OptionalLong.of(6), Optional.of(COLLECTION_SYNC)));
        stores.ledger().apply(alice, List.of(put("a.jpg", content(1, 100)), put("b.jpg", content(2, 50))),
                NOW.minus(Duration.ofHours(2)).getEpochSecond());
        stores.hostKeys().save(alice, digest(1), NOW.toEpochMilli());
        stores.hostKeys().save(alice, digest(2), NOW.toEpochMilli());

        assertThat(usage().user(alice)).contains(new UserUsage(alice, 4096, OptionalLong.of(3), OptionalLong.of(6), 2, 150,
                Optional.of(COLLECTION_SYNC), 2));
    }

    @Test
    void usersKnownOnlyByAnAccount_devices_orMedia_areListedByName_andAnUnknownNameIsNot() {
        stores.hostKeys().save(bob, digest(3), NOW.toEpochMilli());
        stores.accounts().add(carol, new Credential.PlainPassword("pw"));
        stores.ledger().apply(alice, List.of(put("a.jpg", content(1, 100))), NOW.getEpochSecond());
        collections.put(new UserId("only-on-disk"), new StoredCollection(1, OptionalLong.of(0), OptionalLong.of(0),
                Optional.empty()));

        assertThat(usage().users()).extracting(UserUsage::user).containsExactly(bob, alice, carol);
        assertThat(usage().user(new UserId("nobody"))).isEmpty();
        assertThat(usage().user(new UserId("only-on-disk"))).as("a collection alone does not make a user known").isEmpty();
    }

    @Test
    void aUserWithoutACollectionHere_reportsNone_butTheirMediaAndDevices() {
        stores.accounts().add(alice, new Credential.PlainPassword("pw"));
        stores.ledger().apply(alice, List.of(put("a.jpg", content(1, 100))), COLLECTION_SYNC.getEpochSecond());
        stores.hostKeys().save(alice, digest(1), NOW.toEpochMilli());
        stores.hostKeys().save(bob, digest(2), NOW.toEpochMilli());

        assertThat(usage().user(alice)).contains(new UserUsage(alice, 0, OptionalLong.empty(), OptionalLong.empty(), 1, 100,
                Optional.of(COLLECTION_SYNC), 1));
        assertThat(usage().user(bob)).contains(new UserUsage(bob, 0, OptionalLong.empty(), OptionalLong.empty(), 0, 0,
                Optional.empty(), 1));
    }

    @Test
    void aCollectionThatCouldNotBeRead_isReportedWithoutCounts() {
        stores.hostKeys().save(alice, digest(1), NOW.toEpochMilli());
        collections.put(alice, new StoredCollection(4096, OptionalLong.empty(), OptionalLong.empty(), Optional.of(NOW)));

        UserUsage usage = usage().user(alice).orElseThrow();

        assertThat(usage.collectionBytes()).isEqualTo(4096);
        assertThat(usage.notes()).isEmpty();
        assertThat(usage.cards()).isEmpty();
        assertThat(usage.lastSync()).contains(NOW);
    }

    @Test
    void devices_leaveOutHostKeysOlderThanTheMaximumAge() {
        stores.hostKeys().save(alice, digest(1), NOW.minus(Duration.ofDays(10)).toEpochMilli());
        stores.hostKeys().save(alice, digest(2), NOW.minus(Duration.ofDays(1)).toEpochMilli());

        assertThat(usage(collections, Optional.of(Duration.ofDays(5)), clock).user(alice).orElseThrow().devices()).isEqualTo(1);
        assertThat(usage().user(alice).orElseThrow().devices()).isEqualTo(2);
        assertThat(usage(collections, Optional.of(Duration.ofDays(5)), clock).users()).extracting(UserUsage::user)
                .as("a user whose keys all expired is still known").contains(alice);
    }

    @Test
    void lastSync_isTheLaterOfTheCollectionsAndTheNewestMediaChange_deletionsIncluded() {
        stores.hostKeys().save(alice, digest(1), NOW.toEpochMilli());
        collections.put(alice, new StoredCollection(4096, OptionalLong.of(1), OptionalLong.of(2), Optional.of(COLLECTION_SYNC)));
        stores.ledger().apply(alice, List.of(put("early.jpg", content(5, 10))), COLLECTION_SYNC.minusSeconds(60).getEpochSecond());
        assertThat(usage().user(alice).orElseThrow().lastSync()).contains(COLLECTION_SYNC);

        stores.ledger().apply(alice, List.of(new MediaUpdate("early.jpg", Optional.empty())), NOW.getEpochSecond());

        assertThat(usage().user(alice).orElseThrow().lastSync()).contains(NOW);
    }

    @Test
    void totals_takeUsersAndMediaFromTheServerDatabase_collectionsFromThisDisk_andCountIdenticalMediaOnce() {
        stores.accounts().add(alice, new Credential.PlainPassword("pw"));
        MediaFile shared = content(3, 1000);
        stores.ledger().apply(alice, List.of(put("shared.png", shared), put("own.png", content(4, 10)),
                put("gone.png", content(6, 7))), 1);
        stores.ledger().apply(alice, List.of(new MediaUpdate("gone.png", Optional.empty())), 2);
        stores.ledger().apply(bob, List.of(put("same-bytes-other-name.png", shared)), 1);
        collections.put(alice, new StoredCollection(100, OptionalLong.of(1), OptionalLong.of(1), Optional.empty()))
                .put(carol, new StoredCollection(20, OptionalLong.empty(), OptionalLong.empty(), Optional.of(NOW)));

        StorageTotals totals = usage(new TotalsOnly(collections), Optional.empty(), clock).totals();

        assertThat(totals).isEqualTo(new StorageTotals(2, 2, 120, 3, 2010, 2, 1010));
        assertThat(totals.deduplicationSavedBytes()).isEqualTo(1000);
    }

    @Test
    void anEmptyServer_hasNoUsers_andZeroTotals() {
        assertThat(usage().users()).isEmpty();
        assertThat(usage().totals()).isEqualTo(new StorageTotals(0, 0, 0, 0, 0, 0, 0));
    }

    /** The collections' totals, failing if asked for any one user's: totals never look at each collection. */
    private record TotalsOnly(CollectionFigures figures) implements CollectionFigures {
        @Override
        public Optional<StoredCollection> collection(UserId user) {
            throw new AssertionError("totals asked for the collection of " + user.name());
        }

        @Override
        public Totals totals() {
            return figures.totals();
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
