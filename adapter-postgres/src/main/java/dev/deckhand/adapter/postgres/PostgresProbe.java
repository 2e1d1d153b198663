package dev.deckhand.adapter.postgres;

import dev.deckhand.ports.out.BackendProbe;
import dev.deckhand.ports.out.BackendUnavailableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Whether PostgreSQL answers: on a connection of its own (not one of the pool's, so it works before
 * the server opened the catalog and never waits behind busy requests) it runs {@code SELECT 1},
 * with the connect, socket and statement timeouts all set to the check's timeout.
 */
public final class PostgresProbe implements BackendProbe {

    private final PostgresSettings settings;

    public PostgresProbe(PostgresSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void check(Duration timeout) {
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("connectTimeout", Integer.toString(seconds));
        properties.setProperty("loginTimeout", Integer.toString(seconds));
        properties.setProperty("socketTimeout", Integer.toString(seconds));
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), properties);
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(seconds);
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw new BackendUnavailableException("PostgreSQL does not answer: " + e.getMessage(), e);
        }
    }
}
