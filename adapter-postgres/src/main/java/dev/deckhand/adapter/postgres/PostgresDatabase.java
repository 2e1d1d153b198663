package dev.deckhand.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.deckhand.ports.out.StorageException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/** A connection pool to PostgreSQL with the schema migrated to the newest version on open. */
public final class PostgresDatabase implements AutoCloseable {

    /**
     * The longest a request waits for a connection. Hikari's default, 30 s, held every API call for
     * 30 s while PostgreSQL was down (and a server thread with it); past a few seconds the database
     * is down or swamped, and a prompt 500 the client can retry serves it better.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private PostgresDatabase(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /** Connects and migrates the schema (Flyway's lock serialises servers starting together). */
    public static PostgresDatabase open(PostgresSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxConnections());
        config.setPoolName("deckhand-postgres");
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // Hikari wants the liveness check of a pooled connection shorter than the wait for one.
        config.setValidationTimeout(CONNECTION_TIMEOUT.toMillis() / 2);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to PostgreSQL at " + settings.jdbcUrl(), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/postgres").load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StorageException("cannot migrate the PostgreSQL schema", e);
        }
        return new PostgresDatabase(pool);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        pool.close();
    }
}
