package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionTransactions;
import dev.deckhand.ports.out.SyncTransaction;
import java.util.HashMap;
import java.util.Map;

/** Each user's collection in maps; a transaction works on a copy, which replaces the collection when it commits. */
public final class InMemoryCollectionTransactions implements CollectionTransactions {

    private final Map<UserId, InMemorySyncTransaction> committed = new HashMap<>();

    @Override
    public synchronized SyncTransaction begin(UserId user) {
        InMemorySyncTransaction current = committed.computeIfAbsent(user, empty -> new InMemorySyncTransaction(0));
        return current.copy(done -> {
            synchronized (this) {
                committed.put(user, done);
            }
        });
    }
}
