package dev.deckhand.ports.model.decks;

import dev.deckhand.ports.model.Sha256;
import java.util.Objects;

/**
 * A file stored once, whatever decks use it: the SHA-256 of the stored bytes (WebP after
 * conversion), its object key, size, kind and how many note or suggestion references resolve to it.
 */
public record StoredMedia(Sha256 sha256, String storageKey, long size, MediaKind kind, int referenceCount) {

    public StoredMedia {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(storageKey, "storageKey");
        Objects.requireNonNull(kind, "kind");
        if (size < 0 || referenceCount < 0) {
            throw new IllegalArgumentException("size and reference count must not be negative");
        }
    }
}
