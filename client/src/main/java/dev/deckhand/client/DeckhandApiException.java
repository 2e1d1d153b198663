package dev.deckhand.client;

/**
 * The API answered a call with a status other than 2xx (after any retries): 400 a request the server
 * finds invalid, 401 an unknown or revoked token, 403 a missing role, 404 an unknown deck, 429 or
 * 5xx when retrying did not help.
 */
public final class DeckhandApiException extends RuntimeException {

    private final int status;
    private final String serverMessage;

    public DeckhandApiException(String call, int status, String serverMessage) {
        super(call + " answered HTTP " + status + (serverMessage.isEmpty() ? "" : ": " + serverMessage));
        this.status = status;
        this.serverMessage = serverMessage;
    }

    public int status() {
        return status;
    }

    /** The server's own explanation (its plain-text error body, trimmed), or empty. */
    public String serverMessage() {
        return serverMessage;
    }
}
