package dev.deckhand.adapter.plantedone;

import dev.deckhand.adapter.plantedtwo.OtherAdapter;

/** Planted violation: one adapter depending on another. */
public final class AdapterUsingAnotherAdapter {
    public Object other() {
        return new OtherAdapter();
    }
}
