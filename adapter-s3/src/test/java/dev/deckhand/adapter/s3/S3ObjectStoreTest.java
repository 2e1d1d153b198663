package dev.deckhand.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.shared.ObjectStore.StoredObject;
import dev.deckhand.ports.shared.PresignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 object store against S3Proxy 4.1.0 in process, in memory, verifying AWS V2/V4 signatures.
 * A {@link HttpClient} plays the media client that uses the pre-signed requests, sending exactly the
 * returned headers. Each store gets its own key prefix, so every test starts empty.
 */
class S3ObjectStoreTest {

    private static final String BUCKET = "deckhand-objects";
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static LocalS3 s3;
    private static URI endpoint;
    private static S3Client raw;
    private static HttpClient http;

    private final List<S3ObjectStore> opened = new ArrayList<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = LocalS3.start(BUCKET);
        endpoint = s3.endpoint();
        raw = s3.client();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(S3ObjectStore::close);
    }

    private static String freshPrefix() {
        return "o" + PREFIXES.incrementAndGet() + "/";
    }

    private S3ObjectStore store(String prefix) {
        return store(prefix, LocalS3.SECRET_KEY);
    }

    private S3ObjectStore store(String prefix, String secret) {
        S3ObjectStore store = new S3ObjectStore(new S3Settings(Optional.of(endpoint), "us-east-1", BUCKET, prefix, true,
                Optional.of(LocalS3.ACCESS_KEY), Optional.of(secret)));
        opened.add(store);
        return store;
    }

    /** What a client does with a pre-signed request; HttpClient sets content-length from the body itself. */
    private static HttpResponse<byte[]> send(PresignedRequest request, URI url, byte[] body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .method(request.method(), body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                builder.header(name, value);
            }
        });
        return http.send(builder.build(), BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> send(PresignedRequest request, byte[] body) throws Exception {
        return send(request, request.url(), body);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] digest(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static Sha256 sha256(byte[] bytes) throws Exception {
        return new Sha256(HexFormat.of().formatHex(digest(bytes)));
    }

    private static byte[] read(S3ObjectStore store, String key) throws IOException {
        try (InputStream in = store.open(key).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private static List<String> keysUnder(String prefix) {
        return raw.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(temp, "object", ".bin"), bytes);
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void presignedPut_thenPresignedGet_roundTripTheExactBytes() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("a picture of a cat");
        Instant before = Instant.now();

        PresignedRequest put = store.presignUpload("media/cat.jpg", bytes.length, sha256(bytes), "image/jpeg", TTL);

        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.headers()).containsEntry("content-type", "image/jpeg")
                .containsEntry("content-length", String.valueOf(bytes.length))
                .containsEntry("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(digest(bytes)))
                .doesNotContainKey("host");
        assertThat(put.url().getQuery()).contains("X-Amz-SignedHeaders=content-length;content-type;host;x-amz-checksum-sha256");
        assertThat(put.expiresAt()).isBetween(before.plus(TTL).minusSeconds(1), Instant.now().plus(TTL).plusSeconds(1));
        assertThat(send(put, bytes).statusCode()).isEqualTo(200);

        assertThat(keysUnder(prefix)).containsExactly(prefix + "media/cat.jpg");
        assertThat(raw.headObject(b -> b.bucket(BUCKET).key(prefix + "media/cat.jpg").checksumMode(ChecksumMode.ENABLED)))
                .satisfies(head -> {
                    assertThat(head.contentType()).isEqualTo("image/jpeg");
                    assertThat(head.checksumSHA256()).isEqualTo(put.headers().get("x-amz-checksum-sha256"));
                });

        PresignedRequest get = store.presignDownload("media/cat.jpg", TTL);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.headers()).doesNotContainKey("host");
        HttpResponse<byte[]> got = send(get, null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(bytes);
    }

    @Test
    void presignedPut_withAnotherBodyOfTheSameLength_isRefused_andStoresNothing() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("the real content");
        byte[] forged = bytes("the fake content");
        assertThat(forged).hasSameSizeAs(bytes);
        PresignedRequest put = store.presignUpload("media/real.txt", bytes.length, sha256(bytes), "text/plain", TTL);

        PresignedRequest forgedChecksum = new PresignedRequest(put.method(), put.url(),
                withHeader(put, "x-amz-checksum-sha256", Base64.getEncoder().encodeToString(digest(forged))), put.expiresAt());
        PresignedRequest noChecksum = new PresignedRequest(put.method(), put.url(),
                withHeader(put, "x-amz-checksum-sha256", null), put.expiresAt());

        HttpResponse<byte[]> response = send(put, forged);
        HttpResponse<byte[]> withForgedChecksum = send(forgedChecksum, forged);
        HttpResponse<byte[]> withoutChecksum = send(noChecksum, forged);

        // S3Proxy 4.1.0 hashes the body of a pre-signed PUT and compares it with the signed header.
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response)).contains("BadDigest");
        // The checksum header is signed, so a client can neither replace it nor leave it out.
        assertThat(withForgedChecksum.statusCode()).isEqualTo(403);
        assertThat(body(withForgedChecksum)).contains("SignatureDoesNotMatch");
        assertThat(withoutChecksum.statusCode()).isEqualTo(403);
        assertThat(keysUnder(prefix)).isEmpty();
    }

    private static Map<String, String> withHeader(PresignedRequest request, String name, String value) {
        Map<String, String> headers = new HashMap<>(request.headers());
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return headers;
    }

    @Test
    void presignedPut_withABodyOfAnotherLength_isRefused_andStoresNothing() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("twelve bytes");
        PresignedRequest put = store.presignUpload("media/short.txt", bytes.length, sha256(bytes), "text/plain", TTL);

        HttpResponse<byte[]> longer = send(put, bytes("twelve bytes and more"));
        HttpResponse<byte[]> shorter = send(put, bytes("twelve"));

        assertThat(longer.statusCode()).isEqualTo(403);
        assertThat(body(longer)).contains("SignatureDoesNotMatch");
        assertThat(shorter.statusCode()).isEqualTo(403);
        assertThat(keysUnder(prefix)).isEmpty();
    }

    @Test
    void presignedPut_forKeyA_cannotWriteKeyB() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("meant for a");
        PresignedRequest put = store.presignUpload("media/a.txt", bytes.length, sha256(bytes), "text/plain", TTL);
        URI forB = URI.create(put.url().toString().replace("/media/a.txt?", "/media/b.txt?"));
        assertThat(forB).isNotEqualTo(put.url());

        HttpResponse<byte[]> response = send(put, forB, bytes);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(body(response)).contains("SignatureDoesNotMatch");
        assertThat(keysUnder(prefix)).isEmpty();
        assertThat(send(put, bytes).statusCode()).as("the untampered URL still works").isEqualTo(200);
        assertThat(keysUnder(prefix)).containsExactly(prefix + "media/a.txt");
    }

    @Test
    void presignedRequests_withATamperedSignature_areRefused() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("signed content");
        store.upload("media/signed.txt", file(bytes), sha256(bytes), "text/plain");
        PresignedRequest put = store.presignUpload("media/other.txt", bytes.length, sha256(bytes), "text/plain", TTL);
        PresignedRequest get = store.presignDownload("media/signed.txt", TTL);

        HttpResponse<byte[]> tamperedPut = send(put, tamperSignature(put.url()), bytes);
        HttpResponse<byte[]> tamperedGet = send(get, tamperSignature(get.url()), null);

        assertThat(tamperedPut.statusCode()).isEqualTo(403);
        assertThat(tamperedGet.statusCode()).isEqualTo(403);
        assertThat(body(tamperedGet)).contains("SignatureDoesNotMatch").doesNotContain("signed content");
        assertThat(keysUnder(prefix)).containsExactly(prefix + "media/signed.txt");
    }

    /** Flips the last hex digit of X-Amz-Signature. */
    private static URI tamperSignature(URI url) {
        String text = url.toString();
        int at = text.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length() + 63;
        assertThat(at).isGreaterThan(63);
        char flipped = text.charAt(at) == '0' ? '1' : '0';
        return URI.create(text.substring(0, at) + flipped + text.substring(at + 1));
    }

    @Test
    void presignedRequests_workUntilTheyExpire_thenAreRefused() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("short-lived");
        store.upload("media/stored.txt", file(bytes), sha256(bytes), "text/plain");
        // X-Amz-Date is in whole seconds, so a 1-second URL signed late in a second dies at the next one:
        // sign at the top of a second, leaving almost a whole second to use it.
        Thread.sleep(1_000 - Instant.now().toEpochMilli() % 1_000);
        PresignedRequest put = store.presignUpload("media/uploaded.txt", bytes.length, sha256(bytes), "text/plain",
                Duration.ofSeconds(1));
        PresignedRequest get = store.presignDownload("media/stored.txt", Duration.ofSeconds(1));
        assertThat(send(put, bytes).statusCode()).isEqualTo(200);
        assertThat(send(get, null).statusCode()).isEqualTo(200);

        Thread.sleep(2_500);

        HttpResponse<byte[]> lateGet = send(get, null);
        assertThat(lateGet.statusCode()).isEqualTo(403);
        assertThat(body(lateGet)).contains("expired");
        HttpResponse<byte[]> latePut = send(put, bytes);
        assertThat(latePut.statusCode()).isEqualTo(403);
        assertThat(body(latePut)).contains("expired");
    }

    @Test
    void upload_size_open_forEach_delete_followThePort() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] first = bytes("first object");
        byte[] second = bytes("second, longer object");
        raw.putObject(b -> b.bucket(BUCKET).key(prefix.replace("/", "-") + "outside"), RequestBody.fromString("another prefix"));

        store.upload("decks/2/b.mp3", file(second), sha256(second), "audio/mpeg");
        store.upload("decks/1/a.png", file(first), sha256(first), "image/png");
        store.upload("other/c.txt", file(first), sha256(first), "text/plain");

        assertThat(store.size("decks/1/a.png")).contains((long) first.length);
        assertThat(read(store, "decks/2/b.mp3")).isEqualTo(second);
        List<StoredObject> decks = new ArrayList<>();
        store.forEach("decks/", decks::add);
        assertThat(decks).extracting(StoredObject::key).containsExactly("decks/1/a.png", "decks/2/b.mp3");
        assertThat(decks).extracting(StoredObject::size).containsExactly((long) first.length, (long) second.length);
        assertThat(decks).allSatisfy(o -> assertThat(o.lastModified()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5)));
        List<String> all = new ArrayList<>();
        store.forEach("", o -> all.add(o.key()));
        assertThat(all).containsExactly("decks/1/a.png", "decks/2/b.mp3", "other/c.txt");

        assertThat(store.delete("decks/1/a.png")).isTrue();
        assertThat(store.delete("decks/1/a.png")).isFalse();
        assertThat(store.size("decks/1/a.png")).isEmpty();
        assertThat(store.open("decks/1/a.png")).isEmpty();
        assertThat(keysUnder(prefix)).containsExactly(prefix + "decks/2/b.mp3", prefix + "other/c.txt");
    }

    @Test
    void upload_replacesAnExistingObject() throws Exception {
        S3ObjectStore store = store(freshPrefix());
        byte[] old = bytes("old");
        byte[] replacement = bytes("replacement");
        store.upload("media/x", file(old), sha256(old), "text/plain");

        store.upload("media/x", file(replacement), sha256(replacement), "text/plain");

        assertThat(read(store, "media/x")).isEqualTo(replacement);
    }

    @Test
    void upload_withTheWrongSha256_isRefusedByTheStore_andStoresNothing() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("what is in the file");

        assertThatThrownBy(() -> store.upload("media/f", file(bytes), sha256(bytes("something else")), "text/plain"))
                .isInstanceOf(BlobStoreException.class)
                .cause().isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(keysUnder(prefix)).isEmpty();
    }

    @Test
    void missingObjects_areAbsent_notErrors() throws Exception {
        S3ObjectStore store = store(freshPrefix());

        assertThat(store.size("media/none")).isEmpty();
        assertThat(store.open("media/none")).isEmpty();
        assertThat(store.delete("media/none")).isFalse();
        List<StoredObject> none = new ArrayList<>();
        store.forEach("media/", none::add);
        assertThat(none).isEmpty();
        assertThat(send(store.presignDownload("media/none", TTL), null).statusCode()).isEqualTo(404);
    }

    @Test
    void invalidKeysAndTtls_areRejected() throws Exception {
        S3ObjectStore store = store(freshPrefix());
        Sha256 sha = sha256(new byte[0]);
        Path file = file(new byte[0]);
        List<String> badKeys = List.of("", "/leading", "a/../b", "..", "Upper", "spa ce", "percent%2f", "tilde~",
                "x".repeat(513));
        for (String key : badKeys) {
            assertThatThrownBy(() -> store.presignUpload(key, 0, sha, "text/plain", TTL)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.presignDownload(key, TTL)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.size(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.upload(key, file, sha, "text/plain")).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.forEach("../", o -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.size("x".repeat(512))).isEmpty();
        assertThat(store.size("a-z_0.9/x")).isEmpty();

        for (Duration ttl : List.of(Duration.ZERO, Duration.ofMillis(999), Duration.ofSeconds(-5), Duration.ofHours(1).plusSeconds(1))) {
            assertThatThrownBy(() -> store.presignUpload("k", 0, sha, "text/plain", ttl)).as(ttl.toString()).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.presignDownload("k", ttl)).as(ttl.toString()).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.presignDownload("k", Duration.ofSeconds(1)).method()).isEqualTo("GET");
        assertThat(store.presignDownload("k", Duration.ofHours(1)).method()).isEqualTo("GET");
        assertThatThrownBy(() -> store.presignUpload("k", -1, sha, "text/plain", TTL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrongSecret_isRefusedByTheStore_asABlobStoreException() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore good = store(prefix);
        byte[] bytes = bytes("secret content");
        good.upload("media/s", file(bytes), sha256(bytes), "text/plain");
        S3ObjectStore forged = store(prefix, "not-the-secret");

        assertThatThrownBy(() -> forged.upload("media/t", file(bytes), sha256(bytes), "text/plain"))
                .isInstanceOf(BlobStoreException.class)
                .cause().isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> forged.size("media/s")).isInstanceOf(BlobStoreException.class);
        assertThatThrownBy(() -> forged.open("media/s")).isInstanceOf(BlobStoreException.class);
        assertThatThrownBy(() -> forged.delete("media/s")).isInstanceOf(BlobStoreException.class);
        assertThatThrownBy(() -> forged.forEach("", o -> { })).isInstanceOf(BlobStoreException.class);
        assertThat(send(forged.presignDownload("media/s", TTL), null).statusCode()).isEqualTo(403);
        assertThat(keysUnder(prefix)).containsExactly(prefix + "media/s");
    }
}
