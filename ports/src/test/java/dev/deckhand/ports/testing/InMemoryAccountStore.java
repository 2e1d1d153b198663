package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.Authenticator;
import dev.deckhand.ports.out.SignInOutcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts in a map, also usable as the sign-in backend. Plain passwords are kept as they are (this
 * is a test double); a {@link Credential.PasswordHash} is matched only by the same hash string.
 */
public final class InMemoryAccountStore implements AccountStore, Authenticator {

    private final Map<UserId, Credential> accounts = new ConcurrentHashMap<>();

    @Override
    public SignInOutcome signIn(String username, String password) {
        Credential stored = UserId.parse(username).map(accounts::get).orElse(null);
        if (stored instanceof Credential.PlainPassword plain && plain.password().equals(password)) {
            return new SignInOutcome.SignedIn(new UserId(username));
        }
        return new SignInOutcome.Rejected();
    }

    @Override
    public boolean add(UserId user, Credential credential) {
        return accounts.putIfAbsent(user, credential) == null;
    }

    @Override
    public boolean remove(UserId user) {
        return accounts.remove(user) != null;
    }

    @Override
    public boolean setCredential(UserId user, Credential credential) {
        return accounts.replace(user, credential) != null;
    }

    @Override
    public boolean matches(UserId user, Credential credential) {
        return credential.equals(accounts.get(user));
    }

    @Override
    public boolean exists(UserId user) {
        return accounts.containsKey(user);
    }

    @Override
    public List<UserId> list() {
        return accounts.keySet().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }
}
