package dev.deckhand.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.BlobMismatchException;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.BlobStore.StoredBlob;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.testing.BlobStoreContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 blob store against a real S3-compatible server on loopback: S3Proxy 4.1.0 in process, in
 * memory, verifying AWS V2/V4 signatures. Each store gets its own key prefix, so every test starts
 * empty without restarting the server.
 */
class S3BlobStoreTest extends BlobStoreContract {

    private static final String BUCKET = "deckhand-test";
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static LocalS3 s3;
    private static URI endpoint;
    private static S3Client raw;

    private final List<S3BlobStore> opened = new ArrayList<>();

    @BeforeAll
    static void startS3() throws Exception {
        s3 = LocalS3.start(BUCKET);
        endpoint = s3.endpoint();
        raw = s3.client();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(S3BlobStore::close);
    }

    @Override
    protected BlobStore newStore() {
        return store(freshPrefix());
    }

    private static String freshPrefix() {
        return "t" + PREFIXES.incrementAndGet() + "/";
    }

    private S3BlobStore store(String prefix) {
        return store(new S3Settings(Optional.of(endpoint), "us-east-1", BUCKET, prefix, true,
                Optional.of(LocalS3.ACCESS_KEY), Optional.of(LocalS3.SECRET_KEY)));
    }

    private S3BlobStore store(S3Settings settings) {
        S3BlobStore store = new S3BlobStore(settings);
        opened.add(store);
        return store;
    }

    private static void put(BlobStore store, byte[] bytes) {
        store.put(sha256(bytes), new ByteArrayInputStream(bytes), bytes.length);
    }

    private static byte[] read(BlobStore store, Sha256 sha256) throws IOException {
        try (InputStream in = store.open(sha256).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private static List<StoredBlob> list(BlobStore store) {
        List<StoredBlob> all = new ArrayList<>();
        store.forEach(all::add);
        return all;
    }

    private static List<String> keysUnder(String prefix) {
        return raw.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void aWrongSecret_isRefusedByTheStore_asABlobStoreException() {
        String prefix = freshPrefix();
        S3BlobStore forged = store(new S3Settings(Optional.of(endpoint), "us-east-1", BUCKET, prefix, true,
                Optional.of(LocalS3.ACCESS_KEY), Optional.of("not-the-secret")));
        byte[] bytes = "signed wrongly".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> put(forged, bytes))
                .isInstanceOf(BlobStoreException.class)
                .cause().isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> forged.exists(sha256(bytes))).isInstanceOf(BlobStoreException.class);
        assertThatThrownBy(() -> forged.forEach(blob -> { })).isInstanceOf(BlobStoreException.class);
        assertThat(keysUnder(prefix)).isEmpty();
    }

    @Test
    void objects_areKeyedPrefixThenBlobsThenTwoHexDigitsThenTheHash_withTheHashInTheMetadata() {
        String prefix = "media-" + PREFIXES.incrementAndGet() + "/";
        S3BlobStore store = store(prefix);
        byte[] bytes = "where does it go".getBytes(StandardCharsets.UTF_8);
        String hex = sha256(bytes).hex();

        put(store, bytes);

        String key = prefix + "blobs/" + hex.substring(0, 2) + "/" + hex;
        assertThat(keysUnder(prefix)).containsExactly(key);
        assertThat(store.keyOf(sha256(bytes))).isEqualTo(key);
        HeadObjectResponse head = raw.headObject(b -> b.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED));
        assertThat(head.contentLength()).isEqualTo(bytes.length);
        assertThat(head.metadata()).containsEntry(S3BlobStore.SHA256_METADATA, hex);
        assertThat(head.checksumSHA256()).as("the store verified and kept the SHA-256 sent with the upload")
                .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    }

    @Test
    void aSixMebibyteBlob_roundTripsWithPathStyleAddressing() throws IOException {
        S3Settings settings = new S3Settings(Optional.of(endpoint), "us-east-1", BUCKET, freshPrefix(), true,
                Optional.of(LocalS3.ACCESS_KEY), Optional.of(LocalS3.SECRET_KEY));
        assertThat(settings.pathStyle()).isTrue();
        S3BlobStore store = store(settings);
        byte[] bytes = new byte[6 * 1024 * 1024];
        new Random(42).nextBytes(bytes);

        put(store, bytes);

        assertThat(read(store, sha256(bytes))).isEqualTo(bytes);
        assertThat(store.size(sha256(bytes))).contains((long) bytes.length);
        assertThat(list(store)).extracting(StoredBlob::size).containsExactly((long) bytes.length);
    }

    @Test
    void put_ofAnExistingBlob_refreshesItsLastUsedTime_andKeepsItsContent() throws Exception {
        S3BlobStore store = store(freshPrefix());
        byte[] bytes = "used again".getBytes(StandardCharsets.UTF_8);
        put(store, bytes);
        StoredBlob first = list(store).get(0);

        Thread.sleep(1_100); // LastModified has one-second resolution on some stores
        put(store, bytes);

        StoredBlob second = list(store).get(0);
        assertThat(second.lastUsed()).isAfter(first.lastUsed());
        assertThat(second.size()).isEqualTo(bytes.length);
        assertThat(read(store, sha256(bytes))).isEqualTo(bytes);
        // S3Proxy drops the stored checksum on a copy (AWS recomputes it, as asked); the metadata stays.
        assertThat(raw.headObject(b -> b.bucket(BUCKET).key(store.keyOf(sha256(bytes)))).metadata())
                .containsEntry(S3BlobStore.SHA256_METADATA, sha256(bytes).hex());
    }

    @Test
    void put_refusesMoreBytesThanAnnounced_andStoresNothing() {
        String prefix = freshPrefix();
        S3BlobStore store = store(prefix);
        byte[] bytes = "longer than said".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.put(sha256(bytes), new ByteArrayInputStream(bytes), bytes.length - 1))
                .isInstanceOf(BlobMismatchException.class);

        assertThat(keysUnder(prefix)).isEmpty();
    }

    @Test
    void aMissingBlob_isAbsent_notAnError() {
        S3BlobStore store = store(freshPrefix());
        Sha256 missing = sha256("never stored".getBytes(StandardCharsets.UTF_8));

        assertThat(store.exists(missing)).isFalse();
        assertThat(store.open(missing)).isEmpty();
        assertThat(store.size(missing)).isEmpty();
        assertThat(store.delete(missing)).isFalse();
    }

    @Test
    void forEach_skipsKeysThatAreNotBlobs() {
        String prefix = freshPrefix();
        S3BlobStore store = store(prefix);
        byte[] bytes = "a blob".getBytes(StandardCharsets.UTF_8);
        put(store, bytes);
        String hex = sha256(bytes).hex();
        raw.putObject(b -> b.bucket(BUCKET).key(prefix + "blobs/README.txt"), RequestBody.fromString("not a blob"));
        raw.putObject(b -> b.bucket(BUCKET).key(prefix + "blobs/00/" + hex), RequestBody.fromString("misfiled"));

        assertThat(list(store)).extracting(StoredBlob::sha256).containsExactly(sha256(bytes));
    }

    @Test
    void anUnreachableStore_failsAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        S3BlobStore store = store(new S3Settings(Optional.of(URI.create("http://127.0.0.1:" + closedPort)), "us-east-1",
                BUCKET, "", true, Optional.of(LocalS3.ACCESS_KEY), Optional.of(LocalS3.SECRET_KEY)));

        assertThatThrownBy(() -> store.exists(sha256(new byte[0]))).isInstanceOf(BackendUnavailableException.class)
                .hasCauseInstanceOf(SdkClientException.class);
    }
}
