package dev.deckhand.adapter.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.deckhand.ports.out.BuildStamp;
import dev.deckhand.ports.out.NewerSchemaException;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The server's own SQLite database ({@code deckhand.sqlite}): accounts, host keys, media ledgers and
 * the users moved in from another server. The admin command line opens the same file while the
 * server runs, so it uses WAL and waits for locks instead of failing.
 */
public final class ServerDatabase implements AutoCloseable {

    /** Migrations applied in order; the index + 1 is the schema version. */
    private static final List<String> MIGRATIONS =
            List.of("V1__accounts_and_host_keys.sql", "V2__media_ledger.sql", "V3__move_ins.sql", "V4__schema_meta.sql",
                    "V5__account_provenance.sql");

    private final Jdbi jdbi;
    private final HikariDataSource pool;
    private final KeptQueries kept;

    private ServerDatabase(Jdbi jdbi, HikariDataSource pool) {
        this.jdbi = jdbi;
        this.pool = pool;
        this.kept = new KeptQueries(pool);
    }

    /**
     * Opens (creating if needed) the database file, brings its schema up to date and records
     * {@code writer} as the build that wrote it.
     *
     * @throws NewerSchemaException if a newer Deckhand wrote the file; nothing is changed then
     */
    public static ServerDatabase open(Path file, BuildStamp writer) {
        Objects.requireNonNull(writer, "writer");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StorageException("cannot create the folder of " + file, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        // Transactions that read and then write (media USNs) must take the write lock up front;
        // a deferred one would fail with SQLITE_BUSY instead of waiting when another writer won.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        // Every request looks up its host key here; opening a SQLite connection (and running its
        // pragmas) per query cost more than the query, so connections are kept open and reused.
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(source);
        pool.setPoolName("deckhand-server-db");
        pool.setMaximumPoolSize(8);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(30_000);
        HikariDataSource connections = new HikariDataSource(pool);
        ServerDatabase database = new ServerDatabase(Jdbi.create(connections), connections);
        try {
            database.migrate(file.getFileName().toString(), writer);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        return database;
    }

    /** The schema version this build brings a database up to. */
    static int schemaVersion() {
        return MIGRATIONS.size();
    }

    Jdbi jdbi() {
        return jdbi;
    }

    KeptQueries kept() {
        return kept;
    }

    /** Closes the pooled connections. */
    @Override
    public void close() {
        pool.close();
    }

    /** The build recorded as having last written the database, when the schema has that record. */
    private static Optional<String> writtenBy(Handle handle) {
        boolean recorded = handle.createQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'deckhand_schema'")
                .mapTo(Integer.class).one() > 0;
        return recorded
                ? handle.createQuery("SELECT written_by FROM deckhand_schema WHERE id = 1").mapTo(String.class).findOne()
                : Optional.empty();
    }

    private void migrate(String name, BuildStamp writer) {
        try {
            jdbi.useTransaction(handle -> {
                int version = handle.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
                if (version > schemaVersion()) {
                    throw new NewerSchemaException(name, version, writtenBy(handle).orElse("an unknown Deckhand"),
                            schemaVersion(), writer);
                }
                for (int i = version; i < MIGRATIONS.size(); i++) {
                    handle.createScript(resource(MIGRATIONS.get(i))).execute();
                    handle.execute("PRAGMA user_version = " + (i + 1));
                }
                if (!writtenBy(handle).equals(Optional.of(writer.describe()))) {
                    handle.createUpdate("INSERT INTO deckhand_schema (id, schema_version, written_by, written_at) "
                                    + "VALUES (1, :version, :writer, :at) ON CONFLICT (id) DO UPDATE SET "
                                    + "schema_version = excluded.schema_version, written_by = excluded.written_by, "
                                    + "written_at = excluded.written_at")
                            .bind("version", schemaVersion())
                            .bind("writer", writer.describe())
                            .bind("at", Instant.now().toString())
                            .execute();
                }
            });
        } catch (JdbiException e) {
            throw new StorageException("cannot migrate the server database", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ServerDatabase.class.getResourceAsStream("/db/sqlite/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing migration " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
