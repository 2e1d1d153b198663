package dev.deckhand.adapter.s3;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.BackendProbe;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.out.VerifiedCopy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as S3 objects, keyed {@code <keyPrefix>blobs/<first two hex digits>/<sha256 hex>}, in any
 * S3-compatible store (AWS, MinIO, Garage, S3Proxy).
 *
 * <p>{@link #put} first copies the content to a temporary file while hashing and counting it, so
 * memory stays bounded whatever the size and a wrong hash or size is refused before anything is
 * sent. The file then goes up in one PutObject carrying {@code x-amz-checksum-sha256}, so the store
 * checks the bytes it receives too, and S3 makes the object visible only once complete. The hex
 * SHA-256 is also kept in the object's metadata ({@code deckhand-sha256}).
 *
 * <p>Last-used time is the object's {@code LastModified}, which ListObjectsV2 returns for free, so
 * {@link #forEach} needs one request per thousand blobs and no HeadObject per blob. Storing a blob
 * that exists copies the object onto itself ({@code CopyObject}, metadata directive REPLACE), the
 * usual S3 "touch": the bytes stay, the LastModified moves to now. If the object vanished between
 * HeadObject and CopyObject (a concurrent sweep), the verified temporary file is uploaded instead.
 *
 * <p>One PutObject or CopyObject takes at most 5 GiB, far beyond any Anki media file. Thread-safe.
 * Every SDK failure becomes a {@link BlobStoreException} carrying it; a missing object is an empty
 * result, not an exception. With AWS, the credentials need {@code s3:ListBucket} on the bucket
 * (without it S3 answers 403 instead of 404 for a missing object) plus {@code s3:GetObject},
 * {@code s3:PutObject} and {@code s3:DeleteObject} on the keys.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable, BackendProbe {

    /** Every blob's key starts with the settings' key prefix and then this folder. */
    public static final String KEY_FOLDER = "blobs/";

    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    static final String SHA256_METADATA = "deckhand-sha256";
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final Pattern BLOB_NAME = Pattern.compile("([0-9a-f]{2})/(\\1[0-9a-f]{62})");

    private final S3Settings settings;
    private final S3Client s3;

    /** Builds an S3 client from {@code settings}; nothing is sent until the first call. */
    public S3BlobStore(S3Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        try {
            this.s3 = settings.newClient(settings.credentialsProvider());
        } catch (SdkException e) {
            throw S3Failures.translate("cannot set up the S3 client for " + settings, e);
        }
    }

    @Override
    public void put(Sha256 sha256, InputStream content, long size) {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(content, "content");
        String key = keyOf(sha256);
        Path temp = null;
        try {
            temp = Files.createTempFile("deckhand-s3-", ".part");
            byte[] digest = copyVerified(content, temp, sha256, size);
            if (head(key).isEmpty() || !refresh(key, sha256)) {
                upload(key, sha256, temp, size, digest);
            }
        } catch (IOException e) {
            throw new BlobStoreException("cannot buffer blob " + sha256.hex() + " for S3", e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    @Override
    public boolean exists(Sha256 sha256) {
        return head(keyOf(sha256)).isPresent();
    }

    @Override
    public Optional<InputStream> open(Sha256 sha256) {
        String key = keyOf(sha256);
        try {
            return Optional.of(new SdkFailureTranslatingStream(s3.getObject(b -> b.bucket(settings.bucket()).key(key)), key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw S3Failures.translate("cannot read " + key + " from S3", e);
        }
    }

    @Override
    public Optional<Long> size(Sha256 sha256) {
        return head(keyOf(sha256)).map(HeadObjectResponse::contentLength);
    }

    /** S3's DeleteObject succeeds whether or not the key exists, so a HeadObject decides the answer. */
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
            throw S3Failures.translate("cannot delete " + key + " from S3", e);
        }
    }

    /** Lists {@code <keyPrefix>blobs/} page by page; keys that are not blobs are skipped. */
    @Override
    public void forEach(Consumer<StoredBlob> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        String prefix = blobsPrefix();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)).contents()) {
                var name = BLOB_NAME.matcher(object.key().substring(prefix.length()));
                if (name.matches()) {
                    visitor.accept(new StoredBlob(new Sha256(name.group(2)), object.size(), object.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw S3Failures.translate("cannot list " + prefix + " in S3 bucket " + settings.bucket(), e);
        }
    }

    @Override
    public String name() {
        return "blobs-s3";
    }

    /** Whether the bucket that holds sync media answers a HEAD request in time. */
    @Override
    public void check(Duration timeout) {
        S3Failures.headBucket(s3, settings.bucket(), timeout);
    }

    /** Releases the HTTP client. */
    @Override
    public void close() {
        s3.close();
    }

    /** The object key of a blob: {@code <keyPrefix>blobs/<first two hex digits>/<sha256 hex>}. */
    String keyOf(Sha256 sha256) {
        return blobsPrefix() + sha256.hex().substring(0, 2) + "/" + sha256.hex();
    }

    private String blobsPrefix() {
        return settings.keyPrefix() + KEY_FOLDER;
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(settings.bucket()).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Failures.translate("cannot look up " + key + " in S3", e);
        } catch (SdkException e) {
            throw S3Failures.translate("cannot look up " + key + " in S3", e);
        }
    }

    private void upload(String key, Sha256 sha256, Path file, long size, byte[] digest) {
        try {
            s3.putObject(b -> b.bucket(settings.bucket()).key(key)
                            .contentLength(size)
                            .contentType(CONTENT_TYPE)
                            .checksumSHA256(Base64.getEncoder().encodeToString(digest))
                            .metadata(Map.of(SHA256_METADATA, sha256.hex())),
                    RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw S3Failures.translate("cannot store " + key + " in S3", e);
        }
    }

    /**
     * Copies the object onto itself to move its LastModified to now. REPLACE is what makes S3 accept
     * a copy onto itself; the metadata and content type are given again because REPLACE drops them.
     *
     * @return false if the object is gone (deleted since it was looked up)
     */
    private boolean refresh(String key, Sha256 sha256) {
        try {
            s3.copyObject(b -> b.sourceBucket(settings.bucket()).sourceKey(key)
                    .destinationBucket(settings.bucket()).destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE)
                    .contentType(CONTENT_TYPE)
                    .metadata(Map.of(SHA256_METADATA, sha256.hex()))
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw S3Failures.translate("cannot refresh " + key + " in S3", e);
        } catch (SdkException e) {
            throw S3Failures.translate("cannot refresh " + key + " in S3", e);
        }
    }

    /** Copies {@code in} to {@code target}, refusing a wrong size or hash; returns the raw digest. */
    private static byte[] copyVerified(InputStream in, Path target, Sha256 expected, long size) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            return VerifiedCopy.copy(in, out, expected, size);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete the temporary file {}", file, e);
        }
    }
}
