package dev.deckhand.ports.out;

import dev.deckhand.ports.model.Sha256;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * File contents stored once, addressed by their SHA-256 (local disk by default, S3 in production).
 * The store never trusts a caller's hash: {@link #put} hashes what it receives and refuses a
 * mismatch. Writes are atomic: a blob is either absent or complete.
 */
public interface BlobStore {

    /**
     * Stores the bytes under {@code sha256} unless a blob is there already, in which case its
     * last-used time is refreshed (so a sweep's grace period protects it).
     *
     * @param size the exact number of bytes {@code content} yields
     * @throws BlobMismatchException if the bytes do not hash to {@code sha256} or have another size
     */
    void put(Sha256 sha256, InputStream content, long size);

    boolean exists(Sha256 sha256);

    /** The blob's bytes; empty if there is no such blob. The caller closes the stream. */
    Optional<InputStream> open(Sha256 sha256);

    Optional<Long> size(Sha256 sha256);

    /** Removes the blob; false if there was none. */
    boolean delete(Sha256 sha256);

    /** Calls {@code visitor} for every stored blob with its last-used time (for housekeeping). */
    void forEach(Consumer<StoredBlob> visitor);

    /** A blob's address and when it was last written or refreshed. */
    record StoredBlob(Sha256 sha256, long size, Instant lastUsed) {}
}
