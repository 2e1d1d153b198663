package dev.deckhand.sync.login;

import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.IssuedHostKey;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.TokenGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Login: the sign-in backend checks the password, then every device gets its own random host key.
 * Unlike the official server (whose key is a hash of user and password), a key reveals nothing and
 * can be revoked without a password change.
 *
 * <p>Keys last until revoked, or, with a maximum key age, until that long after the login: then
 * the client is asked to sign in again, which is how a user removed from a remote directory loses
 * devices that are already signed in.
 *
 * <p>Checking a password is deliberately slow, so only a few sign-ins run at once: a burst of
 * logins (or someone guessing passwords) queues instead of taking the CPU from other users' syncs.
 */
public final class HostKeyLoginService implements HostKeyLogin {

    private final Authenticator authenticator;
    private final HostKeyStore hostKeys;
    private final TokenGenerator tokens;
    private final Clock clock;
    private final Semaphore signIns;
    private final Duration maxWait;
    private final Optional<Duration> maxKeyAge;

    public HostKeyLoginService(Authenticator authenticator, HostKeyStore hostKeys, TokenGenerator tokens, Clock clock,
            int concurrentSignIns, Duration maxWait, Optional<Duration> maxKeyAge) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.hostKeys = Objects.requireNonNull(hostKeys, "hostKeys");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (concurrentSignIns < 1) {
            throw new IllegalArgumentException("at least one sign-in must be allowed at a time");
        }
        this.signIns = new Semaphore(concurrentSignIns, true);
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.maxKeyAge = Objects.requireNonNull(maxKeyAge, "maxKeyAge");
        if (maxKeyAge.isPresent() && (maxKeyAge.get().isNegative() || maxKeyAge.get().isZero())) {
            throw new IllegalArgumentException("a maximum key age must be positive");
        }
    }

    @Override
    public LoginOutcome login(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        SignInOutcome outcome;
        try {
            if (!signIns.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                return new LoginOutcome.LoginUnavailable("too many sign-ins at once; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LoginOutcome.LoginUnavailable("interrupted while waiting to sign in");
        }
        try {
            outcome = authenticator.signIn(username, password);
        } finally {
            signIns.release();
        }
        if (outcome instanceof SignInOutcome.SignedIn signedIn) {
            HostKey key = new HostKey(tokens.newToken());
            hostKeys.save(signedIn.user(), HostKeyDigests.of(key), clock.millis());
            return new LoginOutcome.LoggedIn(signedIn.user(), key);
        }
        if (outcome instanceof SignInOutcome.ActionRequired actionRequired) {
            return new LoginOutcome.LoginNeedsAction(actionRequired.reason());
        }
        if (outcome instanceof SignInOutcome.Unavailable unavailable) {
            return new LoginOutcome.LoginUnavailable(unavailable.reason());
        }
        return new LoginOutcome.LoginRefused();
    }

    @Override
    public Optional<UserId> userFor(HostKey key) {
        long now = clock.millis();
        return hostKeys.find(HostKeyDigests.of(Objects.requireNonNull(key, "key")))
                .filter(issued -> maxKeyAge.isEmpty() || now - issued.issuedAtMillis() < maxKeyAge.get().toMillis())
                .map(IssuedHostKey::user);
    }
}
