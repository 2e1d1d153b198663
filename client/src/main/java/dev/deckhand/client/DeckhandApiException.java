package dev.deckhand.client;

import java.util.Optional;

/**
 * The API answered a call with a status other than 2xx (after any retries): 400 a request the server
 * finds invalid, 401 an unknown or revoked token or a wrong password, 403 a missing role, 404 an
 * unknown deck, 429 or 5xx when retrying did not help. The server's problem details are kept: its
 * explanation, the problem type and the request id to look up in its log.
 */
public final class DeckhandApiException extends RuntimeException {

    private final int status;
    private final String serverMessage;
    private final Optional<String> problemType;
    private final Optional<String> requestId;

    public DeckhandApiException(String call, int status, String serverMessage, Optional<String> problemType,
            Optional<String> requestId) {
        super(call + " answered HTTP " + status + (serverMessage.isEmpty() ? "" : ": " + serverMessage)
                + requestId.map(id -> " (request " + id + ")").orElse(""));
        this.status = status;
        this.serverMessage = serverMessage;
        this.problemType = problemType;
        this.requestId = requestId;
    }

    public int status() {
        return status;
    }

    /** The server's own explanation (the problem's {@code detail}, or an excerpt of another body), or empty. */
    public String serverMessage() {
        return serverMessage;
    }

    /** The problem type, such as {@code tag:deckhand,2026:problem:forbidden}, when the server sent problem details. */
    public Optional<String> problemType() {
        return problemType;
    }

    /** The id the server gave the request ({@code requestId}, or the {@code x-request-id} header), for its log. */
    public Optional<String> requestId() {
        return requestId;
    }
}
