package dev.deckhand.adapter.metrics;

import dev.deckhand.ports.out.SyncEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/** The sync core's events as meters: how long requests waited for their user's lock, and whether they got it. */
public final class MicrometerSyncEvents implements SyncEvents {

    private static final Duration[] WAIT_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
        Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(60),
    };

    private final MeterRegistry registry;
    private final Timer acquired;
    private final Timer timedOut;

    public MicrometerSyncEvents(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.acquired = lockWaits("acquired");
        this.timedOut = lockWaits("timed_out");
    }

    private Timer lockWaits(String outcome) {
        return Timer.builder("deckhand_lock_waits")
                .description("Waits for a user's sync lock; timed_out ones were answered 409")
                .tag("outcome", outcome)
                .serviceLevelObjectives(WAIT_BUCKETS)
                .register(registry);
    }

    @Override
    public LockWait lockWaitStarted() {
        Timer.Sample sample = Timer.start(registry);
        return got -> sample.stop(got ? acquired : timedOut);
    }
}
