package dev.deckhand.adapter.http;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which reverse proxies are believed about the client's address, and the header they put it in.
 * A request whose peer is not one of {@code trustedProxies} is taken at its socket address, whatever
 * headers it carries, so nobody can claim another address by sending the header themselves.
 *
 * @param trustedProxies addresses or blocks of the proxies in front of Deckhand; empty: none
 * @param clientAddressHeader {@code X-Forwarded-For} or {@code X-Real-IP}
 */
public record ProxySettings(List<AddressRange> trustedProxies, String clientAddressHeader) {

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    public static final String X_REAL_IP = "X-Real-IP";

    public ProxySettings {
        trustedProxies = List.copyOf(trustedProxies);
        Objects.requireNonNull(clientAddressHeader, "clientAddressHeader");
        String lower = clientAddressHeader.toLowerCase(Locale.ROOT);
        if (!lower.equals(X_FORWARDED_FOR.toLowerCase(Locale.ROOT)) && !lower.equals(X_REAL_IP.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the client address header must be " + X_FORWARDED_FOR + " or " + X_REAL_IP
                    + ", got '" + clientAddressHeader + "'");
        }
    }

    /** No proxy is trusted: every request is taken at its socket address. */
    public static ProxySettings none() {
        return new ProxySettings(List.of(), X_FORWARDED_FOR);
    }

    boolean trusts(String address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    boolean usesForwardedFor() {
        return clientAddressHeader.equalsIgnoreCase(X_FORWARDED_FOR);
    }
}
