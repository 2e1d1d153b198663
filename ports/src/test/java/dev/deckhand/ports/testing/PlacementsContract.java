package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.NodeStatus;
import dev.deckhand.ports.model.nodes.Placement;
import dev.deckhand.ports.out.nodes.Placements;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Placements} must do; extended once per implementation. {@link #newPlacements()}
 * gives one with no nodes and no users.
 */
public abstract class PlacementsContract {

    private static final NodeId NODE_A = new NodeId("node-a");
    private static final NodeId NODE_B = new NodeId("node-b");
    private static final NodeId NODE_C = new NodeId("node-c");
    private static final URI URL_A = URI.create("https://a.example.org/");
    private static final URI URL_B = URI.create("https://b.example.org/");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-01T10:00:30Z");
    /** How long a burst of concurrent placements may take: far longer than it should, short of hanging. */
    private static final long BURST_SECONDS = 20;

    private final UserId alice = new UserId("alice");
    private final UserId bob = new UserId("bob");
    private final UserId carol = new UserId("carol");
    private Placements placements;

    /** An empty {@link Placements}: no node announced, no user placed. */
    protected abstract Placements newPlacements();

    @BeforeEach
    void setUp() {
        placements = newPlacements();
    }

    @Test
    void announce_recordsANewNodeThatAcceptsNewUsers() {
        placements.announce(NODE_A, URL_A, T0);

        assertThat(placements.nodes()).containsExactly(new NodeStatus(NODE_A, URL_A, true, T0, 0));
    }

    @Test
    void announceAgain_refreshesUrlAndLastSeen_butKeepsTheDrainState() {
        placements.announce(NODE_A, URL_A, T0);
        assertThat(placements.acceptNewUsers(NODE_A, false)).isTrue();

        URI moved = URI.create("https://a2.example.org/");
        placements.announce(NODE_A, moved, T1);

        assertThat(placements.nodes()).containsExactly(new NodeStatus(NODE_A, moved, false, T1, 0));
    }

    @Test
    void acceptNewUsers_resumesADrainedNode_andIsFalseForAnUnknownOne() {
        placements.announce(NODE_A, URL_A, T0);
        placements.acceptNewUsers(NODE_A, false);

        assertThat(placements.acceptNewUsers(NODE_A, true)).isTrue();
        assertThat(placements.nodes()).extracting(NodeStatus::acceptsNewUsers).containsExactly(true);
        assertThat(placements.acceptNewUsers(NODE_B, false)).isFalse();
        assertThat(placements.nodes()).extracting(NodeStatus::id).containsExactly(NODE_A);
    }

    @Test
    void nodes_areById_andCountTheirUsers() {
        placements.announce(NODE_B, URL_B, T1);
        placements.announce(NODE_A, URL_A, T0);
        placements.placeIfAbsent(alice, NODE_B);
        placements.placeIfAbsent(bob, NODE_B);
        placements.placeIfAbsent(carol, NODE_A);

        assertThat(placements.nodes()).containsExactly(
                new NodeStatus(NODE_A, URL_A, true, T0, 1),
                new NodeStatus(NODE_B, URL_B, true, T1, 2));
    }

    @Test
    void placementOf_isEmptyForAUserNeverPlaced() {
        assertThat(placements.placementOf(alice)).isEmpty();
    }

    @Test
    void placeIfAbsent_placesANewUser_andKeepsTheFirstPlacement() {
        assertThat(placements.placeIfAbsent(alice, NODE_A)).isEqualTo(new Placement(NODE_A, false));

        assertThat(placements.placeIfAbsent(alice, NODE_B)).isEqualTo(new Placement(NODE_A, false));
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_A, false));
    }

    @Test
    void placeIfAbsent_answersWithAMoveInProgress() {
        placements.placeIfAbsent(alice, NODE_A);
        placements.beginMove(alice, NODE_A);

        assertThat(placements.placeIfAbsent(alice, NODE_B)).isEqualTo(new Placement(NODE_A, true));
    }

    @Test
    void usersOn_listsTheNodesUsersByName() {
        placements.placeIfAbsent(carol, NODE_A);
        placements.placeIfAbsent(alice, NODE_A);
        placements.placeIfAbsent(bob, NODE_B);

        assertThat(placements.usersOn(NODE_A)).containsExactly(alice, carol);
        assertThat(placements.usersOn(NODE_B)).containsExactly(bob);
        assertThat(placements.usersOn(NODE_C)).isEmpty();
    }

    @Test
    void beginMove_marksTheUserMoving_onlyFromTheNodeTheUserIsOn_andOnlyOnce() {
        placements.placeIfAbsent(alice, NODE_A);

        assertThat(placements.beginMove(alice, NODE_B)).as("alice is not on node-b").isFalse();
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_A, false));

        assertThat(placements.beginMove(alice, NODE_A)).isTrue();
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_A, true));

        assertThat(placements.beginMove(alice, NODE_A)).as("already moving").isFalse();
        assertThat(placements.beginMove(bob, NODE_A)).as("never placed").isFalse();
        assertThat(placements.placementOf(bob)).isEmpty();
    }

    @Test
    void finishMove_placesTheUserOnTheTargetNode() {
        placements.placeIfAbsent(alice, NODE_A);
        placements.beginMove(alice, NODE_A);

        assertThat(placements.finishMove(alice, NODE_A, NODE_B)).isTrue();

        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_B, false));
        assertThat(placements.usersOn(NODE_A)).isEmpty();
        assertThat(placements.usersOn(NODE_B)).containsExactly(alice);
    }

    @Test
    void finishMove_changesNothing_withoutAMoveFromThatNode() {
        placements.placeIfAbsent(alice, NODE_A);

        assertThat(placements.finishMove(alice, NODE_A, NODE_B)).as("no move begun").isFalse();
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_A, false));

        placements.beginMove(alice, NODE_A);
        assertThat(placements.finishMove(alice, NODE_C, NODE_B)).as("moving from node-a, not node-c").isFalse();
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_A, true));

        assertThat(placements.finishMove(bob, NODE_A, NODE_B)).as("never placed").isFalse();
        assertThat(placements.placementOf(bob)).isEmpty();
    }

    @Test
    void cancelMove_leavesTheUserWhereTheyWere_onlyForAMoveFromThatNode() {
        placements.placeIfAbsent(alice, NODE_A);

        assertThat(placements.cancelMove(alice, NODE_A)).as("no move begun").isFalse();

        placements.beginMove(alice, NODE_A);
        assertThat(placements.cancelMove(alice, NODE_B)).as("moving from node-a").isFalse();
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_A, true));

        assertThat(placements.cancelMove(alice, NODE_A)).isTrue();
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_A, false));
        assertThat(placements.cancelMove(bob, NODE_A)).as("never placed").isFalse();
    }

    @Test
    void cancelMovesFrom_endsEveryMoveFromThatNodeOnly() {
        placements.placeIfAbsent(alice, NODE_A);
        placements.placeIfAbsent(bob, NODE_A);
        placements.placeIfAbsent(carol, NODE_B);
        placements.beginMove(alice, NODE_A);
        placements.beginMove(carol, NODE_B);

        assertThat(placements.cancelMovesFrom(NODE_A)).isEqualTo(1);

        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_A, false));
        assertThat(placements.placementOf(bob)).contains(new Placement(NODE_A, false));
        assertThat(placements.placementOf(carol)).contains(new Placement(NODE_B, true));
        assertThat(placements.cancelMovesFrom(NODE_A)).isZero();
    }

    @Test
    void aCancelledMove_canBeBegunAgain_andAFinishedMoveCannotBeCancelled() {
        placements.placeIfAbsent(alice, NODE_A);
        placements.beginMove(alice, NODE_A);
        placements.cancelMove(alice, NODE_A);

        assertThat(placements.beginMove(alice, NODE_A)).isTrue();
        assertThat(placements.finishMove(alice, NODE_A, NODE_B)).isTrue();

        assertThat(placements.cancelMove(alice, NODE_A)).isFalse();
        assertThat(placements.cancelMove(alice, NODE_B)).isFalse();
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_B, false));
    }

    @Test
    void reassign_placesTheUserWhateverThePlacementWas_andSaysWhatItReplaced() {
        placements.placeIfAbsent(alice, NODE_A);
        placements.beginMove(alice, NODE_A);

        assertThat(placements.reassign(alice, NODE_B)).contains(new Placement(NODE_A, true));
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_B, false));

        assertThat(placements.reassign(bob, NODE_C)).isEmpty();
        assertThat(placements.placementOf(bob)).contains(new Placement(NODE_C, false));
    }

    @Test
    void forget_removesThePlacement_andIsFalseForAUserNeverPlaced() {
        placements.announce(NODE_A, URL_A, T0);
        placements.placeIfAbsent(alice, NODE_A);

        assertThat(placements.forget(alice)).isTrue();

        assertThat(placements.placementOf(alice)).isEmpty();
        assertThat(placements.usersOn(NODE_A)).isEmpty();
        assertThat(placements.nodes()).extracting(NodeStatus::users).containsExactly(0);
        assertThat(placements.forget(alice)).isFalse();
        assertThat(placements.placeIfAbsent(alice, NODE_B)).as("placed afresh").isEqualTo(new Placement(NODE_B, false));
    }

    @Test
    void severalNodesPlacingTheSameNewUserAtOnce_endWithExactlyOnePlacement() throws Exception {
        List<NodeId> nodes = List.of(NODE_A, NODE_B, NODE_C);
        for (int round = 0; round < 5; round++) {
            UserId user = new UserId("newcomer-" + round);
            List<Placement> answers = all(8, worker -> placements.placeIfAbsent(user, nodes.get(worker % nodes.size())));

            Placement winner = placements.placementOf(user).orElseThrow();
            assertThat(answers).as("every caller is told the one placement that holds").containsOnly(winner);
            assertThat(winner.moving()).isFalse();
            assertThat(nodes.stream().mapToInt(node -> placements.usersOn(node).size()).sum()).isEqualTo(round + 1);
        }
    }

    @Test
    void severalNodesBeginningTheSameMoveAtOnce_startItOnce() throws Exception {
        placements.placeIfAbsent(alice, NODE_A);

        List<Boolean> begun = all(8, worker -> placements.beginMove(alice, NODE_A));

        assertThat(begun).containsOnlyOnce(true);
        assertThat(placements.placementOf(alice)).contains(new Placement(NODE_A, true));
    }

    /** Runs {@code work} on {@code threads} threads released together, each given its index; their answers. */
    private static <T> List<T> all(int threads, Worker<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int worker = i;
                Callable<T> task = () -> {
                    start.await();
                    return work.run(worker);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BURST_SECONDS);
            for (Future<T> future : futures) {
                answers.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Worker<T> {
        T run(int index);
    }
}
