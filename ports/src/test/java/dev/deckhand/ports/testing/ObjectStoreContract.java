package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.decks.PresignedRequest;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.out.decks.ObjectStore.StoredObject;
import dev.deckhand.ports.out.decks.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ObjectStore} must do, including what it lets a client do with a pre-signed
 * request; extended once per implementation. Each test gets a new, empty store.
 */
public abstract class ObjectStoreContract {

    protected static final Duration TTL = Duration.ofMinutes(5);

    @TempDir
    Path temp;
    private ObjectStore store;

    /** A new store with no objects in it. */
    protected abstract ObjectStore newStore();

    /** Sends a pre-signed request to {@code url} with exactly its headers, as a media client would. */
    protected abstract Answer send(PresignedRequest request, URI url, byte[] body) throws Exception;

    /** The status of the store's answer and, for a download, the bytes. */
    public record Answer(int status, byte[] body) {}

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    @Test
    void presignedPut_thenPresignedGet_roundTripTheExactBytes() throws Exception {
        byte[] bytes = bytes("a picture of a cat");
        Instant before = Instant.now();

        PresignedRequest put = store.presignUpload("media/cat.jpg", bytes.length, sha256(bytes), "image/jpeg", TTL);

        assertThat(put.method()).isEqualTo("PUT");
        assertThat(lowerCaseNames(put.headers()))
                .containsEntry("content-type", "image/jpeg")
                .containsEntry("content-length", String.valueOf(bytes.length))
                .containsEntry("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256(bytes).hex())));
        assertThat(put.expiresAt()).isBetween(before.plus(TTL).minusSeconds(1), Instant.now().plus(TTL).plusSeconds(1));
        assertThat(send(put, bytes).status()).isEqualTo(200);
        assertThat(store.size("media/cat.jpg")).contains((long) bytes.length);

        PresignedRequest get = store.presignDownload("media/cat.jpg", TTL);
        assertThat(get.method()).isEqualTo("GET");
        Answer got = send(get, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(bytes);
    }

    @Test
    void presignedPut_withAnotherBodyOfTheSameLength_isRefused_andStoresNothing() throws Exception {
        byte[] bytes = bytes("the real content");
        byte[] forged = bytes("the fake content");
        assertThat(forged).hasSameSizeAs(bytes);
        PresignedRequest put = store.presignUpload("media/real.txt", bytes.length, sha256(bytes), "text/plain", TTL);

        assertThat(send(put, forged).status()).isBetween(400, 403);
        assertThat(store.size("media/real.txt")).isEmpty();
    }

    @Test
    void presignedPut_withABodyOfAnotherLength_isRefused_andStoresNothing() throws Exception {
        byte[] bytes = bytes("twelve bytes");
        PresignedRequest put = store.presignUpload("media/short.txt", bytes.length, sha256(bytes), "text/plain", TTL);

        assertThat(send(put, bytes("twelve bytes and more")).status()).isBetween(400, 403);
        assertThat(send(put, bytes("twelve")).status()).isBetween(400, 403);
        assertThat(store.size("media/short.txt")).isEmpty();
    }

    @Test
    void presignedPut_forKeyA_cannotWriteKeyB() throws Exception {
        byte[] bytes = bytes("meant for a");
        PresignedRequest put = store.presignUpload("media/a.txt", bytes.length, sha256(bytes), "text/plain", TTL);
        URI forB = URI.create(put.url().toString().replace("/media/a.txt?", "/media/b.txt?"));
        assertThat(forB).isNotEqualTo(put.url());

        assertThat(send(put, forB, bytes).status()).isEqualTo(403);
        assertThat(store.size("media/b.txt")).isEmpty();
        assertThat(send(put, bytes).status()).as("the untampered URL still works").isEqualTo(200);
        assertThat(store.size("media/a.txt")).contains((long) bytes.length);
    }

    @Test
    void upload_size_open_forEach_delete_followThePort() throws Exception {
        byte[] first = bytes("first object");
        byte[] second = bytes("second, longer object");

        store.upload("decks/2/b.mp3", file(second), sha256(second), "audio/mpeg");
        store.upload("decks/1/a.png", file(first), sha256(first), "image/png");
        store.upload("other/c.txt", file(first), sha256(first), "text/plain");

        assertThat(store.size("decks/1/a.png")).contains((long) first.length);
        assertThat(read("decks/2/b.mp3")).isEqualTo(second);
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
    }

    @Test
    void forEach_mayDeleteWhatItIsShown() throws Exception {
        byte[] bytes = bytes("swept");
        store.upload("sweep/a", file(bytes), sha256(bytes), "text/plain");
        store.upload("sweep/b", file(bytes), sha256(bytes), "text/plain");

        store.forEach("sweep/", o -> store.delete(o.key()));

        List<String> left = new ArrayList<>();
        store.forEach("sweep/", o -> left.add(o.key()));
        assertThat(left).isEmpty();
    }

    @Test
    void upload_replacesAnExistingObject() throws Exception {
        byte[] old = bytes("old");
        byte[] replacement = bytes("replacement");
        store.upload("media/x", file(old), sha256(old), "text/plain");

        store.upload("media/x", file(replacement), sha256(replacement), "text/plain");

        assertThat(read("media/x")).isEqualTo(replacement);
    }

    @Test
    void upload_withTheWrongSha256_isRefused_andStoresNothing() throws Exception {
        byte[] bytes = bytes("what is in the file");

        assertThatThrownBy(() -> store.upload("media/f", file(bytes), sha256(bytes("something else")), "text/plain"))
                .isInstanceOf(BlobStoreException.class);
        assertThat(store.size("media/f")).isEmpty();
    }

    @Test
    void missingObjects_areAbsent_notErrors() throws Exception {
        assertThat(store.size("media/none")).isEmpty();
        assertThat(store.open("media/none")).isEmpty();
        assertThat(store.delete("media/none")).isFalse();
        List<StoredObject> none = new ArrayList<>();
        store.forEach("media/", none::add);
        assertThat(none).isEmpty();
        assertThat(send(store.presignDownload("media/none", TTL), null).status()).isEqualTo(404);
    }

    @Test
    void invalidKeysLifetimesAndUploads_areRejected() throws Exception {
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
        assertThatThrownBy(() -> store.presignUpload("k", 0, sha, " ", TTL)).isInstanceOf(IllegalArgumentException.class);
    }

    protected Answer send(PresignedRequest request, byte[] body) throws Exception {
        return send(request, request.url(), body);
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static Sha256 sha256(byte[] bytes) {
        return BlobStoreContract.sha256(bytes);
    }

    protected Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(temp, "object", ".bin"), bytes);
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = store.open(key).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
        Map<String, String> byLowerCaseName = new TreeMap<>();
        headers.forEach((name, value) -> byLowerCaseName.put(name.toLowerCase(Locale.ROOT), value));
        return byLowerCaseName;
    }
}
