package dev.deckhand.adapter.sqlite.collection.internal.legacy;

/** A {@code deck_config} row. */
public record DeckConfigRow(long id, String name, long mtimeSecs, int usn, byte[] config) {}
