package dev.deckhand.ports.model.decks;

import java.util.Objects;
import java.util.regex.Pattern;

/** A shared deck's id: 1 to 64 ASCII letters, digits, {@code _} or {@code -}; safe in URLs and keys. */
public record DeckId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public DeckId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a deck id is 1 to 64 letters, digits, '_' or '-'");
        }
    }
}
