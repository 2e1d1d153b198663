package dev.deckhand.sync.full;

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

    static String tooLarge(long limitBytes) {
        return "Your collection is too large for this server: uploads must be smaller than "
                + (limitBytes / (1024 * 1024)) + " MiB. The server's administrator can raise MAX_SYNC_PAYLOAD_MEGS.";
    }
}
