package dev.deckhand.adapter.http;

/** The configured certificate or key file is missing, unreadable, malformed or not a pair. */
public final class InvalidTlsFilesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidTlsFilesException(String message, Throwable cause) {
        super(message, cause);
    }
}
