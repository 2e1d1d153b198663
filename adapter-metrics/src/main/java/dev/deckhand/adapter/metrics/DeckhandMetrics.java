package dev.deckhand.adapter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The Prometheus registry of a running server: the JVM's meters, {@code deckhand_build_info}, and the
 * meters app records into directly (active sync sessions, housekeeping). Everything else records into
 * {@link #registry()} where it happens. Scraping only reads counters and gauges that answer at once;
 * nothing here waits for a lock, a database or a store.
 */
public final class DeckhandMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final Supplier<String> text;
    private final List<Runnable> closers;

    private DeckhandMetrics(MeterRegistry registry, Supplier<String> text, List<Runnable> closers) {
        this.registry = registry;
        this.text = text;
        this.closers = closers;
    }

    /** Meters kept in a Prometheus registry, with the JVM's meters and the build's version and commit. */
    public static DeckhandMetrics prometheus(String version, String commit) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmGcMetrics gc = new JvmGcMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Info.builder()
                .name("deckhand_build")
                .help("The running build: always 1, with its version and git commit as labels")
                .labelNames("version", "commit")
                .register(registry.getPrometheusRegistry())
                .addLabelValues(version, commit);
        return new DeckhandMetrics(registry, registry::scrape, List.of(gc::close, registry::close));
    }

    /** No meters at all ({@code DECKHAND_METRICS=off}): everything recorded is dropped at once. */
    public static DeckhandMetrics none() {
        CompositeMeterRegistry nowhere = new CompositeMeterRegistry();
        nowhere.config().meterFilter(MeterFilter.deny());
        return new DeckhandMetrics(nowhere, () -> "", List.of());
    }

    /** Where the rest of the server records its meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text format (version 0.0.4) of every meter. */
    public String scrape() {
        return text.get();
    }

    /** {@code deckhand_sync_sessions_active}: normal syncs in progress, read at each scrape. */
    public void activeSyncSessions(DoubleSupplier count) {
        gauge("deckhand_sync_sessions_active", "Normal syncs in progress (started, not yet finished or aborted)", count);
    }

    /**
     * A gauge read at each scrape, for figures such as stored users or bytes ({@code deckhand_<name>}).
     * The supplier must answer at once from a figure kept up to date elsewhere: a scrape never waits for
     * a database, a store or a lock.
     */
    public void storageGauge(String name, String description, DoubleSupplier value) {
        gauge("deckhand_" + name, description, value);
    }

    private void gauge(String name, String description, DoubleSupplier value) {
        Gauge.builder(name, value, DoubleSupplier::getAsDouble).description(description).strongReference(true).register(registry);
    }

    /** A housekeeping run finished: {@code removed} things of {@code bytes} in all were deleted. */
    public void housekeepingRan(HousekeepingJob job, long removed, long bytes) {
        runs(job, "ok").increment();
        Counter.builder("deckhand_housekeeping_removed")
                .description("Things housekeeping deleted: unreferenced blobs, left-over files, shared-media files and objects")
                .tag("job", job.label())
                .register(registry)
                .increment(removed);
        Counter.builder("deckhand_housekeeping_removed_bytes")
                .description("Bytes housekeeping freed")
                .tag("job", job.label())
                .register(registry)
                .increment(bytes);
    }

    /** A housekeeping run failed (its error is in the log). */
    public void housekeepingFailed(HousekeepingJob job) {
        runs(job, "failed").increment();
    }

    private Counter runs(HousekeepingJob job, String outcome) {
        return Counter.builder("deckhand_housekeeping_runs")
                .description("Housekeeping runs by job and outcome")
                .tags("job", job.label(), "outcome", outcome)
                .register(registry);
    }

    @Override
    public void close() {
        closers.forEach(Runnable::run);
    }
}
