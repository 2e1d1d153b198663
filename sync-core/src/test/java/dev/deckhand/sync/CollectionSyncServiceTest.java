package dev.deckhand.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SyncEvents;
import dev.deckhand.ports.testing.InMemoryCollectionStore;
import dev.deckhand.ports.testing.InMemorySyncTransaction;
import dev.deckhand.ports.testing.SettableDiskSpace;
import dev.deckhand.sync.full.FullSync;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.placement.PlacedLocks;
import dev.deckhand.sync.placement.UserPlacement;
import dev.deckhand.sync.meta.MetaStep;
import dev.deckhand.sync.session.SyncSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CollectionSyncServiceTest {

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(9_000), ZoneOffset.UTC);
    private final InMemoryCollectionStore store = new InMemoryCollectionStore(5);
    private final UserLocks locks = new UserLocks(Duration.ofMillis(50), SyncEvents.NONE);
    private final SyncSessions sessions = new SyncSessions(user -> new InMemorySyncTransaction(5), clock, Duration.ofMinutes(5));
    private final SyncLimits limits = SyncLimits.fromPayloadMegabytes(1);
    private final PlacedLocks placed = new PlacedLocks(locks, UserPlacement.ONE_NODE);
    private final CollectionSyncService sync = new CollectionSyncService(store, locks, placed, sessions, new MetaStep(limits, clock),
            new FullSync(store, placed, sessions, limits, SettableDiskSpace.roomy(), clock), user -> 0);
    private final UserId alice = new UserId("alice");
    private final SessionKey phone = new SessionKey("phone");
    private final SessionKey laptop = new SessionKey("laptop");

    @Test
    void anAbortWithASupersededKeyLeavesTheActiveSyncAlone() {
        sessions.start(alice, phone, 0, false);
        sessions.start(alice, laptop, 0, false); // the laptop takes over; the phone will be told 409

        sync.abort(alice, phone); // what the phone sends after its 409

        assertThat(sessions.require(alice, laptop)).as("the laptop's sync goes on").isNotNull();
        assertThatThrownBy(() -> sessions.require(alice, phone)).isInstanceOf(SyncConflictException.class);
    }

    @Test
    void anAbortWithTheActiveKeyEndsThatSync() {
        sessions.start(alice, laptop, 0, false);

        sync.abort(alice, laptop);

        assertThat(sessions.activeCount()).isZero();
        sync.abort(alice, laptop); // a second abort of a session already gone is harmless
    }
}
