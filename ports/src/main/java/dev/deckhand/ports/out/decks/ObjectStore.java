package dev.deckhand.ports.out.decks;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.decks.PresignedRequest;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Objects by key in an S3-compatible store, including requests that clients make directly with
 * pre-signed URLs. Keys are made by the service (never from client input) and contain only
 * {@code [a-z0-9/._-]} ({@link ObjectStoreChecks}). Failures are {@link dev.deckhand.ports.out.BlobStoreException}.
 */
public interface ObjectStore {

    /**
     * A PUT of exactly {@code size} bytes whose SHA-256 is {@code sha256} to {@code key}, valid for
     * {@code ttl}. The store refuses a body of another length or checksum, and any other key.
     */
    PresignedRequest presignUpload(String key, long size, Sha256 sha256, String contentType, Duration ttl);

    /** A GET of {@code key}, valid for {@code ttl}. */
    PresignedRequest presignDownload(String key, Duration ttl);

    /** The object's size, or empty if there is no such object. */
    Optional<Long> size(String key);

    /** Reads the object; empty if there is no such object. The caller closes the stream. */
    Optional<InputStream> open(String key);

    /** Stores a local file under {@code key} (replacing any object there), with its checksum checked by the store. */
    void upload(String key, Path file, Sha256 sha256, String contentType);

    /** Deletes the object; false if there was none. */
    boolean delete(String key);

    /** Every object whose key starts with {@code prefix}, in key order. */
    void forEach(String prefix, Consumer<StoredObject> visitor);

    /** One listed object. */
    record StoredObject(String key, long size, Instant lastModified) {}
}
