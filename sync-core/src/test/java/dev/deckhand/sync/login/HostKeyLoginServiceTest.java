package dev.deckhand.sync.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.testing.InMemoryAccountStore;
import dev.deckhand.ports.testing.InMemoryHostKeyStore;
import dev.deckhand.ports.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostKeyLoginServiceTest {

    private final InMemoryAccountStore accounts = new InMemoryAccountStore();
    private final InMemoryHostKeyStore hostKeys = new InMemoryHostKeyStore();
    private final AtomicInteger issued = new AtomicInteger();
    private final HostKeyLoginService login = new HostKeyLoginService(
            accounts, hostKeys, () -> "token-" + issued.incrementAndGet(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 1,
            Duration.ofSeconds(1), Optional.empty());
    private final AccountService administration = new AccountService(accounts, hostKeys);
    private final UserId alice = new UserId("alice");

    @Test
    void login_withTheRightPassword_issuesAKeyThatIdentifiesTheUser() {
        administration.add(alice, new Credential.PlainPassword("pw"));

        LoginOutcome outcome = login.login("alice", "pw");

        assertThat(outcome).isInstanceOf(LoginOutcome.LoggedIn.class);
        HostKey key = ((LoginOutcome.LoggedIn) outcome).hostKey();
        assertThat(login.userFor(key)).contains(alice);
    }

    @Test
    void login_withAWrongPasswordOrUnknownUser_isRefused() {
        administration.add(alice, new Credential.PlainPassword("pw"));

        assertThat(login.login("alice", "nope")).isInstanceOf(LoginOutcome.LoginRefused.class);
        assertThat(login.login("bob", "pw")).isInstanceOf(LoginOutcome.LoginRefused.class);
        assertThat(issued).hasValue(0);
    }

    @Test
    void eachLogin_getsItsOwnKey_andAllWorkUntilRevoked() {
        administration.add(alice, new Credential.PlainPassword("pw"));
        HostKey laptop = ((LoginOutcome.LoggedIn) login.login("alice", "pw")).hostKey();
        HostKey phone = ((LoginOutcome.LoggedIn) login.login("alice", "pw")).hostKey();

        assertThat(laptop).isNotEqualTo(phone);
        assertThat(login.userFor(laptop)).contains(alice);
        assertThat(login.userFor(phone)).contains(alice);
    }

    @Test
    void changingThePassword_revokesEveryKeyOfThatUserOnly() {
        administration.add(alice, new Credential.PlainPassword("pw"));
        administration.add(new UserId("bob"), new Credential.PlainPassword("pw"));
        HostKey aliceKey = ((LoginOutcome.LoggedIn) login.login("alice", "pw")).hostKey();
        HostKey bobKey = ((LoginOutcome.LoggedIn) login.login("bob", "pw")).hostKey();

        administration.changePassword(alice, new Credential.PlainPassword("new"));

        assertThat(login.userFor(aliceKey)).isEmpty();
        assertThat(login.userFor(bobKey)).isPresent();
    }

    @Test
    void removingTheAccount_revokesItsKeys() {
        administration.add(alice, new Credential.PlainPassword("pw"));
        HostKey key = ((LoginOutcome.LoggedIn) login.login("alice", "pw")).hostKey();

        administration.remove(alice);

        assertThat(login.userFor(key)).isEmpty();
        assertThat(login.login("alice", "pw")).isInstanceOf(LoginOutcome.LoginRefused.class);
    }

    @Test
    void signInsBeyondTheLimit_waitThenGiveUpClearly() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HostKeyLoginService slow = new HostKeyLoginService((u, p) -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new SignInOutcome.Rejected();
        }, hostKeys, () -> "t", Clock.systemUTC(), 1, Duration.ofMillis(50), Optional.empty());
        Thread first = new Thread(() -> slow.login("a", "b"));
        first.start();
        inside.await();

        assertThat(slow.login("c", "d")).isInstanceOf(LoginOutcome.LoginUnavailable.class);

        release.countDown();
        first.join(5000);
    }

    @Test
    void aBackendThatWantsAnotherStep_issuesNoKeyAndSaysWhichStep() {
        HostKeyLoginService challenged = new HostKeyLoginService(
                (u, p) -> new SignInOutcome.ActionRequired("the account needs a new password"),
                hostKeys, () -> "t", Clock.systemUTC(), 1, Duration.ofSeconds(1), Optional.empty());

        assertThat(challenged.login("alice", "temporary"))
                .isEqualTo(new LoginOutcome.LoginNeedsAction("the account needs a new password"));
        assertThat(challenged.userFor(new HostKey("t"))).isEmpty();
    }

    @Test
    void withAMaximumKeyAge_aKeyStopsWorkingThatLongAfterTheLogin() {
        administration.add(alice, new Credential.PlainPassword("pw"));
        SettableClock clock = new SettableClock(Instant.parse("2026-11-30T00:00:00Z"));
        HostKeyLoginService expiring = new HostKeyLoginService(accounts, hostKeys, () -> "token-" + issued.incrementAndGet(),
                clock, 1, Duration.ofSeconds(1), Optional.of(Duration.ofDays(30)));
        HostKey key = ((LoginOutcome.LoggedIn) expiring.login("alice", "pw")).hostKey();

        clock.advance(Duration.ofDays(30).minusMillis(1));
        assertThat(expiring.userFor(key)).contains(alice);
        clock.advance(Duration.ofMillis(1));
        assertThat(expiring.userFor(key)).isEmpty();
        HostKey fresh = ((LoginOutcome.LoggedIn) expiring.login("alice", "pw")).hostKey();
        assertThat(expiring.userFor(fresh)).contains(alice);
    }

    @Test
    void signOut_revokesEveryKeyOfAUserWithoutABuiltInAccount() {
        HostKeyLoginService directory = new HostKeyLoginService((u, p) -> new SignInOutcome.SignedIn(new UserId(u)),
                hostKeys, () -> "token-" + issued.incrementAndGet(), Clock.systemUTC(), 1, Duration.ofSeconds(1),
                Optional.empty());
        HostKey laptop = ((LoginOutcome.LoggedIn) directory.login("dora", "pw")).hostKey();
        HostKey phone = ((LoginOutcome.LoggedIn) directory.login("dora", "pw")).hostKey();
        HostKey other = ((LoginOutcome.LoggedIn) directory.login("eve", "pw")).hostKey();

        assertThat(administration.signOut(new UserId("dora"))).isEqualTo(2);

        assertThat(directory.userFor(laptop)).isEmpty();
        assertThat(directory.userFor(phone)).isEmpty();
        assertThat(directory.userFor(other)).contains(new UserId("eve"));
    }

    @Test
    void unknownKeys_identifyNobody() {
        assertThat(login.userFor(new HostKey("made-up"))).isEmpty();
    }
}
