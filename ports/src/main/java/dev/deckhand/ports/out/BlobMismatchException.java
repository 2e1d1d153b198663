package dev.deckhand.ports.out;

/** The bytes given to {@link BlobStore#put} do not match the announced hash or size. Nothing was stored. */
public class BlobMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BlobMismatchException(String message) {
        super(message);
    }
}
