package dev.deckhand.client.planted;

import dev.deckhand.sync.planted.SyncCoreUsingMediaCore;

/** Planted violation: the client library reaching into a core. */
public final class ClientUsingACore {
    public Object core() {
        return new SyncCoreUsingMediaCore();
    }
}
