package dev.deckhand.ports.in;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import java.util.List;

/**
 * Managing the built-in accounts: what the admin command line and the {@code SYNC_USERn} settings
 * drive. Every change takes effect at once; password changes and removals revoke host keys.
 */
public interface AccountAdministration {

    AccountChange add(UserId user, Credential credential);

    AccountChange remove(UserId user);

    AccountChange changePassword(UserId user, Credential credential);

    /**
     * Makes an account exist with this credential: adds it, changes its password if it differs
     * (revoking host keys), or leaves it alone if it already matches.
     */
    AccountChange provision(UserId user, Credential credential);

    /**
     * Signs out every device of a user, whichever backend signed them in: their host keys stop
     * working at once and the next sync asks for the password. Returns how many were signed out.
     */
    int signOut(UserId user);

    /** All account names, sorted. */
    List<UserId> list();
}
