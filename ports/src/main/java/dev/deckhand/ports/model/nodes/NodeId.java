package dev.deckhand.ports.model.nodes;

import java.util.Objects;
import java.util.regex.Pattern;

/** A Deckhand node's name in a cluster: 1 to 32 lower-case ASCII letters, digits or {@code -}. */
public record NodeId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a node id is 1 to 32 lower-case letters, digits or '-', starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
