package dev.deckhand.ports.model.decks;

import java.util.Objects;

/**
 * What references media in a deck: an approved note (by the deck's own note id) or a pending
 * suggestion (by its id). A suggestion's references go away when it is declined, or become the
 * note's when it is approved.
 */
public record ReferenceHolder(Kind kind, long id) {

    public enum Kind { NOTE, SUGGESTION }

    public ReferenceHolder {
        Objects.requireNonNull(kind, "kind");
    }

    public static ReferenceHolder note(long noteId) {
        return new ReferenceHolder(Kind.NOTE, noteId);
    }

    public static ReferenceHolder suggestion(long suggestionId) {
        return new ReferenceHolder(Kind.SUGGESTION, suggestionId);
    }
}
