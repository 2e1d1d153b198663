package dev.deckhand.ports.out;

/** The blob store failed (disk, network, object store). Carries the vendor cause. */
public class BlobStoreException extends StorageException {

    private static final long serialVersionUID = 1L;

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
