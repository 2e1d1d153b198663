package dev.deckhand.adapter.s3;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobMismatchException;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.BlobStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as S3 objects under {@code <prefix>blobs/<first two hex digits>/<sha256>}. Content is
 * streamed to a temporary file while it is hashed, checked, then sent in one PUT, so an object is
 * either absent or complete and correct; the SHA-256 also travels as object metadata. An object's
 * last-modified time is its last-used time: storing a blob that exists copies the object onto
 * itself, which refreshes it for the sweep's grace period.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    private static final String SHA256_METADATA = "deckhand-sha256";

    private final S3Client s3;
    private final S3Settings settings;

    public S3BlobStore(S3Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        settings.endpoint().ifPresent(builder::endpointOverride);
        if (settings.accessKeyId().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().orElseThrow())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        this.s3 = builder.build();
    }

    @Override
    public void put(Sha256 sha256, InputStream content, long size) {
        String key = keyOf(sha256);
        if (head(key).isPresent()) {
            refresh(key, sha256);
            return;
        }
        Path temp = null;
        try {
            temp = Files.createTempFile("deckhand-s3-", ".part");
            byte[] digest = copyHashing(content, temp, size);
            String actual = HexFormat.of().formatHex(digest);
            if (Files.size(temp) != size || !actual.equals(sha256.hex())) {
                throw new BlobMismatchException("content hashes to " + actual + " (" + Files.size(temp) + " bytes), not "
                        + sha256.hex() + " (" + size + " bytes)");
            }
            s3.putObject(b -> b.bucket(settings.bucket()).key(key).contentLength(size)
                            .checksumSHA256(Base64.getEncoder().encodeToString(digest))
                            .metadata(Map.of(SHA256_METADATA, sha256.hex())),
                    RequestBody.fromFile(temp));
        } catch (IOException | SdkException e) {
            throw new BlobStoreException("cannot store blob " + sha256.hex() + " in S3", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // A temporary file in the system temp folder is harmless.
                }
            }
        }
    }

    @Override
    public boolean exists(Sha256 sha256) {
        return head(keyOf(sha256)).isPresent();
    }

    @Override
    public Optional<InputStream> open(Sha256 sha256) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(settings.bucket()).key(keyOf(sha256))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new BlobStoreException("cannot read blob " + sha256.hex() + " from S3", e);
        }
    }

    @Override
    public Optional<Long> size(Sha256 sha256) {
        return head(keyOf(sha256)).map(HeadObjectResponse::contentLength);
    }

    @Override
    public boolean delete(Sha256 sha256) {
        String key = keyOf(sha256);
        if (head(key).isEmpty()) {
            return false;
        }
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
            return true;
        } catch (SdkException e) {
            throw new BlobStoreException("cannot delete blob " + sha256.hex() + " from S3", e);
        }
    }

    @Override
    public void forEach(Consumer<StoredBlob> visitor) {
        String prefix = settings.keyPrefix() + "blobs/";
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)).contents()) {
                String name = object.key().substring(object.key().lastIndexOf('/') + 1);
                if (name.matches("[0-9a-f]{64}")) {
                    visitor.accept(new StoredBlob(new Sha256(name), object.size(), object.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw new BlobStoreException("cannot list blobs in S3", e);
        }
    }

    /** The object key of a blob. */
    String keyOf(Sha256 sha256) {
        return settings.keyPrefix() + "blobs/" + sha256.hex().substring(0, 2) + "/" + sha256.hex();
    }

    @Override
    public void close() {
        s3.close();
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(settings.bucket()).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new BlobStoreException("cannot look up " + key + " in S3", e);
        } catch (SdkException e) {
            throw new BlobStoreException("cannot look up " + key + " in S3", e);
        }
    }

    private void refresh(String key, Sha256 sha256) {
        try {
            s3.copyObject(b -> b.sourceBucket(settings.bucket()).sourceKey(key)
                    .destinationBucket(settings.bucket()).destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE)
                    .metadata(Map.of(SHA256_METADATA, sha256.hex(), "deckhand-last-used", Instant.now().toString())));
        } catch (SdkException e) {
            throw new BlobStoreException("cannot refresh blob " + sha256.hex() + " in S3", e);
        }
    }

    private static byte[] copyHashing(InputStream in, Path target, long expected) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long written = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                written += n;
                if (written > expected) {
                    throw new BlobMismatchException("more bytes than the announced " + expected);
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return digest.digest();
    }
}
