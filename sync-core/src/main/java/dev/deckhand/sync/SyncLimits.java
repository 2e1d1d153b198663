package dev.deckhand.sync;

/**
 * Size limits of collection sync.
 *
 * @param maxCollectionBytes uploads of this size or more are refused, and a stored collection this
 *     large makes {@code meta} force a one-way sync (as the official server does with 3 ×
 *     {@code MAX_SYNC_PAYLOAD_MEGS})
 */
public record SyncLimits(long maxCollectionBytes) {

    public SyncLimits {
        if (maxCollectionBytes <= 0) {
            throw new IllegalArgumentException("maxCollectionBytes must be positive");
        }
    }

    /** The official server's rule: three times the payload limit, in MiB. */
    public static SyncLimits fromPayloadMegabytes(long megabytes) {
        return new SyncLimits(Math.multiplyExact(megabytes, 3L * 1024 * 1024));
    }
}
