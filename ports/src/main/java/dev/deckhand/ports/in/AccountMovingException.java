package dev.deckhand.ports.in;

/**
 * The account's collection is being moved to another node of the cluster right now. Nothing was
 * read or changed; the client should try again in a little while (a move takes seconds), and will
 * then be sent to the new node.
 */
public class AccountMovingException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public AccountMovingException(long retryAfterSeconds) {
        super("this account is being moved to another server; sync again in a minute");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
