package dev.deckhand.ports.out;

import dev.deckhand.ports.model.UserId;

/** Opens the long transactions that normal syncs run in. */
public interface CollectionTransactions {

    /**
     * Begins a write transaction on the user's collection (creating an empty one first if needed).
     * The transaction may be used from one thread at a time, not necessarily the same one.
     */
    SyncTransaction begin(UserId user);
}
