package com.example.flashcards;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.IssuedHostKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The team's own host-key store: in memory, so devices sign in again after a restart. Deckhand
 * hands it only digests of the keys, never the keys themselves.
 */
public final class InMemoryHostKeys implements HostKeyStore {

    private final Map<HostKeyDigest, IssuedHostKey> keys = new ConcurrentHashMap<>();

    @Override
    public void save(UserId user, HostKeyDigest digest, long issuedAtMillis) {
        keys.put(digest, new IssuedHostKey(user, issuedAtMillis));
    }

    @Override
    public Optional<IssuedHostKey> find(HostKeyDigest digest) {
        return Optional.ofNullable(keys.get(digest));
    }

    @Override
    public int revokeAll(UserId user) {
        int[] revoked = {0};
        keys.values().removeIf(key -> {
            boolean theirs = key.user().equals(user);
            revoked[0] += theirs ? 1 : 0;
            return theirs;
        });
        return revoked[0];
    }
}
