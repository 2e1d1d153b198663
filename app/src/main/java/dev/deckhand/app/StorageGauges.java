package dev.deckhand.app;

import dev.deckhand.adapter.metrics.DeckhandMetrics;
import dev.deckhand.ports.in.ServerUsage;
import dev.deckhand.ports.in.StorageTotals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage totals as Prometheus gauges (users, collection bytes, media files, blobs and bytes,
 * the deduplication ratio), read from {@link ServerUsage} at most once per {@link #MAX_AGE}, so a
 * scrape never walks the data folder itself. A gauge is NaN until the first reading succeeds.
 */
final class StorageGauges {

    private static final Logger LOG = LoggerFactory.getLogger(StorageGauges.class);
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final ServerUsage usage;
    private final Clock clock;
    private Optional<StorageTotals> last = Optional.empty();
    private Instant readAt = Instant.MIN;

    private StorageGauges(ServerUsage usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    static void register(DeckhandMetrics metrics, ServerUsage usage, Clock clock) {
        StorageGauges totals = new StorageGauges(usage, clock);
        totals.gauge(metrics, "users", "Users the server knows", StorageTotals::users);
        totals.gauge(metrics, "collection_bytes", "Bytes of all collection files with their write-ahead logs",
                StorageTotals::collectionBytes);
        totals.gauge(metrics, "media_files", "Live media files over all users (a file two users hold counts twice)",
                StorageTotals::mediaFiles);
        totals.gauge(metrics, "media_referenced_bytes", "Bytes of those files: what they would take without deduplication",
                StorageTotals::mediaReferencedBytes);
        totals.gauge(metrics, "media_blobs", "Distinct media contents, each stored once", StorageTotals::mediaBlobs);
        totals.gauge(metrics, "media_stored_bytes", "Bytes of the distinct media contents", StorageTotals::mediaStoredBytes);
        totals.gauge(metrics, "media_dedup_ratio", "Referenced media bytes per stored byte (1 when nothing is stored)",
                StorageTotals::deduplicationRatio);
    }

    private void gauge(DeckhandMetrics metrics, String name, String description, ToDoubleFunction<StorageTotals> figure) {
        metrics.storageGauge(name, description, () -> current().map(figure::applyAsDouble).orElse(Double.NaN));
    }

    private synchronized Optional<StorageTotals> current() {
        Instant now = clock.instant();
        if (last.isEmpty() || now.isAfter(readAt.plus(MAX_AGE))) {
            try {
                last = Optional.of(usage.totals());
                readAt = now;
            } catch (RuntimeException e) {
                LOG.warn("storage totals for the metrics could not be read: {}", e.getMessage());
            }
        }
        return last;
    }
}
