package dev.deckhand.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.shared.DeckId;
import dev.deckhand.ports.shared.DeckMedia;
import dev.deckhand.ports.shared.DeckRole;
import dev.deckhand.ports.shared.MediaKind;
import dev.deckhand.ports.shared.MediaName;
import dev.deckhand.ports.shared.MediaQuery;
import dev.deckhand.ports.shared.ReferenceHolder;
import dev.deckhand.ports.shared.SharedDeck;
import dev.deckhand.ports.shared.StoredMedia;
import dev.deckhand.ports.shared.UploadTicket;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog against a real PostgreSQL 18 (embedded binaries, started by the test). */
class PostgresSharedMediaCatalogTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration NO_GRACE = Duration.ZERO;
    private static final Duration GRACE = Duration.ofHours(1);
    private static final UserId ALICE = new UserId("alice");
    private static final DeckId BIOLOGY = new DeckId("biology");
    private static final DeckId MEDICINE = new DeckId("medicine");

    private static EmbeddedPostgres postgres;
    private static PostgresDatabase database;
    private static PostgresSharedMediaCatalog catalog;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        database = PostgresDatabase.open(settings());
        catalog = new PostgresSharedMediaCatalog(database);
    }

    private static PostgresSettings settings() {
        return new PostgresSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 8);
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
        postgres.close();
    }

    @BeforeEach
    void empty() {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE shared_decks, stored_media_files CASCADE"));
        catalog.createDeck(new SharedDeck(BIOLOGY, "Biology", 1 << 30), ALICE);
        catalog.createDeck(new SharedDeck(MEDICINE, "Medicine", 1 << 30), ALICE);
    }

    private static Sha256 sha(String seed) {
        try {
            return new Sha256(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StoredMedia file(String seed) {
        Sha256 sha = sha(seed);
        return new StoredMedia(sha, "media/" + sha.hex().substring(0, 2) + "/" + sha.hex(), 1000, MediaKind.WEBP, 0);
    }

    private static MediaName name(String name) {
        return new MediaName(name);
    }

    /** Uploads {@code stored} (announced as {@code announced}) into a deck under a name, through a ticket. */
    private static List<StoredMedia> upload(DeckId deck, String name, Sha256 announced, StoredMedia stored, Instant at) {
        UploadTicket ticket = new UploadTicket(UUID.randomUUID(), deck, ALICE, name(name), announced, 1000,
                "incoming/" + UUID.randomUUID(), at.plusSeconds(600));
        catalog.saveTickets(List.of(ticket));
        return catalog.recordUpload(ticket, stored, at, NO_GRACE);
    }

    private static int count(StoredMedia stored) {
        return catalog.findByAnnounced(List.of(stored.sha256())).get(stored.sha256()).referenceCount();
    }

    private static boolean isStored(StoredMedia stored) {
        return catalog.findByAnnounced(List.of(stored.sha256())).containsKey(stored.sha256());
    }

    @Test
    void reopeningMigratesNothingAndKeepsTheData() {
        try (PostgresDatabase again = PostgresDatabase.open(settings())) {
            assertThat(new PostgresSharedMediaCatalog(again).deck(BIOLOGY)).contains(new SharedDeck(BIOLOGY, "Biology", 1 << 30));
        }
    }

    @Test
    void decksHaveOneCreatorAndRolesThatCanChange() {
        assertThat(catalog.createDeck(new SharedDeck(BIOLOGY, "Other", 5), new UserId("mallory"))).isFalse();
        assertThat(catalog.role(BIOLOGY, ALICE)).contains(DeckRole.MAINTAINER);
        assertThat(catalog.role(BIOLOGY, new UserId("mallory"))).isEmpty();

        catalog.setRole(BIOLOGY, new UserId("bob"), DeckRole.SUBSCRIBER);
        catalog.setRole(BIOLOGY, new UserId("bob"), DeckRole.CONTRIBUTOR);

        assertThat(catalog.role(BIOLOGY, new UserId("bob"))).contains(DeckRole.CONTRIBUTOR);
        assertThat(catalog.role(MEDICINE, new UserId("bob"))).isEmpty();
    }

    @Test
    void theSameImageSuggestedInTwoDecksIsStoredOnceWithTwoReferences() {
        StoredMedia heart = file("heart");
        upload(BIOLOGY, "heart.webp", heart.sha256(), heart, NOW);
        catalog.mapName(MEDICINE, name("cardio.webp"), heart.sha256(), NOW, NO_GRACE);
        catalog.setReferences(BIOLOGY, ReferenceHolder.suggestion(1), Set.of(name("heart.webp")), NOW, NO_GRACE);
        catalog.setReferences(MEDICINE, ReferenceHolder.suggestion(7), Set.of(name("cardio.webp")), NOW, NO_GRACE);

        assertThat(count(heart)).isEqualTo(2);
        int rows = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM stored_media_files").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(1);

        // Declining one suggestion leaves the file; declining the last one deletes it.
        assertThat(catalog.setReferences(MEDICINE, ReferenceHolder.suggestion(7), Set.of(), NOW, NO_GRACE)).isEmpty();
        assertThat(count(heart)).isEqualTo(1);
        List<StoredMedia> deleted = catalog.setReferences(BIOLOGY, ReferenceHolder.suggestion(1), Set.of(), NOW.plusSeconds(1),
                NO_GRACE);

        assertThat(deleted).extracting(StoredMedia::sha256).containsExactly(heart.sha256());
        assertThat(deleted.get(0).storageKey()).isEqualTo(heart.storageKey());
        assertThat(isStored(heart)).isFalse();
        assertThat(catalog.find(BIOLOGY, name("heart.webp"))).isEmpty();
        assertThat(catalog.find(MEDICINE, name("cardio.webp"))).as("the other deck's mapping went with the file").isEmpty();
    }

    @Test
    void aFileMappedWithinTheGracePeriodIsKeptWhenItsLastReferenceGoes() {
        StoredMedia fresh = file("fresh");
        upload(BIOLOGY, "fresh.webp", fresh.sha256(), fresh, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("fresh.webp")), NOW, GRACE);

        assertThat(catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(), NOW.plusSeconds(60), GRACE)).isEmpty();
        assertThat(isStored(fresh)).isTrue();

        assertThat(catalog.deleteUnreferenced(NOW.minusSeconds(1), 100)).isEmpty();
        assertThat(catalog.deleteUnreferenced(NOW.plusSeconds(1), 100)).extracting(StoredMedia::sha256).containsExactly(fresh.sha256());
        assertThat(isStored(fresh)).isFalse();
    }

    @Test
    void aConvertedUploadIsFoundByTheHashTheClientAnnounced() {
        Sha256 png = sha("the png bytes");
        StoredMedia webp = file("the webp bytes");
        upload(BIOLOGY, "cell.png", png, webp, NOW);

        assertThat(catalog.findByAnnounced(List.of(png, sha("unknown")))).containsOnlyKeys(png).containsEntry(png, webp);
        assertThat(catalog.find(BIOLOGY, name("cell.png"))).map(DeckMedia::stored).contains(webp);
    }

    @Test
    void referencesMayArriveBeforeTheFileAndCountOnceItIsMapped() {
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("late.webp")), NOW, NO_GRACE);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(2), Set.of(name("late.webp")), NOW, NO_GRACE);
        StoredMedia late = file("late");

        upload(BIOLOGY, "late.webp", late.sha256(), late, NOW);

        assertThat(count(late)).isEqualTo(2);
    }

    @Test
    void changingWhatANameMeansMovesItsReferencesAndDeletesTheOldFile() {
        StoredMedia v1 = file("diagram v1");
        StoredMedia v2 = file("diagram v2");
        upload(BIOLOGY, "diagram.webp", v1.sha256(), v1, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("diagram.webp")), NOW, NO_GRACE);

        List<StoredMedia> deleted = upload(BIOLOGY, "diagram.webp", v2.sha256(), v2, NOW.plusSeconds(5));

        assertThat(deleted).extracting(StoredMedia::sha256).containsExactly(v1.sha256());
        assertThat(count(v2)).isEqualTo(1);
        assertThat(catalog.find(BIOLOGY, name("diagram.webp"))).map(media -> media.stored().sha256()).contains(v2.sha256());
    }

    @Test
    void approvingASuggestionMovesItsReferencesToTheNoteWithoutDroppingTheCount() {
        StoredMedia a = file("a");
        StoredMedia b = file("b");
        upload(BIOLOGY, "a.webp", a.sha256(), a, NOW);
        upload(BIOLOGY, "b.webp", b.sha256(), b, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(10), Set.of(name("a.webp")), NOW, NO_GRACE);
        catalog.setReferences(BIOLOGY, ReferenceHolder.suggestion(3), Set.of(name("b.webp")), NOW, NO_GRACE);

        List<StoredMedia> deleted = catalog.approve(BIOLOGY, 3, 10, NOW.plusSeconds(1), NO_GRACE);

        assertThat(deleted).extracting(StoredMedia::sha256).containsExactly(a.sha256());
        assertThat(count(b)).isEqualTo(1);
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.note(10))).containsExactly(name("b.webp"));
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.suggestion(3))).isEmpty();
    }

    @Test
    void aMaintainerRemovingAFileRemovesItsReferencesAndTheFile() {
        StoredMedia x = file("x");
        upload(BIOLOGY, "x.webp", x.sha256(), x, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("x.webp"), name("y.webp")), NOW, NO_GRACE);

        List<StoredMedia> deleted = catalog.removeName(BIOLOGY, name("x.webp"), NOW.plusSeconds(1), NO_GRACE);

        assertThat(deleted).extracting(StoredMedia::sha256).containsExactly(x.sha256());
        assertThat(catalog.references(BIOLOGY, ReferenceHolder.note(1))).containsExactly(name("y.webp"));
        assertThat(catalog.removeName(BIOLOGY, name("x.webp"), NOW, NO_GRACE)).isEmpty();
    }

    @Test
    void mappingAFileThatWasDeletedMeanwhileSaysSo() {
        assertThat(catalog.mapName(BIOLOGY, name("gone.webp"), sha("gone"), NOW, NO_GRACE)).isEmpty();
        assertThat(catalog.find(BIOLOGY, name("gone.webp"))).isEmpty();
    }

    @Test
    void changesToAnUnknownDeckAreRefused() {
        assertThatThrownBy(() -> catalog.setReferences(new DeckId("nope"), ReferenceHolder.note(1), Set.of(), NOW, NO_GRACE))
                .hasMessageContaining("nope");
    }

    @Test
    void ticketsAreKeptUntilUsedOrExpired() {
        UploadTicket early = new UploadTicket(UUID.randomUUID(), BIOLOGY, ALICE, name("a.png"), sha("a"), 10, "incoming/a",
                NOW.minusSeconds(1));
        UploadTicket late = new UploadTicket(UUID.randomUUID(), BIOLOGY, ALICE, name("b.png"), sha("b"), 10, "incoming/b",
                NOW.plusSeconds(60));
        catalog.saveTickets(List.of(early, late));

        assertThat(catalog.ticket(late.id())).contains(late);
        assertThat(catalog.knownKeys(List.of("incoming/a", "incoming/b", "incoming/c"))).containsOnly("incoming/a", "incoming/b");
        assertThat(catalog.removeExpiredTickets(NOW, 100)).containsExactly(early);
        assertThat(catalog.ticket(early.id())).isEmpty();

        UploadTicket refused = new UploadTicket(UUID.randomUUID(), BIOLOGY, ALICE, name("c.png"), sha("c"), 10, "incoming/c",
                NOW.plusSeconds(60));
        catalog.saveTickets(List.of(refused));
        assertThat(catalog.deleteTicket(refused.id())).isTrue();
        assertThat(catalog.deleteTicket(refused.id())).isFalse();

        catalog.recordUpload(late, file("b"), NOW, NO_GRACE);
        assertThat(catalog.ticket(late.id())).isEmpty();
        assertThatThrownBy(() -> catalog.recordUpload(late, file("b"), NOW, NO_GRACE)).hasMessageContaining("not in the catalog");
        assertThat(catalog.knownKeys(List.of(file("b").storageKey(), "incoming/b"))).containsOnly(file("b").storageKey());
    }

    @Test
    void listsADeckInNamePagesWithSearchAndChangedSince() {
        for (int i = 0; i < 25; i++) {
            StoredMedia f = file("page " + i);
            upload(BIOLOGY, String.format("img-%02d.webp", i), f.sha256(), f, NOW.plusSeconds(i));
        }
        List<String> seen = new ArrayList<>();
        Optional<MediaName> after = Optional.empty();
        for (int page = 0; page < 10; page++) {
            List<DeckMedia> rows = catalog.list(BIOLOGY, new MediaQuery(after, "", Optional.empty(), 10));
            rows.forEach(row -> seen.add(row.name().value()));
            if (rows.size() < 10) {
                break;
            }
            after = Optional.of(rows.get(rows.size() - 1).name());
        }
        assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates();
        assertThat(catalog.list(BIOLOGY, new MediaQuery(Optional.empty(), "IMG-1", Optional.empty(), 100)))
                .extracting(row -> row.name().value()).hasSize(10).allMatch(n -> n.startsWith("img-1"));
        assertThat(catalog.list(BIOLOGY, new MediaQuery(Optional.empty(), "", Optional.of(NOW.plusSeconds(20)), 100)))
                .hasSize(5);
        assertThat(catalog.deckBytes(BIOLOGY)).isEqualTo(25 * 1000L);
        assertThat(catalog.deckBytes(MEDICINE)).isZero();
    }

    @Test
    void repairSetsWrongCountsRightAndReportsHowMany() {
        StoredMedia f = file("counted");
        upload(BIOLOGY, "c.webp", f.sha256(), f, NOW);
        catalog.setReferences(BIOLOGY, ReferenceHolder.note(1), Set.of(name("c.webp")), NOW, NO_GRACE);
        database.jdbi().useHandle(h -> h.execute("UPDATE stored_media_files SET reference_count = 9"));

        assertThat(catalog.repairCounts()).isEqualTo(1);
        assertThat(count(f)).isEqualTo(1);
        assertThat(catalog.repairCounts()).isZero();
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
        int total = database.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(reference_count), 0) FROM stored_media_files")
                .mapTo(Integer.class).one());
        int references = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM media_references")
                .mapTo(Integer.class).one());
        assertThat(total).isEqualTo(references);
    }
}
