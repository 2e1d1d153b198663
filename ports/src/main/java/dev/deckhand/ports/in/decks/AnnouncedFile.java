package dev.deckhand.ports.in.decks;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.decks.MediaName;
import java.util.Objects;

/** A file a client wants a deck to have: the name its notes use, the SHA-256 and size of its bytes. */
public record AnnouncedFile(MediaName name, Sha256 sha256, long size) {

    public AnnouncedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (size <= 0) {
            throw new IllegalArgumentException("a file has at least one byte");
        }
    }
}
