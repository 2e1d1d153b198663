package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final AtomicLong nanos = new AtomicLong();
    private final SignInThrottle throttle =
            new SignInThrottle(new SignInLimits(10, 25, Duration.ofMinutes(10)), nanos::get);

    private void wrongPasswords(String address, String account, int times) {
        for (int i = 0; i < times; i++) {
            throttle.check(address, account);
            throttle.refused(address, account);
        }
    }

    @Test
    void tenWrongPasswordsFromOneAddressStopThatAddressOnly() {
        wrongPasswords("203.0.113.7", "alice", 10);

        assertThatThrownBy(() -> throttle.check("203.0.113.7", "alice"))
                .isInstanceOf(TooManyRequestsException.class)
                .hasMessageContaining("this address");
        assertThatThrownBy(() -> throttle.check("203.0.113.7", "bob")).as("any account, from that address")
                .isInstanceOf(TooManyRequestsException.class);
        assertThatCode(() -> throttle.check("203.0.113.8", "alice")).as("another address").doesNotThrowAnyException();
    }

    @Test
    void anAccountGuessedFromManyAddressesIsStoppedToo() {
        for (int i = 0; i < 25; i++) {
            wrongPasswords("198.51.100." + i, "Alice", 1);
        }
        assertThatThrownBy(() -> throttle.check("192.0.2.1", "alice")).as("names compared without case")
                .isInstanceOf(TooManyRequestsException.class)
                .hasMessageContaining("this account");
        assertThatCode(() -> throttle.check("192.0.2.1", "bob")).doesNotThrowAnyException();
    }

    @Test
    void theWindowForgivesAndSaysWhenToComeBack() {
        wrongPasswords("203.0.113.7", "alice", 10);
        assertThatThrownBy(() -> throttle.check("203.0.113.7", "alice"))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(60));

        nanos.addAndGet(Duration.ofMinutes(1).toNanos()); // ten per ten minutes: one is forgiven
        assertThatCode(() -> throttle.check("203.0.113.7", "alice")).doesNotThrowAnyException();
        throttle.refused("203.0.113.7", "alice");
        assertThatThrownBy(() -> throttle.check("203.0.113.7", "alice")).isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void checkingAloneSpendsNothing() {
        for (int i = 0; i < 100; i++) {
            throttle.check("203.0.113.7", "alice");
        }
        assertThatCode(() -> throttle.check("203.0.113.7", "alice")).doesNotThrowAnyException();
    }
}
