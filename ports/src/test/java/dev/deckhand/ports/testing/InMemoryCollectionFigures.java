package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionFigures;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link CollectionFigures} a test sets: the collections "on this disk", by user. */
public final class InMemoryCollectionFigures implements CollectionFigures {

    private final Map<UserId, StoredCollection> collections = new ConcurrentHashMap<>();

    /** Puts (or replaces) the user's collection on this disk. */
    public InMemoryCollectionFigures put(UserId user, StoredCollection collection) {
        collections.put(Objects.requireNonNull(user, "user"), Objects.requireNonNull(collection, "collection"));
        return this;
    }

    @Override
    public Optional<StoredCollection> collection(UserId user) {
        return Optional.ofNullable(collections.get(user));
    }

    @Override
    public Totals totals() {
        return new Totals(collections.size(), collections.values().stream().mapToLong(StoredCollection::bytes).sum());
    }
}
