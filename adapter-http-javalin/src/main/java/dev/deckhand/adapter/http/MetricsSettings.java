package dev.deckhand.adapter.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the HTTP server measures and whether it answers {@code GET /metrics} itself.
 *
 * @param registry where request, sync and sign-in meters are recorded (an empty composite registry records nothing)
 * @param signInBackend the {@code backend} label of sign-ins: {@code builtin}, {@code ldap} or {@code cognito}
 * @param page the Prometheus text served at {@code /metrics} on this port; empty: {@code /metrics} is 404 here
 * @param scrapers socket addresses {@code /metrics} is served to; requests carrying a forwarding header are
 *     refused whatever their address, so a proxy on the same machine cannot pass it on
 */
public record MetricsSettings(MeterRegistry registry, String signInBackend, Optional<Supplier<String>> page,
        List<AddressRange> scrapers) {

    public MetricsSettings {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(signInBackend, "signInBackend");
        Objects.requireNonNull(page, "page");
        scrapers = List.copyOf(scrapers);
    }
}
