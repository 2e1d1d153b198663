package dev.deckhand.media.shared;

import static dev.deckhand.media.shared.SharedMediaServiceTest.ALICE;
import static dev.deckhand.media.shared.SharedMediaServiceTest.BIOLOGY;
import static dev.deckhand.media.shared.SharedMediaServiceTest.BOB;
import static dev.deckhand.media.shared.SharedMediaServiceTest.LIMITS;
import static dev.deckhand.media.shared.SharedMediaServiceTest.START;
import static dev.deckhand.media.shared.SharedMediaServiceTest.announced;
import static dev.deckhand.media.shared.SharedMediaServiceTest.name;
import static dev.deckhand.media.shared.SharedMediaServiceTest.sha;
import static dev.deckhand.media.shared.StandInTranscoder.mp3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.decks.HousekeepingReport;
import dev.deckhand.ports.in.decks.UploadOffer;
import dev.deckhand.ports.model.decks.DeckMedia;
import dev.deckhand.ports.model.decks.DeckRole;
import dev.deckhand.ports.model.decks.ReferenceHolder;
import dev.deckhand.ports.model.decks.SharedDeck;
import dev.deckhand.ports.out.decks.UploadTicket;
import dev.deckhand.ports.testing.InMemoryObjectStore;
import dev.deckhand.ports.testing.InMemorySharedMediaCatalog;
import dev.deckhand.ports.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Housekeeping over the in-memory catalog and object store; the service puts things in place. */
class SharedMediaHousekeepingTest {

    @TempDir
    Path scratch;
    private final SettableClock clock = new SettableClock(START);
    private final InMemorySharedMediaCatalog catalog = new InMemorySharedMediaCatalog();
    private final InMemoryObjectStore objects = new InMemoryObjectStore(clock);
    private final SharedMediaHousekeeping housekeeping = new SharedMediaHousekeeping(catalog, objects, clock);
    private SharedMediaService service;
    private long nextNote = 1;

    @BeforeEach
    void setUp() {
        service = new SharedMediaService(catalog, objects, new StandInTranscoder(), LIMITS, scratch, clock);
        service.createDeck(ALICE, new SharedDeck(BIOLOGY, "Biology", 100_000));
        service.setRole(ALICE, BIOLOGY, BOB, DeckRole.CONTRIBUTOR);
    }

    /** Checks a new file and PUTs its bytes, but does not confirm it. */
    private UploadOffer stage(String name, byte[] bytes) {
        UploadOffer offer = service.check(BOB, BIOLOGY, List.of(announced(name, bytes))).uploads().get(0);
        assertThat(objects.perform(offer.upload(), bytes).ok()).isTrue();
        return offer;
    }

    private DeckMedia upload(String name, byte[] bytes) {
        UploadOffer offer = stage(name, bytes);
        return service.confirm(BOB, BIOLOGY, List.of(offer.ticket())).stored().get(0);
    }

    /** An upload a note references, so that only a bug could make housekeeping delete it. */
    private DeckMedia referencedUpload(String name, byte[] bytes) {
        DeckMedia media = upload(name, bytes);
        service.setReferences(ALICE, BIOLOGY, ReferenceHolder.note(nextNote++), Set.of(media.name()));
        return media;
    }

    @Test
    void aRunWithNothingToDo_changesNothing() {
        DeckMedia kept = referencedUpload("kept.mp3", mp3(300, 1));
        clock.advance(Duration.ofDays(30));

        assertThat(housekeeping.run(LIMITS.grace())).isEqualTo(new HousekeepingReport(0, 0, 0, 0, 0));
        assertThat(objects.keys()).containsExactly(kept.stored().storageKey());
    }

    @Test
    void expiredTicketsGo_withTheirStagedUploads_whileLiveOnesStay() {
        UploadOffer abandoned = stage("abandoned.mp3", mp3(300, 1));
        clock.advance(Duration.ofMinutes(5));
        UploadOffer inFlight = stage("in-flight.mp3", mp3(300, 2));
        clock.advance(LIMITS.uploadTtl().minusMinutes(4));

        HousekeepingReport report = housekeeping.run(LIMITS.grace());

        assertThat(report).isEqualTo(new HousekeepingReport(1, 0, 0, 0, 0));
        assertThat(catalog.ticket(abandoned.ticket())).isEmpty();
        assertThat(catalog.ticket(inFlight.ticket())).isPresent();
        assertThat(objects.keys()).containsExactly(ObjectKeys.staged(inFlight.ticket()));
    }

    @Test
    void moreExpiredTicketsThanOneBatch_allGoInOneRun() {
        List<UploadTicket> tickets = new ArrayList<>();
        for (int i = 0; i < 1_201; i++) {
            UUID id = UUID.randomUUID();
            tickets.add(new UploadTicket(id, BIOLOGY, BOB, name(i + ".mp3"), sha(mp3(10, i)), 10, ObjectKeys.staged(id),
                    START.plusSeconds(i)));
        }
        catalog.saveTickets(tickets);
        clock.advance(Duration.ofHours(2));

        assertThat(housekeeping.run(LIMITS.grace()).expiredTickets()).isEqualTo(1_201);
        assertThat(catalog.removeExpiredTickets(clock.instant(), 10)).isEmpty();
    }

