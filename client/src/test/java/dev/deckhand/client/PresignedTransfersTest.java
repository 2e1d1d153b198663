package dev.deckhand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.client.FakeHttpServer.Answer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresignedTransfersTest {

    private static final byte[] BYTES = "some image bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir Path folder;
    private final FakeHttpServer server = newServer();
    private final PresignedTransfers transfers = new PresignedTransfers(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), new Retry(Duration.ZERO));

    private static FakeHttpServer newServer() {
        try {
            return new FakeHttpServer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void upload_sendsExactlyTheDescribedHeaders_andRetries5xxAnd429() throws Exception {
        Path file = Files.write(folder.resolve("a.png"), BYTES);
        server.on("/bucket/a", r -> Answer.of(503, "slow down"),
                r -> new Answer(429, Map.of("Retry-After", "0"), new byte[0]),
                r -> Answer.of(200, ""));
        Wire.Request put = new Wire.Request("PUT", server.url("/bucket/a?X-Amz-Signature=abc"), Map.of(
                "content-length", Integer.toString(BYTES.length), "host", "ignored", "x-amz-checksum-sha256", "c2hh",
                "content-type", "application/octet-stream"));

        transfers.upload(put, file);

        assertThat(server.received("/bucket/a")).hasSize(3).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.pathAndQuery()).endsWith("?X-Amz-Signature=abc");
            assertThat(request.body()).isEqualTo(BYTES);
            assertThat(request.header("Content-Length")).isEqualTo(Integer.toString(BYTES.length));
            assertThat(request.header("x-amz-checksum-sha256")).isEqualTo("c2hh");
            assertThat(request.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(request.header("Authorization")).as("no token goes to object storage").isNull();
        });
    }

    @Test
    void upload_givesUpAtOnceOnAClientError() throws Exception {
        Path file = Files.write(folder.resolve("a.png"), BYTES);
        server.on("/bucket/a", Answer.of(403, "<Error><Code>AccessDenied</Code></Error>"));

        assertThatThrownBy(() -> transfers.upload(new Wire.Request("PUT", server.url("/bucket/a"), Map.of()), file))
                .isInstanceOf(HttpFailure.class).hasMessageContaining("403").hasMessageContaining("AccessDenied");
        assertThat(server.received("/bucket/a")).hasSize(1);
    }

    @Test
    void upload_givesUpAfterFourAttempts() throws Exception {
        Path file = Files.write(folder.resolve("a.png"), BYTES);
        server.on("/bucket/a", Answer.of(500, "down"));

        assertThatThrownBy(() -> transfers.upload(new Wire.Request("PUT", server.url("/bucket/a"), Map.of()), file))
                .isInstanceOf(HttpFailure.class);
        assertThat(server.received("/bucket/a")).hasSize(Retry.MAX_ATTEMPTS);
    }

    @Test
    void download_retriesBytesWithTheWrongHash_andLeavesNoPartialFile() throws Exception {
        byte[] wrong = BYTES.clone();
        wrong[0] ^= 1;
        server.on("/bucket/b", r -> new Answer(200, Map.of(), wrong), r -> new Answer(200, Map.of(), BYTES));
        Path destination = folder.resolve("b.png");

        long written = transfers.download(new Wire.Request("GET", server.url("/bucket/b"), Map.of()), destination, sha256(BYTES),
                BYTES.length);

        assertThat(written).isEqualTo(BYTES.length);
        assertThat(destination).hasBinaryContent(BYTES);
        assertThat(server.received("/bucket/b")).hasSize(2);
        assertThat(filesIn(folder)).containsExactly("b.png");
    }

    @Test
    void download_refusesMoreBytesThanListed_andWritesNothing() throws Exception {
        server.on("/bucket/c", new Answer(200, Map.of(), new byte[10_000]));
        Path destination = folder.resolve("c.png");

        assertThatThrownBy(() -> transfers.download(new Wire.Request("GET", server.url("/bucket/c"), Map.of()), destination,
                sha256(BYTES), BYTES.length)).hasMessageContaining("more than the listed");
        assertThat(filesIn(folder)).isEmpty();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static java.util.List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
