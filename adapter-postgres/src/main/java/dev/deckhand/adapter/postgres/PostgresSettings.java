package dev.deckhand.adapter.postgres;

import java.util.Objects;

/**
 * How to reach PostgreSQL. {@link #toString()} never shows the password.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/deckhand}
 * @param user the role to connect as
 * @param password its password
 * @param maxConnections the pool size
 */
public record PostgresSettings(String jdbcUrl, String user, String password, int maxConnections) {

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("the JDBC URL must start with jdbc:postgresql://");
        }
        if (maxConnections < 1 || maxConnections > 200) {
            throw new IllegalArgumentException("the pool holds 1 to 200 connections");
        }
    }

    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=[redacted], maxConnections="
                + maxConnections + "]";
    }
}
