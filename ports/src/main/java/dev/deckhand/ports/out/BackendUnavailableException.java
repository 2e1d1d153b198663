package dev.deckhand.ports.out;

/**
 * A backend the request needs is not answering: down, unreachable, or slower than its timeout.
 * Nothing was changed; the same request may succeed once the backend is back, so the HTTP layer
 * answers 503 with {@code Retry-After} instead of 500. The message names the backend and why, never
 * a secret.
 */
public class BackendUnavailableException extends StorageException {

    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BackendUnavailableException(String message) {
        super(message);
    }
}
