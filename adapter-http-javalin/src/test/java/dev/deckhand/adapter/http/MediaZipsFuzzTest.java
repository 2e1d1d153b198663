package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.testing.ParserContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip of {@code /msync/uploadChanges}, read into a staging folder as the route does: a list of
 * files or a refusal ({@link BadRequestException}, or an {@link IOException}, both answered 400),
 * never another exception; at most the batch limit written; each staged file holds exactly the bytes
 * its size and hashes claim; and nothing is left in the staging area afterwards.
 */
class MediaZipsFuzzTest {

    private static final long BATCH_LIMIT = 1L << 20;
    private static final ParserContract CONTRACT = ParserContract.refusingOnlyWith(BadRequestException.class, IOException.class)
            .within(Duration.ofSeconds(5), 32L << 20);
    private static final SyncJson JSON = new SyncJson();

    @TempDir
    static Path staging;

    @FuzzTest
    void upload(byte[] zip) throws Exception {
        Optional<Integer> files = CONTRACT.check(() -> {
            try (StagedUpload upload = new StagedUpload(staging, BATCH_LIMIT)) {
                List<MediaSync.UploadedFile> read = MediaZips.readUpload(new ByteArrayInputStream(zip), upload, JSON.mapper());
                long total = 0;
                for (MediaSync.UploadedFile file : read) {
                    assertThat(file.filename()).isNotNull();
                    if (file.content().isPresent()) {
                        total += checkStaged(file.content().get());
                    }
                }
                assertThat(total).isLessThanOrEqualTo(BATCH_LIMIT);
                assertThat(read).hasSizeLessThanOrEqualTo(MediaSync.MAX_FILES_PER_BATCH);
                return read.size();
            }
        });
        try (Stream<Path> left = Files.list(staging)) {
            assertThat(left).as("left in the staging area (%s files read)", files).isEmpty();
        }
    }

    private static long checkStaged(MediaSync.StagedContent content) throws Exception {
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readAllBytes();
        }
        assertThat(bytes).hasSize((int) content.size());
        assertThat(content.sha1()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes)));
        assertThat(content.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        return bytes.length;
    }
}
