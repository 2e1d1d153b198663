package dev.deckhand.sync.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.AccountMovingException;
import dev.deckhand.ports.in.PlacedElsewhereException;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.Placement;
import dev.deckhand.ports.out.SyncEvents;
import dev.deckhand.ports.testing.InMemoryPlacements;
import dev.deckhand.ports.testing.SettableClock;
import dev.deckhand.sync.lock.UserLocks;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // try-with-resources holds a lock for a block that never names it
class ClusterPlacementTest {

    private static final NodeId ONE = new NodeId("one");
    private static final NodeId TWO = new NodeId("two");
    private static final NodeId THREE = new NodeId("three");
    private static final URI TWO_URL = URI.create("http://two.example:8080/");
    private static final UserId ALICE = new UserId("alice");
    private static final Duration SILENCE = Duration.ofSeconds(90);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final InMemoryPlacements placements = new InMemoryPlacements();
    private final ClusterPlacement one = node(ONE, "http://one.example:8080/");
    private final ClusterPlacement two = node(TWO, TWO_URL.toString());

    private ClusterPlacement node(NodeId id, String url) {
        ClusterPlacement node = new ClusterPlacement(placements, id, URI.create(url), clock, SILENCE);
        node.announce();
        return node;
    }

    @Test
    void aNewUser_isPlacedOnTheNodeWithFewestUsers_andEveryNodeAgrees() {
        placements.placeIfAbsent(new UserId("bob"), ONE);

        assertThat(one.elsewhere(ALICE)).contains(TWO_URL);
        assertThat(two.elsewhere(ALICE)).isEmpty();
        assertThat(placements.placementOf(ALICE)).contains(new Placement(TWO, false));
    }

    @Test
    void onATie_theAskingNodeTakesTheUser_soTheFirstSyncNeedsNoRedirect() {
        assertThat(two.elsewhere(ALICE)).isEmpty();
        assertThat(one.elsewhere(ALICE)).contains(TWO_URL);
    }

    @Test
    void aDrainedNode_andANodeSilentPastTheLimit_getNoNewUsers() {
        ClusterPlacement three = node(THREE, "http://three.example:8080/");
        placements.acceptNewUsers(ONE, false);
        clock.advance(SILENCE.plusSeconds(1));
        three.announce();

        assertThat(one.elsewhere(ALICE)).contains(URI.create("http://three.example:8080/"));
    }

    @Test
    void withNoOtherNodeAlive_aUserIsPlacedHere() {
        clock.advance(SILENCE.plusSeconds(1));

        assertThat(one.elsewhere(ALICE)).isEmpty();
        assertThat(placements.placementOf(ALICE)).contains(new Placement(ONE, false));
    }

    @Test
    void aRedirect_usesTheNodesUrlAsLastAnnounced_andLearnsOfANewNodeAtOnce() {
        placements.placeIfAbsent(ALICE, TWO);
        assertThat(one.elsewhere(ALICE)).contains(TWO_URL);

        node(THREE, "http://three.example:8080/");
        placements.reassign(ALICE, THREE);
        assertThat(one.elsewhere(ALICE)).contains(URI.create("http://three.example:8080/"));

        placements.announce(THREE, URI.create("https://three.example/"), clock.instant());
        clock.advance(ClusterPlacement.URLS_FRESH.plusSeconds(1));
        assertThat(one.elsewhere(ALICE)).contains(URI.create("https://three.example/"));
    }

    @Test
    void aNodeJoiningAfterACrash_endsTheMovesItLeftBegun() {
        placements.placeIfAbsent(ALICE, ONE);
        placements.beginMove(ALICE, ONE);

        assertThat(one.join()).isEqualTo(1);

        assertThat(two.elsewhere(ALICE)).contains(URI.create("http://one.example:8080/"));
    }

    @Test
    void aMovingUser_isToldToTryAgain() {
        placements.placeIfAbsent(ALICE, ONE);
        placements.beginMove(ALICE, ONE);

        assertThatThrownBy(() -> two.elsewhere(ALICE)).isInstanceOf(AccountMovingException.class)
                .satisfies(e -> assertThat(((AccountMovingException) e).retryAfterSeconds()).isPositive());
    }

    @Test
    void aPlacedLock_isHeldOnlyForACollectionHere_andIsReleasedOtherwise() {
        placements.placeIfAbsent(ALICE, TWO);
        UserLocks locks = new UserLocks(Duration.ofMillis(50), SyncEvents.NONE);
        PlacedLocks onOne = new PlacedLocks(locks, one);

        assertThatThrownBy(() -> onOne.acquireHere(ALICE)).isInstanceOfSatisfying(PlacedElsewhereException.class,
                e -> assertThat(e.node()).isEqualTo(TWO_URL));
        try (UserLocks.Held held = locks.acquire(ALICE)) {
            assertThat(held).isNotNull(); // the refused call let go of the lock
        }
        try (UserLocks.Held held = new PlacedLocks(locks, two).acquireHere(ALICE)) {
            assertThat(placements.placementOf(ALICE)).isEqualTo(Optional.of(new Placement(TWO, false)));
        }
    }
}
