package dev.deckhand.ports.model;

import java.util.Objects;

/** A card, in the column order of the {@code cards} table and the wire's 18-element array. */
public record CardRow(
        long id,
        long noteId,
        long deckId,
        int ordinal,
        long mtimeSecs,
        int usn,
        int type,
        int queue,
        int due,
        long interval,
        int easeFactor,
        long reps,
        long lapses,
        long left,
        int originalDue,
        long originalDeckId,
        int flags,
        String data) {

    public CardRow {
        Objects.requireNonNull(data, "data");
        if (ordinal < 0 || ordinal > 65_535) {
            throw new IllegalArgumentException("card ord must be 0 to 65535, got " + ordinal);
        }
        if (type < 0 || type > 3) {
            throw new IllegalArgumentException("card type must be 0 to 3, got " + type);
        }
        if (queue < -3 || queue > 4) {
            throw new IllegalArgumentException("card queue must be -3 to 4, got " + queue);
        }
        if (easeFactor < 0 || easeFactor > 65_535) {
            throw new IllegalArgumentException("card factor must be 0 to 65535, got " + easeFactor);
        }
        if (flags < 0 || flags > 255) {
            throw new IllegalArgumentException("card flags must be 0 to 255, got " + flags);
        }
    }
}
