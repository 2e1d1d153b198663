package dev.deckhand.media.housekeeping;

import dev.deckhand.ports.out.ContentGuard;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.MediaLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes blobs that no user's media references and that nobody has stored or refreshed for the
 * grace period. Losing a file a device still needs is the worst thing media sync can do, so each
 * candidate is checked again, under the {@link ContentGuard}, right before it is deleted, and every
 * deletion is logged.
 */
public final class BlobSweep {

    private static final Logger LOG = LoggerFactory.getLogger(BlobSweep.class);

    private final BlobStore blobs;
    private final MediaLedger ledger;
    private final ContentGuard guard;
    private final Clock clock;

    public BlobSweep(BlobStore blobs, MediaLedger ledger, ContentGuard guard, Clock clock) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a sweep did. */
    public record Report(int examined, int removed, long bytesRemoved) {}

    public Report sweep(Duration grace) {
        Instant cutoff = clock.instant().minus(grace);
        List<BlobStore.StoredBlob> candidates = new ArrayList<>();
        int[] examined = {0};
        blobs.forEach(blob -> {
            examined[0]++;
            if (blob.lastUsed().isBefore(cutoff) && !ledger.references(blob.sha256())) {
                candidates.add(blob);
            }
        });
        int[] removed = {0};
        long[] bytes = {0};
        boolean guarded = guard.whileDeleting(() -> {
            for (BlobStore.StoredBlob candidate : candidates) {
                if (!ledger.references(candidate.sha256()) && blobs.delete(candidate.sha256())) {
                    removed[0]++;
                    bytes[0] += candidate.size();
                    LOG.info("removed unreferenced blob {} ({} bytes, last used {})",
                            candidate.sha256().hex(), candidate.size(), candidate.lastUsed());
                }
            }
        });
        if (!guarded && !candidates.isEmpty()) {
            LOG.info("blob sweep: uploads kept going on another node; {} unreferenced blobs wait for the next sweep",
                    candidates.size());
        }
        return new Report(examined[0], removed[0], bytes[0]);
    }
}
