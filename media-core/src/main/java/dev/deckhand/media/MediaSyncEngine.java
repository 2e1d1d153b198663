package dev.deckhand.media;

import dev.deckhand.media.housekeeping.BlobSweep;
import dev.deckhand.media.housekeeping.SweepObserver;
import dev.deckhand.media.sync.BlobGuard;
import dev.deckhand.media.sync.MediaSyncService;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.ChoreLock;
import dev.deckhand.ports.out.ContentGuard;
import dev.deckhand.ports.out.DiskSpace;
import dev.deckhand.ports.out.MediaLedger;
import dev.deckhand.ports.out.MediaUsnSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deckhand's per-user media sync ({@code /msync}), wired and running, with the housekeeping that
 * removes blobs no ledger references any more. Give it a ledger and a blob store through
 * {@link #builder()}, hand {@link #mediaSync()} to the HTTP routes and {@link #mediaUsns()} to the
 * collection sync, and close it when the server stops.
 *
 * <p>It shares one guard between uploads and sweeps, so a sweep never deletes a blob an upload has
 * just stored, and owns the sweep's schedule. Closing it stops the sweeps; the ledger, the blob
 * store and a given guard stay open (they are the caller's).
 */
@SuppressWarnings("try") // try-with-resources holds the chore lock for a block that never names it
public final class MediaSyncEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSyncEngine.class);
    /** The chore lock a sweep takes, scheduled or not. */
    public static final String SWEEP_CHORE = "blob-sweep";

    private final MediaSyncService mediaSync;
    private final BlobSweep sweep;
    private final Duration blobGrace;
    private final SweepObserver observer;
    private final ChoreLock choreLock;
    private final ScheduledExecutorService housekeeping;
    private final boolean ownsHousekeeping;
    private final ScheduledFuture<?> sweeps;

    private MediaSyncEngine(Builder builder) {
        ContentGuard guard = builder.contentGuard;
        this.mediaSync = new MediaSyncService(builder.ledger, builder.blobs, guard, builder.diskSpace, builder.quotaBytes,
                builder.clock);
        this.sweep = new BlobSweep(builder.blobs, builder.ledger, guard, builder.clock);
        this.blobGrace = builder.blobGrace;
        this.observer = builder.observer;
        this.choreLock = builder.choreLock;
        this.ownsHousekeeping = builder.housekeeping.isEmpty();
        this.housekeeping = builder.housekeeping.orElseGet(() -> Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deckhand-blob-sweep");
            thread.setDaemon(true);
            return thread;
        }));
        this.sweeps = housekeeping.scheduleWithFixedDelay(this::scheduledSweep, builder.firstSweepAfter.toMillis(),
                builder.sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A builder with Deckhand's defaults for everything but the ledger and the blob store. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code /msync/*}: a user's media changes both ways. */
    public MediaSync mediaSync() {
        return mediaSync;
    }

    /** Each user's media USN, for {@code SyncEngine.Builder.mediaUsns(...)}. */
    public MediaUsnSource mediaUsns() {
        return mediaSync::mediaUsn;
    }

    /** Sweeps now, with the configured grace period, besides the schedule. */
    public BlobSweep.Report sweepNow() {
        return sweep.sweep(blobGrace);
    }

    private void scheduledSweep() {
        try {
            Optional<? extends ChoreLock.Held> turn = choreLock.tryAcquire(SWEEP_CHORE);
            if (turn.isEmpty()) {
                LOG.info("blob sweep: another node is sweeping; skipped this time");
                return;
            }
            BlobSweep.Report report;
            try (ChoreLock.Held held = turn.get()) {
                report = sweep.sweep(blobGrace);
            }
            LOG.info("blob sweep: examined {}, removed {} ({} bytes)", report.examined(), report.removed(), report.bytesRemoved());
            observer.swept(report);
        } catch (RuntimeException e) {
            LOG.error("blob sweep failed", e);
            observer.failed(e);
        }
    }

    /** Stops the sweeps; a thread given to {@link Builder#housekeepingOn} keeps running. */
    @Override
    public void close() {
        sweeps.cancel(false);
        if (ownsHousekeeping) {
            housekeeping.shutdownNow();
        }
    }

    /** What {@link MediaSyncEngine} is made of; every setting but the ledger and the blob store has a default. */
    public static final class Builder {

        private static final DiskSpace UNCHECKED_DISK = bytes -> true;

        private MediaLedger ledger;
        private BlobStore blobs;
        private Clock clock = Clock.systemUTC();
        private DiskSpace diskSpace = UNCHECKED_DISK;
        private OptionalLong quotaBytes = OptionalLong.empty();
        // Far longer than any upload takes between storing a blob and recording it, and long enough
        // to undo a mistake.
        private Duration blobGrace = Duration.ofHours(24);
        private Duration sweepInterval = Duration.ofHours(6);
        private Duration firstSweepAfter = Duration.ofMinutes(1);
        private SweepObserver observer = SweepObserver.NONE;
        private Optional<ScheduledExecutorService> housekeeping = Optional.empty();
        private ChoreLock choreLock = ChoreLock.ALONE;
        private ContentGuard contentGuard = new BlobGuard();

        private Builder() {}

        /** Required: each user's file names, their digests and media USNs. */
        public Builder ledger(MediaLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** Required: the file contents, stored once each by SHA-256 however many users have them. */
        public Builder blobs(BlobStore blobs) {
            this.blobs = Objects.requireNonNull(blobs, "blobs");
            return this;
        }

        /** Default: the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Default: uploads are never refused for lack of disk space before they start. */
        public Builder diskSpace(DiskSpace diskSpace) {
            this.diskSpace = Objects.requireNonNull(diskSpace, "diskSpace");
            return this;
        }

        /** How many bytes of media one user may keep. Default: no limit. */
        public Builder quotaBytes(OptionalLong quotaBytes) {
            Objects.requireNonNull(quotaBytes, "quotaBytes");
            if (quotaBytes.isPresent() && quotaBytes.getAsLong() < 0) {
                throw new IllegalArgumentException("a media quota cannot be negative");
            }
            this.quotaBytes = quotaBytes;
            return this;
        }

        /** A blob nobody references is kept this long before a sweep removes it. Default: 24 hours. */
        public Builder blobGrace(Duration grace) {
            this.blobGrace = nonNegative(grace, "blobGrace");
            return this;
        }

        /** Time between the end of one sweep and the start of the next. Default: 6 hours. */
        public Builder sweepInterval(Duration interval) {
            this.sweepInterval = nonNegative(interval, "sweepInterval");
            if (interval.isZero()) {
                throw new IllegalArgumentException("sweepInterval must be positive");
            }
            return this;
        }

        /** Delay of the first sweep after {@link #build()}. Default: 1 minute. */
        public Builder firstSweepAfter(Duration delay) {
            this.firstSweepAfter = nonNegative(delay, "firstSweepAfter");
            return this;
        }

        /** Hears each scheduled sweep's result, for metrics. Default: {@link SweepObserver#NONE}. */
        public Builder sweepObserver(SweepObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Runs the sweeps on a thread the caller already has, so they never overlap its other
         * housekeeping (a backup that copies the ledgers, say). The engine does not shut it down.
         * Default: a daemon thread of the engine's own.
         */
        public Builder housekeepingOn(ScheduledExecutorService executor) {
            this.housekeeping = Optional.of(Objects.requireNonNull(executor, "executor"));
            return this;
        }

        /** A running engine; fails naming the first required adapter that was not given. */
        /**
         * Takes this lock for each scheduled sweep and skips the sweep when another node holds it, so
         * the nodes of a cluster sweep one at a time. Default: {@link ChoreLock#ALONE}.
         */
        public Builder choreLock(ChoreLock choreLock) {
            this.choreLock = Objects.requireNonNull(choreLock, "choreLock");
            return this;
        }

        /**
         * Keeps sweeps from deleting what an upload is about to reference. Default: a lock in this
         * process ({@link BlobGuard}); the nodes of a cluster pass one their database holds.
         */
        public Builder contentGuard(ContentGuard contentGuard) {
            this.contentGuard = Objects.requireNonNull(contentGuard, "contentGuard");
            return this;
        }

        public MediaSyncEngine build() {
            Objects.requireNonNull(ledger, "ledger(...) is required");
            Objects.requireNonNull(blobs, "blobs(...) is required");
            return new MediaSyncEngine(this);
        }

        private static Duration nonNegative(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative()) {
                throw new IllegalArgumentException(name + " cannot be negative");
            }
            return duration;
        }
    }
}
