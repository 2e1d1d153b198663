package dev.deckhand.ports.in.decks;

/** A shared-media request the service refuses as a whole; {@link #kind()} says how to answer it. */
public final class SharedMediaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The user may not do this in this deck. */
        FORBIDDEN,
        /** No such deck (or file). */
        NOT_FOUND,
        /** The request is malformed or asks for too much at once. */
        INVALID
    }

    private final Kind kind;

    public SharedMediaException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
