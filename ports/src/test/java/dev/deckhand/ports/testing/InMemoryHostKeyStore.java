package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.IssuedHostKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link HostKeyStore} in a map, for tests of the cores. */
public final class InMemoryHostKeyStore implements HostKeyStore {

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
        int before = keys.size();
        keys.values().removeIf(key -> key.user().equals(user));
        return before - keys.size();
    }
}
