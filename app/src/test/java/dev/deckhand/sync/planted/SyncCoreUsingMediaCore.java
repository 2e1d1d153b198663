package dev.deckhand.sync.planted;

import dev.deckhand.media.planted.CoreUsingJdbc;

/** Planted violation: the sync core depending on the media core. */
public final class SyncCoreUsingMediaCore {
    public Object media() {
        return new CoreUsingJdbc();
    }
}
