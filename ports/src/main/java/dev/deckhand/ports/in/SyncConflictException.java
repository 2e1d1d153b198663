package dev.deckhand.ports.in;

/**
 * Another sync of the same user holds what this call needs (a lock, or a newer session). Clients
 * show "only one copy of Anki can sync to your account at once" and try again later.
 */
public class SyncConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SyncConflictException(String message) {
        super(message);
    }
}
