package dev.deckhand.ports.out;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import java.util.List;

/**
 * The built-in accounts: user names with slow password hashes. The store chooses and applies the
 * key-derivation function; callers never see a hash they did not supply.
 */
public interface AccountStore {

    /** Adds the account; false if it already exists. */
    boolean add(UserId user, Credential credential);

    /** Removes the account; false if there was none. */
    boolean remove(UserId user);

    /** Replaces the password; false if there is no such account. */
    boolean setCredential(UserId user, Credential credential);

    /** Whether the account exists and {@code credential} matches what is stored. */
    boolean matches(UserId user, Credential credential);

    boolean exists(UserId user);

    List<UserId> list();
}
