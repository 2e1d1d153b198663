package dev.deckhand.ports.model;

import java.util.Objects;

/**
 * The opaque secret a client receives at login and sends as {@code k} on every later request.
 * Stored by the server only as a hash; never logged.
 */
public record HostKey(String value) {

    /** Longest host key a client may present; ours are 43 characters. */
    public static final int MAX_LENGTH = 128;

    public HostKey {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("host key must have 1 to " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return "HostKey[redacted]";
    }
}
