package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} on the main port, for scrapers whose socket address is allowed. The address
 * is the connection's own, never a forwarded one: a request that carries a forwarding header came
 * through a proxy, which may be relaying anybody, so it is refused.
 */
final class MetricsPage {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", ProxySettings.X_FORWARDED_FOR,
            ProxySettings.X_REAL_IP);

    private final Optional<Supplier<String>> page;
    private final List<AddressRange> scrapers;

    MetricsPage(Optional<Supplier<String>> page, List<AddressRange> scrapers) {
        this.page = Objects.requireNonNull(page, "page");
        this.scrapers = List.copyOf(scrapers);
    }

    void handle(Context ctx) {
        if (page.isEmpty()) {
            throw new ProblemException(Problem.NOT_FOUND, "metrics are not served on this port");
        }
        if (!allowed(ctx.req().getRemoteAddr(), FORWARDING_HEADERS.stream().anyMatch(h -> ctx.header(h) != null))) {
            throw new ProblemException(Problem.FORBIDDEN, "metrics are served only to the addresses in DECKHAND_METRICS_ALLOW");
        }
        ctx.contentType(CONTENT_TYPE);
        ctx.result(page.get().get());
    }

    boolean allowed(String peer, boolean forwarded) {
        return !forwarded && scrapers.stream().anyMatch(range -> range.contains(peer));
    }
}
