package dev.deckhand.adapter.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where {@link S3BlobStore} keeps blobs, and how it signs in. {@link #toString()} never shows the
 * secret access key.
 *
 * @param endpoint an S3-compatible endpoint such as {@code http://127.0.0.1:9000}; empty for AWS
 *     itself (the endpoint then follows from the region)
 * @param region the signing region, e.g. {@code us-east-1} (most self-hosted stores accept any)
 * @param bucket the bucket, which must exist
 * @param keyPrefix prepended to every key, e.g. {@code deckhand/}; may be empty
 * @param pathStyle address the bucket in the path (most self-hosted stores need it)
 * @param accessKeyId static credentials; empty to use the SDK's default provider chain
 * @param secretAccessKey static credentials; never shown by {@link #toString()}
 */
public record S3Settings(
        Optional<URI> endpoint,
        String region,
        String bucket,
        String keyPrefix,
        boolean pathStyle,
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey) {

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region must not be empty");
        }
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be empty");
        }
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("give both the access key id and the secret access key, or neither");
        }
    }

    /** The static credentials if given, else the SDK's default chain (environment, profile, instance role). */
    AwsCredentialsProvider credentialsProvider() {
        if (accessKeyId.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.orElseThrow()));
    }

    /**
     * How long opening a connection may take. The SDK's default waits longer than a client of ours
     * would; a store that does not accept a connection in two seconds is down or unreachable, and
     * the request fails with a 503 instead of holding a server thread.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * How long a connection may stay silent while a request or response is under way: long enough
     * for a slow store under load, short enough that a hung one frees its thread.
     */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    /**
     * An S3 client for these settings on the JDK's HTTP client. Nothing is sent until the first call.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException if the settings cannot make a client
     */
    S3Client newClient(AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Shows everything but the secret access key. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", keyPrefix=" + keyPrefix
                + ", pathStyle=" + pathStyle + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + (secretAccessKey.isPresent() ? "[redacted]" : "none") + "]";
    }
}
