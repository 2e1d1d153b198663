package dev.deckhand.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' guards on one PostgreSQL: a sweep on one node never deletes while the other is between
 * storing a content and recording it, and uploads wait while a sweep deletes.
 */
class PostgresContentGuardTest {

    private static final Duration SHORT_DELETE_WAIT = Duration.ofSeconds(1);
    /** Threads of their own: the common pool has one thread on two cores, and these tasks block. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    private static EmbeddedPostgres postgres;
    private static PostgresContentGuard nodeA;
    private static PostgresContentGuard nodeB;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        PostgresSettings settings = EmbeddedPostgresSettings.of(postgres, 2);
        nodeA = new PostgresContentGuard(settings, SHORT_DELETE_WAIT);
        nodeB = new PostgresContentGuard(settings, SHORT_DELETE_WAIT);
    }

    @AfterAll
    static void stop() throws IOException {
        nodeA.close();
        nodeB.close();
        THREADS.shutdownNow();
        postgres.close();
    }

    @Test
    void anUploadAlone_runsItsWork() {
        assertThat(nodeA.whileUploading(() -> "done")).isEqualTo("done");
        assertThat(nodeB.whileDeleting(() -> { })).isTrue();
    }

    @Test
    void aSweepOnOneNode_waitsForAnUploadOnAnother_andGivesUpForThisRoundIfItLasts() throws Exception {
        CountDownLatch uploading = new CountDownLatch(1);
        CountDownLatch finishUpload = new CountDownLatch(1);
        CompletableFuture<String> upload = CompletableFuture.supplyAsync(() -> nodeA.whileUploading(() -> {
            uploading.countDown();
            await(finishUpload);
            return "recorded";
        }), THREADS);
        assertThat(uploading.await(10, TimeUnit.SECONDS)).isTrue();

        List<String> deleted = new CopyOnWriteArrayList<>();
        assertThat(nodeB.whileDeleting(() -> deleted.add("while uploading"))).isFalse();
        assertThat(deleted).isEmpty();

        finishUpload.countDown();
        assertThat(upload.get(10, TimeUnit.SECONDS)).isEqualTo("recorded");
        assertThat(nodeB.whileDeleting(() -> deleted.add("after"))).isTrue();
        assertThat(deleted).containsExactly("after");
    }

    @Test
    void uploadsOnEveryNode_waitWhileASweepDeletes() throws Exception {
        CountDownLatch deleting = new CountDownLatch(1);
        CountDownLatch finishDeleting = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> sweep = CompletableFuture.supplyAsync(() -> nodeA.whileDeleting(() -> {
            deleting.countDown();
            await(finishDeleting);
            order.add("deleted");
        }), THREADS);
        assertThat(deleting.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> onA = CompletableFuture.runAsync(() -> nodeA.whileUploading(() -> order.add("upload on a")), THREADS);
        CompletableFuture<Void> onB = CompletableFuture.runAsync(() -> nodeB.whileUploading(() -> order.add("upload on b")), THREADS);
        Thread.sleep(300);
        assertThat(order).as("both uploads still wait").isEmpty();

        finishDeleting.countDown();
        assertThat(sweep.get(10, TimeUnit.SECONDS)).isTrue();
        onA.get(10, TimeUnit.SECONDS);
        onB.get(10, TimeUnit.SECONDS);
        assertThat(order).startsWith("deleted").containsExactlyInAnyOrder("deleted", "upload on a", "upload on b");
    }

    @Test
    void overlappingUploadsOnOneNode_shareOneLock_andAKilledConnectionIsReplacedAtTheNextUpload() throws Exception {
        CountDownLatch bothIn = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Integer>> uploads = List.of(1, 2).stream()
                .map(n -> CompletableFuture.supplyAsync(() -> nodeA.whileUploading(() -> {
                    bothIn.countDown();
                    await(release);
                    return n;
                }), THREADS))
                .toList();
        assertThat(bothIn.await(10, TimeUnit.SECONDS)).as("a second upload does not wait for the first").isTrue();
        assertThat(lockConnections()).isEqualTo(1);
        release.countDown();
        for (CompletableFuture<Integer> upload : uploads) {
            upload.get(10, TimeUnit.SECONDS);
        }

        Jdbi.create(postgres.getJdbcUrl("postgres", "postgres")).useHandle(h -> h.createQuery(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'deckhand-content-guard'")
                .mapTo(Boolean.class).list());
        assertThat(nodeA.whileUploading(() -> "after the connection died")).isEqualTo("after the connection died");
        assertThat(nodeB.whileDeleting(() -> { })).as("and it let go again").isTrue();
    }

    private static int lockConnections() {
        return Jdbi.create(postgres.getJdbcUrl("postgres", "postgres")).withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ShareLock' AND granted")
                .mapTo(Integer.class).one());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the test did not release the latch in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
