package dev.deckhand.ports.model;

import java.util.Objects;

/**
 * The content a media file name points at: SHA-1 (what the protocol speaks), SHA-256 (where the
 * blob is stored) and size in bytes.
 */
public record MediaFile(String sha1, Sha256 sha256, long size) {
    public MediaFile {
        Objects.requireNonNull(sha1, "sha1");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha1.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("a SHA-1 is 40 lower-case hex digits");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("media files are never empty");
        }
    }
}
