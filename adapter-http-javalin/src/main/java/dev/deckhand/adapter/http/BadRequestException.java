package dev.deckhand.adapter.http;

/** The request is malformed (header, compression, JSON); answered with 400 and the message. */
final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }

    BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
