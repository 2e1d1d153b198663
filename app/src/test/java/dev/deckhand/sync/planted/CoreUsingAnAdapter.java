package dev.deckhand.sync.planted;

import dev.deckhand.adapter.plantedone.AdapterUsingAnotherAdapter;

/** Planted violation: a core that reaches an adapter instead of a port. */
public final class CoreUsingAnAdapter {
    public Object adapter() {
        return new AdapterUsingAnotherAdapter();
    }
}
