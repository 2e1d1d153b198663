package dev.deckhand.ports.in;

/** The result of an account administration call. */
public enum AccountChange {
    ADDED,
    REMOVED,
    PASSWORD_CHANGED,
    UNCHANGED,
    ALREADY_EXISTS,
    NO_SUCH_USER
}
