package dev.deckhand.app;

import dev.deckhand.adapter.http.AddressRange;
import dev.deckhand.adapter.http.ProxySettings;
import dev.deckhand.adapter.http.RequestLimits;
import dev.deckhand.adapter.http.SignInLimits;
import dev.deckhand.adapter.http.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link NetworkConfig}: {@code DECKHAND_TLS_CERT} and {@code DECKHAND_TLS_KEY} (both or
 * neither), {@code DECKHAND_TRUSTED_PROXIES}, {@code DECKHAND_CLIENT_IP_HEADER} (or the official
 * server's {@code SYNC_IP_HEADER}) and the sign-in failure limits.
 */
final class NetworkSettings {

    /** The official server's {@code SYNC_IP_HEADER} values that name a header Deckhand reads. */
    private static final Map<String, String> OFFICIAL_IP_HEADERS = Map.of(
            "rightmostxforwardedfor", ProxySettings.X_FORWARDED_FOR,
            "xrealip", ProxySettings.X_REAL_IP);

    private NetworkSettings() {}

    static NetworkConfig fromEnv(EnvironmentVariables env) {
        return new NetworkConfig(tls(env), proxies(env), signInLimits(env), requestLimits(env));
    }

    private static Optional<TlsSettings> tls(EnvironmentVariables env) {
        Optional<String> certificate = env.first("DECKHAND_TLS_CERT");
        Optional<String> key = env.first("DECKHAND_TLS_KEY");
        if (certificate.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (certificate.isEmpty() || key.isEmpty()) {
            throw new ConfigException("DECKHAND_TLS_CERT and DECKHAND_TLS_KEY go together: set both PEM files "
                    + "(certbot's fullchain.pem and privkey.pem) or neither");
        }
        return Optional.of(new TlsSettings(Path.of(certificate.get()), Path.of(key.get()),
                env.flag("DECKHAND_HTTP2", true),
                Duration.ofSeconds(env.integer("DECKHAND_TLS_RELOAD_SECONDS", 30, 1, 86_400))));
    }

    private static ProxySettings proxies(EnvironmentVariables env) {
        List<AddressRange> trusted = addressRanges(env, "DECKHAND_TRUSTED_PROXIES", "");
        String header = env.first("DECKHAND_CLIENT_IP_HEADER").orElseGet(() -> env.first("SYNC_IP_HEADER")
                .map(NetworkSettings::officialHeader).orElse(ProxySettings.X_FORWARDED_FOR));
        try {
            return new ProxySettings(trusted, header);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DECKHAND_CLIENT_IP_HEADER: " + e.getMessage());
        }
    }

    /** The comma-separated addresses and CIDR blocks of {@code variable}, or of {@code fallback} when it is not set. */
    static List<AddressRange> addressRanges(EnvironmentVariables env, String variable, String fallback) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String range : env.text(fallback, variable).split(",")) {
            if (!range.isBlank()) {
                try {
                    ranges.add(AddressRange.parse(range));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(variable + ": " + e.getMessage());
                }
            }
        }
        return ranges;
    }

    /** Accepts the official names ({@code RightmostXForwardedFor}, {@code XRealIp}) and plain header names. */
    private static String officialHeader(String value) {
        String known = OFFICIAL_IP_HEADERS.get(value.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        if (value.equalsIgnoreCase("ConnectInfo")) {
            return ProxySettings.X_FORWARDED_FOR; // the socket address: read only from trusted proxies anyway
        }
        if (value.equalsIgnoreCase(ProxySettings.X_FORWARDED_FOR) || value.equalsIgnoreCase(ProxySettings.X_REAL_IP)) {
            return value;
        }
        throw new ConfigException("SYNC_IP_HEADER=" + value + " is not supported; use RightmostXForwardedFor or XRealIp");
    }

    private static RequestLimits requestLimits(EnvironmentVariables env) {
        RequestLimits defaults = RequestLimits.defaults();
        return new RequestLimits(
                env.integer("DECKHAND_MIN_DATA_RATE_BYTES", (int) defaults.minDataRateBytesPerSecond(), 0, 100_000_000),
                Duration.ofMinutes(env.integer("DECKHAND_MAX_REQUEST_MINUTES", (int) defaults.maxBodyTime().toMinutes(),
                        1, 24 * 60)),
                Duration.ofSeconds(env.integer("DECKHAND_HEADER_TIMEOUT_SECONDS", (int) defaults.headerTimeout().toSeconds(),
                        1, 3600)),
                Duration.ofSeconds(env.integer("DECKHAND_IDLE_TIMEOUT_SECONDS", (int) defaults.idleTimeout().toSeconds(),
                        1, 3600)),
                Duration.ofSeconds(env.integer("DECKHAND_KEEP_ALIVE_SECONDS", (int) defaults.keepAliveTimeout().toSeconds(),
                        1, 3600)),
                env.integer("DECKHAND_CONCURRENT_REQUESTS_PER_ACCOUNT", defaults.concurrentPerAccount(), 1, 10_000),
                env.integer("DECKHAND_CONCURRENT_REQUESTS_PER_ADDRESS", defaults.concurrentPerAddress(), 1, 10_000),
                env.integer("DECKHAND_MAX_CONCURRENT_REQUESTS", defaults.concurrentTotal(), 1, 10_000),
                env.integer("DECKHAND_CONNECTIONS_PER_ADDRESS", defaults.connectionsPerAddress(), 1, 100_000));
    }

    private static SignInLimits signInLimits(EnvironmentVariables env) {
        SignInLimits defaults = SignInLimits.defaults();
        return new SignInLimits(
                env.integer("DECKHAND_SIGN_IN_FAILURES_PER_ADDRESS", defaults.failuresPerAddress(), 1, 1_000_000),
                env.integer("DECKHAND_SIGN_IN_FAILURES_PER_ACCOUNT", defaults.failuresPerAccount(), 1, 1_000_000),
                Duration.ofMinutes(env.integer("DECKHAND_SIGN_IN_FAILURE_WINDOW_MINUTES",
                        (int) defaults.window().toMinutes(), 1, 24 * 60)));
    }
}
