package dev.deckhand.ports.model;

/**
 * A review log entry, in the column order of the {@code revlog} table and the wire's 9-element array.
 * Entries are only ever added, never changed, by sync.
 */
public record RevlogRow(long id, long cardId, int usn, int ease, int interval, int lastInterval, long factor, long timeMillis, int type) {

    public RevlogRow {
        if (ease < 0 || ease > 255) {
            throw new IllegalArgumentException("revlog ease must be 0 to 255, got " + ease);
        }
    }
}
