package dev.deckhand.client;

import java.util.Objects;

/** A file the server (or the client, for a name the API cannot carry) refused, and why. Retrying will not help. */
public record RefusedFile(String name, String reason) {

    public RefusedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }
}
