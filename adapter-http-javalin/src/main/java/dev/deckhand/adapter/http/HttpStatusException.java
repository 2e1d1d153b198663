package dev.deckhand.adapter.http;

/** A request that ends with a specific status and a readable message. */
final class HttpStatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    HttpStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
