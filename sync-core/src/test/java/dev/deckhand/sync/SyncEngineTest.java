package dev.deckhand.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.in.MetaOutcome;
import dev.deckhand.ports.in.MetaRequest;
import dev.deckhand.ports.in.PlacedElsewhereException;
import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.model.CollectionState;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.SyncVersion;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.CollectionStore;
import dev.deckhand.ports.out.CollectionTransactions;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.StageOutcome;
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StoredFile;
import dev.deckhand.ports.out.SyncTransaction;
import dev.deckhand.ports.out.nodes.CollectionCourier;
import dev.deckhand.ports.testing.InMemoryCollectionStore;
import dev.deckhand.ports.testing.InMemoryCollectionTransactions;
import dev.deckhand.ports.testing.InMemoryHostKeyStore;
import dev.deckhand.ports.testing.InMemoryPlacements;
import dev.deckhand.ports.testing.SettableClock;
import dev.deckhand.sync.placement.ClusterPlacement;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
class SyncEngineTest {

    private static final UserId ALICE = new UserId("alice");
    private static final Authenticator ONLY_ALICE = (name, password) -> "alice".equals(name) && "alice-pw".equals(password)
            ? new SignInOutcome.SignedIn(ALICE) : new SignInOutcome.Rejected();

    private final SettableClock clock = new SettableClock(Instant.ofEpochMilli(1_700_000_000_000L));
    private final Collections collections = new Collections(new InMemoryCollectionStore(clock.millis()),
            new InMemoryCollectionTransactions());

    private SyncEngine.Builder adapters() {
        return SyncEngine.builder().collections(collections).signIn(ONLY_ALICE).hostKeys(new InMemoryHostKeyStore())
                .mediaUsns(user -> 7).clock(clock);
    }

    @Test
    void build_withoutARequiredAdapter_namesIt() {
        assertThatThrownBy(() -> SyncEngine.builder().signIn(ONLY_ALICE).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("collections(...)");
        assertThatThrownBy(() -> SyncEngine.builder().collections(collections).signIn(ONLY_ALICE)
                .hostKeys(new InMemoryHostKeyStore()).build())
                .hasMessageContaining("mediaUsns(...)");
    }

    @Test
    void theDrivingPorts_shareTheGivenAdapters() {
        try (SyncEngine engine = adapters().build()) {
            LoginOutcome login = engine.login().login("alice", "alice-pw");
            assertThat(login).isInstanceOf(LoginOutcome.LoggedIn.class);
            assertThat(engine.login().userFor(((LoginOutcome.LoggedIn) login).hostKey())).contains(ALICE);

            MetaOutcome meta = engine.collectionSync().meta(ALICE, new MetaRequest(new SyncVersion(SyncVersion.CURRENT), "test"));
            assertThat(meta).isInstanceOfSatisfying(MetaOutcome.SyncMeta.class, m -> assertThat(m.mediaUsn()).isEqualTo(7));
        }
    }

    @Test
    void anAbandonedNormalSync_isRolledBackByTheEnginesOwnSchedule() throws InterruptedException {
        try (SyncEngine engine = adapters().sessionIdleTimeout(Duration.ofMinutes(5)).expiryInterval(Duration.ofMillis(10)).build()) {
            SessionKey session = new SessionKey("s1");
            engine.normalSync().start(ALICE, session, 0, false, Optional.empty());
            assertThat(engine.activeSessions()).isEqualTo(1);

            clock.advance(Duration.ofMinutes(6));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (engine.activeSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(engine.activeSessions()).isZero();
            assertThatThrownBy(() -> engine.normalSync().finish(ALICE, session)).isInstanceOf(SyncConflictException.class);
        }
    }

    @Test
    void theUserLocks_areTheOnesTheSyncStepsTake() {
        try (SyncEngine engine = adapters().lockWait(Duration.ofMillis(50)).build()) {
            try (var held = engine.userLocks().acquire(ALICE)) {
                assertThatThrownBy(() -> engine.collectionSync().meta(ALICE, new MetaRequest(new SyncVersion(SyncVersion.CURRENT), "t")))
                        .isInstanceOf(SyncConflictException.class);
            }
        }
    }

    @Test
    void metaForACollectionOnAnotherNode_sendsTheClientThere_andAFullSyncThereIsRefused() {
        URI other = URI.create("http://node-2.example/");
        InMemoryPlacements placements = new InMemoryPlacements();
        placements.announce(new NodeId("node-2"), other, clock.instant());
        placements.placeIfAbsent(ALICE, new NodeId("node-2"));
        ClusterPlacement here = new ClusterPlacement(placements, new NodeId("node-1"), URI.create("http://node-1.example/"),
                clock, Duration.ofMinutes(1));
        CollectionCourier unused = (user, node, file) -> {
            throw new AssertionError("nothing moves here");
        };
        try (SyncEngine engine = adapters().cluster(here, unused).build()) {
            MetaOutcome meta = engine.collectionSync().meta(ALICE, new MetaRequest(new SyncVersion(SyncVersion.CURRENT), "t"));

            assertThat(meta).isEqualTo(new MetaOutcome.Redirect(other));
            assertThatThrownBy(() -> engine.collectionSync().download(ALICE)).isInstanceOf(PlacedElsewhereException.class);
            assertThatThrownBy(() -> engine.normalSync().start(ALICE, new SessionKey("s"), 0, false, Optional.empty()))
                    .isInstanceOf(PlacedElsewhereException.class);
        }
    }

    /** The in-memory store and transactions as one object, as a real collection adapter is. */
    private record Collections(InMemoryCollectionStore store, InMemoryCollectionTransactions transactions)
            implements CollectionStore, CollectionTransactions {

        @Override
        public CollectionState open(UserId user) {
            return store.open(user);
        }

        @Override
        public StageOutcome stage(UserId user, InputStream uploaded, long maxBytes) {
            return store.stage(user, uploaded, maxBytes);
        }

        @Override
        public void install(StagedCollection staged) {
            store.install(staged);
        }

        @Override
        public StoredFile prepareDownload(UserId user, long nowMillis) {
            return store.prepareDownload(user, nowMillis);
        }

        @Override
        public StoredFile snapshot(UserId user) {
            return store.snapshot(user);
        }

        @Override
        public void remove(UserId user) {
            store.remove(user);
        }

        @Override
        public SyncTransaction begin(UserId user) {
            return transactions.begin(user);
        }
    }
}
