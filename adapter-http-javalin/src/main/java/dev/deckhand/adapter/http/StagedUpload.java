package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.MediaSync;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A folder of files received in one media upload, hashed (SHA-1 and SHA-256) while they were
 * written, with a cap on each file and on all of them together. Deleted with everything in it when
 * closed, whatever became of the upload.
 */
final class StagedUpload implements AutoCloseable {

    private final Path folder;
    private final long batchLimit;
    private long batchBytes;

    StagedUpload(Path parent, long batchLimit) throws IOException {
        Files.createDirectories(parent);
        this.folder = Files.createTempDirectory(parent, "media-upload-");
        this.batchLimit = batchLimit;
    }

    /** Copies at most {@code limit} bytes of {@code in} to a new file; refuses anything longer. */
    MediaSync.StagedContent stage(InputStream in, long limit, String what) throws IOException {
        Path file = Files.createTempFile(folder, "member-", ".bin");
        MessageDigest sha1 = digest("SHA-1");
        MessageDigest sha256 = digest("SHA-256");
        long size = 0;
        try (var out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                batchBytes += n;
                if (size > limit) {
                    throw new BadRequestException(what + " is larger than " + limit + " bytes");
                }
                if (batchBytes > batchLimit) {
                    throw new BadRequestException("the files of this upload unpack to more than " + batchLimit
                            + " bytes together; Anki sends batches of about 2.5 MiB or a single file");
                }
                sha1.update(buffer, 0, n);
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return new Content(file, size, HexFormat.of().formatHex(sha1.digest()), HexFormat.of().formatHex(sha256.digest()));
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // The folder lives under the temp area; a later start can clear it.
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    private record Content(Path file, long size, String sha1, String sha256) implements MediaSync.StagedContent {
        @Override
        public InputStream open() {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
