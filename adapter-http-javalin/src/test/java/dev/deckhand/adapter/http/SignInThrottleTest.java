package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private static final String RIGHT = "right password";

    /** Accepts {@link #RIGHT} for anyone and counts the passwords it had to check. */
    private static final class CountingLogin implements HostKeyLogin {
        final AtomicInteger checked = new AtomicInteger();

        @Override
        public LoginOutcome login(String username, String password) {
            checked.incrementAndGet();
            return password.equals(RIGHT)
                    ? new LoginOutcome.LoggedIn(new UserId(username), new HostKey("key-" + username))
                    : new LoginOutcome.LoginRefused();
        }

        @Override
        public Optional<UserId> userFor(HostKey key) {
            return Optional.empty();
        }
    }

    private final AtomicLong nanos = new AtomicLong();
    private final CountingLogin login = new CountingLogin();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SignInThrottle throttle = new SignInThrottle(login, new SignInLimits(10, 25, Duration.ofMinutes(10)),
            nanos::get, new HttpMetrics(registry, "builtin", new Endpoints()));

    private void wrongPasswords(String address, String account, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.signIn(address, account, "wrong")).isInstanceOf(LoginOutcome.LoginRefused.class);
        }
    }

    @Test
    void tenWrongPasswordsFromOneAddressStopThatAddressOnly() {
        wrongPasswords("203.0.113.7", "alice", 10);
        int checked = login.checked.get();

        assertThatThrownBy(() -> throttle.signIn("203.0.113.7", "alice", RIGHT))
                .isInstanceOf(TooManyRequestsException.class)
                .hasMessageContaining("this address");
        assertThatThrownBy(() -> throttle.signIn("203.0.113.7", "bob", RIGHT)).as("any account, from that address")
                .isInstanceOf(TooManyRequestsException.class);
        assertThat(login.checked.get()).as("a limited sign-in never reaches the password hash").isEqualTo(checked);
        assertThat(throttle.signIn("203.0.113.8", "alice", RIGHT)).as("another address")
                .isInstanceOf(LoginOutcome.LoggedIn.class);
    }

    @Test
    void anAccountGuessedFromManyAddressesIsStoppedToo() {
        for (int i = 0; i < 25; i++) {
            wrongPasswords("198.51.100." + i, "Alice", 1);
        }
        assertThatThrownBy(() -> throttle.signIn("192.0.2.1", "alice", RIGHT)).as("names compared without case")
                .isInstanceOf(TooManyRequestsException.class)
                .hasMessageContaining("this account");
        assertThat(throttle.signIn("192.0.2.1", "bob", RIGHT)).isInstanceOf(LoginOutcome.LoggedIn.class);
    }

    @Test
    void theWindowForgivesAndSaysWhenToComeBack() {
        wrongPasswords("203.0.113.7", "alice", 10);
        assertThatThrownBy(() -> throttle.signIn("203.0.113.7", "alice", RIGHT))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(60));

        nanos.addAndGet(Duration.ofMinutes(1).toNanos()); // ten per ten minutes: one is forgiven
        wrongPasswords("203.0.113.7", "alice", 1);
        assertThatThrownBy(() -> throttle.signIn("203.0.113.7", "alice", RIGHT)).isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void rightPasswordsSpendNothing() {
        for (int i = 0; i < 100; i++) {
            assertThat(throttle.signIn("203.0.113.7", "alice", RIGHT)).isInstanceOf(LoginOutcome.LoggedIn.class);
        }
        wrongPasswords("203.0.113.7", "alice", 10);
    }

    @Test
    void signIns_areCountedByOutcome_includingThoseTheLimitsStopped() {
        wrongPasswords("192.0.2.7", "alice", 10);
        assertThatThrownBy(() -> throttle.signIn("192.0.2.7", "alice", "wrong")).isInstanceOf(TooManyRequestsException.class);

        assertThat(registry.get("deckhand_sign_ins").tags("backend", "builtin", "outcome", "refused").counter().count())
                .isEqualTo(10);
        assertThat(registry.get("deckhand_sign_ins").tags("backend", "builtin", "outcome", "throttled").counter().count())
                .isEqualTo(1);
    }
}
