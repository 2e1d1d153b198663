package dev.deckhand.adapter.sqlite.collection.internal.legacy;

/** A {@code decks} row; {@code name} uses U+001F between levels. */
public record DeckRow(long id, String name, long mtimeSecs, int usn, byte[] common, byte[] kind) {

    public static String nativeName(String wireName) {
        return wireName.replace("::", "\u001f");
    }

    public static String wireName(String nativeName) {
        return nativeName.replace("\u001f", "::");
    }
}
