package dev.deckhand.adapter.postgres;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.Placement;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.nodes.Placements;
import dev.deckhand.ports.testing.PlacementsContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Placements in PostgreSQL honour the contract, also when two nodes' pools race to place the same users. */
class PostgresPlacementsTest extends PlacementsContract {

    private static EmbeddedPostgres postgres;
    private static PostgresDatabase database;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        database = PostgresDatabase.open(settings(8), STAMP);
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
        postgres.close();
    }

    private static PostgresSettings settings(int connections) {
        return EmbeddedPostgresSettings.of(postgres, connections);
    }

    @Override
    protected Placements newPlacements() {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE cluster_nodes, user_placements"));
        return new PostgresPlacements(database);
    }

    @Test
    void twoNodesPlacingTheSameNewUsersAtOnce_agreeOnEveryPlacement() throws Exception {
        newPlacements();
        List<UserId> users = IntStream.range(0, 40).mapToObj(i -> new UserId("user-" + i)).toList();
        try (PostgresDatabase poolA = PostgresDatabase.open(settings(3), STAMP);
                PostgresDatabase poolB = PostgresDatabase.open(settings(3), STAMP)) {
            List<NodeId> nodes = List.of(new NodeId("node-a"), new NodeId("node-b"));
            List<PostgresPlacements> stores = List.of(new PostgresPlacements(poolA), new PostgresPlacements(poolB));
            ExecutorService pool = Executors.newFixedThreadPool(6);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Placement>>> work = new ArrayList<>();
            for (int worker = 0; worker < 6; worker++) {
                int node = worker % 2;
                work.add(pool.submit(() -> {
                    start.await();
                    return users.stream().map(user -> stores.get(node).placeIfAbsent(user, nodes.get(node))).toList();
                }));
            }
            start.countDown();
            List<List<Placement>> answers = new ArrayList<>();
            for (Future<List<Placement>> future : work) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();

            List<Placement> held = users.stream().map(user -> new PostgresPlacements(database).placementOf(user).orElseThrow()).toList();
            assertThat(answers).allSatisfy(answer -> assertThat(answer).isEqualTo(held));
            assertThat(nodes.stream().mapToInt(node -> new PostgresPlacements(database).usersOn(node).size()).sum())
                    .isEqualTo(users.size());
        }
    }

    @Test
    void aFailingStatement_isAStorageException_notAnOutage() {
        PostgresPlacements placements = (PostgresPlacements) newPlacements();
        database.jdbi().useHandle(h -> h.execute("ALTER TABLE user_placements RENAME TO user_placements_elsewhere"));
        try {
            assertThatThrownBy(() -> placements.placeIfAbsent(new UserId("alice"), new NodeId("node-a")))
                    .isInstanceOf(StorageException.class).isNotInstanceOf(BackendUnavailableException.class)
                    .hasMessage("cannot place a user");
        } finally {
            database.jdbi().useHandle(h -> h.execute("ALTER TABLE user_placements_elsewhere RENAME TO user_placements"));
        }
    }
}
