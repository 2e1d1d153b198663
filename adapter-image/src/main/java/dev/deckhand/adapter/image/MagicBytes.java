package dev.deckhand.adapter.image;

import static dev.deckhand.adapter.image.LittleEndian.uint16;
import static dev.deckhand.adapter.image.LittleEndian.uint32;

import dev.deckhand.ports.model.decks.MediaKind;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Tells a file's kind from its first bytes alone; the name and the claimed content type play no part. */
final class MagicBytes {

    /** How many leading bytes {@link #kindOf} needs to see (fewer if the file is shorter). */
    static final int HEAD_LENGTH = 64;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] GIF87A = ascii("GIF87a");
    private static final byte[] GIF89A = ascii("GIF89a");
    private static final byte[] RIFF = ascii("RIFF");
    private static final byte[] WEBP = ascii("WEBP");
    private static final byte[] OGG = ascii("OggS");
    private static final byte[] ID3 = ascii("ID3");

    private MagicBytes() {
    }

    /**
     * @param head the file's first {@link #HEAD_LENGTH} bytes, or all of them if it is shorter
     * @param fileSize the whole file's length, to check offsets in a BMP header against
     */
    static Optional<MediaKind> kindOf(byte[] head, long fileSize) {
        if (startsWith(head, 0, PNG)) {
            return Optional.of(MediaKind.PNG);
        }
        if (startsWith(head, 0, JPEG)) {
            return Optional.of(MediaKind.JPEG);
        }
        if (startsWith(head, 0, GIF87A) || startsWith(head, 0, GIF89A)) {
            return Optional.of(MediaKind.GIF);
        }
        if (startsWith(head, 0, RIFF) && startsWith(head, 8, WEBP)) {
            return Optional.of(MediaKind.WEBP);
        }
        if (isBmp(head, fileSize)) {
            return Optional.of(MediaKind.BMP);
        }
        if (startsWith(head, 0, OGG) && head.length > 4 && head[4] == 0) {
            return Optional.of(MediaKind.OGG);
        }
        if (isId3Tag(head) || isMpegAudioFrame(head)) {
            return Optional.of(MediaKind.MP3);
        }
        return Optional.empty();
    }

    /**
     * "BM" is also how plenty of text starts, so the header must make sense too. The pixels must
     * start inside the file, since the JDK's reader sizes the palette it reads by that offset. BMPs
     * that wrap a JPEG or PNG (compression 4 and 5, meant for printers) are refused: their header's
     * size says nothing about the embedded image the decoder would then allocate.
     */
    private static boolean isBmp(byte[] head, long fileSize) {
        if (head.length < 30 || head[0] != 'B' || head[1] != 'M') {
            return false;
        }
        long pixelOffset = uint32(head, 10);
        long dibSize = uint32(head, 14);
        if (pixelOffset < 14 + dibSize || pixelOffset >= fileSize) {
            return false;
        }
        if (dibSize == 12) {
            return uint16(head, 18) > 0 && uint16(head, 20) > 0
                    && uint16(head, 22) == 1 && isOneOf(uint16(head, 24), 1, 4, 8, 24);
        }
        if (dibSize != 40 && dibSize != 52 && dibSize != 56 && dibSize != 108 && dibSize != 124) {
            return false;
        }
        int width = (int) uint32(head, 18);
        int height = (int) uint32(head, 22);
        return head.length >= 34
                && width > 0 && height != 0 && height != Integer.MIN_VALUE
                && uint16(head, 26) == 1
                && isOneOf(uint16(head, 28), 1, 4, 8, 16, 24, 32)
                && isOneOf((int) uint32(head, 30), 0, 1, 2, 3, 6);
    }

    /** An ID3v2 tag: version 2 to 4 and a "syncsafe" size whose bytes all have the top bit clear. */
    private static boolean isId3Tag(byte[] head) {
        return head.length >= 10 && startsWith(head, 0, ID3)
                && head[3] >= 2 && head[3] <= 4 && head[4] != (byte) 0xFF
                && head[6] >= 0 && head[7] >= 0 && head[8] >= 0 && head[9] >= 0;
    }

    /** An MPEG audio frame header: 11 sync bits, then no reserved or invalid field. */
    private static boolean isMpegAudioFrame(byte[] head) {
        if (head.length < 4 || head[0] != (byte) 0xFF || (head[1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (head[1] >> 3) & 0x3;
        int layer = (head[1] >> 1) & 0x3;
        int bitrate = (head[2] >> 4) & 0xF;
        int sampleRate = (head[2] >> 2) & 0x3;
        int emphasis = head[3] & 0x3;
        return version != 1 && layer != 0 && bitrate != 0 && bitrate != 0xF && sampleRate != 3 && emphasis != 2;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOneOf(int value, int... allowed) {
        for (int candidate : allowed) {
            if (value == candidate) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
