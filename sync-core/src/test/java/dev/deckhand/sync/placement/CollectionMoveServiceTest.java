package dev.deckhand.sync.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.AccountMovingException;
import dev.deckhand.ports.in.CollectionMoves;
import dev.deckhand.ports.in.MoveRefusedException;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.Placement;
import dev.deckhand.ports.out.StageOutcome;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.StoredFile;
import dev.deckhand.ports.out.SyncEvents;
import dev.deckhand.ports.out.nodes.CollectionCourier;
import dev.deckhand.ports.testing.InMemoryCollectionStore;
import dev.deckhand.ports.testing.InMemoryPlacements;
import dev.deckhand.ports.testing.InMemorySyncTransaction;
import dev.deckhand.ports.testing.SettableClock;
import dev.deckhand.sync.SyncLimits;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.session.SyncSessions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Two nodes in one JVM, sharing placements; the courier hands the file straight to the other node. */
@SuppressWarnings("try") // try-with-resources holds a lock for a block that never names it
class CollectionMoveServiceTest {

    private static final UserId ALICE = new UserId("alice");
    private static final NodeId ONE = new NodeId("one");
    private static final NodeId TWO = new NodeId("two");
    private static final byte[] ALICES_COLLECTION = (InMemoryCollectionStore.VALID_PREFIX + " alice's cards")
            .getBytes(StandardCharsets.US_ASCII);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final InMemoryPlacements placements = new InMemoryPlacements();
    private final Map<URI, Node> nodes = new HashMap<>();
    private final AtomicReference<CollectionCourier> courier = new AtomicReference<>(this::deliverDirectly);
    private final Node one = node(ONE);
    private final Node two = node(TWO);

    private final class Node {
        final InMemoryCollectionStore store = new InMemoryCollectionStore(0);
        final UserLocks locks = new UserLocks(Duration.ofMillis(100), SyncEvents.NONE);
        final SyncSessions sessions = new SyncSessions(user -> new InMemorySyncTransaction(0), clock, Duration.ofMinutes(5));
        final ClusterPlacement placement;
        final CollectionMoves moves;

        Node(NodeId id) {
            URI url = URI.create("http://" + id + ".example/");
            placement = new ClusterPlacement(placements, id, url, clock, Duration.ofMinutes(1));
            placement.announce();
            moves = new CollectionMoveService(placement, locks, sessions, store,
                    (user, node, file) -> courier.get().deliver(user, node, file), SyncLimits.fromPayloadMegabytes(1));
            nodes.put(url, this);
        }
    }

    private Node node(NodeId id) {
        return new Node(id);
    }

    private Sha256 deliverDirectly(UserId user, URI node, StoredFile file) {
        try (InputStream in = file.open()) {
            return nodes.get(node).moves.moveIn(user, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void aliceLivesOnOne() {
        placements.placeIfAbsent(ALICE, ONE);
        one.store.install(((StageOutcome.Staged) one.store.stage(ALICE,
                new ByteArrayInputStream(ALICES_COLLECTION), 1 << 20)).collection());
    }

    @Test
    void aMovedCollection_isOnTheOtherNodeByteForByte_andGoneFromThisOne() {
        aliceLivesOnOne();

        CollectionMoves.MovedCollection moved = one.moves.moveOut(ALICE, TWO);

        assertThat(two.store.file(ALICE)).isEqualTo(ALICES_COLLECTION);
        assertThat(one.store.file(ALICE)).isNull();
        assertThat(placements.placementOf(ALICE)).contains(new Placement(TWO, false));
        assertThat(moved.bytes()).isEqualTo(ALICES_COLLECTION.length);
        assertThat(two.placement.elsewhere(ALICE)).isEmpty();
        assertThat(one.placement.elsewhere(ALICE)).contains(URI.create("http://two.example/"));
    }

    @Test
    void aCopyThatComesBackDifferent_leavesTheUserWhereTheyWere() {
        aliceLivesOnOne();
        courier.set((user, node, file) -> new Sha256("0".repeat(64)));

        assertThatThrownBy(() -> one.moves.moveOut(ALICE, TWO)).isInstanceOf(StorageException.class)
                .hasMessageContaining("not the");

        assertThat(placements.placementOf(ALICE)).contains(new Placement(ONE, false));
        assertThat(one.store.file(ALICE)).isEqualTo(ALICES_COLLECTION);
    }

    @Test
    void whileTheMoveWaitsForTheUsersLock_theirSyncsAreToldTheAccountIsMoving() {
        aliceLivesOnOne();
        courier.set((user, node, file) -> {
            assertThatThrownBy(() -> one.placement.elsewhere(ALICE)).isInstanceOf(AccountMovingException.class);
            assertThatThrownBy(() -> two.placement.elsewhere(ALICE)).isInstanceOf(AccountMovingException.class);
            return deliverDirectly(user, node, file);
        });

        one.moves.moveOut(ALICE, TWO);
    }

    @Test
    void movesThatCannotHappen_areRefusedAndChangeNothing() {
        aliceLivesOnOne();

        assertThatThrownBy(() -> two.moves.moveOut(ALICE, ONE)).isInstanceOf(MoveRefusedException.class)
                .hasMessageContaining("does not live on two");
        assertThatThrownBy(() -> one.moves.moveOut(ALICE, ONE)).isInstanceOf(MoveRefusedException.class);
        assertThatThrownBy(() -> one.moves.moveOut(ALICE, new NodeId("nowhere"))).isInstanceOf(MoveRefusedException.class)
                .hasMessageContaining("not a live node");
        assertThatThrownBy(() -> two.moves.moveIn(ALICE, new ByteArrayInputStream(ALICES_COLLECTION)))
                .isInstanceOf(MoveRefusedException.class).hasMessageContaining("not being moved");

        assertThat(placements.placementOf(ALICE)).contains(new Placement(ONE, false));
        assertThat(two.store.file(ALICE)).isNull();
    }

    @Test
    void aFileThatIsNoCollection_isRefusedByTheReceivingNode_andTheUserStays() {
        aliceLivesOnOne();
        courier.set((user, node, file) -> nodes.get(node).moves.moveIn(user,
                new ByteArrayInputStream("not a collection".getBytes(StandardCharsets.US_ASCII))));

        assertThatThrownBy(() -> one.moves.moveOut(ALICE, TWO)).isInstanceOf(MoveRefusedException.class)
                .hasMessageContaining("was refused");

        assertThat(placements.placementOf(ALICE)).contains(new Placement(ONE, false));
        assertThat(two.store.file(ALICE)).isNull();
    }

    @Test
    void aNodeSilentPastTheLimit_getsNoCollections() {
        aliceLivesOnOne();
        clock.advance(Duration.ofMinutes(2));
        one.placement.announce();

        assertThatThrownBy(() -> one.moves.moveOut(ALICE, TWO)).isInstanceOf(MoveRefusedException.class);
        try (UserLocks.Held held = one.locks.acquire(ALICE)) {
            assertThat(placements.placementOf(ALICE)).contains(new Placement(ONE, false));
        }
    }
}
