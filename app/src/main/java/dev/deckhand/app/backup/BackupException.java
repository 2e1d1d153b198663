package dev.deckhand.app.backup;

/** A backup, restore or verification cannot go on; the message says what to do. */
public final class BackupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
