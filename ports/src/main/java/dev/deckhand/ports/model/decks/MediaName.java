package dev.deckhand.ports.model.decks;

import dev.deckhand.ports.model.MediaFileNames;
import java.util.Objects;

/**
 * The file name a deck's notes use for a media file, valid by {@link MediaFileNames#problemForSharing}
 * (the names Anki gives media files, without bidirectional or other control characters). Never used
 * as a path or key.
 */
public record MediaName(String value) {

    public static final int MAX_BYTES = MediaFileNames.MAX_BYTES;

    public MediaName {
        Objects.requireNonNull(value, "value");
        MediaFileNames.problemForSharing(value).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }
}
