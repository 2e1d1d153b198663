package dev.deckhand.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.testing.BlobStoreContract;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 blob store against a real S3-compatible server on loopback: S3Proxy, in process, checking
 * AWS signatures. Each store gets its own key prefix, so every contract test starts empty.
 */
class S3BlobStoreTest extends BlobStoreContract {

    private static final String BUCKET = "deckhand-test";
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static S3Proxy proxy;
    private static URI endpoint;

    @BeforeAll
    static void startS3() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access", "test-secret")
                .build();
        proxy.start();
        for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        try (S3Client admin = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access", "test-secret")))
                .build()) {
            admin.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        proxy.stop();
    }

    private static S3Settings settings(String prefix, String secret) {
        return new S3Settings(Optional.of(endpoint), "us-east-1", BUCKET, prefix, true, Optional.of("test-access"), Optional.of(secret));
    }

    @Override
    protected BlobStore newStore() {
        return new S3BlobStore(settings("t" + PREFIXES.incrementAndGet() + "/", "test-secret"));
    }

    @Test
    void aWrongSecret_isRefusedByTheStore() {
        S3BlobStore forged = new S3BlobStore(settings("forged/", "not-the-secret"));
        byte[] bytes = "signed wrongly".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> forged.put(sha256(bytes), new ByteArrayInputStream(bytes), bytes.length))
                .isInstanceOf(BlobStoreException.class);
    }

    @Test
    void keys_areThePrefixThenBlobsThenTheHash() {
        S3BlobStore store = new S3BlobStore(settings("media/", "test-secret"));
        Sha256 hash = new Sha256("ab" + "0".repeat(62));

        assertThat(store.keyOf(hash)).isEqualTo("media/blobs/ab/ab" + "0".repeat(62));
    }
}
