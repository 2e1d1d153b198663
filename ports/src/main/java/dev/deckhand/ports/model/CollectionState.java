package dev.deckhand.ports.model;

/**
 * The few facts about a stored collection that the meta decision needs.
 *
 * @param modifiedMillis the collection's {@code mod}, in milliseconds
 * @param schemaMillis the collection's {@code scm}; a difference from the client's forces a full sync
 * @param usn the server's update sequence number
 * @param hasCards whether the collection contains at least one card
 * @param sizeBytes size of the collection file on disk
 */
public record CollectionState(long modifiedMillis, long schemaMillis, int usn, boolean hasCards, long sizeBytes) {

    public CollectionState {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
