package dev.deckhand.ports.in;

/** A move of a collection between nodes that cannot happen as asked; nothing was changed. */
public class MoveRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MoveRefusedException(String message) {
        super(message);
    }
}
