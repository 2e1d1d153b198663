package dev.deckhand.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.out.BuildStamp;
import dev.deckhand.ports.out.NewerSchemaException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog records its schema version and writer, and an older build refuses a newer catalog. */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
class PostgresSchemaVersionTest {

    private static final BuildStamp OLD = new BuildStamp("0.2.0", "aaaaaaa");
    private static final BuildStamp NEW = new BuildStamp("0.3.0", "bbbbbbb");

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    private static PostgresSettings settings() {
        return EmbeddedPostgresSettings.of(postgres, 2);
    }

    private static Jdbi direct() {
        return Jdbi.create(postgres.getJdbcUrl("postgres", "postgres"));
    }

    private static String text(String sql) {
        return direct().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    @Test
    void theSchemaVersion_isTheNumberOfTheNewestMigration_andOpeningAppliesThemAll() throws IOException, URISyntaxException {
        int newest = newest(Path.of(PostgresSchemaVersionTest.class.getResource("/db/postgres").toURI()));

        assertThat(PostgresDatabase.SCHEMA_VERSION).isEqualTo(newest);
        try (PostgresDatabase database = PostgresDatabase.open(settings(), OLD)) {
            assertThat(text("SELECT max(version::int)::text FROM flyway_schema_history WHERE success")).isEqualTo(Integer.toString(newest));
        }
    }

    private static int newest(Path migrations) throws IOException {
        try (Stream<Path> files = Files.list(migrations)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V[0-9]+__.+\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max().orElseThrow();
        }
    }

    @Test
    void opening_recordsTheSchemaVersionAndTheBuildThatWroteIt() {
        try (PostgresDatabase database = PostgresDatabase.open(settings(), OLD)) {
            assertThat(text("SELECT schema_version || ' ' || written_by FROM deckhand_schema"))
                    .isEqualTo(PostgresDatabase.SCHEMA_VERSION + " Deckhand 0.2.0 (commit aaaaaaa)");
        }
        try (PostgresDatabase database = PostgresDatabase.open(settings(), NEW)) {
            assertThat(text("SELECT written_by FROM deckhand_schema"))
                    .isEqualTo("Deckhand 0.3.0 (commit bbbbbbb)");
        }
    }

    @Test
    void anOlderBuild_refusesACatalogWithANewerSchema_andChangesNothing() {
        try (PostgresDatabase database = PostgresDatabase.open(settings(), OLD)) {
            direct().useHandle(h -> h.execute(
                    "UPDATE deckhand_schema SET schema_version = 99, written_by = 'Deckhand 9.0.0 (commit fffffff)'"));
        }
        try {
            assertThatThrownBy(() -> PostgresDatabase.open(settings(), OLD))
                    .isInstanceOf(NewerSchemaException.class)
                    .hasMessage("the PostgreSQL catalog has schema version 99, written by Deckhand 9.0.0 (commit fffffff);"
                            + " Deckhand 0.2.0 (commit aaaaaaa) knows schema versions up to " + PostgresDatabase.SCHEMA_VERSION
                            + ": run that newer Deckhand, or restore a backup made by this one");
            assertThat(text("SELECT schema_version FROM deckhand_schema")).isEqualTo("99");
        } finally {
            direct().useHandle(h -> h.execute("UPDATE deckhand_schema SET schema_version = " + PostgresDatabase.SCHEMA_VERSION));
        }
    }
}
