package dev.deckhand.media.sync;

/** Texts Anki shows its user when the server refuses a media upload. */
final class MediaMessages {

    private static final long MEBIBYTE = 1024 * 1024;

    private MediaMessages() {}

    static String diskFull() {
        return "The sync server is out of disk space, so it cannot take new media now. Your files are safe on this "
                + "device; sync again later, or tell the server's administrator.";
    }

    static String quotaFull(long usedBytes, long quotaBytes) {
        return "Your media on the sync server uses " + mebibytes(usedBytes) + " of your " + mebibytes(quotaBytes)
                + " limit, so new files are not taken. Delete unused media (Tools > Check Media), then sync again.";
    }

    static String quotaExceeded(long afterBytes, long quotaBytes) {
        return "These media files would take your media on the sync server to " + mebibytes(afterBytes)
                + ", past your " + mebibytes(quotaBytes) + " limit. Delete unused media (Tools > Check Media), then"
                + " sync again.";
    }

    private static String mebibytes(long bytes) {
        return (bytes + MEBIBYTE - 1) / MEBIBYTE + " MiB";
    }
}
