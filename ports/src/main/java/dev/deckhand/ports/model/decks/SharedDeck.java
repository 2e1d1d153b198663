package dev.deckhand.ports.model.decks;

import java.util.Objects;

/** A shared deck and how many bytes of distinct media it may map. */
public record SharedDeck(DeckId id, String title, long quotaBytes) {

    public SharedDeck {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (quotaBytes <= 0) {
            throw new IllegalArgumentException("a quota is positive");
        }
    }
}
