package dev.deckhand.app.backup;

import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups made by the server itself every {@code interval}, keeping the newest {@code keep}. The
 * first one is due an interval after the newest backup already in the destination, so restarting
 * the server (say, daily for upgrades) neither skips backups nor takes an extra one each time.
 */
public final class ScheduledBackups {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);
    /** The first backup after a start waits at least this long, so it never slows the start itself. */
    static final Duration FIRST_DELAY_AT_LEAST = Duration.ofMinutes(1);

    private final OnlineBackup backup;
    private final BackupDestination destination;
    private final Retention retention;
    private final Duration interval;
    private final int keep;
    private final Clock clock;

    public ScheduledBackups(OnlineBackup backup, BackupDestination destination, Retention retention, Duration interval,
            int keep, Clock clock) {
        this.backup = Objects.requireNonNull(backup, "backup");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.keep = keep;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Schedules the backups on {@code executor}, which runs one task at a time. */
    public void schedule(ScheduledExecutorService executor) {
        Duration first = firstDelay();
        LOG.info("backups to {} every {} h, keeping {}; the next in {} min", destination.root(), interval.toHours(), keep,
                first.toMinutes());
        executor.scheduleWithFixedDelay(this::runOnce, first.toSeconds(), interval.toSeconds(), TimeUnit.SECONDS);
    }

    /** How long until the next backup is due. */
    Duration firstDelay() {
        List<CompleteBackup> backups = destination.complete();
        if (backups.isEmpty()) {
            return FIRST_DELAY_AT_LEAST;
        }
        Instant newest;
        try {
            newest = ManifestJson.read(backups.get(backups.size() - 1).manifest()).createdAt();
        } catch (BackupException e) {
            LOG.warn("cannot read the newest backup's manifest, so a backup is due: {}", e.getMessage());
            return FIRST_DELAY_AT_LEAST;
        }
        Duration due = Duration.between(clock.instant(), newest.plus(interval));
        return due.compareTo(FIRST_DELAY_AT_LEAST) < 0 ? FIRST_DELAY_AT_LEAST : due;
    }

    /** One backup and the retention after it; a failure is logged and the next run tries again. */
    void runOnce() {
        try {
            OnlineBackup.Report report = backup.run(destination);
            LOG.info("backup {} written in {} ms: collections {}, stored media files {} ({} new, {} bytes copied)",
                    report.backup().name(), report.took().toMillis(), report.collections(), report.blobs(),
                    report.blobsCopied(), report.bytesCopied());
            Retention.Report removed = retention.keepNewest(destination, keep);
            if (!removed.deletedBackups().isEmpty() || removed.deletedBlobs() > 0) {
                LOG.info("backup retention: deleted {} and {} stored media files no kept backup needs ({} bytes)",
                        removed.deletedBackups(), removed.deletedBlobs(), removed.bytesFreed());
            }
        } catch (RuntimeException e) {
            LOG.error("scheduled backup to {} failed: {}", destination.root(), e.getMessage(), e);
        }
    }
}
