package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.SignInOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every built-in {@link AccountStore} (which is also an {@link Authenticator}) must do. */
public abstract class AccountStoreContract {

    private final UserId alice = new UserId("alice");
    private final Credential secret = new Credential.PlainPassword("correct horse");
    private AccountStore store;
    private Authenticator authenticator;

    protected abstract <T extends AccountStore & Authenticator> T newStore();

    @BeforeEach
    void setUp() {
        var both = newStore();
        store = both;
        authenticator = both;
    }

    @Test
    void add_thenSignInWithTheRightPassword() {
        assertThat(store.add(alice, secret)).isTrue();

        assertThat(authenticator.signIn("alice", "correct horse")).isEqualTo(new SignInOutcome.SignedIn(alice));
    }

    @Test
    void signIn_rejectsAWrongPasswordAnUnknownUserAndCaseVariants() {
        store.add(alice, secret);

        assertThat(authenticator.signIn("alice", "wrong")).isInstanceOf(SignInOutcome.Rejected.class);
        assertThat(authenticator.signIn("alice", "Correct horse")).isInstanceOf(SignInOutcome.Rejected.class);
        assertThat(authenticator.signIn("Alice", "correct horse")).isInstanceOf(SignInOutcome.Rejected.class);
        assertThat(authenticator.signIn("mallory", "correct horse")).isInstanceOf(SignInOutcome.Rejected.class);
    }

    @Test
    void add_refusesADuplicate() {
        store.add(alice, secret);

        assertThat(store.add(alice, new Credential.PlainPassword("other"))).isFalse();
        assertThat(authenticator.signIn("alice", "correct horse")).isInstanceOf(SignInOutcome.SignedIn.class);
    }

    @Test
    void setCredential_replacesThePassword() {
        store.add(alice, secret);

        assertThat(store.setCredential(alice, new Credential.PlainPassword("new one"))).isTrue();

        assertThat(authenticator.signIn("alice", "correct horse")).isInstanceOf(SignInOutcome.Rejected.class);
        assertThat(authenticator.signIn("alice", "new one")).isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(store.setCredential(new UserId("nobody"), secret)).isFalse();
    }

    @Test
    void matches_tellsWhetherTheStoredPasswordIsThisOne() {
        store.add(alice, secret);

        assertThat(store.matches(alice, secret)).isTrue();
        assertThat(store.matches(alice, new Credential.PlainPassword("other"))).isFalse();
        assertThat(store.matches(new UserId("nobody"), secret)).isFalse();
    }

    @Test
    void remove_endsSignIn() {
        store.add(alice, secret);

        assertThat(store.remove(alice)).isTrue();

        assertThat(store.exists(alice)).isFalse();
        assertThat(authenticator.signIn("alice", "correct horse")).isInstanceOf(SignInOutcome.Rejected.class);
        assertThat(store.remove(alice)).isFalse();
    }

    @Test
    void list_isSortedByName() {
        store.add(new UserId("carol"), secret);
        store.add(alice, secret);
        store.add(new UserId("bob"), secret);

        assertThat(store.list()).extracting(UserId::name).containsExactly("alice", "bob", "carol");
    }
}
