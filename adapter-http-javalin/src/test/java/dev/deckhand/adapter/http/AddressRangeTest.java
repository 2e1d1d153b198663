package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void aSingleAddressContainsOnlyItself() {
        AddressRange proxy = AddressRange.parse("10.0.0.5");
        assertThat(proxy.contains("10.0.0.5")).isTrue();
        assertThat(proxy.contains("10.0.0.6")).isFalse();
    }

    @Test
    void blocksCoverTheirPrefix() {
        AddressRange docker = AddressRange.parse("172.16.0.0/12");
        assertThat(docker.contains("172.17.0.2")).isTrue();
        assertThat(docker.contains("172.31.255.255")).isTrue();
        assertThat(docker.contains("172.32.0.1")).isFalse();
        assertThat(AddressRange.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
    }

    @Test
    void ipv6BlocksAndLoopback() {
        assertThat(AddressRange.parse("::1").contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(AddressRange.parse("fd00::/8").contains("fd12:3456::1")).isTrue();
        assertThat(AddressRange.parse("fd00::/8").contains("fe80::1")).isFalse();
        assertThat(AddressRange.parse("[2001:db8::]/32").contains("2001:db8:ffff::1")).isTrue();
    }

    @Test
    void anIpv4ClientSeenThroughAnIpv6SocketStillMatches() {
        assertThat(AddressRange.parse("127.0.0.0/8").contains("::ffff:127.0.0.1")).isTrue();
        assertThat(AddressRange.parse("10.0.0.0/8").contains("::ffff:127.0.0.1")).isFalse();
    }

    @Test
    void onlyLiteralsCountNeverNamesThatWouldNeedDns() {
        assertThat(AddressRange.literal("localhost")).isEmpty();
        assertThat(AddressRange.literal("example.com")).isEmpty();
        assertThat(AddressRange.literal("999.1.1.1")).isEmpty();
        assertThat(AddressRange.literal("1.2.3")).isEmpty();
        assertThat(AddressRange.literal("1:2")).isEmpty();
        assertThat(AddressRange.literal("")).isEmpty();
        assertThat(AddressRange.literal(null)).isEmpty();
        assertThat(AddressRange.parse("0.0.0.0/0").contains("unknown")).isFalse();
    }

    @Test
    void refusesWhatIsNotARangeWithAReason() {
        assertThatThrownBy(() -> AddressRange.parse("proxy.internal")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("0 to 32 bits");
        assertThatThrownBy(() -> AddressRange.parse("::/129")).hasMessageContaining("0 to 128 bits");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/x")).hasMessageContaining("prefix");
    }
}
