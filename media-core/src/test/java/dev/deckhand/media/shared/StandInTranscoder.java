package dev.deckhand.media.shared;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.out.decks.MediaInspection;
import dev.deckhand.ports.out.decks.MediaTranscoder;
import dev.deckhand.ports.out.decks.TranscodingException;
import dev.deckhand.ports.testing.BlobStoreContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

/**
 * A stand-in for the real transcoder (ImageIoTranscoder, tested in adapter-image), so the rules
 * can be tested without images. It knows made-up files that start like the real formats: a PNG,
 * GIF or WebP signature followed by width and height as big-endian ints (a GIF then has a frame
 * count byte), or an MP3's {@code ID3}. Its "WebP" of an image is a 36-byte header holding the
 * dimensions and part of the image's SHA-256: deterministic, distinct per image, and smaller than
 * any image over 36 bytes. Nothing is decoded.
 */
final class StandInTranscoder implements MediaTranscoder {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] GIF = ascii("GIF89a");
    private static final byte[] RIFF = ascii("RIFF");
    private static final byte[] WEBP = ascii("WEBP");
    private static final byte[] ID3 = ascii("ID3");
    private static final int HEADER = 20;
    static final int WEBP_SIZE = HEADER + 16;

    @Override
    public Optional<MediaInspection> inspect(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return inspect(in.readNBytes(HEADER));
        } catch (IOException e) {
            throw new TranscodingException("cannot read " + file, e);
        }
    }

    private static Optional<MediaInspection> inspect(byte[] head) {
        if (startsWith(head, PNG) && head.length >= 16) {
            return Optional.of(new MediaInspection(MediaKind.PNG, intAt(head, 8), intAt(head, 12), false));
        }
        if (startsWith(head, GIF) && head.length >= 15) {
            return Optional.of(new MediaInspection(MediaKind.GIF, intAt(head, 6), intAt(head, 10), head[14] > 1));
        }
        if (startsWith(head, RIFF) && head.length >= 20 && Arrays.equals(head, 8, 12, WEBP, 0, 4)) {
            return Optional.of(new MediaInspection(MediaKind.WEBP, intAt(head, 12), intAt(head, 16), false));
        }
        if (startsWith(head, ID3)) {
            return Optional.of(new MediaInspection(MediaKind.MP3, 0, 0, false));
        }
        return Optional.empty();
    }

    @Override
    public boolean toWebp(Path source, MediaInspection inspection, Path target) {
        if (!inspection.kind().isImage() || inspection.kind() == MediaKind.WEBP || inspection.animated()) {
            return false;
        }
        try {
            Files.write(target, webpOf(Files.readAllBytes(source)));
        } catch (IOException e) {
            throw new TranscodingException("cannot convert " + source, e);
        }
        return true;
    }

    /** What {@link #toWebp} makes of an image. */
    static byte[] webpOf(byte[] image) {
        MediaInspection inspection = inspect(image).orElseThrow();
        Sha256 sha = BlobStoreContract.sha256(image);
        return ByteBuffer.allocate(WEBP_SIZE)
                .put(RIFF).putInt(0).put(WEBP).putInt(inspection.width()).putInt(inspection.height())
                .put(HexFormat.of().parseHex(sha.hex()), 0, 16)
                .array();
    }

    /** A PNG of {@code size} bytes (at least 16) whose header says {@code width} x {@code height}. */
    static byte[] png(int width, int height, int size, long seed) {
        return image(PNG, width, height, size, seed);
    }

    /** A GIF of {@code size} bytes (at least 15) with two frames. */
    static byte[] animatedGif(int width, int height, int size, long seed) {
        byte[] gif = image(GIF, width, height, size, seed);
        gif[14] = 2;
        return gif;
    }

    /** An MP3 of {@code size} bytes (at least 3). */
    static byte[] mp3(int size, long seed) {
        byte[] mp3 = noise(size, seed);
        System.arraycopy(ID3, 0, mp3, 0, ID3.length);
        return mp3;
    }

    private static byte[] image(byte[] magic, int width, int height, int size, long seed) {
        byte[] bytes = noise(size, seed);
        ByteBuffer.wrap(bytes).put(magic).putInt(width).putInt(height);
        return bytes;
    }

    private static byte[] noise(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int intAt(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes, offset, 4).getInt();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
