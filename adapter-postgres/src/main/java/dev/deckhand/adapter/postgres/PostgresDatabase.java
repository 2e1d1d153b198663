package dev.deckhand.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.deckhand.ports.out.BuildStamp;
import dev.deckhand.ports.out.NewerSchemaException;
import dev.deckhand.ports.out.StorageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * A connection pool to PostgreSQL with the schema migrated to the newest version on open, and the
 * schema version and the build that wrote it recorded in {@code deckhand_schema}.
 */
public final class PostgresDatabase implements AutoCloseable {

    /**
     * The longest a request waits for a connection. Hikari's default, 30 s, held every API call for
     * 30 s while PostgreSQL was down (and a server thread with it). The catalog's statements take
     * milliseconds, so a wait past 1.5 s means the database is down or swamped, and a 503 the client
     * can retry, answered within the 2 s a client or monitor allows, serves it better.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(1500);

    /** How long opening a TCP connection to PostgreSQL may take; a silent host fails after this. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * The longest one statement may run. The catalog's statements touch a few thousand rows at most
     * and finish in milliseconds; one still running after this is stuck behind a lock or a failing disk.
     */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How long a connection waits for any byte from PostgreSQL before it is given up: longer than the
     * statement timeout, so that only a silent server (not a slow statement) trips it.
     */
    static final Duration SOCKET_TIMEOUT = STATEMENT_TIMEOUT.plusSeconds(15);

    /** The version {@code db/postgres} migrates to: the number of its newest migration. */
    static final int SCHEMA_VERSION = 6;

    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private PostgresDatabase(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /** {@link #open(PostgresSettings, BuildStamp, MeterRegistry)}, keeping no metrics. */
    public static PostgresDatabase open(PostgresSettings settings, BuildStamp writer) {
        return open(settings, writer, new CompositeMeterRegistry());
    }

    /**
     * Connects, migrates the schema (Flyway's lock serialises servers starting together) and records
     * {@code writer} as the build that wrote it. The pool reports its connections (active, idle,
     * pending, the time to get one) to {@code metrics} as {@code hikaricp_*} with
     * {@code pool="deckhand-postgres"}.
     *
     * @throws NewerSchemaException if a newer Deckhand wrote the catalog; nothing is changed then
     */
    public static PostgresDatabase open(PostgresSettings settings, BuildStamp writer, MeterRegistry metrics) {
        Objects.requireNonNull(writer, "writer");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxConnections());
        config.setPoolName("deckhand-postgres");
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // Hikari wants the liveness check of a pooled connection shorter than the wait for one.
        config.setValidationTimeout(CONNECTION_TIMEOUT.toMillis() / 2);
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("options", "-c statement_timeout=" + STATEMENT_TIMEOUT.toMillis());
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to PostgreSQL at " + settings.jdbcUrl(), e);
        }
        try {
            refuseNewerSchema(Jdbi.create(pool), writer);
            Flyway.configure().dataSource(pool).locations("classpath:db/postgres").load().migrate();
            record(Jdbi.create(pool), writer);
        } catch (FlywayException | JdbiException e) {
            pool.close();
            throw new StorageException("cannot migrate the PostgreSQL schema", e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresDatabase(pool);
    }

    private static void refuseNewerSchema(Jdbi jdbi, BuildStamp reader) {
        jdbi.useHandle(handle -> {
            Optional<Recorded> recorded = recorded(handle);
            if (recorded.isPresent() && recorded.get().schemaVersion() > SCHEMA_VERSION) {
                throw new NewerSchemaException("the PostgreSQL catalog", recorded.get().schemaVersion(),
                        recorded.get().writtenBy(), SCHEMA_VERSION, reader);
            }
        });
    }

    private static void record(Jdbi jdbi, BuildStamp writer) {
        jdbi.useHandle(handle -> {
            if (!recorded(handle).equals(Optional.of(new Recorded(SCHEMA_VERSION, writer.describe())))) {
                handle.createUpdate("INSERT INTO deckhand_schema (id, schema_version, written_by, written_at) "
                                + "VALUES (1, :version, :writer, now()) ON CONFLICT (id) DO UPDATE SET "
                                + "schema_version = excluded.schema_version, written_by = excluded.written_by, "
                                + "written_at = excluded.written_at")
                        .bind("version", SCHEMA_VERSION)
                        .bind("writer", writer.describe())
                        .execute();
            }
        });
    }

    private static Optional<Recorded> recorded(Handle handle) {
        boolean exists = handle.createQuery("SELECT to_regclass('deckhand_schema') IS NOT NULL").mapTo(Boolean.class).one();
        if (!exists) {
            return Optional.empty();
        }
        return handle.createQuery("SELECT schema_version, written_by FROM deckhand_schema WHERE id = 1")
                .map((rs, ctx) -> new Recorded(rs.getInt(1), rs.getString(2)))
                .findOne();
    }

    private record Recorded(int schemaVersion, String writtenBy) {}

    Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        pool.close();
    }
}
