package dev.deckhand.adapter.http;

import java.util.Locale;

/**
 * What went wrong with a request, in words that do not depend on who asked. {@link HttpErrors}
 * alone turns a problem into a status and a body for the request's {@link RouteFamily}; on
 * {@code /api/v1} the problem is the RFC 9457 problem type.
 */
enum Problem {
    INVALID_REQUEST("The request is malformed or asks for something impossible"),
    /** No credentials were presented: no bearer token, no host key. */
    TOKEN_REQUIRED("Sign-in required"),
    /** A token or host key was presented but is unknown, revoked or expired. */
    INVALID_TOKEN("Unknown or revoked token"),
    /** A sign-in with a user name and password that do not match. */
    WRONG_CREDENTIALS("Unknown user or wrong password"),
    /** The sign-in backend wants something done first (a new password, say). */
    SIGN_IN_NEEDS_ACTION("Sign-in needs another step first"),
    /** Signed in, but not allowed this (a deck role, an address). */
    FORBIDDEN("Not allowed"),
    NOT_FOUND("Not found"),
    REQUEST_TIMEOUT("The request body came too slowly"),
    /** Another sync session holds the collection, or a file asked for is gone. */
    CONFLICT("Conflict with the current state"),
    TOO_LARGE("Request body too large"),
    RATE_LIMITED("Too many requests"),
    SERVER_ERROR("Internal server error"),
    CLIENT_TOO_OLD("Client too old"),
    SERVER_BUSY("The server is at its limit of requests"),
    /** The account's collection is being moved to another node of the cluster. */
    ACCOUNT_MOVING("The account is being moved to another server"),
    /** PostgreSQL, S3, the directory or Cognito did not answer: nothing was done. */
    BACKEND_UNAVAILABLE("A backend is not answering");

    /** Prefix of every problem type URI: an identifier (RFC 4151 tag), not a page to fetch. */
    static final String TYPE_PREFIX = "tag:deckhand,2026:problem:";

    private final String title;

    Problem(String title) {
        this.title = title;
    }

    /** The RFC 9457 {@code title}: the same for every occurrence of this problem. */
    String title() {
        return title;
    }

    /** The RFC 9457 {@code type}, such as {@code tag:deckhand,2026:problem:invalid-token}. */
    String type() {
        return TYPE_PREFIX + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
