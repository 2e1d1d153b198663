package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private static final ProxySettings NGINX_ON_LOOPBACK =
            new ProxySettings(List.of(AddressRange.parse("127.0.0.1"), AddressRange.parse("10.0.0.0/8")),
                    ProxySettings.X_FORWARDED_FOR);
    private final ClientAddresses forwardedFor = new ClientAddresses(NGINX_ON_LOOPBACK);

    @Test
    void withoutTrustedProxiesTheSocketAddressIsTheClient() {
        ClientAddresses none = new ClientAddresses(ProxySettings.none());
        assertThat(none.resolve("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("127.0.0.1");
    }

    @Test
    void anUntrustedPeerCannotClaimAnotherAddress() {
        assertThat(forwardedFor.resolve("198.51.100.4", List.of("203.0.113.7"))).isEqualTo("198.51.100.4");
    }

    @Test
    void aTrustedProxyForwardsTheClient() {
        assertThat(forwardedFor.resolve("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(forwardedFor.resolve("127.0.0.1", List.of())).as("no header").isEqualTo("127.0.0.1");
    }

    @Test
    void theRightmostUntrustedHopWinsSoAClientCannotPrependAFakeOne() {
        // The client sent "X-Forwarded-For: 192.0.2.66"; nginx appended the address it saw.
        assertThat(forwardedFor.resolve("127.0.0.1", List.of("192.0.2.66, 203.0.113.7"))).isEqualTo("203.0.113.7");
        // Two proxies of ours in a row (a load balancer at 10.1.2.3, then nginx).
        assertThat(forwardedFor.resolve("127.0.0.1", List.of("192.0.2.66, 203.0.113.7, 10.1.2.3")))
                .isEqualTo("203.0.113.7");
        assertThat(forwardedFor.resolve("127.0.0.1", List.of("192.0.2.66", "203.0.113.7"))).as("split over two headers")
                .isEqualTo("203.0.113.7");
    }

    @Test
    void garbageStopsTheWalkAtTheNearestTrustedHop() {
        assertThat(forwardedFor.resolve("127.0.0.1", List.of("not-an-address"))).isEqualTo("127.0.0.1");
        assertThat(forwardedFor.resolve("127.0.0.1", List.of("evil.example, 10.1.2.3"))).isEqualTo("10.1.2.3");
    }

    @Test
    void xRealIpIsTakenAsItsSingleValue() {
        ClientAddresses realIp = new ClientAddresses(
                new ProxySettings(List.of(AddressRange.parse("127.0.0.1")), ProxySettings.X_REAL_IP));
        assertThat(realIp.resolve("127.0.0.1", List.of("2001:db8::7"))).isEqualTo("2001:db8::7");
        assertThat(realIp.resolve("127.0.0.1", List.of("nonsense"))).isEqualTo("127.0.0.1");
        assertThat(realIp.resolve("192.0.2.1", List.of("2001:db8::7"))).isEqualTo("192.0.2.1");
    }
}
