package dev.deckhand.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BackendUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Both S3 adapters' readiness probes against S3Proxy, and what a call sees once S3Proxy is gone: a
 * {@link BackendUnavailableException} (503) within a few seconds, not a generic failure.
 */
class S3OutageTest {

    private static final String BUCKET = "deckhand-ready";

    private static S3Settings settings(URI endpoint, String bucket) {
        return new S3Settings(Optional.of(endpoint), "us-east-1", bucket, "ready/", true,
                Optional.of(LocalS3.ACCESS_KEY), Optional.of(LocalS3.SECRET_KEY));
    }

    @Test
    void probesPassWhileS3Answers_andCallsFailAsUnavailableOnceItStops() throws Exception {
        LocalS3 s3 = LocalS3.start(BUCKET);
        try (S3BlobStore blobs = new S3BlobStore(settings(s3.endpoint(), BUCKET));
                S3ObjectStore objects = new S3ObjectStore(settings(s3.endpoint(), BUCKET))) {
            assertThatCode(() -> blobs.check(Duration.ofSeconds(1))).doesNotThrowAnyException();
            assertThatCode(() -> objects.check(Duration.ofSeconds(1))).doesNotThrowAnyException();
            assertThat(blobs.name()).isEqualTo("blobs-s3");
            assertThat(objects.name()).isEqualTo("shared-media-s3");

            s3.close();

            long started = System.nanoTime();
            assertThatThrownBy(() -> blobs.check(Duration.ofSeconds(1)))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageStartingWith("S3 bucket " + BUCKET + " does not answer")
                    .hasMessageNotContaining(LocalS3.SECRET_KEY);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));

            long called = System.nanoTime();
            assertThatThrownBy(() -> blobs.exists(new Sha256("a".repeat(64))))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageStartingWith("S3 is not answering: cannot look up");
            assertThatThrownBy(() -> objects.size("deck/file.png"))
                    .isInstanceOf(BackendUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - called)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aMissingBucket_failsTheProbe() throws Exception {
        try (LocalS3 s3 = LocalS3.start(BUCKET);
                S3BlobStore blobs = new S3BlobStore(settings(s3.endpoint(), "no-such-bucket"))) {
            assertThatThrownBy(() -> blobs.check(Duration.ofSeconds(1)))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageStartingWith("S3 bucket no-such-bucket does not answer");
        }
    }
}
