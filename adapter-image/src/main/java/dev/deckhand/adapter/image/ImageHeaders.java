package dev.deckhand.adapter.image;

import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.out.decks.MediaInspection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Size and animation of an image from its header; pixels are never decoded here. */
final class ImageHeaders {

    private static final Logger LOG = LoggerFactory.getLogger(ImageHeaders.class);

    private ImageHeaders() {
    }

    /**
     * @param head the file's first bytes, as given to {@link MagicBytes#kindOf}
     * @return empty if the header cannot be read
     */
    static Optional<MediaInspection> inspect(Path file, MediaKind kind, byte[] head) throws IOException {
        return switch (kind) {
            case GIF -> GifBlocks.inspect(file);
            case WEBP -> WebpChunks.inspect(head);
            case PNG, JPEG, BMP -> fromJdkReader(file, kind);
            default -> throw new IllegalArgumentException(kind + " is not an image");
        };
    }

    /** For getWidth and getHeight a reader parses the header only (IHDR, the SOF marker, the BMP info header). */
    private static Optional<MediaInspection> fromJdkReader(Path file, MediaKind kind) throws IOException {
        ImageReader reader = JdkReaders.forKind(kind);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return readSize(reader, in, kind);
        } finally {
            reader.dispose();
        }
    }

    private static Optional<MediaInspection> readSize(ImageReader reader, ImageInputStream in, MediaKind kind) {
        try {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width > 0 && height > 0) {
                return Optional.of(new MediaInspection(kind, width, height, false));
            }
        } catch (IOException | RuntimeException malformed) {
            // Besides IIOException and EOFException, the JDK readers throw IllegalArgumentException
            // and friends on some malformed headers; for hostile input they all mean "not readable".
            LOG.debug("unreadable {} header: {}", kind, malformed.toString());
        }
        return Optional.empty();
    }
}
