package dev.deckhand.adapter.postgres;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.decks.DeckId;
import dev.deckhand.ports.model.decks.MediaName;
import dev.deckhand.ports.model.decks.ReferenceHolder;
import dev.deckhand.ports.model.decks.SharedDeck;
import dev.deckhand.ports.model.decks.StoredMedia;
import dev.deckhand.ports.out.decks.SharedMediaCatalog;
import dev.deckhand.ports.testing.SharedMediaCatalogContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog against a real PostgreSQL 18 (embedded binaries, started by the test): the whole
 * {@link SharedMediaCatalogContract}, plus what only a database has (migrations, rows, locking).
 */
class PostgresSharedMediaCatalogTest extends SharedMediaCatalogContract {

    private static EmbeddedPostgres postgres;
    private static PostgresDatabase database;
    private static PostgresSharedMediaCatalog catalog;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        database = PostgresDatabase.open(settings(), STAMP);
        catalog = new PostgresSharedMediaCatalog(database);
    }

    private static PostgresSettings settings() {
        return EmbeddedPostgresSettings.of(postgres, 8);
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
        postgres.close();
    }

    @Override
    protected SharedMediaCatalog newCatalog() {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE shared_decks, stored_media_files CASCADE"));
        return catalog;
    }

    @Override
    protected void corruptCount(Sha256 file, int count) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE stored_media_files SET reference_count = ? WHERE hash = ?")
                .bind(0, count).bind(1, file.hex())
                .execute());
    }

    private static int queryInt(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    @Test
    void reopeningMigratesNothingAndKeepsTheData() {
        try (PostgresDatabase again = PostgresDatabase.open(settings(), STAMP)) {
            assertThat(new PostgresSharedMediaCatalog(again).deck(BIOLOGY)).contains(new SharedDeck(BIOLOGY, "Biology", 1 << 30));
        }
    }

    @Test
    void aFileTwoDecksUse_isOneRow() {
        StoredMedia heart = file("heart");
        upload(BIOLOGY, "heart.webp", heart.sha256(), heart, NOW);
        catalog.mapName(MEDICINE, name("cardio.webp"), heart.sha256(), NOW, NO_GRACE);

        assertThat(queryInt("SELECT count(*) FROM stored_media_files")).isEqualTo(1);
        assertThat(queryInt("SELECT count(*) FROM deck_media")).isEqualTo(2);
    }

    @Test
    void manyConcurrentReferenceChangesAcrossDecksLeaveEveryCountRight() throws Exception {
        List<DeckId> decks = IntStream.range(0, 4).mapToObj(i -> new DeckId("deck-" + i)).toList();
        List<StoredMedia> files = IntStream.range(0, 20).mapToObj(i -> file("shared " + i)).toList();
        for (DeckId deck : decks) {
            catalog.createDeck(new SharedDeck(deck, deck.value(), 1 << 30), ALICE);
            for (int i = 0; i < files.size(); i++) {
                upload(deck, "f" + i + ".webp", files.get(i).sha256(), files.get(i), NOW);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int worker = 0; worker < 8; worker++) {
            int seed = worker;
            work.add(pool.submit(() -> {
                Random random = new Random(seed);
                for (int step = 0; step < 60; step++) {
                    DeckId deck = decks.get(random.nextInt(decks.size()));
                    Set<MediaName> names = random.ints(random.nextInt(6), 0, files.size())
                            .mapToObj(i -> name("f" + i + ".webp")).collect(Collectors.toSet());
                    // A grace period keeps the shared files alive while their counts swing through zero.
                    catalog.setReferences(deck, ReferenceHolder.note(random.nextInt(10)), names, NOW, GRACE);
                }
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : work) {
            f.get();
        }

        assertThat(catalog.repairCounts()).as("counts kept in step under concurrency").isZero();
        assertThat(queryInt("SELECT COALESCE(SUM(reference_count), 0) FROM stored_media_files"))
                .isEqualTo(queryInt("SELECT count(*) FROM media_references"));
    }
}
