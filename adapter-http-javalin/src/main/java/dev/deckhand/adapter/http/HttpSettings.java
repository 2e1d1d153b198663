package dev.deckhand.adapter.http;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP server listens and how much it reads.
 *
 * @param host address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one
 * @param maxJsonBytes largest decompressed JSON request body
 * @param responseCompressionLevel zstd level for response bodies
 * @param tempFolder where uploads are staged and download zips assembled
 * @param tls built-in HTTPS; empty: plain HTTP (behind a proxy that terminates TLS, or on a trusted network)
 * @param proxies which proxies are believed about the client's address
 * @param signInLimits wrong passwords tolerated per address and per account
 * @param requestLimits how slowly, how long and how many at once clients may send
 */
public record HttpSettings(String host, int port, long maxJsonBytes, int responseCompressionLevel,
        Path tempFolder, Optional<TlsSettings> tls, ProxySettings proxies, SignInLimits signInLimits,
        RequestLimits requestLimits) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tempFolder, "tempFolder");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(proxies, "proxies");
        Objects.requireNonNull(signInLimits, "signInLimits");
        Objects.requireNonNull(requestLimits, "requestLimits");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        if (maxJsonBytes < 1024) {
            throw new IllegalArgumentException("maxJsonBytes must be at least 1024");
        }
        if (responseCompressionLevel < -7 || responseCompressionLevel > 22) {
            throw new IllegalArgumentException("zstd level must be -7 to 22");
        }
    }
}
