package dev.deckhand.adapter.http;

/** The server as a whole is at its limit of concurrent requests: 503, and when to try again. */
final class ServerBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    ServerBusyException(long retryAfterSeconds, String message) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
