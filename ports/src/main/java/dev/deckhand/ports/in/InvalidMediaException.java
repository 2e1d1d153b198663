package dev.deckhand.ports.in;

/** A media request breaks the protocol's rules; nothing was stored. Answered with 400. */
public class InvalidMediaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidMediaException(String message) {
        super(message);
    }
}
