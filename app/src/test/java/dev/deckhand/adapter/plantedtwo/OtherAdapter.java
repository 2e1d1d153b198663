package dev.deckhand.adapter.plantedtwo;

/** The adapter {@code AdapterUsingAnotherAdapter} should not know. */
public final class OtherAdapter {
}
