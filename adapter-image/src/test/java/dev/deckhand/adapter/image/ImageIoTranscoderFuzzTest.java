package dev.deckhand.adapter.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.deckhand.ports.out.decks.MediaInspection;
import dev.deckhand.ports.out.decks.TranscodingException;
import dev.deckhand.ports.testing.ParserContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * An uploaded file, sniffed and inspected as the shared-media service does before it stores
 * anything: {@link ImageIoTranscoder#inspect} says what the bytes are or that they are none of the
 * accepted kinds, and never throws for a readable file (the service would answer 500); its answer
 * agrees with {@link MagicBytes} on the first bytes alone. Small images that pass are converted as
 * the service would: WebP out, or an {@link IOException} that keeps the original, nothing else.
 */
class ImageIoTranscoderFuzzTest {

    /** Big enough for any seed, small enough that one conversion stays a few milliseconds. */
    private static final long CONVERT_PIXELS = 64 * 64;
    private static final ParserContract INSPECT = ParserContract.refusingOnlyWith()
            .within(Duration.ofSeconds(5), 16L << 20);
    private static final ParserContract CONVERT = ParserContract.refusingOnlyWith(TranscodingException.class)
            .within(Duration.ofSeconds(5), 64L << 20);

    private final ImageIoTranscoder transcoder = new ImageIoTranscoder();

    @TempDir
    static Path folder;

    @FuzzTest
    void upload(byte[] bytes) throws Exception {
        Path file = folder.resolve("upload.bin");
        Files.write(file, bytes);
        Optional<MediaInspection> inspected = INSPECT.check(() -> transcoder.inspect(file).orElse(null));

        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, MagicBytes.HEAD_LENGTH));
        var kind = MagicBytes.kindOf(head, bytes.length);
        inspected.ifPresent(seen -> assertThat(kind).contains(seen.kind()));
        kind.filter(k -> !k.isImage()).ifPresent(audio -> assertThat(inspected).isPresent());

        if (inspected.isPresent() && inspected.get().kind().isImage() && inspected.get().pixels() <= CONVERT_PIXELS) {
            Path webp = folder.resolve("converted.webp");
            CONVERT.check(() -> transcoder.toWebp(file, inspected.get(), webp));
            Files.deleteIfExists(webp);
        }
    }
}
