package dev.deckhand.ports.model;

import java.util.Objects;

/**
 * A notetype, deck or deck config as it travels on the wire: the legacy ("schema 11") JSON object,
 * kept as exact text so that unknown keys and number formats survive, plus the fields the merge rules
 * read.
 *
 * @param name for decks the wire form with {@code ::} between levels; when it differs from the name
 *     inside {@code json} (after a clash was resolved), this one counts
 * @param fieldCount for notetypes, the number of fields; 0 otherwise
 * @param templateCount for notetypes, the number of templates; 0 otherwise
 */
public record LegacyObject(long id, long mtimeSecs, int usn, String name, int fieldCount, int templateCount, String json) {

    public LegacyObject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(json, "json");
    }

    public LegacyObject withName(String newName) {
        return new LegacyObject(id, mtimeSecs, usn, newName, fieldCount, templateCount, json);
    }
}
