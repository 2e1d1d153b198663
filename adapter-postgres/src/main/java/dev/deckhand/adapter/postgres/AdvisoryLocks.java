package dev.deckhand.adapter.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the advisory locks of {@link PostgresHousekeepingLock} and {@link PostgresContentGuard} share:
 * a key per name, and connections of their own outside the pool (a session-level advisory lock lives
 * as long as its connection, so it must never go back to a pool still held).
 */
final class AdvisoryLocks {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLocks.class);
    /** How long opening a lock's connection, or one lock statement, may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private AdvisoryLocks() {}

    /** The advisory lock key of a name: the same on every node and every run, and apart from other names. */
    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("deckhand housekeeping lock " + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A connection of its own, named {@code application} in {@code pg_stat_activity}. */
    static Connection connect(PostgresSettings settings, String application) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("connectTimeout", Long.toString(TIMEOUT.toSeconds()));
        properties.setProperty("loginTimeout", Long.toString(TIMEOUT.toSeconds()));
        // The connection sits idle while the lock is held; keep-alives notice a peer that vanished.
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", application);
        return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }

    /** Runs a one-value lock function such as {@code SELECT pg_try_advisory_lock(?)} on {@code key}. */
    static boolean call(Connection connection, String query, long key, Duration timeout) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                // pg_advisory_lock and its shared form return void (an empty value): they succeeded.
                return !(result.getObject(1) instanceof Boolean answer) || answer;
            }
        }
    }

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing a lock connection failed; PostgreSQL drops its locks with it", e);
            }
        }
    }
}
