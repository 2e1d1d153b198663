package dev.deckhand.app;

import dev.deckhand.adapter.metrics.DeckhandMetrics;
import dev.deckhand.adapter.metrics.HousekeepingJob;
import dev.deckhand.media.housekeeping.BlobSweep;
import dev.deckhand.media.housekeeping.SweepObserver;
import java.util.Objects;

/** Counts the media engine's scheduled blob sweeps in the housekeeping meters. */
final class SweepMetrics implements SweepObserver {

    private final DeckhandMetrics metrics;

    SweepMetrics(DeckhandMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void swept(BlobSweep.Report report) {
        metrics.housekeepingRan(HousekeepingJob.BLOB_SWEEP, report.removed(), report.bytesRemoved());
    }

    @Override
    public void failed(RuntimeException failure) {
        metrics.housekeepingFailed(HousekeepingJob.BLOB_SWEEP);
    }
}
