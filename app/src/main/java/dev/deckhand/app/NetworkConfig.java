package dev.deckhand.app;

import dev.deckhand.adapter.http.ProxySettings;
import dev.deckhand.adapter.http.RequestLimits;
import dev.deckhand.adapter.http.SignInLimits;
import dev.deckhand.adapter.http.TlsSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server meets the network: built-in HTTPS or not, which proxies are believed about client
 * addresses, how many wrong passwords are tolerated, and what one client may take from the server.
 */
record NetworkConfig(Optional<TlsSettings> tls, ProxySettings proxies, SignInLimits signInLimits,
        RequestLimits requestLimits) {

    NetworkConfig {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(proxies, "proxies");
        Objects.requireNonNull(signInLimits, "signInLimits");
        Objects.requireNonNull(requestLimits, "requestLimits");
    }

    /** Plain HTTP, no proxy trusted, default sign-in and request limits. */
    static NetworkConfig plain() {
        return new NetworkConfig(Optional.empty(), ProxySettings.none(), SignInLimits.defaults(), RequestLimits.defaults());
    }
}
