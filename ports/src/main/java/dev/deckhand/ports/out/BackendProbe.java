package dev.deckhand.ports.out;

import java.time.Duration;

/**
 * One backend the server needs, asked whether it answers now: the readiness check runs one probe
 * per configured backend. A probe changes nothing the server keeps (at most it writes and removes
 * a file of its own), is safe to call from several threads, and gives up after about
 * {@code timeout}.
 */
public interface BackendProbe {

    /** A short stable name shown in the readiness answer, e.g. {@code server-database}, {@code postgres}. */
    String name();

    /**
     * Returns when the backend answered as the server needs it to.
     *
     * @throws BackendUnavailableException saying what failed, without secrets
     */
    void check(Duration timeout);
}
