package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsPageTest {

    private final MetricsPage page = new MetricsPage(Optional.of(() -> "up 1\n"),
            List.of(AddressRange.parse("127.0.0.1"), AddressRange.parse("10.1.0.0/16")));

    @Test
    void allowedAddresses_areServed() {
        assertThat(page.allowed("127.0.0.1", false)).isTrue();
        assertThat(page.allowed("10.1.200.3", false)).isTrue();
    }

    @Test
    void otherAddresses_areRefused_evenOtherLoopbackOnes() {
        assertThat(page.allowed("127.0.0.2", false)).isFalse();
        assertThat(page.allowed("203.0.113.9", false)).isFalse();
    }

    @Test
    void aForwardedRequest_isRefused_becauseTheProxyMayRelayAnybody() {
        assertThat(page.allowed("127.0.0.1", true)).isFalse();
    }
}
