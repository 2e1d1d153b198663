package dev.deckhand.media.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.media.sync.BlobGuard;
import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.ContentGuard;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import dev.deckhand.ports.out.MediaLedger;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BlobSweepTest {

    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryMediaLedger ledger = new InMemoryMediaLedger();
    private final Clock later = Clock.fixed(Instant.EPOCH.plus(Duration.ofDays(2)), ZoneOffset.UTC);

    private Sha256 store(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Sha256 address = BlobStoreContract.sha256(bytes);
        blobs.put(address, new ByteArrayInputStream(bytes), bytes.length);
        return address;
    }

    private void reference(UserId user, String name, Sha256 blob) {
        ledger.apply(user, List.of(new MediaUpdate(name, Optional.of(new MediaFile("a".repeat(40), blob, 1)))), 0);
    }

    @Test
    void removesOnlyUnreferencedBlobsOlderThanTheGrace() {
        Sha256 orphan = store("nobody uses me");
        Sha256 used = store("alice uses me");
        reference(new UserId("alice"), "a.png", used);

        BlobSweep.Report report = new BlobSweep(blobs, ledger, new BlobGuard(), later).sweep(Duration.ofDays(1));

        assertThat(report.examined()).isEqualTo(2);
        assertThat(report.removed()).isEqualTo(1);
        assertThat(blobs.exists(orphan)).isFalse();
        assertThat(blobs.exists(used)).isTrue();
    }

    @Test
    void whenUploadsElsewhereKeepTheGuard_theSweepDeletesNothingThisRound() {
        Sha256 orphan = store("nobody uses me");
        ContentGuard busy = new ContentGuard() {
            @Override
            public <T> T whileUploading(Supplier<T> work) {
                return work.get();
            }

            @Override
            public boolean whileDeleting(Runnable work) {
                return false;
            }
        };

        BlobSweep.Report report = new BlobSweep(blobs, ledger, busy, later).sweep(Duration.ofDays(1));

        assertThat(report).isEqualTo(new BlobSweep.Report(1, 0, 0));
        assertThat(blobs.exists(orphan)).isTrue();
    }

    @Test
    void keepsUnreferencedBlobsWithinTheGrace() {
        Sha256 fresh = store("just uploaded, not yet recorded");
        Clock soon = Clock.fixed(Instant.EPOCH.plus(Duration.ofHours(1)), ZoneOffset.UTC);

        assertThat(new BlobSweep(blobs, ledger, new BlobGuard(), soon).sweep(Duration.ofDays(1)).removed()).isZero();
        assertThat(blobs.exists(fresh)).isTrue();
    }

    @Test
    void aBlobReferencedAfterItWasListed_isNotDeleted() {
        Sha256 blob = store("referenced in the nick of time");
        AtomicInteger checks = new AtomicInteger();
        MediaLedger racingLedger = new MediaLedger() {
            @Override
            public boolean references(Sha256 candidate) {
                // First check (while listing): not yet referenced; by the re-check an upload has recorded it.
                return checks.incrementAndGet() > 1;
            }

            @Override
            public MediaState state(UserId user) {
                return ledger.state(user);
            }

            @Override
            public List<MediaChange> changesAfter(UserId user, int afterUsn, int limit) {
                return ledger.changesAfter(user, afterUsn, limit);
            }

            @Override
            public Optional<MediaFile> file(UserId user, String filename) {
                return ledger.file(user, filename);
            }

            @Override
            public MediaState apply(UserId user, List<MediaUpdate> updates, long nowSecs) {
                return ledger.apply(user, updates, nowSecs);
            }
        };

        BlobSweep.Report report = new BlobSweep(blobs, racingLedger, new BlobGuard(), later).sweep(Duration.ofDays(1));

        assertThat(report.removed()).isZero();
        assertThat(blobs.exists(blob)).isTrue();
    }

    @Test
    void aDeletedFileStopsReferencingItsBlob() {
        UserId alice = new UserId("alice");
        Sha256 blob = store("deleted by alice");
        reference(alice, "gone.png", blob);
        ledger.apply(alice, List.of(new MediaUpdate("gone.png", Optional.empty())), 1);

        assertThat(new BlobSweep(blobs, ledger, new BlobGuard(), later).sweep(Duration.ofDays(1)).removed()).isEqualTo(1);
    }
}
