package dev.deckhand.sync.login;

import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.TokenGenerator;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Login: the sign-in backend checks the password, then every device gets its own random host key.
 * Unlike the official server (whose key is a hash of user and password), a key reveals nothing and
 * can be revoked without a password change.
 */
public final class HostKeyLoginService implements HostKeyLogin {

    private final Authenticator authenticator;
    private final HostKeyStore hostKeys;
    private final TokenGenerator tokens;
    private final Clock clock;

    public HostKeyLoginService(Authenticator authenticator, HostKeyStore hostKeys, TokenGenerator tokens, Clock clock) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.hostKeys = Objects.requireNonNull(hostKeys, "hostKeys");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public LoginOutcome login(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        SignInOutcome outcome = authenticator.signIn(username, password);
        if (outcome instanceof SignInOutcome.SignedIn signedIn) {
            HostKey key = new HostKey(tokens.newToken());
            hostKeys.save(signedIn.user(), HostKeyDigests.of(key), clock.millis());
            return new LoginOutcome.LoggedIn(signedIn.user(), key);
        }
        if (outcome instanceof SignInOutcome.Unavailable unavailable) {
            return new LoginOutcome.LoginUnavailable(unavailable.reason());
        }
        return new LoginOutcome.LoginRefused();
    }

    @Override
    public Optional<UserId> userFor(HostKey key) {
        return hostKeys.findUser(HostKeyDigests.of(Objects.requireNonNull(key, "key")));
    }
}
