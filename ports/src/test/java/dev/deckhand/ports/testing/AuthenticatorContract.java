package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.SignInOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every sign-in backend must do; extended once per backend. The backend knows {@link #ALICE}
 * with the password {@link #ALICE_PASSWORD}, and nobody called {@code mallory}.
 */
public abstract class AuthenticatorContract {

    protected static final String ALICE = "alice";
    protected static final String ALICE_PASSWORD = "alice-pw";
    private static final Duration OUTAGE_ANSWER = Duration.ofSeconds(10);
    private Authenticator authenticator;

    /** A backend that knows alice. */
    protected abstract Authenticator newAuthenticator();

    /** The same kind of backend when it cannot be reached; empty for one that is never remote. */
    protected Optional<Authenticator> unreachable() {
        return Optional.empty();
    }

    /** The in-memory accounts with alice in them, for doubles and for decorators of a backend. */
    protected static InMemoryAccountStore inMemoryAccountsKnowingAlice() {
        InMemoryAccountStore accounts = new InMemoryAccountStore();
        accounts.add(new UserId(ALICE), new Credential.PlainPassword(ALICE_PASSWORD));
        return accounts;
    }

    @BeforeEach
    void setUp() {
        authenticator = newAuthenticator();
    }

    @Test
    void theRightPassword_signsTheUserIn() {
        assertThat(authenticator.signIn(ALICE, ALICE_PASSWORD)).isEqualTo(new SignInOutcome.SignedIn(new UserId(ALICE)));
    }

    @Test
    void aWrongPassword_isRejected() {
        assertThat(authenticator.signIn(ALICE, "not-alice-pw")).isEqualTo(new SignInOutcome.Rejected());
    }

    @Test
    void aPasswordThatOnlyStartsOrEndsLikeTheRightOne_isRejected() {
        assertThat(authenticator.signIn(ALICE, ALICE_PASSWORD.substring(0, ALICE_PASSWORD.length() - 1)))
                .isEqualTo(new SignInOutcome.Rejected());
        assertThat(authenticator.signIn(ALICE, ALICE_PASSWORD + " ")).isEqualTo(new SignInOutcome.Rejected());
    }

    @Test
    void aWrongPasswordAfterTheRightOne_isStillRejected() {
        authenticator.signIn(ALICE, ALICE_PASSWORD);

        assertThat(authenticator.signIn(ALICE, "not-alice-pw")).isEqualTo(new SignInOutcome.Rejected());
    }

    @Test
    void anUnknownUser_isRejected() {
        assertThat(authenticator.signIn("mallory", ALICE_PASSWORD)).isEqualTo(new SignInOutcome.Rejected());
    }

    @Test
    void anEmptyPasswordOrName_isRejected() {
        assertThat(authenticator.signIn(ALICE, "")).isEqualTo(new SignInOutcome.Rejected());
        assertThat(authenticator.signIn("", ALICE_PASSWORD)).isEqualTo(new SignInOutcome.Rejected());
    }

    @Test
    void aBackendThatCannotBeReached_saysSoPromptly() {
        Optional<Authenticator> down = unreachable();
        assumeTrue(down.isPresent(), "this backend is never remote");

        SignInOutcome outcome = assertTimeoutPreemptively(OUTAGE_ANSWER, () -> down.get().signIn(ALICE, ALICE_PASSWORD));

        assertThat(outcome).isInstanceOf(SignInOutcome.Unavailable.class);
    }
}
