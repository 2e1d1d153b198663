package dev.deckhand.ports.in;

/** A requested media file does not exist (or was deleted). Answered with 409, as clients expect. */
public class MissingMediaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MissingMediaException(String message) {
        super(message);
    }
}
