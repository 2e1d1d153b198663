package dev.deckhand.app;

import dev.deckhand.adapter.s3.S3BlobStore;
import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.media.shared.ObjectKeys;
import java.util.Optional;

/**
 * Refuses S3 settings under which one store's objects lie in the other's key space: sync media
 * ({@code <DECKHAND_S3_PREFIX>blobs/}) and shared-deck media ({@code <DECKHAND_SHARED_MEDIA_PREFIX>media/}
 * and {@code incoming/}) in one bucket, where one key space starts with the other. The shared-deck
 * sweep deletes every object under its folders that its catalog does not know, so sync media there
 * would be lost after the grace period (ADR 6).
 */
final class S3KeySpaces {

    private S3KeySpaces() {}

    static void requireDisjoint(Optional<S3Settings> syncMedia, Optional<SharedMediaConfig> sharedMedia) {
        if (syncMedia.isEmpty() || sharedMedia.isEmpty()) {
            return;
        }
        S3Settings sync = syncMedia.get();
        S3Settings shared = sharedMedia.get().objects();
        if (!sync.endpoint().equals(shared.endpoint()) || !sync.bucket().equals(shared.bucket())) {
            return;
        }
        String blobs = sync.keyPrefix() + S3BlobStore.KEY_FOLDER;
        for (String folder : ObjectKeys.FOLDERS) {
            String sharedSpace = shared.keyPrefix() + folder;
            if (blobs.startsWith(sharedSpace) || sharedSpace.startsWith(blobs)) {
                throw new ConfigException("DECKHAND_S3_PREFIX='" + sync.keyPrefix() + "' and DECKHAND_SHARED_MEDIA_PREFIX='"
                        + shared.keyPrefix() + "' overlap in bucket " + sync.bucket() + ": sync media under '" + blobs
                        + "' and shared-deck media under '" + sharedSpace + "' share keys, and the shared-deck sweep would"
                        + " delete sync media; give both the same prefix (e.g. both 'deckhand/') or use separate buckets");
            }
        }
    }
}
