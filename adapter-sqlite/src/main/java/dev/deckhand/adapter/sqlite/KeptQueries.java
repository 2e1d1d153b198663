package dev.deckhand.adapter.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.sqlite.SQLiteConnection;

/**
 * Queries the server database answers on every request or sync (a host key's owner, a user's media
 * state), compiled once per pooled connection and kept while that connection stays open. Through Jdbi such a lookup compiled
 * its SQL again each time and built a statement context around it: 12 % of a sync's server CPU in a
 * profile of {@code bench/}. Each answer is read in its own transaction, so it sees every change
 * committed before it, by this process or another (the admin command line).
 */
final class KeptQueries {

    /** Reads a value from the current row of a result. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final DataSource pool;
    /**
     * By the driver's connection under the pool's wrapper: the pool closes what is prepared through
     * its wrapper when the connection goes back, and closing a connection closes its statements.
     */
    private final Map<SQLiteConnection, Map<String, PreparedStatement>> kept = new ConcurrentHashMap<>();

    KeptQueries(DataSource pool) {
        this.pool = pool;
    }

    /** The first row {@code sql} selects with {@code key} as its one parameter, if any. */
    <T> Optional<T> first(String sql, String key, Row<T> row) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            PreparedStatement statement = statement(connection.unwrap(SQLiteConnection.class), sql);
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(row.read(result)) : Optional.empty();
            }
        }
    }

    /** Only the thread holding {@code connection} (the pool lends it to one at a time) uses its statements. */
    private PreparedStatement statement(SQLiteConnection connection, String sql) throws SQLException {
        Map<String, PreparedStatement> statements = kept.get(connection);
        if (statements == null) {
            // A new connection: forget those the pool has closed since (it retires idle ones).
            kept.keySet().removeIf(KeptQueries::closed);
            statements = new HashMap<>();
            kept.put(connection, statements);
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private static boolean closed(SQLiteConnection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
