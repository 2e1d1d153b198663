package dev.deckhand.adapter.image;

import static dev.deckhand.adapter.image.LittleEndian.uint16;
import static dev.deckhand.adapter.image.LittleEndian.uint24;
import static dev.deckhand.adapter.image.LittleEndian.uint32;

import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.out.decks.MediaInspection;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Size and animation flag of a WebP, from the first chunk after the RIFF header (offset 12):
 * {@code VP8X} (extended: canvas size and flags), {@code VP8 } (lossy key frame) or {@code VP8L}
 * (lossless). Needs only the first 30 bytes.
 */
final class WebpChunks {

    private static final int CHUNK_DATA = 20;
    private static final int VP8X_ANIMATION_FLAG = 0x02;
    private static final int VP8L_SIGNATURE = 0x2F;

    private WebpChunks() {
    }

    static Optional<MediaInspection> inspect(byte[] head) {
        if (head.length < 30) {
            return Optional.empty();
        }
        return switch (new String(head, 12, 4, StandardCharsets.US_ASCII)) {
            case "VP8X" -> extended(head);
            case "VP8 " -> lossy(head);
            case "VP8L" -> lossless(head);
            default -> Optional.empty();
        };
    }

    private static Optional<MediaInspection> extended(byte[] head) {
        boolean animated = (head[CHUNK_DATA] & VP8X_ANIMATION_FLAG) != 0;
        return inspection(1 + uint24(head, 24), 1 + uint24(head, 27), animated);
    }

    /** A 3-byte frame tag (bit 0 clear on a key frame), the start code 9D 01 2A, then 14-bit sizes. */
    private static Optional<MediaInspection> lossy(byte[] head) {
        boolean keyFrame = (head[CHUNK_DATA] & 0x01) == 0;
        boolean startCode = head[23] == (byte) 0x9D && head[24] == 0x01 && head[25] == 0x2A;
        return keyFrame && startCode
                ? inspection(uint16(head, 26) & 0x3FFF, uint16(head, 28) & 0x3FFF, false)
                : Optional.empty();
    }

    /** A signature byte, then width - 1 and height - 1 in 14 bits each. */
    private static Optional<MediaInspection> lossless(byte[] head) {
        long bits = uint32(head, CHUNK_DATA + 1);
        return head[CHUNK_DATA] == VP8L_SIGNATURE
                ? inspection(1 + (int) (bits & 0x3FFF), 1 + (int) ((bits >> 14) & 0x3FFF), false)
                : Optional.empty();
    }

    private static Optional<MediaInspection> inspection(int width, int height, boolean animated) {
        return width > 0 && height > 0
                ? Optional.of(new MediaInspection(MediaKind.WEBP, width, height, animated))
                : Optional.empty();
    }
}