    @Test
    void unreferencedFilesGo_withTheirObjects_onceTheGracePeriodIsOver() {
        DeckMedia unused = upload("unused.mp3", mp3(300, 1));
        DeckMedia declined = upload("declined.mp3", mp3(400, 2));
        DeckMedia used = referencedUpload("used.mp3", mp3(500, 3));
        service.setReferences(BOB, BIOLOGY, ReferenceHolder.suggestion(1), Set.of(declined.name()));
        service.decline(ALICE, BIOLOGY, 1);
        clock.advance(LIMITS.grace().minusMinutes(1));

        assertThat(housekeeping.run(LIMITS.grace())).isEqualTo(new HousekeepingReport(0, 0, 0, 0, 0));
        assertThat(objects.keys()).hasSize(3);

        clock.advance(Duration.ofMinutes(2));
        HousekeepingReport report = housekeeping.run(LIMITS.grace());

        assertThat(report).isEqualTo(new HousekeepingReport(0, 2, 0, 0, 300 + 400));
        assertThat(objects.keys()).containsExactly(used.stored().storageKey());
        assertThat(catalog.find(BIOLOGY, unused.name())).isEmpty();
        assertThat(catalog.find(BIOLOGY, declined.name())).isEmpty();
        assertThat(catalog.find(BIOLOGY, used.name())).isPresent();
    }

    @Test
    void objectsTheCatalogDoesNotKnow_goOnceOlderThanTheGracePeriod_whileYoungAndKnownOnesStay() {
        DeckMedia known = referencedUpload("known.mp3", mp3(300, 1));
        objects.put("media/ab/left-behind", new byte[100]);
        objects.put("incoming/left-behind", new byte[50]);
        objects.put("elsewhere/not-ours", new byte[10]);
        clock.advance(LIMITS.grace().minusMinutes(10));
        objects.put("media/cd/just-written", new byte[20]);
        clock.advance(Duration.ofMinutes(11));

        HousekeepingReport report = housekeeping.run(LIMITS.grace());

        assertThat(report).isEqualTo(new HousekeepingReport(0, 0, 0, 2, 100 + 50));
        assertThat(objects.keys()).containsExactlyInAnyOrder(known.stored().storageKey(), "media/cd/just-written",
                "elsewhere/not-ours");
    }

    @Test
    void wrongReferenceCountsAreRepaired_andReported() {
        DeckMedia used = referencedUpload("used.mp3", mp3(300, 1));
        catalog.corruptCount(used.stored().sha256(), 7);

        assertThat(housekeeping.run(LIMITS.grace()).repairedCounts()).isEqualTo(1);

        assertThat(catalog.find(BIOLOGY, used.name())).map(media -> media.stored().referenceCount()).contains(1);
        assertThat(housekeeping.run(LIMITS.grace()).repairedCounts()).isZero();
        assertThat(objects.keys()).containsExactly(used.stored().storageKey());
    }

    @Test
    void aReferencedFileWhoseCountWronglyReadsZero_isRepairedNotDeleted() {
        DeckMedia used = referencedUpload("kept.mp3", mp3(300, 2));
        catalog.corruptCount(used.stored().sha256(), 0);
        clock.advance(Duration.ofDays(30));

        HousekeepingReport report = housekeeping.run(LIMITS.grace());

        assertThat(report.repairedCounts()).isEqualTo(1);
        assertThat(report.unreferencedFiles()).isZero();
        assertThat(catalog.find(BIOLOGY, used.name())).map(media -> media.stored().referenceCount()).contains(1);
        assertThat(objects.keys()).containsExactly(used.stored().storageKey());
    }

    @Test
    void aGraceOfZero_removesWhatIsUnreferencedNow_butNeitherReferencedFilesNorUploadsInFlight() {
        DeckMedia used = referencedUpload("used.mp3", mp3(300, 1));
        upload("unused.mp3", mp3(400, 2));
        objects.put("media/ab/left-behind", new byte[100]);
        UploadOffer inFlight = stage("in-flight.mp3", mp3(500, 3));
        clock.advance(Duration.ofSeconds(1));

        HousekeepingReport report = housekeeping.run(Duration.ZERO);

        assertThat(report).isEqualTo(new HousekeepingReport(0, 1, 0, 1, 400 + 100));
        assertThat(objects.keys()).containsExactlyInAnyOrder(used.stored().storageKey(),
                ObjectKeys.staged(inFlight.ticket()));
    }

    @Test
    void aNegativeGrace_isRefused() {
        assertThatThrownBy(() -> housekeeping.run(Duration.ofHours(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
