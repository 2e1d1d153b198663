package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import java.util.List;

/** A notetype as schema 18 stores it: one {@code notetypes} row plus its field and template rows. */
public record NotetypeRows(long id, String name, long mtimeSecs, int usn, byte[] config, List<FieldRow> fields, List<TemplateRow> templates) {

    public NotetypeRows {
        fields = List.copyOf(fields);
        templates = List.copyOf(templates);
    }

    /** A {@code fields} row. */
    public record FieldRow(int ordinal, String name, byte[] config) {}

    /** A {@code templates} row. */
    public record TemplateRow(int ordinal, String name, long mtimeSecs, int usn, byte[] config) {}
}
