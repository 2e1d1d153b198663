package dev.deckhand.adapter.postgres;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.MediaLedger;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.testing.MediaLedgerContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The media ledger in PostgreSQL honours the contract; also what only a shared database shows: two
 * nodes' pools writing one user's ledger at once.
 */
class PostgresMediaLedgerTest extends MediaLedgerContract {

    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

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
    protected MediaLedger newLedger() {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE media_files, media_state"));
        return new PostgresMediaLedger(database);
    }

    @Test
    void liveFiles_areTheUsersFilesByName_withoutDeletionsOrOtherUsers() {
        PostgresMediaLedger ledger = (PostgresMediaLedger) newLedger();
        ledger.apply(ALICE, List.of(put("b.jpg", file('b', 20)), put("a.jpg", file('a', 10)), put("gone.mp3", file('c', 5))), 100);
        ledger.apply(ALICE, List.of(delete("gone.mp3")), 101);
        ledger.apply(BOB, List.of(put("bob.jpg", file('d', 7))), 102);

        assertThat(ledger.liveFiles(ALICE)).containsExactly(
                Map.entry("a.jpg", file('a', 10)), Map.entry("b.jpg", file('b', 20)));
    }

    @Test
    void twoNodesApplyingToOneUserAtOnce_handOutEveryUsnOnce_withNoGap() throws Exception {
        newLedger();
        int threadsPerNode = 4;
        int batchesPerThread = 15;
        try (PostgresDatabase nodeA = PostgresDatabase.open(settings(threadsPerNode), STAMP);
                PostgresDatabase nodeB = PostgresDatabase.open(settings(threadsPerNode), STAMP)) {
            List<PostgresMediaLedger> nodes = List.of(new PostgresMediaLedger(nodeA), new PostgresMediaLedger(nodeB));
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerNode);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<MediaState>>> work = new ArrayList<>();
            for (int worker = 0; worker < 2 * threadsPerNode; worker++) {
                PostgresMediaLedger ledger = nodes.get(worker % 2);
                String prefix = "w" + worker + "-";
                work.add(pool.submit(() -> {
                    start.await();
                    List<MediaState> states = new ArrayList<>();
                    for (int batch = 0; batch < batchesPerThread; batch++) {
                        states.add(ledger.apply(ALICE, List.of(put(prefix + batch + "a.jpg", file('a', 1)),
                                put(prefix + batch + "b.jpg", file('b', 2))), 100));
                    }
                    return states;
                }));
            }
            start.countDown();
            List<Integer> batchEnds = new ArrayList<>();
            for (Future<List<MediaState>> future : work) {
                future.get(60, TimeUnit.SECONDS).forEach(state -> batchEnds.add(state.lastUsn()));
            }
            pool.shutdown();

            int changes = 2 * threadsPerNode * batchesPerThread * 2;
            assertThat(batchEnds).as("each batch ends on a USN of its own").doesNotHaveDuplicates();
            List<MediaChange> recorded = new PostgresMediaLedger(database).changesAfter(ALICE, 0, 10_000);
            assertThat(recorded).extracting(MediaChange::usn)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, changes).boxed().toList());
            assertThat(new PostgresMediaLedger(database).state(ALICE)).isEqualTo(new MediaState(changes, changes, 3L * changes / 2));
        }
    }

    @Test
    void aFailingStatement_isAStorageException_andTheBatchLeavesNoTrace() {
        PostgresMediaLedger ledger = (PostgresMediaLedger) newLedger();
        ledger.apply(ALICE, List.of(put("a.jpg", file('a', 10))), 100);
        // The second file's row breaks a constraint; the first file of the batch must not stay behind.
        database.jdbi().useHandle(h -> h.execute("ALTER TABLE media_files ADD CONSTRAINT no_mp3 CHECK (filename NOT LIKE '%.mp3')"));
        try {
            assertThatThrownBy(() -> ledger.apply(ALICE, List.of(put("b.jpg", file('b', 1)), put("c.mp3", file('c', 1))), 101))
                    .isInstanceOf(StorageException.class).isNotInstanceOf(BackendUnavailableException.class)
                    .hasMessage("cannot record media changes of alice");
        } finally {
            database.jdbi().useHandle(h -> h.execute("ALTER TABLE media_files DROP CONSTRAINT no_mp3"));
        }
        assertThat(ledger.state(ALICE)).isEqualTo(new MediaState(1, 1, 10));
        assertThat(ledger.file(ALICE, "b.jpg")).isEmpty();
    }
}
