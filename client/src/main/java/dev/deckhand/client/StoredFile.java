package dev.deckhand.client;

import java.util.Objects;

/** A file the server stored on upload: its bytes as stored, which may be a WebP conversion of the file sent. */
public record StoredFile(String name, String sha256, long size, String contentType) {

    public StoredFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(contentType, "contentType");
    }
}
