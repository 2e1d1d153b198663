package dev.deckhand.ports.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A name that is safe as one path segment or object-key segment: lower-case ASCII letters, digits,
 * {@code _} and {@code -} only, so it can never escape a folder or collide by case folding.
 */
public record StorageKey(String value) {

    private static final Pattern SAFE = Pattern.compile("[a-z0-9_-]{1,80}");

    public StorageKey {
        Objects.requireNonNull(value, "value");
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("storage key must match " + SAFE.pattern());
        }
    }
}
