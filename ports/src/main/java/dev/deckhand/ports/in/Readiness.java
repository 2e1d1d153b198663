package dev.deckhand.ports.in;

/**
 * Whether the server can serve requests now: every backend it is configured with answered. Cheap to
 * call often (answers are reused for a moment) and bounded in time even when a backend is silent.
 */
public interface Readiness {

    /** The current answer of every configured backend. */
    ReadinessReport check();
}
