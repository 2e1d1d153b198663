package dev.deckhand.adapter.postgres;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.decks.DeckId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.out.BackendUnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a request and the readiness probe see while PostgreSQL is down: a
 * {@link BackendUnavailableException} within the pool's short wait, not a generic failure after 30 s.
 */
class PostgresDatabaseOutageTest {

    @Test
    void whilePostgresIsDown_aCallFailsAsUnavailableWithinTheConnectionTimeout() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        PostgresSettings settings = EmbeddedPostgresSettings.of(postgres, 2);
        PostgresProbe probe = new PostgresProbe(settings);
        try (PostgresDatabase database = PostgresDatabase.open(settings, STAMP)) {
            PostgresSharedMediaCatalog catalog = new PostgresSharedMediaCatalog(database);
            assertThat(catalog.deck(new DeckId("before"))).isEmpty();
            assertThatCode(() -> probe.check(Duration.ofSeconds(1))).doesNotThrowAnyException();

            postgres.close();
            long started = System.nanoTime();
            assertThatThrownBy(() -> catalog.deck(new DeckId("during")))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("PostgreSQL is not answering");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).isLessThan(PostgresDatabase.CONNECTION_TIMEOUT.plusSeconds(1));

            UserId alice = new UserId("alice");
            assertThatThrownBy(() -> new PostgresMediaLedger(database).apply(alice, List.of(), 1))
                    .isInstanceOf(BackendUnavailableException.class);
            assertThatThrownBy(() -> new PostgresPlacements(database).placeIfAbsent(alice, new NodeId("node-a")))
                    .isInstanceOf(BackendUnavailableException.class);
            assertThatThrownBy(() -> new PostgresHousekeepingLock(settings).tryAcquire("blob-sweep"))
                    .isInstanceOf(BackendUnavailableException.class);

            long probed = System.nanoTime();
            assertThatThrownBy(() -> probe.check(Duration.ofSeconds(1)))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageStartingWith("PostgreSQL does not answer")
                    .hasMessageNotContaining("postgres\"")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(settings.password() + "@"));
            assertThat(Duration.ofNanos(System.nanoTime() - probed)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
