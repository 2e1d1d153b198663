package dev.deckhand.ports.out;

import java.io.IOException;

/**
 * Room on the disk that holds the data folder. Uploads are refused before they start when writing
 * them would eat into the reserve that the server database, logs and normal syncs need; a write
 * that fails anyway because the disk filled meanwhile is recognised by {@link #isDiskFull}.
 */
public interface DiskSpace {

    /** Whether {@code bytes} more can be written and the reserve still be free. */
    boolean hasRoomFor(long bytes);

    /** Whether {@code failure} (or a cause of it) is a write refused for lack of disk space or quota. */
    static boolean isDiskFull(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (cause instanceof IOException && message != null
                    && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
