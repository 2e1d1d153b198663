package dev.deckhand.ports.out.decks;

import dev.deckhand.ports.model.decks.MediaKind;
import java.util.Objects;

/**
 * What a file is, read from its bytes: its kind and, for images, the pixel size from the header
 * (without decoding the pixels) and whether it has more than one frame. Audio has width and height 0.
 */
public record MediaInspection(MediaKind kind, int width, int height, boolean animated) {

    public MediaInspection {
        Objects.requireNonNull(kind, "kind");
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("dimensions must not be negative");
        }
    }

    /** Width times height, without overflow. */
    public long pixels() {
        return (long) width * height;
    }
}
