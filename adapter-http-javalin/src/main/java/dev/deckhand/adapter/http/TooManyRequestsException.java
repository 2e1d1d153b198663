package dev.deckhand.adapter.http;

/** A client is over its rate limit: 429, and when to try again. */
final class TooManyRequestsException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    TooManyRequestsException(long retryAfterSeconds, String message) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
