package dev.deckhand.adapter.image;

import static dev.deckhand.adapter.image.LittleEndian.uint16;

import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.out.decks.MediaInspection;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Walks a GIF's blocks until a second image descriptor or the end, decoding nothing: image data is
 * skipped sub-block by sub-block. ImageReader.getNumImages(true) would decompress every frame,
 * which is what a GIF bomb counts on.
 *
 * <p>The size reported is the logical screen grown to cover the first frame: the JDK decoder
 * allocates the frame's size, and a frame may claim far more than the screen.
 */
final class GifBlocks {

    /**
     * Beyond this many bytes without finding the end of the file or a second image, the GIF is
     * reported as animated: that cannot be told cheaply, and "animated" means "keep it as it is".
     */
    static final long SCAN_LIMIT = 64L * 1024 * 1024;

    private static final int EXTENSION = 0x21;
    private static final int IMAGE_DESCRIPTOR = 0x2C;
    private static final int HEADER_LENGTH = 13;
    private static final int DESCRIPTOR_LENGTH = 9;

    private final InputStream in;
    private long position;
    private int width;
    private int height;
    private boolean firstImageSeen;

    private GifBlocks(InputStream in) {
        this.in = in;
    }

    static Optional<MediaInspection> inspect(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            return new GifBlocks(in).scan();
        }
    }

    private Optional<MediaInspection> scan() throws IOException {
        boolean animated;
        try {
            animated = findSecondImage();
        } catch (EOFException truncated) {
            // Browsers show what arrived before the cut; a cut before the first image leaves nothing.
            animated = false;
        }
        if (!firstImageSeen || width == 0 || height == 0) {
            return Optional.empty();
        }
        return Optional.of(new MediaInspection(MediaKind.GIF, width, height, animated));
    }

    private boolean findSecondImage() throws IOException {
        byte[] header = read(HEADER_LENGTH);
        width = uint16(header, 6);
        height = uint16(header, 8);
        skipColourTable(header[10]);
        while (position < SCAN_LIMIT) {
            int introducer = in.read();
            position++;
            if (introducer == IMAGE_DESCRIPTOR) {
                if (firstImageSeen) {
                    return true;
                }
                byte[] descriptor = read(DESCRIPTOR_LENGTH);
                width = Math.max(width, uint16(descriptor, 0) + uint16(descriptor, 4));
                height = Math.max(height, uint16(descriptor, 2) + uint16(descriptor, 6));
                firstImageSeen = true;
                skipColourTable(descriptor[8]);
                skip(1); // LZW minimum code size
                skipSubBlocks();
            } else if (introducer == EXTENSION) {
                skip(1); // label
                skipSubBlocks();
            } else {
                return false; // the trailer 0x3B, the end of the file, or bytes no decoder would read on from
            }
        }
        return true;
    }

    /** A colour table follows if bit 7 of the packed field is set; bits 0-2 give its size. */
    private void skipColourTable(byte packed) throws IOException {
        if ((packed & 0x80) != 0) {
            skip(3L << ((packed & 0x07) + 1));
        }
    }

    /** Data comes in sub-blocks of a length byte and up to 255 bytes, ended by a zero length. */
    private void skipSubBlocks() throws IOException {
        int length;
        while ((length = in.read()) > 0 && position < SCAN_LIMIT) {
            position++;
            skip(length);
        }
        if (length < 0) {
            throw new EOFException();
        }
        position++;
    }

    private byte[] read(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException();
        }
        position += length;
        return bytes;
    }

    private void skip(long length) throws IOException {
        in.skipNBytes(length);
        position += length;
    }
}
