package dev.deckhand.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.shared.DeckId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a request sees while PostgreSQL is down: a StorageException within the pool's timeout. */
class PostgresDatabaseOutageTest {

    @Test
    void whilePostgresIsDown_aCallFailsWithinTheConnectionTimeout() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try (PostgresDatabase database = PostgresDatabase.open(
                new PostgresSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 2))) {
            PostgresSharedMediaCatalog catalog = new PostgresSharedMediaCatalog(database);
            assertThat(catalog.deck(new DeckId("before"))).isEmpty();

            postgres.close();
            long started = System.nanoTime();
            assertThatThrownBy(() -> catalog.deck(new DeckId("during"))).isInstanceOf(StorageException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(PostgresDatabase.CONNECTION_TIMEOUT.plusSeconds(3));
        }
    }
}
