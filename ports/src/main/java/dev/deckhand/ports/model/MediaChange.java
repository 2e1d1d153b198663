package dev.deckhand.ports.model;

import java.util.Objects;

/**
 * One row of {@code mediaChanges}: a file name, the USN of its latest change, and its SHA-1 in
 * lower-case hex, or {@code ""} if the latest change deleted it.
 */
public record MediaChange(String filename, int usn, String sha1) {
    public MediaChange {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(sha1, "sha1");
    }

    public boolean isDeletion() {
        return sha1.isEmpty();
    }
}
