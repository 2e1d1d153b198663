package dev.deckhand.ports.out;

import dev.deckhand.ports.model.UserId;
import java.util.Optional;

/**
 * Issued host keys, kept only as digests so a leaked database yields no usable key. Keys survive
 * restarts until revoked.
 */
public interface HostKeyStore {

    void save(UserId user, HostKeyDigest digest, long issuedAtMillis);

    /** The key's owner and issue time; empty for a key never issued or since revoked. */
    Optional<IssuedHostKey> find(HostKeyDigest digest);

    /** Revokes every key of the user; returns how many there were. */
    int revokeAll(UserId user);
}
