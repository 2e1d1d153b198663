package dev.deckhand.client;

import java.util.Objects;

/** A file whose transfer still failed after the retries, and the last error. Running again may help. */
public record FailedFile(String name, String error) {

    public FailedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(error, "error");
    }
}
