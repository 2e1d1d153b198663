package dev.deckhand.media.planted;

import java.sql.Connection;
import java.sql.SQLException;

/** Planted violation: a core talking JDBC. */
public final class CoreUsingJdbc {
    public void close(Connection connection) throws SQLException {
        connection.close();
    }
}
