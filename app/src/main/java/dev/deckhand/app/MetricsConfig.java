package dev.deckhand.app;

import dev.deckhand.adapter.http.AddressRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether and where the server answers {@code GET /metrics} (see docs/operations.md, "Metrics").
 *
 * @param enabled {@code DECKHAND_METRICS}; off: no meters are kept and {@code /metrics} is 404
 * @param privatePort {@code DECKHAND_METRICS_PORT}: a listener of its own for {@code /metrics}; empty: the main port serves it
 * @param privateHost {@code DECKHAND_METRICS_HOST}: the address that listener binds
 * @param allowed {@code DECKHAND_METRICS_ALLOW}: socket addresses the main port serves {@code /metrics} to
 */
record MetricsConfig(boolean enabled, Optional<Integer> privatePort, String privateHost, List<AddressRange> allowed) {

    /** Loopback only: a scraper on the same machine. */
    static final String DEFAULT_ALLOWED = "127.0.0.1,::1";

    MetricsConfig {
        Objects.requireNonNull(privatePort, "privatePort");
        Objects.requireNonNull(privateHost, "privateHost");
        allowed = List.copyOf(allowed);
    }

    static MetricsConfig defaults() {
        return new MetricsConfig(true, Optional.empty(), "127.0.0.1",
                List.of(AddressRange.parse("127.0.0.1"), AddressRange.parse("::1")));
    }

    static MetricsConfig fromEnv(EnvironmentVariables env) {
        Optional<Integer> port = env.first("DECKHAND_METRICS_PORT").isPresent()
                ? Optional.of(env.integer("DECKHAND_METRICS_PORT", 0, 1, 65_535)) : Optional.empty();
        return new MetricsConfig(env.flag("DECKHAND_METRICS", true), port,
                env.first("DECKHAND_METRICS_HOST").orElse("127.0.0.1"),
                NetworkSettings.addressRanges(env, "DECKHAND_METRICS_ALLOW", DEFAULT_ALLOWED));
    }

    /** Whether the main port answers {@code /metrics} (to the allowed addresses). */
    boolean onMainPort() {
        return enabled && privatePort.isEmpty();
    }
}
