package dev.deckhand.adapter.postgres;

import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** One port call on one pooled connection, its failure translated to the port's exception. */
final class PostgresCalls {

    private PostgresCalls() {}

    /** {@code work} on a connection of its own, each statement committed as it runs. */
    static <T> T onHandle(Jdbi jdbi, String what, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw PostgresFailures.translate(what, e);
        }
    }

    /** {@code work} in one transaction, committed if it returns and rolled back if it throws. */
    static <T> T inTransaction(Jdbi jdbi, String what, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(work);
        } catch (JdbiException e) {
            throw PostgresFailures.translate(what, e);
        }
    }
}
