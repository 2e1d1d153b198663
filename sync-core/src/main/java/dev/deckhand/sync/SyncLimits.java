package dev.deckhand.sync;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Size limits of collection sync.
 *
 * @param maxCollectionBytes uploads of this size or more are refused, and a stored collection this
 *     large makes {@code meta} force a one-way sync (as the official server does with 3 ×
 *     {@code MAX_SYNC_PAYLOAD_MEGS})
 * @param raisedBy the setting an administrator changes to raise the limit, named in the refusal
 */
public record SyncLimits(long maxCollectionBytes, String raisedBy) {

    public SyncLimits {
        if (maxCollectionBytes <= 0) {
            throw new IllegalArgumentException("maxCollectionBytes must be positive");
        }
        Objects.requireNonNull(raisedBy, "raisedBy");
    }

    /** The official server's rule: three times the payload limit, in MiB. */
    public static SyncLimits fromPayloadMegabytes(long megabytes) {
        return new SyncLimits(Math.multiplyExact(megabytes, 3L * 1024 * 1024), "MAX_SYNC_PAYLOAD_MEGS");
    }

    /** Three times the payload limit, or a per-user collection quota when that is smaller. */
    public static SyncLimits of(long payloadMegabytes, OptionalLong collectionQuotaBytes) {
        SyncLimits payload = fromPayloadMegabytes(payloadMegabytes);
        if (collectionQuotaBytes.isPresent() && collectionQuotaBytes.getAsLong() < payload.maxCollectionBytes()) {
            return new SyncLimits(collectionQuotaBytes.getAsLong(), "DECKHAND_COLLECTION_QUOTA_MB");
        }
        return payload;
    }
}
