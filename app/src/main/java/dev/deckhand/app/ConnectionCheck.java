package dev.deckhand.app;

import java.util.Objects;

/**
 * One backend connection {@code deckhand config check} tries: what it is, for the report, and an
 * attempt that returns when the connection works and throws, with a reason, when it does not.
 */
record ConnectionCheck(String what, Runnable attempt) {

    ConnectionCheck {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(attempt, "attempt");
    }
}
