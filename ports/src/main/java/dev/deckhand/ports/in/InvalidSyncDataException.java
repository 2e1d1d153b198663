package dev.deckhand.ports.in;

/**
 * The client sent data the collection cannot take (a note of an unknown notetype, a wrong field
 * count, a notetype whose fields changed). The sync is rolled back; clients react to the 400 this
 * becomes by asking the user to check the database.
 */
public class InvalidSyncDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSyncDataException(String message) {
        super(message);
    }
}
