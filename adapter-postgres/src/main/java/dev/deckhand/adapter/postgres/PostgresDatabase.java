package dev.deckhand.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.deckhand.ports.out.StorageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
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

    /** Connects and migrates the schema (Flyway's lock serialises servers starting together); keeps no metrics. */
    public static PostgresDatabase open(PostgresSettings settings) {
        return open(settings, new CompositeMeterRegistry());
    }

    /**
     * Connects and migrates the schema; the pool reports its connections (active, idle, pending, the
     * time to get one) to {@code metrics} as {@code hikaricp_*} with {@code pool="deckhand-postgres"}.
     */
    public static PostgresDatabase open(PostgresSettings settings, MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxConnections());
        config.setPoolName("deckhand-postgres");
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // Hikari wants the liveness check of a pooled connection shorter than the wait for one.
        config.setValidationTimeout(CONNECTION_TIMEOUT.toMillis() / 2);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
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
