package dev.deckhand.sync.full;

import dev.deckhand.sync.SyncLimits;

/**
 * Texts the client shows verbatim when a full upload is refused (the protocol sends them as the
 * body of a 200 response).
 */
final class UploadMessages {

    private UploadMessages() {}

    static String corrupt(String detail) {
        return "Your upload was refused because the collection file is damaged (" + detail + "). "
                + "Please use Tools > Check Database, then sync again, or restore from a backup.";
    }

    static String tooLarge(SyncLimits limits) {
        return "Your collection is too large for this server: uploads must be smaller than "
                + (limits.maxCollectionBytes() / (1024 * 1024)) + " MiB. The server's administrator can raise "
                + limits.raisedBy() + ".";
    }

    static String diskFull() {
        return "The sync server is out of disk space, so it cannot take your collection now. Nothing was changed "
                + "on the server or on this device; sync again later, or tell the server's administrator.";
    }
}
