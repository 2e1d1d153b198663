package dev.deckhand.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.media.housekeeping.BlobSweep;
import dev.deckhand.media.housekeeping.SweepObserver;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.ChoreLock;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import dev.deckhand.ports.testing.BlobStoreContract;
import dev.deckhand.ports.testing.InMemoryBlobStore;
import dev.deckhand.ports.testing.InMemoryMediaLedger;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
class MediaSyncEngineTest {

    private static final UserId ALICE = new UserId("alice");
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryMediaLedger ledger = new InMemoryMediaLedger();
    private final Clock twoDaysLater = Clock.fixed(Instant.EPOCH.plus(Duration.ofDays(2)), ZoneOffset.UTC);

    private Sha256 store(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Sha256 address = BlobStoreContract.sha256(bytes);
        blobs.put(address, new ByteArrayInputStream(bytes), bytes.length);
        return address;
    }

    @Test
    void build_withoutARequiredAdapter_namesIt() {
        assertThatThrownBy(() -> MediaSyncEngine.builder().blobs(blobs).build()).hasMessageContaining("ledger(...)");
        assertThatThrownBy(() -> MediaSyncEngine.builder().ledger(ledger).build()).hasMessageContaining("blobs(...)");
    }

    @Test
    void theScheduledSweep_removesUnreferencedBlobs_andTellsTheObserver() throws InterruptedException {
        Sha256 orphan = store("nobody uses me");
        Sha256 used = store("alice uses me");
        ledger.apply(ALICE, List.of(new MediaUpdate("a.png", Optional.of(new MediaFile("a".repeat(40), used, 13)))), 0);
        BlockingQueue<BlobSweep.Report> reports = new LinkedBlockingQueue<>();
        SweepObserver observer = new SweepObserver() {
            @Override
            public void swept(BlobSweep.Report report) {
                reports.add(report);
            }
        };

        try (MediaSyncEngine engine = MediaSyncEngine.builder().ledger(ledger).blobs(blobs).clock(twoDaysLater)
                .firstSweepAfter(Duration.ZERO).sweepObserver(observer).build()) {
            BlobSweep.Report report = reports.poll(10, TimeUnit.SECONDS);

            assertThat(report).isEqualTo(new BlobSweep.Report(2, 1, "nobody uses me".length()));
            assertThat(blobs.exists(orphan)).isFalse();
            assertThat(blobs.exists(used)).isTrue();
        }
    }

    @Test
    void aScheduledSweep_runsOnlyWhileHoldingTheChoreLock_andSkipsWhenAnotherNodeHoldsIt() throws InterruptedException {
        Sha256 orphan = store("nobody uses me");
        BlockingQueue<String> asked = new LinkedBlockingQueue<>();
        ChoreLock heldElsewhere = name -> {
            asked.add(name);
            return Optional.empty();
        };

        try (MediaSyncEngine engine = MediaSyncEngine.builder().ledger(ledger).blobs(blobs).clock(twoDaysLater)
                .firstSweepAfter(Duration.ZERO).sweepInterval(Duration.ofMillis(20)).choreLock(heldElsewhere).build()) {
            assertThat(asked.poll(10, TimeUnit.SECONDS)).isEqualTo(MediaSyncEngine.SWEEP_CHORE);
            assertThat(asked.poll(10, TimeUnit.SECONDS)).as("it asks again next time").isEqualTo(MediaSyncEngine.SWEEP_CHORE);
            assertThat(blobs.exists(orphan)).isTrue();
        }

        BlockingQueue<String> released = new LinkedBlockingQueue<>();
        ChoreLock free = name -> Optional.of(() -> released.add(name));
        try (MediaSyncEngine engine = MediaSyncEngine.builder().ledger(ledger).blobs(blobs).clock(twoDaysLater)
                .firstSweepAfter(Duration.ZERO).choreLock(free).build()) {
            assertThat(released.poll(10, TimeUnit.SECONDS)).isEqualTo(MediaSyncEngine.SWEEP_CHORE);
            assertThat(blobs.exists(orphan)).isFalse();
        }
    }

    @Test
    void sweepNow_appliesTheConfiguredGrace() {
        Sha256 orphan = store("nobody uses me either");

        try (MediaSyncEngine engine = MediaSyncEngine.builder().ledger(ledger).blobs(blobs).clock(twoDaysLater)
                .firstSweepAfter(Duration.ofHours(1)).blobGrace(Duration.ofDays(3)).build()) {
            assertThat(engine.sweepNow().removed()).isZero();
        }
        try (MediaSyncEngine engine = MediaSyncEngine.builder().ledger(ledger).blobs(blobs).clock(twoDaysLater)
                .firstSweepAfter(Duration.ofHours(1)).blobGrace(Duration.ofDays(1)).build()) {
            assertThat(engine.sweepNow().removed()).isEqualTo(1);
        }
        assertThat(blobs.exists(orphan)).isFalse();
    }

    @Test
    void mediaUsns_answerFromTheLedger() {
        Sha256 blob = store("alice's picture");
        ledger.apply(ALICE, List.of(new MediaUpdate("a.png", Optional.of(new MediaFile("a".repeat(40), blob, 15)))), 0);

        try (MediaSyncEngine engine = MediaSyncEngine.builder().ledger(ledger).blobs(blobs).build()) {
            assertThat(engine.mediaUsns().mediaUsn(ALICE)).isEqualTo(ledger.state(ALICE).lastUsn()).isPositive();
        }
    }

    @Test
    void close_leavesAGivenHousekeepingThreadRunning() throws InterruptedException {
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
        try {
            MediaSyncEngine.builder().ledger(ledger).blobs(blobs).housekeepingOn(housekeeping).build().close();

            assertThat(housekeeping.isShutdown()).isFalse();
            assertThat(housekeeping.submit(() -> "still runs")).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("still runs");
        } finally {
            housekeeping.shutdownNow();
        }
    }
}
