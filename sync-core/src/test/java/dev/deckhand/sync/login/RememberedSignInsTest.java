package dev.deckhand.sync.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.testing.SettableClock;
import org.junit.jupiter.api.Nested;
import java.util.Optional;
import dev.deckhand.ports.testing.InMemoryAccountStore;
import dev.deckhand.ports.testing.AuthenticatorContract;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RememberedSignInsTest {

    /** A directory with passwords that the test can change, counting every call. */
    private static final class Directory implements Authenticator {
        final Map<String, String> passwords = new HashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        boolean down;

        @Override
        public SignInOutcome signIn(String username, String password) {
            calls.incrementAndGet();
            if (down) {
                return new SignInOutcome.Unavailable("directory down");
            }
            return password.equals(passwords.get(username))
                    ? new SignInOutcome.SignedIn(new UserId("id-" + username))
                    : new SignInOutcome.Rejected();
        }
    }

    private final Directory directory = new Directory();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T00:00:00Z"));
    private final RememberedSignIns cache = new RememberedSignIns(directory, Duration.ofMinutes(5), 2, clock);

    @Test
    void aSuccessIsAnsweredFromMemoryUntilItExpires() {
        directory.passwords.put("alice", "pw");

        assertThat(cache.signIn("alice", "pw")).isEqualTo(new SignInOutcome.SignedIn(new UserId("id-alice")));
        assertThat(cache.signIn("alice", "pw")).isEqualTo(new SignInOutcome.SignedIn(new UserId("id-alice")));
        assertThat(directory.calls).hasValue(1);

        clock.advance(Duration.ofMinutes(5));
        directory.passwords.remove("alice"); // disabled in the directory
        assertThat(cache.signIn("alice", "pw")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(directory.calls).hasValue(2);
    }

    @Test
    void anotherPasswordAlwaysAsksTheBackendAndARefusalForgetsTheUser() {
        directory.passwords.put("alice", "pw");
        cache.signIn("alice", "pw");

        assertThat(cache.signIn("alice", "guess")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(cache.signIn("Alice", "pw")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(directory.calls).hasValue(3);
        directory.passwords.put("alice", "changed");
        assertThat(cache.signIn("alice", "pw")).as("forgotten after the refusal").isEqualTo(new SignInOutcome.Rejected());
        assertThat(directory.calls).hasValue(4);
    }

    @Test
    void refusalsAndOutagesAreNeverRemembered() {
        directory.down = true;
        assertThat(cache.signIn("alice", "pw")).isInstanceOf(SignInOutcome.Unavailable.class);
        directory.down = false;
        directory.passwords.put("alice", "pw");
        assertThat(cache.signIn("alice", "pw")).isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(cache.signIn("bob", "x")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(cache.signIn("bob", "x")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(directory.calls).hasValue(4);
    }

    @Test
    void anOutageKeepsWhatIsRememberedButSavesNothingNew() {
        directory.passwords.put("alice", "pw");
        cache.signIn("alice", "pw");
        directory.down = true;

        assertThat(cache.signIn("alice", "pw")).isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(cache.signIn("alice", "other")).isInstanceOf(SignInOutcome.Unavailable.class);
        assertThat(cache.signIn("alice", "pw")).as("kept through the outage").isInstanceOf(SignInOutcome.SignedIn.class);
    }

    @Test
    void holdsAtMostMaxEntriesDroppingTheLeastRecentlyUsed() {
        directory.passwords.putAll(Map.of("a", "1", "b", "2", "c", "3"));
        cache.signIn("a", "1");
        cache.signIn("b", "2");
        cache.signIn("a", "1"); // a is now the most recent
        cache.signIn("c", "3"); // drops b
        int before = directory.calls.get();

        cache.signIn("a", "1");
        cache.signIn("c", "3");
        assertThat(directory.calls).hasValue(before);
        cache.signIn("b", "2");
        assertThat(directory.calls).hasValue(before + 1);
    }

    /** Remembering a sign-in must not change what the backend behind it answers. */
    @Nested
    class OverAnInMemoryAccountStore extends AuthenticatorContract {
        @Override
        protected Authenticator newAuthenticator() {
            return new RememberedSignIns(inMemoryAccountsKnowingAlice(), Duration.ofMinutes(5), 2, clock);
        }

        @Override
        protected Optional<Authenticator> unreachable() {
            Directory down = new Directory();
            down.down = true;
            return Optional.of(new RememberedSignIns(down, Duration.ofMinutes(5), 2, clock));
        }
    }
}
