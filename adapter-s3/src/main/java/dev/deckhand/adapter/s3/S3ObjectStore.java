package dev.deckhand.adapter.s3;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.decks.PresignedRequest;
import dev.deckhand.ports.out.BackendProbe;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.out.decks.ObjectStore;
import dev.deckhand.ports.out.decks.ObjectStoreChecks;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Objects by key in any S3-compatible store, stored as {@code <keyPrefix><key>}, including
 * pre-signed URLs with which clients upload and download directly.
 *
 * <p>A pre-signed upload signs {@code content-length}, {@code content-type} and
 * {@code x-amz-checksum-sha256}, so the client must send exactly the returned headers: S3 then
 * refuses a body of another length or hash. Pre-signed requests live from 1 second to 1 hour.
 * Keys contain only {@code [a-z0-9/._-]}, never {@code ..}, never start with {@code /}, and are at
 * most 512 characters; anything else is an {@link IllegalArgumentException}.
 *
 * <p>Thread-safe. Every SDK failure becomes a {@link BlobStoreException} carrying it; a missing
 * object is an empty result.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable, BackendProbe {

    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;

    /** Builds an S3 client and presigner from {@code settings}; nothing is sent until the first call. */
    public S3ObjectStore(S3Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        AwsCredentialsProvider credentials = settings.credentialsProvider();
        try {
            S3Presigner.Builder presigner = S3Presigner.builder()
                    .region(Region.of(settings.region()))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build())
                    .credentialsProvider(credentials);
            settings.endpoint().ifPresent(presigner::endpointOverride);
            this.presigner = presigner.build();
            this.s3 = settings.newClient(credentials);
        } catch (SdkException e) {
            throw S3Failures.translate("cannot set up the S3 client for " + settings, e);
        }
    }

    @Override
    public PresignedRequest presignUpload(String key, long size, Sha256 sha256, String contentType, Duration ttl) {
        String objectKey = objectKey(key);
        ObjectStoreChecks.upload(size, sha256, contentType);
        ObjectStoreChecks.ttl(ttl);
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256.hex()));
        try {
            var presigned = presigner.presignPutObject(p -> p.signatureDuration(ttl)
                    .putObjectRequest(b -> b.bucket(settings.bucket()).key(objectKey)
                            .contentLength(size)
                            .contentType(contentType)
                            .checksumSHA256(checksum)));
            return new PresignedRequest("PUT", presigned.url().toURI(), headersToSend(presigned.signedHeaders()),
                    presigned.expiration());
        } catch (SdkException | URISyntaxException e) {
            throw new BlobStoreException("cannot pre-sign an upload of " + objectKey, e);
        }
    }

    @Override
    public PresignedRequest presignDownload(String key, Duration ttl) {
        String objectKey = objectKey(key);
        ObjectStoreChecks.ttl(ttl);
        try {
            var presigned = presigner.presignGetObject(p -> p.signatureDuration(ttl)
                    .getObjectRequest(b -> b.bucket(settings.bucket()).key(objectKey)));
            return new PresignedRequest("GET", presigned.url().toURI(), headersToSend(presigned.signedHeaders()),
                    presigned.expiration());
        } catch (SdkException | URISyntaxException e) {
            throw new BlobStoreException("cannot pre-sign a download of " + objectKey, e);
        }
    }

    @Override
    public Optional<Long> size(String key) {
        return head(objectKey(key)).map(HeadObjectResponse::contentLength);
    }

    @Override
    public Optional<InputStream> open(String key) {
        String objectKey = objectKey(key);
        try {
            InputStream in = s3.getObject(b -> b.bucket(settings.bucket()).key(objectKey));
            return Optional.of(new SdkFailureTranslatingStream(in, objectKey));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw S3Failures.translate("cannot read " + objectKey + " from S3", e);
        }
    }

    @Override
    public void upload(String key, Path file, Sha256 sha256, String contentType) {
        String objectKey = objectKey(key);
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(contentType, "contentType");
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256.hex()));
        try {
            s3.putObject(b -> b.bucket(settings.bucket()).key(objectKey).contentType(contentType).checksumSHA256(checksum),
                    RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw S3Failures.translate("cannot store " + objectKey + " in S3", e);
        }
    }

    /** S3's DeleteObject succeeds whether or not the key exists, so a HeadObject decides the answer. */
    @Override
    public boolean delete(String key) {
        String objectKey = objectKey(key);
        if (head(objectKey).isEmpty()) {
            return false;
        }
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(objectKey));
            return true;
        } catch (SdkException e) {
            throw S3Failures.translate("cannot delete " + objectKey + " from S3", e);
        }
    }

    /** Lists page by page; an empty prefix visits every object under the key prefix. */
    @Override
    public void forEach(String prefix, Consumer<StoredObject> visitor) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(visitor, "visitor");
        String listed = prefix.isEmpty() ? settings.keyPrefix() : objectKey(prefix);
        int strip = settings.keyPrefix().length();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(listed)).contents()) {
                visitor.accept(new StoredObject(object.key().substring(strip), object.size(), object.lastModified()));
            }
        } catch (SdkException e) {
            throw S3Failures.translate("cannot list " + listed + " in S3 bucket " + settings.bucket(), e);
        }
    }

    @Override
    public String name() {
        return "shared-media-s3";
    }

    /** Whether the bucket that holds shared-deck media answers a HEAD request in time. */
    @Override
    public void check(Duration timeout) {
        S3Failures.headBucket(s3, settings.bucket(), timeout);
    }

    /** Releases the HTTP client and the presigner. */
    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            presigner.close();
        }
    }

    private String objectKey(String key) {
        return settings.keyPrefix() + ObjectStoreChecks.key(key);
    }

    /** The signed headers minus {@code host}, which every HTTP client derives from the URL. */
    private static Map<String, String> headersToSend(Map<String, List<String>> signed) {
        Map<String, String> headers = new LinkedHashMap<>();
        signed.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return headers;
    }

    private Optional<HeadObjectResponse> head(String objectKey) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(settings.bucket()).key(objectKey)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Failures.translate("cannot look up " + objectKey + " in S3", e);
        } catch (SdkException e) {
            throw S3Failures.translate("cannot look up " + objectKey + " in S3", e);
        }
    }
}
