package dev.deckhand.sync.login;

import dev.deckhand.ports.in.AccountAdministration;
import dev.deckhand.ports.in.AccountChange;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.AccountStore;
import dev.deckhand.ports.out.HostKeyStore;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Built-in account administration. A removed account or a changed password revokes every host key
 * of that user at once, so a lost or shared device stops syncing without a server restart.
 */
public final class AccountService implements AccountAdministration {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    private final AccountStore accounts;
    private final HostKeyStore hostKeys;

    public AccountService(AccountStore accounts, HostKeyStore hostKeys) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.hostKeys = Objects.requireNonNull(hostKeys, "hostKeys");
    }

    @Override
    public AccountChange add(UserId user, Credential credential) {
        return accounts.add(user, credential) ? AccountChange.ADDED : AccountChange.ALREADY_EXISTS;
    }

    @Override
    public AccountChange remove(UserId user) {
        if (!accounts.remove(user)) {
            return AccountChange.NO_SUCH_USER;
        }
        revokeKeys(user, "account removed");
        return AccountChange.REMOVED;
    }

    @Override
    public AccountChange changePassword(UserId user, Credential credential) {
        if (!accounts.setCredential(user, credential)) {
            return AccountChange.NO_SUCH_USER;
        }
        revokeKeys(user, "password changed");
        return AccountChange.PASSWORD_CHANGED;
    }

    @Override
    public AccountChange provision(UserId user, Credential credential) {
        if (!accounts.exists(user)) {
            return add(user, credential);
        }
        if (accounts.matches(user, credential)) {
            return AccountChange.UNCHANGED;
        }
        return changePassword(user, credential);
    }

    @Override
    public List<UserId> list() {
        return accounts.list();
    }

    @Override
    public int signOut(UserId user) {
        return revokeKeys(user, "signed out by the administrator");
    }

    private int revokeKeys(UserId user, String why) {
        int revoked = hostKeys.revokeAll(user);
        LOG.info("revoked {} host key(s) of {}: {}", revoked, user.name(), why);
        return revoked;
    }
}
