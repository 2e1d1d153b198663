package dev.deckhand.ports.model.decks;

import java.time.Instant;
import java.util.Objects;

/** One file of a deck: the name its notes use, what is stored for it, and when the name was last mapped. */
public record DeckMedia(MediaName name, StoredMedia stored, Instant mappedAt) {

    public DeckMedia {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(mappedAt, "mappedAt");
    }
}
