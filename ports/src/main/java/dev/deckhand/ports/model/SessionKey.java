package dev.deckhand.ports.model;

import java.util.Objects;

/**
 * The client's per-sync session key ({@code s} in the {@code anki-sync} header). One normal sync
 * uses one key for all of its calls; a full upload or download uses another.
 */
public record SessionKey(String value) {

    public static final int MAX_LENGTH = 128;

    public SessionKey {
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("session key must have at most " + MAX_LENGTH + " characters");
        }
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }
}
