package dev.deckhand.adapter.sqlite;

import dev.deckhand.ports.out.BackendProbe;
import dev.deckhand.ports.out.BackendUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether the server database ({@code deckhand.sqlite}) takes writes: on its own connection it takes
 * the write lock ({@code BEGIN IMMEDIATE}) and lets go without changing anything. It waits for a
 * busy writer no longer than the timeout. Before the server first created the file, it checks that
 * the folder it will be created in is writable.
 */
public final class ServerDatabaseProbe implements BackendProbe {

    public static final String NAME = "server-database";

    private final Path file;

    public ServerDatabaseProbe(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void check(Duration timeout) {
        if (!Files.exists(file)) {
            if (!Files.isWritable(file.getParent())) {
                throw new BackendUnavailableException(file.getParent() + " is not writable, so " + file.getFileName()
                        + " cannot be created");
            }
            return;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + Math.max(1, timeout.toMillis()));
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            throw new BackendUnavailableException(file.getFileName() + " does not take writes: " + e.getMessage(), e);
        }
    }
}
