package dev.deckhand.adapter.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Makes a server database look as if a newer Deckhand had written it. */
final class FutureSchema {

    private FutureSchema() {}

    static void write(Path file, int version, String writtenBy) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE deckhand_schema SET schema_version = " + version + ", written_by = '" + writtenBy + "'");
            statement.execute("PRAGMA user_version = " + version);
        }
    }
}
