package dev.deckhand.ports.in;

/**
 * The server's storage in total.
 *
 * @param users users the server knows (as {@link ServerUsage#users()} lists them)
 * @param collections collection files on disk
 * @param collectionBytes their size with their write-ahead logs
 * @param mediaFiles live media files over all users' ledgers (a file two users hold counts twice)
 * @param mediaReferencedBytes their total size: what the users would take without deduplication
 * @param mediaBlobs distinct contents those files name, each stored once
 * @param mediaStoredBytes the size of those contents
 */
public record StorageTotals(int users, long collections, long collectionBytes, long mediaFiles, long mediaReferencedBytes,
        long mediaBlobs, long mediaStoredBytes) {

    public StorageTotals {
        if (users < 0 || collections < 0 || collectionBytes < 0 || mediaFiles < 0 || mediaReferencedBytes < 0
                || mediaBlobs < 0 || mediaStoredBytes < 0) {
            throw new IllegalArgumentException("storage figures cannot be negative");
        }
    }

    /** Bytes deduplication saves: referenced minus stored. */
    public long deduplicationSavedBytes() {
        return Math.max(0, mediaReferencedBytes - mediaStoredBytes);
    }

    /** Referenced bytes per stored byte; 1 when nothing is stored. */
    public double deduplicationRatio() {
        return mediaStoredBytes == 0 ? 1.0 : (double) mediaReferencedBytes / mediaStoredBytes;
    }
}
