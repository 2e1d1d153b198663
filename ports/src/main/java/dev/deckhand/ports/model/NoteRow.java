package dev.deckhand.ports.model;

import java.util.Objects;

/**
 * A note, in the column order of the {@code notes} table and the wire's 11-element array. On the wire
 * the sort field and checksum are empty; the receiver computes them from the notetype.
 *
 * @param fields field values joined by U+001F
 * @param tags space-separated, with a space before and after, or empty
 */
public record NoteRow(long id, String guid, long notetypeId, long mtimeSecs, int usn, String tags, String fields) {

    public static final char FIELD_SEPARATOR = '\u001f';

    public NoteRow {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(fields, "fields");
    }

    /** How many fields the note has (at least one). */
    public int fieldCount() {
        return (int) fields.chars().filter(c -> c == FIELD_SEPARATOR).count() + 1;
    }
}
