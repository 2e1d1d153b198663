package dev.deckhand.ports.out;

/** A storage backend failed (disk, database, object store). Carries the vendor cause. */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
