package dev.deckhand.ports.out.decks;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads what an uploaded file is and re-encodes images as WebP. Input is hostile: a file that
 * claims one thing and is another, a header that promises billions of pixels, a truncated stream.
 */
public interface MediaTranscoder {

    /**
     * Sniffs the file's kind from its magic bytes and, for images, reads width, height and frame
     * count from the header without decoding the pixels.
     *
     * @return empty if the file is none of the {@link dev.deckhand.ports.model.decks.MediaKind}s or its header is unreadable
     * @throws TranscodingException if the file itself cannot be read
     */
    Optional<MediaInspection> inspect(Path file);

    /**
     * Writes {@code source} as WebP to {@code target}: lossless for PNG, GIF and BMP (drawings,
     * diagrams, transparency), lossy at high quality for JPEG photos. The caller has checked the
     * pixel limit with {@link #inspect} first. Animated images and files that are already WebP or
     * audio are not converted.
     *
     * @return false if this file is not converted (then {@code target} is untouched)
     * @throws TranscodingException if the image cannot be decoded or encoded; {@code target} is then untouched
     */
    boolean toWebp(Path source, MediaInspection inspection, Path target);
}
