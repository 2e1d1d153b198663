package dev.deckhand.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.decks.PresignedRequest;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.out.decks.ObjectStore;
import dev.deckhand.ports.testing.ObjectStoreContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 object store against S3Proxy 4.1.0 in process, in memory, verifying AWS V2/V4 signatures:
 * the {@link ObjectStoreContract}, and what only S3 shows (signed headers, tampered and expired
 * signatures, a wrong secret, the key prefix). A {@link HttpClient} plays the media client that uses
 * the pre-signed requests, sending exactly the returned headers. Each store gets its own key prefix,
 * so every test starts empty.
 */
class S3ObjectStoreTest extends ObjectStoreContract {

    private static final String BUCKET = "deckhand-objects";
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static LocalS3 s3;
    private static URI endpoint;
    private static S3Client raw;
    private static HttpClient http;

    private final List<S3ObjectStore> opened = new ArrayList<>();

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

    @Override
    protected ObjectStore newStore() {
        return store(freshPrefix());
    }

    @Override
    protected Answer send(PresignedRequest request, URI url, byte[] body) throws Exception {
        HttpResponse<byte[]> response = deliver(request, url, body);
        return new Answer(response.statusCode(), response.body());
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
    private static HttpResponse<byte[]> deliver(PresignedRequest request, URI url, byte[] body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .method(request.method(), body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                builder.header(name, value);
            }
        });
        return http.send(builder.build(), BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> deliver(PresignedRequest request, byte[] body) throws Exception {
        return deliver(request, request.url(), body);
    }

    private static byte[] digest(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static List<String> keysUnder(String prefix) {
        return raw.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void presignedPut_signsLengthTypeAndChecksum_whichS3Keeps() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("a picture of a cat");

        PresignedRequest put = store.presignUpload("media/cat.jpg", bytes.length, sha256(bytes), "image/jpeg", TTL);

        assertThat(put.headers()).containsOnlyKeys("content-type", "content-length", "x-amz-checksum-sha256");
        assertThat(put.url().getQuery()).contains("X-Amz-SignedHeaders=content-length;content-type;host;x-amz-checksum-sha256");
        assertThat(deliver(put, bytes).statusCode()).isEqualTo(200);
        assertThat(keysUnder(prefix)).containsExactly(prefix + "media/cat.jpg");
        assertThat(raw.headObject(b -> b.bucket(BUCKET).key(prefix + "media/cat.jpg").checksumMode(ChecksumMode.ENABLED)))
                .satisfies(head -> {
                    assertThat(head.contentType()).isEqualTo("image/jpeg");
                    assertThat(head.checksumSHA256()).isEqualTo(put.headers().get("x-amz-checksum-sha256"));
                });
        assertThat(store.presignDownload("media/cat.jpg", TTL).headers()).doesNotContainKey("host");
    }

    @Test
    void presignedPut_cannotChangeOrDropTheSignedChecksum() throws Exception {
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

        HttpResponse<byte[]> response = deliver(put, forged);
        HttpResponse<byte[]> withForgedChecksum = deliver(forgedChecksum, forged);
        HttpResponse<byte[]> withoutChecksum = deliver(noChecksum, forged);

        // S3Proxy 4.1.0 hashes the body of a pre-signed PUT and compares it with the signed header.
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
    void presignedRequests_withATamperedSignature_areRefused() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("signed content");
        store.upload("media/signed.txt", file(bytes), sha256(bytes), "text/plain");
        PresignedRequest put = store.presignUpload("media/other.txt", bytes.length, sha256(bytes), "text/plain", TTL);
        PresignedRequest get = store.presignDownload("media/signed.txt", TTL);

        HttpResponse<byte[]> tamperedPut = deliver(put, tamperSignature(put.url()), bytes);
        HttpResponse<byte[]> tamperedGet = deliver(get, tamperSignature(get.url()), null);

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
        assertThat(deliver(put, bytes).statusCode()).isEqualTo(200);
        assertThat(deliver(get, null).statusCode()).isEqualTo(200);

        Thread.sleep(2_500);

        HttpResponse<byte[]> lateGet = deliver(get, null);
        assertThat(lateGet.statusCode()).isEqualTo(403);
        assertThat(body(lateGet)).contains("expired");
        HttpResponse<byte[]> latePut = deliver(put, bytes);
        assertThat(latePut.statusCode()).isEqualTo(403);
        assertThat(body(latePut)).contains("expired");
    }

    @Test
    void objectsLiveUnderTheKeyPrefix_andOthersAreNeitherListedNorTouched() throws Exception {
        String prefix = freshPrefix();
        S3ObjectStore store = store(prefix);
        byte[] bytes = bytes("inside");
        String outside = prefix.replace("/", "-") + "outside";
        raw.putObject(b -> b.bucket(BUCKET).key(outside), RequestBody.fromString("another prefix"));

        store.upload("decks/1/a.png", file(bytes), sha256(bytes), "image/png");
        store.upload("decks/2/b.png", file(bytes), sha256(bytes), "image/png");
        store.delete("decks/1/a.png");
        List<String> listed = new ArrayList<>();
        store.forEach("", o -> listed.add(o.key()));

        assertThat(listed).containsExactly("decks/2/b.png");
        assertThat(keysUnder(prefix)).containsExactly(prefix + "decks/2/b.png");
        assertThat(raw.headObject(b -> b.bucket(BUCKET).key(outside)).contentLength()).isEqualTo(14);
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
        assertThat(deliver(forged.presignDownload("media/s", TTL), null).statusCode()).isEqualTo(403);
        assertThat(keysUnder(prefix)).containsExactly(prefix + "media/s");
    }
}
