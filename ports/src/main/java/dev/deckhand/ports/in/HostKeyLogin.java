package dev.deckhand.ports.in;

import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.UserId;
import java.util.Optional;

/** Exchanges a user name and password for a host key, and host keys for users. */
public interface HostKeyLogin {

    /** Signs in through the configured backend and, on success, issues a new host key. */
    LoginOutcome login(String username, String password);

    /** The user a presented host key belongs to, or empty if the key is unknown or revoked. */
    Optional<UserId> userFor(HostKey key);
}
