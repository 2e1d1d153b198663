package dev.deckhand.adapter.postgres;

import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.StorageException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a PostgreSQL that is not answering (a 503, try again) from a query that failed (a 500). */
final class PostgresFailures {

    private PostgresFailures() {}

    /** {@code failure} as the port's exception, saying what could not be done. */
    static StorageException translate(String what, Exception failure) {
        return unreachable(failure)
                ? new BackendUnavailableException("PostgreSQL is not answering, so the server cannot " + what, failure)
                : new StorageException("cannot " + what, failure);
    }

    /**
     * Whether no connection could be had in time (the pool's wait), the connection broke (SQL state
     * class 08), the server is shutting down or starting ({@code 57P01}-{@code 57P03}), or a statement
     * ran past its timeout ({@code 57014}).
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || "57014".equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }
}
